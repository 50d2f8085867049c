import { describe, expect, it } from 'vitest';
import { cellDate, cellTime, fileDate, fmtDate, fmtMinute, fmtTime } from './time.ts';

describe('times people read', () => {
  it('are in the district’s zone whatever the process zone is', () => {
    // 16:03 UTC is already the next morning in Haishu.
    expect(fmtTime('2026-05-01T16:03:09Z')).toBe('2026-05-02 00:03:09');
    expect(fmtTime(new Date('2026-05-01T16:03:09Z'))).toBe('2026-05-02 00:03:09');
    expect(fmtMinute('2026-05-01T16:03:09Z')).toBe('2026-05-02 00:03');
    expect(fmtDate('2026-05-01T15:59:59Z')).toBe('2026-05-01');
    expect(fmtDate('2026-05-01T16:00:00Z')).toBe('2026-05-02');
    expect(fileDate(new Date('2026-12-31T16:30:00Z'))).toBe('20270101');
  });

  it('a plain date stays the date it is; nothing or garbage is a dash on screen and empty in a cell', () => {
    expect(fmtDate('2026-05-01')).toBe('2026-05-01');
    expect(fmtTime(null)).toBe('—');
    expect(fmtTime('not a time')).toBe('—');
    expect(cellTime(null)).toBe('');
    expect(cellDate(undefined)).toBe('');
    expect(cellTime('2026-05-01T00:00:00Z')).toBe('2026-05-01 08:00:00');
  });
});

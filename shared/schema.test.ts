import { describe, expect, it } from 'vitest';
import { isIsoDate, isIsoDateTime } from './schema.ts';

describe('date primitives', () => {
  it('a date is a day that exists, in 1900–2100', () => {
    for (const ok of ['2026-02-28', '2024-02-29', '2000-02-29', '1900-01-01', '2100-12-31']) expect(isIsoDate(ok), ok).toBe(true);
    for (const bad of [
      '2026-02-29',
      '2100-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '0000-01-01',
      '0001-01-01',
      '1899-12-31',
      '2101-01-01',
      '9999-12-31',
      '2026-1-1',
      '2026-01-01T00:00:00Z',
      ' 2026-01-01',
    ]) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
  });

  it('a date-time is RFC 3339 with a time zone, on a real date', () => {
    for (const ok of ['2026-06-01T08:00:00Z', '2026-06-01T08:00:00.123+08:00', '2026-06-01t08:00:00z', '2026-06-01 08:00:00-05:30'])
      expect(isIsoDateTime(ok), ok).toBe(true);
    for (const bad of [
      '2026-02-30T08:00:00Z',
      '2026-13-01T08:00:00Z',
      '0000-01-01T00:00:00Z',
      '9999-12-31T00:00:00Z',
      '2026-06-01T24:00:00Z',
      '2026-06-01T08:60:00Z',
      '2026-06-01T08:00:00',
      '2026-06-01',
      '2026-06-01T23:59:60Z',
    ]) {
      expect(isIsoDateTime(bad), bad).toBe(false);
    }
  });
});

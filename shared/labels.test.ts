import { describe, expect, it } from 'vitest';
import { labels } from './labels.ts';
import { SEVERITIES, SEVERITY_LABELS } from './monitoring.ts';
import { STANDARDIZATION_LABELS, STANDARDIZATION_LEVELS } from './registry.ts';

describe('labels', () => {
  it('gives the keys in the map order and the Chinese names alone', () => {
    const l = labels({ b: { zh: '乙', en: 'B' }, a: { zh: '甲', en: 'A', color: 'red' } });
    expect(l.keys).toEqual(['b', 'a']);
    expect(l.zh).toEqual({ b: '乙', a: '甲' });
    expect(l.labels.a.color).toBe('red');
  });
  it('keeps the order the module lists were written in', () => {
    expect(SEVERITIES).toEqual(['low', 'medium', 'high', 'critical']);
    expect(SEVERITY_LABELS.critical.zh).toBe('特别严重');
    expect(STANDARDIZATION_LEVELS).toEqual(['level1', 'level2', 'level3', 'none']);
    expect(STANDARDIZATION_LABELS.none).toBe('未定级');
  });
});

import { describe, expect, it } from 'vitest';
import { addCalendarDays, addWorkingDays, calendarWith, periodEnd, workingDaysBetween } from './workdays.ts';

// 2026 (国务院办公厅 notice): Spring Festival off 2/15–2/23, make-up workdays 2/14 (Sat) and 2/28 (Sat);
// National Day off 10/1–10/7, make-up workdays 9/20 (Sun) and 10/10 (Sat).
const cal = calendarWith(new Map());

describe('working days', () => {
  // [case, working days on the calendar, [served on, n, nth working day after]]
  const HOLIDAYS: [string, string[], [string, number, string][]][] = [
    [
      'skips the 2026 Spring Festival and counts its make-up Saturdays',
      ['2026-02-14', '2026-02-28'],
      // Served on Friday 2/13: day 1 is Sat 2/14 (make-up), then 2/24, 2/25 …
      [
        ['2026-02-13', 1, '2026-02-14'],
        ['2026-02-13', 2, '2026-02-24'],
        ['2026-02-13', 6, '2026-02-28'],
        ['2026-02-13', 7, '2026-03-02'],
      ],
    ],
    [
      'skips the 2026 National Day holiday and counts 9/20 and 10/10',
      ['2026-09-20'],
      [
        ['2026-09-18', 1, '2026-09-20'],
        ['2026-09-30', 1, '2026-10-08'],
        ['2026-09-30', 3, '2026-10-10'],
        ['2026-09-29', 5, '2026-10-12'],
      ],
    ],
  ];
  it.each(HOLIDAYS)('%s', (_name, working, counts) => {
    for (const day of working) expect(cal.isWorking(day), day).toBe(true);
    for (const [from, n, expected] of counts) expect(addWorkingDays(cal, from, n), `${from} + ${n}`).toBe(expected);
  });

  it('the Spring Festival days off are not working days', () => {
    expect(cal.isWorking('2026-02-15')).toBe(false);
    expect(cal.isWorking('2026-02-23')).toBe(false);
  });

  it('a calendar-day period ending on a holiday ends on the next working day', () => {
    expect(addCalendarDays(cal, '2026-09-26', 7)).toBe('2026-10-08');
    expect(addCalendarDays(cal, '2026-03-02', 3)).toBe('2026-03-05');
  });

  it('an override wins over the built-in calendar', () => {
    const withOverride = calendarWith(new Map([['2026-03-04', false]]));
    expect(withOverride.isWorking('2026-03-04')).toBe(false);
    expect(withOverride.sourceOf('2026-03-04')).toBe('override');
    expect(addWorkingDays(withOverride, '2026-03-02', 2)).toBe('2026-03-05');
  });

  it('the period end is the last moment of the day in Beijing time', () => {
    // 16:30 UTC on 2/13 is already 00:30 on 2/14 in Beijing: the period starts on 2/14.
    const { day, dueAt } = periodEnd(cal, new Date('2026-02-13T16:30:00Z'), { days: 1, working: true });
    expect(day).toBe('2026-02-24');
    expect(dueAt.toISOString()).toBe('2026-02-24T15:59:59.999Z');
  });

  it('counts the working days left', () => {
    expect(workingDaysBetween(cal, '2026-09-30', '2026-10-10')).toBe(3);
    expect(workingDaysBetween(cal, '2026-10-10', '2026-10-01')).toBe(0);
  });

  it('refuses a period that is not a positive whole number of days', () => {
    expect(() => addWorkingDays(cal, '2026-03-02', 0)).toThrow(RangeError);
  });
});

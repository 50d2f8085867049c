// Working days (工作日) for the deadlines the law counts in them. 行政处罚法 §85: "本法中'二日''三日''五日''七日'
// 的规定是指工作日，不含法定节假日". The calendar is the State Council's yearly holiday notice as the npm package
// chinese-days carries it (statutory holidays and the make-up working days, 调休); a row of workday_overrides wins
// over it (a notice published after the package's release, a year it does not know yet, a local change).
//
// Counting follows the law's rule for periods: the day a period starts on is not counted (期间开始之日不计算在内);
// a period in calendar days whose last day is not a working day ends on the next working day.
// chinese-days is CommonJS: a named import works under tsx and vitest but not under plain node (`anlan serve`),
// whose ESM loader cannot see its exports; the default import (module.exports) works under both.
import chineseDays from 'chinese-days';
import { fmtDate } from '../../../shared/time.ts';
import type { Ctx } from '../context.ts';

const { isWorkday } = chineseDays;

/** A calendar day, `YYYY-MM-DD`. */
export type Day = string;

export interface WorkCalendar {
  isWorking(day: Day): boolean;
  /** Where the answer for `day` comes from: an administrator's override or the built-in calendar. */
  sourceOf(day: Day): 'override' | 'calendar';
}

/** The built-in calendar with these overrides on top (day → working?). */
export function calendarWith(overrides: ReadonlyMap<Day, boolean>): WorkCalendar {
  return {
    isWorking: (day) => overrides.get(day) ?? isWorkday(day),
    sourceOf: (day) => (overrides.has(day) ? 'override' : 'calendar'),
  };
}

/** The calendar as the database has it now (the override table is a few rows a year: read it whole). */
export async function workCalendar(ctx: Pick<Ctx, 'db'>): Promise<WorkCalendar> {
  const rows = await ctx.db.selectFrom('workday_overrides').select(['day', 'working']).execute();
  return calendarWith(new Map(rows.map((r) => [r.day, r.working])));
}

/** The day after `day`. */
export function nextDay(day: Day, by = 1): Day {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

/** The district's calendar day of an instant. */
export const dayOf = (at: Date): Day => fmtDate(at);

/** The last moment of a day in the district (China keeps UTC+8 all year, see shared/time.ts TIME_ZONE). */
export const endOfDay = (day: Day): Date => new Date(`${day}T23:59:59.999+08:00`);

/** The n-th working day after `start` (start itself not counted). n ≥ 1. */
export function addWorkingDays(cal: WorkCalendar, start: Day, n: number): Day {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`addWorkingDays: n must be a positive integer, got ${n}`);
  let day = start;
  for (let left = n; left > 0; ) {
    day = nextDay(day);
    if (cal.isWorking(day)) left--;
  }
  return day;
}

/** `n` calendar days after `start`; when that day is not a working day, the next working day. */
export function addCalendarDays(cal: WorkCalendar, start: Day, n: number): Day {
  let day = nextDay(start, n);
  while (!cal.isWorking(day)) day = nextDay(day);
  return day;
}

/** How a law states a period: "within 7 days" (working, §85) or "within 90 days" (calendar). */
export interface Period {
  days: number;
  working: boolean;
}

/** When a period that starts at `from` ends: its last day and the last moment of that day. */
export function periodEnd(cal: WorkCalendar, from: Date, period: Period): { day: Day; dueAt: Date } {
  const start = dayOf(from);
  const day = period.working ? addWorkingDays(cal, start, period.days) : addCalendarDays(cal, start, period.days);
  return { day, dueAt: endOfDay(day) };
}

/** Working days from `from` (not counted) up to and including `to`; 0 when `to` is not after `from`. */
export function workingDaysBetween(cal: WorkCalendar, from: Day, to: Day): number {
  let n = 0;
  for (let day = nextDay(from); day <= to; day = nextDay(day)) if (cal.isWorking(day)) n++;
  return n;
}

// Stage clocks: each one a row (case_clocks) and two durable jobs — a reminder the working day before it ends
// and the overdue mark when it ends (cases.jobs.ts), keyed by the clock so a re-start replaces them. A period the
// law counts in working days (行政处罚法 §85) is counted on the working-day calendar (chinese-days with the
// administrator's overrides); a calendar-day period ending on a holiday ends on the next working day.
import type { Selectable } from 'kysely';
import { v7 } from 'uuid';
import { CLOCK_RULES, type ClockKind } from '../../../shared/cases.ts';
import type { Clock } from '../../../shared/cases.dto.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Day, dayOf, periodEnd, type WorkCalendar, workCalendar, workingDaysBetween } from '../../platform/enforcement/workdays.ts';
import { cancelJob, enqueueJob } from '../../platform/jobs/jobs.ts';
import { iso } from '../../platform/sql.ts';
import type { CaseClocksTable } from './cases.tables.ts';

export type ClockRow = Selectable<CaseClocksTable>;
const HOUR = 3_600_000;

export const clockJobKeys = (caseId: string, kind: ClockKind) => [
  `case:${caseId}:${kind}:remind`,
  `case:${caseId}:${kind}:overdue`,
  `case:${caseId}:${kind}:escalate`,
];

/** When a clock of this kind started at `from` ends. */
export function clockEnd(cal: WorkCalendar, kind: ClockKind, from: Date): { day: Day; dueAt: Date } {
  const rule = CLOCK_RULES[kind];
  if (rule.hours) {
    const dueAt = new Date(from.getTime() + rule.hours * HOUR);
    return { day: dayOf(dueAt), dueAt };
  }
  return periodEnd(cal, from, { days: rule.days ?? 0, working: rule.working });
}

/** The working day before `day` (the reminder's day). */
function workingDayBefore(cal: WorkCalendar, day: Day): Day {
  const d = new Date(`${day}T00:00:00Z`);
  do d.setUTCDate(d.getUTCDate() - 1);
  while (!cal.isWorking(d.toISOString().slice(0, 10)));
  return d.toISOString().slice(0, 10);
}

/** Start (or restart) a clock in ctx's transaction, with its reminder and overdue jobs. */
export async function startClock(ctx: Ctx, caseId: string, kind: ClockKind, from: Date, cal?: WorkCalendar): Promise<ClockRow> {
  const calendar = cal ?? (await workCalendar(ctx));
  const { day, dueAt } = clockEnd(calendar, kind, from);
  await ctx.db
    .updateTable('case_clocks')
    .set({ state: 'cancelled' })
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .where('state', '=', 'running')
    .execute();
  const row: ClockRow = {
    id: v7(),
    case_id: caseId,
    kind,
    started_at: from,
    due_day: day,
    due_at: dueAt,
    working: CLOCK_RULES[kind].working,
    basis: CLOCK_RULES[kind].basis,
    state: 'running',
    met_at: null,
    overdue_at: null,
  };
  await ctx.db.insertInto('case_clocks').values(row).execute();
  const [remindKey, overdueKey, escalateKey] = clockJobKeys(caseId, kind);
  const remindAt = CLOCK_RULES[kind].hours ? new Date(dueAt.getTime() - 4 * HOUR) : new Date(`${workingDayBefore(calendar, day)}T09:00:00+08:00`);
  const now = ctx.deps.clock.now();
  if (remindAt > now) await enqueueJob(ctx.db, { kind: 'case.clock.remind', runAt: remindAt, payload: { clockId: row.id }, dedupKey: remindKey });
  else await cancelJob(ctx.db, remindKey);
  await enqueueJob(ctx.db, { kind: 'case.clock.overdue', runAt: dueAt, payload: { clockId: row.id }, dedupKey: overdueKey });
  await cancelJob(ctx.db, escalateKey);
  return row;
}

/** The clock is met (the step it waited for was taken): its jobs are cancelled. */
export async function meetClock(ctx: Ctx, caseId: string, kind: ClockKind): Promise<void> {
  await ctx.db
    .updateTable('case_clocks')
    .set({ state: 'met', met_at: ctx.deps.clock.now() })
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .where('state', 'in', ['running', 'overdue'])
    .execute();
  for (const key of clockJobKeys(caseId, kind)) await cancelJob(ctx.db, key);
}

/** Every running clock of the case stops (the case ended another way). */
export async function cancelClocks(ctx: Ctx, caseId: string, kinds?: readonly ClockKind[]): Promise<void> {
  let q = ctx.db.updateTable('case_clocks').set({ state: 'cancelled' }).where('case_id', '=', caseId).where('state', 'in', ['running', 'overdue']);
  if (kinds) q = q.where('kind', 'in', kinds);
  const rows = await q.returning('kind').execute();
  for (const r of rows) for (const key of clockJobKeys(caseId, r.kind)) await cancelJob(ctx.db, key);
}

export const runningClock = (ctx: Ctx, caseId: string, kind: ClockKind) =>
  ctx.db
    .selectFrom('case_clocks')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();

/** Days left on a clock as of `today`: working days where the law counts them so; negative once past. */
export function daysLeft(cal: WorkCalendar, c: Pick<ClockRow, 'due_day' | 'working'>, today: Day): number {
  if (c.due_day >= today) return c.working ? workingDaysBetween(cal, today, c.due_day) : Math.round((Date.parse(c.due_day) - Date.parse(today)) / 86_400_000);
  return -(c.working ? workingDaysBetween(cal, c.due_day, today) : Math.round((Date.parse(today) - Date.parse(c.due_day)) / 86_400_000));
}

export function clockDto(cal: WorkCalendar, c: ClockRow, today: Day): Clock {
  return {
    id: c.id,
    kind: c.kind,
    startedAt: iso(c.started_at),
    dueDay: c.due_day,
    dueAt: iso(c.due_at),
    working: c.working,
    basis: c.basis,
    state: c.state,
    daysLeft: daysLeft(cal, c, today),
    metAt: iso(c.met_at),
  };
}

// Stage clock jobs: the reminder the working day before a clock ends, the overdue mark when it ends (the case is
// flagged, the timeline says which period the law gave), and the escalation to the unit head one working day
// later if it is still overdue. Each handler re-reads the clock: one met or cancelled since does nothing.
import { CLOCK_RULES } from '../../../shared/cases.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/context.ts';
import { addWorkingDays, workCalendar } from '../../platform/enforcement/workdays.ts';
import { insertHistory, SYSTEM_ACTOR } from '../../platform/history.ts';
import type { JobContext, JobRunner } from '../../platform/jobs/jobs.ts';
import { clockJobKeys } from './cases.clocks.ts';

const SYSTEM = { id: null, username: 'system', unitCode: null };

async function load(ctx: JobContext, states: readonly string[]) {
  const clock = await ctx.trx.selectFrom('case_clocks').selectAll().where('id', '=', String(ctx.job.payload.clockId)).forUpdate().executeTakeFirst();
  if (!clock || !states.includes(clock.state)) return undefined;
  const c = await ctx.trx.selectFrom('cases').select(['id', 'code', 'state']).where('id', '=', clock.case_id).forUpdate().executeTakeFirst();
  return c ? { clock, c } : undefined;
}

type Found = NonNullable<Awaited<ReturnType<typeof load>>>;

/** One system row on the case's timeline about its clock. */
const clockNote = (ctx: JobContext, { clock, c }: Found, action: string, note: string) =>
  insertHistory(ctx.trx, [
    {
      aggregate: 'case',
      aggregateId: c.id,
      action,
      from: c.state,
      to: c.state,
      note,
      data: { clockId: clock.id, kind: clock.kind },
      actor: SYSTEM_ACTOR,
      at: ctx.clock.now(),
    },
  ]);

export function registerCaseJobs(runner: JobRunner, _deps: Deps) {
  runner.register('case.clock.remind', async (ctx) => {
    const found = await load(ctx, ['running']);
    if (!found) return;
    const rule = CLOCK_RULES[found.clock.kind];
    await clockNote(ctx, found, 'clock_reminder', `${rule.zh}将于 ${found.clock.due_day} 届满（${rule.basis}）`);
  });

  runner.register('case.clock.overdue', async (ctx) => {
    const found = await load(ctx, ['running']);
    if (!found) return;
    const { clock, c } = found;
    const now = ctx.clock.now();
    const rule = CLOCK_RULES[clock.kind];
    await ctx.trx.updateTable('case_clocks').set({ state: 'overdue', overdue_at: now }).where('id', '=', clock.id).execute();
    // The statement and hearing-request periods are the party's: when they run out the case simply goes on.
    const partyPeriod = clock.kind === 'statement' || clock.kind === 'hearing_request';
    if (!partyPeriod) await ctx.trx.updateTable('cases').set({ overdue: true, updated_at: now }).where('id', '=', c.id).execute();
    await clockNote(
      ctx,
      found,
      partyPeriod ? 'period_ended' : 'clock_overdue',
      partyPeriod ? `${rule.zh}已届满（${clock.due_day}）` : `${rule.zh}已超期（${clock.due_day}，${rule.basis}）`,
    );
    if (partyPeriod) return;
    await writeAudit(ctx.trx, {
      at: now,
      actor: SYSTEM,
      action: 'case.clock.overdue',
      resourceType: 'case',
      resourceId: c.id,
      after: { kind: clock.kind, dueDay: clock.due_day },
    });
    const next = addWorkingDays(await workCalendar({ db: ctx.trx }), clock.due_day, 1);
    await ctx.enqueue({
      kind: 'case.clock.escalate',
      runAt: new Date(`${next}T09:00:00+08:00`),
      payload: { clockId: clock.id },
      dedupKey: clockJobKeys(c.id, clock.kind)[2],
    });
  });

  runner.register('case.clock.escalate', async (ctx) => {
    const found = await load(ctx, ['overdue']);
    if (!found) return;
    const { clock, c } = found;
    await clockNote(ctx, found, 'clock_escalate', `${CLOCK_RULES[clock.kind].zh}超期未办，已提请单位负责人督办`);
    await writeAudit(ctx.trx, {
      at: ctx.clock.now(),
      actor: SYSTEM,
      action: 'case.clock.escalate',
      resourceType: 'case',
      resourceId: c.id,
      after: { kind: clock.kind },
    });
  });
}

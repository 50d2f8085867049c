// Deadline jobs: a reminder before the deadline, the overdue mark at it (notice to the town station), and
// escalation to the district after the policy delay. Each handler re-reads the hazard: a job whose hazard
// has moved on (accepted, closed, extended) does nothing.
import { fmtDate } from '../../../shared/time.ts';
import { DEADLINE_STATES, type HazardState } from '../../../shared/hazards.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/context.ts';
import { insertHistory, SYSTEM_ACTOR } from '../../platform/history.ts';
import type { JobContext, JobRunner } from '../../platform/jobs/jobs.ts';
import { DISTRICT_CODE } from '../../platform/orgs/orgs.service.ts';
import { notify, policyNumber } from './hazards.repo.ts';

const DAY = 86_400_000;
const SYSTEM = { id: null, username: 'system', unitCode: null };

async function load(ctx: JobContext) {
  const id = String(ctx.job.payload.hazardId);
  const h = await ctx.trx.selectFrom('hazards').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  // The job is stale when the hazard left the deadline states or its deadline moved since scheduling.
  if (!h || !DEADLINE_STATES.includes(h.state as HazardState) || !h.deadline) return undefined;
  if (ctx.job.payload.deadline && new Date(h.deadline).toISOString() !== ctx.job.payload.deadline) return undefined;
  return h;
}

const day = (d: Date) => fmtDate(d); // the district's date

export function registerHazardJobs(runner: JobRunner, _deps: Deps) {
  runner.register('hazard.reminder', async (ctx) => {
    const h = await load(ctx);
    if (!h) return;
    const now = ctx.clock.now();
    await notify(ctx.trx, {
      hazard: h,
      kind: 'reminder',
      target: h.town_code,
      at: now,
      message: `隐患 ${h.code}「${h.title}」将于 ${day(h.deadline as Date)} 到期，请督促按期完成整改`,
    });
  });

  runner.register('hazard.overdue', async (ctx) => {
    const h = await load(ctx);
    if (!h) return;
    const now = ctx.clock.now();
    await ctx.trx
      .updateTable('hazards')
      .set({ overdue: true, overdue_since: h.deadline as Date, escalation_level: 1, updated_at: now })
      .where('id', '=', h.id)
      .execute();
    await notify(ctx.trx, {
      hazard: h,
      kind: 'overdue',
      target: h.town_code,
      at: now,
      message: `隐患 ${h.code}「${h.title}」已超过整改期限（${day(h.deadline as Date)}），已推送镇街应急消防管理站`,
    });
    await insertHistory(ctx.trx, [
      { aggregate: 'hazard', aggregateId: h.id, action: 'overdue', from: h.state, to: h.state, note: '超期未整改', actor: SYSTEM_ACTOR, at: now },
    ]);
    await writeAudit(ctx.trx, { at: now, actor: SYSTEM, action: 'hazard.overdue', resourceType: 'hazard', resourceId: h.id, after: { overdue: true } });
    const days = await policyNumber(ctx.trx, 'district_escalation_days', 7);
    await ctx.enqueue({
      kind: 'hazard.escalate',
      runAt: new Date(new Date(h.deadline as Date).getTime() + days * DAY),
      payload: { hazardId: h.id, deadline: new Date(h.deadline as Date).toISOString() },
      dedupKey: `hazard:${h.id}:escalate`,
    });
  });

  runner.register('hazard.escalate', async (ctx) => {
    const h = await load(ctx);
    if (!h?.overdue) return;
    const now = ctx.clock.now();
    await ctx.trx.updateTable('hazards').set({ escalation_level: 2, updated_at: now }).where('id', '=', h.id).execute();
    await notify(ctx.trx, {
      hazard: h,
      kind: 'escalation_district',
      target: DISTRICT_CODE,
      at: now,
      message: `隐患 ${h.code}「${h.title}」超期 ${Math.floor((now.getTime() - new Date(h.deadline as Date).getTime()) / DAY)} 天仍未整改，升级至区应急管理局`,
    });
    await insertHistory(ctx.trx, [
      { aggregate: 'hazard', aggregateId: h.id, action: 'escalate', from: h.state, to: h.state, note: '超期升级至区级', actor: SYSTEM_ACTOR, at: now },
    ]);
    await writeAudit(ctx.trx, { at: now, actor: SYSTEM, action: 'hazard.escalate', resourceType: 'hazard', resourceId: h.id, after: { escalationLevel: 2 } });
  });
}

// The response deadline of a 乡呼县应 request: a reminder on the morning of the district's last day to answer, and
// the overdue mark once that day is over (the request is flagged, the timeline and the audit trail say so). Both
// re-read the request: one answered or withdrawn since does nothing (answering also cancels the jobs).
import { RESPONSE_WORKING_DAYS } from '../../../shared/assists.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/context.ts';
import { insertHistory, SYSTEM_ACTOR } from '../../platform/history.ts';
import type { JobContext, JobRunner } from '../../platform/jobs/jobs.ts';

const SYSTEM = { id: null, username: 'system', unitCode: null };

const waiting = (ctx: JobContext) =>
  ctx.trx
    .selectFrom('assist_requests')
    .select(['id', 'code', 'state', 'urgency', 'response_due_day'])
    .where('id', '=', String(ctx.job.payload.id))
    .where('state', '=', 'requested')
    .forUpdate()
    .executeTakeFirst();

type Waiting = NonNullable<Awaited<ReturnType<typeof waiting>>>;

const note = (ctx: JobContext, r: Waiting, action: string, text: string) =>
  insertHistory(ctx.trx, [
    {
      aggregate: 'assist',
      aggregateId: r.id,
      action,
      from: r.state,
      to: r.state,
      note: text,
      data: { dueDay: r.response_due_day },
      actor: SYSTEM_ACTOR,
      at: ctx.clock.now(),
    },
  ]);

export function registerAssistJobs(runner: JobRunner, _deps: Deps) {
  runner.register('assist.response.remind', async (ctx) => {
    const r = await waiting(ctx);
    if (r) await note(ctx, r, 'response_reminder', `区级响应期限今日（${r.response_due_day}）届满，请及时受理或说明不予受理的理由`);
  });

  runner.register('assist.response.overdue', async (ctx) => {
    const r = await waiting(ctx);
    if (!r) return;
    const now = ctx.clock.now();
    await ctx.trx.updateTable('assist_requests').set({ overdue: true, updated_at: now }).where('id', '=', r.id).execute();
    await note(ctx, r, 'response_overdue', `区级未在${RESPONSE_WORKING_DAYS[r.urgency]}个工作日内响应（期限 ${r.response_due_day}），已超期`);
    await writeAudit(ctx.trx, {
      at: now,
      actor: SYSTEM,
      action: 'assist.overdue',
      resourceType: 'assist',
      resourceId: r.id,
      after: { dueDay: r.response_due_day },
    });
  });
}

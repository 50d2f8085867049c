// Deadlines: parsing the times a body gives, and the durable jobs around a rectification deadline
// (reminder before, overdue mark at, escalation after; hazards.jobs.ts runs them).
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { cancelJob, enqueueJob, type Tx } from '../../platform/jobs/jobs.ts';
import { policyNumber } from './hazards.repo.ts';

const DAY = 86_400_000;

export function parseDate(v: string | Date | undefined, field: string): Date | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw fieldError(field, '不是有效的时间', 'is not a valid time');
  return d;
}

export function futureDeadline(ctx: Ctx, value: string, field: string): Date {
  const d = parseDate(value, field) as Date;
  if (d.getTime() <= ctx.deps.clock.now().getTime()) {
    throw new AppError('DEADLINE_IN_PAST', 400, '整改期限必须晚于当前时间', 'The deadline must be in the future', [
      { field, message: '必须晚于当前时间', messageEn: 'must be in the future' },
    ]);
  }
  return d;
}

/** Reminder before, overdue mark at, the deadline, in ctx's transaction. Same keys: rescheduling replaces the live jobs. */
export async function scheduleDeadlineJobs(ctx: Ctx, hazardId: string, deadline: Date) {
  const trx = ctx.db;
  const now = ctx.deps.clock.now();
  const days = await policyNumber(trx, 'reminder_days_before', 3);
  const remindAt = new Date(deadline.getTime() - days * DAY);
  if (remindAt.getTime() > now.getTime()) {
    await enqueueJob(trx, {
      kind: 'hazard.reminder',
      runAt: remindAt,
      payload: { hazardId, deadline: deadline.toISOString() },
      dedupKey: `hazard:${hazardId}:reminder`,
    });
  } else {
    await cancelJob(trx, `hazard:${hazardId}:reminder`);
  }
  await enqueueJob(trx, {
    kind: 'hazard.overdue',
    runAt: deadline,
    payload: { hazardId, deadline: deadline.toISOString() },
    dedupKey: `hazard:${hazardId}:overdue`,
  });
  await cancelJob(trx, `hazard:${hazardId}:escalate`);
}

export async function cancelDeadlineJobs(trx: Tx, hazardId: string) {
  for (const k of ['reminder', 'overdue', 'escalate']) await cancelJob(trx, `hazard:${hazardId}:${k}`);
}

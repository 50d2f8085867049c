// Durable reminders: a risk point whose periodic review falls due gets an open reminder for its town.
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { RISK_REVIEW_JOB } from './registry.service.ts';

export function registerRegistryJobs(runner: JobRunner) {
  runner.register(RISK_REVIEW_JOB, async ({ trx, clock, job }) => {
    const { riskPointId, dueOn } = job.payload as { riskPointId: string; dueOn: string };
    const point = await trx
      .selectFrom('risk_points')
      .select(['id', 'status', 'next_review_on', 'jurisdiction_code', 'enterprise_id'])
      .where('id', '=', riskPointId)
      .executeTakeFirst();
    // Reviewed (due date moved on) or retired since the job was scheduled: nothing to remind about.
    if (point?.status !== 'active' || point.next_review_on > dueOn) return;
    await trx
      .insertInto('risk_review_reminders')
      .values({
        risk_point_id: point.id,
        jurisdiction_code: point.jurisdiction_code,
        enterprise_id: point.enterprise_id,
        due_on: dueOn,
        created_at: clock.now(),
      })
      .onConflict((oc) => oc.columns(['risk_point_id', 'due_on']).doNothing())
      .execute();
  });
}

// The plan's start: an approved plan becomes active on the first day of its period (the system's step).
import type { Deps } from '../../platform/context.ts';
import { jobCtx } from '../../platform/context.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { apply } from '../../platform/lifecycle.ts';
import { planMachine } from './plans.service.ts';

export function registerPlanJobs(runner: JobRunner, deps: Deps) {
  runner.register('plan.start', async (job) => {
    const ctx = jobCtx(deps, job);
    const id = String(job.job.payload.planId);
    const p = await ctx.db.selectFrom('plans').select('state').where('id', '=', id).executeTakeFirst();
    // Stale when the plan was activated by hand meanwhile.
    if (p?.state !== 'approved') return;
    await apply(ctx, planMachine, id, 'start', {});
  });
}

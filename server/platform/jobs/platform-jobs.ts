// Housekeeping that every installation runs: audit retention and expired-session cleanup, daily.
import { sql } from 'kysely';
import type { Deps } from '../context.ts';
import { enqueueJob, type JobRunner } from './jobs.ts';

const DAY = 86_400_000;

export function registerPlatformJobs(runner: JobRunner, deps: Deps) {
  runner.register('platform.daily', async ({ trx, clock, enqueue }) => {
    const now = clock.now();
    const cutoff = new Date(now.getTime() - deps.config.auditRetentionDays * DAY);
    // The audit trigger lets this transaction delete rows older than the cutoff, and nothing else.
    await sql`select set_config('anlan.audit_purge_before', ${cutoff.toISOString()}, true)`.execute(trx);
    await trx.deleteFrom('audit_log').where('at', '<', cutoff).execute();
    await sql`select set_config('anlan.audit_purge_before', '', true)`.execute(trx);
    await trx
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<', now), eb('revoked_at', '<', new Date(now.getTime() - DAY))]))
      .execute();
    await enqueue({ kind: 'platform.daily', runAt: new Date(now.getTime() + DAY), dedupKey: 'platform.daily' });
  });
}

/** Make sure the recurring platform jobs exist (called at start; never reschedules an existing one). */
export async function scheduleRecurring(deps: Deps) {
  await enqueueJob(deps.db, { kind: 'platform.daily', runAt: new Date(deps.clock.now().getTime() + 60_000), dedupKey: 'platform.daily', ifAbsent: true });
}

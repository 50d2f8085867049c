import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime.ts';
import { restartableRuntime, testRuntime, type TestRuntime } from '../../test/helpers.ts';
import { FakeClock } from '../clock.ts';
import { backoffMs, cancelJob, enqueueJob, JobRunner } from './jobs.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function fresh(): Promise<TestRuntime> {
  const rt = await testRuntime();
  cleanups.push(() => rt.dispose());
  return rt;
}

/** A handler whose effect is a row: counting rows counts effects. */
function countingRunner(rt: Runtime, clock: FakeClock, opts: { failTimes?: number } = {}) {
  const runner = new JobRunner(rt.deps.db, { clock });
  let failures = 0;
  runner.register('test.effect', async ({ trx, job }) => {
    await sql`insert into system_meta (key, value) values (${`effect:${job.id}:${Math.random()}`}, '{}'::jsonb)`.execute(trx);
    if (failures < (opts.failTimes ?? 0)) {
      failures++;
      throw new Error('transient failure');
    }
  });
  return runner;
}

const effects = async (rt: Runtime) =>
  Number((await sql<{ n: number }>`select count(*)::int as n from system_meta where key like 'effect:%'`.execute(rt.deps.db)).rows[0].n);

describe('durable jobs', () => {
  it('runs a job only when due by the injected clock, once', async () => {
    const rt = await fresh();
    const runner = countingRunner(rt, rt.clock);
    await enqueueJob(rt.deps.db, { kind: 'test.effect', runAt: new Date(rt.clock.now().getTime() + 60_000) });
    expect(await runner.runDue()).toBe(0);
    rt.clock.advance(60_000);
    expect(await runner.runDue()).toBe(1);
    expect(await runner.runDue()).toBe(0);
    expect(await effects(rt)).toBe(1);
  });

  it('retries with backoff, then dead-letters; a failed attempt leaves no effect', async () => {
    const rt = await fresh();
    const runner = countingRunner(rt, rt.clock, { failTimes: 100 });
    await enqueueJob(rt.deps.db, { kind: 'test.effect', runAt: rt.clock.now(), maxAttempts: 3 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await runner.runDue()).toBe(1);
      rt.clock.advance(backoffMs(attempt));
    }
    const job = await rt.deps.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(job.status).toBe('dead');
    expect(job.attempts).toBe(3);
    expect(job.last_error).toContain('transient failure');
    expect(await effects(rt)).toBe(0);
  });

  it('dedup keys reschedule instead of duplicating, and cancel', async () => {
    const rt = await fresh();
    const at = (m: number) => new Date(rt.clock.now().getTime() + m * 60_000);
    await enqueueJob(rt.deps.db, { kind: 'test.effect', runAt: at(10), dedupKey: 'k' });
    await enqueueJob(rt.deps.db, { kind: 'test.effect', runAt: at(20), dedupKey: 'k' });
    await enqueueJob(rt.deps.db, { kind: 'test.effect', runAt: at(5), dedupKey: 'k', ifAbsent: true });
    const rows = await rt.deps.db.selectFrom('jobs').selectAll().where('dedup_key', '=', 'k').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].run_at.getTime()).toBe(at(20).getTime());
    await cancelJob(rt.deps.db, 'k');
    rt.clock.advance(30 * 60_000);
    expect(await countingRunner(rt, rt.clock).runDue()).toBe(0);
  });

  it('a job claimed by a worker that died is taken over after its lease, and runs once', async () => {
    const rt = await fresh();
    await enqueueJob(rt.deps.db, { kind: 'test.effect', runAt: rt.clock.now() });
    // Simulate a crash: a worker claimed the job and vanished before finishing.
    await rt.deps.db
      .updateTable('jobs')
      .set({ status: 'running', attempts: 1, locked_by: 'dead-worker', locked_until: new Date(rt.clock.now().getTime() + 300_000) })
      .execute();
    const runner = countingRunner(rt, rt.clock);
    expect(await runner.runDue()).toBe(0);
    rt.clock.advance(301_000);
    expect(await runner.runDue()).toBe(1);
    expect(await effects(rt)).toBe(1);
  });

  it('a job scheduled before a restart runs once after it (new runtime over the same data)', async () => {
    const clock = new FakeClock();
    const rt = await restartableRuntime({ clock });
    cleanups.push(() => rt.dispose());
    const first = rt.current;
    await enqueueJob(first.deps.db, { kind: 'test.effect', runAt: new Date(clock.now().getTime() + 3_600_000), dedupKey: 'deadline' });
    // The process goes away with the job pending.
    clock.advance(3_600_000);
    const second = await rt.restart();
    const runner = countingRunner(second, clock);
    expect(await runner.runDue()).toBe(1);
    expect(await runner.runDue()).toBe(0);
    expect(await effects(second)).toBe(1);
  }, 90_000); // two runtimes over one data directory: slow on a loaded machine
});

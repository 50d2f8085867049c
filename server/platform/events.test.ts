// withTx carries the transaction in the context; publish() holds events until the commit.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { fileTestRuntime } from '../test/helpers.ts';
import { jobCtx, systemCtx, withTx } from './context.ts';
import { publish } from './events.ts';
import { enqueueJob } from './jobs/jobs.ts';

declare module './events.ts' {
  interface DomainEvents {
    'test.ping': { n: number };
  }
}

const t = fileTestRuntime();

describe('withTx and publish', () => {
  it('delivers an event only after the commit, and never after a rollback', async () => {
    const seen: number[] = [];
    const stop = t.deps.events.subscribe('test.ping', (p) => seen.push(p.n));
    const ctx = systemCtx(t.deps);
    await withTx(ctx, async (c) => {
      publish(c, 'test.ping', { n: 1 });
      expect(seen).toEqual([]); // not yet: the transaction is open
    });
    expect(seen).toEqual([1]);
    await expect(
      withTx(ctx, async (c) => {
        publish(c, 'test.ping', { n: 2 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(seen).toEqual([1]);
    publish(ctx, 'test.ping', { n: 3 }); // outside a transaction: at once
    expect(seen).toEqual([1, 3]);
    stop();
    publish(ctx, 'test.ping', { n: 4 });
    expect(seen).toEqual([1, 3]);
  });

  it('a nested withTx joins the outer transaction (one connection is enough, and a rollback undoes both)', async () => {
    const ctx = systemCtx(t.deps);
    await sql`create table if not exists tx_probe (n int)`.execute(t.deps.db);
    await expect(
      withTx(ctx, async (outer) => {
        await sql`insert into tx_probe values (1)`.execute(outer.db);
        await withTx(outer, async (inner) => {
          expect(inner.db).toBe(outer.db);
          await sql`insert into tx_probe values (2)`.execute(inner.db);
        });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    const rows = await sql<{ n: number }>`select n from tx_probe`.execute(t.deps.db);
    expect(rows.rows).toEqual([]);
  });

  it("a job's events wait for the job's commit, and a failed job's never arrive", async () => {
    const seen: number[] = [];
    const stop = t.deps.events.subscribe('test.ping', (p) => seen.push(p.n));
    t.deps.jobs.register('test.publish', async (job) => {
      publish(jobCtx(t.deps, job), 'test.ping', { n: Number(job.job.payload.n) });
      expect(seen).toEqual([]); // the job's transaction is still open
      if (job.job.payload.fail) throw new Error('job fails');
    });
    await enqueueJob(t.deps.db, { kind: 'test.publish', runAt: t.clock.now(), payload: { n: 7, fail: true }, maxAttempts: 1 });
    await t.deps.jobs.runDue();
    expect(seen).toEqual([]);
    await enqueueJob(t.deps.db, { kind: 'test.publish', runAt: t.clock.now(), payload: { n: 8 } });
    await t.deps.jobs.runDue();
    expect(seen).toEqual([8]); // delivered before runDue returns: no setImmediate needed
    stop();
  });
});

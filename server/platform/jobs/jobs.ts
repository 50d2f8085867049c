// Durable jobs: deadlines, reminders and escalations live as rows, so they survive restarts.
// A job's handler runs in one transaction with the row's "done" mark: its effects commit exactly once.
// A claimed job whose process died is reclaimed when its lease expires.
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../clock.ts';

export type Tx = Transaction<DB> | Db;

export interface NewJob {
  kind: string;
  runAt: Date;
  payload?: Record<string, unknown>;
  /** One live job per key: enqueueing again reschedules it instead of adding a second one. */
  dedupKey?: string;
  maxAttempts?: number;
  /** With dedupKey: keep an existing live job as it is instead of rescheduling it. */
  ifAbsent?: boolean;
}

export interface JobRow {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
}

export interface JobContext {
  trx: Transaction<DB>;
  clock: Clock;
  job: JobRow;
  /** Schedule a follow-up inside the same transaction. */
  enqueue(job: NewJob): Promise<void>;
  /** Work to run once the job's transaction has committed (jobCtx(deps, job) binds publish() to it). */
  tx: { afterCommit: (() => void)[] };
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

export async function enqueueJob(db: Tx, job: NewJob): Promise<void> {
  const payload = JSON.stringify(job.payload ?? {});
  if (job.dedupKey) {
    await sql`insert into jobs (kind, payload, run_at, dedup_key, max_attempts)
      values (${job.kind}, ${payload}::jsonb, ${job.runAt}, ${job.dedupKey}, ${job.maxAttempts ?? 5})
      on conflict (dedup_key) where dedup_key is not null and status in ('pending', 'running')
      do ${job.ifAbsent ? sql`nothing` : sql`update set run_at = excluded.run_at, payload = excluded.payload, kind = excluded.kind, updated_at = now()`}`.execute(
      db,
    );
    return;
  }
  await db
    .insertInto('jobs')
    .values({ kind: job.kind, payload, run_at: job.runAt, max_attempts: job.maxAttempts ?? 5 })
    .execute();
}

/** Cancel the live job with this key (e.g. a hazard closed before its deadline). */
export async function cancelJob(db: Tx, dedupKey: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: new Date(), updated_at: new Date() })
    .where('dedup_key', '=', dedupKey)
    .where('status', '=', 'pending')
    .execute();
}

/** Exponential backoff: 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface RunnerOptions {
  clock: Clock;
  /** How long a claimed job is ours before another worker may take it over. */
  leaseMs?: number;
  batchSize?: number;
  log?: { error(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}

export class JobRunner {
  private handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly workerId = randomUUID();
  readonly clock: Clock;

  constructor(
    private readonly db: Db,
    private readonly opts: RunnerOptions,
  ) {
    this.clock = opts.clock;
  }

  register(kind: string, handler: JobHandler) {
    if (this.handlers.has(kind)) throw new Error(`job handler for ${kind} already registered`);
    this.handlers.set(kind, handler);
  }

  private async claim(): Promise<JobRow[]> {
    const now = this.clock.now();
    const lease = new Date(now.getTime() + (this.opts.leaseMs ?? 5 * 60_000));
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return [];
    const res = await sql<{ id: number; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number; run_at: Date }>`
      update jobs set status = 'running', attempts = attempts + 1, locked_until = ${lease},
        locked_by = ${this.workerId}, updated_at = ${now}
      where id in (
        select id from jobs
        where kind = any(${kinds}) and run_at <= ${now}
          and (status = 'pending' or (status = 'running' and locked_until < ${now}))
        order by run_at, id
        limit ${this.opts.batchSize ?? 50}
        for update skip locked)
      returning id, kind, payload, attempts, max_attempts, run_at`.execute(this.db);
    return res.rows
      .map((r) => ({ id: r.id, kind: r.kind, payload: r.payload, attempts: r.attempts, maxAttempts: r.max_attempts, runAt: r.run_at }))
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
  }

  private async runOne(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind);
    if (!handler) return;
    const afterCommit: (() => void)[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        // Only the worker holding the lease may finish the job; a reclaimed job is skipped here.
        const mine = await trx
          .updateTable('jobs')
          .set({ status: 'done', finished_at: this.clock.now(), updated_at: this.clock.now(), locked_until: null })
          .where('id', '=', job.id)
          .where('status', '=', 'running')
          .where('locked_by', '=', this.workerId)
          .executeTakeFirst();
        if (Number(mine.numUpdatedRows) !== 1) return;
        await handler({ trx, clock: this.clock, job, enqueue: (j) => enqueueJob(trx, j), tx: { afterCommit } });
      });
    } catch (err) {
      afterCommit.length = 0; // rolled back: its events never happened
      const dead = job.attempts >= job.maxAttempts;
      const now = this.clock.now();
      await this.db
        .updateTable('jobs')
        .set({
          status: dead ? 'dead' : 'pending',
          run_at: dead ? job.runAt : new Date(now.getTime() + backoffMs(job.attempts)),
          last_error: String((err as Error)?.stack ?? err).slice(0, 4000),
          locked_until: null,
          locked_by: null,
          finished_at: dead ? now : null,
          updated_at: now,
        })
        .where('id', '=', job.id)
        .execute();
      (dead ? this.opts.log?.error : this.opts.log?.warn)?.call(
        this.opts.log,
        { err, job: job.id, kind: job.kind },
        dead ? 'job dead-lettered' : 'job failed, will retry',
      );
    }
    // Committed: a failing listener is logged, never turns the finished job back into a retry.
    for (const run of afterCommit) {
      try {
        run();
      } catch (err) {
        this.opts.log?.error({ err, job: job.id, kind: job.kind }, 'after-commit work of a job failed');
      }
    }
  }

  /** Run every job due now (by the injected clock). Returns how many were run. */
  async runDue(): Promise<number> {
    if (this.running) return this.running;
    this.running = (async () => {
      let total = 0;
      for (;;) {
        const batch = await this.claim();
        if (batch.length === 0) break;
        for (const job of batch) await this.runOne(job);
        total += batch.length;
      }
      return total;
    })();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  start(pollMs: number) {
    this.stop();
    const tick = () => {
      this.runDue()
        .catch((err) => this.opts.log?.error({ err }, 'job runner tick failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, pollMs);
        });
    };
    this.timer = setTimeout(tick, pollMs);
  }

  /** Stop polling and wait for the batch in flight. */
  async stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) await this.running.catch(() => {});
  }
}

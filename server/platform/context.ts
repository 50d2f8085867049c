// What every service function receives first: who is asking, from where, and the shared dependencies.
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Clock } from './clock.ts';
import type { EventBus } from './events.ts';
import type { JobContext, JobRunner, Tx } from './jobs/jobs.ts';

export interface Actor {
  id: string;
  username: string;
  displayName: string;
  unitCode: string;
  unitName: string;
  unitKind: string;
  roles: string[];
  permissions: ReadonlySet<string>;
  /** Jurisdiction code prefixes this actor may see (own unit's subtree plus grants). */
  jurisdictions: string[];
  /** External users are confined to one enterprise/park as well. */
  enterpriseId: string | null;
  via: 'session' | 'token';
  sessionId?: string;
  mfaPassed?: boolean;
  /** Session only: a staff role needs a second factor and the user has not enrolled yet (only /api/auth/* answers). */
  mfaEnrollmentRequired?: boolean;
  /** Session only: the password is past its rotation age or is an administrator's temporary one. */
  passwordExpired?: boolean;
  passwordChangeReason?: 'expired' | 'temporary';
}

export interface Deps {
  config: Config;
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: Clock;
  jobs: JobRunner;
  /** Domain events, delivered after commit (live feeds subscribe here): publish(ctx, name, payload). */
  events: EventBus;
}

export interface Ctx {
  actor: Actor;
  ip: string | null;
  requestId: string;
  deps: Deps;
  /**
   * The executor every query of this piece of work goes through: the pool, or the open transaction inside
   * withTx. Helpers (scope checks, audit, jobs, events) read and write through ctx.db, so they join the
   * caller's transaction without being handed it (on PGlite's single connection, not joining deadlocks).
   */
  db: Tx;
  /** Set inside withTx: the work to run once the transaction has committed. */
  tx?: { afterCommit: (() => void)[] };
}

/**
 * Run `fn` in a transaction with a context bound to it. Nested calls join the outer transaction. Events
 * published with publish(ctx2, …) are delivered after the outermost commit, and never after a rollback.
 */
export async function withTx<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.tx) return fn(ctx);
  const afterCommit: (() => void)[] = [];
  const out = await ctx.deps.db.transaction().execute((trx) => fn({ ...ctx, db: trx, tx: { afterCommit } }));
  for (const run of afterCommit) run();
  return out;
}

const SYSTEM_ACTOR_ID = '00000000-0000-7000-8000-000000000000';

/** Is this the system acting on its own (systemCtx / jobCtx), not a person or a token? */
export const isSystem = (ctx: Ctx) => ctx.actor.id === SYSTEM_ACTOR_ID && ctx.actor.username === 'system';

/** A context for work the system does on its own (jobs, seeding, CLI). Sees everything. */
export function systemCtx(deps: Deps, districtCode = '330203'): Ctx {
  return {
    actor: {
      id: SYSTEM_ACTOR_ID,
      username: 'system',
      displayName: '系统',
      unitCode: districtCode,
      unitName: '系统',
      unitKind: 'district',
      roles: ['district_admin'],
      permissions: new Set(['*:*']),
      jurisdictions: [districtCode],
      enterpriseId: null,
      via: 'token',
    },
    ip: null,
    requestId: 'system',
    deps,
    db: deps.db,
  };
}

/** The system context for a job's handler: bound to the job's transaction, so publish() waits for its commit. */
export function jobCtx(deps: Deps, job: Pick<JobContext, 'trx' | 'tx'>): Ctx {
  return { ...systemCtx(deps), db: job.trx, tx: job.tx };
}

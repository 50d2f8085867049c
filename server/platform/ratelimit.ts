// The platform's one rate limiter. Counters are rows in `rate_limits`, so a restart or a second server
// process sees the same counts (an in-memory limiter forgets every flood on restart). Each counter is a
// fixed window: the first hit opens it, `max` hits fill it, and it starts again at `reset_at`. A limit may
// also block for longer once it is full (`blockMs`), which is how sign-in lockouts are expressed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Deps } from './context.ts';
import { AppError } from './errors.ts';

export interface Limit {
  /** Key prefix, e.g. "login-ip"; the subject (an address, a device, a user name) follows it. */
  name: string;
  max: number;
  windowMs: number;
  /** Once the count reaches max, refuse until this long after the hit that filled it (default: to the window's end). */
  blockMs?: number;
}

export interface Usage {
  count: number;
  /** When the counter starts again from zero. */
  resetAt: Date;
  /** True when the subject has used up the limit (a further hit would be refused). */
  exhausted: boolean;
}

const keyOf = (limit: Limit, subject: string) => `${limit.name}:${subject}`;

/** The current count, without counting anything. */
export async function peek(deps: Deps, limit: Limit, subject: string): Promise<Usage> {
  const now = deps.clock.now();
  const row = await deps.db.selectFrom('rate_limits').select(['count', 'reset_at']).where('key', '=', keyOf(limit, subject)).executeTakeFirst();
  if (!row || row.reset_at <= now) return { count: 0, resetAt: new Date(now.getTime() + limit.windowMs), exhausted: false };
  return { count: row.count, resetAt: row.reset_at, exhausted: row.count >= limit.max };
}

/** Count one hit (atomically, also across processes) and return the usage including it. */
export async function hit(deps: Deps, limit: Limit, subject: string): Promise<Usage> {
  const now = deps.clock.now();
  const windowEnd = new Date(now.getTime() + limit.windowMs);
  const blockEnd = new Date(now.getTime() + (limit.blockMs ?? limit.windowMs));
  // A new window when there is none or the old one ended; otherwise one more, and a full counter with a
  // block extends its end. The row lock of ON CONFLICT serialises concurrent hits on the same key.
  const blocks = limit.blockMs !== undefined;
  const fullAfter = sql`case when r.count + 1 >= ${limit.max} then ${blockEnd}::timestamptz else r.reset_at end`;
  const row = await sql<{ count: number; reset_at: Date }>`
    insert into rate_limits as r (key, count, reset_at)
    values (${keyOf(limit, subject)}, 1, ${blocks && limit.max <= 1 ? blockEnd : windowEnd})
    on conflict (key) do update set
      count = case when r.reset_at <= ${now} then 1 else r.count + 1 end,
      reset_at = case when r.reset_at <= ${now} then ${windowEnd}::timestamptz else ${blocks ? fullAfter : sql`r.reset_at`} end
    returning count, reset_at`.execute(deps.db);
  const { count, reset_at } = row.rows[0];
  if (Math.random() < 0.01) await sweep(deps);
  return { count, resetAt: new Date(reset_at), exhausted: count >= limit.max };
}

/** Drop counters whose window has ended (they would be restarted anyway). */
export async function sweep(deps: Deps): Promise<void> {
  await deps.db.deleteFrom('rate_limits').where('reset_at', '<=', deps.clock.now()).execute();
}

export const rateLimited = (zh = '请求过于频繁，请稍后再试', en = 'Too many requests; please try again later') => new AppError('RATE_LIMITED', 429, zh, en);

/** Seconds until the counter starts again, for a Retry-After header. */
export const retryAfterSeconds = (usage: Usage, now: Date) => Math.max(1, Math.ceil((usage.resetAt.getTime() - now.getTime()) / 1000));

/** A limit a route declares in `config.limits`; the subject defaults to the client address. */
export interface RouteLimit extends Limit {
  subject?: (req: FastifyRequest) => string;
  message?: { zh: string; en: string };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Counted per request before anything else runs (a flood costs a counter, not a body read). */
    limits?: readonly RouteLimit[];
  }
}

/** The one hook that enforces every route's declared limits: 429 with Retry-After once one is used up. */
export function installRateLimits(app: FastifyInstance, deps: Deps) {
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    for (const limit of req.routeOptions.config?.limits ?? []) {
      const usage = await hit(deps, limit, limit.subject?.(req) ?? req.ip);
      if (usage.count > limit.max) {
        reply.header('retry-after', String(retryAfterSeconds(usage, deps.clock.now())));
        throw rateLimited(limit.message?.zh, limit.message?.en);
      }
    }
  });
}

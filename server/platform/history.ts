// One history for every aggregate: each step of a record's life, for its timeline (detail pages, the
// 一患一档 document, the registry's version tab). The lifecycle engine's apply() writes a row for every step of
// every machine (aggregate = the machine's name); code outside a machine writes with writeHistory(ctx, …) in
// its transaction, and seeds/imports with insertHistory(db, rows). audit_log stays the tamper-evident record.
import type { Selectable } from 'kysely';
import type { Ctx } from './context.ts';
import type { HistoryTable } from './history.tables.ts';
import type { Tx } from './jobs/jobs.ts';
import { iso } from './sql.ts';

/** Who took the step, as the timeline names them. */
export interface HistoryActor {
  id: string | null;
  name: string | null;
}

/** The system's steps (deadlines, escalations, ingest) carry no user id. */
export const SYSTEM_ACTOR: HistoryActor = { id: null, name: '系统' };

export interface HistoryWrite {
  aggregate: string;
  aggregateId: string;
  action: string;
  from?: string | null;
  to?: string | null;
  note?: string | null;
  /** Any JSON; kept as it is (null and undefined store SQL NULL). */
  data?: unknown;
}

export type HistoryRow = Selectable<HistoryTable>;

/** A row for insertHistory: who and when are given (no Ctx needed). */
export type HistoryInsert = HistoryWrite & { actor: HistoryActor; at: Date };

const toRow = (e: HistoryWrite, actor: HistoryActor, at: Date) => ({
  aggregate: e.aggregate,
  aggregate_id: e.aggregateId,
  action: e.action,
  from_state: e.from ?? null,
  to_state: e.to ?? null,
  actor_id: actor.id,
  actor_name: actor.name,
  note: e.note ?? null,
  data: e.data === undefined || e.data === null ? null : JSON.stringify(e.data),
  at,
});

/** Record one step through ctx.db (the caller's transaction), by ctx's actor (or the one given) at the clock's now. */
export async function writeHistory(ctx: Ctx, entry: HistoryWrite & { actor?: HistoryActor; at?: Date }): Promise<void> {
  const actor = entry.actor ?? { id: ctx.actor.id, name: ctx.actor.displayName };
  await ctx.db
    .insertInto('history')
    .values(toRow(entry, actor, entry.at ?? ctx.deps.clock.now()))
    .execute();
}

/** Many rows at once (seeds, imports, ingest batches, jobs without a Ctx), 1,000 a statement. */
export async function insertHistory(db: Tx, entries: HistoryInsert[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 1000)
    await db
      .insertInto('history')
      .values(entries.slice(i, i + 1000).map((e) => toRow(e, e.actor, e.at)))
      .execute();
}

/**
 * One record's timeline in the order it was written (`newestFirst` for a version list), at most `limit` rows.
 * By id, not by time: the rows of a record are written in step order (apply locks the row), and seeded
 * timelines have times out of step (a demo hazard's acceptance request dated before its report).
 */
export async function readHistory(db: Tx, aggregate: string, aggregateId: string, opts: { newestFirst?: boolean; limit?: number } = {}): Promise<HistoryRow[]> {
  const dir = opts.newestFirst ? 'desc' : 'asc';
  let q = db.selectFrom('history').selectAll().where('aggregate', '=', aggregate).where('aggregate_id', '=', aggregateId).orderBy('id', dir);
  if (opts.limit) q = q.limit(opts.limit);
  return q.execute();
}

/** A history row as a detail answer's timeline entry (HistoryEntry in shared/dto.ts). */
export const historyEntry = (h: HistoryRow) => ({
  action: h.action,
  fromState: h.from_state,
  toState: h.to_state,
  actorName: h.actor_name,
  note: h.note,
  at: iso(h.at),
});

// The draws module's SQL: draws, their rounds and tasks, declared conflicts. Reads of domain rows start from
// scopedFrom (a draw is filed under the organising unit; a conflict under the enterprise's place).
import type { Selectable, SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { v7 } from 'uuid';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { saveVersioned } from '../../platform/lifecycle.save.ts';
import type { DrawTask, Exclusion } from './draws.algorithm.ts';
import type { DrawRoundsTable, DrawsTable, DrawTasksTable } from './draws.tables.ts';

export type DrawRow = Selectable<DrawsTable>;
export type RoundRow = Selectable<DrawRoundsTable>;
export type TaskRow = Selectable<DrawTasksTable>;

export const scopedDraws = (ctx: Ctx) => scopedFrom(ctx, 'draws');

/** The lifecycle's save of a draw (its state, the step's patch, version and updated_at). */
export const saveDraw = saveVersioned<DrawRow>('draws');

export const lockDraw = (ctx: Ctx, id: string) => ctx.db.selectFrom('draws').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const roundsOf = (db: Tx, drawId: string) => db.selectFrom('draw_rounds').selectAll().where('draw_id', '=', drawId).orderBy('round').execute();

/** The live tasks of a read of draw_tasks: their draw drawn, their round not replaced by a redraw. */
export const liveTasks = <Q extends SelectQueryBuilder<DB, 'draw_tasks', object>>(q: Q) =>
  q.innerJoin('draws', 'draws.id', 'draw_tasks.draw_id').where('draw_tasks.superseded', '=', false).where('draws.state', '=', 'drawn');

/** The live task with this id, from a read of draw_tasks (scoped or not: the caller says). */
export const liveTask = <Q extends SelectQueryBuilder<DB, 'draw_tasks', object>>(q: Q, id: string) => liveTasks(q).where('draw_tasks.id', '=', id);

/**
 * The live tasks that name this user among their drawn inspectors, newest first (at most 100), in any
 * jurisdiction: read without scope on purpose (交叉检查), so only rows naming the user are ever read.
 */
export const liveTasksNaming = (db: Tx, userId: string) =>
  liveTasks(db.selectFrom('draw_tasks'))
    .select([
      'draw_tasks.id',
      'draws.code',
      'draws.title',
      'draw_tasks.enterprise_id',
      'draw_tasks.enterprise_name',
      'draw_tasks.jurisdiction_code',
      'draw_tasks.town_name',
      'draw_tasks.inspector_ids',
      'draw_tasks.inspector_names',
      'draw_tasks.due_date',
    ])
    .where((eb) => eb(eb.val(userId), '=', eb.fn.any('draw_tasks.inspector_ids')))
    .orderBy('draw_tasks.drawn_at', 'desc')
    .orderBy('draw_tasks.seq')
    .limit(100)
    .execute();

export const tasksOf = (db: Tx, drawId: string) =>
  db.selectFrom('draw_tasks').selectAll().where('draw_id', '=', drawId).orderBy('round').orderBy('seq').execute();

export async function currentRound(ctx: Ctx, draw: DrawRow): Promise<RoundRow> {
  return ctx.db.selectFrom('draw_rounds').selectAll().where('draw_id', '=', draw.id).where('round', '=', draw.round).executeTakeFirstOrThrow();
}

/** The next free code of the year: SJ-2026-001, SJ-2026-002… (the unique index catches a race). */
export async function nextCode(ctx: Ctx, year: number): Promise<string> {
  const last = await ctx.db
    .selectFrom('draws')
    .select('code')
    .where('code', 'like', `SJ-${year}-%`)
    .orderBy((eb) => eb.fn('length', ['code']), 'desc')
    .orderBy('code', 'desc')
    .executeTakeFirst();
  const n = last ? Number(last.code.split('-')[2]) + 1 : 1;
  return `SJ-${year}-${String(n).padStart(3, '0')}`;
}

export function insertTasks(ctx: Ctx, draw: DrawRow, round: number, tasks: DrawTask[], at: Date) {
  if (!tasks.length) return Promise.resolve();
  return ctx.db
    .insertInto('draw_tasks')
    .values(
      tasks.map((t) => ({
        id: v7(),
        draw_id: draw.id,
        round,
        seq: t.seq,
        enterprise_id: t.enterpriseId,
        enterprise_name: t.enterpriseName,
        jurisdiction_code: t.townCode,
        town_name: t.townName,
        inspector_ids: t.inspectors.map((i) => i.userId),
        inspector_names: t.inspectors.map((i) => i.name),
        due_date: draw.params.dueDate,
        drawn_at: at,
      })),
    )
    .execute();
}

/**
 * The pairs an inspector of the pool may not be sent to an enterprise of the pool for: declared conflicts that
 * stand, and the enterprise was a task of theirs in a (not superseded) round drawn within the window (none: null).
 */
export async function exclusionsFor(db: Tx, inspectorIds: readonly string[], entityIds: ReadonlySet<string>, recentSince: Date | null): Promise<Exclusion[]> {
  if (!inspectorIds.length || !entityIds.size) return [];
  const inPool = new Set(inspectorIds);
  const out: Exclusion[] = [];
  const conflicts = await db
    .selectFrom('draw_conflicts')
    .select(['user_id', 'enterprise_id'])
    .where('withdrawn_at', 'is', null)
    .where('user_id', 'in', [...inspectorIds])
    .execute();
  for (const c of conflicts) if (entityIds.has(c.enterprise_id)) out.push({ userId: c.user_id, enterpriseId: c.enterprise_id, reason: 'conflict' });
  if (!recentSince) return out;
  const recent = await db
    .selectFrom('draw_tasks')
    .select(['enterprise_id', 'inspector_ids'])
    .where('superseded', '=', false)
    .where('drawn_at', '>=', recentSince)
    .execute();
  const seen = new Set<string>();
  for (const t of recent) {
    if (!entityIds.has(t.enterprise_id)) continue;
    for (const u of t.inspector_ids) {
      const key = `${u}:${t.enterprise_id}`;
      if (!inPool.has(u) || seen.has(key)) continue;
      seen.add(key);
      out.push({ userId: u, enterpriseId: t.enterprise_id, reason: 'recent' });
    }
  }
  return out;
}

/** Names of org units by code (towns of a pool, units of inspectors). */
export async function unitNames(db: Tx, codes: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(codes)];
  if (!list.length) return new Map();
  const rows = await db.selectFrom('org_units').select(['code', 'name']).where('code', 'in', list).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Draws the public may see: every one whose commitment was published (cancelled ones too). */
export const publicDraws = (db: Tx) => db.selectFrom('draws').where('round', '>', 0);

// The only SQL of the inspections module: every read of its rows starts from scopedFrom (the enterprise
// confinement on enterprise_id), writes go through ctx.db (inside withTx: the open transaction).
import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { InspectionKind, InspectionSort, InspectionState } from '../../../shared/inspections.ts';
import { scopedFrom, scopeWhere } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { notFound } from '../../platform/errors.ts';
import { countCapped } from '../../platform/pagination.ts';
import { containsLike, prefixLike } from '../../platform/sql.ts';
import type { InspectionItemsTable, InspectionsTable } from './inspections.tables.ts';

export type InspectionRow = Selectable<InspectionsTable>;
export type ItemRow = Selectable<InspectionItemsTable>;

export const inspectionNotFound = () => notFound('检查记录', 'Inspection');

export const scopedInspections = (ctx: Ctx) => scopedFrom(ctx, 'inspections', { enterprise: 'inspections.enterprise_id' });

export const findInspection = (ctx: Ctx, id: string) => scopedInspections(ctx).selectAll().where('id', '=', id).executeTakeFirst();
/** Unscoped, for the create's replay check (the caller applies assertInScope). */
export const inspectionById = (ctx: Ctx, id: string) => ctx.db.selectFrom('inspections').selectAll().where('id', '=', id).executeTakeFirst();

/** What a person reads for an inspection, and its officers, by id (the caller has checked it may see it). */
export const inspectionLabelRow = (ctx: Ctx, id: string) =>
  ctx.db.selectFrom('inspections').select(['code', 'title', 'state', 'officers']).where('id', '=', id).executeTakeFirstOrThrow();

/** The live (not cancelled) inspections carrying out these 双随机 tasks: at most one a task. */
export const liveDrawTaskInspections = (db: Tx, drawTaskIds: readonly string[]) =>
  db
    .selectFrom('inspections')
    .select(['draw_task_id', 'id', 'code', 'state', 'completed_at', 'items_failed'])
    .where('draw_task_id', 'in', [...drawTaskIds])
    .where('state', '<>', 'cancelled')
    .execute();
export const lockInspection = (ctx: Ctx, id: string) => ctx.db.selectFrom('inspections').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const itemsOf = (ctx: Ctx, inspectionId: string) =>
  ctx.db.selectFrom('inspection_items').selectAll().where('inspection_id', '=', inspectionId).orderBy('seq').execute();
export const itemBySeq = (ctx: Ctx, inspectionId: string, seq: number) =>
  ctx.db.selectFrom('inspection_items').selectAll().where('inspection_id', '=', inspectionId).where('seq', '=', seq).executeTakeFirst();

export async function nextInspectionCode(ctx: Ctx, year: number): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('inspection_code_seq')::text as n`.execute(ctx.db);
  return `JC${year}${String(rows[0].n).padStart(6, '0')}`;
}

export async function insertInspection(ctx: Ctx, row: Insertable<InspectionsTable>, items: Insertable<InspectionItemsTable>[]) {
  const saved = await ctx.db.insertInto('inspections').values(row).returningAll().executeTakeFirstOrThrow();
  if (items.length) await ctx.db.insertInto('inspection_items').values(items).execute();
  return saved;
}

export async function updateItem(ctx: Ctx, id: string, patch: Partial<Insertable<InspectionItemsTable>>) {
  return ctx.db.updateTable('inspection_items').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function failedCount(ctx: Ctx, inspectionId: string): Promise<number> {
  const r = await ctx.db
    .selectFrom('inspection_items')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('inspection_id', '=', inspectionId)
    .where('result', '=', 'fail')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ── offline operations: one key a phone operation ───────────────────────────────────────────────────

export const syncOp = (ctx: Ctx, key: string) => ctx.db.selectFrom('inspection_sync_ops').selectAll().where('key', '=', key).executeTakeFirst();

/** Record an operation's key; false when another request recorded it first (the caller rolls back). */
export async function recordSyncOp(ctx: Ctx, op: { key: string; inspectionId: string; kind: string; result: Record<string, unknown> }) {
  const r = await ctx.db
    .insertInto('inspection_sync_ops')
    .values({ key: op.key, inspection_id: op.inspectionId, kind: op.kind, result: JSON.stringify(op.result), created_by: ctx.actor.id })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return !!r;
}

// ── ledger ───────────────────────────────────────────────────────────────────────────────────────────

export interface LedgerFilter {
  q?: string;
  kind?: InspectionKind[];
  state?: InspectionState[];
  town?: string;
  enterpriseId?: string;
  parkId?: string;
  from?: Date;
  to?: Date;
  failed?: boolean;
}

/**
 * The ledger's rows: those in the actor's scope, and those the actor is named on as an officer (交叉检查: a
 * town officer drawn for another town's enterprise sees the inspection in their own ledger).
 */
function ledgerRows(ctx: Ctx) {
  const named = JSON.stringify([{ userId: ctx.actor.id }]);
  return ctx.db
    .selectFrom('inspections')
    .where((eb) =>
      eb.or([
        scopeWhere(ctx, { jurisdiction: 'inspections.jurisdiction_code', enterprise: 'inspections.enterprise_id' })(eb),
        sql<boolean>`inspections.officers @> ${named}::jsonb`,
      ]),
    );
}

export function ledgerQuery(ctx: Ctx, f: LedgerFilter) {
  let q = ledgerRows(ctx);
  if (f.q) {
    const like = containsLike(f.q);
    q = q.where((eb) => eb.or([eb('inspections.code', 'like', like), eb('inspections.title', 'like', like)]));
  }
  if (f.kind?.length) q = q.where('inspections.kind', 'in', f.kind);
  if (f.state?.length) q = q.where('inspections.state', 'in', f.state);
  if (f.town) q = q.where('inspections.jurisdiction_code', 'like', prefixLike(f.town));
  if (f.enterpriseId) q = q.where('inspections.enterprise_id', '=', f.enterpriseId);
  if (f.parkId) q = q.where('inspections.park_id', '=', f.parkId);
  if (f.from) q = q.where('inspections.created_at', '>=', f.from);
  if (f.to) q = q.where('inspections.created_at', '<', f.to);
  if (f.failed) q = q.where('inspections.items_failed', '>', 0);
  return q;
}

const SORT_COLUMNS = { startedAt: 'inspections.started_at', createdAt: 'inspections.created_at', failed: 'inspections.items_failed' } as const;

export async function ledgerPage(ctx: Ctx, f: LedgerFilter, page: number, pageSize: number, sort: InspectionSort = '-createdAt') {
  const base = ledgerQuery(ctx, f);
  const desc = sort.startsWith('-');
  const col = SORT_COLUMNS[sort.replace('-', '') as keyof typeof SORT_COLUMNS];
  const [count, rows] = await Promise.all([
    countCapped(ctx.db, base),
    base
      .selectAll('inspections')
      .orderBy(col, (o) => (desc ? o.desc().nullsLast() : o.asc().nullsFirst()))
      .orderBy('inspections.id', desc ? 'desc' : 'asc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { count, rows };
}

export const ledgerExportRows = (ctx: Ctx, f: LedgerFilter, limit: number) =>
  ledgerQuery(ctx, f).selectAll('inspections').orderBy('inspections.created_at', 'desc').limit(limit).execute();

// ── completion ───────────────────────────────────────────────────────────────────────────────────────

/** Completed self-inspections of these kinds since `from` (before `to`) under a prefix: who did one. */
export function doneSince(ctx: Ctx, kinds: InspectionKind[], prefix: string, from: Date, to: Date) {
  return scopedInspections(ctx)
    .select(['inspections.park_id', 'inspections.enterprise_id', 'inspections.kind'])
    .distinct()
    .where('inspections.kind', 'in', kinds)
    .where('inspections.state', '=', 'completed')
    .where('inspections.completed_at', '>=', from)
    .where('inspections.completed_at', '<', to)
    .where('inspections.jurisdiction_code', 'like', prefixLike(prefix))
    .execute();
}

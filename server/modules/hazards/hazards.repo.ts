// SQL for hazards (with hazards.reports.repo.ts and hazards.criteria.repo.ts, the only places with SQL). Every read of domain rows starts from scopedFrom(ctx, …).
import { type Insertable, type Selectable, sql } from 'kysely';
import { v7 } from 'uuid';
import { OPEN_STATES } from '../../../shared/hazards.ts';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { readHistory } from '../../platform/history.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { countCapped } from '../../platform/pagination.ts';
import { columnsOf, containsLike, prefixLike } from '../../platform/sql.ts';
import { ownerDetails, withOwnerNames } from '../registry/api.ts';
import type { HazardsTable } from './hazards.tables.ts';

type HazardRow = Selectable<HazardsTable>;

export const HAZARD_SCOPE = { enterprise: 'hazards.enterprise_id' };

export function scopedHazards(ctx: Ctx) {
  return scopedFrom(ctx, 'hazards', HAZARD_SCOPE);
}

/** The row to change, locked for the transaction; undefined when it does not exist. */
export function lockHazard(trx: Tx, id: string) {
  return trx.selectFrom('hazards').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function nextHazardCode(trx: Tx, year: number): Promise<string> {
  const { rows } = await sql<{ n: number }>`select nextval('hazard_code_seq')::int as n`.execute(trx);
  return `YH${year}${String(rows[0].n).padStart(7, '0')}`;
}

export async function policyNumber(trx: Tx, key: string, def: number): Promise<number> {
  const row = await trx.selectFrom('hazard_policy').select('value').where('key', '=', key).executeTakeFirst();
  const n = Number(row?.value);
  return Number.isFinite(n) ? n : def;
}

export interface LedgerFilter {
  q?: string;
  state?: string[];
  open?: boolean;
  level?: string;
  source?: string;
  sector?: string;
  town?: string;
  enterpriseId?: string;
  overdue?: boolean;
  supervised?: boolean;
  foundFrom?: Date;
  foundTo?: Date;
}

/** Scoped ledger query with filters (no ordering, no columns): list, count and export build on it. */
export function ledgerQuery(ctx: Ctx, f: LedgerFilter) {
  let q = scopedHazards(ctx);
  if (f.q) {
    const like = containsLike(f.q);
    q = q.where((eb) => eb.or([eb('hazards.title', 'ilike', like), eb('hazards.code', 'ilike', like)]));
  }
  if (f.state?.length) q = q.where('hazards.state', 'in', f.state as never[]);
  if (f.open === true) q = q.where('hazards.state', 'in', OPEN_STATES as never[]);
  if (f.open === false) q = q.where('hazards.state', 'not in', OPEN_STATES as never[]);
  if (f.level === 'ungraded') q = q.where('hazards.level', 'is', null);
  else if (f.level) q = q.where('hazards.level', '=', f.level as never);
  if (f.source) q = q.where('hazards.source', '=', f.source as never);
  if (f.sector) q = q.where('hazards.sector', '=', f.sector);
  if (f.town) q = q.where('hazards.town_code', '=', f.town);
  if (f.enterpriseId) q = q.where('hazards.enterprise_id', '=', f.enterpriseId);
  if (f.overdue !== undefined) q = q.where('hazards.overdue', '=', f.overdue);
  if (f.foundFrom) q = q.where('hazards.found_at', '>=', f.foundFrom);
  if (f.foundTo) q = q.where('hazards.found_at', '<', f.foundTo);
  if (f.supervised !== undefined) {
    q = q.where((eb) => {
      const live = eb
        .selectFrom('hazard_supervisions')
        .select('hazard_supervisions.id')
        .whereRef('hazard_supervisions.hazard_id', '=', 'hazards.id')
        .where('hazard_supervisions.withdrawn_at', 'is', null);
      return f.supervised ? eb.exists(live) : eb.not(eb.exists(live));
    });
  }
  return q;
}

export const LEDGER_COLUMNS = [
  'hazards.id',
  'hazards.code',
  'hazards.title',
  'hazards.state',
  'hazards.level',
  'hazards.source',
  'hazards.sector',
  'hazards.jurisdiction_code',
  'hazards.town_code',
  'hazards.enterprise_id',
  'hazards.park_id',
  'hazards.location',
  'hazards.found_at',
  'hazards.deadline',
  'hazards.overdue',
  'hazards.closed_at',
  'hazards.finder_name',
] as const;

const LEDGER_ORDER = { foundAt: 'hazards.found_at', deadline: 'hazards.deadline', code: 'hazards.code' } as const;

/** A page of the ledger in `sort` order (a column, `-` first for descending; default newest found first). */
export async function ledgerPage(ctx: Ctx, f: LedgerFilter, page: number, pageSize: number, sort = '-foundAt') {
  const base = ledgerQuery(ctx, f);
  const desc = sort.startsWith('-');
  const column = LEDGER_ORDER[sort.replace(/^-/, '') as keyof typeof LEDGER_ORDER] ?? LEDGER_ORDER.foundAt;
  const found = await base
    .leftJoin('org_units as town', 'town.code', 'hazards.town_code')
    .select([...LEDGER_COLUMNS, 'town.name as town_name'])
    // A hazard without a deadline (not graded yet) sorts last either way.
    .orderBy(column, (ob) => (desc ? ob.desc().nullsLast() : ob.asc().nullsLast()))
    .orderBy('hazards.id', desc ? 'desc' : 'asc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const rows = await withOwnerNames(ctx.db, found);
  const { total, capped } = await countCapped(ctx.db, base);
  return { rows, total, totalCapped: capped };
}

/** The export's rows: the ledger columns plus the description, in ledger order, at most `limit`. */
export async function ledgerExportRows(ctx: Ctx, f: LedgerFilter, limit: number) {
  const found = await ledgerQuery(ctx, f)
    .leftJoin('org_units as town', 'town.code', 'hazards.town_code')
    .select([...LEDGER_COLUMNS, 'hazards.description', 'town.name as town_name'])
    .orderBy('hazards.found_at', 'desc')
    .orderBy('hazards.id', 'desc')
    .limit(limit)
    .execute();
  // Owner names come from the registry's API (this module never reads its tables).
  return withOwnerNames(ctx.db, found);
}

export interface TownRow {
  town_code: string;
  stock_major_open: number;
  new_major_open: number;
  new_major_total: number;
  year_total: number;
  year_closed: number;
  open_total: number;
  overdue: number;
}

const openList = sql.join(OPEN_STATES.map((s) => sql.lit(s)));

/**
 * Per-town figures for the dashboard, all from the trigger-kept counters (hazard_counts) within the
 * actor's scope: open and overdue by state, the stock (found before this year) and this year's totals.
 */
export async function dashboardByTown(ctx: Ctx, year: number, town?: string): Promise<TownRow[]> {
  let q = scopedFrom(ctx, 'hazard_counts').where('dim', 'in', ['level', 'overdue']);
  if (town) q = q.where('jurisdiction_code', 'like', prefixLike(town));
  const major = sql`dim = 'level' and key = 'major'`;
  const rows = await q
    .select([
      sql<string>`substr(jurisdiction_code, 1, 9)`.as('town_code'),
      sql<number>`coalesce(sum(n) filter (where ${major} and state in (${openList}) and year < ${year}), 0)`.as('stock_major_open'),
      sql<number>`coalesce(sum(n) filter (where ${major} and state in (${openList}) and year >= ${year}), 0)`.as('new_major_open'),
      sql<number>`coalesce(sum(n) filter (where ${major} and year = ${year}), 0)`.as('new_major_total'),
      sql<number>`coalesce(sum(n) filter (where dim = 'level' and year = ${year} and state <> 'cancelled'), 0)`.as('year_total'),
      sql<number>`coalesce(sum(n) filter (where dim = 'level' and year = ${year} and state = 'closed'), 0)`.as('year_closed'),
      sql<number>`coalesce(sum(n) filter (where dim = 'level' and state in (${openList})), 0)`.as('open_total'),
      sql<number>`coalesce(sum(n) filter (where dim = 'overdue' and key = 'true' and state in (${openList})), 0)`.as('overdue'),
    ])
    .groupBy(sql`substr(jurisdiction_code, 1, 9)`)
    .execute();
  return rows.map((r) => ({
    town_code: r.town_code,
    stock_major_open: Number(r.stock_major_open),
    new_major_open: Number(r.new_major_open),
    new_major_total: Number(r.new_major_total),
    year_total: Number(r.year_total),
    year_closed: Number(r.year_closed),
    open_total: Number(r.open_total),
    overdue: Number(r.overdue),
  }));
}

export async function overdueAgeing(ctx: Ctx, now: Date, town?: string) {
  let q = scopedHazards(ctx)
    .where('hazards.state', 'in', OPEN_STATES as never[])
    .where('hazards.overdue', '=', true);
  if (town) q = q.where('hazards.town_code', '=', town);
  const rows = await q
    .select([
      sql<number>`count(*) filter (where ${now}::timestamptz - deadline < interval '7 days')`.as('d0_7'),
      sql<number>`count(*) filter (where ${now}::timestamptz - deadline >= interval '7 days' and ${now}::timestamptz - deadline < interval '30 days')`.as(
        'd7_30',
      ),
      sql<number>`count(*) filter (where ${now}::timestamptz - deadline >= interval '30 days' and ${now}::timestamptz - deadline < interval '90 days')`.as(
        'd30_90',
      ),
      sql<number>`count(*) filter (where ${now}::timestamptz - deadline >= interval '90 days')`.as('d90'),
    ])
    .executeTakeFirstOrThrow();
  return { d0_7: Number(rows.d0_7), d7_30: Number(rows.d7_30), d30_90: Number(rows.d30_90), d90: Number(rows.d90) };
}

export async function yearBreakdown(ctx: Ctx, year: number, by: 'source' | 'sector', town?: string) {
  let q = scopedFrom(ctx, 'hazard_counts').where('year', '=', year).where('dim', '=', by);
  if (town) q = q.where('jurisdiction_code', 'like', prefixLike(town));
  const rows = await q
    .select(['key', sql<number>`sum(n)`.as('total'), sql<number>`coalesce(sum(n) filter (where state in (${openList})), 0)`.as('open')])
    .groupBy('key')
    .having(sql`sum(n)`, '>', 0)
    .execute();
  return rows.map((r) => ({ key: r.key, total: Number(r.total), open: Number(r.open) }));
}

// ── one hazard ───────────────────────────────────────────────────────────────────────────────────────

export function findHazard(ctx: Ctx, id: string) {
  return scopedHazards(ctx).selectAll().where('id', '=', id).executeTakeFirst();
}

/** The hazard already made from a monitoring alarm, if any (one hazard per alarm). */
export function hazardForAlarm(ctx: Ctx, alarmId: string) {
  return scopedHazards(ctx).selectAll().where('alarm_id', '=', alarmId).executeTakeFirst();
}

/** The hazard already made from an inspection item, if any (one hazard per item). */
export function hazardForInspectionItem(ctx: Ctx, itemId: string) {
  return scopedHazards(ctx).selectAll().where('inspection_item_id', '=', itemId).executeTakeFirst();
}

export function insertHazardRow(trx: Tx, row: Insertable<HazardsTable>) {
  return trx.insertInto('hazards').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Is the enterprise the park's landlord or one of its tenants? */
/** Everything the 一患一档 file shows besides the hazard row itself (already scope-checked by the caller). */
export async function hazardFile(db: Tx, h: HazardRow) {
  const [{ enterprise, park }, units, clause, plans, progress, extensions, supervisions, events] = await Promise.all([
    ownerDetails(db, h.enterprise_id, h.park_id),
    db.selectFrom('org_units').select(['code', 'name']).where('code', 'in', [h.jurisdiction_code, h.town_code]).execute(),
    h.clause_id
      ? db
          .selectFrom('hazard_clauses')
          .innerJoin('hazard_standards', 'hazard_standards.id', 'hazard_clauses.standard_id')
          .select([
            ...columnsOf('hazard_clauses', ['id', 'number', 'category', 'text', 'text_kind']),
            'hazard_standards.name as standard_name',
            'hazard_standards.version as standard_version',
          ])
          .where('hazard_clauses.id', '=', h.clause_id)
          .executeTakeFirst()
      : undefined,
    db.selectFrom('hazard_plans').selectAll().where('hazard_id', '=', h.id).orderBy('created_at').execute(),
    db.selectFrom('hazard_progress').selectAll().where('hazard_id', '=', h.id).orderBy('created_at').execute(),
    db.selectFrom('hazard_extensions').selectAll().where('hazard_id', '=', h.id).orderBy('requested_at').execute(),
    db.selectFrom('hazard_supervisions').selectAll().where('hazard_id', '=', h.id).orderBy('created_at').execute(),
    readHistory(db, 'hazard', h.id),
  ]);
  return { enterprise, park, units, clause, plans, progress, extensions, supervisions, events };
}

/** Live, published 挂牌督办 notices for the public page (no personal data selected). */
export async function publicSupervisionRows(db: Tx, now: Date) {
  const rows = await db
    .selectFrom('hazard_supervisions')
    .innerJoin('hazards', 'hazards.id', 'hazard_supervisions.hazard_id')
    .leftJoin('org_units', 'org_units.code', 'hazards.town_code')
    .select([
      ...columnsOf('hazard_supervisions', ['notice_no', 'issuer', 'level', 'deadline', 'published_at', 'stop_production']),
      ...columnsOf('hazards', ['title', 'code', 'enterprise_id', 'park_id', 'location']),
      'org_units.name as town_name',
    ])
    .where('hazard_supervisions.withdrawn_at', 'is', null)
    .where('hazard_supervisions.published_at', '<=', now)
    .orderBy('hazard_supervisions.published_at', 'desc')
    .limit(500)
    .execute();
  return withOwnerNames(db, rows);
}

/** Extension requests of hazards in scope, newest first. */
export function extensionQueue(ctx: Ctx, status?: 'pending' | 'approved' | 'denied') {
  let query = scopedHazards(ctx)
    .innerJoin('hazard_extensions', 'hazard_extensions.hazard_id', 'hazards.id')
    .select([
      'hazard_extensions.id',
      'hazard_extensions.hazard_id',
      'hazards.code',
      'hazards.title',
      ...columnsOf('hazard_extensions', ['reason', 'old_deadline', 'new_deadline', 'status', 'requested_by_name', 'requested_at']),
    ]);
  if (status) query = query.where('hazard_extensions.status', '=', status);
  return query.orderBy('hazard_extensions.requested_at', 'desc').limit(200).execute();
}

// ── notifications ────────────────────────────────────────────────────────────────────────────────────

export async function notify(
  trx: Tx,
  n: { hazard: { id: string | null; jurisdiction_code: string }; kind: string; target: string; at: Date; message: string },
) {
  await trx
    .insertInto('hazard_notifications')
    .values({
      id: v7(),
      hazard_id: n.hazard.id,
      kind: n.kind,
      target_unit_code: n.target,
      jurisdiction_code: n.hazard.jurisdiction_code,
      message: n.message,
      created_at: n.at,
    })
    .execute();
}

// ── notifications ───────────────────────────────────────────────────────────────────────────────────

/** Notices addressed to a unit within the actor's jurisdictions (and filed in scope), newest first. */
export function notificationsFor(ctx: Ctx, unread: boolean, limit: number) {
  let query = scopedFrom(ctx, 'hazard_notifications').where((eb) =>
    eb.or(ctx.actor.jurisdictions.map((p) => eb('hazard_notifications.target_unit_code', 'like', prefixLike(p)))),
  );
  if (unread) query = query.where('read_at', 'is', null);
  return query.selectAll().orderBy('created_at', 'desc').limit(limit).execute();
}

export function findNotification(ctx: Ctx, id: string) {
  return scopedFrom(ctx, 'hazard_notifications').select(['id', 'jurisdiction_code']).where('id', '=', id).executeTakeFirst();
}

export function markRead(db: Tx, id: string, at: Date) {
  return db.updateTable('hazard_notifications').set({ read_at: at }).where('id', '=', id).where('read_at', 'is', null).execute();
}

export function townNames(db: Tx) {
  return db.selectFrom('org_units').select(['code', 'name']).where('kind', '=', 'town').orderBy('sort').execute();
}

/** Code, state and title of hazards the caller may see (another module's record links to them). */
export function hazardSummaries(ctx: Ctx, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return scopedHazards(ctx)
    .select(['id', 'code', 'state', 'title'])
    .where('id', 'in', [...ids])
    .execute();
}

// The registry's SQL, and the only place with it. Every read a user asks for starts from scopedFrom, so
// another town's rows (or, for an enterprise account, other enterprises) are simply not there.
import { type ExpressionBuilder, type Insertable, type Selectable, type SelectQueryBuilder, sql, type Updateable } from 'kysely';
import { SPECIAL_CATEGORIES } from '../../../shared/registry.ts';
import type { DB } from '../../db/schema.ts';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { insertHistory as insertHistoryRows, readHistory } from '../../platform/history.ts';
import type { RegistryHistoryInsert } from './registry.common.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import type { EnterpriseFilters, EnterpriseSort, ParkFilters, ParkSort, RiskPointFilters, RiskSort } from './registry.schema.ts';
import type {
  EnterprisesTable,
  ImportRowError,
  ImportRowNote,
  InsurancePoliciesTable,
  ParksTable,
  ParkTenantsTable,
  RegistryEntity,
  RegistryVersion,
  RegistryPoliciesTable,
  RiskPointsTable,
  RiskReviewRemindersTable,
} from './registry.tables.ts';
import { countCapped } from '../../platform/pagination.ts';
import { columnsOf, containsLike, prefixLike } from '../../platform/sql.ts';

export type EnterpriseRow = Omit<Selectable<EnterprisesTable>, 'name_grams'>;
export type ParkRow = Omit<Selectable<ParksTable>, 'name_grams'>;
export type RiskPointRow = Selectable<RiskPointsTable>;
export type InsuranceRow = Selectable<InsurancePoliciesTable>;
export type ParkListRow = ParkRow & { landlord_name: string | null; tenant_count: number | null; signed_count: number | null };

export const ENTERPRISE_COLUMNS = [
  'enterprises.id',
  'enterprises.credit_code',
  'enterprises.name',
  'enterprises.address',
  'enterprises.lon',
  'enterprises.lat',
  'enterprises.jurisdiction_code',
  'enterprises.industry_code',
  'enterprises.industry_name',
  'enterprises.categories',
  'enterprises.headcount',
  'enterprises.principal_name',
  'enterprises.principal_phone',
  'enterprises.safety_manager_name',
  'enterprises.safety_manager_phone',
  'enterprises.risk_grade',
  'enterprises.standardization_level',
  'enterprises.credit_rating',
  'enterprises.dishonest_from',
  'enterprises.dishonest_until',
  'enterprises.key_unit',
  'enterprises.supervising_level',
  'enterprises.supervising_dept_code',
  'enterprises.iot_device_count',
  'enterprises.status',
  'enterprises.version',
  'enterprises.created_at',
  'enterprises.created_by',
  'enterprises.updated_at',
  'enterprises.updated_by',
] as const;

const PARK_COLUMNS = [
  'parks.id',
  'parks.name',
  'parks.kind',
  'parks.address',
  'parks.lon',
  'parks.lat',
  'parks.jurisdiction_code',
  'parks.landlord_id',
  'parks.safety_staff_count',
  'parks.standardized',
  'parks.standardized_at',
  'parks.insured',
  'parks.version',
  'parks.created_at',
  'parks.created_by',
  'parks.updated_at',
  'parks.updated_by',
] as const;

const SIX_KINDS = SPECIAL_CATEGORIES.filter((c) => c.sixKinds).map((c) => c.key);

// ── search ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * Fuzzy name search. Each whitespace-separated term must match: a Latin/digit term as a name substring or a
 * credit-code prefix; a Chinese term by having all its characters in the name, in any order (the GIN index
 * on name_grams answers this, including the one- and two-character terms that a trigram index cannot).
 */
function nameSearch(eb: ExpressionBuilder<DB, 'enterprises' | 'parks'>, table: 'enterprises' | 'parks', q: string) {
  const terms = q.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  const conds = terms.map((term) => {
    if (/^[0-9a-z]+$/.test(term)) {
      const code = eb('enterprises.credit_code', 'like', prefixLike(term.toUpperCase()));
      // Six or more characters starting with a digit: a credit code being typed, never part of a name.
      if (table === 'enterprises' && /^[0-9][0-9a-z]{5,}$/.test(term)) return code;
      // Letters and digits: the characters narrow the rows through the grams index, ILIKE keeps the order.
      const like = eb.and([
        eb(sql.ref(`${table}.name_grams`), '@>', sql<string[]>`${[...new Set([...term])]}::text[]`),
        eb(sql.ref(`${table}.name`), 'ilike', containsLike(term)),
      ]);
      return table === 'enterprises' ? eb.or([like, code]) : like;
    }
    const chars = [...new Set([...term])];
    return eb(sql.ref(`${table}.name_grams`), '@>', sql<string[]>`${chars}::text[]`);
  });
  return eb.and(conds);
}

/** Rows whose name contains the whole query come first. */
const relevance = (table: string, q: string) => sql<boolean>`(${sql.ref(`${table}.name`)} ilike ${containsLike(q.trim())})`;

// ── enterprises ─────────────────────────────────────────────────────────────────────────────────────
/** Enterprises the caller may see. Enterprise and park accounts are confined to their own enterprise. */
export const scopedEnterprises = (ctx: Ctx) => scopedFrom(ctx, 'enterprises', { enterprise: 'enterprises.id' });

/** The enterprise is the park's landlord or a tenant that has not moved out. */
export function inPark(eb: ExpressionBuilder<DB, 'enterprises'>, parkId: string) {
  return eb.or([
    eb.exists(
      eb
        .selectFrom('park_tenants')
        .select(sql.lit(1).as('x'))
        .whereRef('park_tenants.enterprise_id', '=', 'enterprises.id')
        .where('park_tenants.park_id', '=', parkId)
        .where('park_tenants.moved_out_at', 'is', null),
    ),
    eb.exists(eb.selectFrom('parks').select(sql.lit(1).as('x')).whereRef('parks.landlord_id', '=', 'enterprises.id').where('parks.id', '=', parkId)),
  ]);
}

export function filterEnterprises<O>(qb: SelectQueryBuilder<DB, 'enterprises', O>, f: EnterpriseFilters, today: string) {
  let q = qb;
  if (f.q?.trim()) q = q.where((eb) => nameSearch(eb as never, 'enterprises', f.q as string));
  if (f.creditCode) q = q.where('enterprises.credit_code', 'like', prefixLike(f.creditCode.toUpperCase()));
  if (f.town) q = q.where('enterprises.jurisdiction_code', 'like', prefixLike(f.town));
  if (f.industry) q = q.where('enterprises.industry_code', 'like', prefixLike(f.industry));
  if (f.category) q = q.where(sql<boolean>`enterprises.categories @> ${[f.category]}::text[]`);
  if (f.sixKinds === 'true') q = q.where(sql<boolean>`enterprises.categories && ${SIX_KINDS}::text[]`);
  if (f.sixKinds === 'false') q = q.where(sql<boolean>`not (enterprises.categories && ${SIX_KINDS}::text[])`);
  if (f.riskGrade === 'none') q = q.where('enterprises.risk_grade', 'is', null);
  else if (f.riskGrade) q = q.where('enterprises.risk_grade', '=', f.riskGrade);
  if (f.keyUnit) q = q.where('enterprises.key_unit', '=', f.keyUnit === 'true');
  if (f.dishonest) {
    const listed = (eb: ExpressionBuilder<DB, 'enterprises'>) =>
      eb.and([
        eb('enterprises.dishonest_from', '<=', today),
        eb.or([eb('enterprises.dishonest_until', 'is', null), eb('enterprises.dishonest_until', '>=', today)]),
      ]);
    q = f.dishonest === 'true' ? q.where(listed) : q.where((eb) => eb.not(listed(eb)));
  }
  if (f.standardized) q = q.where('enterprises.standardization_level', f.standardized === 'true' ? '<>' : '=', 'none');
  if (f.standardizationLevel) q = q.where('enterprises.standardization_level', '=', f.standardizationLevel);
  if (f.supervisingLevel) q = q.where('enterprises.supervising_level', '=', f.supervisingLevel);
  if (f.status) q = q.where('enterprises.status', '=', f.status);
  if (f.parkId) {
    const parkId = f.parkId;
    q = q.where((eb) => inPark(eb, parkId));
  }
  return q;
}

export async function listEnterprises(
  ctx: Ctx,
  f: EnterpriseFilters,
  opts: { page: number; pageSize: number; sort?: EnterpriseSort; today: string },
): Promise<{ rows: EnterpriseRow[]; total: number; capped: boolean }> {
  const base = filterEnterprises(scopedEnterprises(ctx), f, opts.today);
  let rowsQ = base.select([...ENTERPRISE_COLUMNS]);
  const desc = opts.sort?.startsWith('-') ?? false;
  const by = opts.sort?.replace(/^-/, '');
  // An explicit sort comes first; a search without one orders by relevance.
  if (by === 'updatedAt') rowsQ = rowsQ.orderBy('enterprises.updated_at', desc ? 'desc' : 'asc');
  // Grade from the most severe (red) down; ungraded last either way.
  if (by === 'riskGrade')
    rowsQ = rowsQ.orderBy(sql`array_position(array['red','orange','yellow','blue'], enterprises.risk_grade)`, (ob) =>
      desc ? ob.desc().nullsLast() : ob.asc().nullsLast(),
    );
  if (!by && f.q?.trim()) rowsQ = rowsQ.orderBy(relevance('enterprises', f.q), 'desc');
  rowsQ = rowsQ
    .orderBy('enterprises.name', by === 'name' && desc ? 'desc' : 'asc')
    .orderBy('enterprises.id', by === 'name' && desc ? 'desc' : 'asc')
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  const [rows, count] = await Promise.all([rowsQ.execute(), countCapped(ctx.db, base)]);
  return { rows: rows as EnterpriseRow[], ...count };
}

/** Walk a filtered list in id order, a page at a time (exports never hold the whole list in memory). */
export async function* iterateEnterprises(ctx: Ctx, f: EnterpriseFilters, today: string, batch = 2000): AsyncGenerator<EnterpriseRow[]> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await filterEnterprises(scopedEnterprises(ctx), f, today)
      .select([...ENTERPRISE_COLUMNS])
      .where('enterprises.id', '>', after)
      .orderBy('enterprises.id')
      .limit(batch)
      .execute()) as EnterpriseRow[];
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].id;
  }
}

export async function enterprisePoints(ctx: Ctx, f: EnterpriseFilters, today: string, limit: number) {
  return filterEnterprises(scopedEnterprises(ctx), f, today)
    .select(columnsOf('enterprises', ['id', 'name', 'lon', 'lat', 'risk_grade', 'key_unit', 'categories']))
    .where('enterprises.lon', 'is not', null)
    .orderBy(sql`array_position(array['red','orange','yellow','blue'], enterprises.risk_grade)`, (ob) => ob.asc().nullsLast())
    .orderBy('enterprises.id')
    .limit(limit + 1)
    .execute();
}

export async function getEnterprise(ctx: Ctx, id: string): Promise<EnterpriseRow | undefined> {
  return (await scopedEnterprises(ctx)
    .select([...ENTERPRISE_COLUMNS])
    .where('enterprises.id', '=', id)
    .executeTakeFirst()) as EnterpriseRow | undefined;
}

/** A row by id regardless of scope, locked for the caller's update (the service checks scope itself). */
export async function lockEnterprise(trx: Tx, id: string): Promise<EnterpriseRow | undefined> {
  return (await trx
    .selectFrom('enterprises')
    .select([...ENTERPRISE_COLUMNS])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()) as EnterpriseRow | undefined;
}

export async function enterprisesByCreditCode(trx: Tx, codes: string[], lock = false): Promise<EnterpriseRow[]> {
  if (codes.length === 0) return [];
  let q = trx
    .selectFrom('enterprises')
    .select([...ENTERPRISE_COLUMNS])
    .where('credit_code', 'in', codes);
  if (lock) q = q.forUpdate();
  return (await q.execute()) as EnterpriseRow[];
}

export async function creditCodeTaken(trx: Tx, code: string, exceptId?: string): Promise<boolean> {
  let q = trx.selectFrom('enterprises').select('id').where('credit_code', '=', code);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function insertEnterprises(trx: Tx, rows: Insertable<EnterprisesTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('enterprises').values(rows).execute();
}

export async function updateEnterprise(trx: Tx, id: string, patch: Updateable<EnterprisesTable>): Promise<void> {
  await trx.updateTable('enterprises').set(patch).where('id', '=', id).execute();
}

/** An enterprise's name and credit code by id, regardless of scope (the caller has checked the record naming it). */
export async function enterpriseName(db: Tx, id: string) {
  return db.selectFrom('enterprises').select(['id', 'name', 'credit_code']).where('id', '=', id).executeTakeFirst();
}

/** Insert new rows and overwrite changed ones by credit code in one statement (Excel import). */
export async function upsertEnterprisesByCreditCode(trx: Tx, rows: Insertable<EnterprisesTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('enterprises')
    .values(rows)
    .onConflict((oc) =>
      oc.column('credit_code').doUpdateSet((eb) => {
        const keep = new Set(['id', 'credit_code', 'created_at', 'created_by']);
        const set: Record<string, unknown> = {};
        for (const k of Object.keys(rows[0])) if (!keep.has(k)) set[k] = eb.ref(`excluded.${k}` as never);
        return set as never;
      }),
    )
    .execute();
}

// ── history ─────────────────────────────────────────────────────────────────────────────────────────
// The registry's versions are rows of the platform history (aggregate = the entity type, the version in data).
export async function insertHistory(trx: Tx, rows: RegistryHistoryInsert[]): Promise<void> {
  await insertHistoryRows(trx, rows);
}

/** The last version recorded for an entity (0 when none). */
export async function lastHistoryVersion(db: Tx, entityType: RegistryEntity, entityId: string): Promise<number> {
  const [last] = await readHistory(db, entityType, entityId, { newestFirst: true, limit: 1 });
  return (last?.data as RegistryVersion | undefined)?.version ?? 0;
}

export async function listHistory(db: Tx, entityType: RegistryEntity, entityId: string) {
  return readHistory(db, entityType, entityId, { newestFirst: true, limit: 500 });
}

// ── parks and tenants ───────────────────────────────────────────────────────────────────────────────
/** Parks the caller may see; a park operator's account is tied to its landlord enterprise. */
export const scopedParks = (ctx: Ctx) => scopedFrom(ctx, 'parks', { enterprise: 'parks.landlord_id' });

function filterParks<O>(qb: SelectQueryBuilder<DB, 'parks', O>, f: ParkFilters) {
  let q = qb;
  if (f.q?.trim()) q = q.where((eb) => nameSearch(eb as never, 'parks', f.q as string));
  if (f.town) q = q.where('parks.jurisdiction_code', 'like', prefixLike(f.town));
  if (f.kind) q = q.where('parks.kind', '=', f.kind);
  if (f.standardized) q = q.where('parks.standardized', '=', f.standardized === 'true');
  if (f.insured) q = q.where('parks.insured', '=', f.insured === 'true');
  return q;
}

const tenantCount = (eb: ExpressionBuilder<DB, 'parks'>) =>
  eb
    .selectFrom('park_tenants')
    .select((e) => e.fn.countAll<number>().as('n'))
    .whereRef('park_tenants.park_id', '=', 'parks.id')
    .where('park_tenants.moved_out_at', 'is', null)
    .as('tenant_count');
const signedCount = (eb: ExpressionBuilder<DB, 'parks'>) =>
  eb
    .selectFrom('park_tenants')
    .select((e) => e.fn.countAll<number>().as('n'))
    .whereRef('park_tenants.park_id', '=', 'parks.id')
    .where('park_tenants.moved_out_at', 'is', null)
    .where('park_tenants.agreement_signed', '=', true)
    .as('signed_count');

export async function listParks(
  ctx: Ctx,
  f: ParkFilters,
  opts: { page: number; pageSize: number; sort?: ParkSort },
): Promise<{ rows: ParkListRow[]; total: number; capped: boolean }> {
  const base = filterParks(scopedParks(ctx), f);
  let rowsQ = base
    .leftJoin('enterprises as landlord', 'landlord.id', 'parks.landlord_id')
    .select([...PARK_COLUMNS, 'landlord.name as landlord_name', tenantCount, signedCount]);
  const desc = opts.sort?.startsWith('-') ?? false;
  const by = opts.sort?.replace(/^-/, '');
  if (by === 'tenants') rowsQ = rowsQ.orderBy(sql.ref('tenant_count'), desc ? 'desc' : 'asc');
  if (!by && f.q?.trim()) rowsQ = rowsQ.orderBy(relevance('parks', f.q), 'desc');
  const [rows, count] = await Promise.all([
    rowsQ
      .orderBy('parks.name', by === 'name' && desc ? 'desc' : 'asc')
      .orderBy('parks.id', by === 'name' && desc ? 'desc' : 'asc')
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize)
      .execute(),
    countCapped(ctx.db, base),
  ]);
  return { rows, ...count };
}

export async function allParks(ctx: Ctx, f: ParkFilters, limit: number) {
  return filterParks(scopedParks(ctx), f)
    .leftJoin('enterprises as landlord', 'landlord.id', 'parks.landlord_id')
    .select([...PARK_COLUMNS, 'landlord.name as landlord_name', 'landlord.credit_code as landlord_credit_code', tenantCount, signedCount])
    .orderBy('parks.jurisdiction_code')
    .orderBy('parks.name')
    .limit(limit)
    .execute();
}

export async function getPark(ctx: Ctx, id: string): Promise<ParkRow | undefined> {
  return (await scopedParks(ctx)
    .select([...PARK_COLUMNS])
    .where('parks.id', '=', id)
    .executeTakeFirst()) as ParkRow | undefined;
}

export async function lockPark(trx: Tx, id: string): Promise<ParkRow | undefined> {
  return (await trx
    .selectFrom('parks')
    .select([...PARK_COLUMNS])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()) as ParkRow | undefined;
}

export async function insertPark(trx: Tx, row: Insertable<ParksTable>): Promise<void> {
  await trx.insertInto('parks').values(row).execute();
}

export async function updatePark(trx: Tx, id: string, patch: Updateable<ParksTable>): Promise<void> {
  await trx.updateTable('parks').set(patch).where('id', '=', id).execute();
}

export async function tenancy(db: Tx, parkId: string, enterpriseId: string) {
  return db.selectFrom('park_tenants').selectAll().where('park_id', '=', parkId).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
}

export async function upsertTenancy(
  trx: Tx,
  parkId: string,
  enterpriseId: string,
  values: Omit<Insertable<ParkTenantsTable>, 'park_id' | 'enterprise_id'>,
): Promise<void> {
  await trx
    .insertInto('park_tenants')
    .values({ park_id: parkId, enterprise_id: enterpriseId, ...values })
    .onConflict((oc) => oc.columns(['park_id', 'enterprise_id']).doUpdateSet(values))
    .execute();
}

export async function parkNameTaken(trx: Tx, townCode: string, name: string, exceptId?: string) {
  let q = trx.selectFrom('parks').select('id').where(sql<string>`substr(jurisdiction_code, 1, 9)`, '=', townCode).where('name', '=', name);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function parkTenants(db: Tx, parkId: string) {
  return db
    .selectFrom('park_tenants')
    .innerJoin('enterprises', 'enterprises.id', 'park_tenants.enterprise_id')
    .select([
      'park_tenants.enterprise_id',
      'park_tenants.relation',
      'park_tenants.agreement_signed',
      'park_tenants.agreement_signed_at',
      'park_tenants.agreement_expires_at',
      'park_tenants.agreement_file_id',
      'park_tenants.moved_in_at',
      'park_tenants.moved_out_at',
      ...columnsOf('enterprises', ['name', 'credit_code', 'risk_grade', 'categories']),
    ])
    .where('park_tenants.park_id', '=', parkId)
    .orderBy('park_tenants.moved_out_at', (ob) => ob.asc().nullsFirst())
    .orderBy('enterprises.name')
    .execute();
}

/** The parks an enterprise is in (as tenant) or owns (as landlord). */
export async function parksOfEnterprise(db: Tx, enterpriseId: string) {
  const asTenant = await db
    .selectFrom('park_tenants')
    .innerJoin('parks', 'parks.id', 'park_tenants.park_id')
    .select([
      'parks.id',
      'parks.name',
      'parks.kind',
      ...columnsOf('park_tenants', ['relation', 'agreement_signed', 'agreement_expires_at', 'moved_in_at', 'moved_out_at']),
    ])
    .where('park_tenants.enterprise_id', '=', enterpriseId)
    .execute();
  const asLandlord = await db.selectFrom('parks').select(['parks.id', 'parks.name', 'parks.kind']).where('landlord_id', '=', enterpriseId).execute();
  return { asTenant, asLandlord };
}

export async function parkStats(ctx: Ctx) {
  const rows = await scopedParks(ctx)
    .select([
      sql<string>`substr(parks.jurisdiction_code, 1, 9)`.as('town'),
      (eb) => eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) filter (where parks.standardized)`.as('standardized'),
      sql<number>`count(*) filter (where parks.insured)`.as('insured'),
    ])
    .groupBy(sql`substr(parks.jurisdiction_code, 1, 9)`)
    .execute();
  const tenants = await scopedParks(ctx)
    .innerJoin('park_tenants', 'park_tenants.park_id', 'parks.id')
    .where('park_tenants.moved_out_at', 'is', null)
    .select([(eb) => eb.fn.countAll<number>().as('total'), sql<number>`count(*) filter (where park_tenants.agreement_signed)`.as('signed')])
    .executeTakeFirstOrThrow();
  return { rows, tenants };
}

export async function enterpriseStats(ctx: Ctx, today: string) {
  const byGrade = await scopedEnterprises(ctx)
    .select(['enterprises.risk_grade', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('enterprises.risk_grade')
    .execute();
  const byTown = await scopedEnterprises(ctx)
    .select([sql<string>`substr(enterprises.jurisdiction_code, 1, 9)`.as('town'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(sql`substr(enterprises.jurisdiction_code, 1, 9)`)
    .execute();
  const flags = await scopedEnterprises(ctx)
    .select([
      (eb) => eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) filter (where enterprises.key_unit)`.as('key_units'),
      sql<number>`count(*) filter (where enterprises.categories && ${SIX_KINDS}::text[])`.as('six_kinds'),
      sql<number>`count(*) filter (where enterprises.standardization_level <> 'none')`.as('standardized'),
      sql<number>`count(*) filter (where enterprises.dishonest_from <= ${today} and (enterprises.dishonest_until is null or enterprises.dishonest_until >= ${today}))`.as(
        'dishonest',
      ),
    ])
    .executeTakeFirstOrThrow();
  const byCategory = await scopedEnterprises(ctx)
    .select([sql<string>`unnest(enterprises.categories)`.as('category'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(sql`1`)
    .execute();
  return { byGrade, byTown, flags, byCategory };
}

// ── risk points ─────────────────────────────────────────────────────────────────────────────────────
export const scopedRiskPoints = (ctx: Ctx) => scopedFrom(ctx, 'risk_points', { enterprise: 'risk_points.enterprise_id' });

export function filterRiskPoints<O>(qb: SelectQueryBuilder<DB, 'risk_points', O>, f: RiskPointFilters, today: string) {
  let q = qb;
  if (f.q?.trim()) {
    const like = containsLike(f.q.trim());
    q = q.where((eb) => eb.or([eb('risk_points.name', 'ilike', like), eb('risk_points.area', 'ilike', like), eb('risk_points.hazard_source', 'ilike', like)]));
  }
  if (f.enterpriseId) q = q.where('risk_points.enterprise_id', '=', f.enterpriseId);
  if (f.town) q = q.where('risk_points.jurisdiction_code', 'like', prefixLike(f.town));
  if (f.grade) q = q.where('risk_points.grade', '=', f.grade);
  if (f.controlTier) q = q.where('risk_points.control_tier', '=', f.controlTier);
  if (f.reviewDue === 'true') q = q.where('risk_points.next_review_on', '<=', today).where('risk_points.status', '=', 'active');
  if (f.status) q = q.where('risk_points.status', '=', f.status);
  return q;
}

const RISK_COLUMNS = [
  'risk_points.id',
  'risk_points.enterprise_id',
  'risk_points.jurisdiction_code',
  'risk_points.name',
  'risk_points.area',
  'risk_points.hazard_source',
  'risk_points.accident_type',
  'risk_points.lec_l',
  'risk_points.lec_e',
  'risk_points.lec_c',
  'risk_points.lec_d',
  'risk_points.grade',
  'risk_points.policy_version',
  'risk_points.control_measures',
  'risk_points.control_tier',
  'risk_points.owner_name',
  'risk_points.owner_phone',
  'risk_points.review_cycle_days',
  'risk_points.last_reviewed_on',
  'risk_points.next_review_on',
  'risk_points.lon',
  'risk_points.lat',
  'risk_points.status',
  'risk_points.version',
  'risk_points.created_at',
  'risk_points.created_by',
  'risk_points.updated_at',
  'risk_points.updated_by',
] as const;

export async function listRiskPoints(ctx: Ctx, f: RiskPointFilters, opts: { page: number; pageSize: number; today: string; sort?: RiskSort }) {
  const base = filterRiskPoints(scopedRiskPoints(ctx), f, opts.today);
  const desc = opts.sort?.startsWith('-') ?? false;
  const by = opts.sort?.replace(/^-/, '') ?? 'grade';
  let rowsQ = base.innerJoin('enterprises', 'enterprises.id', 'risk_points.enterprise_id').select([...RISK_COLUMNS, 'enterprises.name as enterprise_name']);
  if (by === 'nextReviewOn') rowsQ = rowsQ.orderBy('risk_points.next_review_on', desc ? 'desc' : 'asc');
  if (by === 'lecD') rowsQ = rowsQ.orderBy('risk_points.lec_d', desc ? 'desc' : 'asc');
  // Grade from the most severe (red) down; `-grade` from blue up. Within a grade the highest D first.
  const [rows, count] = await Promise.all([
    rowsQ
      .orderBy(sql`array_position(array['red','orange','yellow','blue'], risk_points.grade)`, by === 'grade' && desc ? 'desc' : 'asc')
      .orderBy('risk_points.lec_d', 'desc')
      .orderBy('risk_points.id')
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize)
      .execute(),
    countCapped(ctx.db, base),
  ]);
  return { rows, ...count };
}

export async function allRiskPoints(ctx: Ctx, f: RiskPointFilters, today: string, limit: number) {
  return filterRiskPoints(scopedRiskPoints(ctx), f, today)
    .innerJoin('enterprises', 'enterprises.id', 'risk_points.enterprise_id')
    .select([...RISK_COLUMNS, 'enterprises.name as enterprise_name', 'enterprises.credit_code', 'enterprises.lon as e_lon', 'enterprises.lat as e_lat'])
    .orderBy(sql`array_position(array['red','orange','yellow','blue'], risk_points.grade)`)
    .orderBy('risk_points.id')
    .limit(limit)
    .execute();
}

export async function getRiskPoint(ctx: Ctx, id: string) {
  return scopedRiskPoints(ctx)
    .innerJoin('enterprises', 'enterprises.id', 'risk_points.enterprise_id')
    .select([...RISK_COLUMNS, 'enterprises.name as enterprise_name'])
    .where('risk_points.id', '=', id)
    .executeTakeFirst();
}

export async function lockRiskPoint(trx: Tx, id: string): Promise<RiskPointRow | undefined> {
  return trx.selectFrom('risk_points').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertRiskPoint(trx: Tx, row: Insertable<RiskPointsTable>): Promise<void> {
  await trx.insertInto('risk_points').values(row).execute();
}

export async function updateRiskPoint(trx: Tx, id: string, patch: Updateable<RiskPointsTable>): Promise<void> {
  await trx.updateTable('risk_points').set(patch).where('id', '=', id).execute();
}

/** Close a risk point's open "review due" reminders (reviewed or retired). */
export async function resolveReminders(trx: Tx, riskPointId: string, at: Date): Promise<void> {
  await trx.updateTable('risk_review_reminders').set({ resolved_at: at }).where('risk_point_id', '=', riskPointId).where('resolved_at', 'is', null).execute();
}

/** What the review-due job needs of a risk point (read by id: the job runs for the system). */
export async function reminderTarget(trx: Tx, id: string) {
  return trx
    .selectFrom('risk_points')
    .select(['id', 'status', 'next_review_on', 'jurisdiction_code', 'enterprise_id', 'name', 'grade'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Open a reminder for one due date; undefined when it is already open (a job retried). */
export async function insertReminder(trx: Tx, row: Insertable<RiskReviewRemindersTable>) {
  return trx
    .insertInto('risk_review_reminders')
    .values(row)
    .onConflict((oc) => oc.columns(['risk_point_id', 'due_on']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** Open reminders in the caller's scope, soonest due first. */
export async function openReminders(ctx: Ctx, limit: number) {
  return scopedFrom(ctx, 'risk_review_reminders', {
    jurisdiction: 'risk_review_reminders.jurisdiction_code',
    enterprise: 'risk_review_reminders.enterprise_id',
  })
    .innerJoin('risk_points', 'risk_points.id', 'risk_review_reminders.risk_point_id')
    .innerJoin('enterprises', 'enterprises.id', 'risk_review_reminders.enterprise_id')
    .select([
      ...columnsOf('risk_review_reminders', ['id', 'risk_point_id', 'due_on', 'created_at', 'enterprise_id']),
      'risk_points.name',
      'risk_points.grade',
      'enterprises.name as enterprise_name',
    ])
    .where('risk_review_reminders.resolved_at', 'is', null)
    .orderBy('risk_review_reminders.due_on')
    .limit(limit)
    .execute();
}

export async function riskGradeCounts(ctx: Ctx, today: string) {
  return scopedRiskPoints(ctx)
    .where('risk_points.status', '=', 'active')
    .select([
      'risk_points.grade',
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`count(*) filter (where risk_points.next_review_on <= ${today})`.as('due'),
    ])
    .groupBy('risk_points.grade')
    .execute();
}

// ── insurance ───────────────────────────────────────────────────────────────────────────────────────
export const scopedInsurance = (ctx: Ctx) => scopedFrom(ctx, 'insurance_policies', { enterprise: 'insurance_policies.enterprise_id' });

export async function listInsurance(ctx: Ctx, f: { enterpriseId?: string; parkId?: string }, limit: number): Promise<InsuranceRow[]> {
  let q = scopedInsurance(ctx).selectAll();
  if (f.enterpriseId) q = q.where('insurance_policies.enterprise_id', '=', f.enterpriseId);
  if (f.parkId) q = q.where('insurance_policies.park_id', '=', f.parkId);
  return q.orderBy('insurance_policies.ends_on', 'desc').limit(limit).execute();
}

export async function lockInsurance(trx: Tx, id: string): Promise<InsuranceRow | undefined> {
  return trx.selectFrom('insurance_policies').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertInsurance(trx: Tx, row: Insertable<InsurancePoliciesTable>): Promise<void> {
  await trx.insertInto('insurance_policies').values(row).execute();
}

export async function updateInsurance(trx: Tx, id: string, patch: Updateable<InsurancePoliciesTable>): Promise<void> {
  await trx.updateTable('insurance_policies').set(patch).where('id', '=', id).execute();
}

// ── policy data ─────────────────────────────────────────────────────────────────────────────────────
export async function currentPolicy(db: Tx, key: string, at: Date) {
  return db
    .selectFrom('registry_policies')
    .selectAll()
    .where('key', '=', key)
    .where('effective_from', '<=', at)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function policyVersions(db: Tx, key: string) {
  return db.selectFrom('registry_policies').select(['version', 'value', 'effective_from', 'note']).where('key', '=', key).orderBy('version', 'desc').execute();
}

/** The newest version of a policy (0 when none), locked so two writers cannot both take the next number. */
export async function lockLastPolicyVersion(trx: Tx, key: string): Promise<number> {
  const last = await trx
    .selectFrom('registry_policies')
    .select('version')
    .where('key', '=', key)
    .orderBy('version', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  return last?.version ?? 0;
}

export async function insertPolicy(trx: Tx, row: Insertable<RegistryPoliciesTable>): Promise<void> {
  await trx.insertInto('registry_policies').values(row).execute();
}

// ── imports ─────────────────────────────────────────────────────────────────────────────────────────
export async function importProgress(
  db: Tx,
  id: string,
  p: { processed: number; inserted: number; updated: number; unchanged: number; failed: number; errors: ImportRowError[]; notes: ImportRowNote[] },
) {
  await db
    .updateTable('registry_imports')
    .set({ ...p, errors: JSON.stringify(p.errors), notes: JSON.stringify(p.notes) })
    .where('id', '=', id)
    .execute();
}

/** Parks with a position, coloured by the worst grade among the landlord and current tenants. */
export async function parkPoints(ctx: Ctx, f: ParkFilters, limit: number) {
  return filterParks(scopedParks(ctx), f)
    .select([
      ...columnsOf('parks', ['id', 'name', 'lon', 'lat', 'standardized']),
      sql<number | null>`(select min(array_position(array['red','orange','yellow','blue'], e.risk_grade)) from enterprises e
        where e.id = parks.landlord_id or e.id in (select t.enterprise_id from park_tenants t where t.park_id = parks.id and t.moved_out_at is null))`.as(
        'worst',
      ),
    ])
    .where('parks.lon', 'is not', null)
    .orderBy('parks.id')
    .limit(limit + 1)
    .execute();
}

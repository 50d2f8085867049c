// What other modules may ask the registry. They never read its tables (enterprises, parks, park_tenants…):
// they call these, so the registry can change its tables without breaking them (server/test/boundaries.test.ts).
import { type RequireVisibleOptions, requireAllVisible, requireVisible, scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { sql } from 'kysely';
import { prefixLike } from '../../platform/sql.ts';
import { inPark } from './registry.repo.ts';
import type { RiskGrade, StandardizationLevel } from './registry.tables.ts';

/** Where an enterprise or park is: what a record placed on it inherits. */
export interface Place {
  id: string;
  name: string;
  jurisdiction_code: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
}

/** An enterprise the caller may see, or undefined. */
export function findEnterprise(ctx: Ctx, id: string): Promise<(Place & { credit_code: string; principal_name: string | null }) | undefined> {
  return scopedFrom(ctx, 'enterprises', { enterprise: 'enterprises.id' })
    .select(['id', 'name', 'jurisdiction_code', 'address', 'lon', 'lat', 'credit_code', 'principal_name'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The enterprise with this credit code, if the caller may see it. */
export function findEnterpriseByCreditCode(ctx: Ctx, creditCode: string): Promise<{ id: string } | undefined> {
  return scopedFrom(ctx, 'enterprises', { enterprise: 'enterprises.id' }).select('id').where('credit_code', '=', creditCode).executeTakeFirst();
}

/** A park the caller may see (a park operator: the parks it is landlord of), or undefined. */
export function findPark(ctx: Ctx, id: string): Promise<(Place & { landlord_id: string | null }) | undefined> {
  return scopedFrom(ctx, 'parks', { enterprise: 'parks.landlord_id' })
    .select(['id', 'name', 'jurisdiction_code', 'address', 'lon', 'lat', 'landlord_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The parks and active enterprises the caller may see under a jurisdiction prefix, with what a completion view
 * needs (who should have patrolled or led a check): a park operator sees its own parks, an enterprise user itself.
 */
export function parksUnder(ctx: Ctx, prefix: string) {
  return scopedFrom(ctx, 'parks', { enterprise: 'parks.landlord_id' })
    .select(['id', 'name', 'jurisdiction_code', 'landlord_id'])
    .where('jurisdiction_code', 'like', prefixLike(prefix))
    .orderBy('jurisdiction_code')
    .orderBy('name')
    .execute();
}
export function enterprisesUnder(ctx: Ctx, prefix: string) {
  return scopedFrom(ctx, 'enterprises', { enterprise: 'enterprises.id' })
    .select(['id', 'name', 'jurisdiction_code', 'principal_name'])
    .where('status', '=', 'active')
    .where('jurisdiction_code', 'like', prefixLike(prefix))
    .orderBy('jurisdiction_code')
    .orderBy('name')
    .execute();
}

/** The parks the caller may see (an enterprise user: the ones it is landlord of). */
export function visibleParks(ctx: Ctx): Promise<{ id: string; name: string }[]> {
  return scopedFrom(ctx, 'parks', { enterprise: 'parks.landlord_id' }).select(['id', 'name']).execute();
}

/** A request's enterprise reference, checked to be in the caller's scope (a 400 naming `field` otherwise). */
export const requireEnterprise = (ctx: Ctx, id: string, field: string, opts?: RequireVisibleOptions) => requireVisible(ctx, 'enterprises', id, field, opts);
/** A request's park reference, checked to be in the caller's scope (a 400 naming `field` otherwise). */
export const requirePark = (ctx: Ctx, id: string, field: string, opts?: RequireVisibleOptions) => requireVisible(ctx, 'parks', id, field, opts);

/** A request's list of enterprise references, each checked as requireEnterprise (the error names `field.i`). */
export const requireEnterprises = (ctx: Ctx, ids: readonly string[], field: string, opts?: RequireVisibleOptions) =>
  requireAllVisible(ctx, 'enterprises', ids, field, opts);
/** A request's list of park references, each checked as requirePark (the error names `field.i`). */
export const requireParks = (ctx: Ctx, ids: readonly string[], field: string, opts?: RequireVisibleOptions) =>
  requireAllVisible(ctx, 'parks', ids, field, opts);

/** Is the enterprise the park's landlord or one of its tenants? */
export async function enterpriseInPark(db: Tx, parkId: string, enterpriseId: string): Promise<boolean> {
  const landlord = await db.selectFrom('parks').select('id').where('id', '=', parkId).where('landlord_id', '=', enterpriseId).executeTakeFirst();
  if (landlord) return true;
  const tenant = await db
    .selectFrom('park_tenants')
    .select('park_id')
    .where('park_id', '=', parkId)
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirst();
  return !!tenant;
}

/**
 * Rows of another module that point at an enterprise and/or park, with the names added (what a join on the
 * registry's tables did): one query per kind for the whole page.
 */
export async function withOwnerNames<T extends { enterprise_id: string | null; park_id: string | null }>(
  db: Tx,
  rows: T[],
): Promise<(T & { enterprise_name: string | null; park_name: string | null })[]> {
  const names = async (table: 'enterprises' | 'parks', key: 'enterprise_id' | 'park_id') => {
    const ids = [...new Set(rows.map((r) => r[key]).filter((id): id is string => !!id))];
    const out = new Map<string, string>();
    // In chunks: an export passes tens of thousands of rows, more ids than one statement takes as parameters.
    for (let i = 0; i < ids.length; i += 5000)
      for (const x of await db
        .selectFrom(table)
        .select(['id', 'name'])
        .where('id', 'in', ids.slice(i, i + 5000))
        .execute())
        out.set(x.id, x.name);
    return out;
  };
  const e = await names('enterprises', 'enterprise_id');
  const p = await names('parks', 'park_id');
  return rows.map((r) => ({ ...r, enterprise_name: (r.enterprise_id && e.get(r.enterprise_id)) ?? null, park_name: (r.park_id && p.get(r.park_id)) ?? null }));
}

/** Names and addresses for a detail page (no scope check: the caller has checked the record that points here). */
export async function ownerDetails(db: Tx, enterpriseId: string | null, parkId: string | null) {
  const [enterprise, park] = await Promise.all([
    enterpriseId
      ? db.selectFrom('enterprises').select(['id', 'name', 'address', 'credit_code', 'principal_name']).where('id', '=', enterpriseId).executeTakeFirst()
      : undefined,
    parkId ? db.selectFrom('parks').select(['id', 'name', 'address']).where('id', '=', parkId).executeTakeFirst() : undefined,
  ]);
  return { enterprise, park };
}

/** Active enterprises under a jurisdiction that have a safety manager's phone (warning recipients). */
export function enterpriseSafetyContacts(db: Tx, jurisdictionCode: string) {
  return db
    .selectFrom('enterprises')
    .select(['id', 'name', 'safety_manager_name', 'safety_manager_phone', 'jurisdiction_code', 'lon', 'lat'])
    .where('status', '=', 'active')
    .where('safety_manager_phone', 'is not', null)
    .where('jurisdiction_code', 'like', prefixLike(jurisdictionCode))
    .orderBy('jurisdiction_code')
    .execute();
}

/** Demo data of other modules: a sample of enterprises and parks to attach records to. */
export async function seedSample(db: Tx, limits: { enterprises: number; parks: number }) {
  const [enterprises, parks] = await Promise.all([
    db
      .selectFrom('enterprises')
      .select(['id', 'name', 'lon', 'lat', 'jurisdiction_code', 'address', 'principal_name'])
      .orderBy('id')
      .limit(limits.enterprises)
      .execute(),
    db.selectFrom('parks').select(['id', 'name', 'lon', 'lat', 'jurisdiction_code', 'address', 'landlord_id']).orderBy('id').limit(limits.parks).execute(),
  ]);
  return { enterprises, parks };
}

/** What the supervision lists classify an enterprise by (分级分类): the registry's own record of each. */
export interface SupervisionInputs {
  id: string;
  name: string;
  credit_code: string;
  jurisdiction_code: string;
  categories: string[];
  standardization_level: 'level1' | 'level2' | 'level3' | 'none';
  credit_rating: string | null;
  /** On the serious-dishonesty list (严重失信) on `day`. */
  dishonest: boolean;
  key_unit: boolean;
  supervising_level: 'district' | 'town';
}

/**
 * The class inputs of the active enterprises the caller may see (all of them, or the given ids), in credit-code
 * order: the graded list is generated from these and a class is computed for one not on the list.
 */
export async function supervisionInputs(ctx: Ctx, day: string, ids?: readonly string[]): Promise<SupervisionInputs[]> {
  const out: SupervisionInputs[] = [];
  const chunks = ids ? Array.from({ length: Math.ceil(ids.length / 5000) }, (_, i) => ids.slice(i * 5000, i * 5000 + 5000)) : [undefined];
  for (const chunk of chunks) {
    if (chunk && chunk.length === 0) continue;
    let q = scopedFrom(ctx, 'enterprises', { enterprise: 'enterprises.id' })
      .select([
        'id',
        'name',
        'credit_code',
        'jurisdiction_code',
        'categories',
        'standardization_level',
        'credit_rating',
        'dishonest_from',
        'dishonest_until',
        'key_unit',
        'supervising_level',
      ])
      .where('status', '=', 'active');
    if (chunk) q = q.where('id', 'in', chunk);
    for (const r of await q.orderBy('credit_code').execute())
      out.push({
        id: r.id,
        name: r.name,
        credit_code: r.credit_code,
        jurisdiction_code: r.jurisdiction_code,
        categories: r.categories,
        standardization_level: r.standardization_level,
        credit_rating: r.credit_rating,
        dishonest: !!r.dishonest_from && r.dishonest_from <= day && (!r.dishonest_until || r.dishonest_until >= day),
        key_unit: r.key_unit,
        supervising_level: r.supervising_level,
      });
  }
  return out;
}

/** Enterprises the caller may see, by credit code (an import's rows name enterprises by it). */
export async function enterprisesByCreditCode(
  ctx: Ctx,
  codes: readonly string[],
): Promise<Map<string, { id: string; name: string; jurisdiction_code: string }>> {
  const out = new Map<string, { id: string; name: string; jurisdiction_code: string }>();
  const unique = [...new Set(codes)];
  for (let i = 0; i < unique.length; i += 5000)
    for (const r of await scopedFrom(ctx, 'enterprises', { enterprise: 'enterprises.id' })
      .select(['id', 'name', 'credit_code', 'jurisdiction_code'])
      .where('credit_code', 'in', unique.slice(i, i + 5000))
      .execute())
      out.set(r.credit_code, { id: r.id, name: r.name, jurisdiction_code: r.jurisdiction_code });
  return out;
}

/** Names and credit codes of enterprises by id (no scope check: the caller has checked the rows that point here). */
export async function enterpriseNames(db: Tx, ids: readonly string[]): Promise<Map<string, { name: string; credit_code: string }>> {
  const out = new Map<string, { name: string; credit_code: string }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 5000)
    for (const r of await db
      .selectFrom('enterprises')
      .select(['id', 'name', 'credit_code'])
      .where('id', 'in', unique.slice(i, i + 5000))
      .execute())
      out.set(r.id, { name: r.name, credit_code: r.credit_code });
  return out;
}

/** An entity-pool filter of a 双随机 draw (every part optional; parts combine with AND, values in a part with OR). */
export interface PoolFilter {
  /** Town (or village) codes: the enterprise is filed under one of them. */
  towns?: string[];
  /** 国民经济行业分类 codes (2–4 digits): the enterprise's industry code starts with one of them. */
  industries?: string[];
  /** Special categories (hazardous chemicals, 六类…): the enterprise has one of them. */
  categories?: string[];
  /** Headcount ranges, each [min, max] (max null: no upper bound). */
  headcounts?: [number, number | null][];
  keyUnit?: boolean;
  parkId?: string;
  riskGrades?: RiskGrade[];
  standardizationLevels?: StandardizationLevel[];
  supervisingLevel?: 'district' | 'town';
}

/**
 * The active enterprises the caller may see that match a draw's filter, by id: the entity pool of a 双随机 draw
 * (ids, names and where they are filed; the draws module snapshots them at its commit).
 */
export function poolEnterprises(ctx: Ctx, f: PoolFilter): Promise<{ id: string; name: string; jurisdiction_code: string }[]> {
  let q = scopedFrom(ctx, 'enterprises', { enterprise: 'enterprises.id' }).where('enterprises.status', '=', 'active');
  if (f.towns?.length) {
    const towns = f.towns;
    q = q.where((eb) => eb.or(towns.map((t) => eb('enterprises.jurisdiction_code', 'like', prefixLike(t)))));
  }
  if (f.industries?.length) {
    const codes = f.industries;
    q = q.where((eb) => eb.or(codes.map((c) => eb('enterprises.industry_code', 'like', prefixLike(c)))));
  }
  if (f.categories?.length) q = q.where(sql<boolean>`enterprises.categories && ${f.categories}::text[]`);
  if (f.headcounts?.length) {
    const ranges = f.headcounts;
    q = q.where((eb) =>
      eb.or(
        ranges.map(([min, max]) =>
          max === null ? eb('enterprises.headcount', '>=', min) : eb.and([eb('enterprises.headcount', '>=', min), eb('enterprises.headcount', '<=', max)]),
        ),
      ),
    );
  }
  if (f.keyUnit !== undefined) q = q.where('enterprises.key_unit', '=', f.keyUnit);
  if (f.riskGrades?.length) q = q.where('enterprises.risk_grade', 'in', f.riskGrades);
  if (f.standardizationLevels?.length) q = q.where('enterprises.standardization_level', 'in', f.standardizationLevels);
  if (f.supervisingLevel) q = q.where('enterprises.supervising_level', '=', f.supervisingLevel);
  if (f.parkId) {
    const parkId = f.parkId;
    q = q.where((eb) => inPark(eb, parkId));
  }
  return q.select(['enterprises.id', 'enterprises.name', 'enterprises.jurisdiction_code']).orderBy('enterprises.id').execute();
}

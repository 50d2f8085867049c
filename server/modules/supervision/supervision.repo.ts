// SQL for the supervision lists and checklists: versions, their rows by kind, the frequency policy, imports.
// Lists and checklists are district-wide (no jurisdiction); the graded list's rows are filed where their
// enterprise is and read through scopedFrom.
import { sql } from 'kysely';
import type { VersionKind } from '../../../shared/supervision.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { scopedFrom } from '../../platform/access.ts';
import { containsLike } from '../../platform/sql.ts';

/** The table holding each kind's rows. */
export const ROW_TABLES = {
  powers: 'supervision_powers',
  items: 'supervision_items',
  grades: 'supervision_grades',
  checklist: 'supervision_checklist_items',
} as const satisfies Record<VersionKind, string>;

// ── versions ──
export function findVersion(db: Tx, id: string) {
  return db.selectFrom('supervision_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockVersion(db: Tx, id: string) {
  return db.selectFrom('supervision_versions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function versionsOf(db: Tx, kind: VersionKind, checklistId: string | null) {
  let q = db.selectFrom('supervision_versions').selectAll().where('kind', '=', kind);
  q = checklistId ? q.where('checklist_id', '=', checklistId) : q.where('checklist_id', 'is', null);
  return q.orderBy('number', 'desc').execute();
}

/** Rows per version (one query for a version list). */
export async function rowCounts(db: Tx, kind: VersionKind, versionIds: string[]): Promise<Map<string, number>> {
  if (versionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom(ROW_TABLES[kind])
    .select(['version_id', sql<number>`count(*)::int`.as('n')])
    .where('version_id', 'in', versionIds)
    .groupBy('version_id')
    .execute();
  return new Map(rows.map((r) => [r.version_id, Number(r.n)]));
}

/** The version in force of a list (or a checklist), if any. */
export function currentVersion(db: Tx, kind: VersionKind, checklistId: string | null = null) {
  let q = db.selectFrom('supervision_versions').selectAll().where('kind', '=', kind).where('status', '=', 'published');
  q = checklistId ? q.where('checklist_id', '=', checklistId) : q.where('checklist_id', 'is', null);
  return q.executeTakeFirst();
}

/** Lock every version of one list (so two drafts or two publications cannot race). */
export async function lockList(db: Tx, kind: VersionKind, checklistId: string | null) {
  let q = db.selectFrom('supervision_versions').select(['id', 'number', 'status']).where('kind', '=', kind);
  q = checklistId ? q.where('checklist_id', '=', checklistId) : q.where('checklist_id', 'is', null);
  return q.forUpdate().execute();
}

// ── rows of the simple kinds ──
export function powersOf(db: Tx, versionId: string, f: { q?: string; powerType?: string[]; unitCode?: string } = {}) {
  let q = db.selectFrom('supervision_powers').selectAll().where('version_id', '=', versionId);
  if (f.q) {
    const like = containsLike(f.q);
    q = q.where((eb) => eb.or([eb('matter', 'ilike', like), eb('basis', 'ilike', like), eb('code', 'ilike', like)]));
  }
  if (f.powerType?.length) q = q.where('power_type', 'in', f.powerType as never);
  if (f.unitCode) q = q.where('unit_code', '=', f.unitCode);
  return q;
}

export function itemsOf(db: Tx, versionId: string, f: { q?: string; unitCode?: string } = {}) {
  let q = db.selectFrom('supervision_items').selectAll().where('version_id', '=', versionId);
  if (f.q) {
    const like = containsLike(f.q);
    q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('basis', 'ilike', like), eb('subject', 'ilike', like), eb('code', 'ilike', like)]));
  }
  if (f.unitCode) q = q.where('unit_code', '=', f.unitCode);
  return q;
}

export function checklistItemsOf(db: Tx, versionId: string) {
  return db.selectFrom('supervision_checklist_items').selectAll().where('version_id', '=', versionId).orderBy('sort').orderBy('id').execute();
}

export interface GradeFilter {
  town?: string;
  level?: string[];
  keyUnit?: boolean;
  sector?: string[];
  standardization?: string[];
  enterpriseIds?: string[];
}

/** The graded list's rows the caller may see (filed where their enterprise is). */
export function gradesOf(ctx: Ctx, versionId: string, f: GradeFilter = {}) {
  let q = scopedFrom(ctx, 'supervision_grades', { enterprise: 'supervision_grades.enterprise_id' }).where('version_id', '=', versionId);
  if (f.town) q = q.where('jurisdiction_code', 'like', `${f.town}%`);
  if (f.level?.length) q = q.where('level', 'in', f.level as never);
  if (f.keyUnit !== undefined) q = q.where('key_unit', '=', f.keyUnit);
  if (f.sector?.length) q = q.where('sector', 'in', f.sector as never);
  if (f.standardization?.length) q = q.where('standardization', 'in', f.standardization as never);
  if (f.enterpriseIds) q = q.where('enterprise_id', 'in', f.enterpriseIds.length ? f.enterpriseIds : ['00000000-0000-0000-0000-000000000000']);
  return q;
}

/** Counts of a graded list by town and level (what the chart shows), within the caller's scope. */
export function gradeCounts(ctx: Ctx, versionId: string) {
  return scopedFrom(ctx, 'supervision_grades', { enterprise: 'supervision_grades.enterprise_id' })
    .select([
      sql<string>`substr(jurisdiction_code, 1, 9)`.as('town'),
      'level',
      sql<number>`count(*)::int`.as('n'),
      sql<number>`count(*) filter (where key_unit)::int`.as('key_units'),
      sql<number>`coalesce(sum(annual_cap), 0)::int`.as('cap'),
    ])
    .where('version_id', '=', versionId)
    .groupBy([sql`substr(jurisdiction_code, 1, 9)`, 'level'])
    .execute();
}

export function maxSort(db: Tx, kind: VersionKind, versionId: string) {
  return db
    .selectFrom(ROW_TABLES[kind])
    .select(sql<number>`coalesce(max(sort), 0)::int`.as('m'))
    .where('version_id', '=', versionId)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.m));
}

export function deleteRows(db: Tx, kind: VersionKind, versionId: string) {
  return db.deleteFrom(ROW_TABLES[kind]).where('version_id', '=', versionId).execute();
}

/** Copy one version's rows into another (a new draft starts from the version in force). */
export async function copyRows(db: Tx, kind: VersionKind, from: string, to: string) {
  const cols: Record<VersionKind, string[]> = {
    powers: ['sort', 'code', 'unit_code', 'matter', 'power_type', 'basis', 'note'],
    items: ['sort', 'code', 'name', 'subject', 'basis', 'method', 'frequency', 'unit_code'],
    grades: ['enterprise_id', 'jurisdiction_code', 'level', 'key_unit', 'sector', 'standardization', 'credit', 'annual_cap', 'note'],
    checklist: ['sort', 'content', 'basis', 'method', 'major', 'clause_id'],
  };
  const list = sql.join(cols[kind].map((c) => sql.ref(c)));
  // uuid v7-like ids are not needed for copies' order (rows sort by `sort`); gen_random_uuid keeps it one statement.
  await sql`insert into ${sql.table(ROW_TABLES[kind])} (id, version_id, ${list})
    select gen_random_uuid(), ${to}::uuid, ${list} from ${sql.table(ROW_TABLES[kind])} where version_id = ${from}::uuid`.execute(db);
}

/** Insert rows in statements of at most 1,000. */
export async function insertRows<T extends VersionKind>(db: Tx, kind: T, rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto(ROW_TABLES[kind])
      .values(rows.slice(i, i + 1000) as never)
      .execute();
}

// ── org units (names where a person reads a unit) ──
export async function unitNames(db: Tx): Promise<Map<string, string>> {
  const rows = await db.selectFrom('org_units').select(['code', 'name']).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

// ── frequency policy ──
export function policyVersions(db: Tx) {
  return db.selectFrom('supervision_policy').selectAll().orderBy('version', 'desc').execute();
}

export async function lastPolicyVersion(db: Tx): Promise<number> {
  await sql`lock table supervision_policy in share row exclusive mode`.execute(db);
  const r = await db.selectFrom('supervision_policy').select(sql<number>`coalesce(max(version), 0)::int`.as('v')).executeTakeFirstOrThrow();
  return Number(r.v);
}

// ── checklists ──
export interface ChecklistFilter {
  q?: string;
  topic?: string[];
}

export function checklistsQuery(db: Tx, f: ChecklistFilter) {
  let q = db.selectFrom('supervision_checklists');
  if (f.q) {
    const like = containsLike(f.q);
    q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('industry', 'ilike', like)]));
  }
  if (f.topic?.length) q = q.where('topic', 'in', f.topic);
  return q;
}

/** Each checklist's version in force and draft (number and id), for a list page. */
export async function checklistVersionSummary(db: Tx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('supervision_versions')
    .select(['id', 'checklist_id', 'number', 'status', 'effective_from'])
    .where('checklist_id', 'in', ids)
    .where('status', 'in', ['draft', 'published'])
    .execute();
}

// ── imports ──
export function findImport(db: Tx, id: string) {
  return db.selectFrom('supervision_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

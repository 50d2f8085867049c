// The demo draws are real rounds: both drawn through the service, each verifiable from its stored inputs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrgTree } from '../../platform/orgs/orgs.service.ts';
import { type TestRuntime, testRuntime } from '../../test/helpers.ts';
import { seedCases } from '../cases/cases.seed.ts';
import { seedInspections } from '../inspections/inspections.seed.ts';
import { seedRegistry } from '../registry/registry.seed.ts';
import { verification } from './draws.reads.ts';
import { seedDraws } from './draws.seed.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await testRuntime();
  await seedOrgTree(t.deps.db);
  await seedRegistry(t.deps);
}, 300_000);
afterAll(() => t?.dispose());

it('seeds two drawn 2026 draws that verify', async () => {
  await seedDraws(t.deps, () => {});
  const draws = await t.deps.db.selectFrom('draws').selectAll().orderBy('code').execute();
  expect(draws.map((d) => [d.code, d.state])).toEqual([
    ['SJ-2026-001', 'drawn'],
    ['SJ-2026-002', 'drawn'],
  ]);
  for (const d of draws) {
    const v = await verification(t.deps.db, d, new Date());
    expect(v.ok, v.message).toBe(true);
  }
  const tasks = await t.deps.db.selectFrom('draw_tasks').select(['draw_id']).execute();
  expect(tasks.length).toBe(20);
  await seedDraws(t.deps, () => {}); // a second run adds nothing
  expect((await t.deps.db.selectFrom('draws').select('id').execute()).length).toBe(2);
}, 300_000);

it('every officer named on a seeded inspection or case holds an enforcement licence (the draws seed issues them)', async () => {
  await seedCases(t.deps, () => {});
  await seedInspections(t.deps, () => {});
  const licensed = new Set(
    (await t.deps.db.selectFrom('enforcement_licences').select('user_id').where('revoked_at', 'is', null).execute()).map((l) => l.user_id),
  );
  const cases = await t.deps.db.selectFrom('cases').select(['officer_ids', 'officer_names']).execute();
  const inspections = await t.deps.db.selectFrom('inspections').select(['officers']).where('kind', '=', 'enforcement').execute();
  expect(cases.length).toBeGreaterThan(0);
  expect(inspections.length).toBeGreaterThan(0);
  const named = [...cases.flatMap((c) => c.officer_ids), ...inspections.flatMap((i) => i.officers.map((o) => o.userId))];
  expect(named.filter((id) => !licensed.has(id))).toEqual([]);
  for (const c of cases) expect(c.officer_ids).toHaveLength(2);
}, 300_000);

// The demo draws are real rounds: both drawn through the service, each verifiable from its stored inputs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrgTree } from '../../platform/orgs/orgs.service.ts';
import { type TestRuntime, testRuntime } from '../../test/helpers.ts';
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

// The demo lists: two versions of the powers list (the first superseded), the public items in force, the graded
// list over the seeded registry with its 127 district key units, and four published checklists citing the
// criteria catalogue.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.ts';
import { type TestRuntime, testRuntime } from '../../test/helpers.ts';
import { seedRegistry } from '../registry/registry.seed.ts';
import { getChecklistVersion, supervisionItems } from './api.ts';
import { gradeStats } from './supervision.grades.ts';
import { seedSupervision } from './supervision.seed.ts';
import { listVersions } from './supervision.versions.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await testRuntime();
}, 60_000);
afterAll(() => t?.dispose());

it('seeds the three lists and four checklists over the registry, once', async () => {
  await seedRegistry(t.deps);
  const seen: number[] = [];
  await seedSupervision(t.deps, (done, total) => seen.push(done / total));
  expect(seen.at(-1)).toBe(1);
  const ctx = systemCtx(t.deps);
  const powers = await listVersions(ctx, 'powers');
  expect(powers.items.map((v) => [v.number, v.status])).toEqual([
    [2, 'published'],
    [1, 'superseded'],
  ]);
  expect(powers.items[0].rows).toBeGreaterThan(powers.items[1].rows);
  const items = await supervisionItems(ctx);
  expect(items.items.length).toBeGreaterThan(20);
  expect(items.items.every((i) => i.basis.length > 0 && i.unitName !== i.unitCode)).toBe(true);

  const stats = await gradeStats(ctx);
  expect(stats.keyUnits).toBe(127);
  expect(stats.byLevel.find((l) => l.level === 'district')?.count).toBeGreaterThanOrEqual(127);
  expect(stats.byTown.length).toBe(17);

  const checklists = await t.deps.db
    .selectFrom('supervision_versions')
    .select('id')
    .where('kind', '=', 'checklist')
    .where('status', '=', 'published')
    .execute();
  expect(checklists).toHaveLength(4);
  const all = await Promise.all(checklists.map((c) => getChecklistVersion(ctx, c.id)));
  expect(all.filter((c) => c?.items.some((i) => i.clauseId && i.major)).length).toBe(3);
  expect(all.map((c) => c?.topic).sort()).toEqual(['dust', 'forest_fire', 'hazchem', 'multi_tenant']);

  // Idempotent.
  await seedSupervision(t.deps, () => {});
  expect((await listVersions(ctx, 'powers')).items).toHaveLength(2);
}, 180_000);

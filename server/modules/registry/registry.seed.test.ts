// The demo seed: the shape the bureau's summary describes, valid codes, fake phones, deterministic.
import { expect, it } from 'vitest';
import { checkCreditCode, HAISHU_TOWNS, inHaishu, SPECIAL_CATEGORIES } from '../../../shared/registry.ts';
import { fileTestApp } from '../../test/helpers.ts';
import { generateRegistry } from './registry.generate.ts';
import { seedRegistry, villagesByTown } from './registry.seed.ts';

const t = fileTestApp({ timeout: 60_000 });

it('seeds 568 parks, thousands of tenants over 17 towns, 127 key units, valid codes, reporting progress', async () => {
  const seen: number[] = [];
  await seedRegistry(t.deps, (done, total) => seen.push(done / total));
  expect(seen.at(-1)).toBe(1);
  const db = t.deps.db;
  const enterprises = await db
    .selectFrom('enterprises')
    .select(['credit_code', 'jurisdiction_code', 'key_unit', 'categories', 'lon', 'lat', 'principal_phone'])
    .execute();
  expect(enterprises.length).toBeGreaterThan(3000);
  expect(enterprises.every((e) => checkCreditCode(e.credit_code).ok)).toBe(true);
  expect(enterprises.every((e) => inHaishu(e.lon as number, e.lat as number))).toBe(true);
  expect(enterprises.every((e) => /^17000000\d{3}$|^1700000\d{4}$/.test(e.principal_phone ?? ''))).toBe(true);
  expect(enterprises.filter((e) => e.key_unit)).toHaveLength(127);
  const towns = new Set(enterprises.map((e) => e.jurisdiction_code.slice(0, 9)));
  expect(towns.size).toBe(HAISHU_TOWNS.length);
  const count = (town: string) => enterprises.filter((e) => e.jurisdiction_code.startsWith(town)).length;
  expect(count('330203009')).toBeGreaterThan(count('330203002') * 5); // 石碶 (industrial) ≫ 江厦 (central)
  for (const c of SPECIAL_CATEGORIES.filter((x) => x.sixKinds))
    expect(
      enterprises.some((e) => e.categories.includes(c.key)),
      c.zh,
    ).toBe(true);
  expect(await db.selectFrom('parks').select('id').execute()).toHaveLength(568);
  const tenants = await db.selectFrom('park_tenants').select('park_id').execute();
  expect(tenants.length).toBeGreaterThan(2000);
  const points = await db.selectFrom('risk_points').select(['id', 'grade']).execute();
  expect(new Set(points.map((p) => p.grade))).toEqual(new Set(['red', 'orange', 'yellow', 'blue']));
  const jobs = await db.selectFrom('jobs').select('id').where('kind', '=', 'registry.riskReviewDue').execute();
  expect(jobs).toHaveLength(points.length);
  // Running it again does not duplicate anything.
  await seedRegistry(t.deps);
  expect(await db.selectFrom('parks').select('id').execute()).toHaveLength(568);
}, 60_000);

it('is deterministic for a seed', async () => {
  const villages = await villagesByTown(t.deps);
  const a = generateRegistry({ seed: 7, parks: 20, standalone: 10, keyUnits: 3, villages, today: '2025-06-01', now: new Date(0) });
  const b = generateRegistry({ seed: 7, parks: 20, standalone: 10, keyUnits: 3, villages, today: '2025-06-01', now: new Date(0) });
  expect(a.enterprises.map((e) => [e.name, e.credit_code])).toEqual(b.enterprises.map((e) => [e.name, e.credit_code]));
});

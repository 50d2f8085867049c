// The demo data counts: every park is inspected in 2024 (the annual summary's "all parks inspected"), most
// parks patrolled today, the completion view reads them back per town, and the officers' inspections count on the plans.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestApp, testApp, userSession } from '../../test/helpers.ts';
import * as make from '../../test/factories.ts';
import { seedInspections } from './inspections.seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t?.dispose());

it('seeds a year of park checks: 2024 counts every park inspected; today’s patrols and principals’ checks are counted', async () => {
  const landlords = await Promise.all([1, 2, 3, 4, 5, 6].map(() => make.enterprise(t.deps.db, make.TOWN_A)));
  for (const l of landlords) await make.park(t.deps.db, make.TOWN_A, { landlord_id: l });
  await make.park(t.deps.db, make.TOWN_B);
  for (let i = 0; i < 4; i++) await make.enterprise(t.deps.db, make.TOWN_B); // past the six drafts, some officers' inspections complete
  await seedInspections(t.deps, () => {});
  const admin = await userSession(t, { roles: ['district_admin'] });
  const y2024 = (await t.app.inject({ url: '/api/inspections/completion?day=2024-12-31', headers: admin.headers })).json();
  expect(y2024.parks.total).toBe(7);
  expect(y2024.parks.inspectedThisYear).toBe(7);
  const now = (await t.app.inject({ url: '/api/inspections/completion', headers: admin.headers })).json();
  expect(now.parks.total).toBe(7);
  expect(now.parks.patrolledToday + now.notPatrolled.length).toBe(7);
  expect(now.byTown.map((x: { townCode: string }) => x.townCode).sort()).toEqual([make.TOWN_A, make.TOWN_B]);
  // The per-town bars add up to the headline numbers (a town's share is never read from the other side).
  const sum = (k: 'parks' | 'patrolled') => now.byTown.reduce((n: number, x: Record<string, number>) => n + x[k], 0);
  expect([sum('parks'), sum('patrolled')]).toEqual([now.parks.total, now.parks.patrolledToday]);
  const ledger = (await t.app.inject({ url: '/api/inspections?kind=enforcement&pageSize=5', headers: admin.headers })).json();
  expect(ledger.total).toBeGreaterThan(0);
  // Each completed officers' inspection was counted for the plans, through the call a signature makes.
  const done = await t.deps.db.selectFrom('inspections').select('id').where('kind', '=', 'enforcement').where('state', '=', 'completed').execute();
  const counted = await t.deps.db.selectFrom('plan_inspections').select('inspection_id').execute();
  expect(done.length).toBeGreaterThan(0);
  expect(counted.map((c) => c.inspection_id).sort()).toEqual(done.map((d) => d.id).sort());
  // Seeding again adds nothing.
  const before = ledger.total;
  await seedInspections(t.deps, () => {});
  expect((await t.app.inject({ url: '/api/inspections?kind=enforcement&pageSize=5', headers: admin.headers })).json().total).toBe(before);
});

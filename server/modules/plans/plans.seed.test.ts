// The demo data: the forest fire campaign counts what the seed reports (20 groups, 21 checkpoints, 500+
// person-times, 24 hazards found and rectified), the park campaign covers every park, this year's plans run and
// count the inspections module's seeded inspections (seeded after the plans, as in the demo).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDetail } from '../../../shared/plans.dto.ts';
import { systemCtx } from '../../platform/context.ts';
import * as make from '../../test/factories.ts';
import { type TestApp, testApp } from '../../test/helpers.ts';
import { seedInspections } from '../inspections/inspections.seed.ts';
import { seedPlans } from './plans.seed.ts';
import { getPlan, listPlans } from './plans.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  for (let i = 0; i < 12; i++) await make.park(t.deps.db, i % 2 ? '330203009' : '330203100');
  for (let i = 0; i < 20; i++) await make.enterprise(t.deps.db, i % 2 ? '330203009' : '330203100', i % 5 === 0 ? { supervising_level: 'district' } : {});
  await seedPlans(t.deps, () => {});
  await seedInspections(t.deps, () => {});
});
afterAll(() => t?.dispose());

const metrics = (d: PlanDetail) => Object.fromEntries((d.campaign?.metrics ?? []).map((m) => [m.metric, m.achieved]));

describe('plans seed', () => {
  it('the forest fire and park campaigns of the years before, closed, with their activities counted', async () => {
    const ctx = systemCtx(t.deps);
    const all = (await listPlans(ctx, { page: 1, pageSize: 200 })).items;
    const fire = all.find((p) => p.campaignKind === 'forest_fire' && p.year === 2024);
    expect(fire?.state).toBe('closed');
    const f = metrics(await getPlan(ctx, fire?.id as string));
    expect(f).toMatchObject({ groups: 20, checkpoints: 21, hazardsFound: 24, hazardsRectified: 24 });
    expect(f.personTimes).toBeGreaterThanOrEqual(500);
    const parks = all.find((p) => p.campaignKind === 'multi_tenant_parks' && p.year === 2024);
    expect(metrics(await getPlan(ctx, parks?.id as string)).parks).toBe(12);
  });

  it('this year: the district plan and one per town, running, with inspections counted', async () => {
    const ctx = systemCtx(t.deps);
    const routine = (await listPlans(ctx, { kind: 'routine', year: 2026, page: 1, pageSize: 200 })).items;
    expect(routine).toHaveLength(18);
    expect(routine.every((p) => p.state === 'active')).toBe(true);
    const district = await getPlan(ctx, routine.find((p) => p.jurisdictionCode === '330203')?.id as string);
    expect(district.progress?.enterprises).toBe(4);
    const total = (await Promise.all(routine.map((p) => getPlan(ctx, p.id)))).reduce((n, d) => n + (d.progress?.inspections ?? 0), 0);
    expect(total).toBeGreaterThan(0);
  });
});

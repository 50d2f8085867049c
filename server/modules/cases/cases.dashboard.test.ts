// 监管执法看板 over a small seeded set: plan completion, findings per inspection, cases by cause, fines in fen
// (decided, paid, outstanding), average days per stage, per year and quarter, per town; a town user sees only
// its own town; an empty period answers zeros and nulls.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnforcementDashboard } from '../../../shared/cases.dto.ts';
import { FakeClock } from '../../platform/clock.ts';
import * as make from '../../test/factories.ts';
import { expectFieldError, type Session, type TestApp, testApp, userSession } from '../../test/helpers.ts';

const { TOWN_A, TOWN_B, DISTRICT } = make;
const at = (s: string) => new Date(`${s}+08:00`);
let t: TestApp;
let district: Session;
let townUser: Session;

async function inspection(
  town: string,
  completedAt: string,
  failed: number,
  over: { kind?: 'enforcement' | 'park_daily'; state?: 'completed' | 'in_progress' } = {},
) {
  await t.deps.db
    .insertInto('inspections')
    .values({
      id: uuidv7(),
      code: `JC${make.uniq()}`,
      kind: over.kind ?? 'enforcement',
      title: '执法检查',
      jurisdiction_code: town,
      town_code: town,
      state: over.state ?? 'completed',
      items_total: 10,
      items_failed: failed,
      completed_at: at(completedAt),
    })
    .execute();
}

async function progress(planId: string, required: number, done: number, town = TOWN_A) {
  const enterpriseId = await make.enterprise(t.deps.db, town);
  await t.deps.db
    .insertInto('plan_progress')
    .values({
      plan_id: planId,
      enterprise_id: enterpriseId,
      enterprise_name: '企业',
      credit_code: make.creditCode(),
      jurisdiction_code: town,
      town_code: town,
      required,
      cap: 4,
      done,
    })
    .execute();
}

beforeAll(async () => {
  t = await testApp({ clock: new FakeClock(at('2026-06-01T10:00:00')) });
  district = await userSession(t, { roles: ['district_admin'] });
  townUser = await userSession(t, { roles: ['town_staff'], unit: TOWN_A });
  const db = t.deps.db;

  // An approved annual routine plan of 石碶街道: 3 + 2 required, 2 + 3 done (the extra one does not count) → 4 / 5.
  const annual = await make.plan(db, TOWN_A, { kind: 'routine', campaign_kind: null, state: 'approved', supervising_level: 'town' });
  await progress(annual, 3, 2);
  await progress(annual, 2, 3);
  // A draft plan (高桥镇's) counts nothing.
  await progress(await make.plan(db, TOWN_B, { kind: 'routine', campaign_kind: null, state: 'draft' }), 9, 0, TOWN_B);

  // Two signed enforcement inspections in 2026 Q1 with 3 + 1 failed items; one of 2025, a patrol and an open one do not count.
  await inspection(TOWN_A, '2026-01-15T10:00:00', 3);
  await inspection(TOWN_A, '2026-03-20T10:00:00', 1);
  await inspection(TOWN_A, '2025-12-20T10:00:00', 5);
  await inspection(TOWN_A, '2026-02-01T10:00:00', 7, { kind: 'park_daily' });
  await inspection(TOWN_A, '2026-02-01T10:00:00', 7, { state: 'in_progress' });

  // Case 1 (Q1): filed, opened 2 days later, notified 10 days later, decided 10 days later; two parties (一案双罚).
  const c1 = await make.enforcementCase(db, TOWN_A, {
    cause: '未按规定开展安全培训',
    state: 'decided',
    filed_at: at('2026-02-01T09:00:00'),
    opened_at: at('2026-02-03T09:00:00'),
    notified_at: at('2026-02-13T09:00:00'),
    decided_at: at('2026-02-23T09:00:00'),
  });
  await db.updateTable('case_parties').set({ paid_fen: 500_000 }).where('case_id', '=', c1).execute();
  await db
    .insertInto('case_parties')
    .values({
      id: uuidv7(),
      case_id: c1,
      sort: 1,
      kind: 'person',
      name: '胡国强',
      violation: '主要负责人未履行职责',
      article: '安全生产法第二十一条',
      penalty_article: '安全生产法第九十五条',
      level: 'general',
      penalty_kind: 'fine',
      fine_fen: 300_000,
      daily_fine_fen: 10_000,
      daily_days: 5,
      paid_fen: 350_000,
    })
    .execute();
  // Case 2 (Q1): filed only.
  await make.enforcementCase(db, TOWN_A, { cause: '未按规定开展安全培训', filed_at: at('2026-03-01T09:00:00') });
  // Case 3: filed and opened in 2025, notified and decided in January 2026 (its fine counts in 2026, its filing does not).
  await make.enforcementCase(db, TOWN_A, {
    cause: '未采取措施消除事故隐患',
    state: 'decided',
    filed_at: at('2025-12-29T09:00:00'),
    opened_at: at('2025-12-31T09:00:00'),
    notified_at: at('2026-01-05T09:00:00'),
    decided_at: at('2026-01-10T09:00:00'),
  });
  // Case 4: 高桥镇, Q2. Case 5: the district's own, Q2.
  await make.enforcementCase(db, TOWN_B, { cause: '未采取措施消除事故隐患', filed_at: at('2026-05-01T09:00:00') });
  await make.enforcementCase(db, DISTRICT, { cause: '未按规定开展安全培训', filed_at: at('2026-04-01T09:00:00') });
}, 120_000);
afterAll(() => t?.dispose());

async function dashboard(s: Session, query: string): Promise<EnforcementDashboard> {
  const res = await t.app.inject({ method: 'GET', url: `/api/cases/dashboard?${query}`, headers: s.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const ZERO = {
  planRequired: 0,
  planDone: 0,
  planCompletion: null,
  inspections: 0,
  findings: 0,
  findingsPerInspection: null,
  casesFiled: 0,
  casesDecided: 0,
  fineDecidedFen: 0,
  finePaidFen: 0,
  fineOutstandingFen: 0,
};

describe('监管执法看板', () => {
  it('counts the year per town, side by side for the district, with names', async () => {
    const d = await dashboard(district, 'year=2026');
    const towns = await t.deps.db.selectFrom('org_units').select('code').where('kind', '=', 'town').execute();
    expect(d.towns.length).toBe(towns.length + 1); // every town, then 区本级
    expect(d).toMatchObject({ year: 2026, quarter: null, from: '2026-01-01', to: '2026-12-31' });
    const a = d.towns.find((r) => r.code === TOWN_A);
    expect(a).toEqual({
      code: TOWN_A,
      name: '石碶街道',
      planRequired: 5,
      planDone: 4,
      planCompletion: 0.8,
      inspections: 2,
      findings: 4,
      findingsPerInspection: 2,
      casesFiled: 2,
      casesDecided: 2,
      // case 1: 20,000 + 3,000 + 5 × 100 yuan; case 3: 20,000 yuan. Paid 5,000 + 3,500.
      fineDecidedFen: 4_350_000,
      finePaidFen: 850_000,
      fineOutstandingFen: 3_500_000,
    });
    expect(d.towns.find((r) => r.code === TOWN_B)).toMatchObject({ ...ZERO, casesFiled: 1 });
    expect(d.towns.at(-1)).toMatchObject({ code: DISTRICT, name: '区本级', casesFiled: 1 });
    const others = d.towns.filter((r) => ![TOWN_A, TOWN_B, DISTRICT].includes(r.code));
    for (const r of others) expect(r).toMatchObject(ZERO);
    expect(d.totals).toMatchObject({ planCompletion: 0.8, inspections: 2, findings: 4, casesFiled: 4, casesDecided: 2, fineOutstandingFen: 3_500_000 });
    expect(d.byCause).toEqual([
      { cause: '未按规定开展安全培训', cases: 3 },
      { cause: '未采取措施消除事故隐患', cases: 1 },
    ]);
    expect(d.stages).toEqual([
      { stage: 'filing', averageDays: 2, cases: 1 },
      { stage: 'investigating', averageDays: 7.5, cases: 2 },
      { stage: 'notified', averageDays: 7.5, cases: 2 },
      { stage: 'decided', averageDays: null, cases: 0 },
      { stage: 'executing', averageDays: null, cases: 0 },
    ]);
  });

  it('narrows to a quarter and to one town', async () => {
    const q1 = await dashboard(district, `year=2026&quarter=1&town=${TOWN_A}`);
    expect(q1).toMatchObject({ quarter: 1, from: '2026-01-01', to: '2026-03-31', town: TOWN_A });
    expect(q1.towns.map((r) => r.code)).toEqual([TOWN_A]);
    // No quarterly plan: completion is unknown, not 0 % and not 100 %.
    expect(q1.towns[0]).toMatchObject({ planRequired: 0, planCompletion: null, inspections: 2, casesFiled: 2, casesDecided: 2 });
    const q2 = await dashboard(district, 'year=2026&quarter=2');
    expect(q2.totals).toMatchObject({ casesFiled: 2, inspections: 0, findingsPerInspection: null, fineDecidedFen: 0 });
    expect(q2.byCause).toHaveLength(2);
  });

  it('a town user sees its own town only', async () => {
    const d = await dashboard(townUser, 'year=2026');
    expect(d.towns.map((r) => r.code)).toEqual([TOWN_A]);
    expect(d.totals).toMatchObject({ casesFiled: 2, fineDecidedFen: 4_350_000 });
    expect(d.byCause).toEqual([{ cause: '未按规定开展安全培训', cases: 2 }]);
    const other = await dashboard(townUser, `year=2026&town=${TOWN_B}`);
    expect(other.towns).toEqual([]);
    expect(other.totals).toMatchObject(ZERO);
  });

  it('an empty period answers zeros and nulls', async () => {
    const d = await dashboard(district, 'year=2030');
    expect(d.totals).toEqual(ZERO);
    expect(d.byCause).toEqual([]);
    expect(d.stages.every((s) => s.averageDays === null && s.cases === 0)).toBe(true);
  });

  it('refuses a bad period', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/cases/dashboard?quarter=5', headers: district.headers });
    expect(res.statusCode).toBe(400);
    expectFieldError(res, 'querystring.quarter');
    const town = await t.app.inject({ method: 'GET', url: '/api/cases/dashboard?town=3302', headers: district.headers });
    expectFieldError(town, 'querystring.town');
  });
});

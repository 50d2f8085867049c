import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_TRANSITIONS, periodOf, requiredOf } from '../../../shared/plans.ts';
import type { ActivityDto, PlanDetail, PlanView } from '../../../shared/plans.dto.ts';
import { systemCtx } from '../../platform/context.ts';
import { auditRows, rowCount, type TestApp, testApp, userSession } from '../../test/helpers.ts';
import * as make from '../../test/factories.ts';
import { checkScopeProperty } from '../../test/scope-property.ts';
import { recordInspectionDone } from './api.ts';

const TOWN_A = '330203009'; // 石碶街道
const TOWN_B = '330203100'; // 高桥镇

let t: TestApp;
type S = Awaited<ReturnType<typeof userSession>>;
let bureau: S;
let townA: S;
let townB: S;
let officer: S;

beforeAll(async () => {
  t = await testApp();
  bureau = await userSession(t, { roles: ['bureau_staff'] });
  townA = await userSession(t, { roles: ['town_staff'], unit: TOWN_A });
  townB = await userSession(t, { roles: ['town_staff'], unit: TOWN_B });
  officer = await userSession(t, { roles: ['enforcement_officer'], unit: TOWN_A });
});
afterAll(() => t?.dispose());

async function api(s: S | null, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: s?.headers ?? {}, payload: payload as never });
}

async function create(s: S, body: Record<string, unknown>) {
  const res = await api(s, 'POST', '/api/plans', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as PlanDetail;
}

const done = (enterpriseId: string, inspectionId: string, at: string, kind: 'draw' | 'routine' = 'draw') =>
  recordInspectionDone(systemCtx(t.deps), { inspectionId, enterpriseId, at, kind });

let lifecyclePlan: string;

describe('lifecycle', () => {
  it('draft → approved (future period); illegal steps 409, no permission 403, another town 404', async () => {
    const p = await create(bureau, { kind: 'routine', jurisdictionCode: '330203', year: 2027 });
    expect(p.plan.state).toBe('draft');
    expect(p.plan.supervisingLevel).toBe('district');
    expect(p.plan.code).toMatch(/^JH2027\d{5}$/);
    expect(p.actions).toEqual(['approve']);
    // A second routine plan for the same unit and period is refused.
    expect((await api(bureau, 'POST', '/api/plans', { kind: 'routine', jurisdictionCode: '330203', year: 2027 })).json().error.code).toBe('PLAN_EXISTS');

    const closeDraft = await api(bureau, 'POST', `/api/plans/${p.plan.id}/close`, {});
    expect(closeDraft.statusCode).toBe(409);
    expect(closeDraft.json().error.code).toBe('ILLEGAL_TRANSITION');
    expect((await api(officer, 'POST', `/api/plans/${p.plan.id}/approve`, {})).statusCode).toBe(403);
    // The district's plan is not a town's to see.
    expect((await api(townA, 'POST', `/api/plans/${p.plan.id}/approve`, {})).statusCode).toBe(404);

    const approved = (await api(bureau, 'POST', `/api/plans/${p.plan.id}/approve`, { note: '同意' })).json() as PlanDetail;
    expect(approved.plan.state).toBe('approved');
    expect(approved.plan.approvedByName).toBeTruthy();
    expect(approved.actions).toEqual(['activate']);
    expect((await api(bureau, 'POST', `/api/plans/${p.plan.id}/approve`, {})).json().error.code).toBe('ILLEGAL_TRANSITION');
    // `start` is the system's: nobody may take it by hand, and it is never offered.
    expect(approved.actions).not.toContain('start');

    lifecyclePlan = p.plan.id;
  });

  it('a quarterly plan covers its quarter and the enterprises due every quarter, with a quarter of the cap', () => {
    expect(periodOf(2026, 1)).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(periodOf(2024, 1).end).toBe('2024-03-31');
    expect(periodOf(2026, 4)).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(requiredOf({ quarter: null }, { annualCap: 6, keyUnit: false, highRisk: false })).toEqual({ required: 1, cap: 6 });
    expect(requiredOf({ quarter: null }, { annualCap: 1, keyUnit: true, highRisk: false })).toEqual({ required: 1, cap: 1 });
    expect(requiredOf({ quarter: 2 }, { annualCap: 2, keyUnit: false, highRisk: false })).toBeNull();
    expect(requiredOf({ quarter: 2 }, { annualCap: 6, keyUnit: false, highRisk: false })).toEqual({ required: 1, cap: 2 });
    expect(requiredOf({ quarter: 2 }, { annualCap: 1, keyUnit: true, highRisk: false })).toEqual({ required: 1, cap: 1 });
  });

  it('every transition: legal only from its states', () => {
    for (const s of PLAN_TRANSITIONS) expect(s.from.length).toBeGreaterThan(0);
    expect(PLAN_TRANSITIONS.find((s) => s.action === 'start')?.system).toBe(true);
  });
});

describe('the plan view', () => {
  let planId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // Town-supervised enterprises of TOWN_A: their classes come from the registry and the default policy.
    const [village] = await make.villagesOf(t.deps.db, TOWN_A, 1);
    ids.never = await make.enterprise(t.deps.db, village, { name: '从未检查企业' });
    ids.due = await make.enterprise(t.deps.db, TOWN_A, { name: '危化企业', categories: ['hazchem'] });
    // A key unit is supervised by the district (分级分类): not in the town's plan.
    ids.key = await make.enterprise(t.deps.db, TOWN_A, { name: '重点单位企业', key_unit: true });
    ids.done = await make.enterprise(t.deps.db, TOWN_A, { name: '已完成企业' });
    ids.over = await make.enterprise(t.deps.db, TOWN_A, { name: '超频次企业', standardization_level: 'level1', credit_rating: 'A' });
    ids.district = await make.enterprise(t.deps.db, TOWN_A, { name: '区级监管企业', supervising_level: 'district' });
    ids.other = await make.enterprise(t.deps.db, TOWN_B, { name: '高桥企业' });
    // An inspection before the plan's approval counts once the plan is approved.
    await done(ids.done, 'insp-early', '2026-03-02T02:00:00Z');
    const p = await create(townA, { kind: 'routine', jurisdictionCode: TOWN_A, year: 2026 });
    planId = p.plan.id;
    const approved = (await api(townA, 'POST', `/api/plans/${planId}/approve`, {})).json() as PlanDetail;
    // The period has begun: approval starts it at once.
    expect(approved.plan.state).toBe('active');
    await done(ids.due, 'insp-1', '2026-04-01T02:00:00Z');
    await done(ids.over, 'insp-2', '2026-04-02T02:00:00Z');
    await done(ids.over, 'insp-3', '2026-05-02T02:00:00Z', 'routine');
  });

  it('holds the town-supervised enterprises of the town with their required count and cap', async () => {
    const v = (await api(townA, 'GET', `/api/plans/${planId}/progress?pageSize=100`)).json() as PlanView;
    const byName = new Map(v.items.map((r) => [r.enterpriseName, r]));
    expect(byName.has('区级监管企业')).toBe(false);
    expect(byName.has('高桥企业')).toBe(false);
    expect(byName.get('从未检查企业')).toMatchObject({ status: 'never', required: 1, cap: 6, done: 0, lastInspectedAt: null });
    expect(byName.has('重点单位企业')).toBe(false);
    expect(byName.get('危化企业')).toMatchObject({ status: 'due', required: 2, cap: 12, keyUnit: false, done: 1 });
    expect(byName.get('已完成企业')).toMatchObject({ status: 'done', required: 1, done: 1 });
    expect(byName.get('超频次企业')).toMatchObject({ status: 'over_cap', required: 1, cap: 1, done: 2, drawn: 1 });
    expect(v.summary.counts).toEqual({ never: 1, due: 1, done: 1, over_cap: 1 });
    expect(v.total).toBe(4);
    expect(v.summary.inspections).toBe(4);
    expect(v.summary.drawn).toBe(3);
    expect(v.summary.drawShare).toBeCloseTo(0.75);
    expect(v.summary.drawSharePct).toBe(70);
    expect(v.summary.required).toBe(5);
    expect(v.summary.drawnWanted).toBe(Math.ceil(5 * 0.7));
    expect(v.summary.towns).toHaveLength(1);
    expect(v.summary.towns[0]).toMatchObject({ townCode: TOWN_A, enterprises: 4, completion: 0.5 });
  });

  it('filters by status, key unit and town, sorts both ways, and counts the filtered total exactly', async () => {
    const never = (await api(townA, 'GET', `/api/plans/${planId}/progress?status=never`)).json() as PlanView;
    expect(never.items.map((r) => r.enterpriseId)).toEqual([ids.never]);
    expect(never.total).toBe(1);
    const two = (await api(townA, 'GET', `/api/plans/${planId}/progress?status=never&status=over_cap`)).json() as PlanView;
    expect(two.total).toBe(2);
    expect(((await api(townA, 'GET', `/api/plans/${planId}/progress?keyUnit=true`)).json() as PlanView).total).toBe(0);
    expect(((await api(townA, 'GET', `/api/plans/${planId}/progress?keyUnit=false`)).json() as PlanView).total).toBe(4);
    const other = (await api(townA, 'GET', `/api/plans/${planId}/progress?town=${TOWN_B}`)).json() as PlanView;
    expect(other.total).toBe(0);
    const byDone = (await api(townA, 'GET', `/api/plans/${planId}/progress?sort=-done`)).json() as PlanView;
    expect(byDone.items[0].enterpriseId).toBe(ids.over);
    const byLast = (await api(townA, 'GET', `/api/plans/${planId}/progress?sort=lastInspectedAt`)).json() as PlanView;
    expect(byLast.items.at(-1)?.enterpriseId).toBe(ids.never); // never inspected last ascending (nulls last)
  });

  it('the trigger-kept counts equal a GROUP BY over the plan rows after inserts and updates', async () => {
    const direct = await t.deps.db
      .selectFrom('plan_progress')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('plan_id', '=', planId)
      .groupBy('status')
      .execute();
    const kept = await t.deps.db
      .selectFrom('plan_progress_counts')
      .select(['status', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('plan_id', '=', planId)
      .where('n', '>', 0)
      .groupBy('status')
      .execute();
    const byStatus = (rows: { status: string; n: number | string | bigint }[]) => Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    expect(byStatus(kept)).toEqual(byStatus(direct));
  });

  it('counts an inspection once however often it is reported, and only on plans whose period holds it', async () => {
    expect(await done(ids.due, 'insp-1', '2026-04-01T02:00:00Z')).toEqual({ counted: false, plans: 0 });
    const lastYear = await done(ids.due, 'insp-2025', '2025-11-01T02:00:00Z');
    expect(lastYear).toEqual({ counted: true, plans: 0 });
    const v = (await api(townA, 'GET', `/api/plans/${planId}/progress?pageSize=100`)).json() as PlanView;
    expect(v.items.find((r) => r.enterpriseId === ids.due)?.done).toBe(1);
  });

  it('exports the filtered view as .xlsx and audits the export', async () => {
    const res = await api(townA, 'GET', `/api/plans/${planId}/progress/export.xlsx?status=over_cap`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).getCell(2).value).toBe('超频次企业');
    expect(ws.getRow(2).getCell(10).value).toBe('超频次上限');
    expect((await auditRows(t.deps.db, { action: 'plan.export', resource_id: planId })).length).toBe(1);
  });

  it('a town sees only its own plans: another town gets 404 and an empty list', async () => {
    expect((await api(townB, 'GET', `/api/plans/${planId}`)).statusCode).toBe(404);
    expect((await api(townB, 'GET', `/api/plans/${planId}/progress`)).statusCode).toBe(404);
    const list = (await api(townB, 'GET', '/api/plans?pageSize=200')).json() as { items: { id: string }[] };
    expect(list.items.map((p) => p.id)).not.toContain(planId);
    const own = (await api(townA, 'GET', '/api/plans?pageSize=200')).json() as { items: { id: string; jurisdictionCode: string }[] };
    expect(own.items.map((p) => p.id)).toContain(planId);
    expect(own.items.every((p) => p.jurisdictionCode.startsWith(TOWN_A))).toBe(true);
  });
});

describe('campaigns', () => {
  it('the forest fire campaign: targets against groups, checkpoints, person-times and hazards recorded', async () => {
    const c = await create(bureau, {
      kind: 'campaign',
      campaignKind: 'forest_fire',
      jurisdictionCode: '330203',
      year: 2026,
      periodStart: '2026-01-01',
      periodEnd: '2026-04-30',
      targets: { groups: 20, checkpoints: 21, personTimes: 500, hazardsFound: 24, hazardsRectified: 24 },
    });
    const id = c.plan.id;
    const activity = (over: Record<string, unknown> = {}) => ({
      day: '2026-02-10',
      groupName: '第1督查组',
      checkpoint: '章水镇杖锡村进山口',
      personTimes: 20,
      ...over,
    });
    const early = await api(bureau, 'POST', `/api/plans/${id}/activities`, activity());
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('PLAN_NOT_ACTIVE');
    await api(bureau, 'POST', `/api/plans/${id}/approve`, {});
    const before = await rowCount(t.deps.db, 'plan_activities');
    for (let i = 0; i < 26; i++) {
      const found = i < 24 ? 1 : 0;
      const res = await api(
        bureau,
        'POST',
        `/api/plans/${id}/activities`,
        activity({ groupName: `第${(i % 20) + 1}督查组`, checkpoint: `卡点${(i % 21) + 1}`, personTimes: 20, hazardsFound: found, hazardsRectified: found }),
      );
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await rowCount(t.deps.db, 'plan_activities')) - before).toBe(26);
    const d = (await api(bureau, 'GET', `/api/plans/${id}`)).json() as PlanDetail;
    const m = Object.fromEntries((d.campaign?.metrics ?? []).map((x) => [x.metric, [x.target, x.achieved]]));
    expect(m).toEqual({ groups: [20, 20], checkpoints: [21, 21], personTimes: [500, 520], hazardsFound: [24, 24], hazardsRectified: [24, 24] });
    expect(d.campaign?.activities).toBe(26);
    expect(d.actions).toContain('record_activity');
    expect(d.timeline.filter((h) => h.action === 'record_activity')).toHaveLength(26);
    const list = (await api(bureau, 'GET', `/api/plans/${id}/activities?pageSize=5`)).json() as { items: ActivityDto[]; total: number };
    expect(list.total).toBe(26);
    expect(list.items).toHaveLength(5);
    expect((await auditRows(t.deps.db, { action: 'plan.activity', resource_id: id })).length).toBe(26);
  });

  it('a park campaign counts the parks it covered once each', async () => {
    const parks = [await make.park(t.deps.db, TOWN_A), await make.park(t.deps.db, TOWN_A), await make.park(t.deps.db, TOWN_B)];
    const c = await create(bureau, { kind: 'campaign', campaignKind: 'multi_tenant_parks', jurisdictionCode: '330203', year: 2026, targets: { parks: 3 } });
    await api(bureau, 'POST', `/api/plans/${c.plan.id}/approve`, {});
    const rec = (parkIds: string[]) =>
      api(bureau, 'POST', `/api/plans/${c.plan.id}/activities`, { day: '2026-05-01', groupName: '园区检查组', personTimes: 4, parkIds });
    expect((await rec(parks.slice(0, 2))).statusCode).toBe(201);
    expect((await rec(parks.slice(1))).statusCode).toBe(201);
    const d = (await api(bureau, 'GET', `/api/plans/${c.plan.id}`)).json() as PlanDetail;
    expect(d.campaign?.metrics.find((x) => x.metric === 'parks')).toEqual({ metric: 'parks', target: 3, achieved: 3 });
  });

  it('refuses bad activity input with 400 naming the field, and writes nothing', async () => {
    const c = await create(townA, { kind: 'campaign', campaignKind: 'window_net', jurisdictionCode: TOWN_A, year: 2026 });
    await api(townA, 'POST', `/api/plans/${c.plan.id}/approve`, {});
    const before = await rowCount(t.deps.db, 'plan_activities');
    const post = (body: Record<string, unknown>) =>
      api(townA, 'POST', `/api/plans/${c.plan.id}/activities`, { day: '2026-05-01', groupName: '石碶检查组', personTimes: 3, ...body });
    const cases: [Record<string, unknown>, string][] = [
      [{ hazardsFound: 1, hazardsRectified: 2 }, 'body.hazardsRectified'],
      [{ day: '2026-07-01' }, 'body.day'], // after today (2026-06-01)
      [{ day: '2025-12-31' }, 'body.day'], // before the period
      [{ personTimes: -1 }, 'body.personTimes'],
      [{ jurisdictionCode: TOWN_B }, 'body.jurisdictionCode'],
      [{ parkIds: [await make.park(t.deps.db, TOWN_B)] }, 'body.parkIds.0'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.fields[0].field).toBe(field);
    }
    expect(await rowCount(t.deps.db, 'plan_activities')).toBe(before);
  });
});

describe('bad input', () => {
  it('plan bodies: 400 naming the field by its label', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ kind: 'routine', jurisdictionCode: TOWN_A, year: 1999 }, 'body.year', '年度'],
      [{ kind: 'campaign', jurisdictionCode: TOWN_A, year: 2026 }, 'body.campaignKind', '专项类型'],
      [{ kind: 'routine', jurisdictionCode: TOWN_A, year: 2026, quarter: 5 }, 'body.quarter', '季度'],
      [{ kind: 'campaign', campaignKind: 'other', jurisdictionCode: TOWN_A, year: 2026, periodStart: '2027-01-01' }, 'body.periodStart', '开始日期'],
      [{ kind: 'routine', jurisdictionCode: TOWN_B, year: 2026 }, 'body.jurisdictionCode', '管辖区域'],
      [{ kind: 'routine', jurisdictionCode: (await make.villagesOf(t.deps.db, TOWN_A, 1))[0], year: 2026 }, 'body.jurisdictionCode', '管辖区域'],
    ];
    const before = await rowCount(t.deps.db, 'plans');
    for (const [body, field, label] of cases) {
      const res = await api(townA, 'POST', '/api/plans', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const err = res.json().error;
      expect(err.fields[0].field).toBe(field);
      expect(err.message).toContain(label);
    }
    expect(await rowCount(t.deps.db, 'plans')).toBe(before);
  });

  it('a campaign has no per-enterprise view', async () => {
    const c = await create(townA, { kind: 'campaign', campaignKind: 'six_kinds', jurisdictionCode: TOWN_A, year: 2026 });
    expect((await api(townA, 'GET', `/api/plans/${c.plan.id}/progress`)).json().error.code).toBe('NOT_ROUTINE');
  });
});

describe('scope', () => {
  it('plans: in scope visible, out of scope invisible', async () => {
    await checkScopeProperty(t, {
      name: 'plans',
      permission: 'inspection:read',
      create: (t, code) => make.plan(t.deps.db, code),
      list: '/api/plans?pageSize=200',
      read: '/api/plans/:id',
    });
  }, 90_000);
});

describe('the start job', () => {
  it('activates an approved plan on its first day; then it can be closed', async () => {
    t.clock.set('2027-01-01T00:00:00+08:00');
    await t.deps.jobs.runDue();
    const staff = await userSession(t, { roles: ['bureau_staff'] });
    const id = lifecyclePlan;
    const started = (await api(staff, 'GET', `/api/plans/${id}`)).json() as PlanDetail;
    expect(started.plan.state).toBe('active');
    expect(started.timeline.map((h) => h.action)).toEqual(['create', 'approve', 'start']);
    const closed = (await api(staff, 'POST', `/api/plans/${id}/close`, { note: '年度结束' })).json() as PlanDetail;
    expect(closed.plan.state).toBe('closed');
    expect(closed.actions).toEqual([]);
    const actions = (await auditRows(t.deps.db, { resource_id: id })).map((a) => a.action).filter((a) => a.startsWith('plan.'));
    expect(actions).toEqual(['plan.create', 'plan.approve', 'plan.start', 'plan.close']);
  });
});

// Jurisdiction on references: a write that links another record must check that record is visible to the
// caller (requireVisible / requireAllVisible in server/platform/access.ts). For every route and field below, a
// town-A user links a record of town B: the answer names the field, is the same as for an id that does not
// exist (existence is not revealed), and the attempt is audited as a denial.
//
// Every reference a write route takes, and how it is checked:
//   registry   POST/PUT /api/registry/parks                  body.landlordId      → enterprises (visible)
//              PUT  /api/registry/parks/:id/tenants/:eid     params.enterpriseId  → enterprises (visible, 404; same town as the park)
//                                                            body.agreementFileId → files
//              POST/PUT /api/registry/insurance              body.enterpriseId    → enterprises
//                                                            body.parkId          → parks
//              POST /api/registry/risk-points                body.enterpriseId    → enterprises
//              Excel imports (parks' landlord, tenants, risk points' enterprise) resolve credit codes in bulk and
//              check coversJurisdiction row by row (registry.excel.ts).
//   hazards    POST /api/hazards                             body.enterpriseId    → enterprises
//                                                            body.parkId          → parks (with an enterprise: it must be the park's landlord or tenant)
//                                                            body.photoIds.i      → files
//                                                            body.alarmId         → monitoring_alarms
//                                                            body.jurisdictionCode→ requireJurisdiction
//              POST /api/hazards/:id/progress                body.photoIds.i      → files
//              POST /api/hazards/:id/request-acceptance      body.photoIds.i      → files
//              POST /api/hazards/:id/grade                   body.clauseId        → hazard_clauses: national criteria, not scoped (exists)
//              POST /api/hazards/reports/:id/verify           body.enterpriseId    → enterprises (may move the hazard to the enterprise's town)
//   inspections POST /api/inspections                        body.enterpriseId    → enterprises (filed where the enterprise is)
//                                                            body.parkId          → parks (a park's own checks: filed where the park is, on its landlord)
//                                                            body.officerIds.i    → requireOfficers (valid licence, scoped licences)
//                                                            body.clauseIds.i     → hazard_clauses: national criteria (exists)
//   monitoring POST/PUT /api/monitoring/devices              body.enterpriseId    → enterprises  } and the device's jurisdictionCode
//                                                            body.parkId          → parks        } must be in the owner's town
//              POST /api/monitoring/devices/import           enterprise credit code / park name resolved among visible rows, then as above
//              POST/PUT /api/monitoring/rules                body.deviceId        → monitoring_devices
//                                                            body.overrides       → a type rule: district-wide configuration, not scoped (exists)
//              PUT  /api/monitoring/rules/:id                the rule's own device → monitoring_devices (404)
//              POST /api/monitoring/alarms/:id/dispatch      body.to              → a department, or the alarm's own town / one of its villages
//              POST /api/monitoring/maintenance              body.deviceIds → monitoring_devices, body.enterpriseId → enterprises, body.parkId → parks
//              POST /api/monitoring/duty/shifts              body.officerId, body.leaderId → users; body.unitCode → requireJurisdiction
//              POST /api/monitoring/duty/log                 body.unitCode        → requireJurisdiction
//              POST /api/monitoring/duty/handovers           body.toShiftId       → monitoring_duty_shifts (404, audited: shiftInScope)
//   warnings   POST/PUT /api/warnings/persons (and import)   body.superiorId      → responsible_persons, or one in the person's own/higher jurisdiction
//                                                            body.userId          → users
//              POST /api/warnings                            body.supersedes      → the warnings module's own access path (findVisibleWarning)
//              POST/PUT /api/warnings                        body.jurisdictionCode→ requireJurisdiction
//   supervision POST /api/supervision/grades/versions/:id/rows body.enterpriseId → enterprises (the row is filed where the enterprise is)
//              POST /api/supervision/checklists/versions/:id/from-criteria body.clauseIds → hazard_clauses: national criteria, not scoped (exists)
//              Excel import of the graded list resolves credit codes among visible enterprises (supervision.excel.ts)
//   cases      POST /api/cases                               body.enterpriseId    → enterprises (the case is filed where the enterprise is)
//   assists    POST /api/assists                             body.caseId, body.inspectionId, body.enterpriseId → cases, inspections,
//                                                            enterprises (the request is filed where its subject is, in a town)
//                                                            body.attachmentIds.i → files
//              PUT  /api/assists/joint-teams/:inspectionId    params.inspectionId  → inspections (404)
//   plans      POST /api/plans/:id/activities                 body.parkIds.i, body.enterpriseIds.i → parks, enterprises (under the campaign's unit)
//   draws      POST /api/draws/conflicts                     body.userId          → users; body.enterpriseId → enterprises (filed where it is)
//              POST /api/draws, /api/draws/preview           body.unitCode, body.inspectorUnit, body.filter.towns.i → requireJurisdiction;
//                                                            body.filter.parkId   → parks (requirePark)
//   platform   POST /api/enforcement/licences                body.userId          → users; body.unitCode → requireJurisdiction
//              POST/PUT /api/admin/users, grants             body.unitCode, body.unitCodes.i → requireJurisdiction
//              POST /api/admin/tokens                        body.userId          → scopedFrom('users') in createToken
//              POST /api/files                               jurisdiction         → requireJurisdiction
//
// Consistency, where the caller covers both towns (decided per link):
//   - a device is filed in its owner's town (enterprise or park);
//   - a hazard's park, when an enterprise is given too, is one the enterprise is landlord or tenant of; the
//     hazard is filed where the enterprise is; an enterprise account cannot file under a park;
//   - a tenant is supervised by the park's town (form and import); a landlord may be registered in another
//     town than its park (a company owning property elsewhere) — allowed when the writer covers both;
//   - a park operator keeps its existing tenancies up to date, but cannot bring in an enterprise it cannot see;
//   - a public report accepted with an enterprise is filed where the enterprise is (the reporter may have
//     picked the wrong town); the verifier must see both;
//   - an alarm is dispatched to its own town (or one of its villages), or to any district department;
//   - a responsible person's superior may sit in the person's own or a higher jurisdiction even when the
//     writer cannot list it (the escalation chain runs upwards); a superior elsewhere must be visible;
//   - insurance policies and risk points are filed where their enterprise or park is (by construction).
import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../shared/registry.ts';
import { createHazard } from '../modules/hazards/hazards.create.ts';
import { gradeHazard, submitPlan } from '../modules/hazards/hazards.service.ts';
import { insertAlarm } from '../modules/monitoring/monitoring.fixtures.ts';
import { createEnterprise } from '../modules/registry/registry.enterprises.ts';
import { createInsurance } from '../modules/registry/registry.insurance.ts';
import { createPark, upsertTenant } from '../modules/registry/registry.parks.ts';
import { approvePlan, createPlan } from '../modules/plans/plans.service.ts';
import { createDraft } from '../modules/supervision/supervision.versions.ts';
import { systemCtx } from '../platform/context.ts';
import { insertFile } from '../platform/files/files.service.ts';
import * as make from './factories.ts';
import { makeUser, type TestApp, testApp, userSession } from './helpers.ts';

const A = '330203009'; // 石碶街道
const B = '330203100'; // 高桥镇
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let t: TestApp;
type S = Awaited<ReturnType<typeof userSession>>;
let townA: S;
let district: S;
/** Town A's user with inspection:lists (bureau staff posted to the town): edits the graded list. */
let listsA: S;
let leaderA: string;

let seq = 0;
function creditCode(): string {
  const first17 = `91330203${String(++seq + Math.floor(Math.random() * 1e6)).padStart(8, '0')}R`.slice(0, 17);
  return first17 + creditCodeCheckChar(first17);
}
const enterprise = async (town: string, name: string) =>
  (await createEnterprise(systemCtx(t.deps), { creditCode: creditCode(), name, townCode: town, address: `${name}地址` })).id;
const park = async (town: string, name: string, landlordId?: string) =>
  (await createPark(systemCtx(t.deps), { name, townCode: town, landlordId: landlordId ?? null })).id;
const file = async (town: string) =>
  (
    await t.deps.db
      .transaction()
      .execute((trx) => insertFile(trx, { filename: 'p.png', mime: 'image/png', data: PNG, uploadedBy: null, jurisdictionCode: town, at: t.clock.now() }))
  ).id;
async function person(town: string) {
  const id = v7();
  await t.deps.db
    .insertInto('responsible_persons')
    .values({ id, name: `责任人${town}`, role: 'flood_chief', jurisdiction_code: town, channels: ['sms'] })
    .execute();
  return id;
}

// Records of town B (the foreign ones) and of town A (the caller's own, to link from).
const f = {} as Record<'enterprise' | 'park' | 'file' | 'alarm' | 'device' | 'rule' | 'user' | 'person' | 'shift', string>;
const own = {} as Record<
  'enterprise' | 'tenant' | 'park' | 'device' | 'rule' | 'hazard' | 'report' | 'alarm' | 'insurance' | 'person' | 'gradesDraft' | 'campaign',
  string
>;

beforeAll(async () => {
  t = await testApp();
  townA = await userSession(t, { roles: ['town_staff', 'duty_officer'], unit: A });
  district = await userSession(t, { roles: ['district_admin'] });
  listsA = await userSession(t, { roles: ['bureau_staff'], unit: A });
  own.gradesDraft = (await createDraft(systemCtx(t.deps), 'grades', null, { empty: true })).id;
  leaderA = (await makeUser(t, { roles: ['duty_leader'], unit: A })).id;
  f.enterprise = await enterprise(B, '高桥外镇企业');
  f.park = await park(B, '高桥外镇园区');
  f.file = await file(B);
  const alarmB = await insertAlarm(t.deps, { jurisdictionCode: B, enterpriseId: f.enterprise });
  f.alarm = alarmB.id;
  f.device = alarmB.deviceId;
  f.rule = alarmB.ruleId;
  f.user = (await makeUser(t, { roles: ['town_staff'], unit: B })).id;
  f.person = await person(B);
  f.shift = v7();
  await t.deps.db
    .insertInto('monitoring_duty_shifts')
    .values({
      id: f.shift,
      unit_code: B,
      starts_at: '2026-08-01T00:00:00Z',
      ends_at: '2026-08-01T08:00:00Z',
      officer_id: f.user,
      leader_id: f.user,
      created_by: null,
    })
    .execute();

  own.enterprise = await enterprise(A, '石碶本镇企业');
  own.tenant = await enterprise(A, '石碶园区租户');
  own.park = await park(A, '石碶本镇园区', own.enterprise);
  await upsertTenant(systemCtx(t.deps), own.park, own.tenant, {});
  const alarmA = await insertAlarm(t.deps, { jurisdictionCode: A });
  own.alarm = alarmA.id;
  own.device = alarmA.deviceId;
  own.rule = alarmA.ruleId;
  own.person = await person(A);
  own.insurance = (await createInsurance(systemCtx(t.deps), insurance({ enterpriseId: own.enterprise }) as never)).id;
  const sys = systemCtx(t.deps);
  own.hazard = (
    await createHazard(sys, { jurisdictionCode: A, location: '石碶某仓库', title: '消防通道堵塞', description: '杂物堆放', source: 'inspection' })
  ).id;
  await gradeHazard(sys, own.hazard, { level: 'general' });
  await submitPlan(sys, own.hazard, {
    measures: '清理杂物',
    fundsFen: 0,
    deadline: new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString(),
    responsiblePerson: '王五',
    interimMeasures: '设置警示',
  });
  own.campaign = (await createPlan(sys, { kind: 'campaign', campaignKind: 'multi_tenant_parks', jurisdictionCode: A, year: 2026 })).plan.id;
  await approvePlan(sys, own.campaign, {});
  own.report = v7();
  await t.deps.db
    .insertInto('hazard_reports')
    .values({
      id: own.report,
      tracking_code: `T${Date.now()}`,
      description: '楼道堆放液化气钢瓶',
      jurisdiction_code: A,
      photo_ids: [],
      wants_reward: false,
      created_at: t.clock.now(),
    })
    .execute();
});
// 乡呼县应: town B's case and inspection (foreign), and a case of town A to ask about.
const assistRefs = {} as Record<'case' | 'inspection' | 'ownCase', string>;
beforeAll(async () => {
  assistRefs.case = await make.enforcementCase(t.deps.db, B);
  assistRefs.inspection = await make.inspection(t.deps.db, B);
  assistRefs.ownCase = await make.enforcementCase(t.deps.db, A);
});
afterAll(() => t?.dispose());

const call = (s: S, method: string, url: string, payload?: unknown) =>
  t.app.inject({ method: method as 'POST', url, headers: s.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

const device = (o: Record<string, unknown>) => ({ name: '可燃气体探测器', type: 'gas', ownerKind: 'enterprise', jurisdictionCode: A, ...o });
const rule = (o: Record<string, unknown>) => ({ name: '浓度超限', kind: 'threshold', metric: 'lel', op: 'gt', threshold: 25, severity: 'high', ...o });
const hazard = (o: Record<string, unknown>) => ({ title: '配电箱无防护', description: '配电箱门缺失', source: 'inspection', location: '一号车间', ...o });
const insurance = (o: Record<string, unknown>) => ({
  kind: 'property',
  insurer: '人保财险',
  policyNo: `P${v7()}`,
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  ...o,
});
const shift = (o: Record<string, unknown>) => ({
  unitCode: A,
  startsAt: '2026-09-01T00:00:00Z',
  endsAt: '2026-09-01T08:00:00Z',
  officerId: townA.id,
  leaderId: leaderA,
  ...o,
});
const personBody = (o: Record<string, unknown>) => ({ name: '李四', role: 'flood_chief', jurisdictionCode: A, ...o });

interface RefCase {
  /** METHOD and path as in the OpenAPI document. */
  route: string;
  note?: string;
  field: string;
  /** The foreign record (town B). */
  foreign: () => string;
  /** An id that names nothing (default: a fresh uuid). */
  missing?: string;
  request: (id: string) => [method: string, url: string, body: unknown];
  /** 404 when the reference is a path parameter. */
  status?: 404;
  /** The record the denial names, when it is not the foreign id itself (a rule is denied by its device). */
  denied?: () => string;
  /** Who writes (default: the town-A staff member); a route whose permission town staff lack names a town-A user who has it. */
  caller?: () => S;
}

const activity = (o: Record<string, unknown>) => ({ day: '2026-05-01', groupName: '石碶检查组', personTimes: 4, ...o });

const assistBody = (o: Record<string, unknown>) => ({ subjectKind: 'case', kind: 'joint', reason: '请求区级联合执法', ...o });

const CASES: RefCase[] = [
  {
    route: 'POST /api/assists',
    field: 'body.caseId',
    foreign: () => assistRefs.case,
    request: (id) => ['POST', '/api/assists', assistBody({ caseId: id })],
  },
  {
    route: 'POST /api/assists',
    field: 'body.inspectionId',
    foreign: () => assistRefs.inspection,
    request: (id) => ['POST', '/api/assists', assistBody({ subjectKind: 'inspection', inspectionId: id })],
  },
  {
    route: 'POST /api/assists',
    field: 'body.enterpriseId',
    foreign: () => f.enterprise,
    request: (id) => ['POST', '/api/assists', assistBody({ subjectKind: 'enterprise', enterpriseId: id })],
  },
  {
    route: 'POST /api/assists',
    field: 'body.attachmentIds.0',
    foreign: () => f.file,
    request: (id) => ['POST', '/api/assists', assistBody({ caseId: assistRefs.ownCase, attachmentIds: [id] })],
  },
  {
    route: 'PUT /api/assists/joint-teams/{inspectionId}',
    field: 'params.inspectionId',
    status: 404,
    foreign: () => assistRefs.inspection,
    request: (id) => [
      'PUT',
      `/api/assists/joint-teams/${id}`,
      { leadUnitCode: A, officerIds: [v7(), v7()], members: [{ departmentCode: '330203D02', name: '消防监督员' }] },
    ],
  },
  {
    route: 'POST /api/plans/{id}/activities',
    field: 'body.parkIds.0',
    foreign: () => f.park,
    request: (id) => ['POST', `/api/plans/${own.campaign}/activities`, activity({ parkIds: [id] })],
  },
  {
    route: 'POST /api/plans/{id}/activities',
    field: 'body.enterpriseIds.0',
    foreign: () => f.enterprise,
    request: (id) => ['POST', `/api/plans/${own.campaign}/activities`, activity({ enterpriseIds: [id] })],
  },
  {
    route: 'POST /api/draws/conflicts',
    field: 'body.userId',
    foreign: () => f.user,
    request: (id) => ['POST', '/api/draws/conflicts', { userId: id, enterpriseId: own.enterprise, reason: '近亲属任职' }],
  },
  {
    route: 'POST /api/draws/conflicts',
    field: 'body.enterpriseId',
    foreign: () => f.enterprise,
    request: (id) => ['POST', '/api/draws/conflicts', { userId: townA.id, enterpriseId: id, reason: '近亲属任职' }],
  },
  {
    route: 'POST /api/enforcement/licences',
    field: 'body.userId',
    foreign: () => f.user,
    request: (id) => [
      'POST',
      '/api/enforcement/licences',
      { userId: id, number: `证${v7().slice(-12)}`, issuer: '海曙区人民政府', unitCode: A, validFrom: '2026-01-01', validUntil: '2028-12-31' },
    ],
  },
  {
    route: 'POST /api/registry/parks',
    field: 'body.landlordId',
    foreign: () => f.enterprise,
    request: (id) => ['POST', '/api/registry/parks', { name: `园区${v7()}`, townCode: A, landlordId: id }],
  },
  {
    route: 'PUT /api/registry/parks/{id}',
    field: 'body.landlordId',
    foreign: () => f.enterprise,
    request: (id) => ['PUT', `/api/registry/parks/${own.park}`, { name: '石碶本镇园区', townCode: A, landlordId: id, version: 1 }],
  },
  {
    route: 'PUT /api/registry/parks/{id}/tenants/{enterpriseId}',
    field: 'params.enterpriseId',
    status: 404,
    foreign: () => f.enterprise,
    request: (id) => ['PUT', `/api/registry/parks/${own.park}/tenants/${id}`, {}],
  },
  {
    route: 'PUT /api/registry/parks/{id}/tenants/{enterpriseId}',
    field: 'body.agreementFileId',
    foreign: () => f.file,
    request: (id) => ['PUT', `/api/registry/parks/${own.park}/tenants/${own.tenant}`, { agreementFileId: id }],
  },
  {
    route: 'POST /api/registry/insurance',
    field: 'body.enterpriseId',
    foreign: () => f.enterprise,
    request: (id) => ['POST', '/api/registry/insurance', insurance({ enterpriseId: id })],
  },
  {
    route: 'POST /api/registry/insurance',
    field: 'body.parkId',
    foreign: () => f.park,
    request: (id) => ['POST', '/api/registry/insurance', insurance({ parkId: id })],
  },
  {
    route: 'POST /api/registry/risk-points',
    field: 'body.enterpriseId',
    foreign: () => f.enterprise,
    request: (id) => [
      'POST',
      '/api/registry/risk-points',
      { enterpriseId: id, name: '喷涂间', area: '二号厂房', accidentType: '火灾', lecL: 3, lecE: 6, lecC: 7, ownerName: '赵六', reviewCycleDays: 30 },
    ],
  },
  {
    route: 'POST /api/hazards',
    field: 'body.enterpriseId',
    foreign: () => f.enterprise,
    request: (id) => ['POST', '/api/hazards', hazard({ enterpriseId: id })],
  },
  { route: 'POST /api/hazards', field: 'body.parkId', foreign: () => f.park, request: (id) => ['POST', '/api/hazards', hazard({ parkId: id })] },
  {
    route: 'POST /api/hazards',
    note: 'with an enterprise',
    field: 'body.parkId',
    foreign: () => f.park,
    request: (id) => ['POST', '/api/hazards', hazard({ enterpriseId: own.enterprise, parkId: id })],
  },
  {
    route: 'POST /api/hazards',
    field: 'body.photoIds.0',
    foreign: () => f.file,
    request: (id) => ['POST', '/api/hazards', hazard({ jurisdictionCode: A, photoIds: [id] })],
  },
  {
    route: 'POST /api/hazards',
    field: 'body.alarmId',
    foreign: () => f.alarm,
    request: (id) => ['POST', '/api/hazards', hazard({ jurisdictionCode: A, source: 'iot_alarm', alarmId: id })],
  },
  {
    // cases.create.ts checks the enterprise before the officers: a foreign enterprise is named whatever the team.
    route: 'POST /api/cases',
    field: 'body.enterpriseId',
    foreign: () => f.enterprise,
    request: (id) => [
      'POST',
      '/api/cases',
      {
        title: '外镇企业案件',
        cause: '未采取措施消除事故隐患',
        source: 'inspection',
        enterpriseId: id,
        officerIds: [v7(), v7()],
        parties: [
          {
            kind: 'unit',
            name: '外镇企业',
            violation: '未消除隐患',
            article: '安全生产法第四十一条',
            penaltyArticle: '安全生产法第一百零二条',
            level: 'general',
            penaltyKind: 'warning',
          },
        ],
      },
    ],
  },
  {
    route: 'POST /api/hazards/{id}/progress',
    field: 'body.photoIds.0',
    foreign: () => f.file,
    request: (id) => ['POST', `/api/hazards/${own.hazard}/progress`, { note: '已清理一半', photoIds: [id] }],
  },
  {
    route: 'POST /api/hazards/{id}/request-acceptance',
    field: 'body.photoIds.0',
    foreign: () => f.file,
    request: (id) => ['POST', `/api/hazards/${own.hazard}/request-acceptance`, { note: '已整改', photoIds: [id] }],
  },
  {
    route: 'POST /api/hazards/reports/{id}/verify',
    field: 'body.enterpriseId',
    foreign: () => f.enterprise,
    request: (id) => ['POST', `/api/hazards/reports/${own.report}/verify`, { accept: true, title: '违规存放钢瓶', enterpriseId: id }],
  },
  {
    route: 'POST /api/inspections',
    field: 'body.enterpriseId',
    foreign: () => f.enterprise,
    request: (id) => ['POST', '/api/inspections', { id: v7(), kind: 'all_staff', enterpriseId: id, freeItems: [{ content: '消防通道畅通' }] }],
  },
  {
    route: 'POST /api/inspections',
    field: 'body.parkId',
    foreign: () => f.park,
    request: (id) => ['POST', '/api/inspections', { id: v7(), kind: 'park_daily', parkId: id, freeItems: [{ content: '消防通道畅通' }] }],
  },
  {
    route: 'POST /api/monitoring/devices',
    field: 'body.enterpriseId',
    foreign: () => f.enterprise,
    request: (id) => ['POST', '/api/monitoring/devices', device({ id: `D-${v7().slice(-8)}`, enterpriseId: id })],
  },
  {
    route: 'POST /api/monitoring/devices',
    field: 'body.parkId',
    foreign: () => f.park,
    request: (id) => ['POST', '/api/monitoring/devices', device({ id: `D-${v7().slice(-8)}`, ownerKind: 'park', parkId: id })],
  },
  {
    route: 'PUT /api/monitoring/devices/{id}',
    field: 'body.enterpriseId',
    foreign: () => f.enterprise,
    request: (id) => ['PUT', `/api/monitoring/devices/${own.device}`, device({ enterpriseId: id, version: 1 })],
  },
  {
    route: 'POST /api/monitoring/rules',
    field: 'body.deviceId',
    foreign: () => f.device,
    missing: 'NO-SUCH-DEVICE',
    request: (id) => ['POST', '/api/monitoring/rules', rule({ deviceId: id })],
  },
  {
    route: 'PUT /api/monitoring/rules/{id}',
    field: 'params.id',
    status: 404,
    foreign: () => f.rule,
    denied: () => f.device,
    request: (id) => ['PUT', `/api/monitoring/rules/${id}`, rule({ deviceId: own.device, version: 1 })],
  },
  ...(
    [
      ['body.deviceIds.0', () => f.device, (id: string) => ({ deviceIds: [id] })],
      ['body.enterpriseId', () => f.enterprise, (id: string) => ({ enterpriseId: id })],
      ['body.parkId', () => f.park, (id: string) => ({ parkId: id })],
    ] as const
  ).map(([field, foreign, target]) => ({
    route: 'POST /api/monitoring/maintenance',
    field,
    foreign,
    ...(field === 'body.deviceIds.0' ? { missing: 'NO-SUCH-DEVICE' } : {}),
    request: (id: string): [string, string, Record<string, unknown>] => [
      'POST',
      '/api/monitoring/maintenance',
      { reason: '检修', startsAt: t.clock.now().toISOString(), endsAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(), ...target(id) },
    ],
  })),
  {
    route: 'POST /api/monitoring/duty/shifts',
    field: 'body.officerId',
    foreign: () => f.user,
    request: (id) => ['POST', '/api/monitoring/duty/shifts', shift({ officerId: id })],
  },
  {
    route: 'POST /api/monitoring/duty/shifts',
    field: 'body.leaderId',
    foreign: () => f.user,
    request: (id) => ['POST', '/api/monitoring/duty/shifts', shift({ leaderId: id })],
  },
  {
    route: 'POST /api/warnings/persons',
    field: 'body.superiorId',
    foreign: () => f.person,
    request: (id) => ['POST', '/api/warnings/persons', personBody({ superiorId: id })],
  },
  {
    route: 'POST /api/warnings/persons',
    field: 'body.userId',
    foreign: () => f.user,
    request: (id) => ['POST', '/api/warnings/persons', personBody({ userId: id })],
  },
  {
    route: 'PUT /api/registry/insurance/{id}',
    field: 'body.enterpriseId',
    foreign: () => f.enterprise,
    request: (id) => ['PUT', `/api/registry/insurance/${own.insurance}`, insurance({ enterpriseId: id, version: 1 })],
  },
  {
    route: 'PUT /api/registry/insurance/{id}',
    field: 'body.parkId',
    foreign: () => f.park,
    request: (id) => ['PUT', `/api/registry/insurance/${own.insurance}`, insurance({ parkId: id, version: 1 })],
  },
  {
    route: 'PUT /api/warnings/persons/{id}',
    field: 'body.superiorId',
    foreign: () => f.person,
    request: (id) => ['PUT', `/api/warnings/persons/${own.person}`, personBody({ superiorId: id })],
  },
  {
    route: 'PUT /api/warnings/persons/{id}',
    field: 'body.userId',
    foreign: () => f.user,
    request: (id) => ['PUT', `/api/warnings/persons/${own.person}`, personBody({ userId: id })],
  },
  {
    route: 'PUT /api/monitoring/devices/{id}',
    field: 'body.parkId',
    foreign: () => f.park,
    request: (id) => ['PUT', `/api/monitoring/devices/${own.device}`, device({ ownerKind: 'park', parkId: id, version: 1 })],
  },
  {
    route: 'PUT /api/monitoring/rules/{id}',
    field: 'body.deviceId',
    foreign: () => f.device,
    missing: 'NO-SUCH-DEVICE',
    request: (id) => ['PUT', `/api/monitoring/rules/${own.rule}`, rule({ deviceId: id, version: 1 })],
  },
  {
    route: 'POST /api/monitoring/duty/handovers',
    field: 'body.toShiftId',
    status: 404,
    foreign: () => f.shift,
    request: (id) => ['POST', '/api/monitoring/duty/handovers', { toShiftId: id }],
  },
  {
    route: 'POST /api/supervision/grades/versions/{id}/rows',
    field: 'body.enterpriseId',
    foreign: () => f.enterprise,
    caller: () => listsA,
    request: (id) => [
      'POST',
      `/api/supervision/grades/versions/${own.gradesDraft}/rows`,
      { enterpriseId: id, level: 'town', keyUnit: false, sector: 'other', standardization: 'none', credit: 'B' },
    ],
  },
];

const errorOf = (body: string) => {
  const e = JSON.parse(body).error as { code: string; message: string; fields?: { field: string; message: string }[] };
  return { code: e.code, message: e.message, fields: e.fields };
};

describe('a write linking another town’s record is refused like a missing one, and audited', () => {
  it.each(CASES.map((c) => [`${c.route} ${c.field}${c.note ? ` (${c.note})` : ''}`, c] as const))('%s', async (_name, c) => {
    const foreignId = c.foreign();
    const [method, url, body] = c.request(foreignId);
    const caller = c.caller?.() ?? townA;
    const res = await call(caller, method, url, body);
    expect(res.statusCode, res.body).toBe(c.status ?? 400);
    if (!c.status) expect(errorOf(res.body).fields?.[0]?.field).toBe(c.field);
    // The same answer for an id that names nothing: a probe cannot tell "exists elsewhere" from "does not exist".
    const [m2, u2, b2] = c.request(c.missing ?? v7());
    const missing = await call(caller, m2, u2, b2);
    expect(missing.statusCode, missing.body).toBe(res.statusCode);
    expect(errorOf(missing.body)).toEqual(errorOf(res.body));
    const denial = await t.deps.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'access.denied')
      .where('user_id', '=', caller.id)
      .where('resource_id', '=', c.denied?.() ?? foreignId)
      .execute();
    expect(denial.length, 'an audited denial for the foreign record').toBeGreaterThan(0);
  });
});

// References that are not scoped rows, or are checked by their module's own access path.
const CHECKED_ELSEWHERE: Record<string, string> = {
  'POST /api/admin/tokens body.userId': 'createToken reads the user through scopedFrom (platform/auth, identity and tokens work)',
  'POST /api/hazards/{id}/grade body.clauseId': 'national criteria (hazard_clauses): reference data, checked to exist',
  'POST /api/inspections body.checklistVersionId':
    'a published checklist version (supervision/api.ts getChecklistVersion): district-wide configuration, checked to exist and be published',
  'POST /api/inspections body.clauseIds': 'national criteria (hazard_clauses): reference data, checked to exist (hazards/api.ts clausesByIds)',
  'POST /api/inspections body.officerIds': 'requireOfficers (platform/enforcement): holders of a licence valid today, read through scopedFrom on the licences',
  'POST /api/inspections body.drawTaskId':
    'draws/api.ts drawnTask reads the task through scopedFrom on draw_tasks (live, its draw drawn); one outside the scope is refused like one that does not exist, naming the field',
  'POST /api/supervision/checklists/versions/{id}/from-criteria body.clauseIds': 'national criteria (hazard_clauses): reference data, checked to exist',
  'POST /api/monitoring/rules body.overrides': 'a type rule: district-wide configuration, checked to exist',
  'PUT /api/monitoring/rules/{id} body.overrides': 'a type rule: district-wide configuration, checked to exist',
  'POST /api/warnings/feeds body.senderId': 'a registered CAP sender: district feed configuration (warning:approve), checked to exist',
  'POST /api/warnings body.supersedes': 'the warnings module’s own access path (findVisibleWarning) and ownership rule',
  'POST /api/cases body.officerIds':
    'requireOfficers (platform/enforcement/licences.ts): licences read through scopedFrom; an officer outside the scope is refused like one without a valid licence, naming the entry',
  'POST /api/cases/{id}/no-penalty body.leniencyId': 'the district leniency list (case_leniency): reference data, checked to exist',
  'POST /api/assists/{id}/assign body.officerIds':
    'requireOfficers (platform/enforcement/licences.ts): the district officers assigned, licences read through scopedFrom',
  'POST /api/assists/{id}/links body.recordId':
    'requireCase / requireInspection (cases/api.ts, inspections/api.ts: requireVisible), and the record must be in the requesting town (assists.test.ts)',
  'PUT /api/assists/joint-teams/{inspectionId} body.officerIds':
    'requireOfficers (platform/enforcement/licences.ts): our officers on the joint team, at least two with a valid licence',
  'POST /api/cases/{id}/payments body.partyId': 'a party of the same case, which apply() has locked and scope-checked; another case’s party is refused',
};

describe('the list of references is complete', () => {
  it('every id a write route takes (…Id, …Ids, overrides, supersedes) has a case above or a reason here', async () => {
    type Op = {
      parameters?: { in: string; name: string }[];
      requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
    };
    const doc = (t.app as unknown as { swagger(): { paths: Record<string, Record<string, Op>> } }).swagger();
    const isRef = (name: string) => /Ids?$/.test(name) || name === 'overrides' || name === 'supersedes';
    const found: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
        const route = `${method.toUpperCase()} ${path}`;
        for (const p of op.parameters ?? []) if (p.in === 'path' && isRef(p.name)) found.push(`${route} params.${p.name}`);
        for (const k of Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {})) if (isRef(k)) found.push(`${route} body.${k}`);
      }
    const covered = new Set([...CASES.map((c) => `${c.route} ${c.field.replace(/\.\d+$/, '')}`), ...Object.keys(CHECKED_ELSEWHERE)]);
    expect(found.length).toBeGreaterThan(30);
    expect(found.filter((k) => !covered.has(k))).toEqual([]);
  });
});

describe('a write filed under another town’s code is refused, naming the field', () => {
  // These two checks were written without `await`: the promise was dropped and nothing was enforced.
  it.each([
    ['POST /api/monitoring/duty/shifts', '/api/monitoring/duty/shifts', () => shift({ unitCode: B })],
    ['POST /api/monitoring/duty/log', '/api/monitoring/duty/log', () => ({ unitCode: B, kind: 'note', content: '巡查正常' })],
  ])('%s body.unitCode', async (_name, url, body) => {
    const res = await call(townA, 'POST', url, body());
    expect(res.statusCode, res.body).toBe(400);
    expect(errorOf(res.body).fields?.[0]?.field).toBe('body.unitCode');
  });

  it('POST /api/warnings body.jurisdictionCode: a code that names no division is a field error, not a 500', async () => {
    const draft = {
      eventType: 'rainstorm',
      level: 'blue',
      description: '测试预警内容',
      expires: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
      area: { circles: [{ lon: 121.51, lat: 29.81, radiusKm: 1 }] },
    };
    for (const code of ['330203999', '330203D01']) {
      const res = await call(district, 'POST', '/api/warnings', { ...draft, jurisdictionCode: code });
      expect(res.statusCode, res.body).toBe(400);
      expect(errorOf(res.body).fields?.[0]?.field).toBe('body.jurisdictionCode');
    }
  });
});

describe('consistency: a record filed in one town links records of that town (district caller, covering both)', () => {
  it('a device is filed in its owner’s town', async () => {
    const res = await call(district, 'POST', '/api/monitoring/devices', device({ id: `D-${v7().slice(-8)}`, enterpriseId: f.enterprise, jurisdictionCode: A }));
    expect(res.statusCode, res.body).toBe(400);
    expect(errorOf(res.body).fields?.[0]?.field).toBe('body.jurisdictionCode');
    const ok = await call(district, 'POST', '/api/monitoring/devices', device({ id: `D-${v7().slice(-8)}`, enterpriseId: f.enterprise, jurisdictionCode: B }));
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('a hazard’s park is one the enterprise is landlord or tenant of', async () => {
    const other = await call(district, 'POST', '/api/hazards', hazard({ enterpriseId: own.enterprise, parkId: f.park }));
    expect(other.statusCode, other.body).toBe(400);
    expect(errorOf(other.body).fields?.[0]?.field).toBe('body.parkId');
    for (const e of [own.enterprise, own.tenant]) {
      const ok = await call(townA, 'POST', '/api/hazards', hazard({ enterpriseId: e, parkId: own.park }));
      expect(ok.statusCode, ok.body).toBe(201);
    }
  });

  it('a tenant is supervised by the park’s town; a landlord may be registered elsewhere', async () => {
    const tenant = await call(district, 'PUT', `/api/registry/parks/${own.park}/tenants/${f.enterprise}`, {});
    expect(tenant.statusCode, tenant.body).toBe(400);
    expect(errorOf(tenant.body).fields?.[0]?.field).toBe('params.enterpriseId');
    const landlord = await call(district, 'POST', '/api/registry/parks', { name: `跨镇出租方园区${v7().slice(-4)}`, townCode: A, landlordId: f.enterprise });
    expect(landlord.statusCode, landlord.body).toBe(201);
  });

  it('a park operator keeps its tenancies up to date but cannot bring in an enterprise it cannot see', async () => {
    const operator = await userSession(t, { roles: ['park_operator'], unit: A, enterpriseId: own.enterprise });
    const keep = await call(operator, 'PUT', `/api/registry/parks/${own.park}/tenants/${own.tenant}`, {
      agreementSigned: true,
      agreementSignedAt: '2026-01-05',
    });
    expect(keep.statusCode, keep.body).toBe(200);
    const stranger = await enterprise(A, '石碶其他企业');
    expect((await call(operator, 'PUT', `/api/registry/parks/${own.park}/tenants/${stranger}`, {})).statusCode).toBe(404);
  });

  it('an alarm is dispatched to its own town (or a department), not another town', async () => {
    const triaged = await call(district, 'POST', `/api/monitoring/alarms/${own.alarm}/triage`, { version: 1, verdict: 'true_alarm' });
    expect(triaged.statusCode, triaged.body).toBe(200);
    const other = await call(district, 'POST', `/api/monitoring/alarms/${own.alarm}/dispatch`, { version: 2, toKind: 'town', to: B });
    expect(other.statusCode, other.body).toBe(400);
    expect(errorOf(other.body).fields?.[0]?.field).toBe('body.to');
    const notDept = await call(district, 'POST', `/api/monitoring/alarms/${own.alarm}/dispatch`, { version: 2, toKind: 'department', to: A });
    expect(errorOf(notDept.body).fields?.[0]?.field).toBe('body.to');
    const ok = await call(district, 'POST', `/api/monitoring/alarms/${own.alarm}/dispatch`, { version: 2, toKind: 'town', to: A });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('a responsible person’s superior may sit higher up the chain even when the writer cannot list it', async () => {
    const up = await person('330203');
    const res = await call(townA, 'POST', '/api/warnings/persons', personBody({ superiorId: up }));
    expect(res.statusCode, res.body).toBe(201);
  });
});

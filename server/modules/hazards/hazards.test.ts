import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { HAZARD_ACTIONS, HAZARD_STATES, type HazardAction, type HazardState, TRANSITIONS, transitionFor } from '../../../shared/hazards.ts';
import type { HazardDto } from '../../../shared/hazards.dto.ts';
import { systemCtx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { auditRows, expectFieldError, fileSessions, fileTestApp, rowCount, type userSession } from '../../test/helpers.ts';
import * as make from '../../test/factories.ts';
import { PNG_1PX } from '../../test/factories.ts';
import { scopePropertyTests } from '../../test/scope-property.ts';
import { insertAlarm } from '../monitoring/monitoring.fixtures.ts';
import { multipartBody, otherCtx } from './hazards.fixtures.ts';
import { yearStartOf } from './hazards.dashboard.ts';
import { dossierTitle } from './hazards.documents.ts';
import { createHazard } from './hazards.create.ts';
import * as svc from './hazards.service.ts';

const TOWN_A = '330203009'; // 石碶街道
const TOWN_B = '330203100'; // 高桥镇
const DAY = 86_400_000;
const M2 = '01890000-0000-7000-8000-000000000102'; // seeded clause M-2

const t = fileTestApp();
const { townA, townA2, townB, admin, enterpriseUser } = fileSessions(t, {
  townA: { roles: ['town_staff'], unit: TOWN_A },
  townA2: { roles: ['town_staff'], unit: TOWN_A },
  townB: { roles: ['town_staff'], unit: TOWN_B },
  admin: { roles: ['district_admin'] },
  enterpriseUser: { roles: ['enterprise_user'], unit: TOWN_A },
});
type S = Awaited<ReturnType<typeof userSession>>;

const inFuture = (days: number) => new Date(t.clock.now().getTime() + days * DAY).toISOString();

async function api(s: S | null, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: s?.headers ?? {}, payload: payload as never });
}

async function create(s: S = townA, extra: Record<string, unknown> = {}) {
  const res = await api(s, 'POST', '/api/hazards', {
    jurisdictionCode: TOWN_A,
    location: '石碶街道星光村工业区 12 号',
    title: '配电箱未接地',
    description: '冲压车间配电箱 PE 线松脱',
    source: 'inspection',
    sector: 'machinery',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as HazardDto;
}

const plan = () => ({
  measures: '重新压接 PE 线并加装警示标识',
  fundsFen: 120_000,
  deadline: inFuture(10),
  responsiblePerson: '张伟',
  responsiblePhone: '13800000000',
  interimMeasures: '停用该配电箱，设置警戒',
});

const audited = (resourceId: string) => auditRows(t.deps.db, { resource_id: resourceId });

describe('record and grade', () => {
  it('records a place-based hazard, stores script text verbatim, audits it', async () => {
    const script = '<script>alert("x")</script>';
    const h = await create(townA, { description: script });
    expect(h.state).toBe('reported');
    expect(h.code).toMatch(/^YH\d{4}\d{7}$/);
    expect(h.townCode).toBe(TOWN_A);
    const read = await api(townA, 'GET', `/api/hazards/${h.id}`);
    expect(read.json().hazard.description).toBe(script);
    expect((await audited(h.id)).map((a) => a.action)).toEqual(['hazard.create']);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await rowCount(t.deps.db, 'hazards');
    const missing = await api(townA, 'POST', '/api/hazards', { jurisdictionCode: TOWN_A, location: 'x', description: 'abc', source: 'inspection' });
    expectFieldError(missing, 'body.title');
    const badSource = await api(townA, 'POST', '/api/hazards', { jurisdictionCode: TOWN_A, location: 'x', title: 'ab', description: 'abc', source: 'rumour' });
    expectFieldError(badSource, 'body.source');
    const otherTown = await api(townA, 'POST', '/api/hazards', {
      jurisdictionCode: TOWN_B,
      location: 'x',
      title: 'ab',
      description: 'abc',
      source: 'inspection',
    });
    expectFieldError(otherTown, 'body.jurisdictionCode');
    const noPlace = await api(townA, 'POST', '/api/hazards', { jurisdictionCode: TOWN_A, title: 'ab', description: 'abc', source: 'inspection' });
    expectFieldError(noPlace, 'body.location');
    expect(await rowCount(t.deps.db, 'hazards')).toBe(before);
  });

  it('a major hazard must cite a clause; grading needs hazard:approve', async () => {
    const h = await create();
    const noClause = await api(townA, 'POST', `/api/hazards/${h.id}/grade`, { level: 'major' });
    expectFieldError(noClause, 'body.clauseId');
    const byEnterprise = await api(enterpriseUser, 'POST', `/api/hazards/${h.id}/grade`, { level: 'general' });
    expect(byEnterprise.statusCode).toBe(403);
    const ok = await api(townA, 'POST', `/api/hazards/${h.id}/grade`, { level: 'major', clauseId: M2 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'graded', level: 'major', clauseId: M2 });
  });

  it('createHazard for an IoT alarm links the alarm and is idempotent per alarm', async () => {
    const ctx = systemCtx(t.deps);
    const alarmId = (await insertAlarm(t.deps, { jurisdictionCode: TOWN_A })).id;
    const input = {
      jurisdictionCode: TOWN_A,
      lon: 121.5,
      lat: 29.85,
      title: '可燃气体浓度超限',
      description: '探测器 3 号报警',
      source: 'iot_alarm' as const,
      alarmId,
    };
    const a = await createHazard(ctx, input);
    const b = await createHazard(ctx, input);
    expect(a.alarmId).toBe(alarmId);
    expect(b.id).toBe(a.id);
    await expect(
      createHazard(ctx, { ...input, source: 'inspection', alarmId: (await insertAlarm(t.deps, { jurisdictionCode: TOWN_A })).id }),
    ).rejects.toMatchObject({
      status: 400,
    });
    // An alarm id the monitoring module never raised names nothing.
    await expect(createHazard(ctx, { ...input, alarmId: 'alarm-42' })).rejects.toMatchObject({ status: 400, fields: [{ field: 'body.alarmId' }] });
  });
});

describe('state machine (table-driven over TRANSITIONS)', () => {
  // Bring a fresh hazard to a state along the legal path; rectifier = system, acceptor = another actor.
  async function hazardIn(state: HazardState): Promise<string> {
    const a = systemCtx(t.deps);
    const b = otherCtx(t.deps);
    const h = await createHazard(a, {
      jurisdictionCode: TOWN_A,
      location: '测试地点',
      title: '测试隐患',
      description: '状态机测试',
      source: 'self_inspection',
    });
    const path: Record<HazardState, ((id: string) => Promise<unknown>)[]> = {
      reported: [],
      graded: [(id) => svc.gradeHazard(a, id, { level: 'general' })],
      rectifying: [(id) => svc.gradeHazard(a, id, { level: 'general' }), (id) => svc.submitPlan(a, id, plan())],
      acceptance_requested: [],
      verified: [],
      closed: [],
      reopened: [],
      cancelled: [(id) => svc.cancelHazard(a, id, { reason: '重复登记' })],
    };
    path.acceptance_requested = [...path.rectifying, (id) => svc.requestAcceptance(a, id, { note: '已完成' })];
    path.verified = [...path.acceptance_requested, (id) => svc.verifyHazard(b, id, {})];
    path.closed = [...path.verified, (id) => svc.closeHazard(b, id, {})];
    path.reopened = [...path.closed, (id) => svc.reopenHazard(b, id, { reason: '复查不合格' })];
    for (const step of path[state]) await step(h.id);
    return h.id;
  }

  function perform(action: HazardAction, id: string) {
    const a = systemCtx(t.deps);
    const b = otherCtx(t.deps);
    switch (action) {
      case 'grade':
        return svc.gradeHazard(a, id, { level: 'general' });
      case 'plan':
        return svc.submitPlan(a, id, plan());
      case 'request_acceptance':
        return svc.requestAcceptance(a, id, { note: '已完成' });
      case 'reject_acceptance':
        return svc.rejectAcceptance(b, id, { reason: '未整改到位' });
      case 'verify':
        return svc.verifyHazard(b, id, {});
      case 'close':
        return svc.closeHazard(b, id, {});
      case 'reopen':
        return svc.reopenHazard(b, id, { reason: '复查不合格' });
      case 'cancel':
        return svc.cancelHazard(b, id, { reason: '误报' });
    }
  }

  const cases = HAZARD_STATES.flatMap((state) => HAZARD_ACTIONS.map((action) => [state, action] as const));
  it.each(cases)('from %s, %s', async (state, action) => {
    const id = await hazardIn(state);
    const legal = transitionFor(action).from.includes(state);
    if (legal) {
      const res = await perform(action, id);
      expect((res as HazardDto).state).toBe(transitionFor(action).to);
      const audits = await audited(id);
      expect(audits.at(-1)?.action).toBe(`hazard.${action}`);
    } else {
      const err = await perform(action, id).catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'ILLEGAL_TRANSITION', status: 409 });
    }
  });

  it('covers every transition in the table', () => {
    expect(TRANSITIONS.map((x) => x.action).sort()).toEqual([...HAZARD_ACTIONS].sort());
  });
});

describe('rectification over HTTP', () => {
  it('report → grade → plan → progress → request acceptance → accepted by another user → close; every step audited', async () => {
    const h = await create();
    expect((await api(townA, 'POST', `/api/hazards/${h.id}/grade`, { level: 'general' })).statusCode).toBe(200);
    const past = await api(townA, 'POST', `/api/hazards/${h.id}/plan`, { ...plan(), deadline: new Date(t.clock.now().getTime() - DAY).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({ code: 'DEADLINE_IN_PAST', fields: [{ field: 'body.deadline' }] });
    expect((await api(townA, 'POST', `/api/hazards/${h.id}/plan`, plan())).json().state).toBe('rectifying');
    expect((await api(townA, 'POST', `/api/hazards/${h.id}/progress`, { note: '已采购配件' })).statusCode).toBe(200);
    expect((await api(townA, 'POST', `/api/hazards/${h.id}/request-acceptance`, { note: '整改完成' })).json().state).toBe('acceptance_requested');
    const self = await api(townA, 'POST', `/api/hazards/${h.id}/verify`, {});
    expect(self.statusCode).toBe(409);
    expect(self.json().error.code).toBe('ACCEPTOR_IS_RECTIFIER');
    expect((await api(townA2, 'POST', `/api/hazards/${h.id}/verify`, { note: '复核合格' })).json().state).toBe('verified');
    const closed = await api(townA2, 'POST', `/api/hazards/${h.id}/close`, {});
    expect(closed.json()).toMatchObject({ state: 'closed' });
    const wrong = await api(townA2, 'POST', `/api/hazards/${h.id}/plan`, plan());
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('ILLEGAL_TRANSITION');
    const actions = (await audited(h.id)).map((a) => a.action);
    expect(actions).toEqual(['hazard.create', 'hazard.grade', 'hazard.plan', 'hazard.progress', 'hazard.request_acceptance', 'hazard.verify', 'hazard.close']);
    const detail = (await api(townA, 'GET', `/api/hazards/${h.id}`)).json();
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(['create', 'grade', 'plan', 'progress', 'request_acceptance', 'verify', 'close']);
    expect(detail.plans[0]).toMatchObject({ fundsFen: 120_000, responsiblePerson: '张伟' });
  });

  it('the detail lists what the current user may do now (permission, state and guards), as the buttons show it', async () => {
    const h = await create();
    const actionsOf = async (s: S) => (await api(s, 'GET', `/api/hazards/${h.id}`)).json().actions;
    expect(await actionsOf(townA)).toEqual(['grade', 'cancel']);
    await api(townA, 'POST', `/api/hazards/${h.id}/grade`, { level: 'major', clauseId: M2 });
    await api(townA, 'POST', `/api/hazards/${h.id}/plan`, plan());
    expect(await actionsOf(townA)).toEqual(['request_acceptance', 'cancel', 'progress', 'extension_request', 'supervise']);
    await api(townA, 'POST', `/api/hazards/${h.id}/request-acceptance`, { note: '整改完成' });
    expect(await actionsOf(townA)).toEqual(['reject_acceptance', 'cancel', 'supervise']); // the rectifier may not verify
    expect(await actionsOf(townA2)).toEqual(['reject_acceptance', 'verify', 'cancel', 'supervise']);
  });

  it('another town sees nothing: list, detail, actions, export', async () => {
    const h = await create();
    expect((await api(townB, 'GET', `/api/hazards/${h.id}`)).statusCode).toBe(404);
    expect((await api(townB, 'POST', `/api/hazards/${h.id}/grade`, { level: 'general' })).statusCode).toBe(404);
    expect((await api(townB, 'GET', `/api/hazards/${h.id}/dossier.docx`)).statusCode).toBe(404);
    const list = (await api(townB, 'GET', '/api/hazards?pageSize=200')).json();
    expect(list.items.find((x: { id: string }) => x.id === h.id)).toBeUndefined();
    const mine = (await api(townA, 'GET', '/api/hazards?pageSize=200')).json();
    expect(mine.items.find((x: { id: string }) => x.id === h.id)).toBeDefined();
    const dash = (await api(townB, 'GET', '/api/hazards/dashboard')).json();
    expect(dash.towns.map((x: { code: string }) => x.code)).toEqual([TOWN_B]);
  });

  it('ledger filters and paging validate their input', async () => {
    const bad = await api(townA, 'GET', '/api/hazards?pageSize=1000');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toMatch(/pageSize/);
    const badState = await api(townA, 'GET', '/api/hazards?state=nope');
    expect(badState.statusCode).toBe(400);
    const filtered = (await api(townA, 'GET', '/api/hazards?state=closed&state=reported&pageSize=200')).json();
    expect(filtered.items.every((x: { state: string }) => ['closed', 'reported'].includes(x.state))).toBe(true);
    const badSort = await api(townA, 'GET', '/api/hazards?sort=title');
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().error.fields[0].field).toMatch(/sort/);
  });

  it('the ledger sorts on the server by code, found date and deadline, both ways', async () => {
    for (let i = 0; i < 3; i++) await create(townA);
    const codes = async (sort: string) =>
      (await api(townA, 'GET', `/api/hazards?sort=${sort}&pageSize=200`)).json().items as { code: string; deadline: string | null; foundAt: string }[];
    const up = (await codes('code')).map((x) => x.code);
    expect(up.length).toBeGreaterThan(2);
    expect(up).toEqual([...up].sort());
    expect((await codes('-code')).map((x) => x.code)).toEqual([...up].reverse());
    const found = (await codes('foundAt')).map((x) => x.foundAt);
    expect(found).toEqual([...found].sort());
    // Deadlines ascending, the hazards without one (not graded yet) after them.
    const dl = (await codes('deadline')).map((x) => x.deadline);
    const dated = dl.filter((d): d is string => d !== null);
    expect(dl.slice(0, dated.length)).toEqual([...dated].sort());
    expect(dl.slice(dated.length).every((d) => d === null)).toBe(true);
  });

  it('exports the ledger as .xlsx with formula cells neutralised, and the dossier as .docx', async () => {
    const h = await create(townA, { title: '=HYPERLINK("http://evil","x")' });
    const res = await api(townA, 'GET', `/api/hazards/export.xlsx?q=${encodeURIComponent('HYPERLINK')}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).getCell(2).value).toBe('\'=HYPERLINK("http://evil","x")');
    const doc = await api(townA, 'GET', `/api/hazards/${h.id}/dossier.docx`);
    expect(doc.statusCode).toBe(200);
    expect(doc.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(doc.rawPayload.includes('word/media/')).toBe(false); // no photos, no pictures
    expect(doc.headers['content-disposition']).toContain(encodeURIComponent('隐患档案'));
  });

  it('the dossier shows the photos as pictures and is titled by the hazard’s level', async () => {
    const photo = await make.storedFile(t.deps, TOWN_A);
    const h = await create(townA, { photoIds: [photo] });
    const doc = await api(townA, 'GET', `/api/hazards/${h.id}/dossier.docx`);
    expect(doc.statusCode).toBe(200);
    // Zip entry names are stored as they are: the picture is in the package as an embedded image.
    expect(doc.rawPayload.includes('word/media/')).toBe(true);
    expect(dossierTitle('major')).toBe('重大事故隐患“一患一档”');
    expect(dossierTitle('general')).toBe('一般事故隐患档案');
    expect(dossierTitle(null)).toBe('事故隐患档案');
  });
});

describe('挂牌督办', () => {
  it('supervises a major hazard, lists it publicly, withdraws it on closing', async () => {
    const h = await create();
    const notMajor = await api(townA, 'POST', `/api/hazards/${h.id}/supervision`, {
      noticeNo: '海应急督〔2026〕1号',
      issuer: '海曙区应急管理局',
      level: 'district',
      deadline: inFuture(60),
    });
    expect(notMajor.json().error.code).toBe('NOT_MAJOR');
    await api(townA, 'POST', `/api/hazards/${h.id}/grade`, { level: 'major', clauseId: M2 });
    const noOrder = await api(townA, 'POST', `/api/hazards/${h.id}/supervision`, {
      noticeNo: '海应急督〔2026〕1号',
      issuer: '海曙区应急管理局',
      level: 'district',
      deadline: inFuture(60),
      stopProduction: true,
    });
    expectFieldError(noOrder, 'body.stopOrderNo');
    const sup = await api(townA, 'POST', `/api/hazards/${h.id}/supervision`, {
      noticeNo: '海应急督〔2026〕1号',
      issuer: '海曙区应急管理局',
      level: 'district',
      deadline: inFuture(60),
      stopProduction: true,
      stopOrderNo: '海应急责停〔2026〕1号',
    });
    expect(sup.statusCode, sup.body).toBe(200);
    const pub = await t.app.inject({ method: 'GET', url: '/api/public/hazards/supervisions' });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().items.map((x: { noticeNo: string }) => x.noticeNo)).toContain('海应急督〔2026〕1号');
    await api(townA, 'POST', `/api/hazards/${h.id}/plan`, plan());
    await api(townA, 'POST', `/api/hazards/${h.id}/request-acceptance`, { note: '完成' });
    await api(townA2, 'POST', `/api/hazards/${h.id}/verify`, {});
    await api(townA2, 'POST', `/api/hazards/${h.id}/close`, {});
    const after = await t.app.inject({ method: 'GET', url: '/api/public/hazards/supervisions' });
    expect(after.json().items.map((x: { noticeNo: string }) => x.noticeNo)).not.toContain('海应急督〔2026〕1号');
    const d = (await api(townA, 'GET', `/api/hazards/${h.id}`)).json();
    expect(d.supervisions[0].withdrawnAt).not.toBeNull();
  });
});

describe('public reports (举报)', () => {
  const submit = (parts: Parameters<typeof multipartBody>[0], device = 'device-one-0001') => {
    const body = multipartBody(parts);
    return t.app.inject({ method: 'POST', url: '/api/public/hazards/reports', payload: body.payload, headers: { ...body.headers, 'x-device-id': device } });
  };

  it('round trip: submit without an account, track by code, staff verify into a hazard, reward', async () => {
    const res = await submit([
      { name: 'description', value: '小区地下车库堆放大量液化气钢瓶 <b>危险</b>' },
      { name: 'address', value: '石碶街道某小区地下车库' },
      { name: 'townCode', value: TOWN_A },
      { name: 'contactPhone', value: '13912345678' },
      { name: 'wantsReward', value: 'true' },
      { name: 'photos', file: { filename: 'a.png', data: PNG_1PX, type: 'image/png' } },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const { trackingCode } = res.json();
    expect(trackingCode).toMatch(/^[A-HJ-NP-Z2-9]{12}$/);
    const tracked = await t.app.inject({ method: 'GET', url: `/api/public/hazards/reports/${trackingCode}` });
    expect(tracked.json()).toMatchObject({ status: 'submitted', hazard: null });
    expect(JSON.stringify(tracked.json())).not.toContain('13912345678');
    expect((await t.app.inject({ method: 'GET', url: '/api/public/hazards/reports/AAAAAAAAAAAA' })).statusCode).toBe(404);

    const list = (await api(townA, 'GET', '/api/hazards/reports?status=submitted')).json();
    const rep = list.items.find((r: { trackingCode: string }) => r.trackingCode === trackingCode);
    expect(rep.description).toBe('小区地下车库堆放大量液化气钢瓶 <b>危险</b>');
    expect(rep.reporter).toBeNull(); // town staff lack hazard:reporter
    expect((await api(townB, 'GET', `/api/hazards/reports/${rep.id}`)).statusCode).toBe(404);
    const asAdmin = (await api(admin, 'GET', `/api/hazards/reports/${rep.id}`)).json();
    expect(asAdmin.reporter.contactPhone).toBe('13912345678');

    const noTitle = await api(townA, 'POST', `/api/hazards/reports/${rep.id}/verify`, { accept: true });
    expectFieldError(noTitle, 'body.title');
    const v = await api(townA, 'POST', `/api/hazards/reports/${rep.id}/verify`, { accept: true, title: '地下车库违规存放液化气钢瓶', sector: 'gas' });
    expect(v.statusCode, v.body).toBe(200);
    const hz = (await api(townA, 'GET', `/api/hazards/${v.json().hazardId}`)).json();
    expect(hz.hazard).toMatchObject({ source: 'public_report', reportId: rep.id, state: 'reported' });
    expect(hz.photos).toHaveLength(1);
    const img = await api(townA, 'GET', `/api/files/${hz.photos[0].id}`);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.equals(PNG_1PX)).toBe(true);

    const reward = await api(townA, 'POST', `/api/hazards/reports/${rep.id}/reward`, { granted: true, amountFen: 50_000 });
    expect(reward.statusCode, reward.body).toBe(200);
    const final = (await t.app.inject({ method: 'GET', url: `/api/public/hazards/reports/${trackingCode}` })).json();
    expect(final).toMatchObject({ status: 'accepted', hazard: { code: hz.hazard.code }, reward: { status: 'granted', amountFen: 50_000 } });
    expect((await api(townA, 'POST', `/api/hazards/reports/${rep.id}/verify`, { accept: false, reason: '重复' })).json().error.code).toBe(
      'REPORT_ALREADY_VERIFIED',
    );
    const audits = await audited(rep.id);
    expect(audits.map((a) => a.action)).toEqual(['hazard.report.submit', 'hazard.report.identity_viewed', 'hazard.report.accept', 'hazard.report.reward']);
  });

  it('refuses a non-image photo and bad fields; nothing is written', async () => {
    const count = () => rowCount(t.deps.db, 'files');
    const before = await count();
    const notImage = await submit(
      [
        { name: 'description', value: '有人在河道边焚烧垃圾' },
        { name: 'address', value: '高桥镇河边' },
        { name: 'photos', file: { filename: 'ok.png', data: PNG_1PX } },
        { name: 'photos', file: { filename: 'evil.png', data: Buffer.from('<html><script>alert(1)</script></html>'), type: 'image/png' } },
      ],
      'device-two-0002',
    );
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json().error).toMatchObject({ code: 'NOT_AN_IMAGE', fields: [{ field: 'body.photos' }] });
    const short = await submit([{ name: 'description', value: '短' }], 'device-two-0002');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['body.description', 'body.address']);
    const reward = await submit(
      [
        { name: 'description', value: '有人在河道边焚烧垃圾' },
        { name: 'address', value: '高桥镇' },
        { name: 'wantsReward', value: 'true' },
      ],
      'device-two-0002',
    );
    expectFieldError(reward, 'body.contactPhone');
    expect(await count()).toBe(before);
  });

  it('rate-limits floods per device (429)', async () => {
    const parts = [
      { name: 'description', value: '工地夜间违规动火作业' },
      { name: 'address', value: '石碶街道' },
    ];
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await submit(parts, 'device-flood-0003')).statusCode);
    expect(codes).toEqual([201, 201, 201, 201, 201, 429]);
    const limited = await submit(parts, 'device-flood-0003');
    expect(limited.json().error.code).toBe('RATE_LIMITED');
  });
});

describe('files', () => {
  it('uploads an image, serves it back in scope only, refuses non-images', async () => {
    const body = multipartBody([{ name: 'file', file: { filename: '现场.png', data: PNG_1PX } }]);
    const up = await t.app.inject({ method: 'POST', url: '/api/files', payload: body.payload, headers: { ...townA.headers, ...body.headers } });
    expect(up.statusCode, up.body).toBe(200);
    const f = up.json().files[0];
    expect(f).toMatchObject({ mime: 'image/png', size: PNG_1PX.length });
    expect((await api(townA, 'GET', `/api/files/${f.id}`)).statusCode).toBe(200);
    expect((await api(townB, 'GET', `/api/files/${f.id}`)).statusCode).toBe(404);
    const text = multipartBody([{ name: 'file', file: { filename: 'x.jpg', data: Buffer.from('just text'), type: 'image/jpeg' } }]);
    const bad = await t.app.inject({ method: 'POST', url: '/api/files', payload: text.payload, headers: { ...townA.headers, ...text.headers } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('NOT_AN_IMAGE');
    // Another town's photo cannot be attached to my hazard.
    const h = await create(townB, { jurisdictionCode: TOWN_B, photoIds: [f.id] }).catch((e) => e);
    expect(h).toBeInstanceOf(Error);
  });

  it('refuses a file over the size limit (413)', async () => {
    const big = Buffer.concat([PNG_1PX, Buffer.alloc(11 * 1024 * 1024)]);
    const body = multipartBody([{ name: 'file', file: { filename: 'big.png', data: big } }]);
    const res = await t.app.inject({ method: 'POST', url: '/api/files', payload: body.payload, headers: { ...townA.headers, ...body.headers } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'FILE_TOO_LARGE', fields: [{ field: 'file' }] });
  });
});

describe('criteria catalogue', () => {
  async function xlsx(rows: (string | null)[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('条款');
    ws.addRow(['编号', '类别', '行业', '条文']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const upload = async (s: S, file: Buffer) => {
    const body = multipartBody([
      { name: 'code', value: 'TEST-STD' },
      { name: 'name', value: '测试判定标准' },
      { name: 'version', value: '2026' },
      { name: 'file', file: { filename: 'c.xlsx', data: file } },
    ]);
    return t.app.inject({ method: 'POST', url: '/api/hazards/criteria/import', payload: body.payload, headers: { ...s.headers, ...body.headers } });
  };

  it('lists the seeded 工贸 structure with summary clauses', async () => {
    const std = (await api(townA, 'GET', '/api/hazards/criteria/standards')).json().items;
    expect(std.find((s: { code: string }) => s.code === 'MEM-10-2023')).toMatchObject({ version: '2023', clauses: 13, summaries: 13 });
    const mgmt = (await api(townA, 'GET', '/api/hazards/criteria/clauses?category=management')).json().items;
    expect(mgmt.map((c: { number: string }) => c.number)).toEqual(['M-1', 'M-2', 'M-3']);
  });

  it('imports .xlsx as an administrator; bad rows refuse the whole file with row errors', async () => {
    const good = await xlsx([
      ['1', '管理类', null, '条文一'],
      ['2', 'special', null, '条文二'],
    ]);
    expect((await upload(townA, good)).statusCode).toBe(403);
    const bad = await upload(
      admin,
      await xlsx([
        ['1', '管理类', null, '条文一'],
        ['1', '其他类', null, ''],
        [null, '行业类', '冶金', 'x'],
      ]),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['rows.3.编号', 'rows.3.类别', 'rows.3.条文', 'rows.4.编号']);
    expect((await api(admin, 'GET', '/api/hazards/criteria/standards')).json().items.some((s: { code: string }) => s.code === 'TEST-STD')).toBe(false);
    const ok = await upload(admin, good);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().imported).toBe(2);
    const notXlsx = await upload(admin, Buffer.from('hello'));
    expectFieldError(notXlsx, 'body.file');
  });
});

describe('dashboard', () => {
  it('counts by town with drill-down filters matching the ledger', async () => {
    const d = (await api(admin, 'GET', '/api/hazards/dashboard')).json();
    const a = d.towns.find((x: { code: string }) => x.code === TOWN_A);
    const open = (await api(admin, 'GET', `/api/hazards?town=${TOWN_A}&open=true&pageSize=1`)).json();
    expect(a.openTotal).toBe(open.total);
    const overdue = (await api(admin, 'GET', `/api/hazards?town=${TOWN_A}&open=true&overdue=true&pageSize=1`)).json();
    expect(a.overdue).toBe(overdue.total);
    expect(d.towns.length).toBeGreaterThan(10);
    // The trigger-kept year counters agree with a direct count after every transition these tests made.
    const ys = yearStartOf(t.clock.now());
    const direct = async (closedOnly: boolean) => {
      let q = t.deps.db.selectFrom('hazards').where('town_code', '=', TOWN_A).where('found_at', '>=', ys).where('state', '<>', 'cancelled');
      if (closedOnly) q = q.where('state', '=', 'closed');
      return Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    };
    expect(a.yearTotal).toBeGreaterThan(0);
    expect(a.yearTotal).toBe(await direct(false));
    expect(a.yearClosed).toBe(await direct(true));
    expect(d.ageing).toHaveProperty('d0_7');
    expect((await api(admin, 'GET', '/api/hazards/dashboard?town=12')).statusCode).toBe(400);
  });
});

describe('scope property (random org subsets, users, grants)', () => {
  // What the ledger and detail, file downloads and the report queue show: inside their jurisdiction, nowhere else.
  scopePropertyTests(
    t,
    [
      {
        name: 'hazards',
        permission: 'hazard:read',
        create: (tt, code) => make.hazard(tt.deps, code),
        list: '/api/hazards?pageSize=200',
        read: '/api/hazards/:id',
      },
      { name: 'files', permission: null, create: (tt, code) => make.storedFile(tt.deps, code), read: '/api/files/:id' },
      {
        name: 'hazard-reports',
        permission: 'hazard:read',
        create: (tt, code) => make.hazardReport(tt.deps, code),
        list: '/api/hazards/reports?pageSize=200',
        read: '/api/hazards/reports/:id',
      },
    ],
    {},
    90_000,
  );
});

describe('one URL style', () => {
  it('every hazards route lives under /api/hazards/… or /api/public/hazards/… and has a response schema; the old prefixes answer 404', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const hazardPaths = Object.entries(doc.paths)
      .filter(
        ([p, ops]) =>
          p.startsWith('/api/hazard') ||
          // /api/public/supervision/… is the supervision module's public item list, not the hazards' 挂牌督办.
          (/^\/api\/public\/.*(report|supervision|hazard)/.test(p) && !p.startsWith('/api/public/supervision/')) ||
          Object.values(ops).some((o) => o.tags?.includes('hazards')),
      )
      .map(([p]) => p);
    expect(hazardPaths.length).toBeGreaterThan(30);
    for (const p of hazardPaths) expect(p, p).toMatch(/^\/api\/(public\/)?hazards(\/|$)/);
    for (const [p, ops] of Object.entries(doc.paths).filter(([p]) => hazardPaths.includes(p))) {
      for (const [method, op] of Object.entries(ops as Record<string, { responses?: Record<string, { content?: unknown }> }>)) {
        const ok = Object.entries(op.responses ?? {}).filter(([code]) => code.startsWith('2'));
        expect(ok.length > 0 && ok.every(([, r]) => r.content), `${method} ${p} describes its answer`).toBe(true);
      }
    }
    for (const old of ['/api/hazard-reports', '/api/hazard-extensions', '/api/public/supervisions']) {
      expect((await api(admin, 'GET', old)).statusCode, old).toBe(404);
    }
    expect((await api(admin, 'GET', '/api/public/reports/ABCD2345')).statusCode).toBe(404);
  });
});

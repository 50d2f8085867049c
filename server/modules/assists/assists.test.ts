// 乡呼县应 over HTTP and through the engine: a town's request on its case, the district's answer, assignment,
// work log, the records it produced and the town's confirmation; every transition legal and illegal; who may
// take which step; the cross-town scope (and the scope property of the list and the request); the response
// deadline in working days across the 2026 Spring Festival, its reminder and overdue mark after a restart; and
// joint inspection teams (§42: two licensed officers of ours, other departments' officers need no licence).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSIST_SIDE_TRANSITIONS, ASSIST_STATES, ASSIST_TRANSITIONS } from '../../../shared/assists.ts';
import { loadActor } from '../../platform/auth/auth.service.ts';
import { FakeClock } from '../../platform/clock.ts';
import { type Ctx, systemCtx } from '../../platform/context.ts';
import { readHistory } from '../../platform/history.ts';
import { apply } from '../../platform/lifecycle.ts';
import * as make from '../../test/factories.ts';
import { auditRows, makeUser, restartableRuntime, type Session, type TestApp, testApp, userSession } from '../../test/helpers.ts';
import { checkScopeProperty } from '../../test/scope-property.ts';
import { createAssist } from './assists.create.ts';
import { assistMachine } from './assists.service.ts';

const { TOWN_A, TOWN_B, DISTRICT } = make;
const clock = new FakeClock(new Date('2026-03-02T02:00:00Z')); // Mon 2026-03-02 10:00 in Ningbo
let t: TestApp;
let admin: Session;
let bureau: Session & { id: string };
let townA: Session & { id: string };
let townB: Session & { id: string };
let district1: { id: string };
let district2: { id: string };
let town1: { id: string };
let town2: { id: string };
let unlicensed: { id: string };

const call = (s: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: s.headers, payload });
const json = (res: { body: string }) => JSON.parse(res.body);
const fieldOf = (res: { body: string }) => json(res).error?.fields?.[0]?.field;

beforeAll(async () => {
  t = await testApp({ clock, config: { sessionIdleMinutes: 10_000_000, sessionMaxHours: 1_000_000 } });
  admin = await userSession(t, { roles: ['district_admin'] });
  bureau = await userSession(t, { roles: ['bureau_staff'], unit: `${DISTRICT}D01` });
  townA = await userSession(t, { roles: ['town_staff'], unit: TOWN_A });
  townB = await userSession(t, { roles: ['town_staff'], unit: TOWN_B });
  district1 = await makeUser(t, { roles: ['enforcement_officer'], unit: `${DISTRICT}D01` });
  district2 = await makeUser(t, { roles: ['enforcement_officer'], unit: `${DISTRICT}D01` });
  town1 = await makeUser(t, { roles: ['enforcement_officer'], unit: TOWN_A });
  town2 = await makeUser(t, { roles: ['enforcement_officer'], unit: TOWN_A });
  unlicensed = await makeUser(t, { roles: ['enforcement_officer'], unit: `${DISTRICT}D01` });
  for (const [u, unit] of [
    [district1, DISTRICT],
    [district2, DISTRICT],
    [town1, TOWN_A],
    [town2, TOWN_A],
  ] as const)
    await make.licence(t.deps.db, u.id, unit);
}, 120_000);
afterAll(() => t?.dispose());

/** Ask as `s`: by default about a new case of town A. */
const ask = (s: Session, body: object) =>
  call(s, 'POST', '/api/assists', { subjectKind: 'case', kind: 'joint', reason: '当事人拒不配合，需区级联合执法', ...body });
const request = async (s: Session, over: object = {}) => ask(s, { caseId: await make.enforcementCase(t.deps.db, TOWN_A), ...over });
const step = (s: Session, id: string, path: string, body: object = {}) => call(s, 'POST', `/api/assists/${id}/${path}`, body);
const detail = async (s: Session, id: string) => json(await call(s, 'GET', `/api/assists/${id}`));

describe('a town asks, the district answers, assigns and reports, the town confirms', () => {
  it('walks the main path with its history, audit and the actions each side may take', async () => {
    const created = await request(townA, { attachmentIds: [await make.storedFile(t.deps, TOWN_A)] });
    expect(created.statusCode, created.body).toBe(201);
    const { id, code } = json(created);
    expect(code).toMatch(/^XH2026009\d{4}$/);
    let d = await detail(townA, id);
    // Three working days from Monday 2026-03-02: Thursday.
    expect(d).toMatchObject({ state: 'requested', responseDueDay: '2026-03-05', townCode: TOWN_A, townName: '石碶街道', subjectKind: 'case', overdue: false });
    expect(d.attachmentIds).toHaveLength(1);
    expect(d.actions).toEqual(['withdraw']);
    expect((await detail(bureau, id)).actions).toEqual(['accept', 'decline']);
    expect(await auditRows(t.deps.db, { action: 'assist.create', resource_id: id })).toHaveLength(1);

    expect((await step(bureau, id, 'accept', { note: '区局受理' })).statusCode).toBe(200);
    // The answer cancels the response-deadline jobs in the same transaction.
    const jobs = await t.deps.db.selectFrom('jobs').select(['kind', 'status']).where('dedup_key', 'like', `assist:${id}:%`).execute();
    expect(jobs.map((j) => j.status).sort()).toEqual(['cancelled', 'cancelled']);

    // Assigning: two officers of ours with a valid licence (§42), the lead unit the bureau or a department.
    const one = await step(bureau, id, 'assign', { leadUnitCode: `${DISTRICT}D02`, officerIds: [district1.id] });
    expect([one.statusCode, fieldOf(one)]).toEqual([400, 'body.officerIds']);
    const noLicence = await step(bureau, id, 'assign', { leadUnitCode: `${DISTRICT}D02`, officerIds: [district1.id, unlicensed.id] });
    expect([noLicence.statusCode, fieldOf(noLicence)]).toEqual([400, 'body.officerIds.1']);
    const town = await step(bureau, id, 'assign', { leadUnitCode: TOWN_A, officerIds: [district1.id, district2.id] });
    expect([town.statusCode, fieldOf(town)]).toEqual([400, 'body.leadUnitCode']);
    const assigned = await step(bureau, id, 'assign', { leadUnitCode: `${DISTRICT}D02`, officerIds: [district1.id, district2.id], note: '消防牵头' });
    expect(assigned.statusCode, assigned.body).toBe(200);
    d = await detail(bureau, id);
    expect(d).toMatchObject({ state: 'working', leadUnitCode: `${DISTRICT}D02`, leadUnitName: '海曙区消防救援大队' });
    expect(d.officers.map((o: { userId: string }) => o.userId)).toEqual([district1.id, district2.id]);

    expect((await step(townA, id, 'notes', { note: '镇街已通知企业配合' })).statusCode).toBe(200);
    // What the help produced: a record in the requesting town, linked once.
    const foreign = await step(bureau, id, 'links', { kind: 'inspection', recordId: await make.inspection(t.deps.db, TOWN_B) });
    expect([foreign.statusCode, fieldOf(foreign)]).toEqual([400, 'body.recordId']);
    const insp = await make.inspection(t.deps.db, TOWN_A);
    expect((await step(bureau, id, 'links', { kind: 'inspection', recordId: insp })).statusCode).toBe(200);
    const again = await step(bureau, id, 'links', { kind: 'inspection', recordId: insp });
    expect([again.statusCode, fieldOf(again)]).toEqual([400, 'body.recordId']);
    const missing = await step(bureau, id, 'links', { kind: 'case', recordId: insp });
    expect([missing.statusCode, fieldOf(missing)]).toEqual([400, 'body.recordId']);

    expect((await step(bureau, id, 'done', { summary: '已完成联合检查，隐患交办镇街跟踪' })).statusCode).toBe(200);
    expect((await step(townA, id, 'reopen', { reason: '企业仍未整改到位' })).statusCode).toBe(200);
    expect((await detail(townA, id)).state).toBe('working');
    expect((await step(bureau, id, 'done', { summary: '复查整改到位' })).statusCode).toBe(200);
    expect((await detail(townA, id)).actions).toEqual(['confirm', 'reopen', 'add_note']);
    // Only the requesting town confirms: not the district, even with every permission.
    const byAdmin = await step(admin, id, 'confirm', {});
    expect([byAdmin.statusCode, json(byAdmin).error.code]).toEqual([409, 'NOT_REQUESTING_TOWN']);
    expect((await step(townA, id, 'confirm', { note: '确认办结' })).statusCode).toBe(200);

    d = await detail(townA, id);
    expect(d).toMatchObject({ state: 'closed', resultSummary: '复查整改到位' });
    expect(d.records).toEqual([expect.objectContaining({ kind: 'inspection', id: insp })]);
    expect(d.actions).toEqual([]);
    expect(d.timeline.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'accept',
      'assign',
      'add_note',
      'link_record',
      'report_done',
      'reopen',
      'report_done',
      'confirm',
    ]);
    expect((await auditRows(t.deps.db, { resource_id: id })).map((r) => r.action)).toEqual([
      'assist.create',
      'assist.accept',
      'assist.assign',
      'assist.add_note',
      'assist.link_record',
      'assist.report_done',
      'assist.reopen',
      'assist.report_done',
      'assist.confirm',
    ]);
  });

  it('declines with a reason, or the town withdraws', async () => {
    const a = json(await request(townA)).id;
    const bare = await step(bureau, a, 'decline', {});
    expect([bare.statusCode, fieldOf(bare)]).toEqual([400, 'body.reason']);
    expect((await step(bureau, a, 'decline', { reason: '属镇街赋权范围，请镇街依法办理' })).statusCode).toBe(200);
    expect(await detail(townA, a)).toMatchObject({ state: 'declined', declineReason: '属镇街赋权范围，请镇街依法办理', answeredByName: expect.any(String) });
    const b = json(await request(townA, { urgency: 'urgent' })).id;
    expect((await detail(townA, b)).responseDueDay).toBe('2026-03-03');
    expect((await step(townA, b, 'withdraw', { reason: '镇街已自行处置' })).statusCode).toBe(200);
    expect((await detail(bureau, b)).state).toBe('withdrawn');
  });

  it('who may take which step', async () => {
    const id = json(await request(townA)).id;
    // The town does not answer its own request; the bureau does not ask.
    expect((await step(townA, id, 'accept')).statusCode).toBe(403);
    expect((await request(bureau)).statusCode).toBe(403);
    const own = await step(admin, id, 'withdraw', { reason: '代为撤回' });
    expect([own.statusCode, json(own).error.code]).toEqual([409, 'NOT_REQUESTING_TOWN']);
    const officer = await userSession(t, { roles: ['enforcement_officer'], unit: `${DISTRICT}D01` });
    expect((await step(officer, id, 'accept')).statusCode).toBe(403);
    expect((await call(officer, 'GET', `/api/assists/${id}`)).statusCode).toBe(200);
  });
});

describe('every transition legal and illegal', () => {
  const steps = [...ASSIST_TRANSITIONS, ...ASSIST_SIDE_TRANSITIONS];
  it('refuses every step from a state it does not start from with ILLEGAL_TRANSITION', async () => {
    const sys = systemCtx(t.deps);
    for (const state of ASSIST_STATES) {
      const id = await make.assist(t.deps.db, TOWN_A, { state });
      for (const s of steps.filter((x) => !x.from.includes(state)))
        await expect(apply(sys, assistMachine, id, s.action, {} as never), `${s.action} from ${state}`).rejects.toMatchObject({
          code: 'ILLEGAL_TRANSITION',
          status: 409,
        });
    }
  });

  it('allows every step from each state it starts from (the actions offered)', async () => {
    for (const state of ASSIST_STATES) {
      const id = await make.assist(t.deps.db, TOWN_A, { state });
      const town = new Set((await detail(townA, id)).actions);
      const district = new Set((await detail(bureau, id)).actions);
      for (const s of steps) {
        const offered = town.has(s.action) || district.has(s.action);
        expect(offered, `${s.action} in ${state}`).toBe(s.from.includes(state));
      }
    }
  });
});

describe('bad input on a request', () => {
  it('names the field', async () => {
    const none = await ask(townA, {});
    expect([none.statusCode, fieldOf(none)]).toEqual([400, 'body.caseId']);
    const two = await request(townA, { inspectionId: await make.inspection(t.deps.db, TOWN_A) });
    expect([two.statusCode, fieldOf(two)]).toEqual([400, 'body.inspectionId']);
    // Another town's case, and a district-level one (the district does not ask itself).
    for (const [who, code] of [
      [townA, TOWN_B],
      [admin, DISTRICT],
    ] as const) {
      const res = await ask(who, { caseId: await make.enforcementCase(t.deps.db, code) });
      expect([res.statusCode, fieldOf(res)], code).toEqual([400, 'body.caseId']);
    }
    const ent = await ask(townA, { subjectKind: 'enterprise', enterpriseId: await make.enterprise(t.deps.db, TOWN_A), kind: 'expertise' });
    expect(ent.statusCode, ent.body).toBe(201);
    expect((await detail(townA, json(ent).id)).subjectLabel).toMatch(/./);
  });
});

describe('scope: a town sees its own requests, the district all', () => {
  it('another town gets 404 and an empty list', async () => {
    const id = json(await request(townA)).id;
    expect((await call(townB, 'GET', `/api/assists/${id}`)).statusCode).toBe(404);
    expect((await step(townB, id, 'withdraw', { reason: '不是我的' })).statusCode).toBe(404);
    const list = json(await call(townB, 'GET', '/api/assists?pageSize=200'));
    expect(list.items.map((r: { id: string }) => r.id)).not.toContain(id);
    const all = json(await call(bureau, 'GET', `/api/assists?pageSize=200&town=${TOWN_A}&state=requested`));
    expect(all.items.map((r: { id: string }) => r.id)).toContain(id);
  });

  it('the list and the request follow the scope property', async () => {
    await checkScopeProperty(t, {
      name: 'assists',
      permission: 'assist:read',
      roles: ['town_staff', 'enforcement_officer', 'bureau_staff', 'district_admin'],
      create: (tt, code) => make.assist(tt.deps.db, code),
      list: '/api/assists?pageSize=200',
      read: '/api/assists/:id',
    });
  }, 90_000);
});

describe('joint inspection team (组团式执法)', () => {
  const team = (over: object = {}) => ({
    leadUnitCode: TOWN_A,
    officerIds: [town1.id, town2.id],
    members: [
      { departmentCode: `${DISTRICT}D02`, name: '消防监督员张伟', credential: '消防监督检查证 0231' },
      { departmentCode: `${DISTRICT}D12`, name: '市场监管员李娜' },
    ],
    ...over,
  });

  it('records our two licensed officers and other departments’ officers on the inspection', async () => {
    const insp = await make.inspection(t.deps.db, TOWN_A);
    expect(json(await call(townA, 'GET', `/api/assists/joint-teams/${insp}`))).toEqual({ team: null });
    const one = await call(townA, 'PUT', `/api/assists/joint-teams/${insp}`, team({ officerIds: [town1.id] }));
    expect([one.statusCode, fieldOf(one)]).toEqual([400, 'body.officerIds']);
    const ours = await call(townA, 'PUT', `/api/assists/joint-teams/${insp}`, team({ members: [{ departmentCode: `${DISTRICT}D01`, name: '应急局某' }] }));
    expect([ours.statusCode, fieldOf(ours)]).toEqual([400, 'body.members.0.departmentCode']);
    const nodept = await call(townA, 'PUT', `/api/assists/joint-teams/${insp}`, team({ members: [{ departmentCode: `${DISTRICT}D99`, name: '不存在' }] }));
    expect([nodept.statusCode, fieldOf(nodept)]).toEqual([400, 'body.members.0.departmentCode']);
    const ok = await call(townA, 'PUT', `/api/assists/joint-teams/${insp}`, team());
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).team).toMatchObject({ leadUnitName: '石碶街道', departments: ['应急管理局', '消防救援大队', '市场监管局'], version: 1 });
    const edited = await call(townA, 'PUT', `/api/assists/joint-teams/${insp}`, team({ leadUnitCode: `${DISTRICT}D02` }));
    expect(json(edited).team).toMatchObject({ leadUnitCode: `${DISTRICT}D02`, version: 2 });
    expect(await auditRows(t.deps.db, { action: 'assist.team', resource_id: insp })).toHaveLength(2);
    // Another town: the inspection is not found, to read or to write.
    expect((await call(townB, 'GET', `/api/assists/joint-teams/${insp}`)).statusCode).toBe(404);
    const foreign = await make.inspection(t.deps.db, TOWN_B);
    expect((await call(townA, 'PUT', `/api/assists/joint-teams/${foreign}`, team())).statusCode).toBe(404);
    const cancelled = await make.inspection(t.deps.db, TOWN_A, { state: 'cancelled' });
    expect((await call(townA, 'PUT', `/api/assists/joint-teams/${cancelled}`, team())).statusCode).toBe(409);
  });
});

describe('the response deadline survives a restart', () => {
  it('reminds on the last day and marks the request overdue after the process restarts; an answered one stays on time', async () => {
    // Friday 2026-02-13 10:00: Saturday 2/14 is a make-up workday, 2/15–2/23 the Spring Festival, so three working
    // days end on Wednesday 2/25.
    const c2 = new FakeClock(new Date('2026-02-13T02:00:00Z'));
    const rt = await restartableRuntime({ clock: c2 });
    try {
      const deps = rt.current.deps;
      const u = await makeUser(rt.current, { roles: ['town_staff'], unit: TOWN_A });
      const actor = await loadActor(deps, u.id, 'token');
      if (!actor) throw new Error('no actor');
      const town: Ctx = { actor, ip: null, requestId: 'test', deps, db: deps.db };
      const late = await createAssist(town, {
        subjectKind: 'case',
        caseId: await make.enforcementCase(deps.db, TOWN_A),
        kind: 'escalate',
        reason: '请求提级办理',
      });
      const answered = await createAssist(town, {
        subjectKind: 'case',
        caseId: await make.enforcementCase(deps.db, TOWN_A),
        kind: 'expertise',
        reason: '专业支援',
      });
      const due = await deps.db.selectFrom('assist_requests').select('response_due_day').where('id', '=', late.id).executeTakeFirstOrThrow();
      expect(due.response_due_day).toBe('2026-02-25');
      await apply(systemCtx(deps), assistMachine, answered.id, 'accept', {});

      c2.set(new Date('2026-02-26T01:00:00Z')); // Thursday 09:00, the day after
      const second = await rt.restart();
      expect(await second.deps.jobs.runDue()).toBe(2); // the late one's reminder and overdue mark
      const rows = await second.deps.db.selectFrom('assist_requests').select(['id', 'overdue', 'state']).where('id', 'in', [late.id, answered.id]).execute();
      expect(Object.fromEntries(rows.map((r) => [r.id, [r.state, r.overdue]]))).toEqual({ [late.id]: ['requested', true], [answered.id]: ['accepted', false] });
      const history = await readHistory(second.deps.db, 'assist', late.id);
      expect(history.map((h) => h.action)).toEqual(['create', 'response_reminder', 'response_overdue']);
      expect(history[2].note).toContain('3个工作日');
      expect(await auditRows(second.deps.db, { action: 'assist.overdue', resource_id: late.id })).toHaveLength(1);
      expect(await second.deps.jobs.runDue()).toBe(0);
    } finally {
      await rt.dispose();
    }
  }, 120_000);
});

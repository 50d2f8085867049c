// Enforcement cases over HTTP and through the engine: every transition legal and illegal, 一案双罚 with two parties
// and two penalties, the discretion range, the §72 surcharge cap, working-day clocks across the 2026 Spring
// Festival and National Day, documents rendered with the case's data, 行刑衔接, typical-case publication with
// personal data removed, and the scope property of the ledger and the case file.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_SIDE_TRANSITIONS, CASE_STATES, CASE_TRANSITIONS, lateSurchargeFen } from '../../../shared/cases.ts';
import { FakeClock } from '../../platform/clock.ts';
import { systemCtx, withTx } from '../../platform/context.ts';
import { issueDocument } from '../../platform/documents/documents.ts';
import { apply } from '../../platform/lifecycle.ts';
import * as make from '../../test/factories.ts';
import { auditRows, makeUser, type Session, type TestApp, testApp, userSession } from '../../test/helpers.ts';
import { checkScopeProperty } from '../../test/scope-property.ts';
import { multipartBody } from '../hazards/hazards.fixtures.ts';
import { caseMachine } from './cases.service.ts';

const TOWN_A = make.TOWN_A;
const TOWN_B = make.TOWN_B;
const clock = new FakeClock(new Date('2026-03-02T02:00:00Z')); // Mon 2026-03-02 10:00 in Ningbo
let t: TestApp;
let admin: Session;
let officer1: Session & { id: string; username: string };
let officer2: Session & { id: string };
let approver: Session & { id: string; username: string };
let otherTown: Session;

const call = (s: Session, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: s.headers, payload });

let seq = 0;
async function licence(userId: string, unit = TOWN_A) {
  const res = await call(admin, 'POST', '/api/enforcement/licences', {
    userId,
    number: `浙甬海C${++seq}${process.pid % 100}`,
    issuer: '宁波市海曙区人民政府',
    unitCode: unit,
    validFrom: '2025-01-01',
    validUntil: '2029-12-31',
  });
  expect(res.statusCode, res.body).toBe(201);
}

beforeAll(async () => {
  // The clock travels across the year: sessions must outlive it (the idle and absolute limits are not under test).
  t = await testApp({ clock, config: { sessionIdleMinutes: 10_000_000, sessionMaxHours: 1_000_000, passwordPolicy: 'asvs' } });
  admin = await userSession(t, { roles: ['district_admin'] });
  officer1 = await userSession(t, { roles: ['enforcement_officer'], unit: TOWN_A });
  officer2 = await userSession(t, { roles: ['enforcement_officer'], unit: TOWN_A });
  approver = await userSession(t, { roles: ['town_staff'], unit: TOWN_A });
  otherTown = await userSession(t, { roles: ['town_staff'], unit: TOWN_B });
  await licence(officer1.id);
  await licence(officer2.id);
}, 120_000);
afterAll(() => t?.dispose());

const unitParty = (over: object = {}) => ({
  kind: 'unit',
  name: '宁波市海曙区恒达机械有限公司',
  creditCode: make.creditCode(),
  address: '海曙区石碶街道雅戈尔大道 1 号',
  violation: '未按规定对从业人员进行安全生产教育和培训',
  article: '安全生产法第二十八条',
  penaltyArticle: '安全生产法第九十七条',
  level: 'general',
  penaltyKind: 'fine',
  fineFen: 5_000_000,
  ...over,
});
const principalParty = (over: object = {}) => ({
  kind: 'person',
  name: '胡国强',
  idNumber: '330203197001011234',
  phone: '13805740001',
  role: '主要负责人',
  violation: '主要负责人未履行安全生产管理职责，导致发生一般生产安全事故',
  article: '安全生产法第二十一条',
  penaltyArticle: '安全生产法第九十五条',
  level: 'general',
  penaltyKind: 'fine',
  incomeFen: 30_000_000,
  incomePercent: 40,
  ...over,
});

async function fileCase(parties: object[] = [unitParty(), principalParty()], over: object = {}) {
  const enterpriseId = await make.enterprise(t.deps.db, TOWN_A);
  const res = await call(officer1, 'POST', '/api/cases', {
    title: '恒达机械未进行安全生产教育培训案',
    cause: '未按规定对从业人员进行安全生产教育和培训',
    source: 'inspection',
    enterpriseId,
    officerIds: [officer1.id, officer2.id],
    parties,
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
/** A case filed under TOWN_A by both officers against one unit, with `over` changed. */
const caseBody = (over: object = {}) => ({
  title: '案件',
  cause: '未采取措施消除事故隐患',
  source: 'inspection',
  jurisdictionCode: TOWN_A,
  officerIds: [officer1.id, officer2.id],
  parties: [unitParty()],
  ...over,
});
const detail = async (id: string, s: Session = officer1) => {
  const res = await call(s, 'GET', `/api/cases/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const post = (s: Session, id: string, step: string, body: object = {}) => call(s, 'POST', `/api/cases/${id}/${step}`, body);
async function ok(s: Session, id: string, step: string, body: object = {}) {
  const res = await post(s, id, step, body);
  expect(res.statusCode, `${step}: ${res.body}`).toBe(200);
  return res.json();
}

async function docxText(data: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(data);
  const xml = await zip.file('word/document.xml')?.async('string');
  return (xml ?? '').replace(/<[^>]+>/g, '');
}

describe('filing', () => {
  it('needs two officers with valid licences (§42), and names the entry that has none', async () => {
    const nobody = await makeUser(t, { roles: ['enforcement_officer'], unit: TOWN_A });
    const one = await call(officer1, 'POST', '/api/cases', caseBody({ title: '一人案件', officerIds: [officer1.id] }));
    expect(one.statusCode).toBe(400);
    expect(one.json().error.fields[0].field).toBe('body.officerIds');
    const unlicensed = await call(officer1, 'POST', '/api/cases', caseBody({ officerIds: [officer1.id, nobody.id] }));
    expect(unlicensed.statusCode).toBe(400);
    expect(unlicensed.json().error.fields[0].field).toBe('body.officerIds.1');
  });

  it('a penalty outside the discretion range needs a written reason', async () => {
    // 安全生产法第九十七条, unit, general: 3–7万元 (migration 0531).
    const body = (p: object) => caseBody({ title: '培训案', cause: '未培训', parties: [p] });
    const outside = await call(officer1, 'POST', '/api/cases', body(unitParty({ article: '安全生产法第九十七条', fineFen: 9_000_000 })));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields[0].field).toBe('body.parties.0.outsideReason');
    expect(outside.json().error.message).toMatch(/裁量基准/);
    const reasoned = await call(
      officer1,
      'POST',
      '/api/cases',
      body(unitParty({ article: '安全生产法第九十七条', fineFen: 9_000_000, outsideReason: '拒不配合检查，涉及从业人员较多' })),
    );
    expect(reasoned.statusCode, reasoned.body).toBe(201);
    const inside = await call(officer1, 'POST', '/api/cases', body(unitParty({ article: '安全生产法第九十七条', fineFen: 5_000_000 })));
    expect(inside.statusCode).toBe(201);
  });

  it('§95: the principal fine is the percentage of last year income, and a stated fine must agree', async () => {
    const wrong = await call(
      officer1,
      'POST',
      '/api/cases',
      caseBody({ title: '事故案', cause: '一般事故', source: 'accident', parties: [principalParty({ fineFen: 1 })] }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].field).toBe('body.parties.0.fineFen');
  });

  it('another town cannot read the case (404) and its ledger does not list it', async () => {
    const id = await fileCase();
    expect((await call(otherTown, 'GET', `/api/cases/${id}`)).statusCode).toBe(404);
    const list = (await call(otherTown, 'GET', '/api/cases?pageSize=200')).json();
    expect(list.items.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await post(otherTown, id, 'approve-filing')).statusCode).toBe(404);
  });
});

describe('一案双罚: the main flow with two parties and two penalties', () => {
  it('files, approves, notifies, hears the statement, decides, serves, is paid and closes, each with its numbered document', async () => {
    const id = await fileCase();
    let d = await detail(id);
    expect(d.state).toBe('filing');
    expect(d.parties).toHaveLength(2);
    expect(d.parties[0].fineFen).toBe(5_000_000);
    expect(d.parties[1].fineFen).toBe(12_000_000); // 40 % of 30万元 (§95)
    expect(d.parties[1].hearingRight).toBe(true); // a person fined ≥ 1万元 (§63)
    expect(d.actions).toEqual(['set_parties']); // an officer may not approve

    // An officer on the team may not approve the filing; the head may.
    expect((await post(officer1, id, 'approve-filing')).statusCode).toBe(403);
    expect((await detail(id, approver)).actions).toEqual(expect.arrayContaining(['approve_filing', 'reject_filing']));
    await ok(approver, id, 'approve-filing');
    d = await detail(id);
    expect(d.state).toBe('investigating');
    expect(d.documents[0].number).toMatch(/^石碶应急立〔2026〕\d+号$/);
    const decision = d.clocks.find((c: { kind: string }) => c.kind === 'decision');
    // 90 days from 2026-03-02 (§60) is Sun 5/31: a calendar-day period ending on a rest day ends on the next working day.
    expect(decision.dueDay).toBe('2026-06-01');

    await ok(officer1, id, 'interviews', {
      interviewee: '胡国强',
      place: '企业会议室',
      time: '2026-03-02T01:00:00Z',
      content: '问：你单位是否组织了新员工三级安全教育？答：没有。',
    });
    await ok(officer1, id, 'notify', { facts: '经查，你单位 2026 年新入职 12 名员工未经安全生产教育和培训即上岗作业。' });
    d = await detail(id);
    expect(d.state).toBe('notified');
    const statement = d.clocks.find((c: { kind: string }) => c.kind === 'statement');
    expect(statement).toMatchObject({ dueDay: '2026-03-05', working: true, daysLeft: 3 });
    expect(d.clocks.find((c: { kind: string }) => c.kind === 'hearing_request').dueDay).toBe('2026-03-09');

    // No decision while the statement period runs (§45, §62).
    const early = await post(approver, id, 'decide');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('STATEMENT_PERIOD_RUNNING');
    await ok(officer1, id, 'statement', { statement: '我单位已组织补训，请求从轻处罚。' });
    await ok(approver, id, 'decide');
    d = await detail(id);
    expect(d.state).toBe('decided');
    expect(d.clocks.find((c: { kind: string }) => c.kind === 'service')).toMatchObject({ dueDay: '2026-03-11', state: 'running' });

    await ok(officer1, id, 'serve', { method: '直接送达', recipient: '胡国强', place: '企业办公室', servedAt: '2026-03-02T02:00:00Z' });
    d = await detail(id);
    expect(d.state).toBe('executing');
    expect(d.clocks.find((c: { kind: string }) => c.kind === 'payment').dueDay).toBe('2026-03-17'); // 15 days (§67)

    // Closing with fines unpaid needs a reason; paying too much is refused.
    const unpaid = await post(approver, id, 'close');
    expect(unpaid.statusCode).toBe(400);
    expect(unpaid.json().error.fields[0].field).toBe('body.reason');
    const [unit, person] = d.parties;
    const over = await post(officer1, id, 'payments', { partyId: unit.id, amountFen: 5_000_001, paidOn: '2026-03-02', receiptNo: 'FS001' });
    expect(over.statusCode).toBe(400);
    await ok(officer1, id, 'payments', { partyId: unit.id, amountFen: 5_000_000, paidOn: '2026-03-02', receiptNo: 'FS001' });
    await ok(officer1, id, 'payments', { partyId: person.id, amountFen: 12_000_000, paidOn: '2026-03-02', receiptNo: 'FS002' });
    d = await detail(id);
    expect(d.parties.map((p: { outstandingFen: number }) => p.outstandingFen)).toEqual([0, 0]);
    expect(d.clocks.find((c: { kind: string }) => c.kind === 'payment').state).toBe('met');
    await ok(approver, id, 'close');
    d = await detail(id);
    expect(d.state).toBe('closed');
    expect(d.documents.map((x: { kind: string }) => x.kind)).toEqual([
      'filing_approval',
      'interview_record',
      'penalty_notice',
      'penalty_decision',
      'service_receipt',
      'closing_approval',
    ]);
    expect(d.documents.find((x: { kind: string }) => x.kind === 'penalty_decision').number).toMatch(/^石碶应急罚〔2026〕\d+号$/);
    expect(d.timeline.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['create', 'approve_filing', 'record_interview', 'notify', 'record_statement', 'decide', 'serve', 'record_payment', 'close']),
    );
    expect(await auditRows(t.deps.db, { action: 'case.decide', resource_id: id })).toHaveLength(1);

    // Each document renders with the case's data.
    for (const doc of d.documents) {
      const res = await call(officer1, 'GET', `/api/documents/${doc.id}/file`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/wordprocessingml/);
      const text = await docxText(res.rawPayload);
      expect(text).toContain(doc.number);
      expect(text).toContain('恒达机械未进行安全生产教育培训案');
      if (doc.kind === 'penalty_notice' || doc.kind === 'penalty_decision') {
        expect(text).toContain('宁波市海曙区恒达机械有限公司');
        expect(text).toContain('胡国强');
        expect(text).toContain('罚款 50,000.00 元');
        expect(text).toContain('上一年年收入 300,000.00 元 的 40%');
      }
      if (doc.kind === 'penalty_notice') expect(text).toContain('2026-03-05');
      if (doc.kind === 'interview_record') expect(text).toContain('三级安全教育');
      if (doc.kind === 'service_receipt') expect(text).toContain('直接送达');
    }
    // Another town cannot download them.
    expect((await call(otherTown, 'GET', `/api/documents/${d.documents[0].id}/file`)).statusCode).toBe(404);
  }, 60_000);
});

describe('every transition, legal and illegal', () => {
  const inputs: Record<string, object> = {
    approve_filing: {},
    reject_filing: { reason: '不属于本机关管辖' },
    notify: {},
    request_hearing: {},
    decide: {},
    decide_no_penalty: { reason: '首违不罚' },
    serve: { method: '直接送达', recipient: '法定代表人', servedAt: '2026-03-02T01:00:00Z' },
    close: { reason: '已申请法院强制执行' },
    withdraw: { reason: '违法事实不能成立' },
    propose_transfer: { reason: '涉嫌犯罪' },
    approve_transfer: {},
    reject_transfer: { reason: '不构成犯罪' },
    police_answer: { accepted: true, answer: '已立案侦查' },
    record_interview: { interviewee: '张三', place: '现场', time: '2026-03-02T01:00:00Z', content: '询问内容' },
    record_statement: { statement: '无异议' },
    schedule_hearing: { hearingAt: '2026-04-01T02:00:00Z', place: '区应急管理局听证室' },
    record_hearing: { result: '维持原告知意见' },
    record_payment: { partyId: '00000000-0000-7000-8000-000000000001', amountFen: 1, paidOn: '2026-03-01', receiptNo: 'R1' },
    hand_over: { receiver: '海曙公安分局', handedAt: '2026-03-02T01:00:00Z' },
    propose_publication: { summary: '某公司未消除事故隐患被处罚款。' },
    decide_publication: { accept: true },
    set_parties: {
      parties: [
        {
          kind: 'unit',
          name: '测试单位',
          violation: '未消除隐患',
          article: '安全生产法第四十一条',
          penaltyArticle: '安全生产法第一百零二条',
          level: 'general',
          penaltyKind: 'fine',
          fineFen: 1000,
        },
      ],
    },
  };
  const steps = [...CASE_TRANSITIONS, ...CASE_SIDE_TRANSITIONS];

  it.each(steps.map((s) => [s.action, s] as const))(
    '%s: refused with ILLEGAL_TRANSITION from every state it does not start from, taken from the others',
    async (_a, step) => {
      const ctx = systemCtx(t.deps);
      for (const state of CASE_STATES) {
        const id = await make.enforcementCase(t.deps.db, TOWN_A, { state, publication: step.action === 'decide_publication' ? 'proposed' : 'none' });
        let code = 'OK';
        try {
          await apply(ctx, caseMachine, id, step.action as never, inputs[step.action] as never);
        } catch (e) {
          code = (e as { code?: string }).code ?? String(e);
        }
        if (step.from.includes(state)) expect(code, `${step.action} from ${state}`).not.toBe('ILLEGAL_TRANSITION');
        else expect(code, `${step.action} from ${state}`).toBe('ILLEGAL_TRANSITION');
        if (step.from.includes(state) && code === 'OK' && step.to) {
          const after = await t.deps.db.selectFrom('cases').select('state').where('id', '=', id).executeTakeFirstOrThrow();
          expect(after.state, `${step.action} from ${state}`).toBe(step.to);
        }
      }
    },
    60_000,
  );

  it('a system-free step by someone without the permission is 403 and changes nothing', async () => {
    const id = await fileCase();
    const res = await post(officer2, id, 'approve-filing');
    expect(res.statusCode).toBe(403);
    expect((await detail(id)).state).toBe('filing');
  });
});

describe('deadlines in working days (§85) across the 2026 holidays', () => {
  it('Spring Festival: notified on Fri 2026-02-13, the 3-day statement period ends 2026-02-25, the 5-day hearing request 2026-02-27', async () => {
    clock.set(new Date('2026-02-13T02:00:00Z'));
    try {
      const id = await fileCase();
      await ok(approver, id, 'approve-filing');
      await ok(officer1, id, 'notify');
      const d = await detail(id);
      // 2/14 (Sat) is a make-up working day; 2/15–2/23 are off; then 2/24, 2/25, 2/26, 2/27.
      expect(d.clocks.find((c: { kind: string }) => c.kind === 'statement').dueDay).toBe('2026-02-25');
      expect(d.clocks.find((c: { kind: string }) => c.kind === 'hearing_request').dueDay).toBe('2026-02-27');
      // 90 calendar days from 2/13 is 5/14 (a Thursday).
      expect(d.clocks.find((c: { kind: string }) => c.kind === 'decision').dueDay).toBe('2026-05-14');
    } finally {
      clock.set(new Date('2026-03-02T02:00:00Z'));
    }
  });

  it('National Day: decided on Tue 2026-09-29, the 7-day service period ends 2026-10-14; the overdue job flags the case and escalates', async () => {
    clock.set(new Date('2026-09-29T02:00:00Z'));
    try {
      const id = await fileCase([unitParty()]);
      await ok(approver, id, 'approve-filing');
      await ok(officer1, id, 'notify');
      await ok(officer1, id, 'statement', { statement: '无异议' });
      await ok(approver, id, 'decide');
      const d = await detail(id);
      // 9/30 (1); 10/1–10/7 off; 10/8 (2), 10/9 (3), 10/10 Sat make-up (4), 10/12 (5), 10/13 (6), 10/14 (7).
      const service = d.clocks.find((c: { kind: string }) => c.kind === 'service');
      expect(service.dueDay).toBe('2026-10-14');
      expect(service.daysLeft).toBe(7);
      clock.set(new Date('2026-10-15T02:00:00Z'));
      await t.deps.jobs.runDue();
      const late = await detail(id);
      expect(late.overdue).toBe(true);
      expect(late.clocks.find((c: { kind: string }) => c.kind === 'service')).toMatchObject({ state: 'overdue', daysLeft: -1 });
      expect(late.timeline.map((h: { action: string }) => h.action)).toContain('clock_overdue');
      clock.set(new Date('2026-10-16T03:00:00Z'));
      await t.deps.jobs.runDue();
      expect((await detail(id)).timeline.map((h: { action: string }) => h.action)).toContain('clock_escalate');
      // Serving later meets the clock (its jobs do nothing any more).
      await ok(officer1, id, 'serve', { method: '邮寄送达', recipient: '法定代表人', servedAt: '2026-10-16T02:00:00Z' });
      expect((await detail(id)).clocks.find((c: { kind: string }) => c.kind === 'service').state).toBe('met');
    } finally {
      clock.set(new Date('2026-03-02T02:00:00Z'));
    }
  });
});

describe('late payment (§72)', () => {
  it('3 % a day after the due day, never more than the fine', () => {
    expect(lateSurchargeFen(1_000_000, 0)).toBe(0);
    expect(lateSurchargeFen(1_000_000, 1)).toBe(30_000);
    expect(lateSurchargeFen(1_000_000, 10)).toBe(300_000);
    expect(lateSurchargeFen(1_000_000, 34)).toBe(1_000_000);
    expect(lateSurchargeFen(1_000_000, 400)).toBe(1_000_000);
  });

  it('the case file shows the surcharge as of today, capped, and a payment may include it; 按日连续处罚 adds to the amount (§112)', async () => {
    const id = await fileCase([unitParty({ dailyFineFen: 100_000, dailyDays: 5 })]);
    await ok(approver, id, 'approve-filing');
    await ok(officer1, id, 'notify');
    await ok(officer1, id, 'statement', { statement: '无异议' });
    await ok(approver, id, 'decide');
    await ok(officer1, id, 'serve', { method: '直接送达', recipient: '法定代表人', servedAt: '2026-03-02T02:00:00Z' });
    let d = await detail(id);
    expect(d.parties[0]).toMatchObject({ fineFen: 5_000_000, dailyTotalFen: 500_000, dueFen: 5_500_000, surchargeFen: 0 });
    clock.set(new Date('2026-03-19T02:00:00Z')); // due 3/17: 2 days late
    try {
      d = await detail(id);
      expect(d.parties[0]).toMatchObject({ daysLate: 2, surchargeFen: 330_000, dueFen: 5_830_000 });
      clock.set(new Date('2026-06-01T02:00:00Z'));
      d = await detail(id);
      expect(d.parties[0].surchargeFen).toBe(5_500_000); // capped at the fine
      await ok(officer1, id, 'payments', { partyId: d.parties[0].id, amountFen: 11_000_000, paidOn: '2026-06-01', receiptNo: 'FS9' });
      d = await detail(id);
      expect(d.parties[0].outstandingFen).toBe(0);
      expect(d.payments[0].surchargeFen).toBe(5_500_000);
    } finally {
      clock.set(new Date('2026-03-02T02:00:00Z'));
    }
  });
});

describe('hearing (§63, §64)', () => {
  it('a small fine gives no hearing right; a hearing is at least 7 working days after its notice; no decision before it is held', async () => {
    const small = await fileCase([unitParty({ fineFen: 100_000 })]);
    await ok(approver, small, 'approve-filing');
    await ok(officer1, small, 'notify');
    expect((await post(officer1, small, 'request-hearing')).json().error.code).toBe('NO_HEARING_RIGHT');

    const id = await fileCase();
    await ok(approver, id, 'approve-filing');
    await ok(officer1, id, 'notify');
    await ok(officer1, id, 'request-hearing');
    await ok(officer1, id, 'statement', { statement: '当事人要求听证。' });
    const soon = await post(officer1, id, 'hearing', { hearingAt: '2026-03-06T02:00:00Z', place: '听证室' });
    expect(soon.statusCode).toBe(400);
    expect(soon.json().error.fields[0].field).toBe('body.hearingAt');
    expect((await post(approver, id, 'decide')).json().error.code).toBe('HEARING_NOT_HELD');
    await ok(officer1, id, 'hearing', { hearingAt: '2026-03-11T02:00:00Z', place: '区应急管理局听证室' });
    await ok(officer1, id, 'hearing-result', { result: '当事人陈述理由不成立，维持告知意见。' });
    await ok(approver, id, 'decide');
    expect((await detail(id)).state).toBe('decided');
  });
});

describe('行刑衔接', () => {
  it('transfer: the head decides within 3 working days, hand-over within 24 h, the police answer is recorded', async () => {
    const id = await fileCase([unitParty({ fineFen: 5_000_000 })]);
    await ok(approver, id, 'approve-filing');
    await ok(officer1, id, 'transfer', { reason: '事故造成 1 人死亡，涉嫌重大责任事故罪' });
    let d = await detail(id);
    expect(d.state).toBe('transfer_review');
    expect(d.clocks.find((c: { kind: string }) => c.kind === 'transfer_decision').dueDay).toBe('2026-03-05');
    await ok(approver, id, 'approve-transfer');
    d = await detail(id);
    const handover = d.clocks.find((c: { kind: string }) => c.kind === 'transfer_handover');
    expect(new Date(handover.dueAt).getTime() - new Date('2026-03-02T02:00:00Z').getTime()).toBe(24 * 3_600_000);
    expect((await post(officer1, id, 'police-answer', { accepted: true, answer: '已立案' })).json().error.code).toBe('NOT_HANDED_OVER');
    await ok(officer1, id, 'hand-over', { receiver: '海曙公安分局', handedAt: '2026-03-02T01:30:00Z' });
    await ok(officer1, id, 'police-answer', { accepted: false, answer: '经审查，不构成犯罪，不予立案。' });
    d = await detail(id);
    expect(d.state).toBe('investigating');
    expect(d.policeAnswer).toBe('经审查，不构成犯罪，不予立案。');
    expect(d.timeline.map((h: { action: string }) => h.action)).toContain('police_refuse');
  });
});

describe('typical cases made public', () => {
  it('an officer proposes, the approver accepts; the public page masks natural persons and removes ID and phone numbers', async () => {
    const id = await fileCase();
    await ok(approver, id, 'approve-filing');
    await ok(approver, id, 'no-penalty', { reason: '首违不罚' });
    await ok(approver, id, 'close');
    await ok(officer1, id, 'publication', { summary: '胡国强（身份证号330203197001011234，电话13805740001）作为主要负责人未履行职责，恒达机械被依法查处。' });
    expect((await call(t.app as never, 'GET', '/api/public/cases')).statusCode).toBe(200);
    await ok(approver, id, 'publication-decision', { accept: true });
    const res = await t.app.inject({ url: '/api/public/cases' });
    expect(res.statusCode).toBe(200);
    const pub = res.json().items.find((c: { id: string }) => c.id === id);
    expect(pub.summary).toContain('胡某');
    expect(pub.summary).not.toContain('胡国强');
    expect(pub.summary).not.toContain('330203197001011234');
    expect(pub.summary).not.toContain('13805740001');
    expect(pub.parties.map((p: { name: string }) => p.name)).toEqual(['宁波市海曙区恒达机械有限公司', '胡某']);
    expect(JSON.stringify(pub)).not.toMatch(/3302031970|1380574/);
    expect((await t.app.inject({ url: `/api/public/cases/${id}` })).statusCode).toBe(200);
  });
});

describe('documents engine', () => {
  it('numbers without gaps: a rolled-back issue gives its number back', async () => {
    const ctx = systemCtx(t.deps);
    const issue = (c: typeof ctx) =>
      issueDocument(c, {
        kind: 'penalty_decision',
        aggregate: 'test',
        aggregateId: 'x',
        jurisdictionCode: '330203',
        unitCode: '330203',
        title: '测试',
        data: {},
      });
    const a = await withTx(ctx, issue);
    await expect(
      withTx(ctx, async (c) => {
        await issue(c);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const b = await withTx(ctx, issue);
    const n = (s: string) => Number(/〔2026〕(\d+)号/.exec(s)?.[1]);
    expect(a.number).toMatch(/^海应急罚〔2026〕\d+号$/);
    expect(n(b.number)).toBe(n(a.number) + 1);
  });

  it('an administrator replaces a template; documents render with it; a broken file is refused; reset goes back to the default', async () => {
    const list = (await call(admin, 'GET', '/api/documents/templates')).json();
    expect(list.items.map((k: { kind: string }) => k.kind)).toEqual(
      expect.arrayContaining(['penalty_decision', 'site_inspection_record', 'rectification_order']),
    );
    const tpl = await call(admin, 'GET', '/api/documents/templates/penalty_notice/file');
    expect(tpl.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(tpl.rawPayload);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    zip.file('word/document.xml', xml.replace('行政处罚告知书', '行政处罚事先告知书（本局格式）'));
    const custom = await zip.generateAsync({ type: 'nodebuffer' });
    const upload = (data: Buffer, s: Session = admin) => {
      const { payload, headers } = multipartBody([
        { name: 'file', file: { filename: 'notice.docx', data } },
        { name: 'note', value: '本局格式' },
      ]);
      return t.app.inject({ method: 'POST', url: '/api/documents/templates/penalty_notice', headers: { ...s.headers, ...headers }, payload });
    };
    expect((await upload(custom, officer1)).statusCode).toBe(403);
    expect((await upload(Buffer.from('not a docx'))).statusCode).toBe(400);
    const res = await upload(custom);
    expect(res.statusCode, res.body).toBe(200);
    expect(await auditRows(t.deps.db, { action: 'document.template.replace', resource_id: 'penalty_notice' })).toHaveLength(1);

    const id = await fileCase([unitParty()]);
    await ok(approver, id, 'approve-filing');
    await ok(officer1, id, 'notify');
    const doc = (await detail(id)).documents.find((x: { kind: string }) => x.kind === 'penalty_notice');
    const text = await docxText((await call(officer1, 'GET', `/api/documents/${doc.id}/file`)).rawPayload);
    expect(text).toContain('行政处罚事先告知书（本局格式）');
    expect(text).toContain(doc.number);
    expect((await call(admin, 'DELETE', '/api/documents/templates/penalty_notice')).statusCode).toBe(204);
    const back = await docxText((await call(officer1, 'GET', `/api/documents/${doc.id}/file`)).rawPayload);
    expect(back).not.toContain('本局格式');
  });
});

describe('discretion standard and leniency lists', () => {
  it('lists the demo rows; only an administrator edits them; a range needs min ≤ max', async () => {
    const list = (await call(officer1, 'GET', '/api/cases/discretion')).json();
    expect(list.items.map((d: { article: string }) => d.article)).toEqual(
      expect.arrayContaining(['安全生产法第九十七条', '安全生产法第九十九条', '安全生产法第一百零一条', '安全生产法第一百零二条', '安全生产法第九十五条']),
    );
    const body = { article: '安全生产法第一百零五条', violation: '测试', partyKind: 'unit', level: 'general', minFen: 100, maxFen: 10 };
    expect((await call(officer1, 'POST', '/api/cases/discretion', { ...body, maxFen: 1000 })).statusCode).toBe(403);
    const bad = await call(admin, 'POST', '/api/cases/discretion', body);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('body.maxFen');
    const good = await call(admin, 'POST', '/api/cases/discretion', { ...body, maxFen: 1000 });
    expect(good.statusCode).toBe(201);
    const edited = await call(admin, 'PUT', `/api/cases/discretion/${good.json().id}`, { ...body, maxFen: 2000 });
    expect(edited.json().maxFen).toBe(2000);
    expect((await call(admin, 'PUT', '/api/cases/discretion/00000000-0000-7000-8000-000000000000', { ...body, maxFen: 2000 })).statusCode).toBe(404);
    expect((await auditRows(t.deps.db, { action: 'case.discretion.update', resource_id: good.json().id })).length).toBe(1);
    expect((await call(officer1, 'GET', '/api/cases/leniency')).json().items.length).toBeGreaterThanOrEqual(4);
    const entry = { kind: 'first_offence', article: '安全生产法第一百零五条', description: '首次违法且危害后果轻微并及时改正' };
    const added = await call(admin, 'POST', '/api/cases/leniency', entry);
    expect(added.statusCode, added.body).toBe(201);
    const changed = await call(admin, 'PUT', `/api/cases/leniency/${added.json().id}`, { ...entry, active: false });
    expect(changed.json().active).toBe(false);
    expect((await auditRows(t.deps.db, { action: 'case.leniency.create', resource_id: added.json().id })).length).toBe(1);
    expect((await auditRows(t.deps.db, { action: 'case.leniency.update', resource_id: added.json().id })).length).toBe(1);
  });
});

describe('ledger', () => {
  it('filters, sorts both ways and exports', async () => {
    const id = await fileCase();
    const byState = (await call(officer1, 'GET', '/api/cases?state=filing&pageSize=200')).json();
    expect(byState.items.every((c: { state: string }) => c.state === 'filing')).toBe(true);
    expect(byState.items.map((c: { id: string }) => c.id)).toContain(id);
    const q = (await call(officer1, 'GET', `/api/cases?q=${encodeURIComponent('胡国强')}&pageSize=200`)).json();
    expect(q.items.map((c: { id: string }) => c.id)).toContain(id);
    const asc = (await call(officer1, 'GET', '/api/cases?sort=fine&pageSize=200')).json().items.map((c: { fineFen: number }) => c.fineFen);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = (await call(officer1, 'GET', '/api/cases?sort=-fine&pageSize=200')).json().items.map((c: { fineFen: number }) => c.fineFen);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const x = await call(officer1, 'GET', '/api/cases/export.xlsx?state=filing');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toMatch(/spreadsheetml/);
  });

  it.each([['ledger and case file', '/api/cases?pageSize=200']])(
    '%s: visible inside their jurisdiction and nowhere else',
    async (_n, list) => {
      await checkScopeProperty(t, {
        name: 'cases',
        permission: 'enforcement:read',
        roles: ['town_staff', 'enforcement_officer', 'bureau_staff', 'district_admin'],
        create: (tt, code) => make.enforcementCase(tt.deps.db, code),
        list,
        read: '/api/cases/:id',
      });
    },
    90_000,
  );
});

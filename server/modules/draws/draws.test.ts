// 双随机一公开 over HTTP on real PGlite: prepare → preview → commit (commitment public, nonces secret) → draw →
// verify (staff and public, and the inputs file hashes to the commitment) → redraw with a reason (first round
// kept, both public); the refusals (empty/small pool, too few eligible after recusal naming the enterprise, a
// licence lapsed before the draw, a wrong witness secret, an illegal step); declared conflicts and the recusal
// window; the cross-town scope.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import * as make from '../../test/factories.ts';
import { v7 } from 'uuid';
import { auditRows, makeUser, rowCount, type Session, signIn, type TestApp, testApp, userSession } from '../../test/helpers.ts';
import { checkScopeProperty, idsOf } from '../../test/scope-property.ts';

const A = '330203009'; // 石碶街道
const B = '330203100'; // 高桥镇
const clock = new FakeClock(new Date('2026-03-02T02:00:00Z'));
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

let t: TestApp;
let admin: Session;
let townA: Session & { id: string };
let townB: Session;
const officers: Record<string, { id: string; username: string; licenceId: string }[]> = { district: [], [A]: [], [B]: [] };
const enterprisesA: string[] = [];
const enterprisesB: string[] = [];

const call = (s: Session, method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: s.headers, payload });
let seq = 0;
async function licensed(unit: string) {
  const u = await makeUser(t, { roles: ['enforcement_officer'], unit });
  const res = await call(admin, 'POST', '/api/enforcement/licences', {
    userId: u.id,
    number: `浙甬海DR${++seq}`,
    issuer: '宁波市海曙区人民政府',
    unitCode: unit,
    validFrom: '2025-01-01',
    validUntil: '2028-12-31',
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: u.id, username: u.username, licenceId: res.json().id as string };
}

const params = (o: object = {}) => ({ entityCount: 3, inspectorsPerEntity: 2, crossArea: true, recusalWindowDays: 365, dueDate: '2026-04-30', ...o });
const body = (o: object = {}) => ({ title: '2026年一季度双随机抽查', unitCode: '330203', filter: { categories: ['hazchem'] }, params: params(), ...o });
const witness = (s = `witness-${Math.random()}`) => ({ secret: s, hash: sha(s) });

async function prepared(o: object = {}, s: Session = admin) {
  const res = await call(s, 'POST', '/api/draws', body(o));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  t = await testApp({ clock });
  admin = await userSession(t, { roles: ['district_admin'] });
  townA = await userSession(t, { roles: ['town_staff'], unit: A });
  townB = await userSession(t, { roles: ['town_staff'], unit: B });
  for (let i = 0; i < 6; i++) officers.district.push(await licensed('330203'));
  for (let i = 0; i < 3; i++) officers[A].push(await licensed(A));
  for (let i = 0; i < 2; i++) officers[B].push(await licensed(B));
  for (let i = 0; i < 4; i++) enterprisesA.push(await make.enterprise(t.deps.db, A, { name: `石碶化工${i}`, categories: ['hazchem'] }));
  for (let i = 0; i < 3; i++) enterprisesB.push(await make.enterprise(t.deps.db, B, { name: `高桥化工${i}`, categories: ['hazchem'] }));
}, 120_000);
afterAll(() => t?.dispose());

describe('a draw, end to end', () => {
  it('prepare → preview → commit → draw → verify → redraw with a reason; every round public and reproducible', async () => {
    const preview = await call(admin, 'POST', '/api/draws/preview', { unitCode: '330203', filter: { categories: ['hazchem'] }, params: params() });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ entityCount: 7, inspectorCount: 11, problem: null });
    expect(
      preview
        .json()
        .byTown.map((x: { code: string }) => x.code)
        .sort(),
    ).toEqual([A, B]);

    const id = await prepared();
    const detail0 = (await call(admin, 'GET', `/api/draws/${id}`)).json();
    expect(detail0.state).toBe('prepared');
    expect(detail0.actions).toEqual(expect.arrayContaining(['commit', 'cancel']));

    const early = await call(admin, 'POST', `/api/draws/${id}/draw`, { witnessSecret: 'whatever-secret' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('ILLEGAL_TRANSITION');

    const w1 = witness();
    const commit = await call(admin, 'POST', `/api/draws/${id}/commit`, { witnessName: '纪检组 张敏', witnessHash: w1.hash });
    expect(commit.statusCode, commit.body).toBe(200);
    const commitment = commit.json().commitment as string;
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);

    // Public before the draw: the commitment and both hashes, never the bureau's nonce.
    const code = detail0.code as string;
    const pub0 = await t.app.inject(`/api/public/draws/${code}`);
    expect(pub0.statusCode, pub0.body).toBe(200);
    expect(pub0.json().rounds[0]).toMatchObject({ commitment, witnessHash: w1.hash, bureauNonce: null, witnessSecret: null, seed: null });
    const inputs = await t.app.inject(`/api/public/draws/${code}/inputs`);
    expect(inputs.statusCode).toBe(200);
    expect(sha(inputs.body)).toBe(commitment);
    expect(JSON.parse(inputs.body).entities).toHaveLength(7);

    const wrong = await call(admin, 'POST', `/api/draws/${id}/draw`, { witnessSecret: 'not-the-secret' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].field).toBe('body.witnessSecret');

    const drawn = await call(admin, 'POST', `/api/draws/${id}/draw`, { witnessSecret: w1.secret });
    expect(drawn.statusCode, drawn.body).toBe(200);
    const d1 = (await call(admin, 'GET', `/api/draws/${id}`)).json();
    expect(d1.state).toBe('drawn');
    const tasks = d1.rounds[0].tasks as { enterpriseId: string; townCode: string; inspectors: { userId: string; unitCode: string }[] }[];
    expect(tasks).toHaveLength(3);
    for (const task of tasks) {
      expect(new Set(task.inspectors.map((i) => i.userId)).size).toBe(2);
      for (const i of task.inspectors) expect(i.unitCode).not.toBe(task.townCode); // 交叉检查
    }
    expect(d1.rounds[0].seed).toBe(sha(`${commitment}:${d1.rounds[0].bureauNonce}:${w1.secret}`));

    const verify = await call(admin, 'GET', `/api/draws/${id}/verify`);
    expect(verify.json()).toMatchObject({ ok: true, rounds: [{ round: 1, commitmentMatches: true, seedMatches: true, tasksMatch: true }] });
    expect(verify.json().message).toContain('完全一致');
    expect((await t.app.inject(`/api/public/draws/${code}/verify`)).json().ok).toBe(true);

    // A redraw needs a reason; the first round stays, both are public.
    const noReason = await call(admin, 'POST', `/api/draws/${id}/redraw`, { witnessName: '纪检组 张敏', witnessHash: witness().hash });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].field).toBe('body.reason');
    const w2 = witness();
    const re = await call(admin, 'POST', `/api/draws/${id}/redraw`, {
      reason: '抽中企业已停产关闭，经局务会研究重新抽取',
      witnessName: '纪检组 张敏',
      witnessHash: w2.hash,
    });
    expect(re.statusCode, re.body).toBe(200);
    expect(re.json().commitment).not.toBe(commitment);
    expect((await call(admin, 'POST', `/api/draws/${id}/draw`, { witnessSecret: w2.secret })).statusCode).toBe(200);
    const pub = (await t.app.inject(`/api/public/draws/${code}`)).json();
    expect(pub.rounds.map((r: { round: number; superseded: boolean }) => [r.round, r.superseded])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(pub.rounds[1].reason).toContain('重新抽取');
    expect(pub.rounds[0].tasks).toHaveLength(3);
    const v2 = (await t.app.inject(`/api/public/draws/${code}/verify`)).json();
    expect(v2.ok).toBe(true);
    expect(v2.rounds).toHaveLength(2);
    const list = (await t.app.inject('/api/public/draws')).json();
    expect(list.items.map((x: { code: string }) => x.code)).toContain(code);

    for (const action of ['draw.create', 'draw.commit', 'draw.draw', 'draw.redraw'])
      expect((await auditRows(t.deps.db, { action, resource_id: id })).length, action).toBeGreaterThan(0);
    expect(d1.history.map((h: { action: string }) => h.action)).toEqual(['create', 'commit', 'draw']);
  });
});

describe('drawn tasks become inspections', () => {
  it('a task starts as an enforcement inspection by the drawn officers, once; signed, it counts as drawn and its result is public', async () => {
    // 交叉检查: town A's officers drawn for town B's enterprises (no recusal window: earlier draws do not matter).
    const id = await prepared({ inspectorUnit: A, filter: { categories: ['hazchem'], towns: [B] }, params: params({ entityCount: 2, recusalWindowDays: 0 }) });
    const w = witness();
    const committed = await call(admin, 'POST', `/api/draws/${id}/commit`, { witnessName: '纪检组 张敏', witnessHash: w.hash });
    expect(committed.statusCode, committed.body).toBe(200);
    const drawnRes = await call(admin, 'POST', `/api/draws/${id}/draw`, { witnessSecret: w.secret });
    expect(drawnRes.statusCode, drawnRes.body).toBe(200);
    const d = (await call(admin, 'GET', `/api/draws/${id}`)).json();
    const task = d.rounds[0].tasks[0] as { id: string; enterpriseId: string; inspectors: { userId: string }[]; inspection: unknown; result: unknown };
    expect(task).toMatchObject({ inspection: null, result: null });
    const drawnIds = task.inspectors.map((i) => i.userId);
    const others = Object.values(officers)
      .flat()
      .filter((o) => !drawnIds.includes(o.id));
    expect(drawnIds.every((u) => officers[A].some((o) => o.id === u))).toBe(true);
    expect(enterprisesB).toContain(task.enterpriseId);
    // The drawn town-A officer, outside her own town, starts and carries out the task herself.
    const drawn = await signIn(t.app, officers[A].find((o) => o.id === drawnIds[0])?.username ?? '');
    // Her own tasks, though the district's draw is outside her town: listed for her, not for an officer not drawn.
    const myTasks = async (s: Session) => (await call(s, 'GET', '/api/draws/my-tasks')).json().items as { id: string; inspection: unknown }[];
    const mine = (await myTasks(drawn)).find((x) => x.id === task.id);
    expect(mine).toMatchObject({ drawCode: d.code, drawTitle: d.title, enterpriseId: task.enterpriseId, townCode: B, inspection: null });
    expect((mine as unknown as { inspectors: { userId: string }[] }).inspectors.map((i) => i.userId)).toEqual(drawnIds);
    expect((await call(drawn, 'GET', `/api/draws/${id}`)).statusCode).toBe(404);
    const notDrawn = await signIn(t.app, others[0].username);
    expect((await myTasks(notDrawn)).map((x) => x.id)).not.toContain(task.id);
    // Only the caller's tasks come back, for every officer of every town: each item names her, and together they
    // are exactly the live tasks naming her on the draws' pages (this draw's tasks all among them).
    const live = (await call(admin, 'GET', `/api/draws/${id}`))
      .json()
      .rounds.flatMap((r: { superseded: boolean; tasks: (typeof task)[] }) => (r.superseded ? [] : r.tasks)) as (typeof task)[];
    for (const o of Object.values(officers).flat()) {
      const items = (await myTasks(await signIn(t.app, o.username))) as unknown as { id: string; inspectors: { userId: string }[] }[];
      for (const x of items) expect(x.inspectors.map((i) => i.userId)).toContain(o.id);
      const expected = live.filter((x) => x.inspectors.some((i) => i.userId === o.id)).map((x) => x.id);
      expect(items.map((x) => x.id)).toEqual(expect.arrayContaining(expected));
    }
    const start = (o: object = {}) =>
      call(drawn, 'POST', '/api/inspections', {
        id: v7(),
        kind: 'enforcement',
        drawTaskId: task.id,
        representativeName: '张建国',
        freeItems: [{ content: '安全出口畅通' }, { content: '灭火器在有效期内' }],
        ...o,
      });

    // Refused: other officers, another enterprise, a self-inspection kind, a task that does not exist.
    const before = await rowCount(t.deps.db, 'inspections');
    const swapped = await start({ officerIds: [drawnIds[0], others[0].id] });
    expect(swapped.statusCode).toBe(400);
    expect(swapped.json().error.fields[0]).toMatchObject({ field: 'body.officerIds', message: expect.stringContaining('抽取的执法人员') });
    const elsewhere = await start({ enterpriseId: [...enterprisesA, ...enterprisesB].find((e) => e !== task.enterpriseId) });
    expect(elsewhere.json().error.fields[0].field).toBe('body.enterpriseId');
    expect((await start({ kind: 'all_staff' })).json().error.fields[0].field).toBe('body.drawTaskId');
    expect((await start({ drawTaskId: v7() })).json().error.fields[0].field).toBe('body.drawTaskId');
    expect(await rowCount(t.deps.db, 'inspections')).toBe(before);

    const made = await start();
    expect(made.statusCode, made.body).toBe(201);
    const inspection = made.json().inspection as { id: string; enterpriseId: string; drawTaskId: string; officers: { userId: string }[] };
    expect(inspection).toMatchObject({ enterpriseId: task.enterpriseId, drawTaskId: task.id });
    expect(inspection.officers.map((o) => o.userId)).toEqual(drawnIds);
    expect((await myTasks(drawn)).find((x) => x.id === task.id)?.inspection).toEqual({ id: inspection.id, state: 'draft' });
    const again = await start();
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DRAW_TASK_STARTED');

    // Carried out on the phone's API by the drawn officer (she confirms for herself and, by licence number, for
    // her teammate), one item failed.
    const iid = inspection.id;
    expect((await call(drawn, 'POST', `/api/inspections/${iid}/start`, {})).statusCode).toBe(200);
    expect((await call(drawn, 'POST', `/api/inspections/${iid}/answers`, { syncKey: v7(), seq: 1, result: 'pass' })).statusCode).toBe(200);
    expect((await call(drawn, 'POST', `/api/inspections/${iid}/answers`, { syncKey: v7(), seq: 2, result: 'fail', note: '灭火器过期' })).statusCode).toBe(200);
    for (const o of made.json().inspection.officers as { licenceNumber: string }[])
      expect((await call(drawn, 'POST', `/api/inspections/${iid}/confirm`, { licenceNumber: o.licenceNumber })).statusCode).toBe(200);
    expect((await call(drawn, 'POST', `/api/inspections/${iid}/submit`, { summary: '发现问题 1 项', rectifyDeadline: '2099-01-15' })).statusCode).toBe(200);
    const signed = await call(drawn, 'POST', `/api/inspections/${iid}/sign`, {
      signerName: '张建国',
      image: `data:image/png;base64,${make.PNG_1PX.toString('base64')}`,
    });
    expect(signed.statusCode, signed.body).toBe(200);

    // The plans count it as a 双随机 inspection; the draw shows the result (the public page: no record id).
    const counted = await t.deps.db.selectFrom('plan_inspections').select('kind').where('inspection_id', '=', iid).execute();
    expect(counted).toEqual([{ kind: 'draw' }]);
    const staff = (await call(admin, 'GET', `/api/draws/${id}`)).json().rounds[0].tasks[0];
    expect(staff).toMatchObject({ inspection: { id: iid, state: 'completed' }, result: { findings: 1 } });
    const pub = (await t.app.inject(`/api/public/draws/${d.code}`)).json().rounds[0].tasks;
    expect(pub[0]).toMatchObject({ inspection: null, result: { findings: 1, completedAt: expect.any(String) } });
    expect(pub[1]).toMatchObject({ inspection: null, result: null });
  });
});

describe('refusals', () => {
  it('an empty pool and a pool smaller than asked are refused at commit, nothing written', async () => {
    const before = await rowCount(t.deps.db, 'draw_rounds');
    const empty = await prepared({ filter: { categories: ['magnetic'] } });
    const r1 = await call(admin, 'POST', `/api/draws/${empty}/commit`, { witnessName: '见证人', witnessHash: witness().hash });
    expect(r1.statusCode).toBe(409);
    expect(r1.json().error.code).toBe('POOL_EMPTY');
    const small = await prepared({ params: params({ entityCount: 50 }) });
    const r2 = await call(admin, 'POST', `/api/draws/${small}/commit`, { witnessName: '见证人', witnessHash: witness().hash });
    expect(r2.statusCode).toBe(409);
    expect(r2.json().error.code).toBe('POOL_TOO_SMALL');
    expect(r2.json().error.message).toContain('50');
    expect(await rowCount(t.deps.db, 'draw_rounds')).toBe(before);
    expect((await call(admin, 'GET', `/api/draws/${small}`)).json().state).toBe('prepared');
  });

  it('fewer than k eligible inspectors for an enterprise after recusal: refused, naming the enterprise', async () => {
    // Town B's own officers only, cross-area on: 高桥 enterprises have nobody left.
    const id = await prepared({ unitCode: B, inspectorUnit: B, filter: { towns: [B] }, params: params({ entityCount: 1 }) }, townB);
    const res = await call(townB, 'POST', `/api/draws/${id}/commit`, { witnessName: '见证人', witnessHash: witness().hash });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TOO_FEW_ELIGIBLE');
    expect(res.json().error.message).toMatch(/高桥化工\d/);
  });

  it('an inspector whose licence is revoked after the commit stops the draw, named', async () => {
    const id = await prepared({ filter: { towns: [A] }, params: params({ entityCount: 1 }) });
    const w = witness();
    expect((await call(admin, 'POST', `/api/draws/${id}/commit`, { witnessName: '见证人', witnessHash: w.hash })).statusCode).toBe(200);
    const victim = officers.district[2];
    expect((await call(admin, 'POST', `/api/enforcement/licences/${victim.licenceId}/revoke`, { reason: '调离执法岗位' })).statusCode).toBe(200);
    const res = await call(admin, 'POST', `/api/draws/${id}/draw`, { witnessSecret: w.secret });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INSPECTOR_LICENCE_INVALID');
    const detail = (await call(admin, 'GET', `/api/draws/${id}`)).json();
    expect(detail.state).toBe('committed');
    expect(detail.rounds[0].seed).toBeNull();
    expect(detail.rounds[0].tasks).toEqual([]);
    const cancel = await call(admin, 'POST', `/api/draws/${id}/cancel`, { reason: '执法人员变动，重新组织' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    // Cancelled after its commitment was published: still public.
    expect((await t.app.inject(`/api/public/draws/${detail.code}`)).json().state).toBe('cancelled');
    officers.district.pop();
  });

  it('bad input names the field; a user without inspection rights is refused', async () => {
    const res = await call(admin, 'POST', '/api/draws', body({ params: params({ inspectorsPerEntity: 1 }) }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('body.params.inspectorsPerEntity');
    const past = await call(admin, 'POST', '/api/draws', body({ params: params({ dueDate: '2026-01-01' }) }));
    expect(past.statusCode).toBe(400);
    expect(past.json().error.fields[0].field).toBe('body.params.dueDate');
    const auditor = await userSession(t, { roles: ['auditor'] });
    expect((await call(auditor, 'GET', '/api/draws')).statusCode).toBe(403);
  });
});

describe('recusal from declared conflicts and recent inspections', () => {
  it('a declared conflict and a task within the window become exclusions of the next draw', async () => {
    const officer = officers[A][0];
    const own = await userSession(t, { roles: ['enforcement_officer'], unit: A });
    const forOther = await call(own, 'POST', '/api/draws/conflicts', { userId: officer.id, enterpriseId: enterprisesB[0], reason: '配偶在该企业任职' });
    expect(forOther.statusCode).toBe(400);
    expect(forOther.json().error.fields[0].field).toBe('body.userId');
    const declared = await call(admin, 'POST', '/api/draws/conflicts', { userId: officer.id, enterpriseId: enterprisesB[0], reason: '配偶在该企业任职' });
    expect(declared.statusCode, declared.body).toBe(201);
    expect((await auditRows(t.deps.db, { action: 'draw.conflict.declare', resource_id: declared.json().id })).length).toBe(1);
    const again = await call(admin, 'POST', '/api/draws/conflicts', { userId: officer.id, enterpriseId: enterprisesB[0], reason: '重复' });
    expect(again.statusCode).toBe(409);

    const id = await prepared({ filter: { towns: [B] }, params: params({ entityCount: 3 }) });
    const w = witness();
    const c1 = await call(admin, 'POST', `/api/draws/${id}/commit`, { witnessName: '见证人', witnessHash: w.hash });
    expect(c1.statusCode, c1.body).toBe(200);
    const r1 = await call(admin, 'POST', `/api/draws/${id}/draw`, { witnessSecret: w.secret });
    expect(r1.statusCode, r1.body).toBe(200);
    const d = (await call(admin, 'GET', `/api/draws/${id}`)).json();
    expect(d.exclusionCount).toBeGreaterThanOrEqual(1);
    const task = d.rounds[0].tasks.find((x: { enterpriseId: string }) => x.enterpriseId === enterprisesB[0]);
    expect(task.inspectors.map((i: { userId: string }) => i.userId)).not.toContain(officer.id);

    // The next draw over the same enterprises excludes who inspected them (recent) as well as the conflict.
    const next = await prepared({ filter: { towns: [B] }, params: params({ entityCount: 1 }) });
    const c2 = await call(admin, 'POST', `/api/draws/${next}/commit`, { witnessName: '见证人', witnessHash: witness().hash });
    expect(c2.statusCode, c2.body).toBe(200);
    const inputs = JSON.parse((await t.app.inject(`/api/public/draws/${(await call(admin, 'GET', `/api/draws/${next}`)).json().code}/inputs`)).body);
    const reasons = new Set(inputs.exclusions.map((x: { reason: string }) => x.reason));
    expect(reasons).toEqual(new Set(['conflict', 'recent']));

    const list = await call(admin, 'GET', `/api/draws/conflicts?userId=${officer.id}`);
    expect(list.json().items[0]).toMatchObject({ enterpriseName: '高桥化工0', reason: '配偶在该企业任职' });
    const withdrawn = await call(admin, 'POST', `/api/draws/conflicts/${declared.json().id}/withdraw`, { reason: '已离职' });
    expect(withdrawn.statusCode).toBe(200);
    // Town A's staff do not see a conflict filed in 高桥.
    expect((await call(townA, 'GET', '/api/draws/conflicts')).json().items.map((x: { id: string }) => x.id)).not.toContain(declared.json().id);
  });
});

describe('scope', () => {
  it('another town’s draw is not found and not listed', async () => {
    const id = await prepared({ unitCode: A, inspectorUnit: A, filter: { towns: [A] } }, townA);
    expect((await call(townB, 'GET', `/api/draws/${id}`)).statusCode).toBe(404);
    expect((await call(townB, 'POST', `/api/draws/${id}/cancel`, { reason: '越权' })).statusCode).toBe(404);
    expect(idsOf((await call(townB, 'GET', '/api/draws?pageSize=200')).json())).not.toContain(id);
    expect(idsOf((await call(townA, 'GET', '/api/draws?pageSize=200')).json())).toContain(id);
    const outside = await call(townA, 'POST', '/api/draws', body({ unitCode: B }));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields[0].field).toBe('body.unitCode');
  });

  it('list and read follow the viewer’s scope (property)', async () => {
    await checkScopeProperty(t, {
      name: 'draws',
      permission: 'inspection:read',
      create: (tt, code) => make.draw(tt.deps.db, code),
      list: '/api/draws?pageSize=200',
      read: '/api/draws/:id',
    });
  }, 120_000);
});

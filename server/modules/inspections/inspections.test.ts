// Inspections over HTTP on a real database: the lifecycle (legal and illegal steps), §42's two licensed
// officers, both officers' confirmation, the enterprise's signature (refused from someone not a party), a
// failed item becoming a hazard in one step (linked both ways), idempotent replays of the phone's queue,
// documents with the record's data, self-inspections confined to their own park/enterprise, completion and scope,
// and 交叉检查 (an officer named on another town's inspection carries it out there).
import JSZip from 'jszip';
import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSPECTION_STATES, TRANSITIONS } from '../../../shared/inspections.ts';
import type { InspectionDetail } from '../../../shared/inspections.dto.ts';
import { auditRows, makeUser, rowCount, type TestApp, testApp, userSession } from '../../test/helpers.ts';
import * as make from '../../test/factories.ts';
import { PNG_1PX } from '../../test/factories.ts';
import { checkScopeProperty } from '../../test/scope-property.ts';
import { multipartBody } from '../hazards/hazards.fixtures.ts';

const TOWN_A = '330203009'; // 石碶街道
const TOWN_B = '330203100'; // 高桥镇

let t: TestApp;
type S = Awaited<ReturnType<typeof userSession>>;
let admin: S;
let officer1: S & { licence: string };
let officer2: S & { licence: string };
let townA: S;
let townB: S;
let enterpriseA: string;

let seq = 0;
async function licensed(unit: string) {
  const s = await userSession(t, { roles: ['enforcement_officer'], unit });
  const licence = `浙甬海${unit.slice(-3)}${String(++seq).padStart(4, '0')}`;
  const res = await call(admin, 'POST', '/api/enforcement/licences', {
    userId: s.id,
    number: licence,
    issuer: '宁波市海曙区人民政府',
    unitCode: unit,
    validFrom: '2025-01-01',
    validUntil: '2030-12-31',
  });
  expect(res.statusCode, res.body).toBe(201);
  return { ...s, licence };
}

function call(s: S | null, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url, headers: { ...(s?.headers ?? {}), ...headers }, payload: payload as never });
}

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, { roles: ['district_admin'] });
  officer1 = await licensed(TOWN_A);
  officer2 = await licensed(TOWN_A);
  townA = await userSession(t, { roles: ['town_staff'], unit: TOWN_A });
  townB = await userSession(t, { roles: ['town_staff'], unit: TOWN_B });
  enterpriseA = await make.enterprise(t.deps.db, TOWN_A, { principal_name: '张建国' });
}, 60_000);
afterAll(() => t?.dispose());

const items = [
  { content: '消防通道、安全出口畅通', basis: '《消防法》第二十八条' },
  { content: '特种作业人员持证上岗', basis: '《安全生产法》第三十条', major: false },
  { content: '安全警示标志齐全' },
];

/** A new enforcement inspection of enterpriseA by both officers, with `extra` changed. */
const enforcementBody = (extra: Record<string, unknown> = {}) => ({
  id: v7(),
  kind: 'enforcement',
  enterpriseId: enterpriseA,
  officerIds: [officer1.id, officer2.id],
  freeItems: items,
  ...extra,
});
async function created(s: S = officer1, extra: Record<string, unknown> = {}) {
  const res = await call(s, 'POST', '/api/inspections', enforcementBody(extra));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as InspectionDetail;
}
const answer = (s: S, id: string, seqNo: number, result: string, extra: Record<string, unknown> = {}) =>
  call(s, 'POST', `/api/inspections/${id}/answers`, { syncKey: v7(), seq: seqNo, result, ...extra });
const signature = `data:image/png;base64,${PNG_1PX.toString('base64')}`;
const docText = async (docx: Buffer) => (await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string')) ?? '';

describe('officers (行政处罚法 §42)', () => {
  it('fewer than two, a repeat, or one without a licence is refused and nothing is written', async () => {
    const before = await rowCount(t.deps.db, 'inspections');
    const one = await call(officer1, 'POST', '/api/inspections', enforcementBody({ officerIds: [officer1.id] }));
    expect(one.statusCode).toBe(400);
    expect(one.json().error.fields[0].field).toBe('body.officerIds');
    expect(one.json().error.message).toContain('不得少于2人');
    const twice = await call(officer1, 'POST', '/api/inspections', enforcementBody({ officerIds: [officer1.id, officer1.id] }));
    expect(twice.json().error.fields[0].field).toBe('body.officerIds.1');
    const unlicensed = await call(officer1, 'POST', '/api/inspections', enforcementBody({ officerIds: [officer1.id, townA.id] }));
    expect(unlicensed.statusCode).toBe(400);
    expect(unlicensed.json().error.fields[0].field).toBe('body.officerIds.1');
    expect(await rowCount(t.deps.db, 'inspections')).toBe(before);
  });
});

describe('lifecycle', () => {
  it('draft → in progress → awaiting signature → completed, with the checks at each step', async () => {
    const d = await created();
    const id = d.inspection.id;
    expect(d.inspection.state).toBe('draft');
    expect(d.items.map((i) => i.seq)).toEqual([1, 2, 3]);
    expect(d.inspection.representativeName).toBe('张建国');
    expect(d.actions).toContain('start');
    // Answers before the start are illegal.
    expect((await answer(officer1, id, 1, 'pass')).statusCode).toBe(409);
    const started = await call(officer1, 'POST', `/api/inspections/${id}/start`, { lon: 121.5, lat: 29.85 });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json().inspection.state).toBe('in_progress');
    expect((await call(officer1, 'POST', `/api/inspections/${id}/start`, {})).json().error.code).toBe('ILLEGAL_TRANSITION');

    expect((await answer(officer1, id, 1, 'pass')).statusCode).toBe(200);
    const noNote = await answer(officer1, id, 2, 'fail');
    expect(noNote.json().error.fields[0].field).toBe('body.note');
    expect((await answer(officer1, id, 9, 'pass')).json().error.fields[0].field).toBe('body.seq');
    // Submitting with an unanswered item is refused.
    expect((await call(officer1, 'POST', `/api/inspections/${id}/submit`, {})).json().error.code).toBe('ITEMS_UNANSWERED');

    // A failed item becomes a hazard in the same step, linked both ways.
    const failed = await answer(officer1, id, 2, 'fail', { note: '焊工证已过期', toHazard: true });
    expect(failed.statusCode, failed.body).toBe(200);
    const hazard = failed.json().hazard;
    expect(hazard.code).toMatch(/^YH/);
    expect(failed.json().item.hazardId).toBe(hazard.id);
    const h = (await call(townA, 'GET', `/api/hazards/${hazard.id}`)).json();
    expect(h.hazard.inspectionId).toBe(id);
    expect(h.hazard.inspectionItemId).toBe(failed.json().item.id);
    expect(h.hazard.source).toBe('inspection');
    expect(h.hazard.enterpriseId).toBe(enterpriseA);
    // Raising it again answers the same hazard (one per item).
    const again = await call(officer1, 'POST', `/api/inspections/${id}/items/2/hazard`);
    expect(again.json().hazard.id).toBe(hazard.id);
    // A hazard's item cannot be turned back to a pass.
    expect((await answer(officer1, id, 2, 'pass')).json().error.code).toBe('ITEM_HAS_HAZARD');
    expect((await call(officer1, 'POST', `/api/inspections/${id}/items/1/hazard`)).json().error.code).toBe('ITEM_NOT_FAILED');
    expect((await answer(officer1, id, 3, 'na')).statusCode).toBe(200);

    // Both officers confirm: the first on their own account, the second by their licence number on the same phone.
    expect((await call(officer1, 'POST', `/api/inspections/${id}/submit`, {})).json().error.code).toBe('OFFICERS_UNCONFIRMED');
    expect((await call(officer1, 'POST', `/api/inspections/${id}/confirm`, {})).statusCode).toBe(200);
    expect((await call(officer1, 'POST', `/api/inspections/${id}/confirm`, {})).json().error.code).toBe('ALREADY_CONFIRMED');
    expect((await call(officer1, 'POST', `/api/inspections/${id}/confirm`, { licenceNumber: 'X-0' })).json().error.fields[0].field).toBe('body.licenceNumber');
    expect((await call(townA, 'POST', `/api/inspections/${id}/confirm`, {})).json().error.code).toBe('NOT_AN_OFFICER');
    expect((await call(officer1, 'POST', `/api/inspections/${id}/confirm`, { licenceNumber: officer2.licence })).statusCode).toBe(200);

    // A failed item needs a rectification deadline (责令限期整改).
    expect((await call(officer1, 'POST', `/api/inspections/${id}/submit`, {})).json().error.fields[0].field).toBe('body.rectifyDeadline');
    const submitted = await call(officer1, 'POST', `/api/inspections/${id}/submit`, { summary: '发现问题 1 项', rectifyDeadline: '2099-01-15' });
    expect(submitted.json().inspection.state).toBe('awaiting_signature');
    // Before the signature the record is a preview without a 文号, and there is no order yet.
    const preview = await call(townA, 'GET', `/api/inspections/${id}/record.docx`);
    expect(preview.statusCode).toBe(200);
    expect(await docText(preview.rawPayload)).toContain('未编文号');
    expect((await call(townA, 'GET', `/api/inspections/${id}/order.docx`)).json().error.code).toBe('NO_ORDER');
    expect((await answer(officer1, id, 1, 'fail', { note: 'x' })).statusCode).toBe(409);

    // The signature: refused from someone not a party, and from a signer who is not the enterprise's representative.
    const notParty = await call(townA, 'POST', `/api/inspections/${id}/sign`, { signerName: '张建国', image: signature });
    expect(notParty.statusCode).toBe(403);
    expect(notParty.json().error.code).toBe('NOT_A_PARTY');
    const wrongName = await call(officer1, 'POST', `/api/inspections/${id}/sign`, { signerName: '路人甲', image: signature });
    expect(wrongName.json().error.fields[0].field).toBe('body.signerName');
    const notPng = await call(officer1, 'POST', `/api/inspections/${id}/sign`, { signerName: '张建国', image: Buffer.alloc(200, 7).toString('base64') });
    expect(notPng.statusCode).toBe(400);
    const before = await rowCount(t.deps.db, 'files');
    const signed = await call(officer1, 'POST', `/api/inspections/${id}/sign`, { signerName: '张建国', image: signature });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().inspection.state).toBe('completed');
    expect(signed.json().inspection.signatureFileId).toBeTruthy();
    expect(await rowCount(t.deps.db, 'files')).toBe(before + 1);
    // The completed enforcement inspection is counted for the plans' view, once, in the signing transaction.
    const counted = await t.deps.db.selectFrom('plan_inspections').select(['enterprise_id', 'kind']).where('inspection_id', '=', id).execute();
    expect(counted).toHaveLength(1);

    const detail = (await call(townA, 'GET', `/api/inspections/${id}`)).json() as InspectionDetail;
    expect(detail.hazards.map((x) => x.id)).toEqual([hazard.id]);
    expect(detail.timeline.map((e) => e.action)).toEqual([
      'create',
      'start',
      'answer',
      'answer',
      'raise_hazard',
      'answer',
      'confirm',
      'confirm',
      'submit',
      'sign',
    ]);
    expect(detail.actions).toEqual(['raise_hazard']);
    expect((await auditRows(t.deps.db, { action: 'inspection.sign', resource_id: id })).length).toBe(1);

    // The signature issued both documents on the engine, numbered for the lead officer's unit, carrying the record's data.
    const issued = await t.deps.db.selectFrom('documents').select(['kind', 'number']).where('aggregate_id', '=', id).orderBy('kind').execute();
    expect(issued.map((x) => x.kind)).toEqual(['rectification_order', 'site_inspection_record']);
    const text = async (url: string) => {
      const res = await call(townA, 'GET', url);
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      return docText(res.rawPayload);
    };
    const record = await text(`/api/inspections/${id}/record.docx`);
    expect(record).toContain('现场检查记录');
    // The enterprise's drawn signature is in the record as a picture, not only its name.
    const zip = await JSZip.loadAsync((await call(townA, 'GET', `/api/inspections/${id}/record.docx`)).rawPayload);
    expect(Object.values(zip.files).filter((f) => !f.dir && f.name.startsWith('word/media/'))).toHaveLength(1);
    expect(record).toContain('被检查单位签字：');
    expect(issued[1].number).toMatch(/^石碶应急检〔\d{4}〕\d+号$/);
    expect(record).toContain(issued[1].number);
    expect(record).toContain('特种作业人员持证上岗');
    expect(record).toContain('焊工证已过期');
    expect(record).toContain(officer2.licence);
    expect(record).toContain(hazard.code);
    const order = await text(`/api/inspections/${id}/order.docx`);
    expect(order).toContain('责令限期整改指令书');
    expect(order).toContain('2099-01-15');
    expect(order).toContain('焊工证已过期');
    expect(order).toContain(issued[0].number);
  });

  it('every step refused from the states it does not start from', async () => {
    // draft: only start and cancel; completed/cancelled: none of the transitions.
    for (const tr of TRANSITIONS) for (const s of INSPECTION_STATES) expect(typeof tr.from.includes(s)).toBe('boolean');
    const d = await created();
    const id = d.inspection.id;
    for (const [path, body] of [
      ['submit', {}],
      ['sign', { signerName: '张建国', image: signature }],
      ['return', { reason: '补充照片' }],
    ] as const)
      expect((await call(officer1, 'POST', `/api/inspections/${id}/${path}`, body)).json().error.code).toBe('ILLEGAL_TRANSITION');
    expect((await call(officer1, 'POST', `/api/inspections/${id}/cancel`, { reason: '企业停产，未实施检查' })).json().state).toBe('cancelled');
    expect((await call(officer1, 'POST', `/api/inspections/${id}/start`, {})).json().error.code).toBe('ILLEGAL_TRANSITION');
    expect((await call(officer1, 'POST', `/api/inspections/${id}/cancel`, { reason: '再次作废' })).json().error.code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('from a checklist version (监管清单)', () => {
  it('a published version’s items, frozen, come first; a draft version is refused', async () => {
    const c = (await call(admin, 'POST', '/api/supervision/checklists', { name: '工贸企业有限空间检查表', topic: 'confined' })).json();
    const draft = c.versions[0].id as string;
    for (const [content, major] of [
      ['作业前进行气体检测', true],
      ['设置监护人员', false],
    ] as const)
      expect((await call(admin, 'POST', `/api/supervision/checklists/versions/${draft}/rows`, { content, major })).statusCode).toBe(201);
    const body = (extra: object) => ({ id: v7(), kind: 'enforcement', enterpriseId: enterpriseA, officerIds: [officer1.id, officer2.id], ...extra });
    const refused = await call(officer1, 'POST', '/api/inspections', body({ checklistVersionId: draft }));
    expect(refused.json().error.fields[0].field).toBe('body.checklistVersionId');
    expect((await call(officer1, 'POST', '/api/inspections', body({ checklistVersionId: v7() }))).json().error.fields[0].field).toBe('body.checklistVersionId');
    expect((await call(admin, 'POST', `/api/supervision/versions/${draft}/publish`, { effectiveFrom: '2026-01-01' })).statusCode).toBe(200);
    const res = await call(officer1, 'POST', '/api/inspections', body({ checklistVersionId: draft, freeItems: [{ content: '现场补充：配电箱接地' }] }));
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as InspectionDetail;
    expect(d.items.map((i) => [i.seq, i.source, i.content, i.major])).toEqual([
      [1, 'checklist', '作业前进行气体检测', true],
      [2, 'checklist', '设置监护人员', false],
      [3, 'free', '现场补充：配电箱接地', false],
    ]);
  });
});

describe('the phone’s queue replayed', () => {
  it('a create, an answer, a photo and a step sent twice write nothing the second time', async () => {
    const id = v7();
    const body = { id, kind: 'enforcement', enterpriseId: enterpriseA, officerIds: [officer1.id, officer2.id], freeItems: items };
    expect((await call(officer1, 'POST', '/api/inspections', body)).statusCode).toBe(201);
    const replay = await call(officer1, 'POST', '/api/inspections', body);
    expect(replay.statusCode).toBe(201);
    expect(replay.json().inspection.id).toBe(id);
    expect(await t.deps.db.selectFrom('inspection_items').select('id').where('inspection_id', '=', id).execute()).toHaveLength(3);

    const startKey = v7();
    expect((await call(officer1, 'POST', `/api/inspections/${id}/start`, { syncKey: startKey })).json().replayed).toBe(false);
    const startAgain = await call(officer1, 'POST', `/api/inspections/${id}/start`, { syncKey: startKey });
    expect(startAgain.statusCode, startAgain.body).toBe(200);
    expect(startAgain.json().replayed).toBe(true);

    const key = v7();
    const first = await call(officer1, 'POST', `/api/inspections/${id}/answers`, { syncKey: key, seq: 1, result: 'fail', note: '通道堵塞', toHazard: true });
    expect(first.json().replayed).toBe(false);
    const hazards = await rowCount(t.deps.db, 'hazards');
    const history = await t.deps.db.selectFrom('history').select('id').where('aggregate_id', '=', id).execute();
    const second = await call(officer1, 'POST', `/api/inspections/${id}/answers`, { syncKey: key, seq: 1, result: 'fail', note: '通道堵塞', toHazard: true });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().replayed).toBe(true);
    expect(second.json().item.hazardId).toBe(first.json().item.hazardId);
    expect(await rowCount(t.deps.db, 'hazards')).toBe(hazards);
    expect(await t.deps.db.selectFrom('history').select('id').where('aggregate_id', '=', id).execute()).toHaveLength(history.length);

    const photoKey = v7();
    const photo = () => {
      const mp = multipartBody([
        { name: 'syncKey', value: photoKey },
        { name: 'file', file: { filename: 'scene.png', data: PNG_1PX, type: 'image/png' } },
      ]);
      return call(officer1, 'POST', `/api/inspections/${id}/items/1/photos`, mp.payload, mp.headers);
    };
    const files = await rowCount(t.deps.db, 'files');
    const p1 = await photo();
    expect(p1.statusCode, p1.body).toBe(200);
    const p2 = await photo();
    expect(p2.json().replayed).toBe(true);
    expect(p2.json().fileId).toBe(p1.json().fileId);
    expect(p2.json().item.photoIds).toEqual([p1.json().fileId]);
    expect(await rowCount(t.deps.db, 'files')).toBe(files + 1);

    // A key reused for another operation is refused; a key of another inspection likewise.
    const reuse = await call(officer1, 'POST', `/api/inspections/${id}/answers`, { syncKey: photoKey, seq: 2, result: 'pass' });
    expect(reuse.json().error.code).toBe('SYNC_KEY_REUSED');
    // Someone out of scope replaying the key learns nothing.
    expect((await call(townB, 'POST', `/api/inspections/${id}/answers`, { syncKey: key, seq: 1, result: 'fail', note: 'x' })).statusCode).toBe(404);
  });
});

describe('self-inspection by parks and enterprises', () => {
  it('an enterprise account runs its own all-staff check, never another’s, and never an enforcement inspection', async () => {
    const own = await make.enterprise(t.deps.db, TOWN_A);
    const other = await make.enterprise(t.deps.db, TOWN_A);
    const user = await userSession(t, { roles: ['enterprise_user'], unit: TOWN_A, enterpriseId: own });
    const ok = await call(user, 'POST', '/api/inspections', { id: v7(), kind: 'all_staff', enterpriseId: own, freeItems: items });
    expect(ok.statusCode, ok.body).toBe(201);
    const theirs = await call(user, 'POST', '/api/inspections', { id: v7(), kind: 'all_staff', enterpriseId: other, freeItems: items });
    expect(theirs.json().error.fields[0].field).toBe('body.enterpriseId');
    const enforcement = await call(user, 'POST', '/api/inspections', enforcementBody({ enterpriseId: own }));
    expect(enforcement.json().error.fields[0].field).toBe('body.kind');
    // Its list holds its own records only.
    await created();
    const list = (await call(user, 'GET', '/api/inspections?pageSize=100')).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((x: { enterpriseId: string }) => x.enterpriseId === own)).toBe(true);
  });

  it('a park operator’s daily patrol completes on submit, a failed item goes into the hazard loop, and the completion view counts it', async () => {
    const landlord = await make.enterprise(t.deps.db, TOWN_A, { principal_name: '李园长' });
    const park = await make.park(t.deps.db, TOWN_A, { landlord_id: landlord });
    const idle = await make.park(t.deps.db, TOWN_A);
    const operator = await userSession(t, { roles: ['park_operator'], unit: TOWN_A, enterpriseId: landlord });
    const noPark = await call(operator, 'POST', '/api/inspections', { id: v7(), kind: 'park_daily', freeItems: items });
    expect(noPark.json().error.fields[0].field).toBe('body.parkId');
    const other = await call(operator, 'POST', '/api/inspections', { id: v7(), kind: 'park_daily', parkId: idle, freeItems: items });
    expect(other.json().error.fields[0].field).toBe('body.parkId');
    const res = await call(operator, 'POST', '/api/inspections', { id: v7(), kind: 'park_daily', parkId: park, freeItems: items });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().inspection.id;
    expect(res.json().inspection.enterpriseId).toBe(landlord);
    await call(operator, 'POST', `/api/inspections/${id}/start`, {});
    await answer(operator, id, 1, 'pass');
    const f = await answer(operator, id, 2, 'fail', { note: '3 号厂房安全出口上锁', toHazard: true });
    expect(f.statusCode, f.body).toBe(200);
    expect(f.json().hazard.id).toBeTruthy();
    await answer(operator, id, 3, 'pass');
    expect((await call(operator, 'POST', `/api/inspections/${id}/confirm`, {})).json().error.code).toBe('NO_OFFICERS');
    const done = await call(operator, 'POST', `/api/inspections/${id}/submit`, {});
    expect(done.json().inspection.state).toBe('completed');
    const h = (await call(townA, 'GET', `/api/hazards/${f.json().hazard.id}`)).json();
    expect(h.hazard.source).toBe('self_inspection');
    expect(h.hazard.inspectionId).toBe(id);

    // The principal leads a check this quarter.
    const led = await call(operator, 'POST', '/api/inspections', { id: v7(), kind: 'principal_led', enterpriseId: landlord, freeItems: items.slice(0, 1) });
    expect(led.json().inspection.leaderName).toBe('李园长');
    const lid = led.json().inspection.id;
    await call(operator, 'POST', `/api/inspections/${lid}/start`, {});
    await answer(operator, lid, 1, 'pass');
    await call(operator, 'POST', `/api/inspections/${lid}/submit`, {});

    const c = (await call(townA, 'GET', `/api/inspections/completion?town=${TOWN_A}`)).json();
    expect(c.notPatrolled.map((p: { parkId: string }) => p.parkId)).toContain(idle);
    expect(c.notPatrolled.map((p: { parkId: string }) => p.parkId)).not.toContain(park);
    expect(c.principalsMissing.map((e: { enterpriseId: string }) => e.enterpriseId)).not.toContain(landlord);
    expect(c.principalsMissing.map((e: { enterpriseId: string }) => e.enterpriseId)).toContain(enterpriseA);
    expect(c.parks.patrolledToday).toBeGreaterThanOrEqual(1);
    expect(c.byTown.map((x: { townCode: string }) => x.townCode)).toEqual([TOWN_A]);
    // The operator sees its own park only.
    const mine = (await call(operator, 'GET', '/api/inspections/completion')).json();
    expect(mine.parks.total).toBe(1);
    // Another town's view does not count it; a day in 2024 counts that year's checks.
    const b = (await call(townB, 'GET', `/api/inspections/completion`)).json();
    expect(b.notPatrolled.map((p: { parkId: string }) => p.parkId)).not.toContain(idle);
    const y2024 = (await call(townA, 'GET', `/api/inspections/completion?town=${TOWN_A}&day=2024-12-31`)).json();
    expect(y2024.parks.inspectedThisYear).toBe(0);
  });
});

describe('ledger, export, QR and scope', () => {
  it('filters, sorts both ways, exports .xlsx and draws a QR code for an enterprise', async () => {
    const page = (await call(townA, 'GET', '/api/inspections?kind=enforcement&sort=-failed&pageSize=100')).json();
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((x: { kind: string }) => x.kind === 'enforcement')).toBe(true);
    const failed = page.items.map((x: { itemsFailed: number }) => x.itemsFailed);
    expect(failed).toEqual([...failed].sort((a, b) => b - a));
    const x = await call(townA, 'GET', '/api/inspections/export.xlsx?kind=enforcement');
    expect(x.statusCode).toBe(200);
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const qr = await call(townA, 'GET', `/api/inspections/enterprises/${enterpriseA}/qr.png`);
    expect(qr.statusCode).toBe(200);
    expect(qr.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await call(townB, 'GET', `/api/inspections/enterprises/${enterpriseA}/qr.png`)).statusCode).toBe(400);
  });

  it('another town gets 404 and an empty list', async () => {
    const d = await created();
    expect((await call(townB, 'GET', `/api/inspections/${d.inspection.id}`)).statusCode).toBe(404);
    expect((await call(townB, 'GET', `/api/inspections/${d.inspection.id}/record.docx`)).statusCode).toBe(404);
    const list = (await call(townB, 'GET', '/api/inspections?pageSize=100')).json();
    expect(list.items.find((x: { id: string }) => x.id === d.inspection.id)).toBeUndefined();
  });

  it('scope property: visible inside their jurisdiction and nowhere else', async () => {
    await checkScopeProperty(t, {
      name: 'inspections',
      permission: 'inspection:read',
      create: async (tt, code) => {
        const e = await make.enterprise(tt.deps.db, code);
        const admin2 = await makeUser(tt, { roles: ['district_admin'] });
        void admin2;
        const id = v7();
        await tt.deps.db
          .insertInto('inspections')
          .values({
            id,
            code: `JCT${id.slice(-10)}`,
            kind: 'all_staff',
            title: '全员自查',
            enterprise_id: e,
            jurisdiction_code: code,
            town_code: code.slice(0, 9),
          })
          .execute();
        return id;
      },
      list: '/api/inspections?pageSize=100',
      read: '/api/inspections/:id',
    });
  }, 90_000);
});

// 交叉检查: a town-A officer named on a town-B inspection opens it (and its record), carries it out — start,
// answers, a failed item raised as a hazard (filed in town B), both confirmations, submit, the signature — and
// finds it in the ledger; a town-A officer not named on it still gets 404 (the step's denial audited).
let named: S & { licence: string };
let teammate: S & { licence: string };
let outsider: S & { licence: string };
let enterpriseB: string;

async function townBInspection() {
  const res = await call(admin, 'POST', '/api/inspections', {
    id: v7(),
    kind: 'enforcement',
    enterpriseId: enterpriseB,
    officerIds: [named.id, teammate.id],
    freeItems: [{ content: '安全出口畅通' }, { content: '灭火器在有效期内' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as InspectionDetail).inspection.id;
}

describe('交叉检查: an officer named on another town’s inspection', () => {
  beforeAll(async () => {
    named = await licensed(TOWN_A);
    teammate = await licensed(TOWN_B);
    outsider = await licensed(TOWN_A);
    enterpriseB = await make.enterprise(t.deps.db, TOWN_B, { principal_name: '李卫东' });
  }, 60_000);

  it('opens it, carries it out to the signature and raises a hazard in the enterprise’s town', async () => {
    const id = await townBInspection();
    const opened = await call(named, 'GET', `/api/inspections/${id}`);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().actions).toContain('start');
    expect((await call(named, 'GET', `/api/inspections/${id}/record.docx`)).statusCode).toBe(200);
    const ledger = (await call(named, 'GET', '/api/inspections?pageSize=100')).json();
    expect(ledger.items.map((i: { id: string }) => i.id)).toContain(id);

    expect((await call(named, 'POST', `/api/inspections/${id}/start`, { syncKey: v7() })).statusCode).toBe(200);
    expect((await call(named, 'POST', `/api/inspections/${id}/answers`, { syncKey: v7(), seq: 1, result: 'pass' })).statusCode).toBe(200);
    const failed = await call(named, 'POST', `/api/inspections/${id}/answers`, { syncKey: v7(), seq: 2, result: 'fail', note: '灭火器过期' });
    expect(failed.statusCode, failed.body).toBe(200);
    const raised = await call(named, 'POST', `/api/inspections/${id}/items/2/hazard`);
    expect(raised.statusCode, raised.body).toBe(200);
    const hazard = await t.deps.db
      .selectFrom('hazards')
      .select(['jurisdiction_code', 'enterprise_id'])
      .where('id', '=', raised.json().hazard.id)
      .executeTakeFirstOrThrow();
    expect(hazard).toEqual({ jurisdiction_code: expect.stringMatching(new RegExp(`^${TOWN_B}`)), enterprise_id: enterpriseB });

    expect((await call(named, 'POST', `/api/inspections/${id}/confirm`, {})).statusCode).toBe(200);
    expect((await call(named, 'POST', `/api/inspections/${id}/confirm`, { licenceNumber: teammate.licence })).statusCode).toBe(200);
    const submitted = await call(named, 'POST', `/api/inspections/${id}/submit`, { summary: '发现问题 1 项', rectifyDeadline: '2099-01-15' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const signed = await call(named, 'POST', `/api/inspections/${id}/sign`, {
      signerName: '李卫东',
      image: signature,
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().inspection.state).toBe('completed');
    const detail = (await call(named, 'GET', `/api/inspections/${id}`)).json() as InspectionDetail;
    expect(detail.hazards.map((h) => h.id)).toEqual([raised.json().hazard.id]);
    // Every step is the named officer's, audited under her name.
    expect((await auditRows(t.deps.db, { action: 'inspection.sign', resource_id: id }))[0].user_id).toBe(named.id);
  });

  it('an officer of the same town not named on it gets 404 (the step’s denial audited) and does not see it listed', async () => {
    const id = await townBInspection();
    expect((await call(outsider, 'GET', `/api/inspections/${id}`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/inspections/${id}/record.docx`)).statusCode).toBe(404);
    expect((await call(outsider, 'POST', `/api/inspections/${id}/start`, {})).statusCode).toBe(404);
    expect((await call(outsider, 'POST', `/api/inspections/${id}/cancel`, { reason: '误登' })).statusCode).toBe(404);
    const denied = await auditRows(t.deps.db, { action: 'access.denied', user_id: outsider.id, resource_id: id });
    expect(denied.length).toBeGreaterThanOrEqual(2);
    const ledger = (await call(outsider, 'GET', '/api/inspections?pageSize=100')).json();
    expect(ledger.items.map((i: { id: string }) => i.id)).not.toContain(id);
    // The named officer still may; nothing about the row changed for the outsider's tries.
    expect((await call(named, 'GET', `/api/inspections/${id}`)).json().inspection.state).toBe('draft');
  });
});

// Warnings over HTTP and services on a real database: drafting/approval/release, targeting, links,
// acknowledgement, SMS reply, cancel, CAP import chains, publication, scope and audit.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, type TestApp, testApp, userSession } from '../../test/helpers.ts';
import { PERSON_ROLES } from '../../../shared/warnings.ts';
import { verifyAudit } from '../../platform/audit.ts';
import { readHistory } from '../../platform/history.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { parseCap } from './cap.ts';
import { linkSecret, makeToken, newNonce } from './tokens.ts';
import { dispatchPending } from './delivery.ts';
import { getSettings, putSetting } from './policy.ts';
import * as make from '../../test/factories.ts';
import { checkScopeProperty, inScope } from '../../test/scope-property.ts';
import { TOWN_A, TOWN_B } from '../../test/factories.ts';
import { actorCtx, capDoc, DRAFTER, inHours } from './warnings.fixtures.ts';
import * as svc from './warnings.service.ts';

let t: TestApp;
type S = Awaited<ReturnType<typeof userSession>>;
let townA: S;
let townB: S;
let leader: S;
let admin: S;
let vA: string[];
let vB: string[];
let person: Record<string, string>;
let rpUser: S;

beforeAll(async () => {
  t = await testApp();
  townA = await userSession(t, { roles: ['town_staff'], unit: TOWN_A });
  townB = await userSession(t, { roles: ['town_staff'], unit: TOWN_B });
  leader = await userSession(t, { roles: ['duty_leader'], unit: '330203D01' });
  admin = await userSession(t, { roles: ['district_admin'] });
  rpUser = await userSession(t, { roles: ['responsible_person'], unit: TOWN_A });
  vA = await make.villagesOf(t.deps.db, TOWN_A);
  vB = await make.villagesOf(t.deps.db, TOWN_B);
  person = await make.persons(t.deps.db, [
    { name: '区指挥', role: 'flood_chief', code: '330203' },
    { name: '石碶指挥', role: 'flood_chief', code: TOWN_A, superior: '区指挥' },
    { name: '东方主任', role: 'flood_chief', code: vA[0], superior: '石碶指挥', channels: ['inapp', 'sms', 'voice'], userId: rpUser.id },
    { name: '东方网格员', role: 'grid_worker', code: vA[0], superior: '东方主任' },
    { name: '东方山洪员', role: 'flash_flood_warner', code: vA[0], superior: '东方主任' },
    { name: '第二村主任', role: 'flood_chief', code: vA[1], superior: '石碶指挥' },
    { name: '高桥指挥', role: 'flood_chief', code: TOWN_B, superior: '区指挥' },
    { name: '高桥村主任', role: 'flood_chief', code: vB[0], superior: '高桥指挥' },
  ]);
});
afterAll(() => t?.dispose());

const api = (s: S | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { ...(s?.headers ?? {}), ...headers }, payload: payload as never });

const draft = (over: Record<string, unknown> = {}) => ({
  eventType: 'rainstorm',
  level: 'orange',
  description: '预计未来3小时石碶街道累计雨量将达60毫米以上。',
  instruction: '做好低洼地段排涝和人员转移准备。',
  expires: inHours(t.deps, 12),
  area: { geocodes: [TOWN_A] },
  ...over,
});

async function releasedWarning(s: S = townA, over: Record<string, unknown> = {}) {
  const c = await api(s, 'POST', '/api/warnings', draft(over));
  expect(c.statusCode, c.body).toBe(201);
  const id = c.json().id as string;
  expect((await api(s, 'POST', `/api/warnings/${id}/submit`)).statusCode).toBe(200);
  const ap = await api(leader, 'POST', `/api/warnings/${id}/approve`);
  expect(ap.statusCode, ap.body).toBe(200);
  const rel = await api(s, 'POST', `/api/warnings/${id}/release`);
  expect(rel.statusCode, rel.body).toBe(200);
  return rel.json() as { id: string; identifier: string; recipients: number };
}

/** A warning's latest history step, as the tests compare it. */
const lastStep = (rows: Awaited<ReturnType<typeof readHistory>>) => {
  const h = rows.at(-1);
  return h && { action: h.action, from: h.from_state, to: h.to_state, actor: h.actor_id, name: h.actor_name, note: h.note, at: new Date(h.at).toISOString() };
};

async function outboxLinks(warningId: string) {
  const res = await api(admin, 'GET', `/api/warnings/outbox?warningId=${warningId}&pageSize=500`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { name: string; payload: { link: string; replyCode: string; phone: string } }[]).map((o) => ({
    name: o.name,
    token: o.payload.link.split('/ack/')[1],
    code: o.payload.replyCode,
    phone: o.payload.phone,
  }));
}

describe('drafting, approval and release', () => {
  it('refuses bad input naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ eventType: 'meteor' }, 'body.eventType'],
      [{ expires: undefined }, 'body.expires'],
      [{ expires: '2020-01-01T00:00:00Z' }, 'body.expires'],
      [{ level: 'purple' }, 'body.level'],
      [{ area: {} }, 'body.area'],
      [{ area: { geocodes: [TOWN_B] } }, 'body.area.geocodes.0'],
      [{ area: { geocodes: ['33x'] } }, 'body.area.geocodes.0'],
      [{ extra: 1 }, 'body.extra'],
      [{ area: { polygons: [[[121.5, 29.8]]] } }, 'body.area.polygons.0'],
    ];
    for (const [over, field] of cases) {
      const res = await api(townA, 'POST', '/api/warnings', draft(over));
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const bad = await api(townA, 'GET', '/api/warnings?pageSize=9999');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('querystring.pageSize');
  });

  it('needs approval by someone other than the drafter, then releases to the area with an audit trail', async () => {
    const c = await api(leader, 'POST', '/api/warnings', draft({ jurisdictionCode: TOWN_A }));
    expect(c.statusCode, c.body).toBe(201);
    const w = c.json();
    expect(w.status).toBe('draft');
    expect((await api(leader, 'POST', `/api/warnings/${w.id}/release`)).json().error.code).toBe('ILLEGAL_TRANSITION');
    const actionsOf = async (s: typeof leader) => (await api(s, 'GET', `/api/warnings/${w.id}`)).json().actions;
    expect(await actionsOf(leader)).toEqual(['submit', 'cancel']);
    await api(leader, 'POST', `/api/warnings/${w.id}/submit`);
    expect(await actionsOf(leader)).toEqual(['reject']); // the drafter may not approve their own warning
    expect(await actionsOf(townA)).toEqual([]);
    const self = await api(leader, 'POST', `/api/warnings/${w.id}/approve`);
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('SELF_APPROVAL');
    expect((await api(townA, 'POST', `/api/warnings/${w.id}/approve`)).statusCode).toBe(403); // town staff may not approve
    const leader2 = await userSession(t, { roles: ['duty_leader'], unit: '330203D01' });
    expect(await actionsOf(leader2)).toEqual(['approve', 'reject']);
    expect((await api(leader2, 'POST', `/api/warnings/${w.id}/approve`)).statusCode).toBe(200);
    const prev = await api(townA, 'GET', `/api/warnings/${w.id}/preview`);
    expect(prev.statusCode).toBe(200);
    // orange reaches flood chiefs and flash-flood warners, not grid workers; town A only.
    const names = prev
      .json()
      .recipients.map((r: { name: string }) => r.name)
      .sort();
    expect(names).toEqual(['东方主任', '东方山洪员', '石碶指挥', '第二村主任'].sort());
    const rel = await api(leader, 'POST', `/api/warnings/${w.id}/release`);
    expect(rel.statusCode, rel.body).toBe(200);
    expect(rel.json().recipients).toBe(4);
    expect(rel.json().identifier).toMatch(/^33020300000001_\d{14}_\d+$/);
    const actions = await auditRows(t.deps.db, { resource_id: w.id });
    expect(actions.map((a) => a.action)).toEqual(['warning.create', 'warning.submit', 'warning.approve', 'warning.release']);
    const job = await t.deps.db.selectFrom('jobs').select(['run_at', 'status']).where('dedup_key', '=', `warnings:ladder:${w.id}`).executeTakeFirst();
    expect(job?.status).toBe('pending');
  });

  it('another town sees nothing of it', async () => {
    const w = await releasedWarning();
    expect((await api(townB, 'GET', `/api/warnings/${w.id}`)).statusCode).toBe(404);
    expect((await api(townB, 'GET', `/api/warnings/${w.id}/board`)).statusCode).toBe(404);
    expect((await api(townB, 'GET', `/api/warnings/${w.id}/recipients`)).statusCode).toBe(404);
    expect((await api(townB, 'GET', `/api/warnings/${w.id}/preview`)).statusCode).toBe(404);
    expect((await api(townB, 'POST', `/api/warnings/${w.id}/cancel`, { reason: '测试解除' })).statusCode).toBe(404);
    const list = (await api(townB, 'GET', '/api/warnings')).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(w.id);
    expect((await api(townA, 'GET', '/api/warnings')).json().items.map((i: { id: string }) => i.id)).toContain(w.id);
    const persons = (await api(townB, 'GET', '/api/warnings/persons?pageSize=200')).json();
    expect(persons.items.every((p: { jurisdictionCode: string }) => p.jurisdictionCode.startsWith(TOWN_B))).toBe(true);
    expect((await api(townB, 'GET', `/api/warnings/persons/${person['东方主任']}`)).statusCode).toBe(404);
  });
});

describe('targeting', () => {
  it("by polygon and circle, using own coordinates, else the town's approximate territory", async () => {
    const ids = await make.persons(t.deps.db, [
      { name: '坐标内', role: 'flood_chief', code: vB[1], lon: 121.465, lat: 29.885 },
      { name: '坐标外', role: 'flood_chief', code: vB[1], lon: 121.3, lat: 29.7 },
    ]);
    expect(ids['坐标内']).toBeDefined();
    // A box around 高桥镇's centroid (121.462, 29.887): the town's people without coordinates fall in too.
    const ring = [
      [121.44, 29.87],
      [121.48, 29.87],
      [121.48, 29.9],
      [121.44, 29.9],
    ];
    const w = await svc.createWarning(actorCtx(t.deps, DRAFTER), { ...draft(), area: { polygons: [ring as [number, number][]] } } as svc.WarningInput);
    const names = (await svc.previewRecipients(actorCtx(t.deps, DRAFTER), w.id)).recipients.map((r) => r.name).sort();
    expect(names).toEqual(['坐标内', '高桥指挥', '高桥村主任'].sort());
    // The box also reaches into the (approximate) territories of 望春 and 集士港, which have nobody listed here.
    expect(w.townCodes).toEqual(['330203008', TOWN_B, '330203102']);
    const circle = await svc.createWarning(actorCtx(t.deps, DRAFTER), {
      ...draft(),
      area: { circles: [{ lon: 121.3, lat: 29.7, radiusKm: 2 }] },
    } as svc.WarningInput);
    expect((await svc.previewRecipients(actorCtx(t.deps, DRAFTER), circle.id)).recipients.map((r) => r.name)).toEqual(['坐标外']);
  });

  it('by codes (prefix), by level (roles) and with enterprises in the area', async () => {
    const ctx = actorCtx(t.deps, DRAFTER);
    const village = await svc.createWarning(ctx, { ...draft(), level: 'blue', area: { geocodes: [vA[0]] } } as svc.WarningInput);
    expect((await svc.previewRecipients(ctx, village.id)).recipients.map((r) => r.name).sort()).toEqual(['东方主任', '东方山洪员'].sort());
    await make.enterprise(t.deps.db, vA[0], { name: '宁波石碶塑料制品有限公司', safety_manager_name: '周安全', safety_manager_phone: '10009999999' });
    const red = await svc.createWarning(ctx, { ...draft(), level: 'red', area: { geocodes: [vA[0]] } } as svc.WarningInput);
    const redNames = (await svc.previewRecipients(ctx, red.id)).recipients.map((r) => r.name);
    expect(redNames).toContain('东方网格员');
    expect(redNames).toContain('周安全（宁波石碶塑料制品有限公司）');
  });
});

describe('acknowledgement', () => {
  it('one tap on the signed link; forged, reused and expired links are refused', async () => {
    const w = await releasedWarning();
    await dispatchPending(t.deps);
    const links = await outboxLinks(w.id);
    const mine = links.find((l) => l.name === '第二村主任');
    expect(mine?.token).toBeTruthy();
    const token = mine?.token as string;

    const view = await api(null, 'GET', `/api/public/ack/${token}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().name).toBe('第二村主任');
    expect(view.json().warning.level).toBe('orange');

    // Push the expiry out by a year, keep the signature: refused.
    const [body, mac] = token.split('.');
    const raw = Buffer.from(body, 'base64url');
    raw.writeUInt32BE(raw.readUInt32BE(17) + 365 * 86_400, 17);
    const forged = `${raw.toString('base64url')}.${mac}`;
    const f = await api(null, 'POST', `/api/public/ack/${forged}`);
    expect(f.statusCode).toBe(400);
    expect(f.json().error.code).toBe('LINK_INVALID');

    const ok = await api(null, 'POST', `/api/public/ack/${token}`);
    expect(ok.statusCode, ok.body).toBe(200);
    const measuresToken = ok.json().measuresToken as string;
    const again = await api(null, 'POST', `/api/public/ack/${token}`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('LINK_USED');

    const badMeasures = await api(null, 'POST', `/api/public/ack-measures/${measuresToken}`, { peopleMoved: -1 });
    expect(badMeasures.statusCode).toBe(400);
    expect(badMeasures.json().error.fields.map((x: { field: string }) => x.field)).toEqual(expect.arrayContaining(['body.measures']));
    // A photo goes with the report (before it is submitted); only images are taken.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const upload = (data: Buffer, filename: string, tok = measuresToken) => {
      const boundary = '----anlanwarn';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        data,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({
        method: 'POST',
        url: `/api/public/ack-photo/${tok}`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    };
    const notImage = await upload(Buffer.from('MZ not an image'), 'x.jpg');
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json().error.fields[0].field).toBe('photo');
    const photo = await upload(png, '转移现场.png');
    expect(photo.statusCode, photo.body).toBe(201);
    expect((await upload(png, 'x.png', token)).json().error.code).toBe('LINK_INVALID'); // an ack link cannot add photos
    const m = await api(null, 'POST', `/api/public/ack-measures/${measuresToken}`, { measures: '已组织低洼地段12户群众转移', peopleMoved: 12 });
    expect(m.statusCode, m.body).toBe(200);
    // The report stays open while the warning is in force: a correction replaces it.
    const fix = await api(null, 'POST', `/api/public/ack-measures/${measuresToken}`, { measures: '已组织低洼地段12户群众转移', peopleMoved: 12 });
    expect(fix.statusCode, fix.body).toBe(200);
    // an ack token is not a measures token
    expect((await api(null, 'POST', `/api/public/ack-measures/${token}`, { measures: '错用链接' })).statusCode).toBe(400);

    const board = (await api(townA, 'GET', `/api/warnings/${w.id}/board`)).json();
    const row = board.towns.find((x: { townCode: string }) => x.townCode === TOWN_A);
    // Every channel is in outbox mode here: recorded, nothing sent — and the board says so.
    expect(row).toMatchObject({ total: w.recipients, reached: w.recipients, gateway: 0, delivered: 0, acknowledged: 1 });
    expect(row.outbox).toBeGreaterThan(0);
    expect(row.outbox + row.inapp).toBe(w.recipients); // in-app messages are real; SMS and voice only recorded
    expect(board.delivery).toMatchObject({ outboxChannels: expect.arrayContaining(['sms', 'voice']), liveChannels: [] });
    const r = await t.deps.db
      .selectFrom('warning_recipients')
      .selectAll()
      .where('warning_id', '=', w.id)
      .where('name', '=', '第二村主任')
      .executeTakeFirstOrThrow();
    expect(r).toMatchObject({
      state: 'acknowledged',
      ack_via: 'link',
      measures: '已组织低洼地段12户群众转移',
      people_moved: 12,
      measures_photo_ids: [photo.json().id],
    });
    expect(r.delivery).toBe('outbox');
    expect((await upload(png, 'second.png')).statusCode).toBe(201); // photos too, up to 3, until the warning ends
    const file = await api(townA, 'GET', `/api/files/${photo.json().id}`);
    expect(file.statusCode).toBe(200); // staff of the town see it
    expect((await api(townB, 'GET', `/api/files/${photo.json().id}`)).statusCode).toBe(404);
    const audits = await auditRows(t.deps.db, { resource_id: r.id });
    expect(audits.map((a) => a.action)).toEqual(['warning.ack', 'warning.measures.photo', 'warning.measures', 'warning.measures', 'warning.measures.photo']);

    // Expired: another recipient's link after the link lifetime (24 h).
    const other = links.find((l) => l.name === '石碶指挥')?.token as string;
    t.clock.advance(25 * 3_600_000);
    const exp = await api(null, 'POST', `/api/public/ack/${other}`);
    expect(exp.statusCode).toBe(410);
    expect(exp.json().error.code).toBe('LINK_EXPIRED');
    t.clock.advance(-25 * 3_600_000);
    expect((await api(null, 'POST', '/api/public/ack/abc.def')).statusCode).toBe(400);
  });

  it('concurrent taps are group-committed: each answered on its own, one ack per person, the audit chain intact', async () => {
    const w = await releasedWarning();
    const ids = await t.deps.db.selectFrom('warning_recipients').select(['id', 'name']).where('warning_id', '=', w.id).orderBy('name').execute();
    const secret = await linkSecret(t.deps.db);
    const link = (id: string) =>
      makeToken(secret, { recipientId: id, purpose: 'ack', expiresAt: new Date(t.clock.now().getTime() + 3_600_000), nonce: newNonce() });
    const same = link(ids[0].id);
    const taps = [same, same, same, link(ids[1].id), link(ids[1].id), ...ids.slice(2).map((r) => link(r.id))];
    const res = await Promise.all(taps.map((tok) => api(null, 'POST', `/api/public/ack/${tok}`)));
    const codes = res.map((r) => (r.statusCode === 200 ? 'ok' : r.json().error.code));
    expect(codes.slice(0, 3).sort()).toEqual(['LINK_USED', 'LINK_USED', 'ok']);
    expect(codes.slice(3, 5).sort()).toEqual(['ALREADY_ACKNOWLEDGED', 'ok']);
    expect(codes.slice(5).every((c) => c === 'ok')).toBe(true);
    const acked = await t.deps.db.selectFrom('warning_recipients').select('id').where('warning_id', '=', w.id).where('state', '=', 'acknowledged').execute();
    expect(acked).toHaveLength(ids.length);
    const ackIds = new Set(ids.map((i) => i.id));
    const audits = (await auditRows(t.deps.db, { action: 'warning.ack' })).filter((a) => a.resource_id && ackIds.has(a.resource_id));
    expect(audits).toHaveLength(ids.length);
    expect((await verifyAudit(t.deps.db)).ok).toBe(true);
    // The refused second link of a person was not used up by the refusal.
    const [again] = [taps[3], taps[4]].filter((_tok, i) => codes[3 + i] !== 'ok');
    expect((await api(null, 'POST', `/api/public/ack/${again}`)).json().error.code).toBe('ALREADY_ACKNOWLEDGED');
  });

  it('in the app, and by SMS reply code', async () => {
    const w = await releasedWarning();
    await dispatchPending(t.deps);
    const mine = (await api(rpUser, 'GET', '/api/warnings/mine')).json() as { id: string; warningId: string }[];
    const item = mine.find((m) => m.warningId === w.id);
    expect(item).toBeDefined();
    expect((await api(townA, 'POST', `/api/warnings/recipients/${item?.id}/ack`)).statusCode).toBe(403); // town staff lacks warning:ack
    const ack = await api(rpUser, 'POST', `/api/warnings/recipients/${item?.id}/ack`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect((await api(rpUser, 'POST', `/api/warnings/recipients/${item?.id}/ack`)).json().error.code).toBe('ALREADY_ACKNOWLEDGED');
    expect((await api(rpUser, 'POST', `/api/warnings/recipients/${item?.id}/measures`, { measures: '已巡查村内山塘' })).statusCode).toBe(200);

    const sms = (await outboxLinks(w.id)).find((l) => l.name === '东方山洪员');
    const gateway = await userSession(t, { roles: ['responsible_person'], unit: '330203' });
    expect((await api(gateway, 'POST', '/api/warnings/sms-reply', { text: '收到' })).json().error.fields[0].field).toBe('body.from');
    const miss = await api(gateway, 'POST', '/api/warnings/sms-reply', { from: `86${sms?.phone}`, text: '0000' === sms?.code ? '0001' : '0000' });
    expect(miss.json().matched).toBe(false);
    const hit = await api(gateway, 'POST', '/api/warnings/sms-reply', { from: `86${sms?.phone}`, text: `收到 ${sms?.code}` });
    expect(hit.statusCode, hit.body).toBe(200);
    expect(hit.json().matched).toBe(true);
    const r = await t.deps.db.selectFrom('warning_recipients').select(['state', 'ack_via']).where('id', '=', hit.json().recipientId).executeTakeFirstOrThrow();
    expect(r).toEqual({ state: 'acknowledged', ack_via: 'sms' });
  });
});

describe('cancel and CAP chains', () => {
  it('a cancel ends the warning and stops pending escalations', async () => {
    const w = await releasedWarning();
    const bad = await api(townA, 'POST', `/api/warnings/${w.id}/cancel`, {});
    expect(bad.json().error.fields[0].field).toBe('body.reason');
    const res = await api(townA, 'POST', `/api/warnings/${w.id}/cancel`, { reason: '降雨已减弱，解除预警' });
    expect(res.statusCode, res.body).toBe(200);
    const job = await t.deps.db.selectFrom('jobs').select('status').where('dedup_key', '=', `warnings:ladder:${w.id}`).orderBy('id', 'desc').executeTakeFirst();
    expect(job?.status).toBe('cancelled');
    const states = await t.deps.db.selectFrom('warning_recipients').select('state').where('warning_id', '=', w.id).execute();
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(['closed']));
    const pending = await t.deps.db.selectFrom('delivery_attempts').select('state').where('warning_id', '=', w.id).execute();
    expect(pending.every((p) => p.state === 'cancelled')).toBe(true);
    const cancelMsg = await api(null, 'GET', `/api/public/warnings/${res.json().cancelId}/cap.xml`);
    expect(cancelMsg.statusCode).toBe(200);
    const cap = parseCap(cancelMsg.body);
    expect(cap.msgType).toBe('Cancel');
    expect(cap.references[0]).toContain(w.identifier);
    const cancelledAt = t.deps.clock.now().toISOString();
    t.clock.advanceMinutes(30);
    await t.deps.jobs.runDue();
    expect(await t.deps.db.selectFrom('delivery_attempts').select('id').where('warning_id', '=', w.id).where('state', '=', 'pending').execute()).toEqual([]);
    // The step is in the warning's history, by whom and when; a second cancel is refused with the reason.
    expect(lastStep(await readHistory(t.deps.db, 'warning', w.id))).toMatchObject({
      action: 'cancel',
      from: 'released',
      to: 'cancelled',
      actor: townA.id,
      note: '降雨已减弱，解除预警',
      at: cancelledAt,
    });
    const again = await api(townA, 'POST', `/api/warnings/${w.id}/cancel`, { reason: '再次解除' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('只能解除草稿、被退回、已审批或已发布的预警') });
    expect((await auditRows(t.deps.db, { resource_id: w.id })).filter((a) => a.action === 'warning.cancel')).toHaveLength(1);
  });

  it('releasing an update supersedes the original through the machine: its ladder stops, its history names the releaser', async () => {
    const w = await releasedWarning();
    const ladderJob = () =>
      t.deps.db.selectFrom('jobs').select('status').where('dedup_key', '=', `warnings:ladder:${w.id}`).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect((await ladderJob()).status).toBe('pending');
    const c = await api(townA, 'POST', '/api/warnings', draft({ level: 'red', supersedes: w.id }));
    expect(c.statusCode, c.body).toBe(201);
    const u = c.json().id as string;
    expect((await api(townA, 'POST', `/api/warnings/${u}/submit`)).statusCode).toBe(200);
    expect((await api(leader, 'POST', `/api/warnings/${u}/approve`)).statusCode).toBe(200);
    expect((await api(null, 'GET', `/api/public/warnings/${w.id}/cap.xml`)).statusCode).toBe(200);
    const changed: string[] = [];
    const stop = t.deps.events.subscribe('warnings.changed', (e) => changed.push(e.warningId));
    const rel = await api(townA, 'POST', `/api/warnings/${u}/release`);
    stop();
    expect(rel.statusCode, rel.body).toBe(200);
    expect(changed).toEqual(expect.arrayContaining([w.id, u]));
    const old = await t.deps.db.selectFrom('warnings').select(['status', 'ended_at']).where('id', '=', w.id).executeTakeFirstOrThrow();
    expect(old.status).toBe('superseded');
    expect(old.ended_at).not.toBeNull();
    expect((await ladderJob()).status).toBe('cancelled');
    const states = await t.deps.db.selectFrom('warning_recipients').select('state').where('warning_id', '=', w.id).execute();
    expect(new Set(states.map((r) => r.state))).toEqual(new Set(['closed']));
    expect(lastStep(await readHistory(t.deps.db, 'warning', w.id))).toMatchObject({
      action: 'supersede',
      from: 'released',
      to: 'superseded',
      actor: townA.id,
      note: `由预警 ${rel.json().identifier} 更新`,
      at: t.deps.clock.now().toISOString(),
    });
    expect((await auditRows(t.deps.db, { resource_id: w.id })).map((a) => a.action)).toContain('warning.supersede');
    // Neither a button nor a route offers it; a superseded warning is not cancelled again.
    expect((await api(townA, 'GET', `/api/warnings/${w.id}`)).json().actions).toEqual([]);
    expect((await api(townA, 'POST', `/api/warnings/${w.id}/cancel`, { reason: '解除' })).statusCode).toBe(409);
  });

  it('imports pushed CAP alerts from a registered sender: alert, duplicate, update supersedes, cancel ends', async () => {
    const reg = await api(admin, 'POST', '/api/warnings/senders', {
      name: '宁波市气象台',
      sender: 'qxj@nbqx.gov.cn',
      areaCodes: ['330203'],
      release: 'release',
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const token = reg.json().token as string;
    const push = (xml: string, auth = `Bearer ${token}`) =>
      t.app.inject({ method: 'POST', url: '/api/warnings/cap', headers: { 'content-type': 'application/cap+xml', authorization: auth }, payload: xml });
    const area = `<area><areaDesc>高桥镇</areaDesc><geocode><valueName>GB/T 2260</valueName><value>${TOWN_B}</value></geocode></area>`;
    expect((await push(capDoc({ area }), 'Bearer wrong')).statusCode).toBe(401);
    const bad = await push(capDoc({ severity: 'Huge', area }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('alert.info[0].severity');
    expect((await push('not xml at all <')).statusCode).toBe(400);

    const a = await push(capDoc({ id: 'QX-A1', area }));
    expect(a.statusCode, a.body).toBe(201);
    const inB = await t.deps.db
      .selectFrom('responsible_persons')
      .select('id')
      .where('jurisdiction_code', 'like', `${TOWN_B}%`)
      .where('role', 'in', ['flood_chief', 'flash_flood_warner', 'works_patroller', 'geo_monitor', 'shelter_manager', 'house_liaison'])
      .execute();
    expect(a.json()).toMatchObject({ result: 'imported', msgType: 'Alert', recipients: inB.length });
    expect((await push(capDoc({ id: 'QX-A1', area }))).json().result).toBe('duplicate');
    const first = await t.deps.db.selectFrom('warnings').selectAll().where('identifier', '=', 'QX-A1').executeTakeFirstOrThrow();
    expect(first).toMatchObject({ status: 'released', level: 'orange', source: 'external', event_type: 'rainstorm' });
    expect((await api(townB, 'GET', `/api/warnings/${first.id}`)).statusCode).toBe(200); // it covers 高桥镇
    expect((await api(townA, 'GET', `/api/warnings/${first.id}`)).statusCode).toBe(404);

    const ref = 'qxj@nbqx.gov.cn,QX-A1,2026-06-01T08:00:00+08:00';
    const u = await push(capDoc({ id: 'QX-U2', msgType: 'Update', refs: ref, severity: 'Extreme', area, sent: '2026-06-01T09:00:00+08:00' }));
    expect(u.statusCode, u.body).toBe(201);
    expect(u.json().ended).toEqual([first.id]);
    const old = await t.deps.db.selectFrom('warnings').select('status').where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(old.status).toBe('superseded');
    const oldRecipients = await t.deps.db.selectFrom('warning_recipients').select('state').where('warning_id', '=', first.id).execute();
    expect(oldRecipients.every((r) => r.state === 'closed')).toBe(true);
    const upd = await t.deps.db.selectFrom('warnings').selectAll().where('identifier', '=', 'QX-U2').executeTakeFirstOrThrow();
    expect(upd).toMatchObject({ level: 'red', status: 'released', supersedes_id: first.id });
    const bySender = '宁波市气象台（CAP：qxj@nbqx.gov.cn）';
    expect(lastStep(await readHistory(t.deps.db, 'warning', first.id))).toMatchObject({
      action: 'supersede',
      from: 'released',
      to: 'superseded',
      name: bySender,
    });

    const unknownCancel = await push(capDoc({ id: 'QX-C9', msgType: 'Cancel', refs: 'qxj@nbqx.gov.cn,NOPE,2026-06-01T08:00:00+08:00', area }));
    expect(unknownCancel.statusCode).toBe(400);
    expect(unknownCancel.json().error.fields[0].field).toBe('alert.references');
    const c = await push(
      capDoc({ id: 'QX-C3', msgType: 'Cancel', refs: `${ref} qxj@nbqx.gov.cn,QX-U2,2026-06-01T09:00:00+08:00`, area, sent: '2026-06-01T11:00:00+08:00' }),
    );
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json().ended).toEqual([upd.id]);
    expect((await t.deps.db.selectFrom('warnings').select('status').where('id', '=', upd.id).executeTakeFirstOrThrow()).status).toBe('cancelled');
    expect(lastStep(await readHistory(t.deps.db, 'warning', upd.id))).toMatchObject({
      action: 'cap_cancel',
      from: 'released',
      to: 'cancelled',
      actor: null,
      name: bySender,
      note: '发送方发来解除消息 QX-C3',
      at: t.deps.clock.now().toISOString(),
    });
    expect((await auditRows(t.deps.db, { resource_id: upd.id })).map((a) => a.action)).toContain('warning.cap_cancel');
    const audits = await auditRows(t.deps.db, { action: 'warning.import' });
    expect(audits.map((a) => a.username)).toEqual(['cap:qxj@nbqx.gov.cn', 'cap:qxj@nbqx.gov.cn', 'cap:qxj@nbqx.gov.cn']);
  });

  it('publishes our released warnings as CAP 1.2 and Atom, without sign-in', async () => {
    const w = await releasedWarning();
    const res = await api(null, 'GET', `/api/public/warnings/${w.id}/cap.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/cap+xml');
    const cap = parseCap(res.body);
    expect(cap).toMatchObject({ identifier: w.identifier, msgType: 'Alert', status: 'Actual' });
    expect(cap.info?.severity).toBe('Severe');
    expect(cap.info?.areas[0].geocodes).toEqual([TOWN_A]);
    const feed = await api(null, 'GET', '/api/public/warnings.atom');
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain(`urn:oid:cap:${w.identifier}`);
    expect(feed.body).toContain(`/api/public/warnings/${w.id}/cap.xml`);
    const d = await api(townA, 'POST', '/api/warnings', draft());
    expect((await api(null, 'GET', `/api/public/warnings/${d.json().id}/cap.xml`)).statusCode).toBe(404); // drafts are not public
  });
});

describe('external feeds', () => {
  it('pulls a configured Atom feed of CAP documents on a schedule (durable job)', async () => {
    const area = `<area><areaDesc>高桥镇</areaDesc><geocode><valueName>GB/T 2260</valueName><value>${TOWN_B}</value></geocode></area>`;
    const server = http.createServer((req, res) => {
      if (req.url === '/feed') {
        res.writeHead(200, { 'content-type': 'application/atom+xml' });
        return res.end(
          `<feed xmlns="http://www.w3.org/2005/Atom"><title>宁波气象</title><entry><id>F-1</id><link href="/cap/F-1.xml" type="application/cap+xml"/></entry></feed>`,
        );
      }
      res.writeHead(200, { 'content-type': 'application/cap+xml' });
      res.end(capDoc({ id: 'FEED-1', area, severity: 'Moderate' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
      // The feed speaks for the city weather bureau (registered by the push test above, or here when run alone).
      const registered = (await api(admin, 'GET', '/api/warnings/senders')).json().find((x: { sender: string }) => x.sender === 'qxj@nbqx.gov.cn');
      const senderId: string =
        registered?.id ??
        (
          await api(admin, 'POST', '/api/warnings/senders', { name: '宁波市气象台', sender: 'qxj@nbqx.gov.cn', areaCodes: ['330203'], release: 'release' })
        ).json().id;
      expect((await api(admin, 'POST', '/api/warnings/feeds', { name: '宁波市气象台', url: 'ftp://x', senderId })).json().error.fields[0].field).toBe(
        'body.url',
      );
      const f = await api(admin, 'POST', '/api/warnings/feeds', { name: '宁波市气象台', url, pollMinutes: 10, senderId });
      expect(f.statusCode, f.body).toBe(201);
      await t.deps.jobs.runDue();
      const w = await t.deps.db.selectFrom('warnings').selectAll().where('identifier', '=', 'FEED-1').executeTakeFirstOrThrow();
      expect(w).toMatchObject({ source: 'external', level: 'yellow', status: 'released', sender_name: '宁波市气象台' });
      const feed = (await api(admin, 'GET', '/api/warnings/feeds')).json()[0];
      expect(feed).toMatchObject({ lastStatus: 'ok', importedCount: 1, senderName: '宁波市气象台' });
      const next = await t.deps.db
        .selectFrom('jobs')
        .select('run_at')
        .where('dedup_key', '=', `warnings:feed:${f.json().id}`)
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      expect(next.run_at.getTime() - t.clock.now().getTime()).toBe(10 * 60_000);
      t.clock.advanceMinutes(10);
      await t.deps.jobs.runDue(); // the same document again: a duplicate, not a second warning
      expect((await t.deps.db.selectFrom('warnings').select('id').where('identifier', '=', 'FEED-1').execute()).length).toBe(1);
      // A feed that speaks for no registered sender (created before senders existed) imports nothing.
      const orphan = uuidv7();
      await t.deps.db.insertInto('warning_feeds').values({ id: orphan, name: '旧订阅', url }).execute();
      await t.deps.db.transaction().execute((trx) => enqueueJob(trx, { kind: 'warnings.feed', runAt: t.clock.now(), payload: { feedId: orphan } }));
      await t.deps.jobs.runDue();
      const stale = await t.deps.db
        .selectFrom('warning_feeds')
        .select(['last_status', 'last_error', 'imported_count'])
        .where('id', '=', orphan)
        .executeTakeFirstOrThrow();
      expect(stale).toMatchObject({ last_status: 'error', imported_count: 0 });
      expect(stale.last_error).toContain('未绑定');
    } finally {
      server.close();
    }
  });
});

describe('responsible-person registry', () => {
  async function xlsx(rows: (string | number)[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('责任人');
    ws.addRow(['姓名', '角色', '所属区划代码', '单位/职务', '网格', '手机', '备用电话', '邮箱', '叫应渠道', '上级手机', '包保户数']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  }

  it('imports .xlsx all-or-nothing with row errors, links superiors by phone, audits', async () => {
    const bad = await api(townA, 'POST', '/api/warnings/persons/import', {
      contentBase64: await xlsx([
        ['钱水利', '水利工程巡查员', vA[1], '', '', '10001110001', '', '', '短信,语音电话', '', ''],
        ['', '网格员', vA[1], '', '', '10001110002', '', '', '', '', ''],
        ['孙某', '站长', TOWN_B, '', '', '123', '', '', '飞鸽', '', 'x'],
      ]),
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['rows.3.姓名', 'rows.4.角色', 'rows.4.所属区划代码', 'rows.4.手机', 'rows.4.叫应渠道', 'rows.4.包保户数']));
    expect(await t.deps.db.selectFrom('responsible_persons').select('id').where('name', '=', '钱水利').execute()).toEqual([]);

    const ok = await api(townA, 'POST', '/api/warnings/persons/import', {
      contentBase64: await xlsx([
        ['钱水利', '水利工程巡查员', vA[1], '', '', '10001110001', '', '', '短信,语音电话', '10001110003', ''],
        ['赵包保', '包保干部', vA[1], '', '第2网格', '10001110004', '', '', '', '10001110003', 8],
        ['冯主任', '防汛责任人', vA[1], '', '', '10001110003', '', '', '', '', ''],
      ]),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ created: 3, updated: 0 });
    const rows = await t.deps.db
      .selectFrom('responsible_persons')
      .select(['name', 'superior_id', 'households', 'channels'])
      .where('name', 'in', ['钱水利', '赵包保', '冯主任'])
      .execute();
    const chief = await t.deps.db.selectFrom('responsible_persons').select('id').where('name', '=', '冯主任').executeTakeFirstOrThrow();
    expect(rows.find((r) => r.name === '赵包保')).toMatchObject({ superior_id: chief.id, households: 8 });
    expect(rows.find((r) => r.name === '钱水利')?.channels).toEqual(['sms', 'voice']);
    const audit = await auditRows(t.deps.db, { action: 'warning.person.import' });
    expect(audit).toHaveLength(1);
    expect((await api(townA, 'POST', '/api/warnings/persons/import', { contentBase64: 'bm90IGEgemlw' })).json().error.fields[0].field).toBe(
      'body.contentBase64',
    );
  });

  it('creates and edits persons: bad input named, other towns refused, cycles refused', async () => {
    const bad = await api(townA, 'POST', '/api/warnings/persons', { name: '甲', role: 'chief', jurisdictionCode: vA[0] });
    expect(bad.json().error.fields[0].field).toBe('body.role');
    const other = await api(townA, 'POST', '/api/warnings/persons', { name: '甲', role: 'grid_worker', jurisdictionCode: vB[0] });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.fields[0].field).toBe('body.jurisdictionCode');
    const c = await api(townA, 'POST', '/api/warnings/persons', {
      name: '甲',
      role: 'grid_worker',
      jurisdictionCode: vA[0],
      phone: '10002220001',
      superiorId: person['东方主任'],
    });
    expect(c.statusCode, c.body).toBe(201);
    const cyc = await api(townA, 'PUT', `/api/warnings/persons/${person['东方主任']}`, {
      name: '东方主任',
      role: 'flood_chief',
      jurisdictionCode: vA[0],
      superiorId: c.json().id,
    });
    expect(cyc.statusCode).toBe(400);
    expect(cyc.json().error.fields[0].field).toBe('body.superiorId');
    const audit = await auditRows(t.deps.db, { resource_id: c.json().id });
    expect(audit.map((a) => a.action)).toEqual(['warning.person.create']);
  });
});

describe('policy', () => {
  it('is data: an administrator changes the deadlines; bad policy is named', async () => {
    const p = (await api(admin, 'GET', '/api/warnings/policy')).json();
    expect(p.levels.red.ackMinutes).toBe(5);
    expect(p.levels.blue.ackMinutes).toBe(60);
    const bad = await api(admin, 'PUT', '/api/warnings/policy', { ...p, linkTtlHours: 0 });
    expect(bad.json().error.fields[0].field).toBe('body.linkTtlHours');
    expect((await api(townA, 'PUT', '/api/warnings/policy', p)).statusCode).toBe(403);
    const put = await api(admin, 'PUT', '/api/warnings/policy', { ...p, levels: { ...p.levels, red: { ...p.levels.red, ackMinutes: 3 } } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().levels.red.ackMinutes).toBe(3);
    await api(admin, 'PUT', '/api/warnings/policy', p);
  });

  it('channel settings: live gateways configured by an approver, credentials never shown or audited', async () => {
    const bad = await api(admin, 'PUT', '/api/warnings/channels', { channels: { sms: { mode: 'loud' } } });
    expect(bad.json().error.fields[0].field).toBe('body.channels.sms.mode');
    expect((await api(townA, 'PUT', '/api/warnings/channels', { channels: {} })).statusCode).toBe(403);
    const live = { dingtalk: { mode: 'live', url: 'https://oapi.dingtalk.com/robot/send?access_token=x', secret: 'SECabc' } };
    // Live sending needs an absolute public address for the links (a relative /ack/… does not open on a phone).
    const noUrl = await api(admin, 'PUT', '/api/warnings/channels', { publicBaseUrl: '', channels: live });
    expect(noUrl.statusCode).toBe(400);
    expect(noUrl.json().error.fields[0].field).toBe('body.channels.dingtalk.mode');
    const put = await api(admin, 'PUT', '/api/warnings/channels', { publicBaseUrl: 'https://anlan.example.gov.cn', channels: live });
    expect(put.statusCode, put.body).toBe(200);
    const got = (await api(townA, 'GET', '/api/warnings/channels')).json();
    expect(got.channels.dingtalk).toEqual({ mode: 'live', configured: true });
    expect(JSON.stringify(got)).not.toContain('SECabc');
    const [audit] = await auditRows(t.deps.db, { action: 'warning.channels.update' });
    expect(JSON.stringify(audit)).not.toContain('SECabc');
    expect(JSON.stringify(audit)).not.toContain('access_token');
    await api(admin, 'PUT', '/api/warnings/channels', { publicBaseUrl: '', channels: { dingtalk: { mode: 'outbox' } } });
  });
});

describe('honest delivery (issue 12)', () => {
  const link = async (warningId: string, name: string) => {
    const l = (await outboxLinks(warningId)).find((x) => x.name === name);
    expect(l?.token, `outbox link of ${name}`).toBeTruthy();
    return l?.token as string;
  };

  it('the outbox lists what would have been sent per recipient and channel, with the link, the level said once, filterable, in scope', async () => {
    const w = await releasedWarning();
    await dispatchPending(t.deps);
    const all = await api(townA, 'GET', `/api/warnings/outbox?warningId=${w.id}`);
    expect(all.statusCode, all.body).toBe(200);
    const body = all.json() as { total: number; items: Record<string, unknown>[] };
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.length).toBe(body.total);
    const sms = body.items.find((o) => o.name === '第二村主任' && o.channel === 'sms') as Record<string, string | boolean>;
    expect(sms).toMatchObject({ warningId: w.id, recipientState: 'pending', townCode: TOWN_A, linkRelative: true, headline: '暴雨橙色预警' });
    expect(sms.link).toMatch(/\/ack\/[\w-]+\.[\w-]+$/);
    expect(sms.text).toContain(sms.link);
    // "【…】暴雨橙色预警（…）", not "橙色暴雨预警：暴雨橙色预警".
    expect((sms.text as string).match(/橙色/g)).toHaveLength(1);
    const onlyVoice = (await api(townA, 'GET', `/api/warnings/outbox?warningId=${w.id}&channel=voice`)).json();
    expect(onlyVoice.items.every((o: { channel: string }) => o.channel === 'voice')).toBe(true);
    const byName = (await api(townA, 'GET', `/api/warnings/outbox?warningId=${w.id}&q=${encodeURIComponent('第二村')}`)).json();
    expect(byName.items.map((o: { name: string }) => o.name)).toEqual(['第二村主任']);
    expect((await api(townB, 'GET', `/api/warnings/outbox?warningId=${w.id}`)).json()).toMatchObject({ total: 0, items: [] });
    expect((await api(townA, 'GET', '/api/warnings/outbox?channel=fax')).json().error.fields[0].field).toBe('querystring.channel');
    // Acknowledged: the outbox row says so.
    await api(null, 'POST', `/api/public/ack/${await link(w.id, '第二村主任')}`);
    const after = (await api(townA, 'GET', `/api/warnings/outbox?warningId=${w.id}&q=${encodeURIComponent('第二村')}`)).json();
    expect(after.items[0]).toMatchObject({ recipientState: 'acknowledged', ackedAt: expect.any(String) });
  });

  it('after 确认收到 the reopened link still takes measures and photos until the warning ends, then shows the record read-only', async () => {
    const w = await releasedWarning();
    await dispatchPending(t.deps);
    const token = await link(w.id, '第二村主任');
    const before = (await api(null, 'GET', `/api/public/ack/${token}`)).json();
    expect(before).toMatchObject({ open: true, ackedAt: null, measuresToken: null });
    expect((await api(null, 'POST', `/api/public/ack/${token}`)).statusCode).toBe(200);
    // The page is closed and the link opened again: the measures form is still there.
    const reopened = await api(null, 'GET', `/api/public/ack/${token}`);
    expect(reopened.statusCode, reopened.body).toBe(200);
    const v = reopened.json();
    expect(v).toMatchObject({ open: true, ackedAt: expect.any(String), measures: null, measuresToken: expect.any(String) });
    const m = await api(null, 'POST', `/api/public/ack-measures/${v.measuresToken}`, { measures: '已转移低洼地段8户', peopleMoved: 8 });
    expect(m.statusCode, m.body).toBe(200);
    const again = (await api(null, 'GET', `/api/public/ack/${token}`)).json();
    expect(again).toMatchObject({ measures: '已转移低洼地段8户', peopleMoved: 8, measuresAt: expect.any(String), measuresToken: expect.any(String) });
    // Cancelled (解除): the record is shown, nothing more is taken.
    expect((await api(townA, 'POST', `/api/warnings/${w.id}/cancel`, { reason: '降雨减弱' })).statusCode).toBe(200);
    const ended = (await api(null, 'GET', `/api/public/ack/${token}`)).json();
    expect(ended).toMatchObject({ open: false, measuresToken: null, measures: '已转移低洼地段8户', warning: { status: 'cancelled' } });
    const late = await api(null, 'POST', `/api/public/ack-measures/${again.measuresToken}`, { measures: '补充' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('WARNING_ENDED');
    const r = await t.deps.db
      .selectFrom('warning_recipients')
      .select('measures')
      .where('warning_id', '=', w.id)
      .where('name', '=', '第二村主任')
      .executeTakeFirstOrThrow();
    expect(r.measures).toBe('已转移低洼地段8户');
  });

  it('a live channel refuses relative links (no ANLAN_PUBLIC_URL), outbox still records them marked so; gateway and receipt states are named', async () => {
    const posts: { url: string; body: Record<string, string> }[] = [];
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => {
        data += c;
      });
      req.on('end', () => {
        const body = JSON.parse(data || '{}');
        posts.push({ url: req.url ?? '', body });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ messageId: `gw-${body.clientMsgId}`, status: 'accepted' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const gw = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
    /** A warning's SMS attempts, each with its recipient (`a`, `r`). */
    const smsAttempts = (warningId: string) =>
      t.deps.db
        .selectFrom('delivery_attempts as a')
        .innerJoin('warning_recipients as r', 'r.id', 'a.recipient_id')
        .where('a.warning_id', '=', warningId)
        .where('a.channel', '=', 'sms');
    try {
      // As ANLAN_WARNING_CHANNELS would: SMS live, no public address.
      const s = await getSettings(t.deps.db);
      await putSetting(t.deps.db, 'settings', { ...s, publicBaseUrl: '', channels: { ...s.channels, sms: { mode: 'live', url: gw } } }, null, t.clock.now());
      const w = await releasedWarning();
      await dispatchPending(t.deps);
      expect(posts).toEqual([]); // nothing went to the gateway
      const refused = await smsAttempts(w.id).select(['a.state', 'a.result', 'a.error', 'r.delivery', 'r.next_action_at']).execute();
      expect(refused.length).toBeGreaterThan(0);
      for (const a of refused) {
        expect(a).toMatchObject({ state: 'failed', result: '短信未发送：未配置公网地址', delivery: null });
        expect(a.error).toContain('ANLAN_PUBLIC_URL');
      }
      const board = (await api(townA, 'GET', `/api/warnings/${w.id}/board`)).json();
      expect(board.delivery).toMatchObject({ liveChannels: ['sms'], publicUrl: false });

      // With the public address: handed to the gateway (已提交网关), then its receipt (网关回执已送达).
      await putSetting(
        t.deps.db,
        'settings',
        { ...s, publicBaseUrl: 'https://anlan.example.gov.cn', channels: { ...s.channels, sms: { mode: 'live', url: gw } } },
        null,
        t.clock.now(),
      );
      const w2 = await releasedWarning();
      await dispatchPending(t.deps);
      expect(posts.length).toBeGreaterThan(0);
      expect(posts[0].body.content).toContain('https://anlan.example.gov.cn/ack/');
      const one = await smsAttempts(w2.id)
        .select(['a.id', 'a.mode', 'a.provider_id', 'r.id as recipient_id', 'r.delivery'])
        .where('r.name', '=', '第二村主任')
        .executeTakeFirstOrThrow();
      expect(one).toMatchObject({ mode: 'live', delivery: 'gateway', provider_id: `gw-${one.id}` });
      const townRow = () =>
        api(townA, 'GET', `/api/warnings/${w2.id}/board`).then((r) => r.json().towns.find((x: { townCode: string }) => x.townCode === TOWN_A));
      expect(await townRow()).toMatchObject({ delivered: 0 });
      const gatewayCount = (await townRow()).gateway;
      expect(gatewayCount).toBeGreaterThan(0);

      const bad = await api(admin, 'POST', '/api/warnings/delivery-receipts', { id: one.id, status: 'read' });
      expect(bad.json().error.fields[0].field).toBe('body.status');
      const person = await userSession(t, { roles: ['responsible_person'], unit: TOWN_A });
      expect((await api(person, 'POST', '/api/warnings/delivery-receipts', { id: one.id, status: 'delivered' })).statusCode).toBe(403);
      expect((await api(admin, 'POST', '/api/warnings/delivery-receipts', { id: 'nope', status: 'delivered' })).json()).toEqual({ matched: false });
      const rc = await api(admin, 'POST', '/api/warnings/delivery-receipts', { id: `gw-${one.id}`, status: 'delivered' });
      expect(rc.statusCode, rc.body).toBe(200);
      expect(rc.json()).toEqual({ matched: true, attemptId: one.id });
      expect(await townRow()).toMatchObject({ delivered: 1, gateway: gatewayCount - 1 });
      const attempts = (await api(townA, 'GET', `/api/warnings/${w2.id}/recipients/${one.recipient_id}/attempts`)).json();
      expect(attempts.find((a: { id: string }) => a.id === one.id)).toMatchObject({ mode: 'live', deliveredAt: expect.any(String), receipt: 'delivered' });
      const audit = await auditRows(t.deps.db, { resource_id: one.id });
      expect(audit.map((a) => a.action)).toEqual(['warning.receipt']);
      // Outbox mode still records, and says when its links were relative.
      await putSetting(t.deps.db, 'settings', { ...s, publicBaseUrl: '' }, null, t.clock.now());
      const w3 = await releasedWarning();
      await dispatchPending(t.deps);
      const rows = (await api(townA, 'GET', `/api/warnings/outbox?warningId=${w3.id}`)).json().items;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((o: { linkRelative: boolean; link: string }) => o.linkRelative && o.link.startsWith('/ack/'))).toBe(true);
    } finally {
      server.close();
      const s = await getSettings(t.deps.db);
      await putSetting(t.deps.db, 'settings', { ...s, publicBaseUrl: '', channels: { ...s.channels, sms: { mode: 'outbox' } } }, null, t.clock.now());
    }
  });
});

describe('scope property (random org subsets, users, grants)', () => {
  // A warning is visible inside its issuer's jurisdiction and to everyone whose town its area touches.
  const warningVisible = (scope: string[], code: string) => inScope(scope, code) || scope.some((p) => p.length >= 9 && p.slice(0, 9) === code.slice(0, 9));

  it('warnings: everyone sees the warnings of their jurisdiction and towns, and none outside (list and detail)', async () => {
    await checkScopeProperty(t, {
      name: 'warnings',
      permission: 'warning:read',
      create: (tt, code) => make.warning(tt.deps, code),
      list: '/api/warnings?pageSize=200',
      read: '/api/warnings/:id',
      visible: warningVisible,
    });
  }, 120_000);

  it('responsible persons: visible inside their jurisdiction and nowhere else (list and detail)', async () => {
    await checkScopeProperty(t, {
      name: 'responsible persons',
      permission: 'warning:read',
      create: (tt, code) => make.person(tt.deps.db, code),
      list: '/api/warnings/persons?pageSize=200',
      read: '/api/warnings/persons/:id',
    });
  }, 120_000);
});

describe('API shape', () => {
  /** Every key of a JSON value, however deep (record keys such as town codes or channel names included). */
  const keysOf = (v: unknown): string[] =>
    Array.isArray(v) ? v.flatMap(keysOf) : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...keysOf(x)]) : [];
  const snake = (v: unknown) => keysOf(v).filter((k) => /^[a-z]+(_[a-z]+)+$/.test(k));

  it('every warnings route declares its success response in OpenAPI', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
    const ops = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/warnings') || p.startsWith('/api/public/ack') || p.startsWith('/api/public/warnings'))
      .flatMap(([p, methods]) =>
        Object.entries(methods).map(([m, op]) => ({ route: `${m.toUpperCase()} ${p}`, ok: Object.keys(op.responses ?? {}).some((s) => /^2/.test(s)) })),
      );
    expect(ops.length).toBeGreaterThan(40);
    expect(ops.filter((o) => !o.ok).map((o) => o.route)).toEqual([]);
  });

  it('answers camelCase DTOs on the web’s reads, with no reply code or credential', async () => {
    const w = await releasedWarning();
    await dispatchPending(t.deps);
    const reads = [
      '/api/warnings',
      `/api/warnings/${w.id}`,
      `/api/warnings/${w.id}/board`,
      `/api/warnings/${w.id}/recipients`,
      `/api/warnings/${w.id}/preview`,
      `/api/warnings/outbox?warningId=${w.id}`,
      '/api/warnings/persons',
      '/api/warnings/feeds',
      '/api/warnings/senders',
      '/api/warnings/channels',
      '/api/warnings/stats',
    ];
    for (const url of reads) {
      const res = await api(admin, 'GET', url);
      expect(res.statusCode, `${url} ${res.body}`).toBe(200);
      // Record keys (towns, roles, channels) and the outbox payload are data, not field names.
      const body = url.includes('outbox') ? res.json().items.map((o: Record<string, unknown>) => ({ ...o, payload: null })) : res.json();
      expect(
        snake(body).filter((k) => !(PERSON_ROLES as readonly string[]).includes(k) && k !== 'enterprise_safety_manager'),
        url,
      ).toEqual([]);
    }
    const detail = (await api(townA, 'GET', `/api/warnings/${w.id}`)).json();
    expect(detail).toMatchObject({ id: w.id, msgType: 'Alert', status: 'released', areaDesc: expect.any(String), townCodes: [TOWN_A] });
    expect(detail).not.toHaveProperty('cap_xml');
    const r = (await api(townA, 'GET', `/api/warnings/${w.id}/recipients`)).json().items[0];
    expect(r).toMatchObject({ warningId: w.id, townCode: expect.any(String), deadlineAt: expect.any(String) });
    expect(r).not.toHaveProperty('replyCode');
    expect(r).not.toHaveProperty('reply_code');
    expect((await api(townA, 'GET', '/api/warnings/mine')).statusCode).toBe(200);
  });
});

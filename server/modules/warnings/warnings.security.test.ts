// The warnings module as an attacker or a careless user would try it (issue 10, "Warnings"): only
// registered CAP senders push, within their area and policy; Update/Cancel only for a sender's own alerts
// by the exact reference; expired alerts reach nobody and future ones start at onset; every action on a
// warning goes through one ownership check; towns are resolved by territory, geocodes first; the public
// feed shows a cancelled warning as its Cancel message.
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, type TestApp, testApp, userSession } from '../../test/helpers.ts';
import { capReference, capTime } from './cap.ts';
import * as make from '../../test/factories.ts';
import { TOWN_A, TOWN_B } from '../../test/factories.ts';
import { actorCtx, capDoc, inHours } from './warnings.fixtures.ts';
import { resolveTowns, townsOfArea } from './targeting.ts';
import { endWarning, expireWarning } from './warnings.service.ts';

let t: TestApp;
type S = Awaited<ReturnType<typeof userSession>>;
let townA: S;
let townB: S;
let leader: S;
let officer: S;
let admin: S;
const ZHANGSHUI = '330203106'; // 章水镇, the large western town

beforeAll(async () => {
  t = await testApp();
  townA = await userSession(t, { roles: ['town_staff'], unit: TOWN_A });
  townB = await userSession(t, { roles: ['town_staff'], unit: TOWN_B });
  leader = await userSession(t, { roles: ['duty_leader'], unit: '330203D01' });
  officer = await userSession(t, { roles: ['duty_officer'], unit: '330203D01' });
  admin = await userSession(t, { roles: ['district_admin'] });
  await make.persons(t.deps.db, [
    { name: '石碶指挥', role: 'flood_chief', code: TOWN_A },
    { name: '高桥指挥', role: 'flood_chief', code: TOWN_B },
    { name: '章水指挥', role: 'flood_chief', code: ZHANGSHUI },
  ]);
});
afterAll(() => t?.dispose());

const api = (s: S | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { ...(s?.headers ?? {}), ...headers }, payload: payload as never });
const push = (xml: string, token?: string, extra: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/warnings/cap',
    headers: { 'content-type': 'application/cap+xml', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
    payload: xml,
  });
const geocodeArea = (...codes: string[]) =>
  `<area><areaDesc>辖区</areaDesc>${codes.map((c) => `<geocode><valueName>GB/T 2260</valueName><value>${c}</value></geocode>`).join('')}</area>`;
/** A CAP document with its own sender, times and area. */
const doc = (o: {
  id: string;
  sender?: string;
  area: string;
  onset?: Date;
  expires?: Date;
  sent?: Date;
  msgType?: string;
  refs?: string;
  extraInfo?: string;
}) => {
  let xml = capDoc({ id: o.id, area: o.area, msgType: o.msgType, refs: o.refs, sent: capTime(o.sent ?? t.clock.now()) });
  xml = xml
    .replace('<sender>qxj@nbqx.gov.cn</sender>', `<sender>${o.sender ?? 'qxj@nbqx.gov.cn'}</sender>`)
    .replace('<onset>2026-06-01T08:00:00+08:00</onset>', `<onset>${capTime(o.onset ?? t.clock.now())}</onset>`)
    .replace('<expires>2026-06-01T20:00:00+08:00</expires>', `<expires>${capTime(o.expires ?? new Date(t.clock.now().getTime() + 12 * 3_600_000))}</expires>`);
  return o.extraInfo ? xml.replace('</alert>', `${o.extraInfo}</alert>`) : xml;
};
async function register(body: Record<string, unknown>) {
  const r = await api(admin, 'POST', '/api/warnings/senders', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; token: string; sender: string };
}
async function userToken(s: S, scopes: string[]) {
  const token = `user-token-${uuidv7()}`;
  await t.deps.db
    .insertInto('api_tokens')
    .values({ id: uuidv7(), user_id: s.id, name: '推送', token_hash: createHash('sha256').update(token).digest('hex'), scopes })
    .execute();
  return token;
}
const row = (identifier: string) => t.deps.db.selectFrom('warnings').selectAll().where('identifier', '=', identifier).executeTakeFirstOrThrow();
const recipientCount = async (warningId: string) =>
  (await t.deps.db.selectFrom('warning_recipients').select('id').where('warning_id', '=', warningId).execute()).length;

/** A rainstorm warning's body: its level, text and area, expiring in `hours`. */
const rainstorm = (level: string, description: string, area: Record<string, unknown>, hours = 6) => ({
  eventType: 'rainstorm',
  level,
  description,
  expires: inHours(t.deps, hours),
  area,
});

async function released(s: S, over: Record<string, unknown> = {}) {
  const c = await api(s, 'POST', '/api/warnings', {
    ...rainstorm('orange', '预计未来3小时累计雨量将达60毫米以上。', { geocodes: [s === townB ? TOWN_B : TOWN_A] }, 12),
    ...over,
  });
  expect(c.statusCode, c.body).toBe(201);
  const id = c.json().id as string;
  expect((await api(s, 'POST', `/api/warnings/${id}/submit`)).statusCode).toBe(200);
  expect((await api(leader, 'POST', `/api/warnings/${id}/approve`)).statusCode).toBe(200);
  const rel = await api(s, 'POST', `/api/warnings/${id}/release`);
  expect(rel.statusCode, rel.body).toBe(200);
  return rel.json() as { id: string; identifier: string; sender: string; sentAt: string };
}

describe('CAP push is for registered senders only', () => {
  it('refuses a user holding warning:write (narrow token or session) with an audited 403, and no credential with 401', async () => {
    const token = await userToken(townA, ['warning:write']);
    const xml = doc({ id: 'PLAIN-1', area: geocodeArea(TOWN_B) });
    const r = await push(xml, token);
    expect(r.statusCode, r.body).toBe(403);
    expect(r.json().error.code).toBe('NOT_A_CAP_SENDER');
    const bySession = await push(xml, undefined, admin.headers);
    expect(bySession.statusCode).toBe(403);
    expect((await push(xml)).statusCode).toBe(401);
    expect(await t.deps.db.selectFrom('warnings').select('id').where('identifier', '=', 'PLAIN-1').execute()).toEqual([]);
    const denied = await auditRows(t.deps.db, { action: 'access.denied', resource_type: 'warning_cap_sender' });
    expect(denied).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user_id: townA.id, outcome: 'denied' }),
        expect.objectContaining({ user_id: admin.id, outcome: 'denied' }),
      ]),
    );
  });

  it('registration is an approver action with checked codes; the token is shown once and can be rotated', async () => {
    expect((await api(townA, 'POST', '/api/warnings/senders', { name: 'x', sender: 'x@y', areaCodes: [TOWN_A] })).statusCode).toBe(403);
    const bad = await api(admin, 'POST', '/api/warnings/senders', { name: 'x', sender: 'x@y', areaCodes: ['330203999'] });
    expect(bad.json().error.fields[0].field).toBe('body.areaCodes.0');
    const s = await register({ name: '高桥镇水利站', sender: 'slz@gaoqiao', areaCodes: [TOWN_B] });
    expect(s.token).toMatch(/^cap_/);
    const list = (await api(admin, 'GET', '/api/warnings/senders')).json() as Record<string, unknown>[];
    const listed = list.find((x) => x.id === s.id);
    expect(listed).toMatchObject({ sender: 'slz@gaoqiao', areaCodes: [TOWN_B], release: 'draft', enabled: true });
    expect(listed).not.toHaveProperty('token_hash');
    const rotated = await api(admin, 'POST', `/api/warnings/senders/${s.id}/token`);
    expect(rotated.statusCode).toBe(200);
    expect((await push(doc({ id: 'ROT-1', sender: 'slz@gaoqiao', area: geocodeArea(TOWN_B) }), s.token)).statusCode).toBe(401);
    expect((await push(doc({ id: 'ROT-1', sender: 'slz@gaoqiao', area: geocodeArea(TOWN_B) }), rotated.json().token)).statusCode).toBe(201);
  });

  it("checks the document's sender, clips the area to the sender's codes and lands as a draft by default", async () => {
    const s = await register({ name: '高桥气象站', sender: 'qx@gaoqiao', areaCodes: [TOWN_B] });
    const wrong = await push(doc({ id: 'GQ-0', sender: 'someone@else', area: geocodeArea(TOWN_B) }), s.token);
    expect(wrong.statusCode).toBe(403);
    const [refusal] = await auditRows(t.deps.db, { action: 'warning.import', outcome: 'denied' });
    expect(refusal).toMatchObject({ username: 'cap:qx@gaoqiao', outcome: 'denied' });
    const outside = await push(doc({ id: 'GQ-1', sender: 'qx@gaoqiao', area: geocodeArea(TOWN_A) }), s.token);
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields[0].field).toBe('alert.info.area');

    // The whole district is asked for; only 高桥镇 is within this sender's reach. Default policy: approval first.
    const r = await push(doc({ id: 'GQ-2', sender: 'qx@gaoqiao', area: geocodeArea('330203') }), s.token);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ status: 'pending_approval', recipients: 0 });
    const w = await row('GQ-2');
    expect(w).toMatchObject({ status: 'pending_approval', town_codes: [TOWN_B], jurisdiction_code: TOWN_B });
    expect(w.area.geocodes).toEqual([TOWN_B]);
    expect(await recipientCount(w.id)).toBe(0);
    expect((await api(leader, 'POST', `/api/warnings/${w.id}/approve`)).statusCode).toBe(200);
    const rel = await api(townB, 'POST', `/api/warnings/${w.id}/release`);
    expect(rel.statusCode, rel.body).toBe(200);
    expect(rel.json()).toMatchObject({ identifier: 'GQ-2', status: 'released' }); // keeps the sender's CAP identity
    const reached = await t.deps.db.selectFrom('warning_recipients').select('town_code').where('warning_id', '=', w.id).execute();
    expect(reached.length).toBeGreaterThan(0);
    expect(new Set(reached.map((x) => x.town_code))).toEqual(new Set([TOWN_B]));
  });
});

describe('Update and Cancel only for the same sender, by the exact reference', () => {
  it("a town user cannot cancel another town's released warning by its public identifier", async () => {
    const w = await released(townB);
    const token = await userToken(townA, ['warning:write']);
    const ref = capReference({ sender: w.sender, identifier: w.identifier, sent: new Date(w.sentAt) });
    const r = await push(doc({ id: 'EVIL-C1', sender: w.sender, msgType: 'Cancel', refs: ref, area: geocodeArea(TOWN_B) }), token);
    expect(r.statusCode).toBe(403);
    expect((await row(w.identifier)).status).toBe('released');
  });

  it("a registered sender cannot update or cancel someone else's warning", async () => {
    const w = await released(townB);
    const s = await register({ name: '区气象台', sender: 'qx@haishu', areaCodes: ['330203'], release: 'release' });
    const ref = capReference({ sender: w.sender, identifier: w.identifier, sent: new Date(w.sentAt) });
    const r = await push(doc({ id: 'QXH-C1', sender: 'qx@haishu', msgType: 'Cancel', refs: ref, area: geocodeArea(TOWN_B) }), s.token);
    expect(r.statusCode, r.body).toBe(403);
    expect((await row(w.identifier)).status).toBe('released');
  });

  it('the same sender must match sender, identifier and sent time; then the Cancel ends it', async () => {
    const s = await register({ name: '区水文站', sender: 'sw@haishu', areaCodes: ['330203'], release: 'release' });
    const sent = t.clock.now();
    expect((await push(doc({ id: 'SW-A1', sender: 'sw@haishu', area: geocodeArea(TOWN_A), sent }), s.token)).statusCode).toBe(201);
    const a = await row('SW-A1');
    expect(a.status).toBe('released');
    const wrongTime = `sw@haishu,SW-A1,${capTime(new Date(sent.getTime() - 3_600_000))}`;
    const bad = await push(doc({ id: 'SW-C1', sender: 'sw@haishu', msgType: 'Cancel', refs: wrongTime, area: geocodeArea(TOWN_A) }), s.token);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('alert.references[0]');
    const ok = await push(
      doc({
        id: 'SW-C2',
        sender: 'sw@haishu',
        msgType: 'Cancel',
        refs: capReference({ sender: 'sw@haishu', identifier: 'SW-A1', sent }),
        area: geocodeArea(TOWN_A),
      }),
      s.token,
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().ended).toEqual([a.id]);
  });

  it('with the draft policy an Update ends the original only when released; a Cancel withdraws one still awaiting approval', async () => {
    const s = await register({ name: '区林业站', sender: 'ly@haishu', areaCodes: ['330203'] });
    const sent = t.clock.now();
    const ref = (identifier: string) => capReference({ sender: 'ly@haishu', identifier, sent });
    expect((await push(doc({ id: 'LY-A1', sender: 'ly@haishu', area: geocodeArea(TOWN_A), sent }), s.token)).statusCode).toBe(201);
    const a1 = await row('LY-A1');
    expect((await api(leader, 'POST', `/api/warnings/${a1.id}/approve`)).statusCode).toBe(200);
    expect((await api(officer, 'POST', `/api/warnings/${a1.id}/release`)).statusCode).toBe(200);
    const u = await push(doc({ id: 'LY-U1', sender: 'ly@haishu', msgType: 'Update', refs: ref('LY-A1'), area: geocodeArea(TOWN_A), sent }), s.token);
    expect(u.json()).toMatchObject({ status: 'pending_approval', ended: [] });
    expect((await row('LY-A1')).status).toBe('released');
    const u1 = await row('LY-U1');
    expect((await api(leader, 'POST', `/api/warnings/${u1.id}/approve`)).statusCode).toBe(200);
    expect((await api(officer, 'POST', `/api/warnings/${u1.id}/release`)).statusCode).toBe(200);
    expect((await row('LY-A1')).status).toBe('superseded');

    expect((await push(doc({ id: 'LY-A2', sender: 'ly@haishu', area: geocodeArea(TOWN_A), sent }), s.token)).statusCode).toBe(201);
    const c = await push(doc({ id: 'LY-C2', sender: 'ly@haishu', msgType: 'Cancel', refs: ref('LY-A2'), area: geocodeArea(TOWN_A), sent }), s.token);
    expect(c.statusCode, c.body).toBe(201);
    expect((await row('LY-A2')).status).toBe('cancelled');
  });

  it('in the app, an external warning is cancelled only by a district approver', async () => {
    const s = await register({ name: '区地质站', sender: 'dz@haishu', areaCodes: ['330203'], release: 'release' });
    expect((await push(doc({ id: 'DZ-A1', sender: 'dz@haishu', area: geocodeArea(TOWN_A) }), s.token)).statusCode).toBe(201);
    const w = await row('DZ-A1');
    expect((await api(officer, 'POST', `/api/warnings/${w.id}/cancel`, { reason: '误报' })).statusCode).toBe(403);
    expect((await api(townA, 'POST', `/api/warnings/${w.id}/cancel`, { reason: '误报' })).statusCode).toBe(404);
    const ok = await api(leader, 'POST', `/api/warnings/${w.id}/cancel`, { reason: '误报' });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('one ownership check for every action on a warning', () => {
  it('a town user cannot edit or submit a district draft whose area touches their town (404, audited)', async () => {
    const d = await api(leader, 'POST', '/api/warnings', rainstorm('yellow', '区级预警草稿', { geocodes: [TOWN_A] }));
    expect(d.statusCode, d.body).toBe(201);
    const id = d.json().id as string;
    expect((await api(townA, 'GET', `/api/warnings/${id}`)).statusCode).toBe(200); // it is addressed to them
    const edit = await api(townA, 'PUT', `/api/warnings/${id}`, rainstorm('red', '改了', { geocodes: [TOWN_A] }));
    expect(edit.statusCode).toBe(404);
    expect((await api(townA, 'POST', `/api/warnings/${id}/submit`)).statusCode).toBe(404);
    expect(await t.deps.db.selectFrom('warnings').select(['level', 'status']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
      level: 'yellow',
      status: 'draft',
    });
    const denials = await auditRows(t.deps.db, { action: 'access.denied', user_id: townA.id, resource_id: id });
    expect(denials.length).toBe(2);
  });
});

describe('one ownership check: updates', () => {
  it('a town user cannot issue an Update superseding a district warning that touches their town', async () => {
    const w = await released(officer);
    const u = await api(townA, 'POST', '/api/warnings', { ...rainstorm('blue', '降级', { geocodes: [TOWN_A] }), supersedes: w.id });
    expect(u.statusCode, u.body).toBe(400);
    expect(u.json().error.fields[0].field).toBe('body.supersedes');
  });
});

describe('area resolution', () => {
  const square = (lon: number, lat: number, d: number): [number, number][] => [
    [lon, lat],
    [lon + d, lat],
    [lon + d, lat + d],
    [lon, lat + d],
    [lon, lat],
  ];

  it("targets a town whose territory the area covers, even far from the town's centroid", async () => {
    // The western edge of 章水镇, ~6 km from its centroid.
    const area = { polygons: [square(121.2, 29.78, 0.02)], circles: [], geocodes: [] };
    expect(await townsOfArea(t.deps.db, area, '330203')).toEqual([ZHANGSHUI]);
    expect(await resolveTowns(t.deps.db, area, '330203')).toEqual([{ code: ZHANGSHUI, name: '章水镇', reason: 'geometry', geocode: undefined }]);
  });

  it('listed geocodes are authoritative; the polygon only narrows within them', async () => {
    // Geocodes name 石碶 and 高桥; the polygon lies around 高桥's centroid only.
    const d = await api(
      leader,
      'POST',
      '/api/warnings',
      rainstorm('blue', '两镇街，区域划在高桥', { geocodes: [TOWN_A, TOWN_B], polygons: [square(121.45, 29.88, 0.02)] }),
    );
    expect(d.statusCode, d.body).toBe(201);
    expect(d.json().townCodes).toEqual([TOWN_B]);
    const preview = await api(leader, 'GET', `/api/warnings/${d.json().id}/preview`);
    expect(preview.json().recipients.map((r: { name: string }) => r.name)).toEqual(['高桥指挥']);
    const detail = (await api(leader, 'GET', `/api/warnings/${d.json().id}`)).json();
    expect(detail.resolvedTowns).toEqual([{ code: TOWN_B, name: '高桥镇', reason: 'geocode+geometry', geocode: TOWN_B }]);
  });
});

describe('public Atom feed', () => {
  it('publishes a cancelled warning as its Cancel message, and no title starts with an empty level', async () => {
    const w = await released(townA);
    const c = await api(townA, 'POST', `/api/warnings/${w.id}/cancel`, { reason: '降雨已减弱' });
    expect(c.statusCode, c.body).toBe(200);
    const feed = (await api(null, 'GET', '/api/public/warnings.atom')).body;
    const titles = [...feed.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]).slice(1);
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(title).not.toMatch(/^[：:]/);
    expect(feed).toContain(`/api/public/warnings/${c.json().cancelId}/cap.xml`);
    expect(feed).not.toContain(`/api/public/warnings/${w.id}/cap.xml`);
    expect(titles).toContain(`解除${(await row(w.identifier)).headline}`);
  });
});

// Last: it moves the clock on by two hours (the sessions above would expire).
describe('expires and onset', () => {
  it('an alert whose every info has expired is stored as expired and reaches nobody', async () => {
    const s = await register({ name: '市气象台', sender: 'qx@ningbo', areaCodes: ['330203'], release: 'release' });
    const july = new Date(t.clock.now().getTime() - 40 * 24 * 3_600_000);
    const over = new Date(july.getTime() + 12 * 3_600_000);
    const r = await push(doc({ id: 'OLD-1', sender: 'qx@ningbo', area: geocodeArea(TOWN_A), sent: july, onset: july, expires: over }), s.token);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ status: 'expired', recipients: 0 });
    const w = await row('OLD-1');
    expect(w.status).toBe('expired');
    expect(await recipientCount(w.id)).toBe(0);
    // One info still in force (a second language block with a later expiry): not expired.
    const later = `<info><language>en-US</language><category>Met</category><event>Rainstorm</event><urgency>Immediate</urgency><severity>Severe</severity><certainty>Likely</certainty><expires>${capTime(new Date(t.clock.now().getTime() + 3_600_000))}</expires><headline>x</headline><area><areaDesc>x</areaDesc></area></info>`;
    const mixed = await push(
      doc({ id: 'OLD-2', sender: 'qx@ningbo', area: geocodeArea(TOWN_A), sent: july, onset: july, expires: over }).replace('</info>', `</info>${later}`),
      s.token,
    );
    expect(mixed.statusCode, mixed.body).toBe(201);
    expect(mixed.json().status).toBe('released');
  });

  it('a released alert whose onset is ahead starts call-response at onset (durable job)', async () => {
    const s = await register({ name: '市水文站', sender: 'sw@ningbo', areaCodes: ['330203'], release: 'release' });
    const onset = new Date(t.clock.now().getTime() + 2 * 3_600_000);
    const r = await push(
      doc({ id: 'SOON-1', sender: 'sw@ningbo', area: geocodeArea(TOWN_A), onset, expires: new Date(onset.getTime() + 6 * 3_600_000) }),
      s.token,
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ status: 'released', recipients: 0 });
    const w = await row('SOON-1');
    expect(await recipientCount(w.id)).toBe(0);
    const job = await t.deps.db.selectFrom('jobs').select(['run_at', 'status']).where('dedup_key', '=', `warnings:onset:${w.id}`).executeTakeFirstOrThrow();
    expect(job).toEqual({ run_at: onset, status: 'pending' });
    t.clock.advanceMinutes(60);
    await t.deps.jobs.runDue();
    expect(await recipientCount(w.id)).toBe(0);
    t.clock.advanceMinutes(61);
    await t.deps.jobs.runDue();
    expect(await recipientCount(w.id)).toBeGreaterThan(0);
  });
  it("an alert whose onset job runs after its expiry ends by the machine's system step (audited), reaches nobody, and no person may take that step", async () => {
    const fresh = await userSession(t, { roles: ['district_admin'] }); // the sessions above have timed out by now
    const reg = await api(fresh, 'POST', '/api/warnings/senders', { name: '市防汛办', sender: 'fx@ningbo', areaCodes: ['330203'], release: 'release' });
    expect(reg.statusCode, reg.body).toBe(201);
    const s = reg.json() as { token: string };
    const onset = new Date(t.clock.now().getTime() + 3_600_000);
    const r = await push(doc({ id: 'LATE-1', sender: 'fx@ningbo', area: geocodeArea(TOWN_A), onset, expires: new Date(onset.getTime() + 3_600_000) }), s.token);
    expect(r.statusCode, r.body).toBe(201);
    const w = await row('LATE-1');
    // A person (even the district administrator, who holds every permission) is never offered it and is refused.
    const detail = await api(fresh, 'GET', `/api/warnings/${w.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().actions).toEqual(['cancel']);
    await expect(expireWarning(actorCtx(t.deps, fresh.id, { permissions: new Set(['*:*']), jurisdictions: ['330203'] }), w.id)).rejects.toMatchObject({
      status: 403,
    });
    // Nor may a person end it as its sender's CAP Cancel would (that step is the import's, in the system's context).
    const forged = { by: { id: uuidv7(), identifier: 'FORGED-C', from: { name: '市防汛办', sender: 'fx@ningbo' } } };
    await expect(
      endWarning(actorCtx(t.deps, fresh.id, { permissions: new Set(['*:*']), jurisdictions: ['330203'] }), w.id, 'cap_cancel', forged),
    ).rejects.toMatchObject({
      status: 403,
    });
    expect((await row('LATE-1')).status).toBe('released');
    // The job runs late (the machine was down past the expiry): the warning expires, nobody is woken.
    t.clock.advanceMinutes(150);
    await t.deps.jobs.runDue();
    const after = await row('LATE-1');
    expect(after.status).toBe('expired');
    expect(after.ended_at).not.toBeNull();
    expect(await recipientCount(w.id)).toBe(0);
    const audit = await auditRows(t.deps.db, { resource_id: w.id, action: 'warning.expire' });
    expect(audit.map((a) => [a.action, a.username])).toEqual([['warning.expire', 'system']]);
  });
});

// Monitoring on real PGlite (and PostgreSQL with DATABASE_URL): rules, ingest, alarms, live feed, duty.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 } from 'uuid';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import * as make from '../../test/factories.ts';
import { auditRows, expectFieldError, fileTestApp, makeUser, type TestApp, type UserSession, userSession } from '../../test/helpers.ts';
import { scopePropertyTests } from '../../test/scope-property.ts';
import * as D from '../../../shared/monitoring.dto.ts';
import { ALARM_EVENT, type AlarmEvent } from './monitoring.ingest.ts';
import { emptyState, evaluate, type Rule } from './monitoring.rules.ts';
import { closeMonitoringApp, monitoringApp } from './monitoring.fixtures.ts';
import { forgetIngestor, ingestorOf } from './monitoring.runtime.ts';
import { offlineSweep } from './monitoring.service.ts';

const SHIQI = '330203009'; // 石碶街道
const GAOQIAO = '330203100'; // 高桥镇

const rule = (r: Partial<Rule>): Rule => ({
  id: 'r1',
  name: '测试',
  device_type: 'gas',
  device_id: null,
  overrides: null,
  metric: 'lel',
  kind: 'threshold',
  op: 'gt',
  threshold: 25,
  threshold2: null,
  hysteresis: 5,
  duration_s: null,
  rate_per_min: null,
  offline_minutes: null,
  severity: 'high',
  enabled: true,
  ...r,
});
const at = (s: number) => new Date(Date.UTC(2026, 5, 1, 0, 0, s));

describe('rule engine', () => {
  it('threshold with hysteresis raises once and clears only below threshold − hysteresis', () => {
    const r = rule({});
    let s = emptyState();
    const ops: string[] = [];
    for (const [i, v] of [10, 30, 31, 24, 22, 19, 30].entries()) {
      const out = evaluate(r, s, at(i), { lel: v });
      s = out.state;
      ops.push(out.op?.kind ?? '-');
    }
    expect(ops).toEqual(['-', 'raise', 'touch', '-', '-', 'clear', 'raise']);
  });

  it('duration raises only after the value stayed above for N seconds', () => {
    const r = rule({ kind: 'duration', duration_s: 60 });
    let s = emptyState();
    const ops: string[] = [];
    for (const [t, v] of [
      [0, 30],
      [30, 31],
      [59, 32],
      [61, 33],
    ]) {
      const out = evaluate(r, s, at(t), { lel: v });
      s = out.state;
      ops.push(out.op?.kind ?? '-');
    }
    expect(ops).toEqual(['-', '-', '-', 'raise']);
  });

  it('rate of change per minute, and out-of-order readings do not drive rules', () => {
    const r = rule({ kind: 'rate', rate_per_min: 5, hysteresis: 1 });
    let s = evaluate(r, emptyState(), at(0), { lel: 1 }).state;
    const late = evaluate(r, s, at(-10), { lel: 100 });
    expect(late.op).toBeUndefined();
    const fast = evaluate(r, s, at(60), { lel: 9 });
    expect(fast.op?.kind).toBe('raise');
    s = fast.state;
    expect(evaluate(r, s, at(120), { lel: 10 }).op?.kind).toBe('clear');
  });
});

describe('monitoring service and HTTP', () => {
  let t: TestApp;
  let admin: UserSession;
  let townA: UserSession;
  let townB: UserSession;
  let token: string;

  const device = (id: string, unit = SHIQI, type = 'gas') => ({
    id,
    name: `测试设备 ${id}`,
    type,
    ownerKind: 'place',
    placeName: '测试点位',
    lon: 121.5,
    lat: 29.85,
    jurisdictionCode: unit,
  });
  const ingest = (readings: unknown[], headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
    t.app.inject({ method: 'POST', url: '/api/monitoring/ingest', headers, payload: { readings } });
  const now = () => t.clock.now().getTime();
  /** The device's raised alarm (there must be one). */
  const raisedAlarmOf = (deviceId: string) =>
    t.deps.db.selectFrom('monitoring_alarms').selectAll().where('device_id', '=', deviceId).where('status', '=', 'raised').executeTakeFirstOrThrow();

  beforeAll(async () => {
    ({ t, admin, townA, townB } = await monitoringApp());
    token = `anlan_${randomBytes(20).toString('hex')}`;
    await t.deps.db
      .insertInto('api_tokens')
      .values({ id: v7(), user_id: admin.id, name: 'gateway', token_hash: createHash('sha256').update(token).digest('hex'), scopes: ['monitoring:ingest'] })
      .execute();
    for (const [id, unit] of [
      ['GAS-A1', SHIQI],
      ['GAS-A2', SHIQI],
      ['GAS-B1', GAOQIAO],
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/monitoring/devices', headers: admin.headers, payload: device(id, unit) });
      expect(res.statusCode, res.body).toBe(201);
    }
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/monitoring/rules',
      headers: admin.headers,
      payload: { name: '可燃气体超限', deviceType: 'gas', metric: 'lel', kind: 'threshold', op: 'gt', threshold: 25, hysteresis: 5, severity: 'critical' },
    });
    expect(r.statusCode, r.body).toBe(201);
    await t.app.inject({
      method: 'POST',
      url: '/api/monitoring/rules',
      headers: admin.headers,
      payload: { name: '设备离线', deviceType: 'gas', kind: 'offline', offlineMinutes: 30, severity: 'low' },
    });
  });
  afterAll(() => closeMonitoringApp(t));

  it('device create: bad input → 400 naming the field; audited', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/monitoring/devices', headers: admin.headers, payload: { ...device('X1'), type: 'laser' } });
    expectFieldError(bad, 'body.type');
    const noPlace = await t.app.inject({
      method: 'POST',
      url: '/api/monitoring/devices',
      headers: admin.headers,
      payload: { ...device('X2'), placeName: undefined },
    });
    expectFieldError(noPlace, 'body.placeName');
    const outside = await t.app.inject({ method: 'POST', url: '/api/monitoring/devices', headers: townA.headers, payload: device('X3', GAOQIAO) });
    expectFieldError(outside, 'body.jurisdictionCode');
    const audit = await auditRows(t.deps.db, { action: 'monitoring.device.create' });
    expect(audit.map((a) => a.resource_id)).toContain('GAS-A1');
  });

  it('another town sees none of my devices (list empty of them, detail 404)', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/monitoring/devices', headers: townB.headers });
    expect(list.json().items.map((d: { id: string }) => d.id)).toEqual(['GAS-B1']);
    const one = await t.app.inject({ method: 'GET', url: '/api/monitoring/devices/GAS-A1', headers: townB.headers });
    expect(one.statusCode).toBe(404);
  });

  it('HTTP ingest: stored, duplicates dropped, out-of-order stored, malformed counted without blocking good readings', async () => {
    const base = now() - 60_000;
    const res = await ingest([
      { deviceId: 'GAS-A2', ts: base, seq: 1, metrics: { lel: 2 } },
      { deviceId: 'GAS-A2', ts: base + 2000, seq: 3, metrics: { lel: 3 } },
      { deviceId: 'GAS-A2', ts: base + 1000, seq: 2, metrics: { lel: 2.5 } }, // out of order
      { deviceId: 'GAS-A2', ts: base, seq: 1, metrics: { lel: 2 } }, // duplicate
      { deviceId: 'GAS-A2', ts: 'yesterday?', seq: 4, metrics: { lel: 1 } },
      { deviceId: 'GAS-A2', ts: base, seq: 5, metrics: { lel: 'high' } },
      { deviceId: 'NOPE', ts: base, seq: 1, metrics: { lel: 1 } },
      { deviceId: 'GAS-A2', ts: now() + 86_400_000, seq: 6, metrics: { lel: 1 } },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      stored: 3,
      duplicate: 1,
      rejected: [
        { index: 4, reason: 'bad_shape' },
        { index: 5, reason: 'bad_shape' },
        { index: 6, reason: 'unknown_device' },
        { index: 7, reason: 'future_ts' },
      ],
    });
    const again = await ingest([{ deviceId: 'GAS-A2', ts: base, seq: 1, metrics: { lel: 2 } }]);
    expect(again.json().duplicate).toBe(1);
    const rows = await t.deps.db.selectFrom('monitoring_readings').select('seq').where('device_id', '=', 'GAS-A2').orderBy('ts').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    // Raw MQTT-style garbage: not JSON, and too large.
    const ing = ingestorOf(t.deps);
    expect(await ing.submitRaw(Buffer.from('{not json'), 'GAS-A2')).toBe('not_json');
    expect(await ing.submitRaw(Buffer.alloc(20_000, 32), 'GAS-A2')).toBe('too_large');
    expect(await ing.submitRaw(Buffer.from(JSON.stringify({ ts: now(), metrics: { lel: 1 } })), 'GAS-A2')).toBe('stored');
    await ing.drained();
    const counted = await t.deps.db.selectFrom('monitoring_ingest_rejects').select(['reason', 'count']).execute();
    const by = Object.fromEntries(counted.map((c) => [c.reason, Number(c.count)]));
    expect(by).toMatchObject({ bad_shape: 2, unknown_device: 1, future_ts: 1, not_json: 1, too_large: 1 });
  });

  it('ingest needs a token with monitoring:ingest or the device credential; body errors name the field', async () => {
    expect((await ingest([{ ts: now(), metrics: { lel: 1 } }], {})).statusCode).toBe(401);
    const bad = await ingest([]);
    expectFieldError(bad, 'body.readings');
    const rot = await t.app.inject({ method: 'POST', url: '/api/monitoring/devices/GAS-B1/secret', headers: admin.headers });
    const { secret } = rot.json();
    const own = await ingest([{ ts: now() - 5000, metrics: { lel: 1 } }], { 'x-device-id': 'GAS-B1', 'x-device-secret': secret });
    expect(own.json().stored).toBe(1);
    const other = await ingest([{ deviceId: 'GAS-A1', ts: now(), metrics: { lel: 1 } }], { 'x-device-id': 'GAS-B1', 'x-device-secret': secret });
    expect(other.json().rejected[0].reason).toBe('topic_mismatch');
  });

  let alarmId: string;
  it('a breach raises one active alarm; repeats update count and last value; state survives a restart', async () => {
    const base = now() - 30_000;
    await ingest([{ deviceId: 'GAS-A1', ts: base, seq: 100, metrics: { lel: 30 } }]);
    // A restart: a new Ingestor reads rule state from the table.
    await ingestorOf(t.deps).stop();
    forgetIngestor(t.deps);
    await ingest([{ deviceId: 'GAS-A1', ts: base + 1000, seq: 101, metrics: { lel: 35 } }]); // still active: no new raise
    await ingest([{ deviceId: 'GAS-A1', ts: base + 2000, seq: 102, metrics: { lel: 10 } }]); // clears
    await ingest([{ deviceId: 'GAS-A1', ts: base + 3000, seq: 103, metrics: { lel: 40 } }]); // raises again → same open alarm
    const alarms = await t.deps.db.selectFrom('monitoring_alarms').selectAll().where('device_id', '=', 'GAS-A1').execute();
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ count: 2, last_value: 40, first_value: 30, status: 'raised', severity: 'critical' });
    alarmId = alarms[0].id;
  });

  it('alarm lifecycle with audit; illegal transition 409; bad input 400; other town 404', async () => {
    const url = (a: string) => `/api/monitoring/alarms/${alarmId}/${a}`;
    const other = await t.app.inject({ method: 'POST', url: url('triage'), headers: townB.headers, payload: { version: 1, verdict: 'true_alarm' } });
    expect(other.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/monitoring/alarms/${alarmId}`, headers: townB.headers })).statusCode).toBe(404);
    const listB = await t.app.inject({ method: 'GET', url: '/api/monitoring/alarms?status=open', headers: townB.headers });
    expect(listB.json().total).toBe(0);
    const raised = (await t.app.inject({ method: 'GET', url: `/api/monitoring/alarms/${alarmId}`, headers: townA.headers })).json();
    expect(raised.actions).toEqual(['triage', 'close']); // what the buttons offer, decided by the server
    const noVerdict = await t.app.inject({ method: 'POST', url: url('triage'), headers: townA.headers, payload: { version: 1 } });
    expectFieldError(noVerdict, 'body.verdict');
    const early = await t.app.inject({ method: 'POST', url: url('handle'), headers: townA.headers, payload: { version: 1 } });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('ILLEGAL_TRANSITION');
    let v = 1;
    for (const [action, body] of [
      ['triage', { verdict: 'true_alarm' }],
      ['dispatch', { toKind: 'town', to: SHIQI }],
      ['handle', { note: '已到场' }],
      ['close', { note: '阀门已关闭，浓度恢复正常' }],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: url(action), headers: townA.headers, payload: { version: v++, ...body } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const detail = (await t.app.inject({ method: 'GET', url: `/api/monitoring/alarms/${alarmId}`, headers: townA.headers })).json();
    expect(detail.status).toBe('closed');
    expect(detail.actions).toEqual([]);
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(['raised', 'repeated', 'triage', 'dispatch', 'handle', 'close']);
    const audit = await auditRows(t.deps.db, { resource_id: alarmId });
    // The other town's attempt is a denial on record (404 to it), then the four steps.
    expect(audit.map((a) => a.action)).toEqual([
      'access.denied',
      'monitoring.alarm.triage',
      'monitoring.alarm.dispatch',
      'monitoring.alarm.handle',
      'monitoring.alarm.close',
    ]);
    expect(audit.map((a) => a.username)).toEqual([townB.username, townA.username, townA.username, townA.username, townA.username]);
    // After closing, a new breach is a new alarm.
    await ingest([{ deviceId: 'GAS-A1', ts: now() - 1000, seq: 104, metrics: { lel: 50 } }]);
    const open = await t.deps.db.selectFrom('monitoring_alarms').select('id').where('device_id', '=', 'GAS-A1').where('status', '<>', 'closed').execute();
    expect(open).toHaveLength(1);
    expect(open[0].id).not.toBe(alarmId);
  });

  it('live feed (SSE): a new alarm arrives within a second, and only for viewers whose area it is in', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as { port: number }).port;
    const open = (s: { cookie: string }) => fetch(`http://127.0.0.1:${port}/api/monitoring/live`, { headers: { cookie: s.cookie } });
    const resA = await open(townA);
    const resB = await open(townB);
    expect(resA.headers.get('content-type')).toContain('text/event-stream');
    const readUntilAlarm = async (res: Response, ms: number) => {
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const dec = new TextDecoder();
      let buf = '';
      const deadline = Date.now() + ms;
      try {
        while (Date.now() < deadline) {
          const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
          if (!chunk || chunk.done) break;
          buf += dec.decode(chunk.value);
          const m = /event: alarm\ndata: (.*)\n/.exec(buf);
          if (m) return JSON.parse(m[1]) as AlarmEvent;
        }
        return undefined;
      } finally {
        await reader.cancel();
      }
    };
    const started = Date.now();
    const gotA = readUntilAlarm(resA, 1000);
    const gotB = readUntilAlarm(resB, 1000);
    await t.app.inject({
      method: 'POST',
      url: '/api/monitoring/devices',
      headers: admin.headers,
      payload: device('GAS-A9', SHIQI),
    });
    await ingest([{ deviceId: 'GAS-A9', ts: now(), seq: 1, metrics: { lel: 60 } }]);
    const a = await gotA;
    expect(a?.deviceId).toBe('GAS-A9');
    expect(a?.isNew).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await gotB).toBeUndefined();
  });

  it('convert an alarm into a hazard in one step, keeping the link', async () => {
    const a = await t.deps.db
      .selectFrom('monitoring_alarms')
      .select(['id', 'message', 'device_id'])
      .where('device_id', '=', 'GAS-A9')
      .executeTakeFirstOrThrow();
    const device = await t.deps.db.selectFrom('monitoring_devices').select('name').where('id', '=', a.device_id).executeTakeFirstOrThrow();
    const other = await t.app.inject({ method: 'POST', url: `/api/monitoring/alarms/${a.id}/hazard`, headers: townB.headers, payload: {} });
    expect(other.statusCode).toBe(404);
    const res = await t.app.inject({ method: 'POST', url: `/api/monitoring/alarms/${a.id}/hazard`, headers: townA.headers, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    const h = await t.deps.db
      .selectFrom('hazards')
      .select(['alarm_id', 'source', 'title', 'description', 'jurisdiction_code'])
      .where('id', '=', res.json().hazardId)
      .executeTakeFirstOrThrow();
    expect(h).toMatchObject({ alarm_id: a.id, source: 'iot_alarm', jurisdiction_code: SHIQI });
    // The hazard names the alarm in words (device and what it reported), never by its id.
    expect(h.title.startsWith(`${device.name}：`)).toBe(true);
    expect(h.description).toContain(device.name);
    expect(h.description).toContain(a.message);
    expect(`${h.title}${h.description}`).not.toContain(a.id);
    const again = await t.app.inject({ method: 'POST', url: `/api/monitoring/alarms/${a.id}/hazard`, headers: townA.headers, payload: {} });
    expect(again.json().error.code).toBe('ALREADY_CONVERTED');
  });

  it('duty: conflicting shifts rejected, handover lists open alarms and is acknowledged by the incoming shift', async () => {
    const officer = await userSession(t, { roles: ['duty_officer'], unit: '330203D01' });
    const leader = await makeUser(t, { roles: ['duty_leader'], unit: '330203D01' });
    const officer2 = await userSession(t, { roles: ['duty_officer'], unit: '330203D01' });
    const leader2 = await makeUser(t, { roles: ['duty_leader'], unit: '330203D01' });
    const s = (from: string, to: string, o: string, l: string) => ({ unitCode: '330203D01', startsAt: from, endsAt: to, officerId: o, leaderId: l });
    const post = (body: object) => t.app.inject({ method: 'POST', url: '/api/monitoring/duty/shifts', headers: officer.headers, payload: body });
    const first = await post(s('2026-06-02T00:00:00Z', '2026-06-03T00:00:00Z', officer.id, leader.id));
    expect(first.statusCode, first.body).toBe(201);
    const clash = await post(s('2026-06-02T12:00:00Z', '2026-06-03T12:00:00Z', officer2.id, leader2.id));
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('SHIFT_CONFLICT');
    const badTime = await post(s('2026-06-03T00:00:00Z', '2026-06-02T00:00:00Z', officer2.id, leader2.id));
    expectFieldError(badTime, 'body.endsAt');
    const second = await post(s('2026-06-03T00:00:00Z', '2026-06-04T00:00:00Z', officer2.id, leader2.id));
    expect(second.statusCode).toBe(201);
    const ho = await t.app.inject({
      method: 'POST',
      url: '/api/monitoring/duty/handovers',
      headers: officer.headers,
      payload: { toShiftId: second.json().id, note: '一切正常' },
    });
    expect(ho.statusCode, ho.body).toBe(201);
    expect(ho.json().openItems.length).toBeGreaterThan(0);
    const wrong = await t.app.inject({ method: 'POST', url: `/api/monitoring/duty/handovers/${ho.json().id}/ack`, headers: officer.headers });
    expect(wrong.statusCode).toBe(409);
    const ack = await t.app.inject({ method: 'POST', url: `/api/monitoring/duty/handovers/${ho.json().id}/ack`, headers: officer2.headers });
    expect(ack.statusCode).toBe(204);
    const townView = await t.app.inject({
      method: 'GET',
      url: '/api/monitoring/duty/shifts?from=2026-06-01T00:00:00Z&to=2026-06-10T00:00:00Z',
      headers: townB.headers,
    });
    expect(townView.json()).toEqual([]);
  });

  it('accident-reporting clocks: county within 1 h of knowing, each level up within 2 h', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/monitoring/duty/accidents',
      headers: admin.headers,
      payload: { jurisdictionCode: SHIQI, title: '叉车伤人', occurredAt: '2026-05-31T23:00:00Z', knownAt: '2026-05-31T23:10:00Z' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const skip = await t.app.inject({
      method: 'POST',
      url: `/api/monitoring/duty/accidents/${res.json().id}/report`,
      headers: admin.headers,
      payload: { step: 'city' },
    });
    expect(skip.statusCode).toBe(409);
    const list = (await t.app.inject({ method: 'GET', url: '/api/monitoring/duty/accidents', headers: admin.headers })).json();
    expect(list[0].clocks.map((c: { due: string }) => c.due)).toEqual(['2026-06-01T00:10:00.000Z', '2026-06-01T02:10:00.000Z', '2026-06-01T04:10:00.000Z']);
    expect((await t.app.inject({ method: 'GET', url: '/api/monitoring/duty/accidents', headers: townB.headers })).json()).toEqual([]);
  });

  it('SLA: an untriaged alarm escalates when its triage time passes (durable job)', async () => {
    const open = await raisedAlarmOf('GAS-A1');
    t.clock.advanceMinutes(6); // critical: 5 minutes
    await t.deps.jobs.runDue();
    const a = await t.deps.db.selectFrom('monitoring_alarms').select('escalation_level').where('id', '=', open.id).executeTakeFirstOrThrow();
    expect(a.escalation_level).toBe(1);
  });

  it('offline: a silent device is marked offline and alarmed once', async () => {
    t.clock.advanceMinutes(45);
    const seen: AlarmEvent[] = [];
    const listen = (e: AlarmEvent) => seen.push(e);
    const stop = t.deps.events.subscribe(ALARM_EVENT, listen);
    // Through the durable job, as in production (it re-arms itself a minute later).
    await enqueueJob(t.deps.db, { kind: 'monitoring.offline-sweep', runAt: t.clock.now(), dedupKey: 'monitoring.offline-sweep' });
    await t.deps.jobs.runDue(); // delivered once the job's transaction has committed, before runDue returns
    stop();
    expect(seen.map((e) => e.deviceId).sort()).toEqual(['GAS-A1', 'GAS-A2', 'GAS-A9', 'GAS-B1']);
    const again = await t.deps.db.transaction().execute((trx) => offlineSweep(trx, t.clock.now()));
    expect(again).toHaveLength(0);
    // A reading brings it back and clears the offline condition.
    await ingest([{ deviceId: 'GAS-A2', ts: now(), seq: 500, metrics: { lel: 1 } }]);
    const s = await raisedAlarmOf('GAS-A2');
    expect(s.cleared_at).not.toBeNull();
  });

  it('every answer is a camelCase DTO of shared/monitoring.dto.ts, with every field the schema names', async () => {
    const viewer = await userSession(t, { roles: ['district_admin'] }); // the clock has moved past the first sessions' life
    const get = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url, headers: viewer.headers });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      return res.json();
    };
    // Keys a record of free names (metric names such as rain_1h, an event's detail) does not have to obey.
    const FREE = new Set(['lastValues', 'metrics', 'detail', 'rejectsByReason']);
    const snake = (v: unknown, path: string): string[] =>
      Array.isArray(v)
        ? v.flatMap((x, i) => snake(x, `${path}.${i}`))
        : v && typeof v === 'object'
          ? Object.entries(v).flatMap(([k, x]) => [...(/_/.test(k) ? [`${path}.${k}`] : []), ...(FREE.has(k) ? [] : snake(x, `${path}.${k}`))])
          : [];
    const devices = await get('/api/monitoring/devices?pageSize=5');
    expect(Object.keys(devices).sort()).toEqual(Object.keys(D.DevicePage.properties).sort());
    expect(Object.keys(devices.items[0]).sort()).toEqual(Object.keys(D.DeviceDto.properties).sort());
    const alarms = await get('/api/monitoring/alarms?status=closed');
    expect(Object.keys(alarms.items[0]).sort()).toEqual(Object.keys(D.AlarmDto.properties).sort());
    const detail = await get(`/api/monitoring/alarms/${alarms.items[0].id}`);
    expect(Object.keys(detail).sort()).toEqual(Object.keys(D.AlarmDetailDto.properties).sort());
    expect(detail.timeline[0]).toEqual({
      id: expect.any(Number),
      at: expect.any(String),
      action: 'raised',
      actorName: expect.any(String),
      detail: expect.anything(),
    });
    const shifts = await get('/api/monitoring/duty/shifts?from=2020-01-01T00:00:00Z&to=2099-01-01T00:00:00Z');
    const handedOver = shifts.find((x: { handoverId: string | null }) => x.handoverId);
    expect(handedOver).toMatchObject({ officerName: expect.any(String), startsAt: expect.stringMatching(/Z$/), acknowledgedAt: expect.any(String) });
    const answers = {
      devices,
      points: await get('/api/monitoring/devices/points'),
      device: await get('/api/monitoring/devices/GAS-A1'),
      trend: await get('/api/monitoring/devices/GAS-A1/trend?window=7d'),
      rules: await get('/api/monitoring/rules'),
      alarms,
      detail,
      online: await get('/api/monitoring/stats/online'),
      ingest: await get('/api/monitoring/stats/ingest'),
      people: await get('/api/monitoring/duty/people'),
      shifts,
      handover: await get(`/api/monitoring/duty/handovers/${handedOver.handoverId}`),
      log: await get('/api/monitoring/duty/log'),
      accidents: await get('/api/monitoring/duty/accidents'),
    };
    expect(answers.rules[0]).toHaveProperty('deviceType');
    expect(answers.handover.openItems.length).toBeGreaterThan(0);
    expect(answers.trend.points.length).toBeGreaterThan(0);
    expect(snake(answers, '')).toEqual([]);
    // The one binary answer passes through untouched by the response schema.
    const xlsx = await t.app.inject({ method: 'GET', url: '/api/monitoring/devices/import-template', headers: viewer.headers });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('OpenAPI describes what every monitoring route answers', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, { description?: string; content?: unknown }> }>>;
    };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/monitoring'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));
    expect(routes.length).toBeGreaterThan(30);
    const undescribed = routes
      .filter(({ op }) => {
        const ok = Object.entries(op.responses ?? {}).filter(([code]) => code.startsWith('2'));
        // Without a response schema the document only says `200: Default Response`, with no content.
        return !ok.length || ok.some(([code, r]) => code !== '204' && !r.content);
      })
      .map((r) => r.route);
    expect(undescribed).toEqual([]);
  });
});

describe('scope property (random org subsets, users, grants)', () => {
  const t = fileTestApp();
  scopePropertyTests(t, [
    {
      name: 'monitoring devices',
      permission: 'monitoring:read',
      create: (tt, code) => make.device(tt.deps.db, code),
      list: '/api/monitoring/devices?pageSize=500',
      read: '/api/monitoring/devices/:id',
    },
    {
      name: 'monitoring alarms',
      permission: 'monitoring:read',
      create: (tt, code) => make.alarm(tt.deps, code),
      list: '/api/monitoring/alarms?pageSize=500',
      read: '/api/monitoring/alarms/:id',
    },
  ]);
});

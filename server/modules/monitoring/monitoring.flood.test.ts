// Alarm floods (issue 12): severity-first lists, counts by level, group alarms for offline floods, maintenance
// windows, batch triage/close through the lifecycle engine, and trends that keep the peak. Real PGlite (and
// PostgreSQL with DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as make from '../../test/factories.ts';
import { auditRows, expectFieldError, fileTestApp, pendingRunAt, type TestApp, type UserSession } from '../../test/helpers.ts';
import { scopePropertyTests } from '../../test/scope-property.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { v7 } from 'uuid';
import type { Deps } from '../../platform/context.ts';
import type * as D from '../../../shared/monitoring.dto.ts';
import { closeMonitoringApp, monitoringApp } from './monitoring.fixtures.ts';
import { forgetIngestor, ingestorOf } from './monitoring.runtime.ts';
import { offlineSweep } from './monitoring.service.ts';

const SHIQI = make.TOWN_A;
const GAOQIAO = make.TOWN_B;

describe('alarm floods', () => {
  let t: TestApp;
  let admin: UserSession;
  let townA: UserSession;
  let townB: UserSession;
  let offlineRule: string;
  let gasRule: string;
  const get = async <T>(url: string, s = admin) => {
    const res = await t.app.inject({ method: 'GET', url, headers: s.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };
  const post = (url: string, payload: Record<string, unknown>, s = admin) => t.app.inject({ method: 'POST', url, headers: s.headers, payload });
  const sweep = async () => {
    await t.deps.db.transaction().execute((trx) => offlineSweep(trx, t.clock.now()));
    ingestorOf(t.deps).forgetState(); // what the job's RULE_STATE_CHANGED does
  };
  const reading = (deviceId: string, lel: number, at = t.clock.now()) =>
    ingestorOf(t.deps).submitRaw({ deviceId, ts: at.getTime(), seq: at.getTime(), metrics: { lel } });
  /** Commit what is queued and write the devices' last-seen (every 2 s in production), as a restart does. */
  const settle = async () => {
    await ingestorOf(t.deps).stop();
    forgetIngestor(t.deps);
  };
  /** A gas device at a place that has been silent since two hours ago (so the offline rule applies). */
  const silentDevice = (code: string, over: Parameters<typeof make.device>[2] = {}) =>
    make.device(t.deps.db, code, { created_at: new Date(t.clock.now().getTime() - 2 * 3_600_000), ...over });

  beforeAll(async () => {
    ({ t, admin, townA, townB } = await monitoringApp());
    offlineRule = await make.rule(t.deps.db, {
      name: '设备离线',
      kind: 'offline',
      metric: null,
      op: null,
      threshold: null,
      offline_minutes: 30,
      severity: 'low',
    });
    gasRule = await make.rule(t.deps.db, { name: '可燃气体浓度超限', severity: 'critical', hysteresis: 5 });
    ingestorOf(t.deps).invalidate();
  });
  afterAll(() => closeMonitoringApp(t));

  it('lists put the most severe first (then newest) by default, newest first on request; the header counts by level', async () => {
    const base = t.clock.now().getTime();
    const at = (min: number) => new Date(base + min * 60_000);
    const critical = await make.alarm(t.deps, GAOQIAO, { severity: 'critical', raised_at: at(-120), last_at: at(-120) });
    const high = await make.alarm(t.deps, GAOQIAO, { severity: 'high', raised_at: at(-60), last_at: at(-60) });
    const lows: string[] = [];
    for (let i = 0; i < 5; i++) lows.push(await make.alarm(t.deps, GAOQIAO, { severity: 'low', raised_at: at(-i), last_at: at(-i) }));
    const bySeverity = await get<D.AlarmList>(`/api/monitoring/alarms?town=${GAOQIAO}&status=open&pageSize=3`);
    expect(bySeverity.items.map((a) => a.id)).toEqual([critical, high, lows[0]]);
    expect(bySeverity.total).toBe(7);
    const byTime = await get<D.AlarmList>(`/api/monitoring/alarms?town=${GAOQIAO}&status=open&pageSize=3&sort=time`);
    expect(byTime.items.map((a) => a.id)).toEqual(lows.slice(0, 3));
    const counts = await get<D.AlarmCounts>(`/api/monitoring/alarms/counts?town=${GAOQIAO}&status=open`);
    expect(counts).toMatchObject({ bySeverity: { critical: 1, high: 1, medium: 0, low: 5 }, total: 7 });
    // Filters: time range and device type; another town sees none of them.
    const recent = await get<D.AlarmList>(`/api/monitoring/alarms?town=${GAOQIAO}&from=${encodeURIComponent(at(-30).toISOString())}`);
    expect(recent.items.map((a) => a.id).sort()).toEqual([...lows].sort());
    expect((await get<D.AlarmList>(`/api/monitoring/alarms?town=${GAOQIAO}&deviceType=smoke`)).total).toBe(0);
    expect((await get<D.AlarmCounts>(`/api/monitoring/alarms/counts?town=${GAOQIAO}`, townA)).total).toBe(0);
    const bad = await post('/api/monitoring/alarms/batch', { action: 'close', items: [], note: 'x' });
    expect(bad.statusCode).toBe(400);
    const badQuery = await t.app.inject({ method: 'GET', url: '/api/monitoring/alarms?sort=loud', headers: admin.headers });
    expectFieldError(badQuery, 'querystring.sort');
  });

  it('batch triage and close: one request, each alarm through the lifecycle (own history and audit row); stale or foreign ones reported', async () => {
    const mine = [await make.alarm(t.deps, SHIQI), await make.alarm(t.deps, SHIQI), await make.alarm(t.deps, SHIQI)];
    const foreign = await make.alarm(t.deps, GAOQIAO);
    const noVerdict = await post('/api/monitoring/alarms/batch', { action: 'triage', items: [{ id: mine[0], version: 1 }], note: '现场核实' }, townA);
    expectFieldError(noVerdict, 'body.verdict');
    const res = await post(
      '/api/monitoring/alarms/batch',
      {
        action: 'triage',
        verdict: 'false_alarm',
        note: '传感器受潮误报，已通知运维',
        items: [
          { id: mine[0], version: 1 },
          { id: mine[1], version: 1 },
          { id: mine[2], version: 7 },
          { id: foreign, version: 1 },
        ],
      },
      townA,
    );
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json() as D.BatchResult;
    expect(out).toMatchObject({ done: 2, failed: 2 });
    expect(out.results.map((r) => [r.ok, r.status ?? r.code])).toEqual([
      [true, 'closed'],
      [true, 'closed'],
      [false, 'STALE_VERSION'],
      [false, 'ALARM_NOT_FOUND'],
    ]);
    for (const id of mine.slice(0, 2)) {
      const a = await t.deps.db.selectFrom('monitoring_alarms').select(['status', 'note', 'verdict']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(a).toEqual({ status: 'closed', note: '传感器受潮误报，已通知运维', verdict: 'false_alarm' });
      const steps = await t.deps.db.selectFrom('history').select('action').where('aggregate', '=', 'monitoring.alarm').where('aggregate_id', '=', id).execute();
      expect(steps.map((s) => s.action)).toContain('triage');
      const audit = await auditRows(t.deps.db, { resource_id: id });
      expect(audit.map((a) => a.action)).toContain('monitoring.alarm.triage');
    }
    expect((await t.deps.db.selectFrom('monitoring_alarms').select('status').where('id', '=', mine[2]).executeTakeFirstOrThrow()).status).toBe('raised');
    expect((await t.deps.db.selectFrom('monitoring_alarms').select('status').where('id', '=', foreign).executeTakeFirstOrThrow()).status).toBe('raised');
    const closeRes = await post('/api/monitoring/alarms/batch', { action: 'close', note: '已处置', items: [{ id: mine[2], version: 1 }] }, townA);
    expect((closeRes.json() as D.BatchResult).results[0]).toMatchObject({ ok: true, status: 'closed' });
  });

  it('offline alarms of many devices in one place fold into one group alarm, which follows the devices back', async () => {
    const devices: string[] = [];
    for (let i = 0; i < 4; i++) devices.push(await silentDevice(SHIQI));
    const lone = await silentDevice(GAOQIAO); // one silent device elsewhere: no group
    t.clock.advanceMinutes(1);
    await sweep();
    const groups = await get<D.AlarmGroup[]>(`/api/monitoring/alarm-groups?town=${SHIQI}`);
    expect(groups).toHaveLength(1);
    const g = groups[0];
    expect(g).toMatchObject({ placeKind: 'town', placeKey: SHIQI, placeName: '石碶街道', status: 'open', memberCount: 4, activeCount: 4, severity: 'low' });
    expect(g.members.map((m) => m.deviceId).sort()).toEqual([...devices].sort());
    // The list folds the members (their group stands for them); unfolded, or by group, they are there.
    const folded = await get<D.AlarmList>(`/api/monitoring/alarms?town=${SHIQI}&status=open&pageSize=100`);
    expect(folded.items.filter((a) => devices.includes(a.deviceId))).toHaveLength(0);
    expect((await get<D.AlarmList>(`/api/monitoring/alarms?groupId=${g.id}`)).total).toBe(4);
    expect((await get<D.AlarmList>(`/api/monitoring/alarms?town=${GAOQIAO}&status=open&pageSize=100`)).items.map((a) => a.deviceId)).toContain(lone);
    expect((await get<D.AlarmCounts>(`/api/monitoring/alarms/counts?town=${SHIQI}&status=open`)).groups).toBe(1);
    // Another town does not see the group.
    expect(await get<D.AlarmGroup[]>('/api/monitoring/alarm-groups', townB)).toEqual([]);
    // A fifth device going silent at the place joins the open group.
    const late = await silentDevice(SHIQI);
    t.clock.advanceMinutes(1);
    await sweep();
    expect((await get<D.AlarmGroup[]>(`/api/monitoring/alarm-groups?town=${SHIQI}`))[0]).toMatchObject({ id: g.id, memberCount: 5, activeCount: 5 });
    // Devices come back: the group counts them; when all are back it is cleared.
    await Promise.all(devices.slice(0, 2).map((d) => reading(d, 1)));
    await settle();
    await sweep();
    const some = (await get<D.AlarmGroup[]>(`/api/monitoring/alarm-groups?town=${SHIQI}`))[0];
    expect(some).toMatchObject({ status: 'open', activeCount: 3 });
    expect(some.members.filter((m) => m.clearedAt).length).toBe(2);
    await Promise.all([...devices.slice(2), late].map((d) => reading(d, 1)));
    await settle();
    await sweep();
    const back = (await get<D.AlarmGroup[]>(`/api/monitoring/alarm-groups?town=${SHIQI}`))[0];
    expect(back).toMatchObject({ status: 'cleared', activeCount: 0 });
    expect(back.clearedAt).not.toBeNull();
    // Closing its members with one reason closes the group.
    const res = await post('/api/monitoring/alarms/batch', {
      action: 'close',
      note: '园区停电检修，设备已恢复',
      items: back.members.map((m) => ({ id: m.alarmId, version: m.version })),
    });
    expect((res.json() as D.BatchResult).done).toBe(5);
    await sweep();
    expect(await get<D.AlarmGroup[]>(`/api/monitoring/alarm-groups?town=${SHIQI}`)).toEqual([]);
    expect(await get<D.AlarmGroup[]>(`/api/monitoring/alarm-groups?town=${SHIQI}&status=closed`)).toHaveLength(1);
  });

  it('maintenance windows suppress the alarms of chosen devices for a time span; recorded, audited, listed', async () => {
    const inWindow = await make.device(t.deps.db, SHIQI);
    const outside = await make.device(t.deps.db, SHIQI);
    const foreign = await make.device(t.deps.db, GAOQIAO);
    const now = t.clock.now().getTime();
    const span = { startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 2 * 3_600_000).toISOString() };
    const backwards = await post('/api/monitoring/maintenance', { reason: '检修', deviceIds: [inWindow], startsAt: span.endsAt, endsAt: span.startsAt }, townA);
    expectFieldError(backwards, 'body.endsAt');
    const notMine = await post('/api/monitoring/maintenance', { reason: '检修', deviceIds: [inWindow, foreign], ...span }, townA);
    expectFieldError(notMine, 'body.deviceIds.1');
    const none = await post('/api/monitoring/maintenance', { reason: '检修', ...span }, townA);
    expect(none.statusCode).toBe(400);
    const res = await post('/api/monitoring/maintenance', { reason: '燃气管道检修，探测器会误报', deviceIds: [inWindow], ...span }, townA);
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json() as { id: string; devices: number };
    expect(res.json().devices).toBe(1);
    await Promise.all([reading(inWindow, 40), reading(outside, 40)]);
    await ingestorOf(t.deps).drained();
    const raised = await t.deps.db.selectFrom('monitoring_alarms').select('device_id').where('device_id', 'in', [inWindow, outside]).execute();
    expect([...new Set(raised.map((r) => r.device_id))]).toEqual([outside]);
    const listed = await get<D.Maintenance[]>('/api/monitoring/maintenance?active=true', townA);
    expect(listed.find((m) => m.id === id)).toMatchObject({ active: true, deviceIds: [inWindow], reason: '燃气管道检修，探测器会误报', targetKind: 'devices' });
    expect((await get<D.Maintenance[]>('/api/monitoring/maintenance', townB)).find((m) => m.id === id)).toBeUndefined();
    const audit = await auditRows(t.deps.db, { resource_id: id });
    expect(audit.map((a) => a.action)).toEqual(['monitoring.maintenance.create']);
    // A whole town under maintenance: its silent devices raise no offline alarm.
    const quiet = await silentDevice(GAOQIAO, { type: 'gas' });
    const town = await post('/api/monitoring/maintenance', { reason: '镇区停电', placeCode: GAOQIAO, ...span }, townB);
    expect(town.statusCode, town.body).toBe(201);
    t.clock.advanceMinutes(1);
    await sweep();
    expect(await t.deps.db.selectFrom('monitoring_alarms').select('id').where('device_id', '=', quiet).execute()).toHaveLength(0);
    // Cancel: audited; a second cancel is refused; another town's user gets 404.
    expect((await post(`/api/monitoring/maintenance/${id}/cancel`, {}, townB)).statusCode).toBe(404);
    expect((await post(`/api/monitoring/maintenance/${id}/cancel`, {}, townA)).statusCode).toBe(204);
    expect((await post(`/api/monitoring/maintenance/${id}/cancel`, {}, townA)).statusCode).toBe(409);
    const after = await auditRows(t.deps.db, { resource_id: id });
    expect(after.map((a) => a.action)).toEqual(['monitoring.maintenance.create', 'monitoring.maintenance.cancel']);
  });

  it('the demo feed keeps the demo devices reporting while the server runs (a durable job that re-arms itself)', async () => {
    const dev = await silentDevice(SHIQI);
    await enqueueJob(t.deps.db, { kind: 'monitoring.demo-feed', runAt: t.clock.now(), payload: { devices: [dev] }, dedupKey: 'monitoring.demo-feed' });
    await t.deps.jobs.runDue();
    await settle();
    const stored = await t.deps.db.selectFrom('monitoring_readings').select(['ts', 'metrics']).where('device_id', '=', dev).execute();
    expect(stored).toHaveLength(1);
    expect(new Date(stored[0].ts).getTime()).toBe(t.clock.now().getTime());
    expect(
      (await t.deps.db.selectFrom('monitoring_devices').select('last_seen_at').where('id', '=', dev).executeTakeFirstOrThrow()).last_seen_at,
    ).not.toBeNull();
    expect((await pendingRunAt(t.deps.db, { kind: 'monitoring.demo-feed' }))?.getTime()).toBe(t.clock.now().getTime() + 5 * 60_000);
  });

  it('trend down-sampling keeps min and max per bucket: a short peak survives a 24 h chart; the alarm trend carries threshold and peak', async () => {
    const dev = await make.device(t.deps.db, SHIQI, { metrics: JSON.stringify([{ name: 'lel', unit: '%LEL', label: '浓度' }]) });
    const end = t.clock.now().getTime();
    const rows: { device_id: string; seq: number; ts: Date; metrics: string }[] = [];
    // A day of readings every 20 s at about 1 %LEL, with one reading at 31.34 (the alarm).
    for (let at = end - 86_400_000 + 20_000; at <= end; at += 20_000)
      rows.push({ device_id: dev, seq: at, ts: new Date(at), metrics: JSON.stringify({ lel: 1 + (at % 3) * 0.1 }) });
    const peakAt = end - 5 * 3_600_000;
    rows.push({ device_id: dev, seq: peakAt + 1, ts: new Date(peakAt + 1), metrics: JSON.stringify({ lel: 31.34 }) });
    for (let i = 0; i < rows.length; i += 2000)
      await t.deps.db
        .insertInto('monitoring_readings')
        .values(rows.slice(i, i + 2000))
        .execute();
    const trend = await get<D.DeviceTrend>(`/api/monitoring/devices/${dev}/trend?window=24h`);
    expect(trend.points.length).toBeLessThanOrEqual(501);
    expect(trend.bucketSec).toBeGreaterThan(60);
    const maxes = trend.points.map((p) => p.max.lel);
    const means = trend.points.map((p) => p.metrics.lel);
    expect(Math.max(...maxes)).toBe(31.34);
    expect(Math.max(...means)).toBeLessThan(31.34); // the mean alone hides it: that was the bug
    expect(Math.min(...trend.points.map((p) => p.min.lel))).toBe(1);
    const alarm = await make.alarm(t.deps, SHIQI, {
      device_id: dev,
      rule_id: gasRule,
      metric: 'lel',
      severity: 'critical',
      first_value: 31.34,
      last_value: 31.34,
      raised_at: new Date(peakAt),
      last_at: new Date(peakAt),
    });
    const at = await get<D.AlarmTrend>(`/api/monitoring/alarms/${alarm}/trend`);
    expect(at).toMatchObject({ metric: 'lel', threshold: 25, op: 'gt', raisedAt: new Date(peakAt).toISOString(), peak: { value: 31.34 } });
    expect(Math.max(...at.points.map((p) => p.max.lel))).toBe(31.34);
    expect(new Date(at.from).getTime()).toBeLessThan(peakAt);
    expect((await t.app.inject({ method: 'GET', url: `/api/monitoring/alarms/${alarm}/trend`, headers: townB.headers })).statusCode).toBe(404);
    void offlineRule;
  });
});

// (Row makers for the property test; server/test/factories.ts is another helper's file.)
async function makeGroup(deps: Deps, code: string) {
  const id = v7();
  const now = deps.clock.now();
  await deps.db
    .insertInto('monitoring_alarm_groups')
    .values({ id, place_kind: 'town', place_key: `${code}:${id}`, jurisdiction_code: code, severity: 'low', raised_at: now, last_at: now })
    .execute();
  return id;
}
async function makeMaintenance(deps: Deps, code: string) {
  const id = v7();
  const now = deps.clock.now().getTime();
  await deps.db
    .insertInto('monitoring_maintenance')
    .values({
      id,
      target_kind: 'place',
      target_ref: code,
      jurisdiction_code: code,
      device_ids: ['X-1'],
      starts_at: new Date(now),
      ends_at: new Date(now + 3_600_000),
      reason: '检修',
      created_by: v7(),
    })
    .execute();
  return id;
}

describe('scope property (random org subsets, users, grants)', () => {
  const t = fileTestApp();
  const ids = (body: unknown) => (body as { id: string }[]).map((x) => x.id);
  scopePropertyTests(t, [
    {
      name: 'monitoring alarm groups',
      permission: 'monitoring:read',
      create: (tt, code) => makeGroup(tt.deps, code),
      list: { url: '/api/monitoring/alarm-groups?limit=200', extractIds: ids },
    },
    {
      name: 'monitoring maintenance',
      permission: 'monitoring:read',
      create: (tt, code) => makeMaintenance(tt.deps, code),
      list: { url: '/api/monitoring/maintenance?limit=500', extractIds: ids },
    },
  ]);
});

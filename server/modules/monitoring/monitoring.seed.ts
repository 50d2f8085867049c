// Demo data: a few hundred devices in enterprises, parks, along rivers and in the hills of Haishu, a day of
// readings, the last hour fed through the real ingest (so alarms and rule state are genuine), a week's roster.
import { type Insertable, sql } from 'kysely';
import { v7 } from 'uuid';
import { DEFAULT_METRICS, type DeviceType } from '../../../shared/monitoring.ts';
import { systemCtx, type Deps } from '../../platform/context.ts';
import { enqueueJob, type JobContext } from '../../platform/jobs/jobs.ts';
import { ingestorOf } from './monitoring.runtime.ts';
import type { MonitoringRulesTable } from './monitoring.tables.ts';
import { offlineSweep } from './monitoring.service.ts';
import { seedSample } from '../registry/api.ts';

/** mulberry32: the same demo every time. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Normal level, noise and the breaking value per type (matching the default rules below). */
export const PROFILE: Record<DeviceType, { metric: string; base: number; noise: number; anomaly: number }> = {
  smoke: { metric: 'smoke', base: 0.02, noise: 0.01, anomaly: 0.35 },
  temperature: { metric: 'temp', base: 24, noise: 2, anomaly: 78 },
  gas: { metric: 'lel', base: 1, noise: 0.8, anomaly: 32 },
  water_level: { metric: 'level', base: 2.1, noise: 0.08, anomaly: 3.9 },
  rainfall: { metric: 'rain_1h', base: 0.5, noise: 0.8, anomaly: 48 },
  wind: { metric: 'wind', base: 3, noise: 1.5, anomaly: 21 },
  video: { metric: 'online', base: 1, noise: 0, anomaly: 0 },
  generic: { metric: 'value', base: 10, noise: 1, anomaly: 100 },
};

export const DEFAULT_RULES = [
  { name: '烟雾浓度超限', device_type: 'smoke', metric: 'smoke', kind: 'threshold', op: 'gt', threshold: 0.2, hysteresis: 0.05, severity: 'critical' },
  { name: '温度过高', device_type: 'temperature', metric: 'temp', kind: 'duration', op: 'gt', threshold: 60, hysteresis: 5, duration_s: 60, severity: 'high' },
  { name: '温度骤升', device_type: 'temperature', metric: 'temp', kind: 'rate', rate_per_min: 8, hysteresis: 2, severity: 'high' },
  { name: '可燃气体浓度超限', device_type: 'gas', metric: 'lel', kind: 'threshold', op: 'gt', threshold: 25, hysteresis: 5, severity: 'critical' },
  {
    name: '可燃气体低限预警',
    device_type: 'gas',
    metric: 'lel',
    kind: 'threshold',
    op: 'between',
    threshold: 10,
    threshold2: 25,
    hysteresis: 2,
    severity: 'medium',
  },
  { name: '河道水位超警戒', device_type: 'water_level', metric: 'level', kind: 'threshold', op: 'gt', threshold: 3.5, hysteresis: 0.1, severity: 'high' },
  { name: '水位快速上涨', device_type: 'water_level', metric: 'level', kind: 'rate', rate_per_min: 0.05, hysteresis: 0.01, severity: 'medium' },
  { name: '短时强降雨', device_type: 'rainfall', metric: 'rain_1h', kind: 'threshold', op: 'gt', threshold: 30, hysteresis: 5, severity: 'high' },
  { name: '大风', device_type: 'wind', metric: 'wind', kind: 'duration', op: 'gt', threshold: 17.2, hysteresis: 1, duration_s: 120, severity: 'medium' },
  { name: '视频离线', device_type: 'video', metric: 'online', kind: 'threshold', op: 'lt', threshold: 0.5, hysteresis: 0, severity: 'low' },
  ...(['smoke', 'temperature', 'gas', 'water_level', 'rainfall', 'wind', 'video', 'generic'] as const).map((t) => ({
    name: '设备离线',
    device_type: t,
    kind: 'offline',
    offline_minutes: 30,
    severity: 'low',
  })),
] as const;

const TYPE_PREFIX: Record<DeviceType, string> = {
  smoke: 'SMK',
  temperature: 'TMP',
  gas: 'GAS',
  water_level: 'WL',
  rainfall: 'RF',
  wind: 'WND',
  video: 'VID',
  generic: 'GEN',
};
const RIVERS = ['奉化江', '南塘河', '中塘河', '西塘河', '后塘河', '鄞江', '樟溪'];
const HILLS = ['四明山', '龙观', '章水', '鄞江', '横街'];

export async function seedMonitoring(deps: Deps, progress: (done: number, total: number) => void) {
  const exists = await deps.db.selectFrom('monitoring_devices').select('id').limit(1).executeTakeFirst();
  if (exists) return;
  const rand = rng(20260601);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const now = deps.clock.now();
  const ruleIds = new Map<string, string>();
  await deps.db
    .insertInto('monitoring_rules')
    .values(
      DEFAULT_RULES.map((r) => {
        const id = v7();
        ruleIds.set(`${r.device_type}:${r.name}`, id);
        return { id, hysteresis: 0, ...r } as Insertable<MonitoringRulesTable>;
      }),
    )
    .execute();

  const towns = await deps.db.selectFrom('org_units').select(['code', 'name', 'lon', 'lat']).where('kind', '=', 'town').orderBy('code').execute();
  const villages = await deps.db.selectFrom('org_units').select(['code', 'parent_code']).where('kind', '=', 'village').execute();
  const { enterprises, parks } = await seedSample(deps.db, { enterprises: 120, parks: 30 });
  if (!towns.length) return;
  // Haishu: the old city in the east, plains in the middle, the Siming hills to the west.
  const around = (lon: number | null, lat: number | null) => ({
    lon: (lon ?? 121.42 + (rand() - 0.5) * 0.25) + (rand() - 0.5) * 0.01,
    lat: (lat ?? 29.86 + (rand() - 0.5) * 0.12) + (rand() - 0.5) * 0.01,
  });
  const villageOf = (town: string) => {
    const vs = villages.filter((v) => v.parent_code === town);
    return vs.length ? pick(vs).code : town;
  };

  type Dev = {
    id: string;
    name: string;
    type: DeviceType;
    owner_kind: 'enterprise' | 'park' | 'place';
    enterprise_id: string | null;
    park_id: string | null;
    place_name: string | null;
    lon: number;
    lat: number;
    jurisdiction_code: string;
  };
  const devs: Dev[] = [];
  const counter = new Map<DeviceType, number>();
  const add = (d: Omit<Dev, 'id'>) => {
    const n = (counter.get(d.type) ?? 0) + 1;
    counter.set(d.type, n);
    devs.push({ ...d, id: `HS-${TYPE_PREFIX[d.type]}-${String(n).padStart(4, '0')}` });
  };
  for (const e of enterprises) {
    for (const type of ['gas', 'smoke', 'temperature'] as const) {
      if (rand() < 0.35) continue;
      add({
        name: `${e.name} ${DEFAULT_METRICS[type][0].label}监测`,
        type,
        owner_kind: 'enterprise',
        enterprise_id: e.id,
        park_id: null,
        place_name: null,
        ...around(e.lon, e.lat),
        jurisdiction_code: e.jurisdiction_code,
      });
    }
  }
  for (const p of parks) {
    for (const type of ['smoke', 'smoke', 'temperature', 'video'] as const) {
      add({
        name: `${p.name} ${type === 'video' ? '视频监控' : `${DEFAULT_METRICS[type][0].label}监测`}`,
        type,
        owner_kind: 'park',
        enterprise_id: null,
        park_id: p.id,
        place_name: null,
        ...around(p.lon, p.lat),
        jurisdiction_code: p.jurisdiction_code,
      });
    }
  }
  for (const t of towns) {
    const short = t.name.replace(/(街道|镇|乡)$/, '');
    for (let i = 0; i < 4; i++) {
      const river = pick(RIVERS);
      add({
        name: `${river}${short}段水位站${i + 1}`,
        type: 'water_level',
        owner_kind: 'place',
        enterprise_id: null,
        park_id: null,
        place_name: `${river}${short}段`,
        ...around(t.lon, t.lat),
        jurisdiction_code: villageOf(t.code),
      });
    }
    add({
      name: `${short}雨量站`,
      type: 'rainfall',
      owner_kind: 'place',
      enterprise_id: null,
      park_id: null,
      place_name: `${short}气象站`,
      ...around(t.lon, t.lat),
      jurisdiction_code: t.code,
    });
    for (let i = 0; i < 6; i++) {
      const type = pick(['smoke', 'temperature', 'video', 'gas'] as const);
      const place = pick(['菜市场', '老旧小区', '电动车集中充电点', '地下车库', '养老院', '小微园区']);
      add({
        name: `${short}${place}${DEFAULT_METRICS[type][0].label}监测`,
        type,
        owner_kind: 'place',
        enterprise_id: null,
        park_id: null,
        place_name: `${short}${place}`,
        ...around(t.lon, t.lat),
        jurisdiction_code: villageOf(t.code),
      });
    }
  }
  const west = towns.filter((t) => /龙观|章水|鄞江|横街|集士港|古林|高桥|石碶/.test(t.name));
  for (let i = 0; i < 24; i++) {
    const t = pick(west.length ? west : towns);
    const hill = pick(HILLS);
    const type = pick(['rainfall', 'wind', 'rainfall'] as const);
    add({
      name: `${hill}山区${type === 'wind' ? '风速' : '雨量'}站${i + 1}`,
      type,
      owner_kind: 'place',
      enterprise_id: null,
      park_id: null,
      place_name: `${hill}山区`,
      ...around(t.lon, t.lat),
      jurisdiction_code: t.code,
    });
  }
  await deps.db
    .insertInto('monitoring_devices')
    .values(
      devs.map((d) => ({
        ...d,
        metrics: JSON.stringify(DEFAULT_METRICS[d.type]),
        install_date: `202${Math.floor(rand() * 5)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  progress(1, 4);

  // A day of history, every 20 minutes (bulk), with a daily cycle; the last hour goes through ingest.
  const HOUR = 3_600_000;
  const silent = new Set(devs.filter(() => rand() < 0.04).map((d) => d.id));
  const anomalous = new Set(devs.filter((d) => d.type !== 'video' && rand() < 0.05).map((d) => d.id));
  const value = (d: Dev, at: number) => {
    const p = PROFILE[d.type];
    const daily = d.type === 'temperature' ? 4 * Math.sin((((at / HOUR) % 24) / 24) * 2 * Math.PI - Math.PI / 2) : 0;
    return Math.max(0, Math.round((p.base + daily + (rand() - 0.5) * 2 * p.noise) * 100) / 100);
  };
  const rows: { d: string; s: number; t: string; m: string }[] = [];
  for (const d of devs) {
    const stopAt = silent.has(d.id) ? now.getTime() - 2 * HOUR - rand() * 6 * HOUR : now.getTime() - HOUR;
    for (let at = now.getTime() - 24 * HOUR; at < stopAt; at += 20 * 60_000) {
      rows.push({ d: d.id, s: at, t: new Date(at).toISOString(), m: JSON.stringify({ [PROFILE[d.type].metric]: value(d, at) }) });
    }
  }
  for (let i = 0; i < rows.length; i += 5000) {
    const c = rows.slice(i, i + 5000);
    await sql`insert into monitoring_readings (device_id, seq, ts, metrics) select * from unnest(${c.map((r) => r.d)}::text[], ${c.map((r) => r.s)}::bigint[],
      ${c.map((r) => r.t)}::timestamptz[], ${c.map((r) => r.m)}::jsonb[]) on conflict do nothing`.execute(deps.db);
  }
  progress(2, 4);

  const ingestor = ingestorOf(deps);
  const pending: Promise<unknown>[] = [];
  for (const d of devs) {
    if (silent.has(d.id)) continue;
    for (let k = 0; k < 6; k++) {
      const at = now.getTime() - HOUR + k * 10 * 60_000 + Math.floor(rand() * 60_000);
      const breaking = anomalous.has(d.id) && k >= 4;
      const v = breaking ? PROFILE[d.type].anomaly * (0.95 + rand() * 0.1) : value(d, at);
      pending.push(ingestor.submitRaw({ deviceId: d.id, ts: at, seq: at, metrics: { [PROFILE[d.type].metric]: Math.round(v * 100) / 100 } }));
    }
  }
  await Promise.all(pending);
  await ingestor.drained();
  await ingestor.stop().catch(() => {});
  await ingestorOfReset(deps);
  await sql`update monitoring_devices d set last_seen_at = x.ts, online = x.ts > ${new Date(now.getTime() - 30 * 60_000)}, last_values = x.metrics
    from (select distinct on (device_id) device_id, ts, metrics from monitoring_readings order by device_id, ts desc) x where x.device_id = d.id`.execute(
    deps.db,
  );
  await deps.db.transaction().execute((trx) => offlineSweep(trx, now));
  // While the server runs, the demo's devices keep reporting (all but the few meant to be silent): otherwise
  // after half an hour every device would raise 设备离线 and bury the real alarms.
  await enqueueJob(deps.db, {
    kind: DEMO_FEED,
    runAt: now,
    payload: { devices: devs.filter((d) => !silent.has(d.id)).map((d) => d.id) },
    dedupKey: DEMO_FEED,
  });
  // Some alarms are already being worked on.
  const sys = systemCtx(deps);
  const open = await deps.db.selectFrom('monitoring_alarms').select(['id', 'version', 'severity']).orderBy('raised_at').execute();
  for (const [i, a] of open.entries()) {
    if (i % 3 !== 0) continue;
    await deps.db
      .updateTable('monitoring_alarms')
      .set({ status: 'triaged', verdict: 'true_alarm', triaged_at: now, triaged_by: sys.actor.id })
      .where('id', '=', a.id)
      .execute();
  }
  progress(3, 4);

  // A week of 24-hour shifts at the bureau's duty room (08:00 to 08:00), a handover and log entries.
  const officers = await deps.db.selectFrom('users').select(['id', 'display_name', 'roles']).where('disabled', '=', false).execute();
  const officer = officers.filter((u) => u.roles.includes('duty_officer'));
  const leader = officers.filter((u) => u.roles.includes('duty_leader'));
  if (officer.length && leader.length) {
    const unit = '330203D01';
    const day0 = new Date(now);
    day0.setUTCHours(0, 0, 0, 0); // 08:00 Beijing
    if (day0 > now) day0.setUTCDate(day0.getUTCDate() - 1);
    const shifts: string[] = [];
    for (let i = -1; i < 6; i++) {
      const id = v7();
      shifts.push(id);
      await deps.db
        .insertInto('monitoring_duty_shifts')
        .values({
          id,
          unit_code: unit,
          starts_at: new Date(day0.getTime() + i * 24 * HOUR),
          ends_at: new Date(day0.getTime() + (i + 1) * 24 * HOUR),
          officer_id: officer[(i + 1) % officer.length].id,
          leader_id: leader[(i + 1) % leader.length].id,
        })
        .execute();
    }
    await deps.db
      .insertInto('monitoring_handovers')
      .values({
        id: v7(),
        unit_code: unit,
        from_shift_id: shifts[0],
        to_shift_id: shifts[1],
        handed_over_at: day0,
        handed_over_by: officer[0].id,
        note: '夜间平稳；奉化江水位偏高，请继续关注。',
        open_items: JSON.stringify(
          await deps.db.selectFrom('monitoring_alarms').select(['id', 'message', 'severity', 'status']).where('status', '<>', 'closed').limit(20).execute(),
        ),
      })
      .execute();
    const entries = [
      ['call', '石碶街道来电：某厂区闻到异味，已通知街道应急站核查。'],
      ['instruction', '带班领导：汛期加强河道水位巡查，每两小时报一次。'],
      ['report', '向市应急管理局报送当日值班情况。'],
      ['note', '视频监控平台例行巡检，发现 2 路离线，已通知运维。'],
    ] as const;
    for (const [k, [kind, content]] of entries.entries()) {
      await deps.db
        .insertInto('monitoring_duty_log')
        .values({
          id: v7(),
          unit_code: unit,
          shift_id: shifts[1],
          at: new Date(now.getTime() - (k + 1) * 47 * 60_000),
          kind,
          content,
          author_id: officer[0].id,
          author_name: officer[0].display_name,
        })
        .execute();
    }
    await deps.db
      .insertInto('monitoring_accident_reports')
      .values({
        id: v7(),
        jurisdiction_code: towns[0].code,
        title: '某仓储企业叉车伤人事故（1 人受伤）',
        occurred_at: new Date(now.getTime() - 50 * 60_000),
        known_at: new Date(now.getTime() - 40 * 60_000),
      })
      .execute();
  }
  progress(4, 4);
}

export const DEMO_FEED = 'monitoring.demo-feed';
/** How often a demo device reports (well inside the 30-minute offline rule). */
export const DEMO_FEED_MS = 5 * 60_000;

/**
 * The demo's simulator, a durable job: every five minutes each demo device (payload.devices) reports a normal
 * reading through the real ingest, so its last-seen stays fresh and no offline alarm is raised. The readings
 * are submitted after the job's transaction commits (PGlite has one connection: the ingest batch would wait
 * for the job's transaction). Anomalies are not injected; use `anlan simulate --anomaly-rate` for those.
 */
export async function demoFeed(deps: Deps, { trx, clock, job, enqueue, tx }: JobContext) {
  const ids = Array.isArray(job.payload.devices) ? (job.payload.devices as string[]) : [];
  await enqueue({ kind: DEMO_FEED, runAt: new Date(clock.now().getTime() + DEMO_FEED_MS), payload: { devices: ids }, dedupKey: DEMO_FEED });
  if (!ids.length) return;
  const devices = await trx.selectFrom('monitoring_devices').select(['id', 'type']).where('id', 'in', ids).where('disabled', '=', false).execute();
  const at = clock.now().getTime();
  tx.afterCommit.push(() => {
    const ingestor = ingestorOf(deps);
    for (const d of devices) {
      const p = PROFILE[d.type];
      const v = Math.max(0, Math.round((p.base + (Math.random() - 0.5) * 2 * p.noise) * 100) / 100);
      ingestor.submitRaw({ deviceId: d.id, ts: at, seq: at, metrics: { [p.metric]: v } }).catch(() => {});
    }
  });
}

/** The seed runs before start(): drop its Ingestor so the server's own one starts fresh. */
async function ingestorOfReset(deps: Deps) {
  const { forgetIngestor } = await import('./monitoring.runtime.ts');
  forgetIngestor(deps);
}

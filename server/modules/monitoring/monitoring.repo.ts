// The only place with SQL for monitoring reads and simple writes. Every read of domain rows starts from scopedFrom.
import { sql } from 'kysely';
import type { AlarmState, DeviceType, Severity } from '../../../shared/monitoring.ts';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { countCapped } from '../../platform/pagination.ts';
import { containsLike, prefixLike } from '../../platform/sql.ts';
import { withOwnerNames } from '../registry/api.ts';

export async function setDeviceStatus(deps: Deps, deviceId: string, online: boolean) {
  await deps.db.updateTable('monitoring_devices').set({ online, updated_at: deps.clock.now() }).where('id', '=', deviceId).execute();
}

export interface DeviceFilter {
  q?: string;
  type?: DeviceType;
  town?: string;
  online?: boolean;
  enterpriseId?: string;
  page: number;
  pageSize: number;
}

const deviceCols = [
  'monitoring_devices.id',
  'monitoring_devices.name',
  'monitoring_devices.type',
  'monitoring_devices.owner_kind',
  'monitoring_devices.enterprise_id',
  'monitoring_devices.park_id',
  'monitoring_devices.place_name',
  'monitoring_devices.lon',
  'monitoring_devices.lat',
  'monitoring_devices.jurisdiction_code',
  'monitoring_devices.metrics',
  'monitoring_devices.install_date',
  'monitoring_devices.online',
  'monitoring_devices.last_seen_at',
  'monitoring_devices.last_values',
  'monitoring_devices.disabled',
  'monitoring_devices.version',
] as const;

function devicesQuery(ctx: Ctx, f: Omit<DeviceFilter, 'page' | 'pageSize'>) {
  let q = scopedFrom(ctx, 'monitoring_devices', { enterprise: 'monitoring_devices.enterprise_id' });
  if (f.q)
    q = q.where((eb) =>
      eb.or([eb('monitoring_devices.name', 'ilike', containsLike(f.q as string)), eb('monitoring_devices.id', 'ilike', containsLike(f.q as string))]),
    );
  if (f.type) q = q.where('monitoring_devices.type', '=', f.type);
  if (f.town) q = q.where('monitoring_devices.jurisdiction_code', 'like', prefixLike(f.town));
  if (f.online !== undefined) q = q.where('monitoring_devices.online', '=', f.online);
  if (f.enterpriseId) q = q.where('monitoring_devices.enterprise_id', '=', f.enterpriseId);
  return q;
}

export async function listDevices(ctx: Ctx, f: DeviceFilter) {
  const base = devicesQuery(ctx, f);
  const [items, total] = await Promise.all([
    base
      .select(deviceCols)
      .orderBy('monitoring_devices.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute()
      .then((rows) => withOwnerNames(ctx.db, rows)),
    countCapped(ctx.deps.db, base),
  ]);
  return { items, total: total.total, totalCapped: total.capped };
}

/** Map points: every device in scope with position and state (the live screen draws them all). */
export async function devicePoints(ctx: Ctx) {
  return scopedFrom(ctx, 'monitoring_devices', { enterprise: 'monitoring_devices.enterprise_id' })
    .select(['id', 'name', 'type', 'lon', 'lat', 'online', 'jurisdiction_code', 'last_seen_at'])
    .where('disabled', '=', false)
    .execute();
}

export async function getDevice(ctx: Ctx, id: string) {
  const row = await scopedFrom(ctx, 'monitoring_devices', { enterprise: 'monitoring_devices.enterprise_id' })
    .select(deviceCols)
    .where('monitoring_devices.id', '=', id)
    .executeTakeFirst();
  return row && (await withOwnerNames(ctx.db, [row]))[0];
}

/** Readings of one device in a window, bucketed so a chart gets at most ~500 points. */
export async function deviceTrend(deps: Deps, deviceId: string, from: Date, to: Date) {
  const bucketSec = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 1000 / 500));
  const res = await sql<{ t: Date; metrics: Record<string, number> }>`
    select to_timestamp(floor(extract(epoch from ts) / ${bucketSec}) * ${bucketSec}) as t,
      (select jsonb_object_agg(k, v) from (select key as k, avg((value)::text::float8) as v
        from unnest(array_agg(metrics)) m, jsonb_each(m) group by key) a) as metrics
    from monitoring_readings where device_id = ${deviceId} and ts >= ${from} and ts <= ${to}
    group by 1 order by 1`.execute(deps.db);
  return { bucketSec, points: res.rows.map((r) => ({ t: new Date(r.t).toISOString(), metrics: r.metrics })) };
}

export interface AlarmFilter {
  status?: AlarmState | 'open';
  severity?: Severity;
  deviceId?: string;
  town?: string;
  page: number;
  pageSize: number;
}

export async function listAlarms(ctx: Ctx, f: AlarmFilter) {
  let q = scopedFrom(ctx, 'monitoring_alarms', { enterprise: 'monitoring_alarms.enterprise_id' });
  if (f.status === 'open') q = q.where('monitoring_alarms.status', '<>', 'closed');
  else if (f.status) q = q.where('monitoring_alarms.status', '=', f.status);
  if (f.severity) q = q.where('monitoring_alarms.severity', '=', f.severity);
  if (f.deviceId) q = q.where('monitoring_alarms.device_id', '=', f.deviceId);
  if (f.town) q = q.where('monitoring_alarms.jurisdiction_code', 'like', prefixLike(f.town));
  const [items, total] = await Promise.all([
    q
      .innerJoin('monitoring_devices', 'monitoring_devices.id', 'monitoring_alarms.device_id')
      .selectAll('monitoring_alarms')
      .select(['monitoring_devices.name as device_name', 'monitoring_devices.type as device_type', 'monitoring_devices.lon', 'monitoring_devices.lat'])
      .orderBy('monitoring_alarms.raised_at', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    countCapped(ctx.deps.db, q),
  ]);
  return { items, total: total.total, totalCapped: total.capped };
}

export async function getAlarm(ctx: Ctx, id: string) {
  return scopedFrom(ctx, 'monitoring_alarms', { enterprise: 'monitoring_alarms.enterprise_id' })
    .innerJoin('monitoring_devices', 'monitoring_devices.id', 'monitoring_alarms.device_id')
    .selectAll('monitoring_alarms')
    .select(['monitoring_devices.name as device_name', 'monitoring_devices.type as device_type', 'monitoring_devices.lon', 'monitoring_devices.lat'])
    .where('monitoring_alarms.id', '=', id)
    .executeTakeFirst();
}

export async function alarmTimeline(db: Tx, alarmId: string) {
  return db.selectFrom('monitoring_alarm_events').selectAll().where('alarm_id', '=', alarmId).orderBy('id').execute();
}

/** Online rate per town (devices in scope). */
export async function onlineByTown(ctx: Ctx) {
  const rows = await scopedFrom(ctx, 'monitoring_devices', { enterprise: 'monitoring_devices.enterprise_id' })
    .innerJoin('org_units', (j) => j.onRef('org_units.code', '=', sql`substr(monitoring_devices.jurisdiction_code, 1, 9)`))
    .select((eb) => [
      'org_units.code',
      'org_units.name',
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(sql`case when monitoring_devices.online then 1 else 0 end`).as('online'),
    ])
    .where('monitoring_devices.disabled', '=', false)
    .groupBy(['org_units.code', 'org_units.name'])
    .orderBy('org_units.code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, total: Number(r.total), online: Number(r.online) }));
}

export async function ingestStats(deps: Deps) {
  return deps.db.selectFrom('monitoring_ingest_rejects').selectAll().orderBy('reason').execute();
}

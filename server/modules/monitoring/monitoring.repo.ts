// The only place with SQL for monitoring reads and simple writes. Every read of domain rows starts from scopedFrom.
import { type Insertable, sql, type Updateable } from 'kysely';
import type { AlarmState, DeviceType, DutyLogKind, Severity } from '../../../shared/monitoring.ts';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { readHistory } from '../../platform/history.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { countCapped } from '../../platform/pagination.ts';
import { columnsOf, containsLike, prefixLike } from '../../platform/sql.ts';
import type { MonitoringDevicesTable, MonitoringRulesTable } from './monitoring.tables.ts';
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
    countCapped(ctx.db, base),
  ]);
  return { items, total: total.total, totalCapped: total.capped, page: f.page, pageSize: f.pageSize };
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

/**
 * Readings of one device in a window, bucketed so a chart gets at most ~500 points. Each bucket keeps the mean
 * and the minimum and maximum of each metric: an average alone hides a short peak (an alarm at lel 31 drawn
 * as 2.4 on a day's chart), so the chart draws the min–max band and the peak stays visible at every zoom.
 */
export async function deviceTrend(db: Tx, deviceId: string, from: Date, to: Date) {
  const bucketSec = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 1000 / 500));
  const res = await sql<{ t: Date; metrics: Record<string, number>; min: Record<string, number>; max: Record<string, number> }>`
    select t, jsonb_object_agg(k, v) as metrics, jsonb_object_agg(k, lo) as min, jsonb_object_agg(k, hi) as max from (
      select to_timestamp(floor(extract(epoch from ts) / ${bucketSec}) * ${bucketSec}) as t, m.key as k,
        avg((m.value)::text::float8) as v, min((m.value)::text::float8) as lo, max((m.value)::text::float8) as hi
      from monitoring_readings, jsonb_each(metrics) m
      where device_id = ${deviceId} and ts >= ${from} and ts <= ${to} and jsonb_typeof(m.value) = 'number'
      group by 1, 2) b
    group by t order by t`.execute(db);
  return { bucketSec, points: res.rows.map((r) => ({ t: new Date(r.t).toISOString(), metrics: r.metrics, min: r.min, max: r.max })) };
}

/** The highest reading of a metric in a window, with its time (an alarm's peak). */
export async function peakOf(db: Tx, deviceId: string, metric: string, from: Date, to: Date) {
  const res = await sql<{ ts: Date; v: number }>`
    select ts, (metrics->>${metric})::float8 as v from monitoring_readings
    where device_id = ${deviceId} and ts >= ${from} and ts <= ${to} and jsonb_typeof(metrics->${metric}) = 'number'
    order by v desc, ts limit 1`.execute(db);
  const r = res.rows[0];
  return r ? { t: new Date(r.ts).toISOString(), value: Number(r.v) } : null;
}

export interface AlarmFilter {
  status?: AlarmState | 'open';
  severity?: Severity;
  deviceId?: string;
  town?: string;
  deviceType?: DeviceType;
  /** raised at or after / before */
  from?: string;
  to?: string;
  /** -severity (most severe first, then newest; the default), severity, time (= -raisedAt), raisedAt, -raisedAt */
  sort?: string;
  /** hide the alarms folded into a group alarm (default true; a device's or a group's own list passes false) */
  fold?: boolean;
  groupId?: string;
  page: number;
  pageSize: number;
}

/** Most severe first: critical 4 … low 1. */
const severityRank = sql<number>`case monitoring_alarms.severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 else 1 end`;

function alarmsQuery(ctx: Ctx, f: Omit<AlarmFilter, 'page' | 'pageSize' | 'sort'>) {
  let q = scopedFrom(ctx, 'monitoring_alarms', { enterprise: 'monitoring_alarms.enterprise_id' }).innerJoin(
    'monitoring_devices',
    'monitoring_devices.id',
    'monitoring_alarms.device_id',
  );
  if (f.status === 'open') q = q.where('monitoring_alarms.status', '<>', 'closed');
  else if (f.status) q = q.where('monitoring_alarms.status', '=', f.status);
  if (f.severity) q = q.where('monitoring_alarms.severity', '=', f.severity);
  if (f.deviceId) q = q.where('monitoring_alarms.device_id', '=', f.deviceId);
  if (f.town) q = q.where('monitoring_alarms.jurisdiction_code', 'like', prefixLike(f.town));
  if (f.deviceType) q = q.where('monitoring_devices.type', '=', f.deviceType);
  if (f.from) q = q.where('monitoring_alarms.raised_at', '>=', new Date(f.from));
  if (f.to) q = q.where('monitoring_alarms.raised_at', '<', new Date(f.to));
  if (f.groupId) q = q.where('monitoring_alarms.group_id', '=', f.groupId);
  else if (f.fold !== false && !f.deviceId) q = q.where('monitoring_alarms.group_id', 'is', null);
  return q;
}

export async function listAlarms(ctx: Ctx, f: AlarmFilter) {
  const q = alarmsQuery(ctx, f);
  let sorted = q
    .selectAll('monitoring_alarms')
    .select(['monitoring_devices.name as device_name', 'monitoring_devices.type as device_type', 'monitoring_devices.lon', 'monitoring_devices.lat']);
  const sort = f.sort ?? '-severity';
  if (sort === '-severity' || sort === 'severity') sorted = sorted.orderBy(severityRank, sort === 'severity' ? 'asc' : 'desc');
  const [items, total] = await Promise.all([
    sorted
      .orderBy('monitoring_alarms.raised_at', sort === 'raisedAt' ? 'asc' : 'desc')
      .orderBy('monitoring_alarms.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    countCapped(ctx.db, q),
  ]);
  return { items, total: total.total, totalCapped: total.capped, page: f.page, pageSize: f.pageSize };
}

/** Alarms by severity under the list's filters (folded members included: the header counts every alarm), and open groups. */
export async function alarmCounts(ctx: Ctx, f: Omit<AlarmFilter, 'page' | 'pageSize' | 'sort' | 'severity'>) {
  const rows = await alarmsQuery(ctx, { ...f, fold: false })
    .select((eb) => ['monitoring_alarms.severity', eb.fn.countAll<number>().as('n')])
    .groupBy('monitoring_alarms.severity')
    .execute();
  let g = scopedFrom(ctx, 'monitoring_alarm_groups', { enterprise: 'monitoring_alarm_groups.enterprise_id' }).where(
    'monitoring_alarm_groups.status',
    '<>',
    'closed',
  );
  if (f.town) g = g.where('monitoring_alarm_groups.jurisdiction_code', 'like', prefixLike(f.town));
  const groups = await g.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { rows: rows.map((r) => ({ severity: r.severity, n: Number(r.n) })), groups: Number(groups?.n ?? 0) };
}

/** Group alarms not yet closed (or of a status), most severe and newest first, with their member devices. */
export async function listGroups(ctx: Ctx, f: { status?: 'open' | 'cleared' | 'closed'; town?: string; limit: number }) {
  let q = scopedFrom(ctx, 'monitoring_alarm_groups', { enterprise: 'monitoring_alarm_groups.enterprise_id' }).selectAll('monitoring_alarm_groups');
  q = f.status ? q.where('monitoring_alarm_groups.status', '=', f.status) : q.where('monitoring_alarm_groups.status', '<>', 'closed');
  if (f.town) q = q.where('monitoring_alarm_groups.jurisdiction_code', 'like', prefixLike(f.town));
  const groups = await q.orderBy('monitoring_alarm_groups.raised_at', 'desc').limit(f.limit).execute();
  const members = groups.length
    ? await ctx.db
        .selectFrom('monitoring_alarms as a')
        .innerJoin('monitoring_devices as d', 'd.id', 'a.device_id')
        .select([
          'a.group_id',
          'a.id',
          'a.status',
          'a.version',
          'a.raised_at',
          'a.cleared_at',
          'a.device_id',
          'd.name as device_name',
          'd.type as device_type',
          'd.online',
          'd.last_seen_at',
        ])
        .where(
          'a.group_id',
          'in',
          groups.map((g) => g.id),
        )
        .orderBy('a.raised_at')
        .execute()
    : [];
  const named = await withOwnerNames(ctx.db, groups);
  const towns = new Map(
    (await ctx.db.selectFrom('org_units').select(['code', 'name']).where('kind', '=', 'town').execute()).map((t) => [t.code, t.name] as const),
  );
  return named.map((g) => ({
    ...g,
    town_name: towns.get(g.jurisdiction_code.slice(0, 9)) ?? null,
    members: members.filter((m) => m.group_id === g.id),
  }));
}

export async function listMaintenance(ctx: Ctx, f: { active?: boolean; now: Date; limit: number }) {
  let q = scopedFrom(ctx, 'monitoring_maintenance', { enterprise: 'monitoring_maintenance.enterprise_id' }).selectAll('monitoring_maintenance');
  if (f.active) q = q.where('monitoring_maintenance.cancelled_at', 'is', null).where('monitoring_maintenance.ends_at', '>', f.now);
  return q
    .leftJoin('users', 'users.id', 'monitoring_maintenance.created_by')
    .select('users.display_name as created_by_name')
    .orderBy('monitoring_maintenance.starts_at', 'desc')
    .limit(f.limit)
    .execute();
}

export async function getAlarm(ctx: Ctx, id: string) {
  return scopedFrom(ctx, 'monitoring_alarms', { enterprise: 'monitoring_alarms.enterprise_id' })
    .innerJoin('monitoring_devices', 'monitoring_devices.id', 'monitoring_alarms.device_id')
    .selectAll('monitoring_alarms')
    .select(['monitoring_devices.name as device_name', 'monitoring_devices.type as device_type', 'monitoring_devices.lon', 'monitoring_devices.lat'])
    .where('monitoring_alarms.id', '=', id)
    .executeTakeFirst();
}

/** The alarms' aggregate in the platform history (alarmMachine's name: apply writes its steps there). */
export const ALARM_AGGREGATE = 'monitoring.alarm';

export async function alarmTimeline(db: Tx, alarmId: string) {
  return readHistory(db, ALARM_AGGREGATE, alarmId);
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

export async function ingestRejects(db: Tx) {
  return db.selectFrom('monitoring_ingest_rejects').selectAll().orderBy('reason').execute();
}

/** Rules are district-wide configuration: every rule, type rules first by type. */
export async function listRules(db: Tx) {
  return db.selectFrom('monitoring_rules').selectAll().orderBy('device_type').orderBy('name').execute();
}

/** The credential check of an enabled device: its stored secret hash. */
export async function deviceSecretHash(db: Tx, id: string) {
  return db.selectFrom('monitoring_devices').select(['id', 'secret_hash']).where('id', '=', id).where('disabled', '=', false).executeTakeFirst();
}

/** People who can be put on duty: enabled users with a duty role. */
export async function dutyPeople(db: Tx) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'unit_code', 'roles'])
    .where('disabled', '=', false)
    .where((eb) => eb.or([eb(eb.val('duty_officer'), '=', eb.fn.any('roles')), eb(eb.val('duty_leader'), '=', eb.fn.any('roles'))]))
    .orderBy('display_name')
    .execute();
}

// ── duty ──
export interface ShiftRow {
  id: string;
  unit_code: string;
  starts_at: Date;
  ends_at: Date;
  officer_id: string;
  leader_id: string;
  created_by: string | null;
}

/** A shift of the unit, or of either person, overlapping [starts, ends). */
export async function clashingShift(db: Tx, s: { unitCode: string; starts: Date; ends: Date; people: string[] }) {
  return db
    .selectFrom('monitoring_duty_shifts')
    .select(['id', 'unit_code', 'officer_id', 'leader_id'])
    .where('starts_at', '<', s.ends)
    .where('ends_at', '>', s.starts)
    .where((eb) => eb.or([eb('unit_code', '=', s.unitCode), eb('officer_id', 'in', s.people), eb('leader_id', 'in', s.people)]))
    .executeTakeFirst();
}

export async function disabledUsers(db: Tx, ids: string[]) {
  return db.selectFrom('users').select(['id']).where('id', 'in', ids).where('disabled', '=', true).execute();
}

export async function insertShift(db: Tx, s: Omit<ShiftRow, 'created_by'> & { created_by: string }) {
  await db.insertInto('monitoring_duty_shifts').values(s).execute();
}

export async function listShifts(ctx: Ctx, f: { from: Date; to: Date; unitCode?: string }) {
  let q = scopedFrom(ctx, 'monitoring_duty_shifts', { jurisdiction: 'monitoring_duty_shifts.unit_code' })
    .innerJoin('users as o', 'o.id', 'monitoring_duty_shifts.officer_id')
    .innerJoin('users as l', 'l.id', 'monitoring_duty_shifts.leader_id')
    .leftJoin('monitoring_handovers as h', 'h.to_shift_id', 'monitoring_duty_shifts.id')
    .selectAll('monitoring_duty_shifts')
    .select(['o.display_name as officer_name', 'l.display_name as leader_name', 'h.id as handover_id', 'h.acknowledged_at'])
    .where('monitoring_duty_shifts.ends_at', '>', f.from)
    .where('monitoring_duty_shifts.starts_at', '<', f.to);
  if (f.unitCode) q = q.where('monitoring_duty_shifts.unit_code', '=', f.unitCode);
  return q.orderBy('monitoring_duty_shifts.starts_at').execute();
}

export async function getShift(db: Tx, id: string) {
  return db.selectFrom('monitoring_duty_shifts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The unit's shift that ended last before `startsAt` (the one handing over). */
export async function previousShift(db: Tx, unitCode: string, startsAt: Date) {
  return db
    .selectFrom('monitoring_duty_shifts')
    .selectAll()
    .where('unit_code', '=', unitCode)
    .where('ends_at', '<=', startsAt)
    .orderBy('ends_at', 'desc')
    .executeTakeFirst();
}

/** The unit's shift at `at`, if any. */
export async function currentShift(db: Tx, unitCode: string, at: Date) {
  return db
    .selectFrom('monitoring_duty_shifts')
    .select('id')
    .where('unit_code', '=', unitCode)
    .where('starts_at', '<=', at)
    .where('ends_at', '>', at)
    .executeTakeFirst();
}

/** Open alarms under a code prefix, newest first (at most 200: what a handover lists). */
export async function openAlarmsUnder(db: Tx, area: string) {
  return db
    .selectFrom('monitoring_alarms')
    .select(['id', 'message', 'severity', 'status'])
    .where('status', '<>', 'closed')
    .where('jurisdiction_code', 'like', prefixLike(area))
    .orderBy('raised_at', 'desc')
    .limit(200)
    .execute();
}

export async function handoverTo(db: Tx, toShiftId: string) {
  return db.selectFrom('monitoring_handovers').select('id').where('to_shift_id', '=', toShiftId).executeTakeFirst();
}

export async function insertHandover(
  db: Tx,
  h: {
    id: string;
    unit_code: string;
    from_shift_id: string | null;
    to_shift_id: string;
    handed_over_at: Date;
    handed_over_by: string;
    note: string | null;
    open_items: { id: string; message: string; severity: Severity; status: AlarmState }[];
  },
) {
  await db
    .insertInto('monitoring_handovers')
    .values({ ...h, open_items: JSON.stringify(h.open_items) })
    .execute();
}

export async function getHandover(db: Tx, id: string) {
  return db.selectFrom('monitoring_handovers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function acknowledgeHandover(db: Tx, id: string, by: string, at: Date) {
  await db.updateTable('monitoring_handovers').set({ acknowledged_at: at, acknowledged_by: by }).where('id', '=', id).execute();
}

export async function insertLogEntry(
  db: Tx,
  e: { id: string; unit_code: string; shift_id: string | null; at: Date; kind: DutyLogKind; content: string; author_id: string; author_name: string },
) {
  await db.insertInto('monitoring_duty_log').values(e).execute();
}

export async function listLog(ctx: Ctx, f: { unitCode?: string; limit: number }) {
  let q = scopedFrom(ctx, 'monitoring_duty_log', { jurisdiction: 'monitoring_duty_log.unit_code' }).selectAll();
  if (f.unitCode) q = q.where('unit_code', '=', f.unitCode);
  return q.orderBy('at', 'desc').limit(f.limit).execute();
}

export async function insertAccidentReport(
  db: Tx,
  a: { id: string; jurisdiction_code: string; title: string; occurred_at: string; known_at: string; created_by: string },
) {
  await db.insertInto('monitoring_accident_reports').values(a).execute();
}

export async function getAccidentReport(db: Tx, id: string) {
  return db.selectFrom('monitoring_accident_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markAccidentReported(db: Tx, id: string, step: 'county' | 'city' | 'province', at: Date) {
  await db
    .updateTable('monitoring_accident_reports')
    .set({ [`${step}_reported_at`]: at })
    .where('id', '=', id)
    .execute();
}

export async function listAccidentReports(ctx: Ctx) {
  return scopedFrom(ctx, 'monitoring_accident_reports').selectAll().orderBy('known_at', 'desc').limit(100).execute();
}

// ── device and rule writes ──
type DeviceValues = Omit<Insertable<MonitoringDevicesTable>, 'id'>;
type RuleValues = Omit<Insertable<MonitoringRulesTable>, 'id'>;

export async function deviceExists(db: Tx, id: string) {
  return !!(await db.selectFrom('monitoring_devices').select('id').where('id', '=', id).executeTakeFirst());
}

export async function insertDevice(db: Tx, id: string, values: DeviceValues) {
  await db
    .insertInto('monitoring_devices')
    .values({ id, ...values })
    .execute();
}

/** Update at the version the caller read; false when someone else changed it meanwhile. */
export async function updateDevice(db: Tx, id: string, version: number, values: Updateable<MonitoringDevicesTable>) {
  const res = await db
    .updateTable('monitoring_devices')
    .set({ ...values, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setDeviceSecret(db: Tx, id: string, secretHash: string, at: Date) {
  await db.updateTable('monitoring_devices').set({ secret_hash: secretHash, updated_at: at }).where('id', '=', id).execute();
}

export async function getRule(db: Tx, id: string) {
  return db.selectFrom('monitoring_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRule(db: Tx, id: string, values: RuleValues) {
  await db
    .insertInto('monitoring_rules')
    .values({ id, ...values })
    .execute();
}

/** Update at the version the caller read; false when someone else changed it meanwhile. */
export async function updateRule(db: Tx, id: string, version: number, values: Updateable<MonitoringRulesTable>) {
  const res = await db
    .updateTable('monitoring_rules')
    .set({ ...values, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The enabled devices in id order (what `anlan simulate` reports for). */
export function enabledDevices(deps: Deps, limit: number) {
  return deps.db.selectFrom('monitoring_devices').select(['id', 'type']).where('disabled', '=', false).orderBy('id').limit(limit).execute();
}

/** Open (not closed) alarms in scope counted by severity and state: the work desk's panel. */
export function openAlarmCounts(ctx: Ctx) {
  return scopedFrom(ctx, 'monitoring_alarms', { enterprise: 'monitoring_alarms.enterprise_id' })
    .where('monitoring_alarms.status', '<>', 'closed')
    .select(['monitoring_alarms.severity', 'monitoring_alarms.status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy(['monitoring_alarms.severity', 'monitoring_alarms.status'])
    .execute();
}

/** One enterprise's devices (all / online) and open alarms, latest first: its 一企一档 section. */
export async function enterpriseMonitoring(ctx: Ctx, enterpriseId: string) {
  const devices = devicesQuery(ctx, { enterpriseId });
  const all = await countCapped(ctx.db, devices);
  const online = await countCapped(ctx.db, devicesQuery(ctx, { enterpriseId, online: true }));
  const open = scopedFrom(ctx, 'monitoring_alarms', { enterprise: 'monitoring_alarms.enterprise_id' })
    .where('monitoring_alarms.enterprise_id', '=', enterpriseId)
    .where('monitoring_alarms.status', '<>', 'closed');
  const openCount = await countCapped(ctx.db, open);
  const latest = await open
    .innerJoin('monitoring_devices', 'monitoring_devices.id', 'monitoring_alarms.device_id')
    .select([...columnsOf('monitoring_alarms', ['id', 'message', 'severity', 'status', 'raised_at']), 'monitoring_devices.name as device_name'])
    .orderBy('monitoring_alarms.raised_at', 'desc')
    .limit(5)
    .execute();
  return { all, online, openCount, latest };
}

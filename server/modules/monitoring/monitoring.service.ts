// Monitoring services: devices, rules, the alarm lifecycle, offline sweep and SLA escalation.
// Each write: requirePermission → rule → one transaction with its audit row → events after commit.
import { createHash, randomBytes } from 'node:crypto';
import { v7 } from 'uuid';
import { type Selectable, sql, type Updateable } from 'kysely';
import {
  ALARM_STATE_LABELS,
  ALARM_TRANSITIONS,
  type AlarmAction,
  type AlarmState,
  DEFAULT_METRICS,
  hazardFromAlarm,
  type DeviceType,
  type OwnerKind,
  type RuleKind,
  type RuleOp,
  type Severity,
  TRIAGE_SLA_MINUTES,
} from '../../../shared/monitoring.ts';
import { assertInScope, type ReferencedRow, requirePermission, requireJurisdiction, requireVisible } from '../../platform/access.ts';
import { audit, writeAudit } from '../../platform/audit.ts';
import { type Ctx, type Deps, jobCtx, withTx } from '../../platform/context.ts';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.ts';
import { publish } from '../../platform/events.ts';
import { insertHistory, SYSTEM_ACTOR, writeHistory } from '../../platform/history.ts';
import { enqueueJob, type JobContext } from '../../platform/jobs/jobs.ts';
import { allowedActions, apply, type Machine, stepOf } from '../../platform/lifecycle.ts';
import { createHazard } from '../hazards/api.ts';
import { requireEnterprise, requirePark } from '../registry/api.ts';
import { ALARM_EVENT, type AlarmEvent, type IngestResult as ReadingResult, raiseAlarm, toEvent } from './monitoring.ingest.ts';
import type { AlarmDetail, Device, DevicePoint, DeviceTrend, IngestResult, IngestStats, Rule as RuleDto, TownOnline } from '../../../shared/monitoring.dto.ts';
import { regroupOffline } from './monitoring.groups.ts';
import * as present from './monitoring.present.ts';
import * as repo from './monitoring.repo.ts';
import { ALARM_AGGREGATE, alarmTimeline, getAlarm, getDevice } from './monitoring.repo.ts';
import { ingestorOf } from './monitoring.runtime.ts';
import { RULE_STATE_CHANGED } from './monitoring.runtime.ts';
import type { Rule } from './monitoring.rules.ts';
import type { MetricDef, MonitoringAlarmsTable } from './monitoring.tables.ts';

const deviceNotFound = () => notFound('设备', 'Device');
const alarmNotFound = () => notFound('告警', 'Alarm');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// ── devices ──────────────────────────────────────────────────────────────────────────────────────────
export interface DeviceInput {
  id: string;
  name: string;
  type: DeviceType;
  ownerKind: OwnerKind;
  enterpriseId?: string | null;
  parkId?: string | null;
  placeName?: string | null;
  lon?: number | null;
  lat?: number | null;
  jurisdictionCode: string;
  metrics?: MetricDef[];
  installDate?: string | null;
}

async function checkDeviceInput(ctx: Ctx, d: DeviceInput, field = 'body') {
  await requireJurisdiction(ctx, d.jurisdictionCode, `${field}.jurisdictionCode`);
  let owner: { row: ReferencedRow; field: string } | undefined;
  if (d.ownerKind === 'enterprise') {
    if (!d.enterpriseId) throw fieldError(`${field}.enterpriseId`, '企业设备必须填写所属企业', 'is required for an enterprise device');
    owner = { row: await requireEnterprise(ctx, d.enterpriseId, `${field}.enterpriseId`), field: `${field}.enterpriseId` };
  }
  if (d.ownerKind === 'park') {
    if (!d.parkId) throw fieldError(`${field}.parkId`, '园区设备必须填写所属园区', 'is required for a park device');
    owner = { row: await requirePark(ctx, d.parkId, `${field}.parkId`), field: `${field}.parkId` };
  }
  // A device is filed in its owner's town: otherwise the town that supervises the owner never sees its
  // alarms, and the device's own town sees the owner's name and address.
  if (owner && townOf(owner.row.jurisdictionCode) !== townOf(d.jurisdictionCode))
    throw fieldError(`${field}.jurisdictionCode`, '须与所属企业或园区在同一镇街', 'must be in the owner’s town');
  if (d.ownerKind === 'place' && !d.placeName) throw fieldError(`${field}.placeName`, '点位设备必须填写场所名称', 'is required for a place device');
  if ((d.lon == null) !== (d.lat == null)) throw fieldError(`${field}.${d.lon == null ? 'lon' : 'lat'}`, '经纬度需同时填写', 'lon and lat go together');
}

/** The town part of a jurisdiction code (a district code has none). */
const townOf = (code: string) => (code.length >= 9 ? code.slice(0, 9) : null);

const deviceRow = (d: DeviceInput) => ({
  name: d.name,
  type: d.type,
  owner_kind: d.ownerKind,
  enterprise_id: d.ownerKind === 'enterprise' ? (d.enterpriseId ?? null) : null,
  park_id: d.ownerKind === 'park' ? (d.parkId ?? null) : null,
  place_name: d.placeName ?? null,
  lon: d.lon ?? null,
  lat: d.lat ?? null,
  jurisdiction_code: d.jurisdictionCode,
  metrics: JSON.stringify(d.metrics?.length ? d.metrics : DEFAULT_METRICS[d.type]),
  install_date: d.installDate ?? null,
});

/** Create a device; returns its one-time secret (MQTT password / device credential). */
export async function createDevice(ctx: Ctx, d: DeviceInput) {
  requirePermission(ctx, 'monitoring:write');
  await checkDeviceInput(ctx, d);
  const secret = randomBytes(18).toString('base64url');
  const now = ctx.deps.clock.now();
  await withTx(ctx, async (c) => {
    if (await repo.deviceExists(c.db, d.id))
      throw new AppError('DEVICE_EXISTS', 409, '设备编号已存在', 'A device with this id exists', [
        { field: 'body.id', message: '已存在', messageEn: 'already exists' },
      ]);
    await repo.insertDevice(c.db, d.id, {
      ...deviceRow(d),
      secret_hash: sha256(secret),
      created_by: c.actor.id,
      updated_by: c.actor.id,
      created_at: now,
      updated_at: now,
    });
    await audit(c.db, c, { action: 'monitoring.device.create', resourceType: 'monitoring_device', resourceId: d.id, after: { ...d } });
  });
  publish(ctx, 'monitoring.devices.changed', { id: d.id });
  return { id: d.id, secret };
}

export async function updateDevice(ctx: Ctx, id: string, d: Omit<DeviceInput, 'id'> & { version: number }) {
  requirePermission(ctx, 'monitoring:write');
  const before = await getDevice(ctx, id);
  assertInScope(ctx, before, deviceNotFound);
  await checkDeviceInput(ctx, { ...d, id });
  await withTx(ctx, async (c) => {
    const updated = await repo.updateDevice(c.db, id, d.version, { ...deviceRow({ ...d, id }), updated_at: c.deps.clock.now(), updated_by: c.actor.id });
    if (!updated) throw conflict('STALE_VERSION', '设备已被他人修改，请刷新后重试', 'The device was changed by someone else; reload');
    await audit(c.db, c, { action: 'monitoring.device.update', resourceType: 'monitoring_device', resourceId: id, before, after: d });
  });
  publish(ctx, 'monitoring.devices.changed', { id });
}

export async function rotateDeviceSecret(ctx: Ctx, id: string) {
  requirePermission(ctx, 'monitoring:write');
  const dev = await getDevice(ctx, id);
  assertInScope(ctx, dev, deviceNotFound);
  const secret = randomBytes(18).toString('base64url');
  await withTx(ctx, async (c) => {
    await repo.setDeviceSecret(c.db, id, sha256(secret), c.deps.clock.now());
    await audit(c.db, c, { action: 'monitoring.device.rotate_secret', resourceType: 'monitoring_device', resourceId: id });
  });
  return { id, secret };
}

/** Check a device credential (HTTP ingest without a gateway token). */
export async function deviceByCredential(deps: Deps, id: string, secret: string) {
  const d = await repo.deviceSecretHash(deps.db, id);
  return d?.secret_hash && d.secret_hash === sha256(secret) ? d.id : undefined;
}

// ── reads ────────────────────────────────────────────────────────────────────────────────────────────
const TREND_WINDOWS = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;

/** The caller may read monitoring (the live feed checks this before it opens). */
export function readable(ctx: Ctx) {
  requirePermission(ctx, 'monitoring:read');
  return ctx;
}

export async function listDevices(ctx: Ctx, f: repo.DeviceFilter) {
  const p = await repo.listDevices(readable(ctx), f);
  return { ...p, items: p.items.map(present.device) };
}

export async function devicePoints(ctx: Ctx): Promise<DevicePoint[]> {
  return (await repo.devicePoints(readable(ctx))).map(present.devicePoint);
}

export async function deviceDetail(ctx: Ctx, id: string): Promise<Device> {
  const d = await getDevice(readable(ctx), id);
  if (!d) throw deviceNotFound();
  return present.device(d);
}

/** A device's readings over the last window, averaged into buckets. */
export async function deviceTrend(ctx: Ctx, id: string, window: keyof typeof TREND_WINDOWS): Promise<DeviceTrend> {
  const d = await deviceDetail(ctx, id);
  const to = ctx.deps.clock.now();
  const from = new Date(to.getTime() - TREND_WINDOWS[window]);
  const trend = await repo.deviceTrend(ctx.db, id, from, to);
  return { device: { id: d.id, name: d.name, metrics: d.metrics }, from: from.toISOString(), to: to.toISOString(), ...trend };
}

export async function listRules(ctx: Ctx): Promise<RuleDto[]> {
  return (await repo.listRules(readable(ctx).db)).map(present.rule);
}

export async function listAlarms(ctx: Ctx, f: repo.AlarmFilter) {
  const p = await repo.listAlarms(readable(ctx), f);
  return { ...p, items: p.items.map(present.alarm) };
}

export async function onlineByTown(ctx: Ctx): Promise<TownOnline[]> {
  return repo.onlineByTown(readable(ctx));
}

/** Rejected readings by reason (all processes, from the table) and this process's own totals. */
export async function ingestStats(ctx: Ctx): Promise<IngestStats> {
  const rejects = await repo.ingestRejects(readable(ctx).db);
  return { rejects: rejects.map(present.ingestReject), process: ingestorOf(ctx.deps).totals };
}

/**
 * HTTP ingest of a batch: by a gateway (a caller with monitoring:ingest, any device) or by one device with its
 * own credential (readings naming another device are refused as `topic_mismatch`).
 */
export async function ingestReadings(deps: Deps, by: { ctx: Ctx } | { device: string }, readings: Record<string, unknown>[]): Promise<IngestResult> {
  const onlyDevice = 'device' in by ? by.device : undefined;
  if ('ctx' in by) requirePermission(by.ctx, 'monitoring:ingest');
  const ingestor = ingestorOf(deps);
  const results = await Promise.all(
    readings.map(
      (r): Promise<ReadingResult> =>
        onlyDevice && (r.deviceId ?? onlyDevice) !== onlyDevice ? Promise.resolve('topic_mismatch') : ingestor.submitRaw({ deviceId: onlyDevice, ...r }),
    ),
  );
  const out: IngestResult = { stored: 0, duplicate: 0, rejected: [] };
  results.forEach((r, index) => {
    if (r === 'stored') out.stored++;
    else if (r === 'duplicate') out.duplicate++;
    else out.rejected.push({ index, reason: r });
  });
  return out;
}

// ── rules ────────────────────────────────────────────────────────────────────────────────────────────
export interface RuleInput {
  name: string;
  deviceType?: DeviceType | null;
  deviceId?: string | null;
  overrides?: string | null;
  metric?: string | null;
  kind: RuleKind;
  op?: RuleOp | null;
  threshold?: number | null;
  threshold2?: number | null;
  hysteresis?: number;
  durationS?: number | null;
  ratePerMin?: number | null;
  offlineMinutes?: number | null;
  severity: Severity;
  enabled?: boolean;
}

async function checkRule(ctx: Ctx, r: RuleInput) {
  if (!r.deviceType === !r.deviceId) throw fieldError('body.deviceType', '类型规则与单设备规则二选一', 'give either deviceType or deviceId');
  if (r.deviceId) await requireVisible(ctx, 'monitoring_devices', r.deviceId, 'body.deviceId');
  // Type rules are district-wide configuration (no jurisdiction): an override only needs one to exist.
  if (r.overrides) {
    if (!r.deviceId) throw fieldError('body.overrides', '只有单设备规则可以覆盖类型规则', 'only a device rule can override');
    const base = await repo.getRule(ctx.db, r.overrides);
    if (!base?.device_type) throw fieldError('body.overrides', '被覆盖的类型规则不存在', 'is not a type rule');
  }
  if (r.kind !== 'offline' && !r.metric) throw fieldError('body.metric', '为必填项', 'is required');
  if (r.kind === 'threshold' || r.kind === 'duration') {
    if (!r.op) throw fieldError('body.op', '为必填项', 'is required');
    if (r.threshold == null) throw fieldError('body.threshold', '为必填项', 'is required');
    if (r.op === 'between' && (r.threshold2 == null || r.threshold2 < r.threshold)) throw fieldError('body.threshold2', '应不小于下限', 'must be ≥ threshold');
  }
  if (r.kind === 'duration' && !r.durationS) throw fieldError('body.durationS', '为必填项', 'is required');
  if (r.kind === 'rate' && !r.ratePerMin) throw fieldError('body.ratePerMin', '为必填项', 'is required');
  if (r.kind === 'offline' && !r.offlineMinutes) throw fieldError('body.offlineMinutes', '为必填项', 'is required');
}

const ruleRow = (r: RuleInput) => ({
  name: r.name,
  device_type: r.deviceType ?? null,
  device_id: r.deviceId ?? null,
  overrides: r.overrides ?? null,
  metric: r.kind === 'offline' ? null : (r.metric ?? null),
  kind: r.kind,
  op: r.op ?? null,
  threshold: r.threshold ?? null,
  threshold2: r.threshold2 ?? null,
  hysteresis: r.hysteresis ?? 0,
  duration_s: r.durationS ?? null,
  rate_per_min: r.ratePerMin ?? null,
  offline_minutes: r.offlineMinutes ?? null,
  severity: r.severity,
  enabled: r.enabled ?? true,
});

export async function createRule(ctx: Ctx, r: RuleInput) {
  requirePermission(ctx, 'monitoring:write');
  await checkRule(ctx, r);
  const id = v7();
  await withTx(ctx, async (c) => {
    await repo.insertRule(c.db, id, ruleRow(r));
    await audit(c.db, c, { action: 'monitoring.rule.create', resourceType: 'monitoring_rule', resourceId: id, after: r });
  });
  publish(ctx, 'monitoring.rules.changed', {});
  return { id };
}

export async function updateRule(ctx: Ctx, id: string, r: RuleInput & { version: number }) {
  requirePermission(ctx, 'monitoring:write');
  const before = await repo.getRule(ctx.db, id);
  if (!before) throw notFound('规则', 'Rule');
  // A device rule belongs to its device: out of the device's scope, the rule is not there.
  if (before.device_id) await requireVisible(ctx, 'monitoring_devices', before.device_id, 'params.id', { notFound: () => notFound('规则', 'Rule') });
  await checkRule(ctx, r);
  await withTx(ctx, async (c) => {
    const updated = await repo.updateRule(c.db, id, r.version, { ...ruleRow(r), updated_at: c.deps.clock.now() });
    if (!updated) throw conflict('STALE_VERSION', '规则已被他人修改，请刷新后重试', 'The rule was changed by someone else; reload');
    await audit(c.db, c, { action: 'monitoring.rule.update', resourceType: 'monitoring_rule', resourceId: id, before, after: r });
  });
  publish(ctx, 'monitoring.rules.changed', {});
}

// ── alarm lifecycle ──────────────────────────────────────────────────────────────────────────────────
export interface AlarmActionInput {
  version: number;
  note?: string;
  /** triage */
  verdict?: 'true_alarm' | 'false_alarm';
  /** dispatch */
  toKind?: 'town' | 'department' | 'person';
  to?: string;
}

type AlarmRow = Selectable<MonitoringAlarmsTable>;
type AlarmInputs = Record<AlarmAction, AlarmActionInput>;

/** The columns each action stamps, and the checks its input needs. */
async function alarmStep(ctx: Ctx, alarm: AlarmRow, action: AlarmAction, input: AlarmActionInput) {
  if (alarm.version !== input.version) throw conflict('STALE_VERSION', '告警已被他人处理，请刷新后重试', 'The alarm was changed by someone else; reload');
  const now = ctx.deps.clock.now();
  const patch: Partial<AlarmRow> = {};
  let to: AlarmState | undefined;
  if (action === 'triage') {
    if (!input.verdict) throw fieldError('body.verdict', '研判需选择真实告警或误报', 'is required to triage');
    Object.assign(patch, { verdict: input.verdict, triaged_at: now, triaged_by: ctx.actor.id });
    if (input.verdict === 'false_alarm') {
      to = 'closed'; // a false alarm needs no dispatch
      Object.assign(patch, { closed_at: now, closed_by: ctx.actor.id });
    }
  } else if (action === 'dispatch') {
    if (!input.toKind) throw fieldError('body.toKind', '为必填项', 'is required');
    if (!input.to) throw fieldError('body.to', '为必填项', 'is required');
    // A department of the district takes any alarm handed up to it; a town handles the alarms in its own territory.
    const unit = await ctx.db.selectFrom('org_units').select('kind').where('code', '=', input.to).executeTakeFirst();
    if (input.toKind === 'department') {
      if (unit?.kind !== 'department') throw fieldError('body.to', '不是有效的部门', 'is not a known department');
    } else if (input.toKind === 'town') {
      if (!(unit?.kind === 'town' || unit?.kind === 'village') || townOf(input.to) !== townOf(alarm.jurisdiction_code))
        throw fieldError('body.to', '须为告警所在的镇街或村社', 'must be the alarm’s own town or one of its villages');
    }
    Object.assign(patch, { dispatched_at: now, dispatched_by: ctx.actor.id, dispatch_to_kind: input.toKind, dispatch_to: input.to });
  } else if (action === 'handle') {
    Object.assign(patch, { handling_at: now, handling_by: ctx.actor.id });
  } else {
    Object.assign(patch, { closed_at: now, closed_by: ctx.actor.id });
  }
  if (input.note) patch.note = input.note;
  return { patch, to };
}

function alarmEffect(action: AlarmAction) {
  return async (ctx: Ctx, alarm: AlarmRow, input: AlarmActionInput) => {
    const { patch, to: decided } = await alarmStep(ctx, alarm, action, input);
    const to = decided ?? (stepOf(ALARM_TRANSITIONS, action).to as AlarmState);
    if (to === 'closed') {
      // The device may alarm again later: forget the rule's "active" so the next breach raises a new alarm.
      await ctx.db
        .updateTable('monitoring_rule_state')
        .set({ active: false, since: null })
        .where('device_id', '=', alarm.device_id)
        .where('rule_id', '=', alarm.rule_id)
        .execute();
    }
    const device = await ctx.db.selectFrom('monitoring_devices').select('name').where('id', '=', alarm.device_id).executeTakeFirstOrThrow();
    // Held by publish until the transaction commits (ctx is the engine's transaction context).
    if (to === 'closed') publish(ctx, RULE_STATE_CHANGED, {});
    emitStatus(ctx, { ...alarm, device_name: device.name, status: to, raised_at: new Date(alarm.raised_at) });
    return {
      patch,
      to,
      data: { ...input, version: undefined },
      audit: { before: { status: alarm.status }, after: { status: to, ...input } },
      cancelJobs: action === 'triage' || to === 'closed' ? [`alarm:${alarm.id}:sla`] : [],
      result: { id: alarm.id, status: to },
    };
  };
}

export const alarmMachine: Machine<AlarmRow, AlarmState, AlarmInputs> = {
  name: ALARM_AGGREGATE,
  resourceType: 'monitoring_alarm',
  steps: ALARM_TRANSITIONS,
  stateOf: (a) => a.status,
  stateLabel: (s) => ALARM_STATE_LABELS[s].zh,
  lock: (ctx, id) => ctx.db.selectFrom('monitoring_alarms').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  notFound: alarmNotFound,
  save: async (ctx, a, status, patch) =>
    ctx.db
      .updateTable('monitoring_alarms')
      .set({ ...(patch as Updateable<MonitoringAlarmsTable>), status, version: a.version + 1, updated_at: ctx.deps.clock.now() })
      .where('id', '=', a.id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  present: (a) => ({ status: a.status }),
  effects: { triage: alarmEffect('triage'), dispatch: alarmEffect('dispatch'), handle: alarmEffect('handle'), close: alarmEffect('close') },
};

export function actOnAlarm(ctx: Ctx, id: string, action: AlarmAction, input: AlarmActionInput) {
  return apply(ctx, alarmMachine, id, action, input) as Promise<{ id: string; status: AlarmState }>;
}

function emitStatus(
  ctx: Ctx,
  a: {
    id: string;
    device_id: string;
    device_name: string;
    rule_id: string;
    severity: Severity;
    message: string;
    last_value: number | null;
    count: number;
    jurisdiction_code: string;
    enterprise_id: string | null;
    raised_at: Date;
    status: string;
  },
) {
  const e: AlarmEvent = {
    id: a.id,
    deviceId: a.device_id,
    deviceName: a.device_name,
    ruleId: a.rule_id,
    severity: a.severity,
    status: a.status,
    message: a.message,
    value: a.last_value,
    count: a.count,
    jurisdictionCode: a.jurisdiction_code,
    enterpriseId: a.enterprise_id,
    raisedAt: new Date(a.raised_at).toISOString(),
    readingTs: new Date(a.raised_at).toISOString(),
    isNew: false,
  };
  publish(ctx, ALARM_EVENT, e);
}

export async function alarmDetail(ctx: Ctx, id: string): Promise<AlarmDetail> {
  requirePermission(ctx, 'monitoring:read');
  const alarm = await getAlarm(ctx, id);
  assertInScope(ctx, alarm, alarmNotFound);
  const timeline = await alarmTimeline(ctx.db, id);
  // actions: what the current user may do with this alarm now (the web's buttons).
  return { ...present.alarm(alarm), timeline: timeline.map(present.alarmStep), actions: await allowedActions(ctx, alarmMachine, alarm) };
}

/** Turn an alarm into a hazard in one step, keeping the link both ways (hazard.alarm_id, alarm.hazard_id). */
export async function convertToHazard(ctx: Ctx, id: string, input: { title?: string; description?: string }) {
  requirePermission(ctx, 'monitoring:write');
  requirePermission(ctx, 'hazard:write');
  const alarm = await getAlarm(ctx, id);
  assertInScope(ctx, alarm, alarmNotFound);
  if (alarm.hazard_id) throw conflict('ALREADY_CONVERTED', '该告警已转为隐患', 'This alarm is already a hazard');
  const dev = await ctx.deps.db.selectFrom('monitoring_devices').select(['park_id', 'place_name']).where('id', '=', alarm.device_id).executeTakeFirstOrThrow();
  const words = hazardFromAlarm({
    deviceName: alarm.device_name,
    message: alarm.message,
    severity: alarm.severity,
    raisedAt: new Date(alarm.raised_at).toISOString(),
    place: dev.place_name,
  });
  const hazard = await createHazard(ctx, {
    source: 'iot_alarm',
    alarmId: id,
    enterpriseId: alarm.enterprise_id ?? undefined,
    parkId: alarm.enterprise_id ? undefined : (dev.park_id ?? undefined),
    jurisdictionCode: alarm.jurisdiction_code,
    location: dev.place_name ?? alarm.device_name,
    title: input.title ?? words.title,
    description: input.description ?? words.description,
    lon: alarm.lon ?? undefined,
    lat: alarm.lat ?? undefined,
    foundAt: new Date(alarm.raised_at),
  });
  await withTx(ctx, async (c) => {
    await c.db.updateTable('monitoring_alarms').set({ hazard_id: hazard.id, updated_at: c.deps.clock.now() }).where('id', '=', id).execute();
    await writeHistory(c, { aggregate: alarmMachine.name, aggregateId: id, action: 'to_hazard', data: { hazardId: hazard.id } });
    await audit(c.db, c, { action: 'monitoring.alarm.to_hazard', resourceType: 'monitoring_alarm', resourceId: id, after: { hazardId: hazard.id } });
  });
  return { id, hazardId: hazard.id };
}

// ── jobs: SLA escalation and offline sweep ──────────────────────────────────────────────────────────
/** Untriaged past its SLA: escalate (level 1 = leader on duty, 2 = bureau leadership), and re-arm once. */
export async function escalateAlarm(deps: Deps, { trx, clock, job, enqueue, tx }: JobContext) {
  const alarmId = String(job.payload.alarmId);
  const level = Number(job.payload.level ?? 1);
  const a = await trx.selectFrom('monitoring_alarms').selectAll().where('id', '=', alarmId).executeTakeFirst();
  if (a?.status !== 'raised') return;
  const now = clock.now();
  await trx.updateTable('monitoring_alarms').set({ escalation_level: level, updated_at: now }).where('id', '=', alarmId).execute();
  await insertHistory(trx, [
    {
      aggregate: alarmMachine.name,
      aggregateId: alarmId,
      action: 'escalated',
      data: { level, to: level === 1 ? '带班领导' : '局领导' },
      actor: SYSTEM_ACTOR,
      at: now,
    },
  ]);
  await writeAudit(trx, {
    at: now,
    actor: null,
    action: 'monitoring.alarm.escalate',
    resourceType: 'monitoring_alarm',
    resourceId: alarmId,
    detail: { level },
  });
  if (level < 2)
    await enqueue({
      kind: 'monitoring.alarm-sla',
      runAt: new Date(now.getTime() + TRIAGE_SLA_MINUTES[a.severity] * 60_000),
      payload: { alarmId, level: level + 1 },
      dedupKey: `alarm:${alarmId}:sla`,
    });
  publish(jobCtx(deps, { trx, tx }), 'monitoring.alarm.escalated', {
    id: alarmId,
    level,
    jurisdictionCode: a.jurisdiction_code,
    enterpriseId: a.enterprise_id,
  });
}

/**
 * Devices silent longer than their offline rule allows: mark offline and raise the offline alarm once.
 * Runs as a durable job every minute; `events` are emitted after the job's commit by the caller.
 */
export async function offlineSweep(trx: JobContext['trx'], now: Date): Promise<AlarmEvent[]> {
  const rules = (await trx.selectFrom('monitoring_rules').selectAll().where('kind', '=', 'offline').where('enabled', '=', true).execute()) as Rule[];
  const events: AlarmEvent[] = [];
  for (const rule of rules) {
    const overriddenFor = rule.device_type
      ? (await trx.selectFrom('monitoring_rules').select('device_id').where('overrides', '=', rule.id).execute()).map((r) => r.device_id as string)
      : [];
    const cutoff = new Date(now.getTime() - (rule.offline_minutes ?? 30) * 60_000);
    let q = trx
      .selectFrom('monitoring_devices as d')
      .leftJoin('monitoring_rule_state as s', (j) => j.onRef('s.device_id', '=', 'd.id').on('s.rule_id', '=', rule.id))
      .select(['d.id', 'd.name', 'd.type', 'd.jurisdiction_code', 'd.enterprise_id', 'd.last_seen_at'])
      .where('d.disabled', '=', false)
      .where((eb) => eb.or([eb('d.last_seen_at', '<', cutoff), eb.and([eb('d.last_seen_at', 'is', null), eb('d.created_at', '<', cutoff)])]))
      .where((eb) => eb.or([eb('s.active', 'is', null), eb('s.active', '=', false)]))
      // Under a maintenance window a silent device is expected: no alarm (after the window, if still silent, it is).
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('monitoring_maintenance as m')
              .select('m.id')
              .where(sql<boolean>`d.id = any(m.device_ids)`)
              .where('m.cancelled_at', 'is', null)
              .where('m.starts_at', '<=', now)
              .where('m.ends_at', '>', now),
          ),
        ),
      );
    q = rule.device_type ? q.where('d.type', '=', rule.device_type) : q.where('d.id', '=', rule.device_id as string);
    if (overriddenFor.length) q = q.where('d.id', 'not in', overriddenFor);
    const silent = await q.limit(5000).execute();
    for (const d of silent) {
      await sql`insert into monitoring_rule_state (device_id, rule_id, active, since, last_ts, updated_at) values (${d.id}, ${rule.id}, true, ${now}, ${d.last_seen_at}, ${now})
        on conflict (device_id, rule_id) do update set active = true, since = excluded.since, updated_at = excluded.updated_at`.execute(trx);
      await trx.updateTable('monitoring_devices').set({ online: false }).where('id', '=', d.id).execute();
      const dev = { id: d.id, type: d.type, jurisdiction_code: d.jurisdiction_code, enterprise_id: d.enterprise_id, name: d.name, units: {} };
      const minutes = d.last_seen_at ? Math.round((now.getTime() - new Date(d.last_seen_at).getTime()) / 60_000) : null;
      const message = `${rule.name}：${minutes === null ? '从未上报数据' : `已 ${minutes} 分钟无数据`}`;
      const row = await raiseAlarm(trx, { dev, rule, value: null, ts: now, message, now });
      events.push(toEvent(row, dev, rule, now));
    }
  }
  await regroupOffline(trx, now);
  return events;
}

export const OFFLINE_SWEEP_MS = 60_000;

export async function scheduleSweep(deps: Deps) {
  await enqueueJob(deps.db, { kind: 'monitoring.offline-sweep', runAt: deps.clock.now(), dedupKey: 'monitoring.offline-sweep', ifAbsent: true });
}

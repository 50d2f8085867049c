// The duty officer's screen under a flood: counts by level, group alarms, batch triage/close (each alarm through
// the lifecycle engine), maintenance windows, and the trend around one alarm (with its peak and threshold).
import { v7 } from 'uuid';
import { type AlarmAction, type AlarmState, SEVERITIES } from '../../../shared/monitoring.ts';
import type { AlarmCounts, AlarmGroup, AlarmTrend, BatchResult, Maintenance } from '../../../shared/monitoring.dto.ts';
import { assertInScope, requireAllVisible, requireJurisdiction, requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.ts';
import { publish } from '../../platform/events.ts';
import { prefixLike } from '../../platform/sql.ts';
import { lockScoped, scopedFrom } from '../../platform/access.ts';
import { requireEnterprise, requirePark } from '../registry/api.ts';
import * as present from './monitoring.present.ts';
import * as repo from './monitoring.repo.ts';
import { actOnAlarm, readable } from './monitoring.service.ts';

export async function alarmCounts(ctx: Ctx, f: Omit<repo.AlarmFilter, 'page' | 'pageSize' | 'sort' | 'severity'>): Promise<AlarmCounts> {
  const { rows, groups } = await repo.alarmCounts(readable(ctx), f);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, rows.find((r) => r.severity === s)?.n ?? 0])) as AlarmCounts['bySeverity'];
  return { bySeverity, total: rows.reduce((n, r) => n + r.n, 0), groups };
}

export async function listGroups(ctx: Ctx, f: { status?: 'open' | 'cleared' | 'closed'; town?: string; limit: number }): Promise<AlarmGroup[]> {
  return (await repo.listGroups(readable(ctx), f)).map(present.alarmGroup);
}

// ── batch ──
export interface BatchInput {
  action: Extract<AlarmAction, 'triage' | 'close'>;
  items: { id: string; version: number }[];
  verdict?: 'true_alarm' | 'false_alarm';
  note: string;
}

/**
 * Triage or close many alarms with one reason. Each alarm goes through the lifecycle engine on its own (its
 * own transaction, history row and audit row), so one that someone else changed meanwhile (409) or that is
 * outside the caller's area (404) is reported and the others still go through.
 */
export async function batchAct(ctx: Ctx, input: BatchInput): Promise<BatchResult> {
  requirePermission(ctx, 'monitoring:write');
  if (input.action === 'triage' && !input.verdict) throw fieldError('body.verdict', '批量研判需选择真实告警或误报', 'is required to triage');
  const seen = new Set<string>();
  input.items.forEach((it, i) => {
    if (seen.has(it.id)) throw fieldError(`body.items.${i}.id`, '重复的告警', 'duplicate alarm');
    seen.add(it.id);
  });
  const results: BatchResult['results'] = [];
  for (const it of input.items) {
    try {
      const r = await actOnAlarm(ctx, it.id, input.action, { version: it.version, note: input.note, verdict: input.verdict });
      results.push({ id: it.id, ok: true, status: r.status as AlarmState, code: null, message: null });
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 403) throw err;
      results.push({ id: it.id, ok: false, status: null, code: err.code, message: err.messageZh });
    }
  }
  const done = results.filter((r) => r.ok).length;
  return { done, failed: results.length - done, results };
}

// ── maintenance windows ──
export interface MaintenanceInput {
  reason: string;
  startsAt: string;
  endsAt: string;
  deviceIds?: string[];
  placeCode?: string;
  enterpriseId?: string;
  parkId?: string;
}

const MAX_WINDOW_MS = 30 * 86_400_000;

/** The narrowest code every device shares (village, town, or the district). */
function commonCode(codes: string[]) {
  for (const len of [12, 9, 6]) {
    const first = codes[0].slice(0, len);
    if (codes.every((c) => c.length >= len && c.slice(0, len) === first)) return first;
  }
  return codes[0].slice(0, 6);
}

/** A maintenance window: the chosen devices (or every device of a place, enterprise or park) raise no alarm in it. */
export async function createMaintenance(ctx: Ctx, m: MaintenanceInput) {
  requirePermission(ctx, 'monitoring:write');
  const targets = [
    m.deviceIds?.length ? 'deviceIds' : null,
    m.placeCode ? 'placeCode' : null,
    m.enterpriseId ? 'enterpriseId' : null,
    m.parkId ? 'parkId' : null,
  ].filter((x) => x);
  if (targets.length !== 1)
    throw fieldError('body.deviceIds', '请选择设备、区域、企业或园区中的一项', 'choose exactly one of deviceIds, placeCode, enterpriseId, parkId');
  const starts = new Date(m.startsAt);
  const ends = new Date(m.endsAt);
  const now = ctx.deps.clock.now();
  if (ends <= starts) throw fieldError('body.endsAt', '结束时间须晚于开始时间', 'must be after startsAt');
  if (ends <= now) throw fieldError('body.endsAt', '结束时间须晚于现在', 'must be in the future');
  if (ends.getTime() - starts.getTime() > MAX_WINDOW_MS) throw fieldError('body.endsAt', '维护时段最长 30 天', 'at most 30 days');
  return withTx(ctx, async (c) => {
    let devices: { id: string; jurisdiction_code: string; enterprise_id: string | null }[];
    let target: { kind: Maintenance['targetKind']; ref: string | null; code?: string; enterpriseId?: string | null };
    const devs = () =>
      scopedFrom(c, 'monitoring_devices', { enterprise: 'monitoring_devices.enterprise_id' }).select(['id', 'jurisdiction_code', 'enterprise_id']);
    if (m.deviceIds?.length) {
      await requireAllVisible(c, 'monitoring_devices', m.deviceIds, 'body.deviceIds');
      devices = await devs().where('monitoring_devices.id', 'in', m.deviceIds).execute();
      target = { kind: 'devices', ref: null };
    } else if (m.placeCode) {
      await requireJurisdiction(c, m.placeCode, 'body.placeCode');
      devices = await devs().where('monitoring_devices.jurisdiction_code', 'like', prefixLike(m.placeCode)).execute();
      target = { kind: 'place', ref: m.placeCode, code: m.placeCode };
    } else if (m.enterpriseId) {
      const e = await requireEnterprise(c, m.enterpriseId, 'body.enterpriseId');
      devices = await devs().where('monitoring_devices.enterprise_id', '=', m.enterpriseId).execute();
      target = { kind: 'enterprise', ref: m.enterpriseId, code: e.jurisdictionCode, enterpriseId: m.enterpriseId };
    } else {
      await requirePark(c, m.parkId as string, 'body.parkId');
      devices = await devs()
        .where('monitoring_devices.park_id', '=', m.parkId as string)
        .execute();
      target = { kind: 'park', ref: m.parkId as string };
    }
    const field = `body.${targets[0]}`;
    if (!devices.length) throw fieldError(field, '该范围内没有设备', 'no devices there');
    const code = target.code && target.kind === 'place' ? target.code : commonCode(devices.map((d) => d.jurisdiction_code));
    const ents = new Set(devices.map((d) => d.enterprise_id));
    const enterpriseId = target.enterpriseId ?? (ents.size === 1 ? [...ents][0] : null);
    const id = v7();
    const row = {
      id,
      target_kind: target.kind,
      target_ref: target.ref,
      jurisdiction_code: code,
      enterprise_id: enterpriseId,
      device_ids: devices.map((d) => d.id).sort(),
      starts_at: starts,
      ends_at: ends,
      reason: m.reason,
      created_by: c.actor.id,
    };
    await c.db.insertInto('monitoring_maintenance').values(row).execute();
    await audit(c.db, c, {
      action: 'monitoring.maintenance.create',
      resourceType: 'monitoring_maintenance',
      resourceId: id,
      after: { ...m, deviceIds: row.device_ids },
    });
    publish(c, 'monitoring.maintenance.changed', { id });
    return { id, devices: row.device_ids.length };
  });
}

export async function cancelMaintenance(ctx: Ctx, id: string) {
  requirePermission(ctx, 'monitoring:write');
  await withTx(ctx, async (c) => {
    const row = await lockScoped(c, 'monitoring_maintenance', id, { enterprise: 'monitoring_maintenance.enterprise_id' });
    assertInScope(c, row, () => notFound('维护时段', 'Maintenance window'));
    const now = c.deps.clock.now();
    if (row.cancelled_at || new Date(row.ends_at) <= now) throw conflict('MAINTENANCE_OVER', '该维护时段已结束或已取消', 'The window is over or cancelled');
    await c.db.updateTable('monitoring_maintenance').set({ cancelled_at: now, cancelled_by: c.actor.id }).where('id', '=', id).execute();
    await audit(c.db, c, { action: 'monitoring.maintenance.cancel', resourceType: 'monitoring_maintenance', resourceId: id, before: { endsAt: row.ends_at } });
    publish(c, 'monitoring.maintenance.changed', { id });
  });
}

export async function listMaintenance(ctx: Ctx, f: { active?: boolean; limit: number }): Promise<Maintenance[]> {
  const now = ctx.deps.clock.now();
  return (await repo.listMaintenance(readable(ctx), { ...f, now })).map((m) => present.maintenance(m, now));
}

// ── the trend around an alarm ──
const BEFORE_MS = 60 * 60_000;
const AFTER_MS = 30 * 60_000;

/** The device's readings from an hour before the alarm to half an hour after its last breach, with its peak. */
export async function alarmTrend(ctx: Ctx, id: string): Promise<AlarmTrend> {
  requirePermission(ctx, 'monitoring:read');
  const alarm = await repo.getAlarm(ctx, id);
  assertInScope(ctx, alarm, () => notFound('告警', 'Alarm'));
  const device = await repo.getDevice(ctx, alarm.device_id);
  const rule = await repo.getRule(ctx.db, alarm.rule_id);
  const now = ctx.deps.clock.now().getTime();
  const raised = new Date(alarm.raised_at).getTime();
  const end = Math.max(new Date(alarm.last_at).getTime(), alarm.cleared_at ? new Date(alarm.cleared_at).getTime() : 0);
  const from = new Date(raised - BEFORE_MS);
  const to = new Date(Math.max(Math.min(now, end + AFTER_MS), raised + 60_000));
  const trend = await repo.deviceTrend(ctx.db, alarm.device_id, from, to);
  const metric = alarm.metric ?? rule?.metric ?? null;
  return {
    device: { id: alarm.device_id, name: alarm.device_name, metrics: device?.metrics ?? [] },
    from: from.toISOString(),
    to: to.toISOString(),
    ...trend,
    metric,
    threshold: rule?.threshold ?? null,
    threshold2: rule?.threshold2 ?? null,
    op: rule?.op ?? null,
    raisedAt: new Date(alarm.raised_at).toISOString(),
    peak: metric ? await repo.peakOf(ctx.db, alarm.device_id, metric, from, to) : null,
  };
}

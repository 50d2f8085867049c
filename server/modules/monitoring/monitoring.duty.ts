// Duty (值班值守): shifts with a duty officer and a leader on duty, handover with the open alarms listed and
// acknowledged by the incoming shift, the duty log, and the accident-reporting clocks (493号令).
import { v7 } from 'uuid';
import { type DutyLogKind, REPORT_STEPS } from '../../../shared/monitoring.ts';
import { assertInScope, requirePermission, requireJurisdiction, requireVisible } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, fieldError, notFound } from '../../platform/errors.ts';
import { refuseFuture } from '../../platform/validation.ts';
import type { Accident, DutyLog, DutyPerson, Handover, Shift } from '../../../shared/monitoring.dto.ts';
import * as present from './monitoring.present.ts';
import * as repo from './monitoring.repo.ts';

const shiftNotFound = () => notFound('班次', 'Shift');

// A duty unit may be a department (the bureau's own duty room) as well as a town or the district.
const checkUnit = (ctx: Ctx, unitCode: string) => requireJurisdiction(ctx, unitCode, 'body.unitCode', { kinds: ['district', 'town', 'village', 'department'] });

export interface ShiftInput {
  unitCode: string;
  startsAt: string;
  endsAt: string;
  officerId: string;
  leaderId: string;
}

/** A shift; rejected when it overlaps another shift of the unit or either person's other shifts. */
export async function createShift(ctx: Ctx, s: ShiftInput) {
  requirePermission(ctx, 'duty:write');
  await checkUnit(ctx, s.unitCode);
  const starts = new Date(s.startsAt);
  const ends = new Date(s.endsAt);
  if (!(ends > starts)) throw fieldError('body.endsAt', '结束时间应晚于开始时间', 'must be after startsAt');
  if (s.officerId === s.leaderId) throw fieldError('body.leaderId', '带班领导与值班员不能是同一人', 'must differ from the duty officer');
  // The people on duty are users the scheduler can see (their unit is in the scheduler's jurisdiction).
  await requireVisible(ctx, 'users', s.officerId, 'body.officerId');
  await requireVisible(ctx, 'users', s.leaderId, 'body.leaderId');
  const disabled = await repo.disabledUsers(ctx.db, [s.officerId, s.leaderId]);
  for (const field of ['officerId', 'leaderId'] as const)
    if (disabled.some((p) => p.id === s[field])) throw fieldError(`body.${field}`, '该人员账号已停用', 'is a disabled account');
  const id = v7();
  await withTx(ctx, async (c) => {
    const clash = await repo.clashingShift(c.db, { unitCode: s.unitCode, starts, ends, people: [s.officerId, s.leaderId] });
    if (clash) {
      const who = clash.unit_code === s.unitCode ? '该单位此时段已有排班' : '人员在此时段已有其他班次';
      throw conflict('SHIFT_CONFLICT', `排班冲突：${who}`, 'The shift overlaps another shift of the unit or of one of the people');
    }
    await repo.insertShift(c.db, {
      id,
      unit_code: s.unitCode,
      starts_at: starts,
      ends_at: ends,
      officer_id: s.officerId,
      leader_id: s.leaderId,
      created_by: c.actor.id,
    });
    await audit(c.db, c, { action: 'monitoring.duty.shift.create', resourceType: 'duty_shift', resourceId: id, after: s });
  });
  return { id };
}

/** The people a scheduler can put on duty (officers and leaders). */
export async function listDutyPeople(ctx: Ctx): Promise<DutyPerson[]> {
  requirePermission(ctx, 'duty:read');
  const rows = await repo.dutyPeople(ctx.db);
  return rows.map((p) => ({ id: p.id, displayName: p.display_name, unitCode: p.unit_code, roles: p.roles }));
}

export async function listShifts(ctx: Ctx, f: { from: Date; to: Date; unitCode?: string }): Promise<Shift[]> {
  requirePermission(ctx, 'duty:read');
  return (await repo.listShifts(ctx, f)).map(present.shift);
}

async function shiftInScope(ctx: Ctx, id: string) {
  const s = await repo.getShift(ctx.db, id);
  if (!s) throw shiftNotFound();
  assertInScope(ctx, { id: s.id, jurisdiction_code: s.unit_code }, shiftNotFound);
  return s;
}

/** Hand over to the next shift: the open alarms of the unit's area are listed for the incoming shift. */
export async function handOver(ctx: Ctx, input: { toShiftId: string; note?: string }) {
  requirePermission(ctx, 'duty:write');
  const to = await shiftInScope(ctx, input.toShiftId);
  const from = await repo.previousShift(ctx.db, to.unit_code, to.starts_at);
  const open = await repo.openAlarmsUnder(ctx.db, to.unit_code.replace(/D\d+$/, ''));
  const id = v7();
  await withTx(ctx, async (c) => {
    if (await repo.handoverTo(c.db, to.id)) throw conflict('ALREADY_HANDED_OVER', '该班次已交接', 'This shift has already been handed over to');
    await repo.insertHandover(c.db, {
      id,
      unit_code: to.unit_code,
      from_shift_id: from?.id ?? null,
      to_shift_id: to.id,
      handed_over_at: c.deps.clock.now(),
      handed_over_by: c.actor.id,
      note: input.note ?? null,
      open_items: open,
    });
    await audit(c.db, c, {
      action: 'monitoring.duty.handover',
      resourceType: 'duty_handover',
      resourceId: id,
      after: { toShiftId: to.id, openItems: open.length },
    });
  });
  return { id, openItems: open };
}

const handoverNotFound = () => notFound('交接记录', 'Handover');

async function handoverInScope(ctx: Ctx, id: string) {
  const h = await repo.getHandover(ctx.db, id);
  if (!h) throw handoverNotFound();
  assertInScope(ctx, { id: h.id, jurisdiction_code: h.unit_code }, handoverNotFound);
  return h;
}

/** The incoming shift's officer or leader acknowledges the handover and its open items. */
export async function acknowledgeHandover(ctx: Ctx, id: string) {
  requirePermission(ctx, 'duty:write');
  const h = await handoverInScope(ctx, id);
  if (h.acknowledged_at) throw conflict('ALREADY_ACKNOWLEDGED', '交接已确认', 'Already acknowledged');
  const to = await shiftInScope(ctx, h.to_shift_id);
  if (ctx.actor.id !== to.officer_id && ctx.actor.id !== to.leader_id) {
    throw conflict('NOT_INCOMING_SHIFT', '只有接班的值班员或带班领导可以确认交接', 'Only the incoming shift may acknowledge');
  }
  await withTx(ctx, async (c) => {
    await repo.acknowledgeHandover(c.db, id, c.actor.id, c.deps.clock.now());
    await audit(c.db, c, { action: 'monitoring.duty.handover.ack', resourceType: 'duty_handover', resourceId: id });
  });
}

export async function getHandover(ctx: Ctx, id: string): Promise<Handover> {
  requirePermission(ctx, 'duty:read');
  return present.handover(await handoverInScope(ctx, id));
}

export async function addLog(ctx: Ctx, e: { unitCode: string; kind: DutyLogKind; content: string }) {
  requirePermission(ctx, 'duty:write');
  await checkUnit(ctx, e.unitCode);
  const now = ctx.deps.clock.now();
  const shift = await repo.currentShift(ctx.db, e.unitCode, now);
  const id = v7();
  await withTx(ctx, async (c) => {
    await repo.insertLogEntry(c.db, {
      id,
      unit_code: e.unitCode,
      shift_id: shift?.id ?? null,
      at: now,
      kind: e.kind,
      content: e.content,
      author_id: c.actor.id,
      author_name: c.actor.displayName,
    });
    await audit(c.db, c, { action: 'monitoring.duty.log', resourceType: 'duty_log', resourceId: id, after: e });
  });
  return { id };
}

export async function listLog(ctx: Ctx, f: { unitCode?: string; limit: number }): Promise<DutyLog[]> {
  requirePermission(ctx, 'duty:read');
  return (await repo.listLog(ctx, f)).map(present.dutyLog);
}

// ── accident-reporting clocks ────────────────────────────────────────────────────────────────────────
type Step = (typeof REPORT_STEPS)[number]['key'];

/** Deadlines: county = known + 1 h; each next level = previous level's report (or its deadline) + 2 h. */
export function reportClocks(r: { known_at: Date; county_reported_at: Date | null; city_reported_at: Date | null; province_reported_at: Date | null }) {
  let base = new Date(r.known_at);
  return REPORT_STEPS.map((s) => {
    const due = new Date(base.getTime() + s.hours * 3_600_000);
    const reportedAt = r[`${s.key}_reported_at` as const];
    base = reportedAt ? new Date(reportedAt) : due;
    return {
      step: s.key,
      label: s.label,
      due: due.toISOString(),
      reportedAt: reportedAt ? new Date(reportedAt).toISOString() : null,
      late: reportedAt ? new Date(reportedAt) > due : null,
    };
  });
}

export async function createAccidentReport(ctx: Ctx, a: { jurisdictionCode: string; title: string; occurredAt: string; knownAt: string }) {
  requirePermission(ctx, 'duty:write');
  await requireJurisdiction(ctx, a.jurisdictionCode, 'body.jurisdictionCode');
  refuseFuture('body.occurredAt', a.occurredAt, ctx.deps.clock.now());
  refuseFuture('body.knownAt', a.knownAt, ctx.deps.clock.now());
  if (new Date(a.knownAt) < new Date(a.occurredAt)) throw fieldError('body.knownAt', '不能早于事故发生时间', 'cannot be before occurredAt');
  const id = v7();
  await withTx(ctx, async (c) => {
    await repo.insertAccidentReport(c.db, {
      id,
      jurisdiction_code: a.jurisdictionCode,
      title: a.title,
      occurred_at: a.occurredAt,
      known_at: a.knownAt,
      created_by: c.actor.id,
    });
    await audit(c.db, c, { action: 'monitoring.accident.create', resourceType: 'accident_report', resourceId: id, after: a });
  });
  return { id };
}

export async function markReported(ctx: Ctx, id: string, step: Step) {
  requirePermission(ctx, 'duty:write');
  const r = await repo.getAccidentReport(ctx.db, id);
  assertInScope(ctx, r, () => notFound('事故报告', 'Accident report'));
  const idx = REPORT_STEPS.findIndex((s) => s.key === step);
  if (r[`${step}_reported_at`]) throw conflict('ALREADY_REPORTED', '该级已报送', 'Already reported at this level');
  if (idx > 0 && !r[`${REPORT_STEPS[idx - 1].key}_reported_at`]) throw conflict('ILLEGAL_TRANSITION', '请先完成上一级报送', 'Report the previous level first');
  await withTx(ctx, async (c) => {
    await repo.markAccidentReported(c.db, id, step, c.deps.clock.now());
    await audit(c.db, c, { action: 'monitoring.accident.report', resourceType: 'accident_report', resourceId: id, after: { step } });
  });
}

export async function listAccidentReports(ctx: Ctx): Promise<Accident[]> {
  requirePermission(ctx, 'duty:read');
  const rows = await repo.listAccidentReports(ctx);
  return rows.map((r) => present.accident(r, reportClocks(r)));
}

// Duty (值班值守): shifts with a duty officer and a leader on duty, handover with the open alarms listed and
// acknowledged by the incoming shift, the duty log, and the accident-reporting clocks (493号令).
import { prefixLike } from '../../platform/sql.ts';
import { v7 } from 'uuid';
import { type DutyLogKind, REPORT_STEPS } from '../../../shared/monitoring.ts';
import { assertInScope, requirePermission, requireJurisdiction, requireVisible, scopedFrom } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, fieldError, notFound } from '../../platform/errors.ts';
import { refuseFuture } from '../../platform/validation.ts';
import type { Accident, DutyLog, DutyPerson, Handover, Shift } from '../../../shared/monitoring.dto.ts';
import * as present from './monitoring.present.ts';
import { dutyPeople } from './monitoring.repo.ts';

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
  const disabled = await ctx.deps.db.selectFrom('users').select(['id']).where('id', 'in', [s.officerId, s.leaderId]).where('disabled', '=', true).execute();
  for (const field of ['officerId', 'leaderId'] as const)
    if (disabled.some((p) => p.id === s[field])) throw fieldError(`body.${field}`, '该人员账号已停用', 'is a disabled account');
  const id = v7();
  await ctx.deps.db.transaction().execute(async (trx) => {
    const clash = await trx
      .selectFrom('monitoring_duty_shifts')
      .select(['id', 'unit_code', 'officer_id', 'leader_id'])
      .where('starts_at', '<', ends)
      .where('ends_at', '>', starts)
      .where((eb) =>
        eb.or([eb('unit_code', '=', s.unitCode), eb('officer_id', 'in', [s.officerId, s.leaderId]), eb('leader_id', 'in', [s.officerId, s.leaderId])]),
      )
      .executeTakeFirst();
    if (clash) {
      const who = clash.unit_code === s.unitCode ? '该单位此时段已有排班' : '人员在此时段已有其他班次';
      throw conflict('SHIFT_CONFLICT', `排班冲突：${who}`, 'The shift overlaps another shift of the unit or of one of the people');
    }
    await trx
      .insertInto('monitoring_duty_shifts')
      .values({ id, unit_code: s.unitCode, starts_at: starts, ends_at: ends, officer_id: s.officerId, leader_id: s.leaderId, created_by: ctx.actor.id })
      .execute();
    await audit(trx, ctx, { action: 'monitoring.duty.shift.create', resourceType: 'duty_shift', resourceId: id, after: s });
  });
  return { id };
}

/** The people a scheduler can put on duty (officers and leaders). */
export async function listDutyPeople(ctx: Ctx): Promise<DutyPerson[]> {
  requirePermission(ctx, 'duty:read');
  const rows = await dutyPeople(ctx.db);
  return rows.map((p) => ({ id: p.id, displayName: p.display_name, unitCode: p.unit_code, roles: p.roles }));
}

export async function listShifts(ctx: Ctx, f: { from: Date; to: Date; unitCode?: string }): Promise<Shift[]> {
  requirePermission(ctx, 'duty:read');
  let q = scopedFrom(ctx, 'monitoring_duty_shifts', { jurisdiction: 'monitoring_duty_shifts.unit_code' })
    .innerJoin('users as o', 'o.id', 'monitoring_duty_shifts.officer_id')
    .innerJoin('users as l', 'l.id', 'monitoring_duty_shifts.leader_id')
    .leftJoin('monitoring_handovers as h', 'h.to_shift_id', 'monitoring_duty_shifts.id')
    .selectAll('monitoring_duty_shifts')
    .select(['o.display_name as officer_name', 'l.display_name as leader_name', 'h.id as handover_id', 'h.acknowledged_at'])
    .where('monitoring_duty_shifts.ends_at', '>', f.from)
    .where('monitoring_duty_shifts.starts_at', '<', f.to);
  if (f.unitCode) q = q.where('monitoring_duty_shifts.unit_code', '=', f.unitCode);
  return (await q.orderBy('monitoring_duty_shifts.starts_at').execute()).map(present.shift);
}

async function shiftInScope(ctx: Ctx, id: string) {
  const s = await ctx.deps.db.selectFrom('monitoring_duty_shifts').selectAll().where('id', '=', id).executeTakeFirst();
  assertInScope(ctx, s ? { id: s.id, jurisdiction_code: s.unit_code } : undefined, shiftNotFound);
  return s as NonNullable<typeof s>;
}

/** Hand over to the next shift: the open alarms of the unit's area are listed for the incoming shift. */
export async function handOver(ctx: Ctx, input: { toShiftId: string; note?: string }) {
  requirePermission(ctx, 'duty:write');
  const to = await shiftInScope(ctx, input.toShiftId);
  const from = await ctx.deps.db
    .selectFrom('monitoring_duty_shifts')
    .selectAll()
    .where('unit_code', '=', to.unit_code)
    .where('ends_at', '<=', to.starts_at)
    .orderBy('ends_at', 'desc')
    .executeTakeFirst();
  const area = to.unit_code.replace(/D\d+$/, '');
  const open = await ctx.deps.db
    .selectFrom('monitoring_alarms')
    .select(['id', 'message', 'severity', 'status'])
    .where('status', '<>', 'closed')
    .where('jurisdiction_code', 'like', prefixLike(area))
    .orderBy('raised_at', 'desc')
    .limit(200)
    .execute();
  const id = v7();
  await ctx.deps.db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('monitoring_handovers').select('id').where('to_shift_id', '=', to.id).executeTakeFirst();
    if (exists) throw conflict('ALREADY_HANDED_OVER', '该班次已交接', 'This shift has already been handed over to');
    await trx
      .insertInto('monitoring_handovers')
      .values({
        id,
        unit_code: to.unit_code,
        from_shift_id: from?.id ?? null,
        to_shift_id: to.id,
        handed_over_at: ctx.deps.clock.now(),
        handed_over_by: ctx.actor.id,
        note: input.note ?? null,
        open_items: JSON.stringify(open),
      })
      .execute();
    await audit(trx, ctx, {
      action: 'monitoring.duty.handover',
      resourceType: 'duty_handover',
      resourceId: id,
      after: { toShiftId: to.id, openItems: open.length },
    });
  });
  return { id, openItems: open };
}

/** The incoming shift's officer or leader acknowledges the handover and its open items. */
export async function acknowledgeHandover(ctx: Ctx, id: string) {
  requirePermission(ctx, 'duty:write');
  const h = await ctx.deps.db.selectFrom('monitoring_handovers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!h) throw notFound('交接记录', 'Handover');
  assertInScope(ctx, { jurisdiction_code: h.unit_code }, () => notFound('交接记录', 'Handover'));
  if (h.acknowledged_at) throw conflict('ALREADY_ACKNOWLEDGED', '交接已确认', 'Already acknowledged');
  const to = await shiftInScope(ctx, h.to_shift_id);
  if (ctx.actor.id !== to.officer_id && ctx.actor.id !== to.leader_id) {
    throw conflict('NOT_INCOMING_SHIFT', '只有接班的值班员或带班领导可以确认交接', 'Only the incoming shift may acknowledge');
  }
  await ctx.deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('monitoring_handovers').set({ acknowledged_at: ctx.deps.clock.now(), acknowledged_by: ctx.actor.id }).where('id', '=', id).execute();
    await audit(trx, ctx, { action: 'monitoring.duty.handover.ack', resourceType: 'duty_handover', resourceId: id });
  });
}

export async function getHandover(ctx: Ctx, id: string): Promise<Handover> {
  requirePermission(ctx, 'duty:read');
  const h = await ctx.deps.db.selectFrom('monitoring_handovers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!h) throw notFound('交接记录', 'Handover');
  assertInScope(ctx, { id: h.id, jurisdiction_code: h.unit_code }, () => notFound('交接记录', 'Handover'));
  return present.handover(h);
}

export async function addLog(ctx: Ctx, e: { unitCode: string; kind: DutyLogKind; content: string }) {
  requirePermission(ctx, 'duty:write');
  await checkUnit(ctx, e.unitCode);
  const now = ctx.deps.clock.now();
  const shift = await ctx.deps.db
    .selectFrom('monitoring_duty_shifts')
    .select('id')
    .where('unit_code', '=', e.unitCode)
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .executeTakeFirst();
  const id = v7();
  await ctx.deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('monitoring_duty_log')
      .values({
        id,
        unit_code: e.unitCode,
        shift_id: shift?.id ?? null,
        at: now,
        kind: e.kind,
        content: e.content,
        author_id: ctx.actor.id,
        author_name: ctx.actor.displayName,
      })
      .execute();
    await audit(trx, ctx, { action: 'monitoring.duty.log', resourceType: 'duty_log', resourceId: id, after: e });
  });
  return { id };
}

export async function listLog(ctx: Ctx, f: { unitCode?: string; limit: number }): Promise<DutyLog[]> {
  requirePermission(ctx, 'duty:read');
  let q = scopedFrom(ctx, 'monitoring_duty_log', { jurisdiction: 'monitoring_duty_log.unit_code' }).selectAll();
  if (f.unitCode) q = q.where('unit_code', '=', f.unitCode);
  return (await q.orderBy('at', 'desc').limit(f.limit).execute()).map(present.dutyLog);
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
  await ctx.deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('monitoring_accident_reports')
      .values({ id, jurisdiction_code: a.jurisdictionCode, title: a.title, occurred_at: a.occurredAt, known_at: a.knownAt, created_by: ctx.actor.id })
      .execute();
    await audit(trx, ctx, { action: 'monitoring.accident.create', resourceType: 'accident_report', resourceId: id, after: a });
  });
  return { id };
}

export async function markReported(ctx: Ctx, id: string, step: Step) {
  requirePermission(ctx, 'duty:write');
  const r = await ctx.deps.db.selectFrom('monitoring_accident_reports').selectAll().where('id', '=', id).executeTakeFirst();
  assertInScope(ctx, r, () => notFound('事故报告', 'Accident report'));
  const idx = REPORT_STEPS.findIndex((s) => s.key === step);
  if (r[`${step}_reported_at`]) throw conflict('ALREADY_REPORTED', '该级已报送', 'Already reported at this level');
  if (idx > 0 && !r[`${REPORT_STEPS[idx - 1].key}_reported_at`]) throw conflict('ILLEGAL_TRANSITION', '请先完成上一级报送', 'Report the previous level first');
  await ctx.deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('monitoring_accident_reports')
      .set({ [`${step}_reported_at`]: ctx.deps.clock.now() })
      .where('id', '=', id)
      .execute();
    await audit(trx, ctx, { action: 'monitoring.accident.report', resourceType: 'accident_report', resourceId: id, after: { step } });
  });
}

export async function listAccidentReports(ctx: Ctx): Promise<Accident[]> {
  requirePermission(ctx, 'duty:read');
  const rows = await scopedFrom(ctx, 'monitoring_accident_reports').selectAll().orderBy('known_at', 'desc').limit(100).execute();
  return rows.map((r) => present.accident(r, reportClocks(r)));
}

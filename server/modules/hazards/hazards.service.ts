// Hazard lifecycle: grade, plan (五到位), progress, acceptance, close, reopen, cancel; extensions; 挂牌督办.
// Each function: permission → rule → one transaction (change + event + audit) → events after commit.
// Recording a hazard is in hazards.create.ts, the reads in hazards.reads.ts, the deadline jobs in
// hazards.deadlines.ts.
import type { Selectable } from 'kysely';
import { v7 } from 'uuid';
import {
  DEADLINE_STATES,
  type HazardAction,
  type HazardLevel,
  type HazardState,
  OPEN_STATES,
  STATE_LABELS,
  type SupervisionLevel,
  transitionFor,
} from '../../../shared/hazards.ts';
import type { HazardDto } from '../../../shared/hazards.dto.ts';
import { assertInScope, requireAllVisible, requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { refuseFuture } from '../../platform/validation.ts';
import { cancelDeadlineJobs, futureDeadline, parseDate, scheduleDeadlineJobs } from './hazards.deadlines.ts';
import { toDto } from './hazards.presenters.ts';
import { lockHazard, notify } from './hazards.repo.ts';
import type { HazardsTable } from './hazards.tables.ts';

export const hazardNotFound = () => notFound('隐患', 'Hazard');

type HazardRow = Selectable<HazardsTable>;

export const illegalTransition = (from: HazardState, action: HazardAction) =>
  new AppError(
    'ILLEGAL_TRANSITION',
    409,
    `当前状态“${STATE_LABELS[from].zh}”下不能执行此操作（${action}）`,
    `Action "${action}" is not allowed in state "${from}"`,
  );

export async function event(trx: Tx, ctx: Ctx, hazardId: string, action: string, from: string | null, to: string | null, note?: string | null, data?: unknown) {
  await trx
    .insertInto('hazard_events')
    .values({
      hazard_id: hazardId,
      action,
      from_state: from,
      to_state: to,
      actor_id: ctx.actor.id,
      actor_name: ctx.actor.displayName,
      note: note ?? null,
      data: data === undefined ? null : JSON.stringify(data),
      at: ctx.deps.clock.now(),
    })
    .execute();
}

export function emit(ctx: Ctx, type: string, h: { id: string; jurisdiction_code: string; state: string }) {
  ctx.deps.events.emit('hazard', { type, id: h.id, jurisdictionCode: h.jurisdiction_code, state: h.state });
}

// ── transitions ──────────────────────────────────────────────────────────────────────────────────────

interface Step {
  patch?: Partial<Record<keyof HazardsTable, unknown>>;
  note?: string | null;
  data?: unknown;
}

/** Load (locked), scope-check, state-check, apply, record event and audit: the one path for every transition. */
async function transition(ctx: Ctx, id: string, action: HazardAction, rule: (trx: Tx, h: HazardRow) => Promise<Step> | Step): Promise<HazardDto> {
  const t = transitionFor(action);
  requirePermission(ctx, t.permission);
  const result = await ctx.deps.db.transaction().execute(async (trx) => {
    const h = (await lockHazard(trx, id)) as HazardRow | undefined;
    assertInScope(ctx, h, hazardNotFound);
    if (!t.from.includes(h.state)) throw illegalTransition(h.state, action);
    const step = await rule(trx, h);
    const now = ctx.deps.clock.now();
    const updated = (await trx
      .updateTable('hazards')
      .set({ ...(step.patch as object), state: t.to, version: h.version + 1, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()) as HazardRow;
    await event(trx, ctx, id, action, h.state, t.to, step.note, step.data);
    await audit(trx, ctx, { action: `hazard.${action}`, resourceType: 'hazard', resourceId: id, before: toDto(h), after: toDto(updated), detail: step.data });
    return updated;
  });
  emit(ctx, action, result);
  return toDto(result);
}

export async function gradeHazard(ctx: Ctx, id: string, input: { level: HazardLevel; clauseId?: string; sector?: string; note?: string }) {
  return transition(ctx, id, 'grade', async (trx) => {
    if (input.level === 'major' && !input.clauseId)
      throw fieldError('body.clauseId', '重大事故隐患必须引用判定标准条款', 'a major hazard must cite a criteria clause');
    if (input.clauseId) {
      const clause = await trx.selectFrom('hazard_clauses').select('id').where('id', '=', input.clauseId).executeTakeFirst();
      if (!clause) throw fieldError('body.clauseId', '条款不存在', 'no such clause');
    }
    return {
      patch: { level: input.level, clause_id: input.clauseId ?? null, ...(input.sector ? { sector: input.sector } : {}) },
      note: input.note,
      data: { level: input.level, clauseId: input.clauseId },
    };
  });
}

export interface PlanInput {
  measures: string;
  fundsFen: number;
  deadline: string;
  responsiblePerson: string;
  responsiblePhone?: string;
  interimMeasures: string;
}

export async function submitPlan(ctx: Ctx, id: string, input: PlanInput) {
  return transition(ctx, id, 'plan', async (trx, h) => {
    const deadline = futureDeadline(ctx, input.deadline, 'body.deadline');
    const planId = v7();
    await trx
      .insertInto('hazard_plans')
      .values({
        id: planId,
        hazard_id: h.id,
        measures: input.measures,
        funds_fen: input.fundsFen,
        deadline,
        responsible_person: input.responsiblePerson,
        responsible_phone: input.responsiblePhone ?? null,
        interim_measures: input.interimMeasures,
        created_by: ctx.actor.id,
        created_at: ctx.deps.clock.now(),
      })
      .execute();
    await scheduleDeadlineJobs(trx, ctx, h.id, deadline);
    return {
      patch: { deadline, overdue: false, overdue_since: null, escalation_level: 0 },
      data: { planId, deadline: deadline.toISOString(), fundsFen: input.fundsFen },
    };
  });
}

export async function requestAcceptance(ctx: Ctx, id: string, input: { note: string; photoIds?: string[] }) {
  return transition(ctx, id, 'request_acceptance', async (trx, h) => {
    await requireAllVisible(ctx, 'files', input.photoIds ?? [], 'body.photoIds', { db: trx });
    await trx
      .insertInto('hazard_progress')
      .values({
        id: v7(),
        hazard_id: h.id,
        note: input.note,
        photo_ids: input.photoIds ?? [],
        created_by: ctx.actor.id,
        created_by_name: ctx.actor.displayName,
        created_at: ctx.deps.clock.now(),
      })
      .execute();
    return { patch: { rectified_by: ctx.actor.id }, note: input.note, data: { photoIds: input.photoIds ?? [] } };
  });
}

export async function rejectAcceptance(ctx: Ctx, id: string, input: { reason: string }) {
  return transition(ctx, id, 'reject_acceptance', () => ({ note: input.reason }));
}

export async function verifyHazard(ctx: Ctx, id: string, input: { note?: string }) {
  return transition(ctx, id, 'verify', async (trx, h) => {
    if (h.rectified_by === ctx.actor.id) {
      throw conflict('ACCEPTOR_IS_RECTIFIER', '验收人不能是整改人本人，请由其他人员验收', 'Acceptance must be done by someone other than the rectifier');
    }
    await cancelDeadlineJobs(trx, h.id);
    return { patch: { overdue: false }, note: input.note };
  });
}

export async function closeHazard(ctx: Ctx, id: string, input: { note?: string }) {
  return transition(ctx, id, 'close', async (trx, h) => {
    const now = ctx.deps.clock.now();
    // 销号 withdraws any live 挂牌督办 notice in the same transaction.
    const withdrawn = await trx
      .updateTable('hazard_supervisions')
      .set({ withdrawn_at: now, withdraw_reason: '隐患已销号，自动摘牌' })
      .where('hazard_id', '=', h.id)
      .where('withdrawn_at', 'is', null)
      .returning('id')
      .execute();
    await cancelDeadlineJobs(trx, h.id);
    return { patch: { closed_at: now, overdue: false }, note: input.note, data: { withdrawnSupervisions: withdrawn.map((w) => w.id) } };
  });
}

export async function reopenHazard(ctx: Ctx, id: string, input: { reason: string }) {
  return transition(ctx, id, 'reopen', () => ({ patch: { closed_at: null, rectified_by: null }, note: input.reason }));
}

export async function cancelHazard(ctx: Ctx, id: string, input: { reason: string }) {
  return transition(ctx, id, 'cancel', async (trx, h) => {
    await cancelDeadlineJobs(trx, h.id);
    await trx
      .updateTable('hazard_supervisions')
      .set({ withdrawn_at: ctx.deps.clock.now(), withdraw_reason: '隐患已撤销，自动摘牌' })
      .where('hazard_id', '=', h.id)
      .where('withdrawn_at', 'is', null)
      .execute();
    return { patch: { cancel_reason: input.reason, overdue: false }, note: input.reason };
  });
}

/** A progress update (no state change) while rectifying. */
export async function addProgress(ctx: Ctx, id: string, input: { note: string; photoIds?: string[] }) {
  requirePermission(ctx, 'hazard:write');
  return ctx.deps.db.transaction().execute(async (trx) => {
    const h = (await lockHazard(trx, id)) as HazardRow | undefined;
    assertInScope(ctx, h, hazardNotFound);
    if (!(['rectifying', 'reopened'] as HazardState[]).includes(h.state)) {
      throw conflict('NOT_RECTIFYING', '只有整改中的隐患可以填报整改进度', 'Progress can be reported only while rectifying');
    }
    await requireAllVisible(ctx, 'files', input.photoIds ?? [], 'body.photoIds', { db: trx });
    const pid = v7();
    await trx
      .insertInto('hazard_progress')
      .values({
        id: pid,
        hazard_id: id,
        note: input.note,
        photo_ids: input.photoIds ?? [],
        created_by: ctx.actor.id,
        created_by_name: ctx.actor.displayName,
        created_at: ctx.deps.clock.now(),
      })
      .execute();
    await event(trx, ctx, id, 'progress', h.state, h.state, input.note, { progressId: pid, photoIds: input.photoIds ?? [] });
    await audit(trx, ctx, {
      action: 'hazard.progress',
      resourceType: 'hazard',
      resourceId: id,
      after: { progressId: pid, note: input.note, photoIds: input.photoIds ?? [] },
    });
    return { id: pid };
  });
}

// ── extensions ───────────────────────────────────────────────────────────────────────────────────────

export async function requestExtension(ctx: Ctx, id: string, input: { newDeadline: string; reason: string }) {
  requirePermission(ctx, 'hazard:write');
  return ctx.deps.db.transaction().execute(async (trx) => {
    const h = (await lockHazard(trx, id)) as HazardRow | undefined;
    assertInScope(ctx, h, hazardNotFound);
    if (!DEADLINE_STATES.includes(h.state) || !h.deadline)
      throw conflict('NO_DEADLINE', '该隐患当前没有进行中的整改期限', 'This hazard has no running deadline');
    const nd = futureDeadline(ctx, input.newDeadline, 'body.newDeadline');
    if (nd.getTime() <= new Date(h.deadline).getTime()) throw fieldError('body.newDeadline', '必须晚于现有整改期限', 'must be later than the current deadline');
    const pending = await trx.selectFrom('hazard_extensions').select('id').where('hazard_id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    if (pending) throw conflict('EXTENSION_PENDING', '已有待审批的延期申请', 'An extension request is already pending');
    const extId = v7();
    const now = ctx.deps.clock.now();
    await trx
      .insertInto('hazard_extensions')
      .values({
        id: extId,
        hazard_id: id,
        reason: input.reason,
        old_deadline: h.deadline,
        new_deadline: nd,
        requested_by: ctx.actor.id,
        requested_by_name: ctx.actor.displayName,
        requested_at: now,
      })
      .execute();
    await notify(trx, {
      hazard: h,
      kind: 'extension_requested',
      target: h.town_code,
      at: now,
      message: `隐患 ${h.code}「${h.title}」申请延期至 ${nd.toISOString().slice(0, 10)}`,
    });
    await event(trx, ctx, id, 'extension_request', h.state, h.state, input.reason, { extensionId: extId, newDeadline: nd.toISOString() });
    await audit(trx, ctx, {
      action: 'hazard.extension.request',
      resourceType: 'hazard',
      resourceId: id,
      after: { extensionId: extId, newDeadline: nd, reason: input.reason },
    });
    return { id: extId };
  });
}

export async function decideExtension(
  ctx: Ctx,
  extensionId: string,
  input: { approve: boolean; note?: string },
): Promise<{ id: string; status: 'approved' | 'denied' }> {
  requirePermission(ctx, 'hazard:approve');
  return ctx.deps.db.transaction().execute(async (trx) => {
    const ext = await trx.selectFrom('hazard_extensions').selectAll().where('id', '=', extensionId).forUpdate().executeTakeFirst();
    const h = ext ? ((await lockHazard(trx, ext.hazard_id)) as HazardRow | undefined) : undefined;
    assertInScope(ctx, h, () => notFound('延期申请', 'Extension'));
    if (ext?.status !== 'pending') throw conflict('EXTENSION_DECIDED', '该延期申请已处理', 'This extension request was already decided');
    const now = ctx.deps.clock.now();
    const status = input.approve ? 'approved' : 'denied';
    await trx
      .updateTable('hazard_extensions')
      .set({ status, decided_by: ctx.actor.id, decided_by_name: ctx.actor.displayName, decided_at: now, decision_note: input.note ?? null })
      .where('id', '=', extensionId)
      .execute();
    if (input.approve) {
      if (!DEADLINE_STATES.includes(h.state)) throw conflict('NO_DEADLINE', '该隐患当前没有进行中的整改期限', 'This hazard has no running deadline');
      const nd = new Date(ext.new_deadline);
      if (nd.getTime() <= now.getTime()) throw conflict('DEADLINE_IN_PAST', '申请的新期限已过，请重新申请', 'The requested deadline has already passed');
      await trx
        .updateTable('hazards')
        .set({ deadline: nd, overdue: false, overdue_since: null, escalation_level: 0, version: h.version + 1, updated_at: now })
        .where('id', '=', h.id)
        .execute();
      await scheduleDeadlineJobs(trx, ctx, h.id, nd);
    }
    await notify(trx, {
      hazard: h,
      kind: 'extension_decided',
      target: h.town_code,
      at: now,
      message: `隐患 ${h.code} 的延期申请${input.approve ? '已批准' : '未批准'}`,
    });
    await event(trx, ctx, h.id, input.approve ? 'extension_approve' : 'extension_deny', h.state, h.state, input.note, { extensionId });
    await audit(trx, ctx, {
      action: `hazard.extension.${status}`,
      resourceType: 'hazard',
      resourceId: h.id,
      before: { deadline: h.deadline },
      after: { extensionId, status },
    });
    return { id: extensionId, status };
  });
}

// ── notifications ────────────────────────────────────────────────────────────────────────────────────

// ── 挂牌督办 ─────────────────────────────────────────────────────────────────────────────────────────

export interface SuperviseInput {
  noticeNo: string;
  issuer: string;
  level: SupervisionLevel;
  deadline: string;
  publishedAt?: string;
  stopProduction?: boolean;
  stopOrderNo?: string;
}

export async function superviseHazard(ctx: Ctx, id: string, input: SuperviseInput) {
  requirePermission(ctx, 'hazard:approve');
  return ctx.deps.db.transaction().execute(async (trx) => {
    const h = (await lockHazard(trx, id)) as HazardRow | undefined;
    assertInScope(ctx, h, hazardNotFound);
    if (h.level !== 'major') throw conflict('NOT_MAJOR', '只有重大事故隐患可以挂牌督办', 'Only major hazards can be placed under supervision');
    if (!OPEN_STATES.includes(h.state)) throw conflict('HAZARD_NOT_OPEN', '隐患已销号或撤销，不能挂牌督办', 'The hazard is no longer open');
    const deadline = futureDeadline(ctx, input.deadline, 'body.deadline');
    const published = parseDate(input.publishedAt, 'body.publishedAt') ?? ctx.deps.clock.now();
    refuseFuture('body.publishedAt', published, ctx.deps.clock.now());
    if (input.stopProduction && !input.stopOrderNo)
      throw fieldError('body.stopOrderNo', '责令停产停业时必须填写文书编号', 'is required with a stop-production order');
    const live = await trx.selectFrom('hazard_supervisions').select('id').where('hazard_id', '=', id).where('withdrawn_at', 'is', null).executeTakeFirst();
    if (live) throw conflict('ALREADY_SUPERVISED', '该隐患已在挂牌督办中', 'This hazard is already under supervision');
    const dup = await trx.selectFrom('hazard_supervisions').select('id').where('notice_no', '=', input.noticeNo).executeTakeFirst();
    if (dup) throw fieldError('body.noticeNo', '督办文号已存在', 'is already used');
    const sid = v7();
    const now = ctx.deps.clock.now();
    await trx
      .insertInto('hazard_supervisions')
      .values({
        id: sid,
        hazard_id: id,
        notice_no: input.noticeNo,
        issuer: input.issuer,
        level: input.level,
        deadline,
        published_at: published,
        stop_production: input.stopProduction ?? false,
        stop_order_no: input.stopOrderNo ?? null,
        created_by: ctx.actor.id,
        created_at: now,
      })
      .execute();
    await event(trx, ctx, id, 'supervise', h.state, h.state, `挂牌督办 ${input.noticeNo}`, { supervisionId: sid, ...input });
    await audit(trx, ctx, { action: 'hazard.supervise', resourceType: 'hazard', resourceId: id, after: { supervisionId: sid, ...input } });
    return { id: sid };
  });
}

export async function withdrawSupervision(ctx: Ctx, supervisionId: string, input: { reason: string }) {
  requirePermission(ctx, 'hazard:approve');
  return ctx.deps.db.transaction().execute(async (trx) => {
    const s = await trx.selectFrom('hazard_supervisions').selectAll().where('id', '=', supervisionId).forUpdate().executeTakeFirst();
    const h = s ? ((await lockHazard(trx, s.hazard_id)) as HazardRow | undefined) : undefined;
    assertInScope(ctx, h, () => notFound('督办记录', 'Supervision'));
    if (!s || s.withdrawn_at) throw conflict('ALREADY_WITHDRAWN', '该督办已摘牌', 'Already withdrawn');
    const now = ctx.deps.clock.now();
    await trx.updateTable('hazard_supervisions').set({ withdrawn_at: now, withdraw_reason: input.reason }).where('id', '=', supervisionId).execute();
    await event(trx, ctx, h.id, 'withdraw_supervision', h.state, h.state, input.reason, { supervisionId });
    await audit(trx, ctx, { action: 'hazard.supervision.withdraw', resourceType: 'hazard', resourceId: h.id, after: { supervisionId, reason: input.reason } });
    return { id: supervisionId };
  });
}

// The hazard lifecycle on the platform engine: grade, plan (五到位), progress, acceptance, close, reopen,
// cancel, extensions and 挂牌督办 — each one apply() (permission → lock → scope → state → guards → effect,
// history and audit in one transaction; apply writes the history rows under aggregate 'hazard'). Recording is in hazards.create.ts, reads in hazards.reads.ts.
import { fmtDate } from '../../../shared/time.ts';
import type { Selectable, Updateable } from 'kysely';
import { v7 } from 'uuid';
import { DEADLINE_STATES, type HazardLevel, type HazardState, SIDE_STEPS, STATE_LABELS, type SupervisionLevel, TRANSITIONS } from '../../../shared/hazards.ts';

import { requireAllVisible, requirePermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, fieldError, notFound } from '../../platform/errors.ts';
import { apply, type Machine } from '../../platform/lifecycle.ts';
import { refuseFuture } from '../../platform/validation.ts';
import type { HazardsTable } from './hazards.tables.ts';
import { lockHazard } from './hazards.repo.ts';
import { futureDeadline, parseDate, scheduleDeadlineJobs } from './hazards.deadlines.ts';
import type { HazardDto } from '../../../shared/hazards.dto.ts';
import { toDto } from './hazards.presenters.ts';
import { notify } from './hazards.repo.ts';

export const hazardNotFound = () => notFound('隐患', 'Hazard');

type HazardRow = Selectable<HazardsTable>;

const deadlineJobKeys = (hazardId: string) => ['reminder', 'overdue', 'escalate'].map((k) => `hazard:${hazardId}:${k}`);

// ── lifecycle (every state change and side step goes through apply) ─────────────────────────────────

export interface PlanInput {
  measures: string;
  fundsFen: number;
  deadline: string;
  responsiblePerson: string;
  responsiblePhone?: string;
  interimMeasures: string;
}

export interface SuperviseInput {
  noticeNo: string;
  issuer: string;
  level: SupervisionLevel;
  deadline: string;
  publishedAt?: string;
  stopProduction?: boolean;
  stopOrderNo?: string;
}

type HazardInputs = {
  grade: { level: HazardLevel; clauseId?: string; sector?: string; note?: string };
  plan: PlanInput;
  request_acceptance: { note: string; photoIds?: string[] };
  reject_acceptance: { reason: string };
  verify: { note?: string };
  close: { note?: string };
  reopen: { reason: string };
  cancel: { reason: string };
  progress: { note: string; photoIds?: string[] };
  extension_request: { newDeadline: string; reason: string };
  extension_decide: { extensionId: string; approve: boolean; note?: string };
  supervise: SuperviseInput;
  withdraw_supervision: { supervisionId: string; reason: string };
};

const pendingExtension = (ctx: Ctx, hazardId: string) =>
  ctx.db.selectFrom('hazard_extensions').selectAll().where('hazard_id', '=', hazardId).where('status', '=', 'pending').executeTakeFirst();
const liveSupervision = (ctx: Ctx, hazardId: string) =>
  ctx.db.selectFrom('hazard_supervisions').selectAll().where('hazard_id', '=', hazardId).where('withdrawn_at', 'is', null).executeTakeFirst();
const withdrawLive = (ctx: Ctx, hazardId: string, reason: string) =>
  ctx.db
    .updateTable('hazard_supervisions')
    .set({ withdrawn_at: ctx.deps.clock.now(), withdraw_reason: reason })
    .where('hazard_id', '=', hazardId)
    .where('withdrawn_at', 'is', null)
    .returning('id')
    .execute();

function progressRow(ctx: Ctx, hazardId: string, input: { note: string; photoIds?: string[] }) {
  const id = v7();
  return ctx.db
    .insertInto('hazard_progress')
    .values({
      id,
      hazard_id: hazardId,
      note: input.note,
      photo_ids: input.photoIds ?? [],
      created_by: ctx.actor.id,
      created_by_name: ctx.actor.displayName,
      created_at: ctx.deps.clock.now(),
    })
    .execute()
    .then(() => id);
}

export const hazardMachine: Machine<HazardRow, HazardState, HazardInputs> = {
  name: 'hazard',
  stateOf: (h) => h.state,
  steps: [...TRANSITIONS, ...SIDE_STEPS],
  stateLabel: (s) => STATE_LABELS[s].zh,
  guards: {
    verify: [
      {
        code: 'ACCEPTOR_IS_RECTIFIER',
        zh: '验收人不能是整改人本人，请由其他人员验收',
        en: 'Acceptance must be done by someone other than the rectifier',
        allows: (ctx, h) => h.rectified_by !== ctx.actor.id,
      },
    ],
    extension_request: [
      { code: 'NO_DEADLINE', zh: '该隐患当前没有进行中的整改期限', en: 'This hazard has no running deadline', allows: (_ctx, h) => h.deadline !== null },
      {
        code: 'EXTENSION_PENDING',
        zh: '已有待审批的延期申请',
        en: 'An extension request is already pending',
        allows: async (ctx, h) => !(await pendingExtension(ctx, h.id)),
      },
    ],
    extension_decide: [
      {
        code: 'EXTENSION_DECIDED',
        zh: '该延期申请已处理',
        en: 'This extension request was already decided',
        allows: async (ctx, h) => !!(await pendingExtension(ctx, h.id)),
      },
    ],
    supervise: [
      {
        code: 'NOT_MAJOR',
        zh: '只有重大事故隐患可以挂牌督办',
        en: 'Only major hazards can be placed under supervision',
        allows: (_ctx, h) => h.level === 'major',
      },
      {
        code: 'ALREADY_SUPERVISED',
        zh: '该隐患已在挂牌督办中',
        en: 'This hazard is already under supervision',
        allows: async (ctx, h) => !(await liveSupervision(ctx, h.id)),
      },
    ],
    withdraw_supervision: [
      { code: 'ALREADY_WITHDRAWN', zh: '该督办已摘牌', en: 'Already withdrawn', allows: async (ctx, h) => !!(await liveSupervision(ctx, h.id)) },
    ],
  },
  refusals: {
    progress: { code: 'NOT_RECTIFYING', zh: '只有整改中的隐患可以填报整改进度', en: 'Progress can be reported only while rectifying' },
    extension_request: { code: 'NO_DEADLINE', zh: '该隐患当前没有进行中的整改期限', en: 'This hazard has no running deadline' },
    supervise: { code: 'HAZARD_NOT_OPEN', zh: '隐患已销号或撤销，不能挂牌督办', en: 'The hazard is no longer open' },
  },
  lock: (ctx, id) => lockHazard(ctx.db, id) as Promise<HazardRow | undefined>,
  notFound: hazardNotFound,
  save: async (ctx, h, state, patch) =>
    (await ctx.db
      .updateTable('hazards')
      .set({ ...(patch as Updateable<HazardsTable>), state, version: h.version + 1, updated_at: ctx.deps.clock.now() })
      .where('id', '=', h.id)
      .returningAll()
      .executeTakeFirstOrThrow()) as HazardRow,
  present: toDto,
  effects: {
    grade: async (ctx, _h, input) => {
      if (input.level === 'major' && !input.clauseId)
        throw fieldError('body.clauseId', '重大事故隐患必须引用判定标准条款', 'a major hazard must cite a criteria clause');
      if (input.clauseId) {
        const clause = await ctx.db.selectFrom('hazard_clauses').select('id').where('id', '=', input.clauseId).executeTakeFirst();
        if (!clause) throw fieldError('body.clauseId', '条款不存在', 'no such clause');
      }
      return {
        patch: { level: input.level, clause_id: input.clauseId ?? null, ...(input.sector ? { sector: input.sector } : {}) },
        note: input.note,
        data: { level: input.level, clauseId: input.clauseId },
      };
    },
    plan: async (ctx, h, input) => {
      const deadline = futureDeadline(ctx, input.deadline, 'body.deadline');
      const planId = v7();
      await ctx.db
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
      await scheduleDeadlineJobs(ctx, h.id, deadline);
      return {
        patch: { deadline, overdue: false, overdue_since: null, escalation_level: 0 },
        data: { planId, deadline: deadline.toISOString(), fundsFen: input.fundsFen },
      };
    },
    request_acceptance: async (ctx, h, input) => {
      await requireAllVisible(ctx, 'files', input.photoIds ?? [], 'body.photoIds');
      await progressRow(ctx, h.id, input);
      return { patch: { rectified_by: ctx.actor.id }, note: input.note, data: { photoIds: input.photoIds ?? [] } };
    },
    reject_acceptance: (_ctx, _h, input) => ({ note: input.reason }),
    verify: (_ctx, h, input) => ({ patch: { overdue: false }, note: input.note, cancelJobs: deadlineJobKeys(h.id) }),
    close: async (ctx, h, input) => {
      // 销号 withdraws any live 挂牌督办 notice in the same transaction.
      const withdrawn = await withdrawLive(ctx, h.id, '隐患已销号，自动摘牌');
      return {
        patch: { closed_at: ctx.deps.clock.now(), overdue: false },
        note: input.note,
        data: { withdrawnSupervisions: withdrawn.map((w) => w.id) },
        cancelJobs: deadlineJobKeys(h.id),
      };
    },
    reopen: (_ctx, _h, input) => ({ patch: { closed_at: null, rectified_by: null }, note: input.reason }),
    cancel: async (ctx, h, input) => {
      await withdrawLive(ctx, h.id, '隐患已撤销，自动摘牌');
      return { patch: { cancel_reason: input.reason, overdue: false }, note: input.reason, cancelJobs: deadlineJobKeys(h.id) };
    },
    progress: async (ctx, h, input) => {
      await requireAllVisible(ctx, 'files', input.photoIds ?? [], 'body.photoIds');
      const progressId = await progressRow(ctx, h.id, input);
      const photoIds = input.photoIds ?? [];
      return {
        note: input.note,
        data: { progressId, photoIds },
        audit: { before: undefined, after: { progressId, note: input.note, photoIds } },
        result: { id: progressId },
      };
    },
    extension_request: async (ctx, h, input) => {
      const nd = futureDeadline(ctx, input.newDeadline, 'body.newDeadline');
      if (nd.getTime() <= new Date(h.deadline as Date).getTime())
        throw fieldError('body.newDeadline', '必须晚于现有整改期限', 'must be later than the current deadline');
      const extId = v7();
      const now = ctx.deps.clock.now();
      await ctx.db
        .insertInto('hazard_extensions')
        .values({
          id: extId,
          hazard_id: h.id,
          reason: input.reason,
          old_deadline: h.deadline as Date,
          new_deadline: nd,
          requested_by: ctx.actor.id,
          requested_by_name: ctx.actor.displayName,
          requested_at: now,
        })
        .execute();
      await notify(ctx.db, {
        hazard: h,
        kind: 'extension_requested',
        target: h.town_code,
        at: now,
        message: `隐患 ${h.code}「${h.title}」申请延期至 ${fmtDate(nd)}`,
      });
      return {
        note: input.reason,
        data: { extensionId: extId, newDeadline: nd.toISOString() },
        audit: { action: 'hazard.extension.request', before: undefined, after: { extensionId: extId, newDeadline: nd, reason: input.reason } },
        result: { id: extId },
      };
    },
    extension_decide: async (ctx, h, input) => {
      const ext = await ctx.db.selectFrom('hazard_extensions').selectAll().where('id', '=', input.extensionId).forUpdate().executeTakeFirst();
      if (ext?.status !== 'pending') throw conflict('EXTENSION_DECIDED', '该延期申请已处理', 'This extension request was already decided');
      const now = ctx.deps.clock.now();
      const status = input.approve ? 'approved' : 'denied';
      await ctx.db
        .updateTable('hazard_extensions')
        .set({ status, decided_by: ctx.actor.id, decided_by_name: ctx.actor.displayName, decided_at: now, decision_note: input.note ?? null })
        .where('id', '=', ext.id)
        .execute();
      let patch: Partial<HazardRow> | undefined;
      if (input.approve) {
        if (!DEADLINE_STATES.includes(h.state)) throw conflict('NO_DEADLINE', '该隐患当前没有进行中的整改期限', 'This hazard has no running deadline');
        const nd = new Date(ext.new_deadline);
        if (nd.getTime() <= now.getTime()) throw conflict('DEADLINE_IN_PAST', '申请的新期限已过，请重新申请', 'The requested deadline has already passed');
        patch = { deadline: nd, overdue: false, overdue_since: null, escalation_level: 0 };
        await scheduleDeadlineJobs(ctx, h.id, nd);
      }
      await notify(ctx.db, {
        hazard: h,
        kind: 'extension_decided',
        target: h.town_code,
        at: now,
        message: `隐患 ${h.code} 的延期申请${input.approve ? '已批准' : '未批准'}`,
      });
      return {
        patch,
        note: input.note,
        data: { extensionId: ext.id },
        historyAction: input.approve ? 'extension_approve' : 'extension_deny',
        audit: { action: `hazard.extension.${status}`, before: { deadline: h.deadline }, after: { extensionId: ext.id, status } },
        result: { id: ext.id, status },
      };
    },
    supervise: async (ctx, h, input) => {
      const deadline = futureDeadline(ctx, input.deadline, 'body.deadline');
      const published = parseDate(input.publishedAt, 'body.publishedAt') ?? ctx.deps.clock.now();
      refuseFuture('body.publishedAt', published, ctx.deps.clock.now());
      if (input.stopProduction && !input.stopOrderNo)
        throw fieldError('body.stopOrderNo', '责令停产停业时必须填写文书编号', 'is required with a stop-production order');
      const dup = await ctx.db.selectFrom('hazard_supervisions').select('id').where('notice_no', '=', input.noticeNo).executeTakeFirst();
      if (dup) throw fieldError('body.noticeNo', '督办文号已存在', 'is already used');
      const sid = v7();
      await ctx.db
        .insertInto('hazard_supervisions')
        .values({
          id: sid,
          hazard_id: h.id,
          notice_no: input.noticeNo,
          issuer: input.issuer,
          level: input.level,
          deadline,
          published_at: published,
          stop_production: input.stopProduction ?? false,
          stop_order_no: input.stopOrderNo ?? null,
          created_by: ctx.actor.id,
          created_at: ctx.deps.clock.now(),
        })
        .execute();
      return {
        note: `挂牌督办 ${input.noticeNo}`,
        data: { supervisionId: sid, ...input },
        audit: { before: undefined, after: { supervisionId: sid, ...input } },
        result: { id: sid },
      };
    },
    withdraw_supervision: async (ctx, _h, input) => {
      const s = await ctx.db.selectFrom('hazard_supervisions').selectAll().where('id', '=', input.supervisionId).forUpdate().executeTakeFirst();
      if (!s || s.withdrawn_at) throw conflict('ALREADY_WITHDRAWN', '该督办已摘牌', 'Already withdrawn');
      await ctx.db
        .updateTable('hazard_supervisions')
        .set({ withdrawn_at: ctx.deps.clock.now(), withdraw_reason: input.reason })
        .where('id', '=', s.id)
        .execute();
      return {
        note: input.reason,
        data: { supervisionId: s.id },
        audit: { action: 'hazard.supervision.withdraw', before: undefined, after: { supervisionId: s.id, reason: input.reason } },
        result: { id: s.id },
      };
    },
  },
};

const step = <A extends keyof HazardInputs & string>(ctx: Ctx, id: string, action: A, input: HazardInputs[A]) =>
  apply(ctx, hazardMachine, id, action, input) as Promise<HazardDto>;

export const gradeHazard = (ctx: Ctx, id: string, input: HazardInputs['grade']) => step(ctx, id, 'grade', input);
export const submitPlan = (ctx: Ctx, id: string, input: PlanInput) => step(ctx, id, 'plan', input);
export const requestAcceptance = (ctx: Ctx, id: string, input: HazardInputs['request_acceptance']) => step(ctx, id, 'request_acceptance', input);
export const rejectAcceptance = (ctx: Ctx, id: string, input: { reason: string }) => step(ctx, id, 'reject_acceptance', input);
export const verifyHazard = (ctx: Ctx, id: string, input: { note?: string }) => step(ctx, id, 'verify', input);
export const closeHazard = (ctx: Ctx, id: string, input: { note?: string }) => step(ctx, id, 'close', input);
export const reopenHazard = (ctx: Ctx, id: string, input: { reason: string }) => step(ctx, id, 'reopen', input);
export const cancelHazard = (ctx: Ctx, id: string, input: { reason: string }) => step(ctx, id, 'cancel', input);

/** A progress update (no state change) while rectifying. */
export const addProgress = (ctx: Ctx, id: string, input: HazardInputs['progress']) =>
  apply(ctx, hazardMachine, id, 'progress', input) as Promise<{ id: string }>;

export const requestExtension = (ctx: Ctx, id: string, input: HazardInputs['extension_request']) =>
  apply(ctx, hazardMachine, id, 'extension_request', input) as Promise<{ id: string }>;

/** Decide an extension request: found by its id, the step runs on its hazard (a missing one is a 404). */
export async function decideExtension(ctx: Ctx, extensionId: string, input: { approve: boolean; note?: string }) {
  const extNotFound = () => notFound('延期申请', 'Extension');
  requirePermission(ctx, 'hazard:approve');
  const ext = await ctx.db.selectFrom('hazard_extensions').select('hazard_id').where('id', '=', extensionId).executeTakeFirst();
  if (!ext) throw extNotFound();
  return apply(ctx, hazardMachine, ext.hazard_id, 'extension_decide', { extensionId, ...input }, { notFound: extNotFound }) as Promise<{
    id: string;
    status: 'approved' | 'denied';
  }>;
}

export const superviseHazard = (ctx: Ctx, id: string, input: SuperviseInput) => apply(ctx, hazardMachine, id, 'supervise', input) as Promise<{ id: string }>;

export async function withdrawSupervision(ctx: Ctx, supervisionId: string, input: { reason: string }) {
  const supNotFound = () => notFound('督办记录', 'Supervision');
  requirePermission(ctx, 'hazard:approve');
  const s = await ctx.db.selectFrom('hazard_supervisions').select('hazard_id').where('id', '=', supervisionId).executeTakeFirst();
  if (!s) throw supNotFound();
  return apply(ctx, hazardMachine, s.hazard_id, 'withdraw_supervision', { supervisionId, ...input }, { notFound: supNotFound }) as Promise<{ id: string }>;
}

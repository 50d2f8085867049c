// The 乡呼县应 lifecycle on the platform engine (server/platform/lifecycle.ts): 待区级响应 → 已受理 (or 不予受理
// with a reason, or withdrawn by the town) → 处置中 (a lead unit and officers assigned; notes and the records it
// produced) → 待镇街确认 → 已办结 on the requesting town's confirmation (or sent back). Every step is one apply():
// permission → lock → scope → state → guards → effect → history and audit, in one transaction; answering the
// request cancels its response-deadline jobs in the same transaction.
import type { Static } from 'typebox';
import { ASSIST_SIDE_TRANSITIONS, ASSIST_STATE_LABELS, ASSIST_TRANSITIONS, type AssistState } from '../../../shared/assists.ts';
import { requireJurisdiction } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireOfficers } from '../../platform/enforcement/licences.ts';
import { fieldError, notFound } from '../../platform/errors.ts';
import { apply, type Machine } from '../../platform/lifecycle.ts';
import { requireCase } from '../cases/api.ts';
import { requireInspection } from '../inspections/api.ts';
import { type AssistRow, lockAssist, saveAssist } from './assists.repo.ts';
import type * as S from './assists.schema.ts';

export const assistNotFound = () => notFound('支援请求', 'Assistance request');

/** The response-deadline jobs of a request (reminder, overdue mark), by dedup key. */
export const responseJobKeys = (id: string) => [`assist:${id}:remind`, `assist:${id}:overdue`];

type In<T extends keyof typeof S> = (typeof S)[T] extends infer X ? (X extends import('typebox').TSchema ? Static<X> : never) : never;

export type AssistInputs = {
  accept: In<'NoteBody'>;
  decline: In<'ReasonBody'>;
  withdraw: In<'ReasonBody'>;
  assign: In<'AssignBody'>;
  report_done: In<'ReportDoneBody'>;
  confirm: In<'NoteBody'>;
  reopen: In<'ReasonBody'>;
  add_note: In<'AddNoteBody'>;
  link_record: In<'LinkRecordBody'>;
};

/** The requesting town's own people (its station, or one of its villages). */
const ofRequestingTown = (ctx: Ctx, row: AssistRow) => ctx.actor.unitCode.startsWith(row.town_code);

const townOnly = {
  code: 'NOT_REQUESTING_TOWN',
  zh: '只有提出请求的镇街可以执行此操作',
  en: 'Only the requesting town may do this',
  allows: ofRequestingTown,
};
/** The district answers: the town that asked does not accept its own request. */
const districtOnly = {
  code: 'REQUESTING_TOWN',
  zh: '提出请求的镇街不能受理或办理本请求，应由区级处理',
  en: 'The requesting town cannot handle its own request',
  allows: (ctx: Ctx, row: AssistRow) => !ofRequestingTown(ctx, row),
};

const answered = (ctx: Ctx) => ({ answered_at: ctx.deps.clock.now(), answered_by_name: ctx.actor.displayName });

export const assistMachine: Machine<AssistRow, AssistState, AssistInputs> = {
  name: 'assist',
  stateOf: (r) => r.state,
  steps: [...ASSIST_TRANSITIONS, ...ASSIST_SIDE_TRANSITIONS] as Machine<AssistRow, AssistState, AssistInputs>['steps'],
  stateLabel: (s) => ASSIST_STATE_LABELS[s].zh,
  guards: {
    accept: [districtOnly],
    decline: [districtOnly],
    assign: [districtOnly],
    report_done: [districtOnly],
    link_record: [districtOnly],
    withdraw: [townOnly],
    confirm: [townOnly],
    reopen: [townOnly],
  },
  lock: lockAssist,
  notFound: assistNotFound,
  save: saveAssist,
  present: (r) => ({ id: r.id, code: r.code, state: r.state, version: r.version }),
  effects: {
    accept: (ctx, row, input) => ({ patch: answered(ctx), note: input.note ?? '区级已受理', cancelJobs: responseJobKeys(row.id) }),
    decline: (ctx, row, input) => ({ patch: { ...answered(ctx), decline_reason: input.reason }, note: input.reason, cancelJobs: responseJobKeys(row.id) }),
    withdraw: (_ctx, row, input) => ({ patch: { withdraw_reason: input.reason }, note: input.reason, cancelJobs: responseJobKeys(row.id) }),
    assign: async (ctx, row, input) => {
      // The lead unit is the bureau or a district department (组团式执法: 消防, 住建, 市场监管…); the officers who
      // go are ours and inspect in twos at least (行政处罚法 §42).
      await requireJurisdiction(ctx, input.leadUnitCode, 'body.leadUnitCode', { kinds: ['district', 'department'] });
      const officers = await requireOfficers(ctx, input.officerIds, 'body.officerIds');
      const lead = await ctx.db.selectFrom('org_units').select('name').where('code', '=', input.leadUnitCode).executeTakeFirstOrThrow();
      const names = officers.map((o) => o.name).join('、');
      const snapshot = officers.map((o) => ({ userId: o.userId, name: o.name, unitCode: o.unitCode, licenceNumber: o.licenceNumber }));
      return {
        patch: { lead_unit_code: input.leadUnitCode, officers: JSON.stringify(snapshot) as never, assigned_at: ctx.deps.clock.now() },
        note: `${row.state === 'working' ? '改派' : '指派'}：${lead.name} 牵头，${names}${input.note ? `；${input.note}` : ''}`,
        data: { leadUnitCode: input.leadUnitCode, officerIds: input.officerIds },
      };
    },
    report_done: (ctx, _row, input) => ({ patch: { result_summary: input.summary, done_at: ctx.deps.clock.now() }, note: input.summary }),
    confirm: (ctx, _row, input) => ({ patch: { closed_at: ctx.deps.clock.now() }, note: input.note ?? '镇街确认办结' }),
    reopen: (_ctx, _row, input) => ({ patch: { done_at: null }, note: input.reason }),
    add_note: (_ctx, _row, input) => ({ note: input.note }),
    link_record: async (ctx, row, input) => {
      const ref =
        input.kind === 'case' ? await requireCase(ctx, input.recordId, 'body.recordId') : await requireInspection(ctx, input.recordId, 'body.recordId');
      // What the help produced is about the requesting town's place (a joint inspection there, its case taken up).
      if (!ref.jurisdictionCode.startsWith(row.town_code))
        throw fieldError('body.recordId', '关联的检查或案件不在提出请求的镇街', 'the record is not in the requesting town');
      if (row.records.some((r) => r.id === ref.id)) throw fieldError('body.recordId', '该记录已关联', 'already linked');
      const record = { kind: input.kind, id: ref.id, label: ref.label, at: ctx.deps.clock.now().toISOString() };
      return {
        patch: { records: JSON.stringify([...row.records, record]) as never },
        note: `关联${input.kind === 'case' ? '案件' : '检查'}：${ref.label}`,
        data: record,
        result: { id: row.id },
      };
    },
  },
};

/** Take a step on a request (the route's one call). */
export async function assistStep<A extends keyof AssistInputs & string>(ctx: Ctx, id: string, action: A, input: AssistInputs[A]): Promise<{ id: string }> {
  await apply(ctx, assistMachine, id, action, input);
  return { id };
}

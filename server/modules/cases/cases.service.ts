// The case lifecycle on the platform engine (server/platform/lifecycle.ts): 立案 → 调查取证 → 告知 (陈述申辩,
// 听证) → 决定 → 送达 → 执行 → 结案, the 不予处罚 / 撤案 branches and 行刑衔接. Every state change and side step
// is one apply(): permission → lock → scope → state → guards → effect (documents numbered in the same
// transaction, clocks and their jobs), history and audit, in one transaction.
import type { Static } from 'typebox';
import { type CaseState, CASE_SIDE_TRANSITIONS, CASE_STATE_LABELS, CASE_TRANSITIONS, hearingRight } from '../../../shared/cases.ts';
import { fmtDate, fmtMinute } from '../../../shared/time.ts';
import type { Ctx } from '../../platform/context.ts';
import { fieldError, notFound } from '../../platform/errors.ts';
import { apply, type Machine } from '../../platform/lifecycle.ts';
import { addWorkingDays, dayOf, workCalendar } from '../../platform/enforcement/workdays.ts';
import { refuseFuture } from '../../platform/validation.ts';
import { cancelClocks, meetClock, runningClock, startClock } from './cases.clocks.ts';
import { issueCaseDocument } from './cases.documents.ts';
import { amountsOf, insertParties, maskName, maskText } from './cases.penalties.ts';
import { type CaseRow, lockCase, partiesOf, saveCase } from './cases.repo.ts';
import type * as S from './cases.schema.ts';

export const caseNotFound = () => notFound('案件', 'Case');

type In<T extends keyof typeof S> = (typeof S)[T] extends infer X ? (X extends import('typebox').TSchema ? Static<X> : never) : never;

type CaseInputs = {
  approve_filing: In<'NoteBody'>;
  reject_filing: In<'ReasonBody'>;
  notify: In<'NotifyBody'>;
  request_hearing: In<'NoteBody'>;
  decide: In<'NoteBody'>;
  decide_no_penalty: In<'NoPenaltyBody'>;
  serve: In<'ServeBody'>;
  close: In<'CloseBody'>;
  withdraw: In<'ReasonBody'>;
  propose_transfer: In<'ReasonBody'>;
  approve_transfer: In<'NoteBody'>;
  reject_transfer: In<'ReasonBody'>;
  police_answer: In<'PoliceAnswerBody'>;
  record_interview: In<'InterviewBody'>;
  record_statement: In<'StatementBody'>;
  schedule_hearing: In<'HearingScheduleBody'>;
  record_hearing: In<'HearingResultBody'>;
  record_payment: In<'PaymentBody'>;
  hand_over: In<'HandOverBody'>;
  propose_publication: In<'PublicationBody'>;
  decide_publication: In<'PublicationDecisionBody'>;
  set_parties: In<'PartiesBody'>;
};

/** The approver is not one of the case's own officers (a head's approval is someone else's check). */
const notOnTeam = {
  code: 'APPROVER_ON_TEAM',
  zh: '承办案件的执法人员不能审批本案，请由单位负责人审批',
  en: 'An officer of the case cannot approve it',
  allows: (ctx: Ctx, row: CaseRow) => !row.officer_ids.includes(ctx.actor.id),
};

const statementOver = async (ctx: Ctx, row: CaseRow) => {
  // 行政处罚法 §62: no decision before the party was heard — the statement is recorded or its period is over.
  if (row.statement) return true;
  const clock = await runningClock(ctx, row.id, 'statement');
  return !clock || clock.due_at.getTime() < ctx.deps.clock.now().getTime();
};

const anyHearingRight = async (ctx: Ctx, row: CaseRow) =>
  (await partiesOf(ctx, row.id)).some((p) => hearingRight({ kind: p.kind, penaltyKind: p.penalty_kind, fineFen: amountsOf(p, 0).base }));

export const caseMachine: Machine<CaseRow, CaseState, CaseInputs> = {
  name: 'case',
  stateOf: (r) => r.state,
  steps: [...CASE_TRANSITIONS, ...CASE_SIDE_TRANSITIONS] as Machine<CaseRow, CaseState, CaseInputs>['steps'],
  stateLabel: (s) => CASE_STATE_LABELS[s].zh,
  guards: {
    approve_filing: [notOnTeam],
    reject_filing: [notOnTeam],
    decide: [
      notOnTeam,
      {
        code: 'STATEMENT_PERIOD_RUNNING',
        zh: '陈述申辩期（三个工作日）未满且当事人未陈述申辩，不能作出决定（行政处罚法第四十五条、第六十二条）',
        en: 'The statement period is still running',
        allows: statementOver,
      },
      {
        code: 'HEARING_NOT_HELD',
        zh: '当事人申请了听证，听证结束前不能作出决定（行政处罚法第六十五条）',
        en: 'The requested hearing has not been held',
        allows: (_c, r) => r.state !== 'hearing' || !!r.hearing_result,
      },
    ],
    decide_no_penalty: [notOnTeam],
    close: [notOnTeam],
    withdraw: [notOnTeam],
    approve_transfer: [notOnTeam],
    reject_transfer: [notOnTeam],
    request_hearing: [
      { code: 'NO_HEARING_RIGHT', zh: '拟作出的处罚不属于听证范围（行政处罚法第六十三条）', en: 'No party has a right to a hearing', allows: anyHearingRight },
      {
        code: 'HEARING_REQUEST_LATE',
        zh: '已超过听证申请期限（告知后五个工作日，行政处罚法第六十四条）',
        en: 'The hearing request period is over',
        allows: async (ctx, r) => {
          const c = await runningClock(ctx, r.id, 'hearing_request');
          return !!c && c.due_at.getTime() >= ctx.deps.clock.now().getTime();
        },
      },
    ],
    record_hearing: [{ code: 'HEARING_NOT_SCHEDULED', zh: '请先安排听证', en: 'Schedule the hearing first', allows: (_c, r) => !!r.hearing_at }],
    decide_publication: [
      { code: 'NOT_PROPOSED', zh: '该案件没有待审核的公开申请', en: 'No publication is proposed', allows: (_c, r) => r.publication === 'proposed' },
      notOnTeam,
    ],
    propose_publication: [
      {
        code: 'ALREADY_PUBLIC',
        zh: '该案件已公开或待审核',
        en: 'Already public or proposed',
        allows: (_c, r) => r.publication === 'none' || r.publication === 'rejected',
      },
    ],
    hand_over: [{ code: 'ALREADY_HANDED_OVER', zh: '案卷已移交', en: 'Already handed over', allows: (_c, r) => !r.handed_over_at }],
    police_answer: [{ code: 'NOT_HANDED_OVER', zh: '请先登记案卷移交', en: 'Record the hand-over first', allows: (_c, r) => !!r.handed_over_at }],
  },
  lock: (ctx, id) => lockCase(ctx, id),
  notFound: caseNotFound,
  save: saveCase,
  present: (r) => ({ id: r.id, code: r.code, state: r.state, version: r.version, publication: r.publication }),
  effects: {
    approve_filing: async (ctx, row, input) => {
      const now = ctx.deps.clock.now();
      const doc = await issueCaseDocument(ctx, row, 'filing_approval', { approver: ctx.actor.displayName, filedDate: fmtDate(now) });
      // §60: the decision within 90 days of filing.
      await startClock(ctx, row.id, 'decision', now);
      return { patch: { opened_at: now }, note: input.note ?? `立案审批表 ${doc.number}`, data: { documentId: doc.id, number: doc.number } };
    },
    reject_filing: (_ctx, _row, input) => ({ patch: { close_reason: input.reason, closed_at: _ctx.deps.clock.now() }, note: input.reason }),
    notify: async (ctx, row, input) => {
      const now = ctx.deps.clock.now();
      const cal = await workCalendar(ctx);
      const facts = input.facts?.trim() || row.facts;
      const statement = await startClock(ctx, row.id, 'statement', now, cal);
      const hearing = (await anyHearingRight(ctx, row)) ? await startClock(ctx, row.id, 'hearing_request', now, cal) : null;
      const doc = await issueCaseDocument(ctx, { ...row, facts }, 'penalty_notice', {
        noticeDate: fmtDate(now),
        statementDue: statement.due_day,
        hearingDue: hearing?.due_day ?? '不适用',
        hearingText: hearing
          ? `依据《中华人民共和国行政处罚法》第六十三条、第六十四条，你（单位）有权要求听证，请于${hearing.due_day}前（五个工作日内）提出。`
          : '拟作出的行政处罚不属于听证范围。',
      });
      return {
        patch: { notified_at: now, facts },
        note: input.note ?? `行政处罚告知书 ${doc.number}`,
        data: { documentId: doc.id, number: doc.number, statementDue: statement.due_day, hearingDue: hearing?.due_day ?? null },
      };
    },
    request_hearing: async (ctx, row, input) => {
      await meetClock(ctx, row.id, 'hearing_request');
      return { note: input.note ?? '当事人申请听证' };
    },
    schedule_hearing: async (ctx, _row, input) => {
      // §64(2): the party is told of the hearing at least 7 (working, §85) days before it.
      const at = new Date(input.hearingAt);
      const earliest = addWorkingDays(await workCalendar(ctx), dayOf(ctx.deps.clock.now()), 7);
      if (dayOf(at) < earliest)
        throw fieldError('body.hearingAt', `听证应在通知七个工作日后举行，最早 ${earliest}（行政处罚法第六十四条）`, `must be on or after ${earliest}`);
      return {
        patch: { hearing_at: at, hearing_place: input.place },
        note: `听证安排：${fmtMinute(at)} ${input.place}`,
        data: { hearingAt: at.toISOString() },
      };
    },
    record_hearing: (_ctx, _row, input) => ({ patch: { hearing_result: input.result }, note: input.result }),
    record_statement: async (ctx, row, input) => {
      await meetClock(ctx, row.id, 'statement');
      return { patch: { statement: input.statement }, note: input.statement };
    },
    record_interview: async (ctx, row, input) => {
      const at = new Date(input.time);
      refuseFuture('body.time', at, ctx.deps.clock.now());
      const doc = await issueCaseDocument(ctx, row, 'interview_record', {
        interviewee: input.interviewee,
        place: input.place,
        time: fmtMinute(at),
        content: input.content,
      });
      return {
        note: `询问笔录 ${doc.number}（${input.interviewee}）`,
        data: { documentId: doc.id, number: doc.number },
        audit: { before: undefined, after: { documentId: doc.id } },
        result: { id: doc.id },
      };
    },
    set_parties: async (ctx, row, input) => {
      await ctx.db.deleteFrom('case_parties').where('case_id', '=', row.id).execute();
      const rows = await insertParties(ctx, row.id, input.parties);
      return { note: `当事人 ${rows.map((r) => r.name).join('、')}`, data: { parties: rows.map((r) => r.id) }, result: { id: row.id } };
    },
    decide: async (ctx, row, input) => {
      const now = ctx.deps.clock.now();
      await meetClock(ctx, row.id, 'decision');
      await cancelClocks(ctx, row.id, ['statement', 'hearing_request']);
      const doc = await issueCaseDocument(ctx, row, 'penalty_decision', { decisionDate: fmtDate(now) });
      // §61: served within 7 (working) days.
      await startClock(ctx, row.id, 'service', now);
      return { patch: { decided_at: now }, note: input.note ?? `行政处罚决定书 ${doc.number}`, data: { documentId: doc.id, number: doc.number } };
    },
    decide_no_penalty: async (ctx, row, input) => {
      if (input.leniencyId) {
        const l = await ctx.db.selectFrom('case_leniency').select('id').where('id', '=', input.leniencyId).executeTakeFirst();
        if (!l) throw fieldError('body.leniencyId', '从轻减轻清单条目不存在', 'no such leniency entry');
      }
      await meetClock(ctx, row.id, 'decision');
      await cancelClocks(ctx, row.id);
      return { patch: { decided_at: ctx.deps.clock.now(), close_reason: input.reason }, note: input.reason, data: { leniencyId: input.leniencyId ?? null } };
    },
    serve: async (ctx, row, input) => {
      const at = new Date(input.servedAt);
      refuseFuture('body.servedAt', at, ctx.deps.clock.now());
      if (row.decided_at && at < row.decided_at) throw fieldError('body.servedAt', '送达时间不能早于决定时间', 'must not be before the decision');
      await meetClock(ctx, row.id, 'service');
      const decision = await ctx.db
        .selectFrom('documents')
        .select('number')
        .where('aggregate', '=', 'case')
        .where('aggregate_id', '=', row.id)
        .where('kind', '=', 'penalty_decision')
        .orderBy('issued_at', 'desc')
        .executeTakeFirst();
      const doc = await issueCaseDocument(ctx, row, 'service_receipt', {
        servedDocument: `行政处罚决定书 ${decision?.number ?? ''}`.trim(),
        recipient: input.recipient,
        method: input.method,
        place: input.place ?? '',
        servedTime: fmtMinute(at),
      });
      // §67: payment within 15 days of receipt.
      const owes = (await partiesOf(ctx, row.id)).some((p) => amountsOf(p, 0).base > 0);
      if (owes) await startClock(ctx, row.id, 'payment', at);
      return { patch: { served_at: at }, note: `送达回证 ${doc.number}`, data: { documentId: doc.id, number: doc.number } };
    },
    record_payment: async (ctx, row, input) => {
      const party = await ctx.db
        .selectFrom('case_parties')
        .selectAll()
        .where('id', '=', input.partyId)
        .where('case_id', '=', row.id)
        .forUpdate()
        .executeTakeFirst();
      if (!party) throw fieldError('body.partyId', '不是本案当事人', 'not a party of this case');
      refuseFuture('body.paidOn', new Date(`${input.paidOn}T00:00:00+08:00`), ctx.deps.clock.now());
      const clock = await runningClock(ctx, row.id, 'payment');
      const daysLate = clock ? Math.max(0, Math.round((Date.parse(input.paidOn) - Date.parse(clock.due_day)) / 86_400_000)) : 0;
      const a = amountsOf(party, daysLate);
      if (input.amountFen > a.outstanding)
        throw fieldError('body.amountFen', `缴款金额超过应缴余额（${a.outstanding / 100} 元）`, 'more than the outstanding amount');
      const id = (await import('uuid')).v7();
      await ctx.db
        .insertInto('case_payments')
        .values({
          id,
          case_id: row.id,
          party_id: party.id,
          amount_fen: input.amountFen,
          surcharge_fen: a.surcharge,
          paid_on: input.paidOn,
          receipt_no: input.receiptNo,
          created_by: ctx.actor.id,
        })
        .execute();
      await ctx.db
        .updateTable('case_parties')
        .set({ paid_fen: Number(party.paid_fen) + input.amountFen })
        .where('id', '=', party.id)
        .execute();
      // Every party paid in full: the payment clock is met.
      const left = (await partiesOf(ctx, row.id)).reduce((s, p) => s + amountsOf(p, p.id === party.id ? daysLate : 0).outstanding, 0);
      if (left === 0) await meetClock(ctx, row.id, 'payment');
      return {
        note: `${party.name} 缴纳 ${input.amountFen / 100} 元（票据 ${input.receiptNo}）`,
        data: { paymentId: id, partyId: party.id, amountFen: input.amountFen, surchargeFen: a.surcharge },
        audit: { before: { paidFen: Number(party.paid_fen) }, after: { paidFen: Number(party.paid_fen) + input.amountFen, paymentId: id } },
        result: { id },
      };
    },
    close: async (ctx, row, input) => {
      const now = ctx.deps.clock.now();
      const parties = await partiesOf(ctx, row.id);
      const outstanding = parties.reduce((s, p) => s + amountsOf(p, 0).outstanding, 0);
      if (row.state === 'executing' && outstanding > 0 && !input.reason)
        throw fieldError(
          'body.reason',
          `尚有 ${outstanding / 100} 元罚款未缴纳，结案须说明理由（如已申请法院强制执行，行政处罚法第七十二条）`,
          'a reason is required while fines are unpaid',
        );
      await cancelClocks(ctx, row.id);
      const doc = await issueCaseDocument(ctx, row, 'closing_approval', {
        outcome: row.state === 'no_penalty' ? `不予处罚：${row.close_reason ?? ''}` : '已作出行政处罚决定',
        execution: outstanding > 0 ? `未缴清，${input.reason}` : '已执行完毕',
        closedDate: fmtDate(now),
        approver: ctx.actor.displayName,
      });
      return {
        patch: { closed_at: now, overdue: false, ...(input.reason ? { close_reason: input.reason } : {}) },
        note: input.note ?? `结案审批表 ${doc.number}`,
        data: { documentId: doc.id, number: doc.number },
      };
    },
    withdraw: async (ctx, row, input) => {
      await cancelClocks(ctx, row.id);
      return { patch: { close_reason: input.reason, closed_at: ctx.deps.clock.now(), overdue: false }, note: input.reason };
    },
    propose_transfer: async (ctx, row, input) => {
      // 移送规定 §5: the head decides within 3 days of the report.
      await startClock(ctx, row.id, 'transfer_decision', ctx.deps.clock.now());
      return { patch: { transfer_reason: input.reason }, note: input.reason };
    },
    approve_transfer: async (ctx, row, input) => {
      const now = ctx.deps.clock.now();
      await meetClock(ctx, row.id, 'transfer_decision');
      await cancelClocks(ctx, row.id, ['decision', 'statement', 'hearing_request']);
      // 移送规定 §8: handed over within 24 hours of the approval.
      await startClock(ctx, row.id, 'transfer_handover', now);
      return { patch: { transfer_approved_at: now }, note: input.note ?? '批准移送公安机关' };
    },
    reject_transfer: async (ctx, row, input) => {
      await meetClock(ctx, row.id, 'transfer_decision');
      return { patch: { transfer_reason: null }, note: input.reason };
    },
    hand_over: async (ctx, row, input) => {
      const at = new Date(input.handedAt);
      refuseFuture('body.handedAt', at, ctx.deps.clock.now());
      await meetClock(ctx, row.id, 'transfer_handover');
      return {
        patch: { handed_over_at: at },
        note: `案卷移交公安机关，接收人 ${input.receiver}`,
        data: { receiver: input.receiver, handedAt: at.toISOString() },
      };
    },
    police_answer: async (ctx, row, input) => {
      if (input.accepted) await cancelClocks(ctx, row.id);
      return {
        to: input.accepted ? 'closed' : 'investigating',
        patch: {
          police_answer: input.answer,
          police_accepted: input.accepted,
          ...(input.accepted ? { closed_at: ctx.deps.clock.now(), close_reason: '移送公安机关立案' } : { handed_over_at: null, transfer_approved_at: null }),
        },
        note: `${input.accepted ? '公安机关立案' : '公安机关不予立案'}：${input.answer}`,
        historyAction: input.accepted ? 'police_accept' : 'police_refuse',
      };
    },
    propose_publication: (_ctx, _row, input) => ({
      patch: { publication: 'proposed', publication_summary: input.summary, publication_note: null },
      note: '提请公开为典型案例',
    }),
    decide_publication: async (ctx, row, input) => {
      if (!input.accept) return { patch: { publication: 'rejected', publication_note: input.note ?? null }, note: input.note ?? '不予公开' };
      const persons = (await partiesOf(ctx, row.id)).filter((p) => p.kind === 'person').map((p) => p.name);
      const summary = maskText(row.publication_summary ?? '', persons);
      return {
        patch: { publication: 'public', publication_summary: summary, published_at: ctx.deps.clock.now(), publication_note: input.note ?? null },
        note: input.note ?? '同意公开为典型案例',
        data: { maskedPersons: persons.map(maskName) },
      };
    },
  },
};

/** Take a step on a case (the route's one call); answers the case's id, or the record a side step made. */
export async function caseStep<A extends keyof CaseInputs & string>(ctx: Ctx, id: string, action: A, input: CaseInputs[A]): Promise<{ id: string }> {
  const out = (await apply(ctx, caseMachine, id, action, input)) as { id: string };
  return { id: out.id };
}

export type { CaseInputs };

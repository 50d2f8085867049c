// Enforcement cases (行政处罚案件): states, the transition table, party and penalty kinds, stage clocks and
// labels. Shared by the server (the lifecycle machine, deadlines) and the web (buttons, tags, filters).
//
// The procedure follows 行政处罚法 (2021): 立案 (§54), 调查取证 by at least two officers (§42, §55), 告知 before
// the decision with 陈述申辩 (§44, §45) and 听证 where the law gives it (§63), 决定 (§57) within 90 days of filing
// (§60), 送达 within 7 days (§61), 执行 (§66–§73) and 结案. 不予处罚 (§30–§33, §57(2)) and 撤案 (§57(4): the
// violation is not established) end a case early; a suspected crime goes to the police (§27, 行刑衔接).
import { type Label, labels } from './labels.ts';

export const { keys: CASE_STATES, labels: CASE_STATE_LABELS } = labels({
  filing: { zh: '立案审批', en: 'Filing', color: 'gold' },
  investigating: { zh: '调查取证', en: 'Investigating', color: 'blue' },
  notified: { zh: '已告知', en: 'Notified', color: 'cyan' },
  hearing: { zh: '听证', en: 'Hearing', color: 'purple' },
  decided: { zh: '已决定', en: 'Decided', color: 'geekblue' },
  executing: { zh: '执行中', en: 'Executing', color: 'orange' },
  closed: { zh: '已结案', en: 'Closed', color: 'green' },
  no_penalty: { zh: '不予处罚', en: 'No penalty', color: 'lime' },
  withdrawn: { zh: '已撤案', en: 'Withdrawn', color: 'default' },
  transfer_review: { zh: '移送审批', en: 'Transfer review', color: 'magenta' },
  transferred: { zh: '已移送公安', en: 'Transferred', color: 'red' },
});
export type CaseState = (typeof CASE_STATES)[number];

/** Every state but the two ends (结案, 撤案). */
export const OPEN_CASE_STATES: readonly CaseState[] = CASE_STATES.filter((s) => s !== 'closed' && s !== 'withdrawn');

export const { keys: CASE_ACTIONS, labels: CASE_MOVE_LABELS } = labels({
  approve_filing: { zh: '批准立案', en: 'Approve filing' },
  reject_filing: { zh: '不予立案', en: 'Reject filing' },
  notify: { zh: '告知（行政处罚告知书）', en: 'Notify' },
  request_hearing: { zh: '当事人申请听证', en: 'Hearing requested' },
  decide: { zh: '作出处罚决定', en: 'Decide' },
  decide_no_penalty: { zh: '不予处罚', en: 'No penalty' },
  serve: { zh: '送达决定书', en: 'Serve' },
  close: { zh: '批准结案', en: 'Close' },
  withdraw: { zh: '撤案', en: 'Withdraw' },
  propose_transfer: { zh: '提请移送公安（涉嫌犯罪）', en: 'Propose transfer' },
  approve_transfer: { zh: '批准移送', en: 'Approve transfer' },
  reject_transfer: { zh: '不予移送', en: 'Reject transfer' },
  police_answer: { zh: '登记公安回复', en: "Police's answer" },
});
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const { keys: CASE_SIDE_STEPS, labels: CASE_SIDE_STEP_LABELS } = labels({
  record_interview: { zh: '询问笔录', en: 'Interview record' },
  record_statement: { zh: '登记陈述申辩', en: 'Statement' },
  schedule_hearing: { zh: '安排听证', en: 'Schedule hearing' },
  record_hearing: { zh: '登记听证结果', en: 'Hearing result' },
  record_payment: { zh: '登记缴款', en: 'Payment' },
  hand_over: { zh: '移交案卷', en: 'Hand over' },
  propose_publication: { zh: '提请公开典型案例', en: 'Propose publication' },
  decide_publication: { zh: '审核典型案例', en: 'Decide publication' },
  set_parties: { zh: '修改当事人及处罚', en: 'Set parties' },
});
export type CaseSideStep = (typeof CASE_SIDE_STEPS)[number];
/** The names of every step, transitions and side steps. */
export const CASE_ACTION_LABELS: Record<CaseAction | CaseSideStep, Label> = { ...CASE_MOVE_LABELS, ...CASE_SIDE_STEP_LABELS };

export interface CaseStep {
  action: CaseAction | CaseSideStep;
  from: readonly CaseState[];
  to?: CaseState;
  permission: string;
}

/** The lifecycle. Anything not listed is an illegal transition (409 ILLEGAL_TRANSITION). */
export const CASE_TRANSITIONS: readonly CaseStep[] = [
  // 立案: the unit head approves the filing (§54: 负责人批准).
  { action: 'approve_filing', from: ['filing'], to: 'investigating', permission: 'enforcement:approve' },
  { action: 'reject_filing', from: ['filing'], to: 'withdrawn', permission: 'enforcement:approve' },
  // 告知 (§44): the facts, reasons, basis and penalty proposed, the right to state and defend (and to a hearing, §63).
  { action: 'notify', from: ['investigating'], to: 'notified', permission: 'enforcement:write' },
  { action: 'request_hearing', from: ['notified'], to: 'hearing', permission: 'enforcement:write' },
  // 决定 (§57): the head decides after 陈述申辩 (and the hearing, §65).
  { action: 'decide', from: ['notified', 'hearing'], to: 'decided', permission: 'enforcement:approve' },
  { action: 'decide_no_penalty', from: ['investigating', 'notified', 'hearing'], to: 'no_penalty', permission: 'enforcement:approve' },
  // 送达 (§61) starts the payment period (§67).
  { action: 'serve', from: ['decided'], to: 'executing', permission: 'enforcement:write' },
  // 结案: the head approves closing.
  { action: 'close', from: ['executing', 'no_penalty'], to: 'closed', permission: 'enforcement:approve' },
  // 撤案 (§57(4)).
  { action: 'withdraw', from: ['investigating', 'notified', 'hearing'], to: 'withdrawn', permission: 'enforcement:approve' },
  // 行刑衔接 (§27; 行政执法机关移送涉嫌犯罪案件的规定 §5, §8).
  { action: 'propose_transfer', from: ['investigating', 'notified', 'hearing'], to: 'transfer_review', permission: 'enforcement:write' },
  { action: 'approve_transfer', from: ['transfer_review'], to: 'transferred', permission: 'enforcement:approve' },
  { action: 'reject_transfer', from: ['transfer_review'], to: 'investigating', permission: 'enforcement:approve' },
  // The police's answer: accepted ends the case here (closed); refused returns it to administrative handling.
  { action: 'police_answer', from: ['transferred'], permission: 'enforcement:write' },
];

/** Steps that keep the state. */
export const CASE_SIDE_TRANSITIONS: readonly CaseStep[] = [
  { action: 'record_interview', from: ['investigating', 'notified', 'hearing'], permission: 'enforcement:write' },
  { action: 'record_statement', from: ['notified', 'hearing'], permission: 'enforcement:write' },
  { action: 'schedule_hearing', from: ['hearing'], permission: 'enforcement:write' },
  { action: 'record_hearing', from: ['hearing'], permission: 'enforcement:write' },
  { action: 'record_payment', from: ['executing'], permission: 'enforcement:write' },
  { action: 'hand_over', from: ['transferred'], permission: 'enforcement:write' },
  { action: 'propose_publication', from: ['closed'], permission: 'enforcement:write' },
  { action: 'decide_publication', from: ['closed'], permission: 'enforcement:approve' },
  // The parties and proposed penalties are set while investigating (before the 告知 states them).
  { action: 'set_parties', from: ['filing', 'investigating'], permission: 'enforcement:write' },
];

// ── parties and penalties ──────────────────────────────────────────────────────────────────────────

export const { keys: PARTY_KINDS, labels: PARTY_KIND_LABELS } = labels({
  unit: { zh: '单位', en: 'Unit' },
  person: { zh: '个人', en: 'Person' },
});
export type PartyKind = (typeof PARTY_KINDS)[number];

/** 行政处罚法 §9: the kinds of penalty (the ones a safety bureau gives). */
export const { keys: PENALTY_KINDS, labels: PENALTY_KIND_LABELS } = labels({
  warning: { zh: '警告', en: 'Warning' },
  fine: { zh: '罚款', en: 'Fine' },
  confiscation: { zh: '没收违法所得', en: 'Confiscation' },
  suspension: { zh: '责令停产停业', en: 'Suspension' },
  licence_revocation: { zh: '暂扣或吊销许可证件', en: 'Licence revocation' },
  none: { zh: '不予处罚', en: 'No penalty' },
});
export type PenaltyKind = (typeof PENALTY_KINDS)[number];

/** 裁量基准 levels (应急管理部令第12号). */
export const { keys: DISCRETION_LEVELS, labels: DISCRETION_LEVEL_LABELS } = labels({
  minor: { zh: '轻微', en: 'Minor', color: 'green' },
  general: { zh: '一般', en: 'General', color: 'blue' },
  serious: { zh: '较重', en: 'Serious', color: 'orange' },
  severe: { zh: '严重', en: 'Severe', color: 'red' },
});
export type DiscretionLevel = (typeof DISCRETION_LEVELS)[number];

/** The inclusive-enforcement lists (包容审慎): §33 首违不罚, 不予 / 从轻 / 减轻 (§32). */
export const { keys: LENIENCY_KINDS, labels: LENIENCY_LABELS } = labels({
  first_offence: { zh: '首违不罚', en: 'First offence' },
  no_penalty: { zh: '不予处罚', en: 'No penalty' },
  lighter: { zh: '从轻处罚', en: 'Lighter' },
  mitigated: { zh: '减轻处罚', en: 'Mitigated' },
});
export type LeniencyKind = (typeof LENIENCY_KINDS)[number];

// ── stage clocks ───────────────────────────────────────────────────────────────────────────────────

/** Each clock: how long, whether the law counts working days (§85), and where the rule comes from. */
export const { keys: CLOCK_KINDS, labels: CLOCK_RULES } = labels({
  statement: { zh: '陈述申辩期', en: 'Statement period', days: 3, working: true, basis: '行政处罚法第四十五条、第八十五条（三个工作日）' },
  hearing_request: { zh: '听证申请期', en: 'Hearing request period', days: 5, working: true, basis: '行政处罚法第六十四条第一项（告知后五日内，工作日）' },
  hearing_notice: { zh: '听证通知期', en: 'Hearing notice', days: 7, working: true, basis: '行政处罚法第六十四条第二项（听证七日前通知）' },
  decision: { zh: '作出决定期限', en: 'Decision limit', days: 90, working: false, basis: '行政处罚法第六十条（立案之日起九十日）' },
  service: { zh: '送达期限', en: 'Service', days: 7, working: true, basis: '行政处罚法第六十一条（决定后七日内送达，工作日）' },
  payment: { zh: '缴纳罚款期限', en: 'Payment', days: 15, working: false, basis: '行政处罚法第六十七条（收到决定书之日起十五日）' },
  transfer_decision: {
    zh: '移送审批期限',
    en: 'Transfer decision',
    days: 3,
    working: true,
    basis: '行政执法机关移送涉嫌犯罪案件的规定第五条（三日内作出决定）',
  },
  transfer_handover: { zh: '移交期限', en: 'Hand-over', hours: 24, working: false, basis: '行政执法机关移送涉嫌犯罪案件的规定第八条（二十四小时内移交）' },
});
export type ClockKind = (typeof CLOCK_KINDS)[number];

export const { keys: CLOCK_STATES, labels: CLOCK_STATE_LABELS } = labels({
  running: { zh: '计时中', en: 'Running', color: 'blue' },
  met: { zh: '已完成', en: 'Met', color: 'green' },
  overdue: { zh: '已超期', en: 'Overdue', color: 'red' },
  cancelled: { zh: '已终止', en: 'Cancelled', color: 'default' },
});
export type ClockState = (typeof CLOCK_STATES)[number];

// ── penalties: the amounts the law computes ────────────────────────────────────────────────────────

/** 行政处罚法 §63(1): a hearing is the party's right for a large fine (浙江: unit ≥ 10万元, person ≥ 1万元; policy data). */
export const HEARING_THRESHOLD_FEN: Record<PartyKind, number> = { unit: 10_000_000, person: 1_000_000 };
/** §63: kinds of penalty that always give a right to a hearing. */
export const HEARING_PENALTIES: readonly PenaltyKind[] = ['suspension', 'licence_revocation', 'confiscation'];

/** 行政处罚法 §72(1): 3 % of the fine a day after the due date, never more than the fine. */
export const SURCHARGE_PERMILLE_PER_DAY = 30;

/** The late-payment surcharge (加处罚款) on `fineFen` for `daysLate` calendar days: 3 % a day, capped at the fine. */
export function lateSurchargeFen(fineFen: number, daysLate: number): number {
  if (daysLate <= 0 || fineFen <= 0) return 0;
  return Math.min(fineFen, Math.floor((fineFen * SURCHARGE_PERMILLE_PER_DAY * daysLate) / 1000));
}

/** 安全生产法 §95: the principal's fine as a percentage of last year's income. */
export const incomeFineFen = (incomeFen: number, percent: number) => Math.round((incomeFen * percent) / 100);

/** 安全生产法 §112 (按日连续处罚): the daily fine times the days the violation went on after the order. */
export const dailyPenaltyFen = (dailyFen: number, days: number) => (dailyFen > 0 && days > 0 ? dailyFen * days : 0);

/** A party has a right to a hearing (§63). */
export const hearingRight = (p: { kind: PartyKind; penaltyKind: PenaltyKind; fineFen: number }) =>
  HEARING_PENALTIES.includes(p.penaltyKind) || (p.penaltyKind === 'fine' && p.fineFen >= HEARING_THRESHOLD_FEN[p.kind]);

/** Money for people: fen → "12,345.60 元". */
export const yuan = (fen: number) => `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;

export const { keys: CASE_SOURCES, labels: CASE_SOURCE_LABELS } = labels({
  inspection: { zh: '监督检查', en: 'Inspection' },
  report: { zh: '投诉举报', en: 'Report' },
  transfer: { zh: '部门移送', en: 'Transferred' },
  accident: { zh: '事故调查', en: 'Accident' },
  other: { zh: '其他', en: 'Other' },
});
export type CaseSource = (typeof CASE_SOURCES)[number];

export const { keys: PUBLICATION_STATES, labels: PUBLICATION_LABELS } = labels({
  none: { zh: '未公开', en: 'Not public', color: 'default' },
  proposed: { zh: '待审核', en: 'Proposed', color: 'gold' },
  public: { zh: '已公开', en: 'Public', color: 'green' },
  rejected: { zh: '未通过', en: 'Rejected', color: 'red' },
});
export type PublicationState = (typeof PUBLICATION_STATES)[number];

/** The documents a case issues, by stage (server/platform/documents: the kinds and their 文号 series). */
export const CASE_DOCUMENTS = ['filing_approval', 'interview_record', 'penalty_notice', 'penalty_decision', 'service_receipt', 'closing_approval'] as const;
export type CaseDocumentKind = (typeof CASE_DOCUMENTS)[number];

/** The states whose time the enforcement dashboard averages, in order: each lasts from one stage time to the next. */
export const CASE_STAGE_STATES = ['filing', 'investigating', 'notified', 'decided', 'executing'] as const satisfies readonly CaseState[];
export type CaseStageState = (typeof CASE_STAGE_STATES)[number];

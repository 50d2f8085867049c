// 乡呼县应 (a town calls, the district answers) and 组团式执法 / 联合检查: a town station asks the district for help
// on one of its cases, inspections or enterprises; the district accepts (or declines with a reason), assigns a
// lead unit and officers, the work is tracked (notes, the inspection or case it produced), and the requesting
// town confirms the closure. A joint inspection team brings officers of other departments onto an inspection.
// Shared by the server (the lifecycle machine, the response deadline) and the web (buttons, tags, filters).
//
// The basis: 行政处罚法 §26 (an authority may ask another for assistance; within its powers the other must
// assist), 安全生产法 §9 and 浙江省安全生产条例 §4 (towns inspect and assist the departments), and the bureau's own
// 2024 summary ("以'乡呼县应'工作机制选派基层应急管理指导员下沉服务，以'组团式'执法服务联合部门会商办理大案要案",
// "实施联合检查、限期督办和提级办案措施").
import { labels } from './labels.ts';

export const { keys: ASSIST_STATES, labels: ASSIST_STATE_LABELS } = labels({
  requested: { zh: '待区级响应', en: 'Awaiting the district', color: 'gold' },
  accepted: { zh: '已受理', en: 'Accepted', color: 'blue' },
  working: { zh: '处置中', en: 'In progress', color: 'processing' },
  done: { zh: '待镇街确认', en: 'Awaiting confirmation', color: 'cyan' },
  closed: { zh: '已办结', en: 'Closed', color: 'green' },
  declined: { zh: '不予受理', en: 'Declined', color: 'red' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn', color: 'default' },
});
export type AssistState = (typeof ASSIST_STATES)[number];
export const OPEN_ASSIST_STATES: readonly AssistState[] = ['requested', 'accepted', 'working', 'done'];

/** What the town asks for. */
export const { keys: ASSIST_KINDS, labels: ASSIST_KIND_LABELS } = labels({
  expertise: { zh: '专业支援', en: 'Expert support', color: 'blue' },
  joint: { zh: '联合执法', en: 'Joint enforcement', color: 'purple' },
  escalate: { zh: '提级办案', en: 'Escalate the case', color: 'magenta' },
});
export type AssistKind = (typeof ASSIST_KINDS)[number];

export const { keys: ASSIST_URGENCIES, labels: ASSIST_URGENCY_LABELS } = labels({
  normal: { zh: '一般', en: 'Normal', color: 'default' },
  urgent: { zh: '紧急', en: 'Urgent', color: 'red' },
});
export type AssistUrgency = (typeof ASSIST_URGENCIES)[number];

/** What the request is about. */
export const { keys: ASSIST_SUBJECTS, labels: ASSIST_SUBJECT_LABELS } = labels({
  case: { zh: '执法案件', en: 'Enforcement case' },
  inspection: { zh: '执法检查', en: 'Inspection' },
  enterprise: { zh: '企业', en: 'Enterprise' },
});
export type AssistSubject = (typeof ASSIST_SUBJECTS)[number];

/** A record the help produced (a joint inspection, a case the district took over). */
export const { keys: ASSIST_RECORD_KINDS, labels: ASSIST_RECORD_LABELS } = labels({
  case: { zh: '执法案件', en: 'Enforcement case' },
  inspection: { zh: '执法检查', en: 'Inspection' },
});
export type AssistRecordKind = (typeof ASSIST_RECORD_KINDS)[number];

/**
 * Working days the district has to answer (accept or decline) a request before it is flagged overdue. No law
 * sets this period (行政处罚法 §26 only obliges the assistance); the default follows the closest periods the
 * law does give for a head's decision on another body's request — three days (行政执法机关移送涉嫌犯罪案件的规定
 * §5, the case module's transfer_decision clock), counted in working days as 行政处罚法 §85 counts short periods —
 * and one working day when the town marks it urgent (a hazard it cannot handle should not wait over a weekend).
 */
export const RESPONSE_WORKING_DAYS: Record<AssistUrgency, number> = { normal: 3, urgent: 1 };

export const ASSIST_ACTIONS = ['accept', 'decline', 'withdraw', 'assign', 'report_done', 'confirm', 'reopen'] as const;
export const ASSIST_SIDE_STEPS = ['add_note', 'link_record'] as const;
export type AssistAction = (typeof ASSIST_ACTIONS)[number] | (typeof ASSIST_SIDE_STEPS)[number];

export interface AssistStep {
  action: AssistAction;
  from: readonly AssistState[];
  to?: AssistState;
  permission: string;
}

// `assist:request`: a town station asks, withdraws, confirms or reopens; `assist:handle`: the district answers,
// assigns and reports the work done; `assist:note`: either side adds to the work log.
export const ASSIST_TRANSITIONS: readonly AssistStep[] = [
  { action: 'accept', from: ['requested'], to: 'accepted', permission: 'assist:handle' },
  { action: 'decline', from: ['requested'], to: 'declined', permission: 'assist:handle' },
  { action: 'withdraw', from: ['requested', 'accepted'], to: 'withdrawn', permission: 'assist:request' },
  // Assigning again while the work runs changes the lead unit or the officers.
  { action: 'assign', from: ['accepted', 'working'], to: 'working', permission: 'assist:handle' },
  { action: 'report_done', from: ['working'], to: 'done', permission: 'assist:handle' },
  { action: 'confirm', from: ['done'], to: 'closed', permission: 'assist:request' },
  { action: 'reopen', from: ['done'], to: 'working', permission: 'assist:request' },
];

export const ASSIST_SIDE_TRANSITIONS: readonly AssistStep[] = [
  { action: 'add_note', from: ['accepted', 'working', 'done'], permission: 'assist:note' },
  { action: 'link_record', from: ['working', 'done'], permission: 'assist:handle' },
];

export const ASSIST_ACTION_LABELS: Record<AssistAction, { zh: string; en: string }> = {
  accept: { zh: '受理', en: 'Accept' },
  decline: { zh: '不予受理', en: 'Decline' },
  withdraw: { zh: '撤回请求', en: 'Withdraw' },
  assign: { zh: '指派牵头单位和人员', en: 'Assign' },
  report_done: { zh: '报告处置完成', en: 'Report done' },
  confirm: { zh: '确认办结', en: 'Confirm closure' },
  reopen: { zh: '退回继续处置', en: 'Send back' },
  add_note: { zh: '添加处置记录', en: 'Add a note' },
  link_record: { zh: '关联检查或案件', en: 'Link a record' },
};

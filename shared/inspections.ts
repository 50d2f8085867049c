// Inspections (现场检查 and 企业/园区自查): kinds, states, the transition table, item results and labels.
// Shared by the server (enforcement) and the web (buttons, tags, filters, the phone page's offline queue).

export const INSPECTION_KINDS = ['enforcement', 'park_daily', 'park_monthly', 'quarterly_report', 'principal_led', 'all_staff'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

/** Kinds a park or enterprise runs itself (no officers, no enterprise signature: the account is the party). */
export const SELF_KINDS: readonly InspectionKind[] = ['park_daily', 'park_monthly', 'quarterly_report', 'principal_led', 'all_staff'];
/** Kinds that are about a park (its operator's safety staff): the park is required. */
export const PARK_KINDS: readonly InspectionKind[] = ['park_daily', 'park_monthly', 'quarterly_report'];

export const KIND_LABELS: Record<InspectionKind, { zh: string; en: string; color: string }> = {
  enforcement: { zh: '执法检查', en: 'Enforcement inspection', color: 'red' },
  park_daily: { zh: '园区日常巡查', en: 'Park daily patrol', color: 'blue' },
  park_monthly: { zh: '园区月度联合检查', en: 'Park monthly joint check', color: 'geekblue' },
  quarterly_report: { zh: '季度报告', en: 'Quarterly report', color: 'purple' },
  principal_led: { zh: '主要负责人带队检查', en: 'Principal-led check', color: 'gold' },
  all_staff: { zh: '全员自查', en: 'All-staff self-inspection', color: 'cyan' },
};

export const INSPECTION_STATES = ['draft', 'in_progress', 'awaiting_signature', 'completed', 'cancelled'] as const;
export type InspectionState = (typeof INSPECTION_STATES)[number];

export const STATE_LABELS: Record<InspectionState, { zh: string; en: string; color: string }> = {
  draft: { zh: '草稿', en: 'Draft', color: 'default' },
  in_progress: { zh: '检查中', en: 'In progress', color: 'processing' },
  awaiting_signature: { zh: '待企业签字', en: 'Awaiting signature', color: 'orange' },
  completed: { zh: '已完成', en: 'Completed', color: 'green' },
  cancelled: { zh: '已作废', en: 'Cancelled', color: 'default' },
};

export const INSPECTION_ACTIONS = ['start', 'submit', 'sign', 'return', 'cancel'] as const;
export type InspectionAction = (typeof INSPECTION_ACTIONS)[number];
export const INSPECTION_SIDE_STEPS = ['answer', 'photo', 'confirm', 'raise_hazard'] as const;
export type InspectionSideStep = (typeof INSPECTION_SIDE_STEPS)[number];

/** The lifecycle. Anything not listed is an illegal transition (409 ILLEGAL_TRANSITION). A self-inspection's
 * `submit` ends in `completed` (the account that ran it is the party; there is nobody else to sign). */
export const TRANSITIONS: readonly { action: InspectionAction; from: readonly InspectionState[]; to: InspectionState; permission: string }[] = [
  { action: 'start', from: ['draft'], to: 'in_progress', permission: 'inspection:write' },
  { action: 'submit', from: ['in_progress'], to: 'awaiting_signature', permission: 'inspection:write' },
  { action: 'sign', from: ['awaiting_signature'], to: 'completed', permission: 'inspection:write' },
  { action: 'return', from: ['awaiting_signature'], to: 'in_progress', permission: 'inspection:write' },
  { action: 'cancel', from: ['draft', 'in_progress', 'awaiting_signature'], to: 'cancelled', permission: 'inspection:write' },
];

export const SIDE_STEPS: readonly { action: InspectionSideStep; from: readonly InspectionState[]; permission: string }[] = [
  { action: 'answer', from: ['in_progress'], permission: 'inspection:write' },
  { action: 'photo', from: ['in_progress'], permission: 'inspection:write' },
  { action: 'confirm', from: ['in_progress', 'awaiting_signature'], permission: 'inspection:write' },
  { action: 'raise_hazard', from: ['in_progress', 'awaiting_signature', 'completed'], permission: 'hazard:write' },
];

export const ACTION_LABELS: Record<InspectionAction | InspectionSideStep, { zh: string; en: string }> = {
  start: { zh: '开始检查', en: 'Start' },
  submit: { zh: '提交检查结果', en: 'Submit' },
  sign: { zh: '企业签字确认', en: 'Enterprise signs' },
  return: { zh: '退回修改', en: 'Return for changes' },
  cancel: { zh: '作废', en: 'Cancel' },
  answer: { zh: '填写检查结果', en: 'Answer' },
  photo: { zh: '上传照片', en: 'Photo' },
  confirm: { zh: '执法人员确认', en: 'Officer confirms' },
  raise_hazard: { zh: '转为隐患', en: 'Raise a hazard' },
};

export const ITEM_RESULTS = ['pass', 'fail', 'na'] as const;
export type ItemResult = (typeof ITEM_RESULTS)[number];
export const RESULT_LABELS: Record<ItemResult, { zh: string; en: string; color: string }> = {
  pass: { zh: '符合', en: 'Pass', color: 'green' },
  fail: { zh: '不符合', en: 'Fail', color: 'red' },
  na: { zh: '不适用', en: 'N/A', color: 'default' },
};

export const ITEM_SOURCES = ['checklist', 'clause', 'free'] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];

export const INSPECTION_SORTS = ['startedAt', '-startedAt', 'createdAt', '-createdAt', 'failed', '-failed'] as const;
export type InspectionSort = (typeof INSPECTION_SORTS)[number];

/** The phone page's path for one enterprise: what its QR code (扫码入企) opens. */
export const fieldPath = (enterpriseId: string) => `/inspections/field?enterprise=${enterpriseId}`;

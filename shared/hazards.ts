// Hazard closed loop (隐患排查治理): states, the transition table, levels, sources and labels.
// Shared by the server (enforcement) and the web (buttons, tags, filters).
//
// "Overdue" is a flag on the hazard, not a state: a hazard past its deadline is still being rectified
// (or graded, or reopened) and must keep every transition that state allows; the flag is set by the
// deadline job and cleared when the deadline moves (extension) or the hazard leaves the open states.
import { labels } from './labels.ts';

export const { keys: HAZARD_STATES, labels: STATE_LABELS } = labels({
  reported: { zh: '已上报', en: 'Reported', color: 'default' },
  graded: { zh: '已定级', en: 'Graded', color: 'blue' },
  rectifying: { zh: '整改中', en: 'Rectifying', color: 'orange' },
  acceptance_requested: { zh: '待验收', en: 'Acceptance requested', color: 'purple' },
  verified: { zh: '已验收', en: 'Verified', color: 'cyan' },
  closed: { zh: '已销号', en: 'Closed', color: 'green' },
  reopened: { zh: '已重新打开', en: 'Reopened', color: 'magenta' },
  cancelled: { zh: '已撤销', en: 'Cancelled', color: 'default' },
});
export type HazardState = (typeof HAZARD_STATES)[number];

/** States in which the hazard still needs work (counts as "open" on dashboards). */
export const OPEN_STATES: readonly HazardState[] = ['reported', 'graded', 'rectifying', 'acceptance_requested', 'reopened'];
/** States in which the rectification deadline runs (reminders, overdue, escalation). */
export const DEADLINE_STATES: readonly HazardState[] = ['graded', 'rectifying', 'reopened'];

export const { keys: HAZARD_ACTIONS, labels: ACTION_LABELS } = labels({
  grade: { zh: '定级', en: 'Grade' },
  plan: { zh: '制定整改方案', en: 'Submit plan' },
  request_acceptance: { zh: '申请验收', en: 'Request acceptance' },
  reject_acceptance: { zh: '验收不通过', en: 'Reject acceptance' },
  verify: { zh: '验收通过', en: 'Verify' },
  close: { zh: '销号', en: 'Close' },
  reopen: { zh: '复查不合格，重新打开', en: 'Reopen' },
  cancel: { zh: '撤销', en: 'Cancel' },
});
export type HazardAction = (typeof HAZARD_ACTIONS)[number];

export interface Transition {
  action: HazardAction;
  from: readonly HazardState[];
  to: HazardState;
  permission: string;
}

/** The lifecycle. Anything not listed here is an illegal transition (409 ILLEGAL_TRANSITION). */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'grade', from: ['reported'], to: 'graded', permission: 'hazard:approve' },
  { action: 'plan', from: ['graded', 'reopened'], to: 'rectifying', permission: 'hazard:write' },
  { action: 'request_acceptance', from: ['rectifying'], to: 'acceptance_requested', permission: 'hazard:write' },
  { action: 'reject_acceptance', from: ['acceptance_requested'], to: 'rectifying', permission: 'hazard:approve' },
  { action: 'verify', from: ['acceptance_requested'], to: 'verified', permission: 'hazard:approve' },
  { action: 'close', from: ['verified'], to: 'closed', permission: 'hazard:approve' },
  { action: 'reopen', from: ['verified', 'closed'], to: 'reopened', permission: 'hazard:approve' },
  { action: 'cancel', from: ['reported', 'graded', 'rectifying', 'acceptance_requested', 'reopened'], to: 'cancelled', permission: 'hazard:approve' },
];

export function transitionFor(action: HazardAction): Transition {
  return TRANSITIONS.find((t) => t.action === action) as Transition;
}

export const HAZARD_SIDE_STEPS = ['progress', 'extension_request', 'extension_decide', 'supervise', 'withdraw_supervision'] as const;
export type HazardSideStep = (typeof HAZARD_SIDE_STEPS)[number];

/** Steps that keep the state; they take the same locked, audited path as the transitions. */
export const SIDE_STEPS: readonly { action: HazardSideStep; from: readonly HazardState[]; permission: string }[] = [
  { action: 'progress', from: ['rectifying', 'reopened'], permission: 'hazard:write' },
  { action: 'extension_request', from: DEADLINE_STATES, permission: 'hazard:write' },
  { action: 'extension_decide', from: HAZARD_STATES, permission: 'hazard:approve' },
  { action: 'supervise', from: OPEN_STATES, permission: 'hazard:approve' },
  { action: 'withdraw_supervision', from: HAZARD_STATES, permission: 'hazard:approve' },
];

export const { keys: HAZARD_LEVELS, labels: LEVEL_LABELS } = labels({
  general: { zh: '一般隐患', en: 'General', color: 'gold' },
  major: { zh: '重大事故隐患', en: 'Major', color: 'red' },
});
export type HazardLevel = (typeof HAZARD_LEVELS)[number];

export const { keys: HAZARD_SOURCES, labels: SOURCE_LABELS } = labels({
  self_inspection: { zh: '企业自查', en: 'Self-inspection' },
  inspection: { zh: '监管检查', en: 'Inspection' },
  public_report: { zh: '群众举报', en: 'Public report' },
  iot_alarm: { zh: '物联感知告警', en: 'IoT alarm' },
  flood_local: { zh: '属地排查', en: 'Flood: local check' },
  flood_sector: { zh: '行业核查', en: 'Flood: sector check' },
  flood_district: { zh: '区级抽查', en: 'Flood: district spot check' },
});
export type HazardSource = (typeof HAZARD_SOURCES)[number];

export const { keys: CLAUSE_CATEGORIES, labels: CATEGORY_LABELS } = labels({
  management: { zh: '管理类', en: 'Management' },
  industry: { zh: '行业类', en: 'Industry' },
  special: { zh: '专项类', en: 'Special' },
});
export type ClauseCategory = (typeof CLAUSE_CATEGORIES)[number];

export const { keys: HAZARD_SECTORS, labels: SECTOR_LABELS } = labels({
  metallurgy: { zh: '冶金', en: 'Metallurgy' },
  nonferrous: { zh: '有色', en: 'Non-ferrous metals' },
  building_materials: { zh: '建材', en: 'Building materials' },
  machinery: { zh: '机械', en: 'Machinery' },
  light_industry: { zh: '轻工', en: 'Light industry' },
  textiles: { zh: '纺织', en: 'Textiles' },
  tobacco: { zh: '烟草', en: 'Tobacco' },
  hazardous_chemicals: { zh: '危险化学品', en: 'Hazardous chemicals' },
  fire: { zh: '消防', en: 'Fire' },
  gas: { zh: '燃气', en: 'Gas' },
  construction: { zh: '建筑施工', en: 'Construction' },
  transport: { zh: '交通运输', en: 'Transport' },
  flood: { zh: '防汛防台', en: 'Flood and typhoon' },
  other: { zh: '其他', en: 'Other' },
});
export type HazardSector = (typeof HAZARD_SECTORS)[number];

export const { keys: REPORT_STATUSES, labels: REPORT_STATUS_LABELS } = labels({
  submitted: { zh: '已受理，待核实', en: 'Received, awaiting verification', color: 'blue' },
  accepted: { zh: '已核实，转为隐患处理', en: 'Verified, handled as a hazard', color: 'green' },
  rejected: { zh: '经核实不予采纳', en: 'Not accepted', color: 'default' },
});
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REWARD_STATUSES = ['none', 'granted', 'denied'] as const;
export type RewardStatus = (typeof REWARD_STATUSES)[number];

export const SUPERVISION_LEVELS = ['district', 'town'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export const EXTENSION_STATUSES = ['pending', 'approved', 'denied'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

export const { keys: NOTIFICATION_KINDS, labels: NOTIFICATION_LABELS } = labels({
  reminder: { zh: '到期提醒', en: 'Reminder', color: 'blue' },
  overdue: { zh: '超期', en: 'Overdue', color: 'red' },
  escalation_district: { zh: '升级至区级', en: 'Escalated', color: 'volcano' },
  extension_requested: { zh: '延期申请', en: 'Extension request', color: 'purple' },
  extension_decided: { zh: '延期审批', en: 'Extension decided', color: 'cyan' },
  report_received: { zh: '群众举报', en: 'Public report', color: 'gold' },
});
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Ageing buckets for overdue hazards, in days past the deadline. */
export const AGEING_BUCKETS = [
  { key: 'd0_7', zh: '7 天内', min: 0, max: 7 },
  { key: 'd7_30', zh: '7–30 天', min: 7, max: 30 },
  { key: 'd30_90', zh: '30–90 天', min: 30, max: 90 },
  { key: 'd90', zh: '90 天以上', min: 90, max: null },
] as const;

/** Tracking codes for public reports: 12 characters, no look-alikes (0/O, 1/I/L). */
export const TRACKING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const TRACKING_CODE_LENGTH = 12;

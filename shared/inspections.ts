// Inspections (现场检查 and 企业/园区自查): kinds, states, the transition table, item results and labels.
// Shared by the server (enforcement) and the web (buttons, tags, filters, the phone page's offline queue).
import { type Label, labels } from './labels.ts';

export const { keys: INSPECTION_KINDS, labels: KIND_LABELS } = labels({
  enforcement: { zh: '执法检查', en: 'Enforcement inspection', color: 'red' },
  park_daily: { zh: '园区日常巡查', en: 'Park daily patrol', color: 'blue' },
  park_monthly: { zh: '园区月度联合检查', en: 'Park monthly joint check', color: 'geekblue' },
  quarterly_report: { zh: '季度报告', en: 'Quarterly report', color: 'purple' },
  principal_led: { zh: '主要负责人带队检查', en: 'Principal-led check', color: 'gold' },
  all_staff: { zh: '全员自查', en: 'All-staff self-inspection', color: 'cyan' },
});
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

/** Kinds a park or enterprise runs itself (no officers, no enterprise signature: the account is the party). */
export const SELF_KINDS: readonly InspectionKind[] = ['park_daily', 'park_monthly', 'quarterly_report', 'principal_led', 'all_staff'];
/** Kinds that are about a park (its operator's safety staff): the park is required. */
export const PARK_KINDS: readonly InspectionKind[] = ['park_daily', 'park_monthly', 'quarterly_report'];

export const { keys: INSPECTION_STATES, labels: STATE_LABELS } = labels({
  draft: { zh: '草稿', en: 'Draft', color: 'default' },
  in_progress: { zh: '检查中', en: 'In progress', color: 'processing' },
  awaiting_signature: { zh: '待企业签字', en: 'Awaiting signature', color: 'orange' },
  completed: { zh: '已完成', en: 'Completed', color: 'green' },
  cancelled: { zh: '已作废', en: 'Cancelled', color: 'default' },
});
export type InspectionState = (typeof INSPECTION_STATES)[number];

export const { keys: INSPECTION_ACTIONS, labels: MOVE_LABELS } = labels({
  start: { zh: '开始检查', en: 'Start' },
  submit: { zh: '提交检查结果', en: 'Submit' },
  sign: { zh: '企业签字确认', en: 'Enterprise signs' },
  return: { zh: '退回修改', en: 'Return for changes' },
  cancel: { zh: '作废', en: 'Cancel' },
});
export type InspectionAction = (typeof INSPECTION_ACTIONS)[number];
export const { keys: INSPECTION_SIDE_STEPS, labels: SIDE_STEP_LABELS } = labels({
  answer: { zh: '填写检查结果', en: 'Answer' },
  photo: { zh: '上传照片', en: 'Photo' },
  confirm: { zh: '执法人员确认', en: 'Officer confirms' },
  raise_hazard: { zh: '转为隐患', en: 'Raise a hazard' },
});
export type InspectionSideStep = (typeof INSPECTION_SIDE_STEPS)[number];
/** The names of every step, transitions and side steps. */
export const ACTION_LABELS: Record<InspectionAction | InspectionSideStep, Label> = { ...MOVE_LABELS, ...SIDE_STEP_LABELS };

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

export const { keys: ITEM_RESULTS, labels: RESULT_LABELS } = labels({
  pass: { zh: '符合', en: 'Pass', color: 'green' },
  fail: { zh: '不符合', en: 'Fail', color: 'red' },
  na: { zh: '不适用', en: 'N/A', color: 'default' },
});
export type ItemResult = (typeof ITEM_RESULTS)[number];

export const ITEM_SOURCES = ['checklist', 'clause', 'free'] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];

export const INSPECTION_SORTS = ['startedAt', '-startedAt', 'createdAt', '-createdAt', 'failed', '-failed'] as const;
export type InspectionSort = (typeof INSPECTION_SORTS)[number];

/** The phone page's path for one enterprise: what its QR code (扫码入企) opens. */
export const fieldPath = (enterpriseId: string) => `/inspections/field?enterprise=${enterpriseId}`;

export interface TemplateItem {
  content: string;
  basis?: string;
  method?: string;
  major?: boolean;
}

/** The default checklist of each kind (free items), until a published checklist version is chosen. */
export const KIND_TEMPLATES: Record<InspectionKind, readonly TemplateItem[]> = {
  enforcement: [
    { content: '主要负责人、安全管理人员安全生产知识和管理能力考核合格', basis: '《安全生产法》第二十七条', method: '查阅证书' },
    { content: '从业人员经安全生产教育和培训合格', basis: '《安全生产法》第二十八条', method: '查阅培训记录' },
    { content: '特种作业人员持证上岗', basis: '《安全生产法》第三十条', method: '查验证件' },
    { content: '生产经营场所设置明显的安全警示标志', basis: '《安全生产法》第三十五条', method: '现场查看' },
    { content: '安全设备经常性维护、保养并定期检测', basis: '《安全生产法》第三十六条', method: '查阅记录、现场查看' },
    { content: '建立事故隐患排查治理制度并如实记录', basis: '《安全生产法》第四十一条', method: '查阅台账' },
    { content: '生产经营场所和员工宿舍未设在同一座建筑物内', basis: '《安全生产法》第四十二条', method: '现场查看', major: true },
  ],
  park_daily: [
    { content: '消防通道、安全出口畅通' },
    { content: '消防设施器材完好有效' },
    { content: '电气线路无私拉乱接' },
    { content: '危险化学品存放规范' },
    { content: '承租企业人员在岗、无违规住人', major: true },
  ],
  park_monthly: [
    { content: '出租方与承租方签订安全生产管理协议', basis: '《安全生产法》第四十九条' },
    { content: '园区安全管理机构和人员配备到位' },
    { content: '承租企业安全生产许可、备案齐全' },
    { content: '园区应急预案及演练记录' },
    { content: '消防通道、安全出口畅通' },
    { content: '电气线路无私拉乱接' },
  ],
  quarterly_report: [
    { content: '本季度日常巡查全部完成并记录' },
    { content: '本季度发现隐患已全部整改或落实管控措施' },
    { content: '承租企业变动情况已报属地镇街' },
  ],
  principal_led: [
    { content: '重大危险源监测监控系统运行正常', major: true },
    { content: '重大事故隐患排查台账更新' },
    { content: '有限空间作业审批及气体检测', major: true },
    { content: '粉尘涉爆除尘系统运行及清扫记录', major: true },
  ],
  all_staff: [{ content: '本岗位设备安全防护装置完好' }, { content: '本岗位劳动防护用品佩戴规范' }, { content: '作业场所无违章作业、违章指挥' }],
};

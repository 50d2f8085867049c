// Inspection plans (监督检查计划) and special campaigns (专项检查/专项整治): states, the transition table, kinds,
// the plan view's statuses and the campaign metrics. Shared by the server (enforcement) and the web (buttons, tags).
//
// A routine plan (年度/季度计划) belongs to one unit — the district bureau or a town — and covers the enterprises
// supervised at that unit's level (分级分类). Per enterprise the plan holds how often it is due (required) and the
// annual cap from the frequency policy (supervision module). A campaign is a plan of its own with targets
// (enterprises/parks to cover, supervision groups, checkpoints, person-times, hazards) and activity records.

import { labels } from './labels.ts';

export const { keys: PLAN_STATES, labels: PLAN_STATE_NAMES } = labels({
  draft: { zh: '草稿', en: 'Draft', color: 'default' },
  approved: { zh: '已审批', en: 'Approved', color: 'blue' },
  active: { zh: '执行中', en: 'Active', color: 'green' },
  closed: { zh: '已结束', en: 'Closed', color: 'purple' },
});
export type PlanState = (typeof PLAN_STATES)[number];

export const { keys: PLAN_ACTIONS, labels: PLAN_ACTION_NAMES } = labels({
  approve: { zh: '审批通过', en: 'Approve' },
  activate: { zh: '开始执行', en: 'Activate' },
  start: { zh: '到期自动执行', en: 'Start (system)' },
  close: { zh: '结束计划', en: 'Close' },
  record_activity: { zh: '填报专项活动', en: 'Record an activity' },
});
export type PlanAction = (typeof PLAN_ACTIONS)[number];

export interface PlanTransition {
  action: PlanAction;
  from: readonly PlanState[];
  to?: PlanState;
  permission: string;
  system?: boolean;
}

/** The lifecycle. Anything not listed here is an illegal transition (409 ILLEGAL_TRANSITION). */
export const PLAN_TRANSITIONS: readonly PlanTransition[] = [
  { action: 'approve', from: ['draft'], to: 'approved', permission: 'inspection:approve' },
  { action: 'activate', from: ['approved'], to: 'active', permission: 'inspection:approve' },
  // Taken by the job at the plan's first day (an approved plan starts on its own).
  { action: 'start', from: ['approved'], to: 'active', permission: 'inspection:approve', system: true },
  { action: 'close', from: ['active'], to: 'closed', permission: 'inspection:approve' },
  // Side step (keeps the state): a campaign's activity record, while it runs.
  { action: 'record_activity', from: ['active'], permission: 'inspection:write' },
];

/** States in which inspections count towards the plan. */
export const COUNTING_STATES: readonly PlanState[] = ['approved', 'active'];

export const { keys: PLAN_KINDS, labels: PLAN_KIND_NAMES } = labels({
  routine: { zh: '日常监督检查计划', en: 'Routine plan', color: 'geekblue' },
  campaign: { zh: '专项检查/整治', en: 'Special campaign', color: 'volcano' },
});
export type PlanKind = (typeof PLAN_KINDS)[number];

export const { keys: CAMPAIGN_KINDS, labels: CAMPAIGN_KIND_NAMES } = labels({
  six_kinds: { zh: '六类企业专项整治', en: 'Six flammable industries', color: 'orange' },
  multi_tenant_parks: { zh: '一厂多租园区专项检查', en: 'Multi-tenant parks', color: 'gold' },
  window_net: { zh: '拆窗破网专项行动', en: 'Windows and nets removal', color: 'cyan' },
  forest_fire: { zh: '森林防火专项检查', en: 'Forest fire prevention', color: 'green' },
  other: { zh: '其他专项', en: 'Other campaign', color: 'default' },
});
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** What a campaign counts: its targets and what its activity records achieve. */
export const { keys: CAMPAIGN_METRICS, labels: CAMPAIGN_METRIC_NAMES } = labels({
  enterprises: { zh: '检查企业', en: 'Enterprises covered', unit: '家' },
  parks: { zh: '检查园区', en: 'Parks covered', unit: '个' },
  groups: { zh: '督查组', en: 'Supervision groups', unit: '个' },
  checkpoints: { zh: '检查卡点', en: 'Checkpoints', unit: '个' },
  personTimes: { zh: '出动人次', en: 'Person-times', unit: '人次' },
  hazardsFound: { zh: '发现隐患', en: 'Hazards found', unit: '处' },
  hazardsRectified: { zh: '整改隐患', en: 'Hazards rectified', unit: '处' },
});
export type CampaignMetric = (typeof CAMPAIGN_METRICS)[number];
export type CampaignTargets = Partial<Record<CampaignMetric, number>>;

/** An enterprise's standing in a routine plan (the plan view). */
export const { keys: PROGRESS_STATUSES, labels: PROGRESS_STATUS_NAMES } = labels({
  never: { zh: '从未检查', en: 'Never inspected', color: 'red' },
  due: { zh: '待检查', en: 'Due', color: 'orange' },
  done: { zh: '已完成', en: 'Done', color: 'green' },
  over_cap: { zh: '超频次上限', en: 'Over cap', color: 'magenta' },
});
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** How a completed inspection came about: only `draw` counts towards the 双随机 share. */
export const { keys: INSPECTION_KINDS, labels: INSPECTION_KIND_NAMES } = labels({
  draw: { zh: '双随机抽查', en: 'Random draw' },
  routine: { zh: '日常检查', en: 'Routine' },
  key: { zh: '重点检查', en: 'Key inspection' },
  complaint: { zh: '投诉举报核查', en: 'Complaint' },
  campaign: { zh: '专项检查', en: 'Campaign' },
});
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

/** DOMAIN (local): routine planned inspections use the 双随机 draw for at least this share of the annual plan. */
export const DEFAULT_DRAW_SHARE_PCT = 70;

/**
 * How often an enterprise is due in a plan (应检次数), from its annual cap (the frequency policy): an annual plan
 * wants every supervised enterprise at least once, and a key unit (重点执法单位) or a high-risk one (危险化学品/冶金)
 * twice, never above the cap; a
 * quarterly plan covers the enterprises due every quarter (cap ≥ 4) and the key units, once, with a quarter of
 * the annual cap (rounded up).
 */
export function requiredOf(
  period: { quarter: number | null },
  c: { annualCap: number; keyUnit: boolean; highRisk: boolean },
): { required: number; cap: number } | null {
  if (period.quarter === null) return { required: Math.min(c.annualCap, c.keyUnit || c.highRisk ? 2 : 1), cap: c.annualCap };
  if (c.annualCap < 4 && !c.keyUnit) return null;
  return { required: 1, cap: Math.max(1, Math.ceil(c.annualCap / 4)) };
}

/** The first and last day of a plan's period. */
export function periodOf(year: number, quarter: number | null): { start: string; end: string } {
  if (quarter === null) return { start: `${year}-01-01`, end: `${year}-12-31` };
  const m0 = (quarter - 1) * 3 + 1;
  const last = new Date(Date.UTC(year, m0 + 2, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { start: `${year}-${pad(m0)}-01`, end: `${year}-${pad(m0 + 2)}-${pad(last)}` };
}

/** The plan view's sort orders: a column, `-` first for descending. */
export const PROGRESS_SORTS = ['creditCode', '-creditCode', 'done', '-done', 'lastInspectedAt', '-lastInspectedAt'] as const;
export type ProgressSort = (typeof PROGRESS_SORTS)[number];

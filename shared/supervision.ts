// 三张清单 and 检查表 (supervision lists and checklists): constants shared by server and web — the list kinds,
// version states, power types, sectors, and the frequency policy that turns an enterprise's class into its annual
// inspection cap (分类分级监管: DOMAIN.md "Enforcement", the default table; administrators edit it as data).
import { keyByName, labels } from './labels.ts';
import { STANDARDIZATION_LEVELS, type StandardizationLevel } from './registry.ts';

/** The three lists (三张清单) and the checklists: each kept as numbered versions. */
export const { keys: VERSION_KINDS, labels: KIND_NAMES } = labels({
  powers: { zh: '赋权清单', en: 'Enforcement powers' },
  items: { zh: '检查事项清单', en: 'Supervision items' },
  grades: { zh: '分级分类监管清单', en: 'Graded supervision list' },
  checklist: { zh: '检查表', en: 'Checklist' },
});
export type VersionKind = (typeof VERSION_KINDS)[number];
export const LIST_KINDS = ['powers', 'items', 'grades'] as const satisfies readonly VersionKind[];
export type ListKind = (typeof LIST_KINDS)[number];
/** The URL segment of each kind's rows (`/api/supervision/<segment>/…`). */
export const KIND_PATHS: Record<VersionKind, string> = { powers: 'powers', items: 'items', grades: 'grades', checklist: 'checklists' };

/** A version is edited as a draft; publishing freezes it and supersedes the one before. */
export const { keys: VERSION_STATES, labels: VERSION_STATE_NAMES } = labels({
  draft: { zh: '草稿', en: 'Draft', color: 'gold' },
  published: { zh: '现行', en: 'In force', color: 'green' },
  superseded: { zh: '已废止', en: 'Superseded', color: 'default' },
});
export type VersionState = (typeof VERSION_STATES)[number];

export const { keys: POWER_TYPES, labels: POWER_TYPE_NAMES } = labels({
  inspect: { zh: '行政检查', en: 'Inspection', color: 'blue' },
  penalty: { zh: '行政处罚', en: 'Penalty', color: 'red' },
  coercion: { zh: '行政强制', en: 'Coercive measure', color: 'orange' },
});
export type PowerType = (typeof POWER_TYPES)[number];
export const POWER_TYPE_BY_LABEL = keyByName(POWER_TYPES, POWER_TYPE_NAMES, { 检查: 'inspect', 处罚: 'penalty', 强制: 'coercion' });

/** 监管层级: one per enterprise. */
export const { keys: GRADE_LEVELS, labels: GRADE_LEVEL_NAMES } = labels({
  district: { zh: '区级', en: 'District', color: 'red' },
  town: { zh: '镇（街道）级', en: 'Town', color: 'blue' },
});
export type GradeLevel = (typeof GRADE_LEVELS)[number];
export const GRADE_LEVEL_BY_LABEL = keyByName(GRADE_LEVELS, GRADE_LEVEL_NAMES, { 镇级: 'town', 街道级: 'town' });

/** The frequency table's two rows: 危险化学品/冶金 and the rest. */
export const { keys: SECTORS, labels: SECTOR_NAMES } = labels({
  hazchem_metallurgy: { zh: '危险化学品/冶金', en: 'Hazardous chemicals / metallurgy', color: 'volcano' },
  other: { zh: '其他行业', en: 'Other', color: 'default' },
});
export type Sector = (typeof SECTORS)[number];
export const SECTOR_BY_LABEL = keyByName(SECTORS, SECTOR_NAMES, { 危险化学品: 'hazchem_metallurgy', 冶金: 'hazchem_metallurgy', 其他: 'other' });
/** The registry's special categories that put an enterprise in the hazchem/metallurgy row. */
export const HAZCHEM_CATEGORIES = ['hazchem', 'metallurgy'];
export const sectorOf = (categories: readonly string[]): Sector => (categories.some((c) => HAZCHEM_CATEGORIES.includes(c)) ? 'hazchem_metallurgy' : 'other');

/** Credit ratings the registry records (A best); `dishonest` is the serious-dishonesty list (严重失信). */
export const { keys: CREDIT_CLASSES, labels: CREDIT_NAMES } = labels({
  A: { zh: 'A 级（守信）', en: 'A' },
  B: { zh: 'B 级', en: 'B' },
  C: { zh: 'C 级', en: 'C' },
  D: { zh: 'D 级', en: 'D' },
  dishonest: { zh: '严重失信', en: 'Seriously dishonest' },
  unrated: { zh: '未评级', en: 'Unrated' },
});
export type CreditClass = (typeof CREDIT_CLASSES)[number];
export const creditClassOf = (rating: string | null | undefined, dishonest = false): CreditClass => {
  if (dishonest) return 'dishonest';
  const r = (rating ?? '').trim().toUpperCase();
  return (CREDIT_CLASSES as readonly string[]).includes(r) ? (r as CreditClass) : 'unrated';
};

/**
 * 检查频次政策: the annual cap by sector × standardization level, then credit's adjustment (added; a good
 * credit is inspected less, a bad one more), the key-unit minimum, and the floor/ceiling. Data, not code: the
 * default is DOMAIN's table; an administrator publishes a new version.
 */
export interface FrequencyPolicy {
  caps: Record<Sector, Record<StandardizationLevel, number>>;
  creditDelta: Record<CreditClass, number>;
  /** A key unit (重点执法单位) is inspected at least this often. */
  keyUnitMin: number;
  min: number;
  max: number;
}
export const DEFAULT_FREQUENCY_POLICY: FrequencyPolicy = {
  caps: {
    hazchem_metallurgy: { level1: 2, level2: 4, level3: 8, none: 12 },
    other: { level1: 1, level2: 2, level3: 4, none: 6 },
  },
  creditDelta: { A: -1, B: 0, C: 1, D: 2, dishonest: 4, unrated: 0 },
  keyUnitMin: 4,
  min: 1,
  max: 24,
};

export interface ClassInputs {
  sector: Sector;
  standardization: StandardizationLevel;
  credit: CreditClass;
  keyUnit: boolean;
}

/** The annual inspection cap (年度检查频次上限) of one class under a policy. */
export function annualCap(policy: FrequencyPolicy, c: ClassInputs): number {
  let n = policy.caps[c.sector][c.standardization] + (policy.creditDelta[c.credit] ?? 0);
  if (c.keyUnit) n = Math.max(n, policy.keyUnitMin);
  return Math.min(policy.max, Math.max(policy.min, n));
}

/** How often an enterprise with this cap is due, in words ("每季度 1 次", "每年 1 次"…). */
export function dueFrequency(cap: number): { zh: string; en: string; months: number } {
  const months = Math.max(1, Math.floor(12 / Math.max(1, cap)));
  if (cap >= 12) return { zh: `每月至少 1 次（全年 ${cap} 次）`, en: `monthly (${cap} a year)`, months: 1 };
  if (months >= 12) return { zh: '每年 1 次', en: 'once a year', months: 12 };
  if (months === 6) return { zh: '每半年 1 次', en: 'twice a year', months };
  if (months === 3) return { zh: '每季度 1 次', en: 'quarterly', months };
  return { zh: `每 ${months} 个月 1 次`, en: `every ${months} months`, months };
}

/** The policy's cap table checked for shape and range (a saved policy must be complete and sane). */
export function policyProblems(p: FrequencyPolicy): string[] {
  const out: string[] = [];
  for (const s of SECTORS) for (const l of STANDARDIZATION_LEVELS) if (!Number.isInteger(p.caps?.[s]?.[l])) out.push(`caps.${s}.${l}`);
  for (const c of CREDIT_CLASSES) if (!Number.isInteger(p.creditDelta?.[c])) out.push(`creditDelta.${c}`);
  if (p.min > p.max) out.push('min');
  return out;
}

/** 检查表 topics (per industry / special campaign). */
export const { keys: CHECKLIST_TOPICS, labels: CHECKLIST_TOPIC_NAMES } = labels({
  hazchem: { zh: '危险化学品', en: 'Hazardous chemicals', color: 'volcano' },
  industry_trade: { zh: '工贸行业', en: 'Industry and trade', color: 'blue' },
  dust: { zh: '粉尘涉爆', en: 'Combustible dust', color: 'orange' },
  confined: { zh: '有限空间', en: 'Confined spaces', color: 'purple' },
  multi_tenant: { zh: '一厂多租/小微园区', en: 'Multi-tenant parks', color: 'cyan' },
  forest_fire: { zh: '森林防灭火', en: 'Forest fire', color: 'green' },
  fire: { zh: '消防安全', en: 'Fire safety', color: 'red' },
  other: { zh: '其他', en: 'Other', color: 'default' },
});
export type ChecklistTopic = (typeof CHECKLIST_TOPICS)[number];

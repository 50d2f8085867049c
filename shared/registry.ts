// Registry constants shared by server and web: the credit-code check, grades and colours, categories,
// industries, LEC scoring, and the district's towns with approximate points for the offline map.
import { labels } from './labels.ts';

// ── 统一社会信用代码 (GB 32100-2015) ──────────────────────────────────────────────────────────────────
/** The 31 characters a credit code may use (no I, O, S, V, Z), in check-digit value order. */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The 18th character for the first 17 (GB 32100 §5: 31 − Σ(value × weight) mod 31). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARS.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31];
}

/** The 9th character of an organization code (GB 11714: 11 − Σ mod 11, 10 → X). */
export function orgCodeCheckChar(first8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(first8[i], 36) * w[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export type CreditCodeCheck = { ok: true; code: string } | { ok: false; reason: string; reasonEn: string };

/**
 * Normalise (trim, upper-case) and check a credit code; the reason says exactly what is wrong. Lower-case input
 * is accepted: GB 32100 uses capitals only, so it is unambiguous; the form, the API answer and the import report
 * show the stored (upper-case) code.
 */
export function checkCreditCode(raw: string): CreditCodeCheck {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: `应为 18 位，实际为 ${code.length} 位`, reasonEn: `must be 18 characters (got ${code.length})` };
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CODE_CHARS.includes(code[i])) {
      return {
        ok: false,
        reason: `第 ${i + 1} 位字符“${code[i]}”不合法（只允许数字和除 I、O、S、V、Z 以外的大写字母）`,
        reasonEn: `character ${i + 1} "${code[i]}" is not allowed (digits and capital letters except I, O, S, V, Z)`,
      };
    }
  }
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) {
    return { ok: false, reason: '第 3–8 位应为登记管理机关行政区划码（6 位数字）', reasonEn: 'characters 3–8 must be the 6-digit division code' };
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return {
      ok: false,
      reason: `校验码错误：按 GB 32100 第 18 位应为“${expected}”，实际为“${code[17]}”`,
      reasonEn: `check digit is wrong: GB 32100 gives "${expected}" for position 18, got "${code[17]}"`,
    };
  }
  return { ok: true, code };
}

// ── grades, levels, categories ───────────────────────────────────────────────────────────────────────
export const { keys: RISK_GRADES, labels: RISK_GRADE_LABELS } = labels({
  red: { zh: '重大风险', en: 'Major', color: '#d9363e' },
  orange: { zh: '较大风险', en: 'High', color: '#f08a24' },
  yellow: { zh: '一般风险', en: 'Moderate', color: '#e6c619' },
  blue: { zh: '低风险', en: 'Low', color: '#2f7fd8' },
});
export type RiskGrade = (typeof RISK_GRADES)[number];
/** Short names used in spreadsheets (重大/较大/一般/低). */
export const RISK_GRADE_SHORT: Record<RiskGrade, string> = { red: '重大', orange: '较大', yellow: '一般', blue: '低' };

export const {
  keys: STANDARDIZATION_LEVELS,
  labels: STANDARDIZATION_NAMES,
  zh: STANDARDIZATION_LABELS,
} = labels({
  level1: { zh: '一级', en: 'Level 1' },
  level2: { zh: '二级', en: 'Level 2' },
  level3: { zh: '三级', en: 'Level 3' },
  none: { zh: '未定级', en: 'None' },
});
export type StandardizationLevel = (typeof STANDARDIZATION_LEVELS)[number];

export const {
  keys: SUPERVISING_LEVELS,
  labels: SUPERVISING_LEVEL_NAMES,
  zh: SUPERVISING_LEVEL_LABELS,
} = labels({
  district: { zh: '区级', en: 'District' },
  town: { zh: '镇街级', en: 'Town' },
});

export const {
  keys: ENTERPRISE_STATUSES,
  labels: ENTERPRISE_STATUS_NAMES,
  zh: ENTERPRISE_STATUS_LABELS,
} = labels({
  active: { zh: '在营', en: 'Active' },
  suspended: { zh: '停产', en: 'Suspended' },
  closed: { zh: '关闭', en: 'Closed' },
});

export interface SpecialCategory {
  key: string;
  zh: string;
  en: string;
  /** One of the seed's 六类 flammable industries (塑料、海绵、泡沫、玩具、打火机、印刷). */
  sixKinds?: boolean;
}
export const SPECIAL_CATEGORIES: SpecialCategory[] = [
  { key: 'plastics', zh: '塑料', en: 'Plastics', sixKinds: true },
  { key: 'sponge', zh: '海绵', en: 'Sponge', sixKinds: true },
  { key: 'foam', zh: '泡沫', en: 'Foam', sixKinds: true },
  { key: 'toys', zh: '玩具', en: 'Toys', sixKinds: true },
  { key: 'lighters', zh: '打火机', en: 'Lighters', sixKinds: true },
  { key: 'printing', zh: '印刷', en: 'Printing', sixKinds: true },
  { key: 'hazchem', zh: '危险化学品', en: 'Hazardous chemicals' },
  { key: 'metallurgy', zh: '冶金/金属冶炼', en: 'Metal smelting' },
  { key: 'dust', zh: '粉尘涉爆', en: 'Combustible dust' },
  { key: 'ammonia', zh: '涉氨制冷', en: 'Ammonia refrigeration' },
  { key: 'confined', zh: '有限空间', en: 'Confined spaces' },
  { key: 'welding', zh: '电气焊作业', en: 'Welding and cutting' },
  { key: 'magnetic', zh: '磁性材料', en: 'Magnetic materials' },
];
export const CATEGORY_KEYS = SPECIAL_CATEGORIES.map((c) => c.key);
export const categoryLabel = (key: string) => SPECIAL_CATEGORIES.find((c) => c.key === key)?.zh ?? key;

// ── industry (GB/T 4754-2017): sections and the major groups the district's registry uses ─────────────
export const INDUSTRY_SECTIONS: Record<string, string> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  R: '文化、体育和娱乐业',
};
/** Major groups (大类): two-digit code → section and name. */
export const INDUSTRY_MAJORS: Record<string, { section: string; name: string }> = {
  '01': { section: 'A', name: '农业' },
  '03': { section: 'A', name: '畜牧业' },
  '10': { section: 'B', name: '非金属矿采选业' },
  '13': { section: 'C', name: '农副食品加工业' },
  '14': { section: 'C', name: '食品制造业' },
  '15': { section: 'C', name: '酒、饮料和精制茶制造业' },
  '17': { section: 'C', name: '纺织业' },
  '18': { section: 'C', name: '纺织服装、服饰业' },
  '19': { section: 'C', name: '皮革、毛皮、羽毛及其制品和制鞋业' },
  '20': { section: 'C', name: '木材加工和木、竹、藤、棕、草制品业' },
  '21': { section: 'C', name: '家具制造业' },
  '22': { section: 'C', name: '造纸和纸制品业' },
  '23': { section: 'C', name: '印刷和记录媒介复制业' },
  '24': { section: 'C', name: '文教、工美、体育和娱乐用品制造业' },
  '25': { section: 'C', name: '石油、煤炭及其他燃料加工业' },
  '26': { section: 'C', name: '化学原料和化学制品制造业' },
  '27': { section: 'C', name: '医药制造业' },
  '28': { section: 'C', name: '化学纤维制造业' },
  '29': { section: 'C', name: '橡胶和塑料制品业' },
  '30': { section: 'C', name: '非金属矿物制品业' },
  '31': { section: 'C', name: '黑色金属冶炼和压延加工业' },
  '32': { section: 'C', name: '有色金属冶炼和压延加工业' },
  '33': { section: 'C', name: '金属制品业' },
  '34': { section: 'C', name: '通用设备制造业' },
  '35': { section: 'C', name: '专用设备制造业' },
  '36': { section: 'C', name: '汽车制造业' },
  '37': { section: 'C', name: '铁路、船舶、航空航天和其他运输设备制造业' },
  '38': { section: 'C', name: '电气机械和器材制造业' },
  '39': { section: 'C', name: '计算机、通信和其他电子设备制造业' },
  '40': { section: 'C', name: '仪器仪表制造业' },
  '41': { section: 'C', name: '其他制造业' },
  '42': { section: 'C', name: '废弃资源综合利用业' },
  '44': { section: 'D', name: '电力、热力生产和供应业' },
  '45': { section: 'D', name: '燃气生产和供应业' },
  '46': { section: 'D', name: '水的生产和供应业' },
  '47': { section: 'E', name: '房屋建筑业' },
  '48': { section: 'E', name: '土木工程建筑业' },
  '50': { section: 'E', name: '建筑装饰、装修和其他建筑业' },
  '51': { section: 'F', name: '批发业' },
  '52': { section: 'F', name: '零售业' },
  '54': { section: 'G', name: '道路运输业' },
  '58': { section: 'G', name: '多式联运和运输代理业' },
  '59': { section: 'G', name: '装卸搬运和仓储业' },
  '60': { section: 'G', name: '邮政业' },
  '61': { section: 'H', name: '住宿业' },
  '62': { section: 'H', name: '餐饮业' },
  '65': { section: 'I', name: '软件和信息技术服务业' },
  '70': { section: 'K', name: '房地产业' },
  '72': { section: 'L', name: '商务服务业' },
  '74': { section: 'M', name: '专业技术服务业' },
  '77': { section: 'N', name: '生态保护和环境治理业' },
  '78': { section: 'N', name: '公共设施管理业' },
  '80': { section: 'O', name: '居民服务业' },
  '81': { section: 'O', name: '机动车、电子产品和日用产品修理业' },
  '89': { section: 'R', name: '娱乐业' },
};
/** A GB/T 4754 code the registry accepts: a known major group, optionally with its 3rd/4th digits. */
export const INDUSTRY_CODE_RE = /^(\d{2})(\d{1,2})?$/;

// ── risk points: LEC (作业条件危险性评价法) ──────────────────────────────────────────────────────────
/** The values each factor may take (standard LEC tables). */
export const LEC_VALUES = {
  L: [0.1, 0.2, 0.5, 1, 3, 6, 10],
  E: [0.5, 1, 2, 3, 6, 10],
  C: [1, 3, 7, 15, 40, 100],
} as const;
export const LEC_LABELS = {
  L: { 10: '完全可以预料', 6: '相当可能', 3: '可能，但不经常', 1: '可能性小，完全意外', 0.5: '很不可能，可以设想', 0.2: '极不可能', 0.1: '实际不可能' },
  E: { 10: '连续暴露', 6: '每天工作时间内暴露', 3: '每周一次或偶然暴露', 2: '每月一次暴露', 1: '每年几次暴露', 0.5: '非常罕见地暴露' },
  C: { 100: '大灾难，许多人死亡', 40: '灾难，数人死亡', 15: '非常严重，一人死亡', 7: '严重，重伤', 3: '重大，致残', 1: '引人注目，需要救护' },
} as Record<'L' | 'E' | 'C', Record<number, string>>;

/** D above `red` is red, above-or-equal `orange` orange, above-or-equal `yellow` yellow, else blue. */
export interface LecThresholds {
  red: number;
  orange: number;
  yellow: number;
}
export const DEFAULT_LEC_THRESHOLDS: LecThresholds = { red: 320, orange: 160, yellow: 70 };

export const lecScore = (l: number, e: number, c: number) => Math.round(l * e * c * 100) / 100;

export function lecGrade(d: number, t: LecThresholds = DEFAULT_LEC_THRESHOLDS): RiskGrade {
  if (d > t.red) return 'red';
  if (d >= t.orange) return 'orange';
  if (d >= t.yellow) return 'yellow';
  return 'blue';
}

export const {
  keys: CONTROL_TIERS,
  labels: CONTROL_TIER_NAMES,
  zh: CONTROL_TIER_LABELS,
} = labels({
  company: { zh: '公司级', en: 'Company' },
  workshop: { zh: '车间级', en: 'Workshop' },
  team: { zh: '班组级', en: 'Team' },
  post: { zh: '岗位级', en: 'Post' },
});
export type ControlTier = (typeof CONTROL_TIERS)[number];
/** The usual tier for each grade (重大→公司, 较大→车间, 一般→班组, 低→岗位). */
export const DEFAULT_TIER: Record<RiskGrade, ControlTier> = { red: 'company', orange: 'workshop', yellow: 'team', blue: 'post' };

/** Accident types (GB 6441-1986 事故类别). */
export const ACCIDENT_TYPES = [
  '物体打击',
  '车辆伤害',
  '机械伤害',
  '起重伤害',
  '触电',
  '淹溺',
  '灼烫',
  '火灾',
  '高处坠落',
  '坍塌',
  '冒顶片帮',
  '透水',
  '放炮',
  '火药爆炸',
  '瓦斯爆炸',
  '锅炉爆炸',
  '容器爆炸',
  '其他爆炸',
  '中毒和窒息',
  '其他伤害',
] as const;

// ── parks, tenants, insurance ───────────────────────────────────────────────────────────────────────
export const {
  keys: PARK_KINDS,
  labels: PARK_KIND_NAMES,
  zh: PARK_KIND_LABELS,
} = labels({
  micro: { zh: '小微园区', en: 'Micro park' },
  industrial: { zh: '工业园区', en: 'Industrial park' },
});
export const {
  keys: TENANT_RELATIONS,
  labels: TENANT_RELATION_NAMES,
  zh: TENANT_RELATION_LABELS,
} = labels({
  multi_tenant: { zh: '一厂多租', en: 'Multi-tenant' },
  factory_in_factory: { zh: '厂中厂', en: 'Factory in factory' },
  park_in_park: { zh: '园中园', en: 'Park in park' },
});
/** District goal for park standardization (园区规范化建设达标率, 2025 plan). */
export const PARK_STANDARDIZATION_GOAL = 0.8;

export const {
  keys: INSURANCE_KINDS,
  labels: INSURANCE_KIND_NAMES,
  zh: INSURANCE_KIND_LABELS,
} = labels({
  safety_liability: { zh: '安全生产责任险', en: 'Safety liability' },
  property: { zh: '财产险（保险+服务）', en: 'Property (insurance + service)' },
  park_shield: { zh: '园盾安心保', en: 'Park shield' },
  other: { zh: '其他', en: 'Other' },
});

// ── place: Haishu's towns and bounding box ─────────────────────────────────────────────────────────
export const DISTRICT_CODE = '330203';

/**
 * Coordinates accepted for the district (WGS-84). Haishu's extent on public maps is roughly
 * 121.23–121.58 °E and 29.71–29.96 °N (西部山区 龙观/章水 to 鼓楼 in the east); the box pads it by about
 * 2–4 km so points on the boundary are not rejected, while Jiangbei, Yinzhou's far east or Yuyao are.
 */
export const HAISHU_BBOX = { minLon: 121.2, maxLon: 121.6, minLat: 29.7, maxLat: 30.0 } as const;
export const inHaishu = (lon: number, lat: number) =>
  lon >= HAISHU_BBOX.minLon && lon <= HAISHU_BBOX.maxLon && lat >= HAISHU_BBOX.minLat && lat <= HAISHU_BBOX.maxLat;

export interface TownInfo {
  code: string;
  name: string;
  /** Approximate centre (WGS-84), read off public maps to ±1–2 km: good for an overview, not for surveying. */
  lon: number;
  lat: number;
  /** Rough radius (degrees) of where its enterprises sit, for the demo generator. */
  spread: number;
  /** Relative share of industrial enterprises and parks (demo generator). */
  weight: number;
}
export const HAISHU_TOWNS: TownInfo[] = [
  { code: '330203001', name: '南门街道', lon: 121.545, lat: 29.862, spread: 0.006, weight: 1 },
  { code: '330203002', name: '江厦街道', lon: 121.556, lat: 29.87, spread: 0.005, weight: 0.5 },
  { code: '330203003', name: '西门街道', lon: 121.533, lat: 29.874, spread: 0.006, weight: 1 },
  { code: '330203004', name: '月湖街道', lon: 121.542, lat: 29.867, spread: 0.005, weight: 0.5 },
  { code: '330203005', name: '鼓楼街道', lon: 121.55, lat: 29.877, spread: 0.004, weight: 0.4 },
  { code: '330203006', name: '白云街道', lon: 121.519, lat: 29.868, spread: 0.008, weight: 2 },
  { code: '330203007', name: '段塘街道', lon: 121.528, lat: 29.849, spread: 0.01, weight: 4 },
  { code: '330203008', name: '望春街道', lon: 121.497, lat: 29.882, spread: 0.012, weight: 6 },
  { code: '330203009', name: '石碶街道', lon: 121.503, lat: 29.8, spread: 0.022, weight: 16 },
  { code: '330203100', name: '高桥镇', lon: 121.455, lat: 29.888, spread: 0.022, weight: 14 },
  { code: '330203101', name: '横街镇', lon: 121.4, lat: 29.872, spread: 0.025, weight: 12 },
  { code: '330203102', name: '集士港镇', lon: 121.44, lat: 29.852, spread: 0.02, weight: 14 },
  { code: '330203103', name: '古林镇', lon: 121.458, lat: 29.822, spread: 0.022, weight: 14 },
  { code: '330203104', name: '洞桥镇', lon: 121.42, lat: 29.79, spread: 0.02, weight: 6 },
  { code: '330203105', name: '鄞江镇', lon: 121.352, lat: 29.772, spread: 0.02, weight: 4 },
  { code: '330203106', name: '章水镇', lon: 121.285, lat: 29.79, spread: 0.03, weight: 2 },
  { code: '330203200', name: '龙观乡', lon: 121.258, lat: 29.745, spread: 0.02, weight: 1 },
];
export const townOf = (jurisdictionCode: string) => HAISHU_TOWNS.find((t) => jurisdictionCode.startsWith(t.code));

/** The offline map layer: one GeoJSON point per town (approximate centres, see TownInfo). */
export const HAISHU_TOWN_POINTS = {
  type: 'FeatureCollection' as const,
  features: HAISHU_TOWNS.map((t) => ({
    type: 'Feature' as const,
    properties: { code: t.code, name: t.name, approximate: true },
    geometry: { type: 'Point' as const, coordinates: [t.lon, t.lat] as [number, number] },
  })),
};

/** Mobile (11 digits) or landline with area code (0574-8xxxxxxx). */
export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

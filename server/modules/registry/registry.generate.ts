// A seeded generator for a plausible Haishu registry: parks with landlords and tenants spread over the 17
// towns by industrial weight, the six flammable kinds and other special categories, 127 district-level key
// units, risk points scored by LEC, insurance. Same seed → same data. People's phones are clearly fake
// (170-0000-xxxx); credit codes are valid (GB 11714 organization code inside, GB 32100 check digit last).
import { v7 } from 'uuid';
import {
  ACCIDENT_TYPES,
  creditCodeCheckChar,
  DEFAULT_TIER,
  HAISHU_BBOX,
  HAISHU_TOWNS,
  INDUSTRY_MAJORS,
  lecGrade,
  lecScore,
  orgCodeCheckChar,
  type RiskGrade,
  type TownInfo,
} from '../../../shared/registry.ts';
import { addDays, addYears } from './registry.rules.ts';

/** mulberry32: small, fast, good enough for demo data. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  }
  /** Roughly normal (sum of uniforms), mean 0, sd ≈ 1. */
  gauss(): number {
    return this.next() + this.next() + this.next() + this.next() - 2;
  }
}

const ORG_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid credit code for an enterprise registered in Haishu (91 = enterprise, 330203 = Haishu). */
export function makeCreditCode(rng: Rng, taken: Set<string>): string {
  for (;;) {
    let org = 'MA2';
    for (let i = 0; i < 5; i++) org += ORG_CHARS[rng.int(0, ORG_CHARS.length - 1)];
    const first17 = `91330203${org}${orgCodeCheckChar(org)}`;
    const code = first17 + creditCodeCheckChar(first17);
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

const SURNAMES = '王 李 张 陈 刘 杨 黄 赵 周 吴 徐 孙 朱 马 胡 郭 林 何 高 罗 郑 梁 谢 宋 唐 许 邬 应 俞 竺 史 包 虞 鲍 励 忻'.split(' ');
const SURNAME_W = [9, 8, 8, 7, 6, 4, 4, 4, 4, 5, 4, 3, 2, 2, 3, 2, 3, 3, 2, 1, 3, 1, 1, 1, 1, 2, 2, 2, 2, 1, 2, 2, 1, 1, 1, 1];
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红玲斌波辉鹏飞宇浩晨琳雪梅海燕峰丹亮雷君凯文婷立新春晓东志';

export function personName(rng: Rng): string {
  const len = rng.chance(0.7) ? 2 : 1;
  let g = '';
  for (let i = 0; i < len; i++) g += GIVEN[rng.int(0, GIVEN.length - 1)];
  return rng.weighted(SURNAMES, SURNAME_W) + g;
}

/** Clearly fake: the 170-0000 block is never assigned to a subscriber here. */
export const fakePhone = (rng: Rng) => `1700000${String(rng.int(0, 9999)).padStart(4, '0')}`;

const TRADE_NAMES =
  '鑫达 恒信 华盛 永兴 金鼎 宏源 博远 瑞丰 天成 立信 海天 甬兴 欣和 汇通 卓越 锦程 丰泰 明辉 佳利 嘉诚 精工 耀华 凯达 日升 新海 亚太 宏达 正大 长丰 南洋 中力 东升 瑞祥 凯迪 联创 星辰 远大 康盛 盛世 通达 宝利 金海 信达 荣昌 永盛 大成 润泽 百川 方圆 九龙 甬江 四明 望春 鄞西 集美 高新 隆兴 旭日 振华 三友'.split(
    ' ',
  );

interface Kind {
  word: string[];
  industry: string;
  categories: string[];
  weight: number;
  /** Typical risk grade weights red/orange/yellow/blue. */
  risk: [number, number, number, number];
  areas: { area: string; source: string; accident: (typeof ACCIDENT_TYPES)[number] }[];
}

type Area = Kind['areas'][number];
const isAccident = (a: string): a is Area['accident'] => (ACCIDENT_TYPES as readonly string[]).includes(a);
/** `area/hazard source/accident type; …` → areas (an accident type not in ACCIDENT_TYPES is a bug in the table). */
function parseAreas(text: string): Area[] {
  return text.split(';').map((part) => {
    const [area, source, accident] = part.trim().split('/');
    if (!isAccident(accident)) throw new Error(`registry.generate: unknown accident type ${accident}`);
    return { area, source, accident };
  });
}
/** The KINDS table below: one kind a line, fields separated by `|`, lists by spaces (`-` for none). */
function parseKinds(table: string): Kind[] {
  return table
    .trim()
    .split('\n')
    .map((line) => {
      const [words, industry, categories, weight, risk, areas] = line.split('|').map((f) => f.trim());
      const [red, orange, yellow, blue] = risk.split(' ').map(Number);
      return {
        word: words.split(' '),
        industry,
        categories: categories === '-' ? [] : categories.split(' '),
        weight: Number(weight),
        risk: [red, orange, yellow, blue],
        areas: parseAreas(areas),
      };
    });
}

const COMMON_AREAS = parseAreas('配电房/高低压配电柜/触电; 仓库/货架堆垛、叉车作业/车辆伤害; 空压机房/空压机、储气罐/容器爆炸');
// One kind of enterprise a row: names it trades under | industry (GB/T 4754) | special categories | how common |
// risk grade weights red orange yellow blue | its risk areas (area/hazard source/accident type; …).
const KINDS: Kind[] = parseKinds(`
塑料制品 塑胶 注塑 | 2929 | plastics | 10 | 2 14 44 40 | 注塑车间/注塑机、塑料粒子/火灾; 原料仓库/塑料原料堆放/火灾; 破碎间/破碎机/机械伤害
海绵制品 海绵 | 2924 | sponge | 3 | 4 20 46 30 | 发泡车间/TDI、发泡剂/中毒和窒息; 海绵切割间/切割机、海绵边角料/火灾
泡沫塑料 包装材料 | 2924 | foam | 3 | 4 18 48 30 | 泡沫成型车间/EPS 预发机、蒸汽/火灾
玩具 工艺玩具 | 2452 | toys | 4 | 1 10 45 44 | 喷漆间/油漆、稀释剂/火灾; 组装车间/人员密集、可燃物/火灾
打火机 点火器 | 4190 | lighters | 2 | 8 30 42 20 | 充气车间/丁烷充装/其他爆炸; 成品仓库/打火机成品/火灾
印务 彩印 包装印刷 | 2319 | printing | 5 | 1 12 47 40 | 印刷车间/印刷机、油墨/机械伤害; 油墨仓库/油墨、洗车水/火灾
化工 化学品 | 2661 | hazchem confined | 1.5 | 15 40 35 10 | 危化品仓库/易燃液体/火灾; 反应釜区/反应釜/容器爆炸; 储罐区/储罐/中毒和窒息
铸造 金属材料 铝业 | 3391 | metallurgy | 2.5 | 10 35 40 15 | 熔炼炉/高温熔融金属/灼烫; 浇铸区/熔融金属、行车/起重伤害
木业 家具 | 2110 | dust | 3 | 3 20 47 30 | 除尘器/木粉尘/其他爆炸; 开料车间/木工机械/机械伤害
金属制品 五金 | 3399 | dust welding | 6 | 2 15 48 35 | 抛光车间/铝镁粉尘/其他爆炸; 焊接区/电焊、气瓶/火灾
冷链物流 冷冻食品 | 5920 | ammonia confined | 1 | 12 38 35 15 | 液氨制冷机房/液氨/中毒和窒息; 冷库/低温、密闭空间/中毒和窒息
食品 酿造 | 1469 | confined | 2 | 1 8 41 50 | 污水池/有限空间、硫化氢/中毒和窒息
磁业 磁性材料 | 3985 | magnetic | 2 | 2 15 43 40 | 烧结车间/烧结炉、氢气/其他爆炸
机械 机电 | 3490 | - | 10 | 1 6 38 55 | 机加工车间/车床、冲床/机械伤害
电器 电子 | 3899 | - | 10 | 0 4 36 60 | 装配车间/电烙铁、锡炉/灼烫
汽配 汽车零部件 | 3670 | - | 5 | 1 8 41 50 | 冲压车间/冲压机/机械伤害
服饰 制衣 | 1810 | - | 8 | 0 4 36 60 | 缝纫车间/人员密集、布料/火灾
文具 文教用品 | 2411 | - | 4 | 0 5 35 60 | 成型车间/注塑机/机械伤害
模具 | 3525 | - | 4 | 1 6 38 55 | 热处理间/热处理炉/灼烫
纺织 针织 | 1713 | dust | 3 | 1 10 44 45 | 梳棉车间/棉尘/火灾
仓储 物流 | 5990 | - | 3 | 1 8 41 50 | 装卸区/叉车、货车/车辆伤害
`);
const KIND_W = KINDS.map((k) => k.weight);
const GRADES: RiskGrade[] = ['red', 'orange', 'yellow', 'blue'];
/** Typical L,E,C choices per target grade (L × E × C falls in that grade's band). */
const triples = (text: string) =>
  text.split(' ').map((t): [number, number, number] => {
    const [l, e, c] = t.split(',').map(Number);
    return [l, e, c];
  });
const LEC: Record<RiskGrade, [number, number, number][]> = {
  red: triples('6,6,15 10,6,7 3,6,40 6,3,40'),
  orange: triples('3,6,15 6,6,7 3,3,40 6,2,15'),
  yellow: triples('3,6,7 1,6,15 3,3,15 6,3,7'),
  blue: triples('1,6,7 3,3,3 1,3,15 0.5,6,15'),
};

export interface GenOptions {
  seed?: number;
  parks?: number;
  /** Enterprises outside any park (larger, standalone factories and firms). */
  standalone?: number;
  keyUnits?: number;
  /** villages per town code (from the org tree) for the village column. */
  villages: Map<string, string[]>;
  today: string;
  now: Date;
}

export interface GeneratedRegistry {
  enterprises: Record<string, unknown>[];
  parks: Record<string, unknown>[];
  tenants: Record<string, unknown>[];
  riskPoints: Record<string, unknown>[];
  insurance: Record<string, unknown>[];
}

function pointNear(rng: Rng, lon: number, lat: number, spread: number): [number, number] {
  const x = Math.min(HAISHU_BBOX.maxLon - 0.01, Math.max(HAISHU_BBOX.minLon + 0.01, lon + rng.gauss() * spread));
  const y = Math.min(HAISHU_BBOX.maxLat - 0.01, Math.max(HAISHU_BBOX.minLat + 0.01, lat + rng.gauss() * spread * 0.8));
  return [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];
}

const ROADS = '工业路 兴业路 创业路 望春路 环城西路 集士港路 古林大道 横街路 高桥路 石碶路 鄞江路 洞桥路 前虞路 布政路 栎社路 段塘路'.split(' ');

export function generateRegistry(opts: GenOptions): GeneratedRegistry {
  const rng = new Rng(opts.seed ?? 20250107);
  const codes = new Set<string>();
  const names = new Set<string>();
  const out: GeneratedRegistry = { enterprises: [], parks: [], tenants: [], riskPoints: [], insurance: [] };
  const townWeights = HAISHU_TOWNS.map((t) => t.weight);
  const now = opts.now;

  const companyName = (kind: Kind | null, town: TownInfo) => {
    for (let i = 0; ; i++) {
      const trade = rng.pick(TRADE_NAMES);
      const word = kind ? rng.pick(kind.word) : rng.pick(['实业', '投资', '物业管理', '置业']);
      const prefix = rng.chance(0.6) ? '宁波市海曙' : rng.chance(0.5) ? '宁波' : `宁波${town.name.replace(/(街道|镇|乡)$/, '')}`;
      const suffix = kind && rng.chance(0.12) ? '厂' : rng.chance(0.05) ? '股份有限公司' : '有限公司';
      const name = `${prefix}${trade}${word}${i > 3 ? rng.int(2, 99) : ''}${suffix}`;
      if (!names.has(name)) {
        names.add(name);
        return name;
      }
    }
  };

  const enterprise = (town: TownInfo, at: [number, number], kind: Kind | null, extra: Record<string, unknown> = {}) => {
    const villages = opts.villages.get(town.code) ?? [];
    const jurisdiction = villages.length && rng.chance(0.85) ? rng.pick(villages) : town.code;
    const grade: RiskGrade | null = kind
      ? rng.chance(0.1)
        ? null
        : rng.weighted(GRADES, kind.risk)
      : rng.weighted([null, 'blue', 'yellow'] as const, [3, 5, 2]);
    const categories = kind ? kind.categories.filter(() => rng.chance(0.95)).sort() : [];
    const dishonestFrom = rng.chance(0.006) ? addDays(opts.today, -rng.int(30, 1000)) : null;
    const standardization = rng.weighted(['level3', 'level2', 'level1', 'none'] as const, [26, 5, 0.5, 68.5]);
    const industry = kind?.industry ?? '7040';
    const id = v7();
    const e = {
      id,
      credit_code: makeCreditCode(rng, codes),
      name: companyName(kind, town),
      address: `${town.name}${rng.pick(ROADS)}${rng.int(1, 999)}号`,
      lon: at[0],
      lat: at[1],
      jurisdiction_code: jurisdiction,
      industry_code: industry,
      industry_name: INDUSTRY_MAJORS[industry.slice(0, 2)]?.name ?? null,
      categories,
      headcount: kind ? Math.max(3, Math.round(Math.exp(2.8 + rng.gauss() * 0.9))) : rng.int(2, 15),
      principal_name: personName(rng),
      principal_phone: fakePhone(rng),
      safety_manager_name: personName(rng),
      safety_manager_phone: fakePhone(rng),
      risk_grade: grade,
      standardization_level: standardization,
      credit_rating: rng.weighted(['A', 'B', 'C', null], [30, 45, 5, 20]),
      dishonest_from: dishonestFrom,
      dishonest_until: dishonestFrom ? addYears(dishonestFrom, 3) : null,
      key_unit: false,
      supervising_level: 'town',
      supervising_dept_code: '330203D01',
      iot_device_count: rng.chance(0.25) ? rng.int(1, 6) : 0,
      status: rng.weighted(['active', 'suspended', 'closed'] as const, [95, 4, 1]),
      version: 1,
      created_at: now,
      updated_at: now,
      ...extra,
    };
    out.enterprises.push(e);
    return { e, kind };
  };

  const withRisk: { e: Record<string, unknown>; kind: Kind | null }[] = [];

  // Parks: a landlord (an 实业/投资 company) and its tenants.
  const parkCount = opts.parks ?? 568;
  const parkNames = new Set<string>();
  for (let p = 0; p < parkCount; p++) {
    const town = rng.weighted(HAISHU_TOWNS, townWeights);
    const at = pointNear(rng, town.lon, town.lat, town.spread);
    const landlord = enterprise(town, at, null);
    let parkName = '';
    // A town has about 1,200 name combinations; past a few collisions (large benchmark runs) number them.
    for (let attempt = 0; !parkName || parkNames.has(`${town.code}/${parkName}`); attempt++) {
      const base = rng.pick(TRADE_NAMES);
      const phase = attempt > 5 ? `${rng.int(4, 9999)}期` : rng.chance(0.3) ? `${rng.pick(['一', '二', '三'])}期` : '';
      parkName = `${town.name.replace(/(街道|镇|乡)$/, '')}${base}${rng.pick(['小微企业园', '工业园', '创业园', '科创园', '产业园'])}${phase}`;
    }
    parkNames.add(`${town.code}/${parkName}`);
    const parkId = v7();
    const standardized = rng.chance(0.62);
    out.parks.push({
      id: parkId,
      name: parkName,
      kind: parkName.includes('小微') || rng.chance(0.6) ? 'micro' : 'industrial',
      address: landlord.e.address,
      lon: at[0],
      lat: at[1],
      jurisdiction_code: landlord.e.jurisdiction_code,
      landlord_id: landlord.e.id,
      safety_staff_count: rng.weighted([0, 1, 2, 3], [15, 50, 25, 10]),
      standardized,
      standardized_at: standardized ? addDays(opts.today, -rng.int(20, 700)) : null,
      insured: rng.chance(standardized ? 0.6 : 0.2),
      version: 1,
      created_at: now,
      updated_at: now,
    });
    const tenantCount = Math.max(1, Math.round(6 + rng.gauss() * 3));
    for (let k = 0; k < tenantCount; k++) {
      const kind = rng.weighted(KINDS, KIND_W);
      const t = enterprise(town, pointNear(rng, at[0], at[1], 0.0012), kind, { jurisdiction_code: landlord.e.jurisdiction_code });
      const signed = rng.chance(0.84);
      const signedAt = signed ? addDays(opts.today, -rng.int(10, 600)) : null;
      out.tenants.push({
        park_id: parkId,
        enterprise_id: t.e.id,
        relation: rng.weighted(['multi_tenant', 'factory_in_factory', 'park_in_park'] as const, [70, 25, 5]),
        agreement_signed: signed,
        agreement_signed_at: signedAt,
        agreement_expires_at: signedAt ? addYears(signedAt, rng.pick([1, 2, 3])) : null,
        moved_in_at: addDays(opts.today, -rng.int(60, 2500)),
        moved_out_at: null,
      });
      if (t.e.risk_grade === 'red' || t.e.risk_grade === 'orange' || rng.chance(0.15)) withRisk.push(t);
    }
  }

  // Standalone enterprises: larger plants, and the district's key enforcement units among them.
  const standalone = opts.standalone ?? 900;
  const standaloneStart = out.enterprises.length;
  for (let i = 0; i < standalone; i++) {
    const town = rng.weighted(HAISHU_TOWNS, townWeights);
    const kind = rng.weighted(KINDS, KIND_W);
    const t = enterprise(town, pointNear(rng, town.lon, town.lat, town.spread), kind);
    t.e.headcount = Math.max(20, Math.round(Math.exp(4 + rng.gauss() * 0.8)));
    withRisk.push(t);
  }
  // 127 key units (区级重点执法单位): the riskiest standalone plants first.
  const order = { red: 0, orange: 1, yellow: 2, blue: 3 } as Record<string, number>;
  const candidates = out.enterprises
    .slice(standaloneStart)
    .filter((e) => e.status === 'active')
    .sort((a, b) => (order[a.risk_grade as string] ?? 4) - (order[b.risk_grade as string] ?? 4) || (b.headcount as number) - (a.headcount as number));
  for (const e of candidates.slice(0, opts.keyUnits ?? 127)) {
    e.key_unit = true;
    e.supervising_level = 'district';
    e.iot_device_count = rng.int(3, 24);
    if (e.standardization_level === 'none' && rng.chance(0.5)) e.standardization_level = 'level3';
  }

  // Risk points (双重预防) with LEC: grades follow the enterprise's own grade.
  const cycle: Record<RiskGrade, number> = { red: 30, orange: 90, yellow: 180, blue: 365 };
  for (const { e, kind } of withRisk) {
    const areas = [...(kind?.areas ?? []), ...COMMON_AREAS];
    const n = e.key_unit ? rng.int(3, 6) : rng.int(1, 3);
    const used = new Set<string>();
    for (let i = 0; i < n && used.size < areas.length; i++) {
      const a = areas[i < (kind?.areas.length ?? 0) ? i : rng.int(0, areas.length - 1)];
      if (used.has(a.area)) continue;
      used.add(a.area);
      const target: RiskGrade = i === 0 && e.risk_grade ? (e.risk_grade as RiskGrade) : rng.weighted(GRADES, [2, 12, 46, 40]);
      const [l, ex, c] = rng.pick(LEC[target]);
      const d = lecScore(l, ex, c);
      const grade = lecGrade(d);
      const days = cycle[grade];
      // Most were reviewed within their cycle; a few are overdue.
      const last = addDays(opts.today, -rng.int(1, rng.chance(0.06) ? days + 40 : days - 1));
      out.riskPoints.push({
        id: v7(),
        enterprise_id: e.id,
        jurisdiction_code: e.jurisdiction_code,
        name: a.area,
        area: a.area,
        hazard_source: a.source,
        accident_type: a.accident,
        lec_l: l,
        lec_e: ex,
        lec_c: c,
        lec_d: d,
        grade,
        policy_version: 1,
        control_measures: '落实岗位安全操作规程，定期检查，配备消防器材与应急物资',
        control_tier: DEFAULT_TIER[grade],
        owner_name: rng.chance(0.5) ? (e.safety_manager_name as string) : personName(rng),
        owner_phone: fakePhone(rng),
        review_cycle_days: days,
        last_reviewed_on: last,
        next_review_on: addDays(last, days),
        lon: null,
        lat: null,
        created_at: now,
        updated_at: now,
      });
    }
  }

  // Insurance: "保险+服务" property cover / 园盾安心保 for insured parks; liability cover for some enterprises.
  const insurers = [
    '中国人民财产保险股份有限公司宁波市分公司',
    '中国平安财产保险股份有限公司宁波分公司',
    '中国太平洋财产保险股份有限公司宁波分公司',
    '国寿财产保险股份有限公司宁波市分公司',
  ];
  let policyNo = 1;
  const start = addDays(opts.today, -rng.int(30, 300));
  /** A one-year policy (the draws in `terms` happen after the start day's). */
  const addPolicy = (startsOn: string, terms: Record<string, unknown>) =>
    out.insurance.push({ id: v7(), ...terms, starts_on: startsOn, ends_on: addDays(addYears(startsOn, 1), -1), created_at: now, updated_at: now });
  for (const p of out.parks) {
    if (!p.insured) continue;
    addPolicy(addDays(start, rng.int(-60, 60)), {
      enterprise_id: null,
      park_id: p.id,
      jurisdiction_code: p.jurisdiction_code,
      kind: rng.chance(0.6) ? 'park_shield' : 'property',
      insurer: rng.pick(insurers),
      policy_no: `PQYB2025${String(330203).slice(2)}${String(policyNo++).padStart(6, '0')}`,
      premium_fen: rng.int(8, 60) * 100_000,
      discount_pct: p.standardized ? rng.pick([10, 15, 20]) : 0,
      coverage_fen: rng.int(5, 50) * 100_000_000,
      services: '风险减量管理：每季度一次安全检查与隐患整改建议',
    });
  }
  for (const e of out.enterprises) {
    if (!(e.key_unit || ((e.categories as string[]).length > 0 && rng.chance(0.25)))) continue;
    addPolicy(addDays(start, rng.int(-60, 60)), {
      enterprise_id: e.id,
      park_id: null,
      jurisdiction_code: e.jurisdiction_code,
      kind: 'safety_liability',
      insurer: rng.pick(insurers),
      policy_no: `AZX2025${String(policyNo++).padStart(7, '0')}`,
      premium_fen: rng.int(3, 30) * 100_000,
      discount_pct: e.standardization_level !== 'none' ? 10 : 0,
      coverage_fen: rng.int(2, 20) * 100_000_000,
      services: '安全生产责任险事故预防技术服务',
    });
  }
  return out;
}

/** Only enterprises, many of them (the benchmark's 100,000). */
export function generateEnterprises(
  count: number,
  opts: { seed?: number; villages: Map<string, string[]>; today: string; now: Date },
): Record<string, unknown>[] {
  // About 7 enterprises per park (a landlord and ~6 tenants); generate a margin and cut.
  const g = generateRegistry({ ...opts, parks: Math.ceil(count / 6), standalone: 0, keyUnits: 0 });
  return g.enterprises.slice(0, count);
}

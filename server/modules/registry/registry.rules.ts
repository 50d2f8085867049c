// Rules a registry record must satisfy beyond its JSON schema (check digit, known places, the district's
// box, phones, dates), written once and used by the API (fields named "body.x") and the Excel import
// (fields named by their column header). Pure functions over a snapshot of the org tree.
import { fmtDate } from '../../../shared/time.ts';
import { prefixLike } from '../../platform/sql.ts';
import {
  CATEGORY_KEYS,
  checkCreditCode,
  DISTRICT_CODE,
  HAISHU_BBOX,
  INDUSTRY_CODE_RE,
  INDUSTRY_MAJORS,
  inHaishu,
  LEC_VALUES,
  PHONE_RE,
} from '../../../shared/registry.ts';
import type { Db } from '../../db/connection.ts';
import type { FieldIssue } from '../../platform/errors.ts';

export interface OrgRefs {
  /** code → kind and parent, for towns, villages and departments of the district. */
  units: Map<string, { kind: string; parent: string | null; name: string }>;
  /** Names (full and without 居委会/村委会 suffix) → code, so spreadsheets may use names. */
  byName: Map<string, string>;
}

export async function loadOrgRefs(db: Db): Promise<OrgRefs> {
  const rows = await db
    .selectFrom('org_units')
    .select(['code', 'kind', 'parent_code', 'name', 'short_name'])
    .where('code', 'like', prefixLike(DISTRICT_CODE))
    .execute();
  const units = new Map(rows.map((r) => [r.code, { kind: r.kind, parent: r.parent_code, name: r.name }]));
  const byName = new Map<string, string>();
  for (const r of rows) {
    if (r.kind === 'village') {
      // Villages are only unique within their town: key them by "town/name" as well as the bare name.
      const short = r.name.replace(/(社区居委会|居委会|村委会|村民委员会)$/, '');
      for (const n of [r.name, short, `${short}${r.name.endsWith('村委会') ? '村' : '社区'}`]) byName.set(`${r.parent_code}/${n}`, r.code);
    } else {
      byName.set(r.name, r.code);
      if (r.short_name) byName.set(r.short_name, r.code);
    }
  }
  return { units, byName };
}

export type Issue = Omit<FieldIssue, 'field'> & { field: string };
const issue = (field: string, message: string, messageEn: string): Issue => ({ field, message, messageEn });

/** Field names as the caller wants them: "body.creditCode" for the API, "统一社会信用代码" for Excel. */
export type FieldNamer = (key: string) => string;
export const apiField: FieldNamer = (k) => `body.${k}`;

export function checkCredit(code: string, name: FieldNamer, out: Issue[]): string {
  const c = checkCreditCode(code);
  if (c.ok) return c.code;
  out.push(issue(name('creditCode'), `统一社会信用代码${c.reason}`, `credit code ${c.reasonEn}`));
  return code;
}

/** Town (9 digits) and optional village (12 digits, inside the town) → the record's jurisdiction code. */
export function checkPlace(refs: OrgRefs, townCode: string, villageCode: string | null | undefined, name: FieldNamer, out: Issue[]): string {
  const town = refs.units.get(townCode);
  if (town?.kind !== 'town') {
    out.push(issue(name('townCode'), `未知的镇（乡、街道）代码“${townCode}”，应为海曙区 17 个镇街之一`, `unknown town code "${townCode}"`));
    return townCode;
  }
  if (!villageCode) return townCode;
  const village = refs.units.get(villageCode);
  if (village?.kind !== 'village') {
    out.push(issue(name('villageCode'), `未知的村（社区）代码“${villageCode}”`, `unknown village code "${villageCode}"`));
  } else if (village.parent !== townCode) {
    out.push(issue(name('villageCode'), `村（社区）“${village.name}”不属于${town.name}`, `village ${villageCode} is not in town ${townCode}`));
  }
  return villageCode;
}

export function checkCoords(lon: number | null | undefined, lat: number | null | undefined, name: FieldNamer, out: Issue[]) {
  const hasLon = lon !== null && lon !== undefined;
  const hasLat = lat !== null && lat !== undefined;
  if (hasLon !== hasLat) {
    out.push(issue(name(hasLon ? 'lat' : 'lon'), '经度和纬度须同时填写', 'longitude and latitude go together'));
    return;
  }
  if (hasLon && hasLat && !inHaishu(lon, lat)) {
    const b = HAISHU_BBOX;
    out.push(
      issue(
        name('lon'),
        `坐标（${lon}, ${lat}）不在海曙区范围内（经度 ${b.minLon.toFixed(2)}–${b.maxLon.toFixed(2)}，纬度 ${b.minLat.toFixed(2)}–${b.maxLat.toFixed(2)}，WGS-84）`,
        `coordinates (${lon}, ${lat}) are outside Haishu (lon ${b.minLon}–${b.maxLon}, lat ${b.minLat}–${b.maxLat})`,
      ),
    );
  }
}

export function checkPhone(value: string | null | undefined, key: string, name: FieldNamer, out: Issue[]) {
  if (value && !PHONE_RE.test(value)) out.push(issue(name(key), `电话号码“${value}”格式不正确（手机 11 位或区号-号码）`, 'is not a valid phone number'));
}

export function checkIndustry(code: string | null | undefined, name: FieldNamer, out: Issue[]): string | null {
  if (!code) return null;
  const m = INDUSTRY_CODE_RE.exec(code);
  const major = m ? INDUSTRY_MAJORS[m[1]] : undefined;
  if (!major) {
    out.push(issue(name('industryCode'), `行业代码“${code}”不是本系统收录的 GB/T 4754 大类（2 位）或其中类/小类`, 'is not a known GB/T 4754 code'));
    return null;
  }
  return major.name;
}

export function checkCategories(keys: string[], name: FieldNamer, out: Issue[]) {
  const bad = keys.filter((k) => !CATEGORY_KEYS.includes(k));
  if (bad.length) out.push(issue(name('categories'), `未知的特殊类别：${bad.join('、')}`, `unknown categories: ${bad.join(', ')}`));
}

export function checkDateOrder(
  from: string | null | undefined,
  until: string | null | undefined,
  untilKey: string,
  name: FieldNamer,
  out: Issue[],
  zh: string,
) {
  if (from && until && until < from) out.push(issue(name(untilKey), zh, 'must not be before the start date'));
}

export function checkDepartment(refs: OrgRefs, code: string, name: FieldNamer, out: Issue[]) {
  if (refs.units.get(code)?.kind !== 'department') out.push(issue(name('supervisingDeptCode'), `未知的监管部门代码“${code}”`, `unknown department "${code}"`));
}

export function checkLec(l: number, e: number, c: number, name: FieldNamer, out: Issue[]) {
  const one = (key: 'L' | 'E' | 'C', v: number, field: string) => {
    if (!(LEC_VALUES[key] as readonly number[]).includes(v)) {
      out.push(
        issue(name(field), `${key} 取值应为 ${LEC_VALUES[key].join('、')} 之一（LEC 标准取值表）`, `${key} must be one of ${LEC_VALUES[key].join(', ')}`),
      );
    }
  };
  one('L', l, 'lecL');
  one('E', e, 'lecE');
  one('C', c, 'lecC');
}

/** 'YYYY-MM-DD' plus whole years (29 Feb → 28 Feb). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The calendar date in Beijing time (domain dates are local dates). */
/** The district's date of an instant (`2026-05-01`). */
export const localDate = (at: Date) => fmtDate(at);

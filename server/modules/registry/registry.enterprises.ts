// Enterprises (企业名录): the record, its validation, list/read/write, its parks and the overview numbers.
import type { Insertable } from 'kysely';
import { v7 } from 'uuid';
import type { Enterprise, EnterpriseParks, EnterpriseStats, HistoryEntry, PageOf } from '../../../shared/registry.dto.ts';
import { DISTRICT_CODE, HAISHU_TOWNS, RISK_GRADES } from '../../../shared/registry.ts';
import { requirePermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/sql.ts';
import {
  changedKeys,
  checkUpdate,
  firstVersion,
  listHistory,
  newRecordValues,
  nextVersion,
  type RecordWrite,
  today,
  updateValues,
  writeRecord,
} from './registry.common.ts';
import * as repo from './registry.repo.ts';
import {
  addYears,
  checkCategories,
  checkCoords,
  checkCredit,
  checkDateOrder,
  checkDepartment,
  checkIndustry,
  checkPhone,
  checkPlace,
  type FieldNamer,
  type Issue,
  type OrgRefs,
} from './registry.rules.ts';
import type { EnterpriseInput, EnterpriseListInput, EnterpriseUpdateInput } from './registry.schema.ts';
import type { EnterprisesTable } from './registry.tables.ts';

export function presentEnterprise(r: repo.EnterpriseRow): Enterprise {
  return {
    id: r.id,
    creditCode: r.credit_code,
    name: r.name,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    jurisdictionCode: r.jurisdiction_code,
    townCode: r.jurisdiction_code.slice(0, 9),
    villageCode: r.jurisdiction_code.length > 9 ? r.jurisdiction_code : null,
    industryCode: r.industry_code,
    industryName: r.industry_name,
    categories: r.categories,
    headcount: r.headcount,
    principalName: r.principal_name,
    principalPhone: r.principal_phone,
    safetyManagerName: r.safety_manager_name,
    safetyManagerPhone: r.safety_manager_phone,
    riskGrade: r.risk_grade,
    standardizationLevel: r.standardization_level,
    creditRating: r.credit_rating,
    dishonestFrom: r.dishonest_from,
    dishonestUntil: r.dishonest_until,
    keyUnit: r.key_unit,
    supervisingLevel: r.supervising_level,
    supervisingDeptCode: r.supervising_dept_code,
    iotDeviceCount: r.iot_device_count,
    status: r.status,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export type EnterpriseValues = Omit<Insertable<EnterprisesTable>, 'id' | 'version' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by'>;

/** Check an enterprise record and turn it into column values; problems go to `issues`, named by `name`. */
export function normalizeEnterprise(input: EnterpriseInput, refs: OrgRefs, name: FieldNamer, issues: Issue[]): EnterpriseValues {
  const creditCode = checkCredit(input.creditCode, name, issues);
  const jurisdiction = checkPlace(refs, input.townCode, input.villageCode, name, issues);
  checkCoords(input.lon, input.lat, name, issues);
  const majorName = checkIndustry(input.industryCode, name, issues);
  checkCategories(input.categories ?? [], name, issues);
  checkPhone(input.principalPhone, 'principalPhone', name, issues);
  checkPhone(input.safetyManagerPhone, 'safetyManagerPhone', name, issues);
  if (input.dishonestUntil && !input.dishonestFrom)
    issues.push({ field: name('dishonestFrom'), message: '填写了失信截止日期，须同时填写列入日期', messageEn: 'is required with dishonestUntil' });
  checkDateOrder(input.dishonestFrom, input.dishonestUntil, 'dishonestUntil', name, issues, '失信截止日期不能早于列入日期');
  const dept = input.supervisingDeptCode || `${DISTRICT_CODE}D01`;
  checkDepartment(refs, dept, name, issues);
  return {
    credit_code: creditCode,
    name: input.name.trim(),
    address: input.address?.trim() || null,
    lon: input.lon ?? null,
    lat: input.lat ?? null,
    jurisdiction_code: jurisdiction,
    industry_code: input.industryCode || null,
    industry_name: input.industryName?.trim() || majorName,
    categories: [...new Set(input.categories ?? [])].sort(),
    headcount: input.headcount ?? null,
    principal_name: input.principalName?.trim() || null,
    principal_phone: input.principalPhone || null,
    safety_manager_name: input.safetyManagerName?.trim() || null,
    safety_manager_phone: input.safetyManagerPhone || null,
    risk_grade: input.riskGrade ?? null,
    standardization_level: input.standardizationLevel ?? 'none',
    credit_rating: input.creditRating?.trim() || null,
    dishonest_from: input.dishonestFrom ?? null,
    // A serious-dishonesty listing lasts three years unless the decision says otherwise.
    dishonest_until: input.dishonestUntil ?? (input.dishonestFrom ? addYears(input.dishonestFrom, 3) : null),
    key_unit: input.keyUnit ?? false,
    supervising_level: input.supervisingLevel ?? 'town',
    supervising_dept_code: dept,
    iot_device_count: input.iotDeviceCount ?? 0,
    status: input.status ?? 'active',
  };
}

export const enterpriseNotFound = () => notFound('企业', 'Enterprise');
const creditCodeConflict = (code: string) =>
  new AppError('CREDIT_CODE_TAKEN', 409, `统一社会信用代码 ${code} 已登记`, `Credit code ${code} is already registered`, [
    { field: 'body.creditCode', message: '该信用代码已登记', messageEn: 'is already registered' },
  ]);

export async function listEnterprises(ctx: Ctx, input: EnterpriseListInput): Promise<PageOf<Enterprise>> {
  requirePermission(ctx, 'registry:read');
  const { page = 1, pageSize = 20, sort, ...filters } = input;
  const { rows, total, capped } = await repo.listEnterprises(ctx, filters, { page, pageSize, sort, today: today(ctx) });
  return { items: rows.map(presentEnterprise), total, totalCapped: capped, page, pageSize };
}

export async function getEnterprise(ctx: Ctx, id: string): Promise<Enterprise> {
  requirePermission(ctx, 'registry:read');
  const row = await repo.getEnterprise(ctx, id);
  if (!row) throw enterpriseNotFound();
  return presentEnterprise(row);
}

/** The row just written, read back inside the same transaction. */
async function reread(ctx: Ctx, id: string): Promise<Enterprise> {
  const row = await repo.lockEnterprise(ctx.db, id);
  if (!row) throw enterpriseNotFound();
  return presentEnterprise(row);
}

const enterpriseWrite = (id: string, creditCode: string): RecordWrite<Enterprise> => ({
  entity: 'enterprise',
  id,
  reread,
  unique: { constraint: 'credit_code', conflict: () => creditCodeConflict(creditCode) },
});

export async function createEnterprise(ctx: Ctx, input: EnterpriseInput): Promise<Enterprise> {
  requirePermission(ctx, 'registry:write');
  const values = await newRecordValues(ctx, normalizeEnterprise, input);
  const now = ctx.deps.clock.now();
  const id = v7();
  return writeRecord(ctx, enterpriseWrite(id, values.credit_code), async (c) => {
    if (await repo.creditCodeTaken(c.db, values.credit_code)) throw creditCodeConflict(values.credit_code);
    await repo.insertEnterprises(c.db, [{ ...values, id, ...firstVersion(c, now) }]);
    return null;
  });
}

export async function updateEnterprise(ctx: Ctx, id: string, input: EnterpriseUpdateInput): Promise<Enterprise> {
  requirePermission(ctx, 'registry:write');
  const { version, values } = await updateValues(ctx, normalizeEnterprise, input);
  return writeRecord(ctx, enterpriseWrite(id, values.credit_code), async (c) => {
    const current = checkUpdate(c, await repo.lockEnterprise(c.db, id), { version, values }, (e) => e.id, enterpriseNotFound);
    if (values.credit_code !== current.credit_code && (await repo.creditCodeTaken(c.db, values.credit_code, id))) throw creditCodeConflict(values.credit_code);
    const before = presentEnterprise(current);
    const candidate = presentEnterprise({ ...current, ...values, categories: values.categories ?? current.categories });
    if (changedKeys(before, candidate).length === 0) return { unchanged: before };
    const now = c.deps.clock.now();
    await repo.updateEnterprise(c.db, id, { ...values, ...nextVersion(c, version, now) });
    return before;
  });
}

export async function enterpriseHistory(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
  await getEnterprise(ctx, id);
  return listHistory(ctx, 'enterprise', id);
}

export async function enterpriseParks(ctx: Ctx, id: string): Promise<EnterpriseParks> {
  await getEnterprise(ctx, id);
  const { asTenant, asLandlord } = await repo.parksOfEnterprise(ctx.db, id);
  return {
    asTenant: asTenant.map((p) => ({
      parkId: p.id,
      parkName: p.name,
      kind: p.kind,
      relation: p.relation,
      agreementSigned: p.agreement_signed,
      agreementExpiresAt: p.agreement_expires_at,
      movedInAt: p.moved_in_at,
      movedOutAt: p.moved_out_at,
    })),
    asLandlord: asLandlord.map((p) => ({ parkId: p.id, parkName: p.name, kind: p.kind })),
  };
}

export async function enterpriseStats(ctx: Ctx): Promise<EnterpriseStats> {
  requirePermission(ctx, 'registry:read');
  const s = await repo.enterpriseStats(ctx, today(ctx));
  const towns = new Map(HAISHU_TOWNS.map((t) => [t.code, t.name]));
  return {
    total: Number(s.flags.total),
    keyUnits: Number(s.flags.key_units),
    sixKinds: Number(s.flags.six_kinds),
    standardized: Number(s.flags.standardized),
    dishonest: Number(s.flags.dishonest),
    byGrade: Object.fromEntries([...RISK_GRADES, 'none'].map((g) => [g, Number(s.byGrade.find((r) => (r.risk_grade ?? 'none') === g)?.n ?? 0)])),
    byTown: s.byTown.map((r) => ({ code: r.town, name: towns.get(r.town) ?? r.town, count: Number(r.n) })).sort((a, b) => b.count - a.count),
    byCategory: s.byCategory.map((r) => ({ category: r.category, count: Number(r.n) })).sort((a, b) => b.count - a.count),
  };
}

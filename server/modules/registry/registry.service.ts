// Registry services: access check first, then the rules, then the repo in one transaction with the history
// version and the audit row.
import type { Insertable, Updateable } from 'kysely';
import { v7 } from 'uuid';
import {
  DEFAULT_LEC_THRESHOLDS,
  DEFAULT_TIER,
  DISTRICT_CODE,
  HAISHU_TOWNS,
  type LecThresholds,
  lecGrade,
  lecScore,
  PARK_STANDARDIZATION_GOAL,
  RISK_GRADES,
} from '../../../shared/registry.ts';
import type { Db } from '../../db/connection.ts';
import { assertInScope, coversJurisdiction, requirePermission, requireVisible, scopeWhere } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { AppError, conflict, fieldError, forbidden, notFound, ValidationError } from '../../platform/errors.ts';
import { cancelJob, enqueueJob, type Tx } from '../../platform/jobs/jobs.ts';
import * as repo from './registry.repo.ts';
import {
  addDays,
  addYears,
  apiField,
  checkCategories,
  checkCoords,
  checkCredit,
  checkDateOrder,
  checkDepartment,
  checkIndustry,
  checkLec,
  checkPhone,
  checkPlace,
  type FieldNamer,
  type Issue,
  loadOrgRefs,
  localDate,
  type OrgRefs,
} from './registry.rules.ts';
import type {
  EnterpriseFilters,
  EnterpriseInput,
  EnterpriseListInput,
  EnterpriseUpdateInput,
  InsuranceInput,
  LecPolicyInput,
  ParkFilters,
  ParkInput,
  ParkListInput,
  ParkUpdateInput,
  RiskPointFilters,
  RiskPointInput,
  RiskPointListInput,
  RiskPointReviewInput,
  RiskPointUpdateInput,
  TenantInput,
} from './registry.schema.ts';
import type { EnterprisesTable, ParksTable, RegistryHistoryTable, RiskPointsTable } from './registry.tables.ts';
import { iso } from '../../platform/sql.ts';

export const RISK_REVIEW_JOB = 'registry.riskReviewDue';
export const reviewJobKey = (id: string) => `registry:risk-point:${id}:review`;

const today = (ctx: Ctx | Deps) => localDate(('deps' in ctx ? ctx.deps : ctx).clock.now());

// The org tree changes a few times a year; a short-lived snapshot saves a query per write.
const refsCache = new WeakMap<Db, { at: number; refs: Promise<OrgRefs> }>();
export function orgRefs(deps: Deps): Promise<OrgRefs> {
  const hit = refsCache.get(deps.db);
  if (hit && Date.now() - hit.at < 60_000) return hit.refs;
  const refs = loadOrgRefs(deps.db);
  refsCache.set(deps.db, { at: Date.now(), refs });
  refs.catch(() => refsCache.delete(deps.db));
  return refs;
}

function throwIfIssues(issues: Issue[]) {
  if (issues.length) throw new ValidationError(issues);
}

/** A registry write must land inside the writer's jurisdiction; accounts tied to one enterprise create nothing. */
function assertCanPlace(ctx: Ctx, code: string, field: string) {
  if (!coversJurisdiction(ctx.actor, code)) throw fieldError(field, '不在您的管辖范围内', 'is outside your jurisdiction');
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>, ignore = ['version', 'updatedAt', 'createdAt']) {
  return Object.keys(after).filter((k) => !ignore.includes(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

function historyRow(
  ctx: Ctx,
  entityType: RegistryHistoryTable['entity_type'],
  entityId: string,
  version: number,
  action: 'create' | 'update' | 'import',
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): Insertable<RegistryHistoryTable> {
  return {
    entity_type: entityType,
    entity_id: entityId,
    version,
    action,
    changed: before ? changedKeys(before, after) : [],
    before: before ? JSON.stringify(before) : null,
    after: JSON.stringify(after),
    at: ctx.deps.clock.now(),
    by_user: ctx.actor.id,
    by_name: ctx.actor.displayName,
  };
}

const uniqueViolation = (e: unknown, constraint?: string) =>
  (e as { code?: string })?.code === '23505' && (!constraint || String((e as { constraint?: string }).constraint ?? '').includes(constraint));

// ── enterprises ─────────────────────────────────────────────────────────────────────────────────────
export function presentEnterprise(r: repo.EnterpriseRow) {
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

export async function listEnterprises(ctx: Ctx, input: EnterpriseListInput) {
  requirePermission(ctx, 'registry:read');
  const { page = 1, pageSize = 20, sort, ...filters } = input;
  const { rows, total, capped } = await repo.listEnterprises(ctx, filters, { page, pageSize, sort, today: today(ctx) });
  return { items: rows.map(presentEnterprise), total, totalCapped: capped, page, pageSize };
}

const enterpriseNotFound = () => notFound('企业', 'Enterprise');

export async function getEnterprise(ctx: Ctx, id: string) {
  requirePermission(ctx, 'registry:read');
  const row = await repo.getEnterprise(ctx, id);
  if (!row) throw enterpriseNotFound();
  return presentEnterprise(row);
}

export async function createEnterprise(ctx: Ctx, input: EnterpriseInput) {
  requirePermission(ctx, 'registry:write');
  if (ctx.actor.enterpriseId) throw forbidden();
  const issues: Issue[] = [];
  const values = normalizeEnterprise(input, await orgRefs(ctx.deps), apiField, issues);
  throwIfIssues(issues);
  assertCanPlace(ctx, values.jurisdiction_code, 'body.townCode');
  const now = ctx.deps.clock.now();
  const id = v7();
  const view = await ctx.deps.db
    .transaction()
    .execute(async (trx) => {
      if (await repo.creditCodeTaken(trx, values.credit_code)) throw creditCodeConflict(values.credit_code);
      await repo.insertEnterprises(trx, [{ ...values, id, version: 1, created_at: now, created_by: ctx.actor.id, updated_at: now, updated_by: ctx.actor.id }]);
      const row = await repo.lockEnterprise(trx, id);
      const after = presentEnterprise(row as repo.EnterpriseRow);
      await repo.insertHistory(trx, [historyRow(ctx, 'enterprise', id, 1, 'create', null, after)]);
      await audit(trx, ctx, { action: 'enterprise.create', resourceType: 'enterprise', resourceId: id, after });
      return after;
    })
    .catch((e) => {
      throw uniqueViolation(e, 'credit_code') ? creditCodeConflict(values.credit_code) : e;
    });
  return view;
}

const creditCodeConflict = (code: string) =>
  new AppError('CREDIT_CODE_TAKEN', 409, `统一社会信用代码 ${code} 已登记`, `Credit code ${code} is already registered`, [
    { field: 'body.creditCode', message: '该信用代码已登记', messageEn: 'is already registered' },
  ]);
const versionConflict = (current: number) =>
  new AppError(
    'VERSION_CONFLICT',
    409,
    `记录已被他人修改（当前版本 ${current}），请刷新后重试`,
    `The record was changed by someone else (now version ${current}); reload and retry`,
    [{ field: 'body.version', message: '版本已过期', messageEn: 'is stale' }],
  );

export async function updateEnterprise(ctx: Ctx, id: string, input: EnterpriseUpdateInput) {
  requirePermission(ctx, 'registry:write');
  const { version, ...fields } = input;
  const issues: Issue[] = [];
  const values = normalizeEnterprise(fields, await orgRefs(ctx.deps), apiField, issues);
  throwIfIssues(issues);
  const result = await ctx.deps.db
    .transaction()
    .execute(async (trx) => {
      const current = await repo.lockEnterprise(trx, id);
      assertInScope(ctx, current && { jurisdiction_code: current.jurisdiction_code, enterprise_id: current.id }, enterpriseNotFound);
      if (current.version !== version) throw versionConflict(current.version);
      if (values.jurisdiction_code !== current.jurisdiction_code) assertCanPlace(ctx, values.jurisdiction_code, 'body.townCode');
      if (values.credit_code !== current.credit_code && (await repo.creditCodeTaken(trx, values.credit_code, id))) throw creditCodeConflict(values.credit_code);
      const before = presentEnterprise(current);
      const candidate = presentEnterprise({ ...current, ...values } as repo.EnterpriseRow);
      if (changedKeys(before, candidate).length === 0) return { view: before, changed: false };
      const now = ctx.deps.clock.now();
      await repo.updateEnterprise(trx, id, { ...(values as Updateable<EnterprisesTable>), version: version + 1, updated_at: now, updated_by: ctx.actor.id });
      const after = presentEnterprise((await repo.lockEnterprise(trx, id)) as repo.EnterpriseRow);
      await repo.insertHistory(trx, [historyRow(ctx, 'enterprise', id, after.version, 'update', before, after)]);
      await audit(trx, ctx, { action: 'enterprise.update', resourceType: 'enterprise', resourceId: id, before, after });
      return { view: after, changed: true };
    })
    .catch((e) => {
      throw uniqueViolation(e, 'credit_code') ? creditCodeConflict(values.credit_code) : e;
    });
  return result.view;
}

function presentHistory(rows: Awaited<ReturnType<typeof repo.listHistory>>) {
  return rows.map((h) => ({
    version: h.version,
    action: h.action,
    changed: h.changed,
    before: h.before as Record<string, unknown> | null,
    after: h.after as Record<string, unknown>,
    at: iso(h.at),
    byName: h.by_name,
  }));
}

export async function enterpriseHistory(ctx: Ctx, id: string) {
  await getEnterprise(ctx, id);
  return presentHistory(await repo.listHistory(ctx.deps.db, 'enterprise', id));
}

export async function enterpriseParks(ctx: Ctx, id: string) {
  await getEnterprise(ctx, id);
  const { asTenant, asLandlord } = await repo.parksOfEnterprise(ctx.deps.db, id);
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

export async function enterpriseStats(ctx: Ctx) {
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

// ── parks and tenants ───────────────────────────────────────────────────────────────────────────────
export function presentPark(r: repo.ParkRow & { landlord_name?: string | null; tenant_count?: number | null; signed_count?: number | null }) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    jurisdictionCode: r.jurisdiction_code,
    townCode: r.jurisdiction_code.slice(0, 9),
    villageCode: r.jurisdiction_code.length > 9 ? r.jurisdiction_code : null,
    landlordId: r.landlord_id,
    landlordName: r.landlord_name ?? null,
    safetyStaffCount: r.safety_staff_count,
    standardized: r.standardized,
    standardizedAt: r.standardized_at,
    insured: r.insured,
    tenantCount: r.tenant_count === undefined ? undefined : Number(r.tenant_count ?? 0),
    agreementsSigned: r.signed_count === undefined ? undefined : Number(r.signed_count ?? 0),
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export type ParkValues = Omit<Insertable<ParksTable>, 'id' | 'version' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by'>;

export function normalizePark(input: ParkInput, refs: OrgRefs, name: FieldNamer, issues: Issue[]): ParkValues {
  const jurisdiction = checkPlace(refs, input.townCode, input.villageCode, name, issues);
  checkCoords(input.lon, input.lat, name, issues);
  if (input.standardizedAt && input.standardized === false) {
    issues.push({ field: name('standardizedAt'), message: '未达标的园区不应填写达标日期', messageEn: 'only for standardized parks' });
  }
  return {
    name: input.name.trim(),
    kind: input.kind ?? 'micro',
    address: input.address?.trim() || null,
    lon: input.lon ?? null,
    lat: input.lat ?? null,
    jurisdiction_code: jurisdiction,
    landlord_id: input.landlordId ?? null,
    safety_staff_count: input.safetyStaffCount ?? 0,
    standardized: input.standardized ?? false,
    standardized_at: input.standardizedAt ?? null,
    insured: input.insured ?? false,
  };
}

const parkNotFound = () => notFound('园区', 'Park');
const parkNameConflict = (name: string) =>
  new AppError('PARK_NAME_TAKEN', 409, `本镇街已有名为“${name}”的园区`, `A park named "${name}" already exists in this town`, [
    { field: 'body.name', message: '本镇街已有同名园区', messageEn: 'already exists in this town' },
  ]);

/** The landlord may be registered in another town than the park (a company owning property elsewhere), if the writer covers both. */
async function checkLandlord(ctx: Ctx, trx: Tx, landlordId: string | null | undefined) {
  if (landlordId) await requireVisible(ctx, 'enterprises', landlordId, 'body.landlordId', { db: trx });
}

export async function listParks(ctx: Ctx, input: ParkListInput) {
  requirePermission(ctx, 'registry:read');
  const { page = 1, pageSize = 20, ...filters } = input;
  const { rows, total, capped } = await repo.listParks(ctx, filters, { page, pageSize });
  return { items: rows.map((r) => presentPark(r as never)), total, totalCapped: capped, page, pageSize };
}

export async function getPark(ctx: Ctx, id: string) {
  requirePermission(ctx, 'registry:read');
  const row = await repo.getPark(ctx, id);
  if (!row) throw parkNotFound();
  const landlord = row.landlord_id
    ? await ctx.deps.db.selectFrom('enterprises').select(['id', 'name', 'credit_code']).where('id', '=', row.landlord_id).executeTakeFirst()
    : undefined;
  const tenants = await repo.parkTenants(ctx.deps.db, id);
  return {
    ...presentPark({ ...row, landlord_name: landlord?.name ?? null }),
    landlordCreditCode: landlord?.credit_code ?? null,
    tenants: tenants.map((t) => ({
      enterpriseId: t.enterprise_id,
      name: t.name,
      creditCode: t.credit_code,
      riskGrade: t.risk_grade,
      categories: t.categories,
      relation: t.relation,
      agreementSigned: t.agreement_signed,
      agreementSignedAt: t.agreement_signed_at,
      agreementExpiresAt: t.agreement_expires_at,
      agreementFileId: t.agreement_file_id,
      movedInAt: t.moved_in_at,
      movedOutAt: t.moved_out_at,
    })),
  };
}

export async function createPark(ctx: Ctx, input: ParkInput) {
  requirePermission(ctx, 'registry:write');
  if (ctx.actor.enterpriseId) throw forbidden();
  const issues: Issue[] = [];
  const values = normalizePark(input, await orgRefs(ctx.deps), apiField, issues);
  throwIfIssues(issues);
  assertCanPlace(ctx, values.jurisdiction_code, 'body.townCode');
  const id = v7();
  const now = ctx.deps.clock.now();
  const view = await ctx.deps.db
    .transaction()
    .execute(async (trx) => {
      await checkLandlord(ctx, trx, values.landlord_id);
      if (await repo.parkNameTaken(trx, input.townCode, values.name)) throw parkNameConflict(values.name);
      await trx
        .insertInto('parks')
        .values({ ...values, id, version: 1, created_at: now, created_by: ctx.actor.id, updated_at: now, updated_by: ctx.actor.id })
        .execute();
      const after = presentPark((await repo.lockPark(trx, id)) as repo.ParkRow);
      await repo.insertHistory(trx, [historyRow(ctx, 'park', id, 1, 'create', null, after)]);
      await audit(trx, ctx, { action: 'park.create', resourceType: 'park', resourceId: id, after });
      return after;
    })
    .catch((e) => {
      throw uniqueViolation(e, 'parks_town_name') ? parkNameConflict(values.name) : e;
    });
  return view;
}

export async function updatePark(ctx: Ctx, id: string, input: ParkUpdateInput) {
  requirePermission(ctx, 'registry:write');
  const { version, ...fields } = input;
  const issues: Issue[] = [];
  const values = normalizePark(fields, await orgRefs(ctx.deps), apiField, issues);
  throwIfIssues(issues);
  return ctx.deps.db
    .transaction()
    .execute(async (trx) => {
      const current = await repo.lockPark(trx, id);
      assertInScope(ctx, current && { jurisdiction_code: current.jurisdiction_code, enterprise_id: current.landlord_id }, parkNotFound);
      if (current.version !== version) throw versionConflict(current.version);
      if (values.jurisdiction_code !== current.jurisdiction_code) assertCanPlace(ctx, values.jurisdiction_code, 'body.townCode');
      if (values.landlord_id !== current.landlord_id) {
        if (ctx.actor.enterpriseId) throw fieldError('body.landlordId', '园区管理方不能更换出租方', 'a park operator cannot change the landlord');
        await checkLandlord(ctx, trx, values.landlord_id);
      }
      if (await repo.parkNameTaken(trx, fields.townCode, values.name, id)) throw parkNameConflict(values.name);
      const before = presentPark(current);
      if (changedKeys(before, presentPark({ ...current, ...values } as repo.ParkRow)).length === 0) return before;
      await trx
        .updateTable('parks')
        .set({ ...values, version: version + 1, updated_at: ctx.deps.clock.now(), updated_by: ctx.actor.id })
        .where('id', '=', id)
        .execute();
      const after = presentPark((await repo.lockPark(trx, id)) as repo.ParkRow);
      await repo.insertHistory(trx, [historyRow(ctx, 'park', id, after.version, 'update', before, after)]);
      await audit(trx, ctx, { action: 'park.update', resourceType: 'park', resourceId: id, before, after });
      return after;
    })
    .catch((e) => {
      throw uniqueViolation(e, 'parks_town_name') ? parkNameConflict(values.name) : e;
    });
}

export async function parkHistory(ctx: Ctx, id: string) {
  requirePermission(ctx, 'registry:read');
  if (!(await repo.getPark(ctx, id))) throw parkNotFound();
  return presentHistory(await repo.listHistory(ctx.deps.db, 'park', id));
}

/** Add a tenant to a park, or change its tenancy and safety-management agreement. */
export async function upsertTenant(ctx: Ctx, parkId: string, enterpriseId: string, input: TenantInput) {
  requirePermission(ctx, 'registry:write');
  const issues: Issue[] = [];
  if (input.agreementSigned && !input.agreementSignedAt)
    issues.push({ field: 'body.agreementSignedAt', message: '已签订协议须填写签订日期', messageEn: 'is required when signed' });
  checkDateOrder(input.agreementSignedAt, input.agreementExpiresAt, 'agreementExpiresAt', apiField, issues, '协议到期日不能早于签订日期');
  checkDateOrder(input.movedInAt, input.movedOutAt, 'movedOutAt', apiField, issues, '迁出日期不能早于入驻日期');
  throwIfIssues(issues);
  return ctx.deps.db.transaction().execute(async (trx) => {
    const park = await repo.lockPark(trx, parkId);
    assertInScope(ctx, park && { jurisdiction_code: park.jurisdiction_code, enterprise_id: park.landlord_id }, parkNotFound);
    const before = await trx.selectFrom('park_tenants').selectAll().where('park_id', '=', parkId).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
    // A park operator (confined to the landlord) keeps its existing tenancies up to date; bringing in an
    // enterprise it cannot see is the town's job. A tenant sits in the park, so it is supervised by the park's town.
    if (!(before && ctx.actor.enterpriseId)) {
      const tenant = await requireVisible(ctx, 'enterprises', enterpriseId, 'params.enterpriseId', { db: trx, notFound: enterpriseNotFound });
      if (tenant.id === park.landlord_id) throw fieldError('params.enterpriseId', '出租方本身不能作为租户', 'the landlord cannot be its own tenant');
      if (tenant.jurisdictionCode.slice(0, 9) !== park.jurisdiction_code.slice(0, 9))
        throw fieldError('params.enterpriseId', '租户企业须与园区属同一镇街', 'must be registered in the park’s town');
    }
    if (input.agreementFileId) await requireVisible(ctx, 'files', input.agreementFileId, 'body.agreementFileId', { db: trx });
    const values = {
      relation: input.relation ?? before?.relation ?? 'multi_tenant',
      agreement_signed: input.agreementSigned ?? false,
      agreement_signed_at: input.agreementSignedAt ?? null,
      agreement_expires_at: input.agreementExpiresAt ?? null,
      agreement_file_id: input.agreementFileId ?? null,
      moved_in_at: input.movedInAt ?? null,
      moved_out_at: input.movedOutAt ?? null,
    };
    await trx
      .insertInto('park_tenants')
      .values({ park_id: parkId, enterprise_id: enterpriseId, ...values })
      .onConflict((oc) => oc.columns(['park_id', 'enterprise_id']).doUpdateSet(values))
      .execute();
    const key = `${parkId}:${enterpriseId}`;
    const prior = await trx
      .selectFrom('registry_history')
      .select('version')
      .where('entity_type', '=', 'tenant')
      .where('entity_id', '=', key)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const after = { parkId, enterpriseId, ...values };
    await repo.insertHistory(trx, [
      historyRow(ctx, 'tenant', key, (prior?.version ?? 0) + 1, before ? 'update' : 'create', before ? { parkId, enterpriseId, ...before } : null, after),
    ]);
    await audit(trx, ctx, {
      action: before ? 'park.tenant.update' : 'park.tenant.add',
      resourceType: 'park',
      resourceId: parkId,
      before: before ?? null,
      after,
    });
    return after;
  });
}

export async function parkStats(ctx: Ctx) {
  requirePermission(ctx, 'registry:read');
  const { rows, tenants } = await repo.parkStats(ctx);
  const total = rows.reduce((s, r) => s + Number(r.total), 0);
  const standardized = rows.reduce((s, r) => s + Number(r.standardized), 0);
  const insured = rows.reduce((s, r) => s + Number(r.insured), 0);
  const towns = new Map(HAISHU_TOWNS.map((t) => [t.code, t.name]));
  return {
    total,
    standardized,
    insured,
    standardizationRate: total ? standardized / total : 0,
    goal: PARK_STANDARDIZATION_GOAL,
    tenants: Number(tenants.total),
    agreementsSigned: Number(tenants.signed),
    byTown: rows
      .map((r) => ({
        code: r.town,
        name: towns.get(r.town) ?? r.town,
        total: Number(r.total),
        standardized: Number(r.standardized),
        insured: Number(r.insured),
        rate: Number(r.total) ? Number(r.standardized) / Number(r.total) : 0,
      }))
      .sort((a, b) => b.total - a.total),
  };
}

// ── insurance ───────────────────────────────────────────────────────────────────────────────────────
type InsuranceRow = Awaited<ReturnType<typeof loadInsurance>>;
const loadInsurance = (db: Tx, id: string) => db.selectFrom('insurance_policies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

export function presentInsurance(r: InsuranceRow) {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    parkId: r.park_id,
    kind: r.kind,
    insurer: r.insurer,
    policyNo: r.policy_no,
    premiumFen: Number(r.premium_fen),
    discountPct: Number(r.discount_pct),
    coverageFen: Number(r.coverage_fen),
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    services: r.services,
    version: r.version,
    updatedAt: iso(r.updated_at),
  };
}

export async function listInsurance(ctx: Ctx, q: { enterpriseId?: string; parkId?: string }) {
  requirePermission(ctx, 'registry:read');
  let query = repo.scopedInsurance(ctx).selectAll();
  if (q.enterpriseId) query = query.where('insurance_policies.enterprise_id', '=', q.enterpriseId);
  if (q.parkId) query = query.where('insurance_policies.park_id', '=', q.parkId);
  const rows = await query.orderBy('insurance_policies.ends_on', 'desc').limit(500).execute();
  return rows.map(presentInsurance);
}

const policyNoConflict = () =>
  new AppError('POLICY_NO_TAKEN', 409, '该保险公司的保单号已登记', 'This insurer policy number is already registered', [
    { field: 'body.policyNo', message: '保单号已登记', messageEn: 'is already registered' },
  ]);

async function insuranceTarget(ctx: Ctx, input: InsuranceInput): Promise<string> {
  if (!input.enterpriseId === !input.parkId)
    throw fieldError('body.enterpriseId', '须且只能指定一个投保对象（企业或园区）', 'exactly one of enterpriseId and parkId');
  if (input.endsOn < input.startsOn) throw fieldError('body.endsOn', '保险止期不能早于起期', 'must not be before startsOn');
  // The policy is filed where its insured party is, so it is consistent with it by construction.
  if (input.enterpriseId) return (await requireVisible(ctx, 'enterprises', input.enterpriseId, 'body.enterpriseId')).jurisdictionCode;
  return (await requireVisible(ctx, 'parks', input.parkId as string, 'body.parkId')).jurisdictionCode;
}

function insuranceValues(input: InsuranceInput) {
  return {
    enterprise_id: input.enterpriseId ?? null,
    park_id: input.parkId ?? null,
    kind: input.kind,
    insurer: input.insurer.trim(),
    policy_no: input.policyNo.trim(),
    premium_fen: input.premiumFen ?? 0,
    discount_pct: input.discountPct ?? 0,
    coverage_fen: input.coverageFen ?? 0,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    services: input.services?.trim() || null,
  };
}

export async function createInsurance(ctx: Ctx, input: InsuranceInput) {
  requirePermission(ctx, 'registry:write');
  const jurisdiction = await insuranceTarget(ctx, input);
  const id = v7();
  const now = ctx.deps.clock.now();
  return ctx.deps.db
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto('insurance_policies')
        .values({
          id,
          ...insuranceValues(input),
          jurisdiction_code: jurisdiction,
          created_at: now,
          created_by: ctx.actor.id,
          updated_at: now,
          updated_by: ctx.actor.id,
        })
        .execute();
      const after = presentInsurance(await loadInsurance(trx, id));
      await repo.insertHistory(trx, [historyRow(ctx, 'insurance', id, 1, 'create', null, after)]);
      await audit(trx, ctx, { action: 'insurance.create', resourceType: 'insurance_policy', resourceId: id, after });
      return after;
    })
    .catch((e) => {
      throw uniqueViolation(e) ? policyNoConflict() : e;
    });
}

export async function updateInsurance(ctx: Ctx, id: string, input: InsuranceInput & { version: number }) {
  requirePermission(ctx, 'registry:write');
  const { version, ...fields } = input;
  const jurisdiction = await insuranceTarget(ctx, fields);
  return ctx.deps.db
    .transaction()
    .execute(async (trx) => {
      const current = await trx.selectFrom('insurance_policies').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      assertInScope(ctx, current, () => notFound('保单', 'Insurance policy'));
      if (current.version !== version) throw versionConflict(current.version);
      const before = presentInsurance(current);
      await trx
        .updateTable('insurance_policies')
        .set({ ...insuranceValues(fields), jurisdiction_code: jurisdiction, version: version + 1, updated_at: ctx.deps.clock.now(), updated_by: ctx.actor.id })
        .where('id', '=', id)
        .execute();
      const after = presentInsurance(await loadInsurance(trx, id));
      await repo.insertHistory(trx, [historyRow(ctx, 'insurance', id, after.version, 'update', before, after)]);
      await audit(trx, ctx, { action: 'insurance.update', resourceType: 'insurance_policy', resourceId: id, before, after });
      return after;
    })
    .catch((e) => {
      throw uniqueViolation(e) ? policyNoConflict() : e;
    });
}

// ── LEC policy (versioned data) ─────────────────────────────────────────────────────────────────────
export async function lecPolicy(db: Tx, at: Date): Promise<{ version: number; thresholds: LecThresholds; effectiveFrom: string }> {
  const row = await repo.currentPolicy(db, 'lec_thresholds', at);
  if (!row) return { version: 0, thresholds: DEFAULT_LEC_THRESHOLDS, effectiveFrom: new Date(0).toISOString() };
  return { version: row.version, thresholds: row.value as unknown as LecThresholds, effectiveFrom: iso(row.effective_from) };
}

export async function getLecPolicy(ctx: Ctx) {
  requirePermission(ctx, 'registry:read');
  const current = await lecPolicy(ctx.deps.db, ctx.deps.clock.now());
  const versions = await ctx.deps.db
    .selectFrom('registry_policies')
    .select(['version', 'value', 'effective_from', 'note', 'created_at'])
    .where('key', '=', 'lec_thresholds')
    .orderBy('version', 'desc')
    .execute();
  return {
    current,
    versions: versions.map((v) => ({
      version: v.version,
      thresholds: v.value as unknown as LecThresholds,
      effectiveFrom: iso(v.effective_from),
      note: v.note,
    })),
  };
}

/** A new version of the LEC bands (district administrators and bureau staff at district level). */
export async function createLecPolicy(ctx: Ctx, input: LecPolicyInput) {
  requirePermission(ctx, 'registry:write');
  if (!ctx.actor.jurisdictions.includes(DISTRICT_CODE) || ctx.actor.enterpriseId) throw forbidden();
  if (!(input.red > input.orange)) throw fieldError('body.orange', '较大风险下限须小于重大风险阈值', 'must be below red');
  if (!(input.orange > input.yellow)) throw fieldError('body.yellow', '一般风险下限须小于较大风险下限', 'must be below orange');
  const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : ctx.deps.clock.now();
  return ctx.deps.db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('registry_policies')
      .select('version')
      .where('key', '=', 'lec_thresholds')
      .orderBy('version', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    const version = (last?.version ?? 0) + 1;
    const value = { red: input.red, orange: input.orange, yellow: input.yellow };
    await trx
      .insertInto('registry_policies')
      .values({
        key: 'lec_thresholds',
        version,
        value: JSON.stringify(value),
        effective_from: effectiveFrom,
        note: input.note ?? null,
        created_by: ctx.actor.id,
      })
      .execute();
    await audit(trx, ctx, {
      action: 'registry.policy.lec',
      resourceType: 'registry_policy',
      resourceId: `lec_thresholds:${version}`,
      after: { version, ...value, effectiveFrom },
    });
    return { version, thresholds: value, effectiveFrom: effectiveFrom.toISOString() };
  });
}

// ── risk points ─────────────────────────────────────────────────────────────────────────────────────
type RiskRowWithName = repo.RiskPointRow & { enterprise_name?: string };
export function presentRiskPoint(r: RiskRowWithName) {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name ?? null,
    jurisdictionCode: r.jurisdiction_code,
    name: r.name,
    area: r.area,
    hazardSource: r.hazard_source,
    accidentType: r.accident_type,
    lecL: Number(r.lec_l),
    lecE: Number(r.lec_e),
    lecC: Number(r.lec_c),
    lecD: Number(r.lec_d),
    grade: r.grade,
    policyVersion: r.policy_version,
    controlMeasures: r.control_measures,
    controlTier: r.control_tier,
    ownerName: r.owner_name,
    ownerPhone: r.owner_phone,
    reviewCycleDays: r.review_cycle_days,
    lastReviewedOn: r.last_reviewed_on,
    nextReviewOn: r.next_review_on,
    lon: r.lon,
    lat: r.lat,
    status: r.status,
    version: r.version,
    updatedAt: iso(r.updated_at),
  };
}

export type RiskValues = Omit<
  Insertable<RiskPointsTable>,
  'id' | 'enterprise_id' | 'jurisdiction_code' | 'version' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by'
>;

/** Check a risk point and score it: D = L × E × C, coloured by the policy version in force. */
export function normalizeRiskPoint(
  input: Omit<RiskPointInput, 'enterpriseId'>,
  policy: { version: number; thresholds: LecThresholds },
  todayStr: string,
  name: FieldNamer,
  issues: Issue[],
): RiskValues {
  checkLec(input.lecL, input.lecE, input.lecC, name, issues);
  checkPhone(input.ownerPhone, 'ownerPhone', name, issues);
  checkCoords(input.lon, input.lat, name, issues);
  if (input.lastReviewedOn && input.lastReviewedOn > todayStr)
    issues.push({ field: name('lastReviewedOn'), message: '上次复核日期不能晚于今天', messageEn: 'must not be in the future' });
  const d = lecScore(input.lecL, input.lecE, input.lecC);
  const grade = lecGrade(d, policy.thresholds);
  const last = input.lastReviewedOn ?? null;
  return {
    name: input.name.trim(),
    area: input.area.trim(),
    hazard_source: input.hazardSource?.trim() || null,
    accident_type: input.accidentType,
    lec_l: input.lecL,
    lec_e: input.lecE,
    lec_c: input.lecC,
    lec_d: d,
    grade,
    policy_version: policy.version,
    control_measures: input.controlMeasures?.trim() || null,
    control_tier: input.controlTier ?? DEFAULT_TIER[grade],
    owner_name: input.ownerName.trim(),
    owner_phone: input.ownerPhone || null,
    review_cycle_days: input.reviewCycleDays,
    last_reviewed_on: last,
    next_review_on: addDays(last ?? todayStr, input.reviewCycleDays),
    lon: input.lon ?? null,
    lat: input.lat ?? null,
  };
}

/** The reminder fires at 09:00 Beijing time on the due date (or at once if that has passed). */
export const reviewRunAt = (dueOn: string) => new Date(`${dueOn}T09:00:00+08:00`);

export async function scheduleReview(trx: Tx, id: string, dueOn: string) {
  await enqueueJob(trx, { kind: RISK_REVIEW_JOB, runAt: reviewRunAt(dueOn), payload: { riskPointId: id, dueOn }, dedupKey: reviewJobKey(id) });
}

const riskNotFound = () => notFound('风险点', 'Risk point');
const riskNameConflict = () =>
  new AppError('RISK_POINT_NAME_TAKEN', 409, '该企业已有同名风险点', 'The enterprise already has a risk point with this name', [
    { field: 'body.name', message: '该企业已有同名风险点', messageEn: 'already exists for this enterprise' },
  ]);

export async function listRiskPoints(ctx: Ctx, input: RiskPointListInput) {
  requirePermission(ctx, 'registry:read');
  const { page = 1, pageSize = 20, ...filters } = input;
  const { rows, total, capped } = await repo.listRiskPoints(ctx, filters, { page, pageSize, today: today(ctx) });
  return { items: rows.map((r) => presentRiskPoint(r as RiskRowWithName)), total, totalCapped: capped, page, pageSize };
}

export async function getRiskPoint(ctx: Ctx, id: string) {
  requirePermission(ctx, 'registry:read');
  const row = await repo.getRiskPoint(ctx, id);
  if (!row) throw riskNotFound();
  return presentRiskPoint(row as RiskRowWithName);
}

export async function createRiskPoint(ctx: Ctx, input: RiskPointInput) {
  requirePermission(ctx, 'registry:write');
  await requireVisible(ctx, 'enterprises', input.enterpriseId, 'body.enterpriseId');
  const enterprise = (await repo.getEnterprise(ctx, input.enterpriseId)) as repo.EnterpriseRow;
  const now = ctx.deps.clock.now();
  const policy = await lecPolicy(ctx.deps.db, now);
  const issues: Issue[] = [];
  const { enterpriseId, ...fields } = input;
  const values = normalizeRiskPoint(fields, policy, today(ctx), apiField, issues);
  throwIfIssues(issues);
  const id = v7();
  return ctx.deps.db
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto('risk_points')
        .values({
          ...values,
          id,
          enterprise_id: enterpriseId,
          jurisdiction_code: enterprise.jurisdiction_code,
          created_at: now,
          created_by: ctx.actor.id,
          updated_at: now,
          updated_by: ctx.actor.id,
        })
        .execute();
      await scheduleReview(trx, id, values.next_review_on);
      const after = presentRiskPoint({ ...((await repo.lockRiskPoint(trx, id)) as repo.RiskPointRow), enterprise_name: enterprise.name });
      await repo.insertHistory(trx, [historyRow(ctx, 'risk_point', id, 1, 'create', null, after)]);
      await audit(trx, ctx, { action: 'risk_point.create', resourceType: 'risk_point', resourceId: id, after });
      return after;
    })
    .catch((e) => {
      throw uniqueViolation(e) ? riskNameConflict() : e;
    });
}

export async function updateRiskPoint(ctx: Ctx, id: string, input: RiskPointUpdateInput) {
  requirePermission(ctx, 'registry:write');
  const { version, status, ...fields } = input;
  const now = ctx.deps.clock.now();
  const policy = await lecPolicy(ctx.deps.db, now);
  const issues: Issue[] = [];
  const values = normalizeRiskPoint(fields, policy, today(ctx), apiField, issues);
  throwIfIssues(issues);
  return ctx.deps.db
    .transaction()
    .execute(async (trx) => {
      const current = await repo.lockRiskPoint(trx, id);
      assertInScope(ctx, current, riskNotFound);
      if (current.version !== version) throw versionConflict(current.version);
      const before = presentRiskPoint(current);
      const nextStatus = status ?? current.status;
      await trx
        .updateTable('risk_points')
        .set({ ...values, status: nextStatus, version: version + 1, updated_at: now, updated_by: ctx.actor.id })
        .where('id', '=', id)
        .execute();
      if (nextStatus === 'retired') {
        await cancelJob(trx, reviewJobKey(id));
        await trx.updateTable('risk_review_reminders').set({ resolved_at: now }).where('risk_point_id', '=', id).where('resolved_at', 'is', null).execute();
      } else if (values.next_review_on !== current.next_review_on || current.status === 'retired') {
        await scheduleReview(trx, id, values.next_review_on);
      }
      const after = presentRiskPoint((await repo.lockRiskPoint(trx, id)) as repo.RiskPointRow);
      await repo.insertHistory(trx, [historyRow(ctx, 'risk_point', id, after.version, 'update', before, after)]);
      await audit(trx, ctx, { action: 'risk_point.update', resourceType: 'risk_point', resourceId: id, before, after });
      return after;
    })
    .catch((e) => {
      throw uniqueViolation(e) ? riskNameConflict() : e;
    });
}

/** Record a periodic review: optionally re-score, move the next due date, clear open reminders. */
export async function reviewRiskPoint(ctx: Ctx, id: string, input: RiskPointReviewInput) {
  requirePermission(ctx, 'registry:write');
  const now = ctx.deps.clock.now();
  const todayStr = today(ctx);
  const reviewedOn = input.reviewedOn ?? todayStr;
  if (reviewedOn > todayStr) throw fieldError('body.reviewedOn', '复核日期不能晚于今天', 'must not be in the future');
  const policy = await lecPolicy(ctx.deps.db, now);
  return ctx.deps.db.transaction().execute(async (trx) => {
    const current = await repo.lockRiskPoint(trx, id);
    assertInScope(ctx, current, riskNotFound);
    if (current.status === 'retired') throw conflict('RISK_POINT_RETIRED', '风险点已停用，不能复核', 'The risk point is retired');
    const l = input.lecL ?? Number(current.lec_l);
    const e = input.lecE ?? Number(current.lec_e);
    const c = input.lecC ?? Number(current.lec_c);
    const issues: Issue[] = [];
    checkLec(l, e, c, apiField, issues);
    throwIfIssues(issues);
    const d = lecScore(l, e, c);
    const before = presentRiskPoint(current);
    const next = addDays(reviewedOn, current.review_cycle_days);
    await trx
      .updateTable('risk_points')
      .set({
        lec_l: l,
        lec_e: e,
        lec_c: c,
        lec_d: d,
        grade: lecGrade(d, policy.thresholds),
        policy_version: policy.version,
        control_measures: input.controlMeasures === undefined ? current.control_measures : input.controlMeasures,
        last_reviewed_on: reviewedOn,
        next_review_on: next,
        version: current.version + 1,
        updated_at: now,
        updated_by: ctx.actor.id,
      })
      .where('id', '=', id)
      .execute();
    await trx.updateTable('risk_review_reminders').set({ resolved_at: now }).where('risk_point_id', '=', id).where('resolved_at', 'is', null).execute();
    await scheduleReview(trx, id, next);
    const after = presentRiskPoint((await repo.lockRiskPoint(trx, id)) as repo.RiskPointRow);
    await repo.insertHistory(trx, [historyRow(ctx, 'risk_point', id, after.version, 'update', before, after)]);
    await audit(trx, ctx, { action: 'risk_point.review', resourceType: 'risk_point', resourceId: id, before, after });
    return after;
  });
}

export async function riskPointHistory(ctx: Ctx, id: string) {
  await getRiskPoint(ctx, id);
  return presentHistory(await repo.listHistory(ctx.deps.db, 'risk_point', id));
}

export async function riskStats(ctx: Ctx) {
  requirePermission(ctx, 'registry:read');
  const rows = await repo.riskGradeCounts(ctx, today(ctx));
  return Object.fromEntries(
    RISK_GRADES.map((g) => {
      const r = rows.find((x) => x.grade === g);
      return [g, { count: Number(r?.n ?? 0), reviewDue: Number(r?.due ?? 0) }];
    }),
  );
}

/** Open "review due" reminders in the caller's scope. */
export async function listReminders(ctx: Ctx) {
  requirePermission(ctx, 'registry:read');
  const rows = await ctx.deps.db
    .selectFrom('risk_review_reminders as r')
    .innerJoin('risk_points', 'risk_points.id', 'r.risk_point_id')
    .innerJoin('enterprises', 'enterprises.id', 'r.enterprise_id')
    .select([
      'r.id',
      'r.risk_point_id',
      'r.due_on',
      'r.created_at',
      'risk_points.name',
      'risk_points.grade',
      'enterprises.name as enterprise_name',
      'r.enterprise_id',
    ])
    .where(scopeWhere(ctx, { jurisdiction: 'r.jurisdiction_code', enterprise: 'r.enterprise_id' }) as never)
    .where('r.resolved_at', 'is', null)
    .orderBy('r.due_on')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    riskPointId: r.risk_point_id,
    riskPointName: r.name,
    grade: r.grade,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    dueOn: r.due_on,
    createdAt: iso(r.created_at),
  }));
}

// ── map ─────────────────────────────────────────────────────────────────────────────────────────────
const MAP_LIMIT = 5000;

export async function enterpriseMap(ctx: Ctx, filters: EnterpriseFilters) {
  requirePermission(ctx, 'registry:read');
  const rows = await repo.enterprisePoints(ctx, filters, today(ctx), MAP_LIMIT);
  return {
    truncated: rows.length > MAP_LIMIT,
    points: rows
      .slice(0, MAP_LIMIT)
      .map((r) => ({ id: r.id, name: r.name, lon: r.lon as number, lat: r.lat as number, grade: r.risk_grade, keyUnit: r.key_unit, categories: r.categories })),
  };
}

export async function parkMap(ctx: Ctx, filters: ParkFilters) {
  requirePermission(ctx, 'registry:read');
  const rows = await repo.parkPoints(ctx, filters, MAP_LIMIT);
  return {
    truncated: rows.length > MAP_LIMIT,
    points: rows.slice(0, MAP_LIMIT).map((r) => ({
      id: r.id,
      name: r.name,
      lon: r.lon as number,
      lat: r.lat as number,
      standardized: r.standardized,
      grade: r.worst ? RISK_GRADES[Number(r.worst) - 1] : null,
    })),
  };
}

export async function riskPointMap(ctx: Ctx, filters: RiskPointFilters) {
  requirePermission(ctx, 'registry:read');
  const rows = await repo.allRiskPoints(ctx, { status: 'active', ...filters }, today(ctx), MAP_LIMIT + 1);
  const points = rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      enterpriseName: r.enterprise_name,
      area: r.area,
      grade: r.grade,
      lecD: Number(r.lec_d),
      lon: (r.lon ?? r.e_lon) as number | null,
      lat: (r.lat ?? r.e_lat) as number | null,
    }))
    .filter((p) => p.lon !== null && p.lat !== null);
  return { truncated: rows.length > MAP_LIMIT, points: points.slice(0, MAP_LIMIT) };
}

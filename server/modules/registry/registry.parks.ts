// Parks (小微园区) and their tenants with the safety-management agreement; the standardisation overview.
import type { Insertable, Selectable } from 'kysely';
import { v7 } from 'uuid';
import type { HistoryEntry, PageOf, Park, ParkDetail, ParkListItem, ParkStats, Tenancy } from '../../../shared/registry.dto.ts';
import { HAISHU_TOWNS, PARK_STANDARDIZATION_GOAL } from '../../../shared/registry.ts';
import { assertInScope, requirePermission, requireVisible } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/sql.ts';
import {
  changedKeys,
  checkUpdate,
  firstVersion,
  historyRow,
  listHistory,
  newRecordValues,
  nextVersion,
  type RecordWrite,
  throwIfIssues,
  updateValues,
  writeRecord,
} from './registry.common.ts';
import { enterpriseNotFound } from './registry.enterprises.ts';
import * as repo from './registry.repo.ts';
import { apiField, checkCoords, checkDateOrder, checkPlace, type FieldNamer, type Issue, type OrgRefs } from './registry.rules.ts';
import type { ParkInput, ParkListInput, ParkUpdateInput, TenantInput } from './registry.schema.ts';
import type { ParksTable, ParkTenantsTable } from './registry.tables.ts';

export function presentPark(r: repo.ParkRow, landlordName: string | null): Park {
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
    landlordName,
    safetyStaffCount: r.safety_staff_count,
    standardized: r.standardized,
    standardizedAt: r.standardized_at,
    insured: r.insured,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export function presentParkListItem(r: repo.ParkListRow): ParkListItem {
  return { ...presentPark(r, r.landlord_name), tenantCount: Number(r.tenant_count ?? 0), agreementsSigned: Number(r.signed_count ?? 0) };
}

export function presentTenancy(r: Selectable<ParkTenantsTable>): Tenancy {
  return {
    parkId: r.park_id,
    enterpriseId: r.enterprise_id,
    relation: r.relation,
    agreementSigned: r.agreement_signed,
    agreementSignedAt: r.agreement_signed_at,
    agreementExpiresAt: r.agreement_expires_at,
    agreementFileId: r.agreement_file_id,
    movedInAt: r.moved_in_at,
    movedOutAt: r.moved_out_at,
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
async function checkLandlord(ctx: Ctx, landlordId: string | null | undefined) {
  if (landlordId) await requireVisible(ctx, 'enterprises', landlordId, 'body.landlordId');
}

/** The park just written, with its landlord's name, read back inside the same transaction. */
async function reread(ctx: Ctx, id: string): Promise<Park> {
  const row = await repo.lockPark(ctx.db, id);
  if (!row) throw parkNotFound();
  return presentPark(row, row.landlord_id ? ((await repo.enterpriseName(ctx.db, row.landlord_id))?.name ?? null) : null);
}

const parkWrite = (id: string, name: string): RecordWrite<Park> => ({
  entity: 'park',
  id,
  reread,
  unique: { constraint: 'parks_town_name', conflict: () => parkNameConflict(name) },
});

export async function listParks(ctx: Ctx, input: ParkListInput): Promise<PageOf<ParkListItem>> {
  requirePermission(ctx, 'registry:read');
  const { page = 1, pageSize = 20, sort, ...filters } = input;
  const { rows, total, capped } = await repo.listParks(ctx, filters, { page, pageSize, sort });
  return { items: rows.map(presentParkListItem), total, totalCapped: capped, page, pageSize };
}

export async function getPark(ctx: Ctx, id: string): Promise<ParkDetail> {
  requirePermission(ctx, 'registry:read');
  const row = await repo.getPark(ctx, id);
  if (!row) throw parkNotFound();
  const landlord = row.landlord_id ? await repo.enterpriseName(ctx.db, row.landlord_id) : undefined;
  const tenants = await repo.parkTenants(ctx.db, id);
  return {
    ...presentPark(row, landlord?.name ?? null),
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

export async function createPark(ctx: Ctx, input: ParkInput): Promise<Park> {
  requirePermission(ctx, 'registry:write');
  const values = await newRecordValues(ctx, normalizePark, input);
  const id = v7();
  const now = ctx.deps.clock.now();
  return writeRecord(ctx, parkWrite(id, values.name), async (c) => {
    await checkLandlord(c, values.landlord_id);
    if (await repo.parkNameTaken(c.db, input.townCode, values.name)) throw parkNameConflict(values.name);
    await repo.insertPark(c.db, { ...values, id, ...firstVersion(c, now) });
    return null;
  });
}

export async function updatePark(ctx: Ctx, id: string, input: ParkUpdateInput): Promise<Park> {
  requirePermission(ctx, 'registry:write');
  const { version, values } = await updateValues(ctx, normalizePark, input);
  return writeRecord(ctx, parkWrite(id, values.name), async (c) => {
    const current = checkUpdate(c, await repo.lockPark(c.db, id), { version, values }, (p) => p.landlord_id, parkNotFound);
    if (values.landlord_id !== current.landlord_id) {
      if (c.actor.enterpriseId) throw fieldError('body.landlordId', '园区管理方不能更换出租方', 'a park operator cannot change the landlord');
      await checkLandlord(c, values.landlord_id);
    }
    if (await repo.parkNameTaken(c.db, input.townCode, values.name, id)) throw parkNameConflict(values.name);
    const before = await reread(c, id);
    if (changedKeys(presentPark(current, null), presentPark({ ...current, ...values }, null)).length === 0) return { unchanged: before };
    await repo.updatePark(c.db, id, { ...values, ...nextVersion(c, version) });
    return before;
  });
}

export async function parkHistory(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
  requirePermission(ctx, 'registry:read');
  if (!(await repo.getPark(ctx, id))) throw parkNotFound();
  return listHistory(ctx, 'park', id);
}

/** Add a tenant to a park, or change its tenancy and safety-management agreement. */
export async function upsertTenant(ctx: Ctx, parkId: string, enterpriseId: string, input: TenantInput): Promise<Tenancy> {
  requirePermission(ctx, 'registry:write');
  const issues: Issue[] = [];
  if (input.agreementSigned && !input.agreementSignedAt)
    issues.push({ field: 'body.agreementSignedAt', message: '已签订协议须填写签订日期', messageEn: 'is required when signed' });
  checkDateOrder(input.agreementSignedAt, input.agreementExpiresAt, 'agreementExpiresAt', apiField, issues, '协议到期日不能早于签订日期');
  checkDateOrder(input.movedInAt, input.movedOutAt, 'movedOutAt', apiField, issues, '迁出日期不能早于入驻日期');
  throwIfIssues(issues);
  return withTx(ctx, async (c) => {
    const park = await repo.lockPark(c.db, parkId);
    assertInScope(c, park && { jurisdiction_code: park.jurisdiction_code, enterprise_id: park.landlord_id }, parkNotFound);
    const before = await repo.tenancy(c.db, parkId, enterpriseId);
    // A park operator (confined to the landlord) keeps its existing tenancies up to date; bringing in an
    // enterprise it cannot see is the town's job. A tenant sits in the park, so it is supervised by the park's town.
    if (!(before && c.actor.enterpriseId)) {
      const tenant = await requireVisible(c, 'enterprises', enterpriseId, 'params.enterpriseId', { notFound: enterpriseNotFound });
      if (tenant.id === park.landlord_id) throw fieldError('params.enterpriseId', '出租方本身不能作为租户', 'the landlord cannot be its own tenant');
      if (tenant.jurisdictionCode.slice(0, 9) !== park.jurisdiction_code.slice(0, 9))
        throw fieldError('params.enterpriseId', '租户企业须与园区属同一镇街', 'must be registered in the park’s town');
    }
    if (input.agreementFileId) await requireVisible(c, 'files', input.agreementFileId, 'body.agreementFileId');
    const values = {
      relation: input.relation ?? before?.relation ?? 'multi_tenant',
      agreement_signed: input.agreementSigned ?? false,
      agreement_signed_at: input.agreementSignedAt ?? null,
      agreement_expires_at: input.agreementExpiresAt ?? null,
      agreement_file_id: input.agreementFileId ?? null,
      moved_in_at: input.movedInAt ?? null,
      moved_out_at: input.movedOutAt ?? null,
    };
    await repo.upsertTenancy(c.db, parkId, enterpriseId, values);
    const key = `${parkId}:${enterpriseId}`;
    const prior = await repo.lastHistoryVersion(c.db, 'tenant', key);
    const after = presentTenancy({ park_id: parkId, enterprise_id: enterpriseId, ...values });
    const was = before ? presentTenancy(before) : null;
    await repo.insertHistory(c.db, [historyRow(c, 'tenant', key, prior + 1, before ? 'update' : 'create', was, after)]);
    await audit(c.db, c, { action: before ? 'park.tenant.update' : 'park.tenant.add', resourceType: 'park', resourceId: parkId, before: was, after });
    return after;
  });
}

export async function parkStats(ctx: Ctx): Promise<ParkStats> {
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

// Safety-liability and park insurance policies (安责险、园区保): filed where the insured enterprise or park is.
import { v7 } from 'uuid';
import type { InsurancePolicy } from '../../../shared/registry.dto.ts';
import { assertInScope, requirePermission, requireVisible } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/sql.ts';
import { firstVersion, nextVersion, type RecordWrite, versionConflict, writeRecord } from './registry.common.ts';
import * as repo from './registry.repo.ts';
import type { InsuranceInput, InsuranceListInput, InsuranceUpdateInput } from './registry.schema.ts';

export function presentInsurance(r: repo.InsuranceRow): InsurancePolicy {
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

const insuranceNotFound = () => notFound('保单', 'Insurance policy');
const policyNoConflict = () =>
  new AppError('POLICY_NO_TAKEN', 409, '该保险公司的保单号已登记', 'This insurer policy number is already registered', [
    { field: 'body.policyNo', message: '保单号已登记', messageEn: 'is already registered' },
  ]);

export async function listInsurance(ctx: Ctx, q: InsuranceListInput): Promise<InsurancePolicy[]> {
  requirePermission(ctx, 'registry:read');
  return (await repo.listInsurance(ctx, q, 500)).map(presentInsurance);
}

/** Where the policy is filed: its insured party's place, so it is consistent with it by construction. */
async function insuranceTarget(ctx: Ctx, input: InsuranceInput): Promise<string> {
  if (!input.enterpriseId === !input.parkId)
    throw fieldError('body.enterpriseId', '须且只能指定一个投保对象（企业或园区）', 'exactly one of enterpriseId and parkId');
  if (input.endsOn < input.startsOn) throw fieldError('body.endsOn', '保险止期不能早于起期', 'must not be before startsOn');
  if (input.enterpriseId) return (await requireVisible(ctx, 'enterprises', input.enterpriseId, 'body.enterpriseId')).jurisdictionCode;
  if (input.parkId) return (await requireVisible(ctx, 'parks', input.parkId, 'body.parkId')).jurisdictionCode;
  throw fieldError('body.enterpriseId', '须指定投保对象', 'is required');
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

async function reread(ctx: Ctx, id: string): Promise<InsurancePolicy> {
  const row = await repo.lockInsurance(ctx.db, id);
  if (!row) throw insuranceNotFound();
  return presentInsurance(row);
}

const insuranceWrite = (id: string): RecordWrite<InsurancePolicy> => ({ entity: 'insurance', id, reread, unique: { conflict: policyNoConflict } });

export async function createInsurance(ctx: Ctx, input: InsuranceInput): Promise<InsurancePolicy> {
  requirePermission(ctx, 'registry:write');
  const jurisdiction = await insuranceTarget(ctx, input);
  const id = v7();
  const now = ctx.deps.clock.now();
  return writeRecord(ctx, insuranceWrite(id), async (c) => {
    await repo.insertInsurance(c.db, {
      id,
      ...insuranceValues(input),
      jurisdiction_code: jurisdiction,
      ...firstVersion(c, now),
    });
    return null;
  });
}

export async function updateInsurance(ctx: Ctx, id: string, input: InsuranceUpdateInput): Promise<InsurancePolicy> {
  requirePermission(ctx, 'registry:write');
  const { version, ...fields } = input;
  const jurisdiction = await insuranceTarget(ctx, fields);
  return writeRecord(ctx, insuranceWrite(id), async (c) => {
    const current = await repo.lockInsurance(c.db, id);
    assertInScope(c, current, insuranceNotFound);
    if (current.version !== version) throw versionConflict(current.version);
    const before = presentInsurance(current);
    await repo.updateInsurance(c.db, id, {
      ...insuranceValues(fields),
      jurisdiction_code: jurisdiction,
      ...nextVersion(c, version),
    });
    return before;
  });
}

// Filing a case (立案申请): the case team (行政处罚法 §42: at least two officers with a valid 行政执法证), the
// parties with their proposed penalties, in state `filing` until the unit head approves (§54). The case is filed
// under its enterprise's place, or a place the caller covers.
import type { Static } from 'typebox';
import { v7 } from 'uuid';
import { requireJurisdiction, requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { nextNumber, yearOf } from '../../platform/documents/documents.ts';
import { requireOfficers } from '../../platform/enforcement/licences.ts';
import { fieldError } from '../../platform/errors.ts';
import { writeHistory } from '../../platform/history.ts';
import { DISTRICT_CODE } from '../../platform/orgs/orgs.service.ts';
import { findEnterprise, requireEnterprise } from '../registry/api.ts';
import { insertParties } from './cases.penalties.ts';
import type { CreateCaseBody } from './cases.schema.ts';

export type CreateCaseInput = Static<typeof CreateCaseBody>;

/** The unit that runs and numbers the case: a town station's own town, otherwise the bureau. */
export const issuingUnit = (ctx: Ctx) => (ctx.actor.unitKind === 'town' ? ctx.actor.unitCode : DISTRICT_CODE);

export async function createCase(ctx: Ctx, input: CreateCaseInput): Promise<{ id: string; code: string }> {
  requirePermission(ctx, 'enforcement:write');
  return withTx(ctx, async (c) => {
    let jurisdiction: string;
    if (input.enterpriseId) {
      // A case about an enterprise is filed where the enterprise is.
      const ref = await requireEnterprise(c, input.enterpriseId, 'body.enterpriseId');
      jurisdiction = ref.jurisdictionCode;
      if (input.jurisdictionCode && !jurisdiction.startsWith(input.jurisdictionCode))
        throw fieldError('body.jurisdictionCode', '与企业所在地不一致', 'differs from the enterprise place');
    } else {
      if (!input.jurisdictionCode) throw fieldError('body.jurisdictionCode', '请选择案发地（或选择企业）', 'is required without an enterprise');
      await requireJurisdiction(c, input.jurisdictionCode, 'body.jurisdictionCode');
      jurisdiction = input.jurisdictionCode;
    }
    const officers = await requireOfficers(c, input.officerIds, 'body.officerIds');
    const now = c.deps.clock.now();
    const unit = issuingUnit(c);
    const year = yearOf(now);
    const seq = await nextNumber(c, unit, '案', year);
    const code = `AJ${year}${unit === DISTRICT_CODE ? '00' : unit.slice(-3, -1)}${String(seq).padStart(4, '0')}`;
    const id = v7();
    let facts = input.facts?.trim() ?? '';
    if (!facts && input.enterpriseId) facts = `${(await findEnterprise(c, input.enterpriseId))?.name ?? ''}涉嫌${input.cause}`;
    await c.db
      .insertInto('cases')
      .values({
        id,
        code,
        title: input.title.trim(),
        cause: input.cause.trim(),
        source: input.source,
        state: 'filing',
        jurisdiction_code: jurisdiction,
        unit_code: unit,
        enterprise_id: input.enterpriseId ?? null,
        facts,
        officer_ids: officers.map((o) => o.userId),
        officer_names: officers.map((o) => `${o.name}（${o.licenceNumber}）`),
        filed_at: now,
        created_by: c.actor.id,
      })
      .execute();
    const parties = await insertParties(c, id, input.parties);
    await writeHistory(c, {
      aggregate: 'case',
      aggregateId: id,
      action: 'create',
      to: 'filing',
      note: `立案申请：${input.title}`,
      data: { parties: parties.length },
    });
    await audit(c.db, c, {
      action: 'case.create',
      resourceType: 'case',
      resourceId: id,
      after: { code, title: input.title, parties: parties.map((p) => p.name), officers: input.officerIds },
    });
    return { id, code };
  });
}

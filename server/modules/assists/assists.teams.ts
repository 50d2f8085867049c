// 组团式执法 / 联合检查: the joint team of one inspection — our officers (at least two holding a valid 行政执法证,
// 行政处罚法 §42, checked by requireOfficers) and officers of other departments (消防, 住建, 市场监管…: the org
// tree's department units), who act under their own department's credentials and need not hold our licence.
// The team lives in this module's table, linked to the inspection through inspections/api.ts.
import type { Static } from 'typebox';
import type { JointTeam } from '../../../shared/assists.dto.ts';
import { requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { requireOfficers } from '../../platform/enforcement/licences.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { writeHistory } from '../../platform/history.ts';
import { iso } from '../../platform/sql.ts';
import { requireInspection } from '../inspections/api.ts';
import { findTeam, unitNames } from './assists.repo.ts';
import type { JointTeamBody } from './assists.schema.ts';
import type { TeamMember } from './assists.tables.ts';

/** The bureau's own department unit: its people join as our officers, not as another department's. */
const OWN_DEPARTMENT = '330203D01';
const inspectionNotFound = () => notFound('检查', 'Inspection');

type TeamRow = NonNullable<Awaited<ReturnType<typeof findTeam>>>;

async function present(ctx: Ctx, row: TeamRow): Promise<JointTeam> {
  const names = await unitNames(ctx, [row.lead_unit_code]);
  return {
    inspectionId: row.inspection_id,
    leadUnitCode: row.lead_unit_code,
    leadUnitName: names.get(row.lead_unit_code) ?? null,
    officers: row.officers,
    members: row.members,
    departments: ['应急管理局', ...new Set(row.members.map((m) => m.departmentName))],
    note: row.note,
    version: row.version,
    updatedAt: iso(row.updated_at),
  };
}

export async function getJointTeam(ctx: Ctx, inspectionId: string): Promise<{ team: JointTeam | null }> {
  requirePermission(ctx, 'inspection:read');
  await requireInspection(ctx, inspectionId, 'params.inspectionId', { notFound: inspectionNotFound });
  const row = await findTeam(ctx, inspectionId);
  return { team: row ? await present(ctx, row) : null };
}

export async function saveJointTeam(ctx: Ctx, inspectionId: string, input: Static<typeof JointTeamBody>): Promise<{ team: JointTeam | null }> {
  requirePermission(ctx, 'inspection:write');
  return withTx(ctx, async (c) => {
    const insp = await requireInspection(c, inspectionId, 'params.inspectionId', { notFound: inspectionNotFound });
    if (insp.state === 'cancelled') throw new AppError('INSPECTION_CANCELLED', 409, '检查已作废，不能登记检查组', 'The inspection was cancelled');
    const officers = await requireOfficers(c, input.officerIds, 'body.officerIds');
    // Departments are reference data of the whole district (a town's station picks from all of them).
    const depts = new Map(
      (await c.db.selectFrom('org_units').select(['code', 'name', 'short_name']).where('kind', '=', 'department').execute()).map((d) => [d.code, d]),
    );
    const members: TeamMember[] = input.members.map((m, i) => {
      const d = depts.get(m.departmentCode);
      if (!d) throw fieldError(`body.members.${i}.departmentCode`, '部门不存在', 'no such department');
      if (m.departmentCode === OWN_DEPARTMENT)
        throw fieldError(`body.members.${i}.departmentCode`, '应急管理局人员请作为本局执法人员选择（须持行政执法证）', 'our own officers go in officerIds');
      return { departmentCode: d.code, departmentName: d.short_name ?? d.name, name: m.name.trim(), credential: m.credential ?? null, phone: m.phone ?? null };
    });
    const town = insp.jurisdictionCode.slice(0, 9);
    const lead = input.leadUnitCode === town || input.leadUnitCode === '330203' || depts.has(input.leadUnitCode);
    if (!lead) throw fieldError('body.leadUnitCode', '牵头单位应为区应急管理局、参与部门或检查所在镇街', 'the lead is the bureau, a department or the town');
    const before = await findTeam(c, inspectionId);
    const snapshot = officers.map((o) => ({ userId: o.userId, name: o.name, unitCode: o.unitCode, licenceNumber: o.licenceNumber }));
    const values = {
      jurisdiction_code: insp.jurisdictionCode,
      lead_unit_code: input.leadUnitCode,
      officers: JSON.stringify(snapshot),
      members: JSON.stringify(members),
      note: input.note ?? null,
      updated_by: c.actor.id,
      updated_at: c.deps.clock.now(),
    };
    const row = (await c.db
      .insertInto('assist_joint_teams')
      .values({ inspection_id: inspectionId, ...values })
      .onConflict((oc) => oc.column('inspection_id').doUpdateSet((eb) => ({ ...values, version: eb('assist_joint_teams.version', '+', 1) })))
      .returningAll()
      .executeTakeFirstOrThrow()) as TeamRow;
    const depNames = [...new Set(members.map((m) => m.departmentName))].join('、');
    await writeHistory(c, {
      aggregate: 'assist_joint_team',
      aggregateId: inspectionId,
      action: before ? 'update' : 'create',
      note: `联合检查组：${officers.map((o) => o.name).join('、')}（应急），${members.map((m) => `${m.name}（${m.departmentName}）`).join('、')}`,
      data: { departments: depNames },
    });
    await audit(c.db, c, {
      action: 'assist.team',
      resourceType: 'assist_joint_team',
      resourceId: inspectionId,
      before: before ? { officers: before.officers.map((o) => o.userId), members: before.members } : undefined,
      after: { officers: input.officerIds, members },
    });
    return { team: await present(c, row) };
  });
}

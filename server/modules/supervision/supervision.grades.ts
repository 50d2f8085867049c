// 分级分类监管清单: one supervising level per enterprise, the class inputs read from the registry, and the annual
// inspection cap from the frequency policy (data, versioned; DOMAIN's table as the default).
import type { Selectable } from 'kysely';
import type { Static } from 'typebox';
import { v7 } from 'uuid';
import {
  GRADE_LEVEL_NAMES,
  GRADE_LEVELS,
  annualCap,
  type ClassInputs,
  creditClassOf,
  DEFAULT_FREQUENCY_POLICY,
  dueFrequency,
  type FrequencyPolicy,
  type GradeLevel,
  type CreditClass,
  sectorOf,
} from '../../../shared/supervision.ts';
import { fmtDate } from '../../../shared/time.ts';
import type { Grade, GradeStats, PolicyAnswer } from '../../../shared/supervision.dto.ts';
import { assertInScope, requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, fieldError, notFound } from '../../platform/errors.ts';
import { countCapped, pageOf } from '../../platform/pagination.ts';
import { iso } from '../../platform/sql.ts';
import { enterpriseNames, requireEnterprise, supervisionInputs } from '../registry/api.ts';
import * as repo from './supervision.repo.ts';
import type * as S from './supervision.schema.ts';
import type { SupervisionGradesTable } from './supervision.tables.ts';
import { LISTS, lockDraft, READ, recordRowChange, versionOfKind } from './supervision.versions.ts';

type GradeRow = Selectable<SupervisionGradesTable>;
const gradeNotFound = () => notFound('分级分类条目', 'Graded list row');

// ── frequency policy ──
/** The policy in force: the newest version, or the default table when none was saved. */
export async function currentPolicy(ctx: Ctx): Promise<FrequencyPolicy> {
  const [latest] = await repo.policyVersions(ctx.db);
  return latest?.policy ?? DEFAULT_FREQUENCY_POLICY;
}

export async function getPolicy(ctx: Ctx): Promise<PolicyAnswer> {
  requirePermission(ctx, READ);
  const versions = await repo.policyVersions(ctx.db);
  const latest = versions[0];
  return {
    version: latest?.version ?? 0,
    policy: latest?.policy ?? DEFAULT_FREQUENCY_POLICY,
    note: latest?.note ?? (latest ? null : '默认：DOMAIN 频次表（危化/冶金 2/4/8/12，其他 1/2/4/6）'),
    createdAt: latest ? iso(latest.created_at) : null,
    createdByName: latest?.created_by_name ?? null,
    versions: versions.map((v) => ({ version: v.version, note: v.note, createdAt: iso(v.created_at), createdByName: v.created_by_name })),
  };
}

/** A new version of the policy (the old ones stay listed). The graded list's caps follow at its next draft. */
export async function savePolicy(ctx: Ctx, body: Static<typeof S.PolicyBody>): Promise<PolicyAnswer> {
  requirePermission(ctx, LISTS);
  const p = body.policy as FrequencyPolicy;
  if (p.min > p.max) throw fieldError('body.policy.min', '最少次数不能大于最多次数', 'must not exceed max');
  await withTx(ctx, async (c) => {
    const before = await currentPolicy(c);
    const version = (await repo.lastPolicyVersion(c.db)) + 1;
    await c.db
      .insertInto('supervision_policy')
      .values({ version, policy: JSON.stringify(p), note: body.note ?? null, created_by: c.actor.id, created_by_name: c.actor.displayName })
      .execute();
    await audit(c.db, c, { action: 'supervision.policy.update', resourceType: 'supervision_policy', resourceId: String(version), before, after: p });
  });
  return getPolicy(ctx);
}

// ── rows ──
export function presentGrade(r: GradeRow, names: Map<string, { name: string; credit_code: string }>): Grade {
  const n = names.get(r.enterprise_id);
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: n?.name ?? null,
    creditCode: n?.credit_code ?? null,
    jurisdictionCode: r.jurisdiction_code,
    level: r.level,
    keyUnit: r.key_unit,
    sector: r.sector,
    standardization: r.standardization,
    credit: creditClassOf(r.credit === 'dishonest' ? null : r.credit, r.credit === 'dishonest'),
    annualCap: r.annual_cap,
    frequency: dueFrequency(r.annual_cap).zh,
    note: r.note,
  };
}

const filterOf = (q: Static<typeof S.GradeFilterQuery>): repo.GradeFilter => q;

export async function listGrades(ctx: Ctx, versionId: string, q: Static<typeof S.GradeQuery>) {
  requirePermission(ctx, READ);
  await versionOfKind(ctx, versionId, 'grades');
  const base = repo.gradesOf(ctx, versionId, filterOf(q));
  let ordered = base.selectAll();
  const sort = q.sort ?? 'jurisdictionCode';
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  ordered = sort.endsWith('annualCap') ? ordered.orderBy('annual_cap', dir) : ordered.orderBy('jurisdiction_code', dir);
  const [count, rows] = await Promise.all([
    countCapped(ctx.db, base),
    ordered
      .orderBy('id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  const names = await enterpriseNames(
    ctx.db,
    rows.map((r) => r.enterprise_id),
  );
  return pageOf(
    count,
    rows.map((r) => presentGrade(r, names)),
    q,
  );
}

/** Every row of a version in the caller's scope (the export). */
export async function allGrades(ctx: Ctx, versionId: string, q: Static<typeof S.GradeFilterQuery>) {
  const rows = await repo.gradesOf(ctx, versionId, filterOf(q)).selectAll().orderBy('jurisdiction_code').orderBy('id').execute();
  const names = await enterpriseNames(
    ctx.db,
    rows.map((r) => r.enterprise_id),
  );
  return rows.map((r) => presentGrade(r, names));
}

type GradeBody = Static<typeof S.GradeBody>;
const gradeCols = (policy: FrequencyPolicy, b: GradeBody) => ({
  level: b.level,
  key_unit: b.keyUnit,
  sector: b.sector,
  standardization: b.standardization,
  credit: b.credit,
  annual_cap: annualCap(policy, { sector: b.sector, standardization: b.standardization, credit: b.credit, keyUnit: b.keyUnit }),
  note: b.note ?? null,
});

/**
 * One enterprise's row added to a draft. body.enterpriseId → enterprises (visible); the row is filed where the
 * enterprise is. An enterprise is on the list once.
 */
export async function addGrade(ctx: Ctx, versionId: string, body: Static<typeof S.GradeCreateBody>): Promise<Grade> {
  requirePermission(ctx, LISTS);
  return withTx(ctx, async (c) => {
    const v = await lockDraft(c, versionId, 'grades');
    const ent = await requireEnterprise(c, body.enterpriseId, 'body.enterpriseId');
    const dup = await c.db
      .selectFrom('supervision_grades')
      .select('id')
      .where('version_id', '=', v.id)
      .where('enterprise_id', '=', body.enterpriseId)
      .executeTakeFirst();
    if (dup) throw fieldError('body.enterpriseId', '该企业已在本版清单中', 'is already on this version of the list');
    const row = await c.db
      .insertInto('supervision_grades')
      .values({
        id: v7(),
        version_id: v.id,
        enterprise_id: body.enterpriseId,
        jurisdiction_code: ent.jurisdictionCode,
        ...gradeCols(await currentPolicy(c), body),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordRowChange(c, v, { action: 'grade.add', rowId: row.id, note: `加入企业（${GRADE_LEVEL_NAMES[row.level].zh}监管）`, after: body });
    return presentGrade(row, await enterpriseNames(c.db, [row.enterprise_id]));
  });
}

async function lockGrade(c: Ctx, id: string) {
  const before = await c.db.selectFrom('supervision_grades').selectAll().where('id', '=', id).executeTakeFirst();
  assertInScope(c, before, gradeNotFound);
  const v = await lockDraft(c, before.version_id, 'grades', gradeNotFound);
  return { before, v };
}

export async function updateGrade(ctx: Ctx, id: string, body: GradeBody): Promise<Grade> {
  requirePermission(ctx, LISTS);
  return withTx(ctx, async (c) => {
    const { before, v } = await lockGrade(c, id);
    const row = await c.db
      .updateTable('supervision_grades')
      .set(gradeCols(await currentPolicy(c), body))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordRowChange(c, v, {
      action: 'grade.update',
      rowId: id,
      note: `调整分级分类（年度上限 ${before.annual_cap} → ${row.annual_cap} 次）`,
      before,
      after: body,
    });
    return presentGrade(row, await enterpriseNames(c.db, [row.enterprise_id]));
  });
}

export async function deleteGrade(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, LISTS);
  await withTx(ctx, async (c) => {
    const { before, v } = await lockGrade(c, id);
    await c.db.deleteFrom('supervision_grades').where('id', '=', id).execute();
    await recordRowChange(c, v, { action: 'grades.delete', rowId: id, note: '移出清单', before });
  });
}

/** The class of one registry record: sector from its categories, credit (严重失信 first), key-unit flag. */
const classOfInputs = (e: Awaited<ReturnType<typeof supervisionInputs>>[number]): ClassInputs & { level: GradeLevel } => ({
  sector: sectorOf(e.categories),
  standardization: e.standardization_level,
  credit: creditClassOf(e.credit_rating, e.dishonest),
  keyUnit: e.key_unit,
  level: e.key_unit ? 'district' : e.supervising_level,
});

/**
 * Fill a draft from the registry: every active enterprise the caller may see, its class from the registry and
 * the cap from the policy in force; key units (重点执法单位) at district level. Replaces the draft's rows.
 */
export async function generateGrades(ctx: Ctx, versionId: string) {
  requirePermission(ctx, LISTS);
  return withTx(ctx, async (c) => {
    const v = await lockDraft(c, versionId, 'grades');
    const policy = await currentPolicy(c);
    const inputs = await supervisionInputs(c, fmtDate(c.deps.clock.now()));
    if (inputs.length === 0) throw conflict('NO_ENTERPRISES', '名录中没有可分级的在业企业', 'The registry has no active enterprises');
    await repo.deleteRows(c.db, 'grades', v.id);
    const rows = inputs.map((e) => {
      const k = classOfInputs(e);
      return {
        id: v7(),
        version_id: v.id,
        enterprise_id: e.id,
        jurisdiction_code: e.jurisdiction_code,
        level: k.level,
        key_unit: k.keyUnit,
        sector: k.sector,
        standardization: k.standardization,
        credit: k.credit,
        annual_cap: annualCap(policy, k),
        note: null,
      };
    });
    await repo.insertRows(c.db, 'grades', rows);
    const out = { rows: rows.length, districtLevel: rows.filter((r) => r.level === 'district').length, keyUnits: rows.filter((r) => r.key_unit).length };
    await recordRowChange(c, v, {
      action: 'grades.generate',
      rowId: v.id,
      note: `从监管名录生成 ${out.rows} 家企业（区级 ${out.districtLevel}，重点执法单位 ${out.keyUnits}）`,
      after: out,
    });
    return out;
  });
}

/** Counts per level and per town (the chart), for a version or the one in force. */
export async function gradeStats(ctx: Ctx, versionId?: string): Promise<GradeStats> {
  requirePermission(ctx, READ);
  const v = versionId ? await versionOfKind(ctx, versionId, 'grades') : await repo.currentVersion(ctx.db, 'grades');
  const empty = {
    versionId: v?.id ?? null,
    total: 0,
    keyUnits: 0,
    annualCap: 0,
    byLevel: GRADE_LEVELS.map((level) => ({ level, count: 0, keyUnits: 0 })),
    byTown: [],
  };
  if (!v) return empty;
  const rows = await repo.gradeCounts(ctx, v.id);
  const towns = new Map<string, { townCode: string; district: number; town: number; keyUnits: number; annualCap: number }>();
  for (const r of rows) {
    const t = towns.get(r.town) ?? { townCode: r.town, district: 0, town: 0, keyUnits: 0, annualCap: 0 };
    t[r.level] += Number(r.n);
    t.keyUnits += Number(r.key_units);
    t.annualCap += Number(r.cap);
    towns.set(r.town, t);
  }
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
  return {
    versionId: v.id,
    total: sum((r) => Number(r.n)),
    keyUnits: sum((r) => Number(r.key_units)),
    annualCap: sum((r) => Number(r.cap)),
    byLevel: GRADE_LEVELS.map((level) => ({
      level,
      count: sum((r) => (r.level === level ? Number(r.n) : 0)),
      keyUnits: sum((r) => (r.level === level ? Number(r.key_units) : 0)),
    })),
    byTown: [...towns.values()].sort((a, b) => a.townCode.localeCompare(b.townCode)),
  };
}

export interface SupervisionClass {
  enterpriseId: string;
  level: GradeLevel;
  keyUnit: boolean;
  annualCap: number;
  credit: CreditClass;
  /** `list`: from the graded list in force; `computed`: not on it, classed from the registry and the policy now. */
  source: 'list' | 'computed';
  versionId: string | null;
}

/** The supervising class of enterprises the caller may see (others are left out). */
export async function supervisionClassOf(ctx: Ctx, enterpriseIds: readonly string[]): Promise<Map<string, SupervisionClass>> {
  const out = new Map<string, SupervisionClass>();
  if (enterpriseIds.length === 0) return out;
  const v = await repo.currentVersion(ctx.db, 'grades');
  if (v)
    for (let i = 0; i < enterpriseIds.length; i += 5000)
      for (const r of await repo
        .gradesOf(ctx, v.id, { enterpriseIds: enterpriseIds.slice(i, i + 5000) })
        .selectAll()
        .execute())
        out.set(r.enterprise_id, {
          enterpriseId: r.enterprise_id,
          level: r.level,
          keyUnit: r.key_unit,
          annualCap: r.annual_cap,
          credit: r.credit as CreditClass,
          source: 'list',
          versionId: v.id,
        });
  const missing = enterpriseIds.filter((id) => !out.has(id));
  if (missing.length) {
    const policy = await currentPolicy(ctx);
    for (const e of await supervisionInputs(ctx, fmtDate(ctx.deps.clock.now()), missing)) {
      const k = classOfInputs(e);
      out.set(e.id, {
        enterpriseId: e.id,
        level: k.level,
        keyUnit: k.keyUnit,
        annualCap: annualCap(policy, k),
        credit: k.credit,
        source: 'computed',
        versionId: null,
      });
    }
  }
  return out;
}

// Risk points (风险点): LEC scoring by the versioned thresholds, periodic reviews with durable reminders.
import type { Insertable } from 'kysely';
import { v7 } from 'uuid';
import type { HistoryEntry, LecPolicy, LecPolicyVersion, PageOf, Reminder, RiskPoint, RiskStats } from '../../../shared/registry.dto.ts';
import { DEFAULT_LEC_THRESHOLDS, DEFAULT_TIER, DISTRICT_CODE, type LecThresholds, lecGrade, lecScore } from '../../../shared/registry.ts';
import { assertInScope, requirePermission, requireVisible } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { cancelJob, enqueueJob, type Tx } from '../../platform/jobs/jobs.ts';
import { iso } from '../../platform/sql.ts';
import {
  firstVersion,
  listHistory,
  nextVersion,
  recordChange,
  type RecordWrite,
  throwIfIssues,
  today,
  versionConflict,
  writeRecord,
} from './registry.common.ts';
import * as repo from './registry.repo.ts';
import { addDays, apiField, checkCoords, checkLec, checkPhone, type FieldNamer, type Issue } from './registry.rules.ts';
import type { LecPolicyInput, RiskPointInput, RiskPointListInput, RiskPointReviewInput, RiskPointUpdateInput } from './registry.schema.ts';
import type { RiskPointsTable } from './registry.tables.ts';

export const RISK_REVIEW_JOB = 'registry.riskReviewDue';
export const reviewJobKey = (id: string) => `registry:risk-point:${id}:review`;

export function presentRiskPoint(r: repo.RiskPointRow, enterpriseName: string | null): RiskPoint {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName,
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
): RiskValues & { next_review_on: string } {
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

/** The risk point just written, read back inside the same transaction. */
async function reread(ctx: Ctx, id: string): Promise<RiskPoint> {
  const row = await repo.lockRiskPoint(ctx.db, id);
  if (!row) throw riskNotFound();
  return presentRiskPoint(row, (await repo.enterpriseName(ctx.db, row.enterprise_id))?.name ?? null);
}

const riskWrite = (id: string): RecordWrite<RiskPoint> => ({ entity: 'risk_point', id, reread, unique: { conflict: riskNameConflict } });

export async function listRiskPoints(ctx: Ctx, input: RiskPointListInput): Promise<PageOf<RiskPoint>> {
  requirePermission(ctx, 'registry:read');
  const { page = 1, pageSize = 20, sort, ...filters } = input;
  const { rows, total, capped } = await repo.listRiskPoints(ctx, filters, { page, pageSize, today: today(ctx), sort });
  return { items: rows.map((r) => presentRiskPoint(r, r.enterprise_name)), total, totalCapped: capped, page, pageSize };
}

export async function getRiskPoint(ctx: Ctx, id: string): Promise<RiskPoint> {
  requirePermission(ctx, 'registry:read');
  const row = await repo.getRiskPoint(ctx, id);
  if (!row) throw riskNotFound();
  return presentRiskPoint(row, row.enterprise_name);
}

export async function createRiskPoint(ctx: Ctx, input: RiskPointInput): Promise<RiskPoint> {
  requirePermission(ctx, 'registry:write');
  // A risk point is filed where its enterprise is.
  const enterprise = await requireVisible(ctx, 'enterprises', input.enterpriseId, 'body.enterpriseId');
  const now = ctx.deps.clock.now();
  const policy = await lecPolicy(ctx.db, now);
  const issues: Issue[] = [];
  const { enterpriseId, ...fields } = input;
  const values = normalizeRiskPoint(fields, policy, today(ctx), apiField, issues);
  throwIfIssues(issues);
  const id = v7();
  return writeRecord(ctx, riskWrite(id), async (c) => {
    await repo.insertRiskPoint(c.db, {
      ...values,
      id,
      enterprise_id: enterpriseId,
      jurisdiction_code: enterprise.jurisdictionCode,
      ...firstVersion(c, now),
    });
    await scheduleReview(c.db, id, values.next_review_on);
    return null;
  });
}

export async function updateRiskPoint(ctx: Ctx, id: string, input: RiskPointUpdateInput): Promise<RiskPoint> {
  requirePermission(ctx, 'registry:write');
  const { version, status, ...fields } = input;
  const now = ctx.deps.clock.now();
  const policy = await lecPolicy(ctx.db, now);
  const issues: Issue[] = [];
  const values = normalizeRiskPoint(fields, policy, today(ctx), apiField, issues);
  throwIfIssues(issues);
  return writeRecord(ctx, riskWrite(id), async (c) => {
    const current = await repo.lockRiskPoint(c.db, id);
    assertInScope(c, current, riskNotFound);
    if (current.version !== version) throw versionConflict(current.version);
    const before = await reread(c, id);
    const nextStatus = status ?? current.status;
    await repo.updateRiskPoint(c.db, id, { ...values, status: nextStatus, ...nextVersion(c, version, now) });
    if (nextStatus === 'retired') {
      await cancelJob(c.db, reviewJobKey(id));
      await repo.resolveReminders(c.db, id, now);
    } else if (values.next_review_on !== current.next_review_on || current.status === 'retired') {
      await scheduleReview(c.db, id, values.next_review_on);
    }
    return before;
  });
}

/** Record a periodic review: optionally re-score, move the next due date, clear open reminders. */
export async function reviewRiskPoint(ctx: Ctx, id: string, input: RiskPointReviewInput): Promise<RiskPoint> {
  requirePermission(ctx, 'registry:write');
  const now = ctx.deps.clock.now();
  const todayStr = today(ctx);
  const reviewedOn = input.reviewedOn ?? todayStr;
  if (reviewedOn > todayStr) throw fieldError('body.reviewedOn', '复核日期不能晚于今天', 'must not be in the future');
  const policy = await lecPolicy(ctx.db, now);
  return withTx(ctx, async (c) => {
    const current = await repo.lockRiskPoint(c.db, id);
    assertInScope(c, current, riskNotFound);
    if (current.status === 'retired') throw conflict('RISK_POINT_RETIRED', '风险点已停用，不能复核', 'The risk point is retired');
    const l = input.lecL ?? Number(current.lec_l);
    const e = input.lecE ?? Number(current.lec_e);
    const cc = input.lecC ?? Number(current.lec_c);
    const issues: Issue[] = [];
    checkLec(l, e, cc, apiField, issues);
    throwIfIssues(issues);
    const d = lecScore(l, e, cc);
    const before = await reread(c, id);
    const next = addDays(reviewedOn, current.review_cycle_days);
    await repo.updateRiskPoint(c.db, id, {
      lec_l: l,
      lec_e: e,
      lec_c: cc,
      lec_d: d,
      grade: lecGrade(d, policy.thresholds),
      policy_version: policy.version,
      control_measures: input.controlMeasures === undefined ? current.control_measures : input.controlMeasures,
      last_reviewed_on: reviewedOn,
      next_review_on: next,
      ...nextVersion(c, current.version, now),
    });
    await repo.resolveReminders(c.db, id, now);
    await scheduleReview(c.db, id, next);
    const after = await reread(c, id);
    await recordChange(c, 'risk_point', id, before, after, 'review');
    return after;
  });
}

export async function riskPointHistory(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
  await getRiskPoint(ctx, id);
  return listHistory(ctx, 'risk_point', id);
}

export async function riskStats(ctx: Ctx): Promise<RiskStats> {
  requirePermission(ctx, 'registry:read');
  const rows = await repo.riskGradeCounts(ctx, today(ctx));
  const of = (g: string) => {
    const r = rows.find((x) => x.grade === g);
    return { count: Number(r?.n ?? 0), reviewDue: Number(r?.due ?? 0) };
  };
  return { red: of('red'), orange: of('orange'), yellow: of('yellow'), blue: of('blue') };
}

/** Open "review due" reminders in the caller's scope. */
export async function listReminders(ctx: Ctx): Promise<Reminder[]> {
  requirePermission(ctx, 'registry:read');
  const rows = await repo.openReminders(ctx, 500);
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

// ── LEC policy (versioned data) ─────────────────────────────────────────────────────────────────────
const thresholdsOf = (v: Record<string, unknown>): LecThresholds => ({ red: Number(v.red), orange: Number(v.orange), yellow: Number(v.yellow) });

export async function lecPolicy(db: Tx, at: Date): Promise<LecPolicyVersion> {
  const row = await repo.currentPolicy(db, 'lec_thresholds', at);
  if (!row) return { version: 0, thresholds: DEFAULT_LEC_THRESHOLDS, effectiveFrom: new Date(0).toISOString() };
  return { version: row.version, thresholds: thresholdsOf(row.value), effectiveFrom: iso(row.effective_from) };
}

export async function getLecPolicy(ctx: Ctx): Promise<LecPolicy> {
  requirePermission(ctx, 'registry:read');
  const current = await lecPolicy(ctx.db, ctx.deps.clock.now());
  const versions = await repo.policyVersions(ctx.db, 'lec_thresholds');
  return {
    current,
    versions: versions.map((v) => ({ version: v.version, thresholds: thresholdsOf(v.value), effectiveFrom: iso(v.effective_from), note: v.note })),
  };
}

/** A new version of the LEC bands (district administrators and bureau staff at district level). */
export async function createLecPolicy(ctx: Ctx, input: LecPolicyInput): Promise<LecPolicyVersion> {
  requirePermission(ctx, 'registry:write');
  if (!ctx.actor.jurisdictions.includes(DISTRICT_CODE) || ctx.actor.enterpriseId) throw forbidden();
  if (!(input.red > input.orange)) throw fieldError('body.orange', '较大风险下限须小于重大风险阈值', 'must be below red');
  if (!(input.orange > input.yellow)) throw fieldError('body.yellow', '一般风险下限须小于较大风险下限', 'must be below orange');
  const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : ctx.deps.clock.now();
  return withTx(ctx, async (c) => {
    const version = (await repo.lockLastPolicyVersion(c.db, 'lec_thresholds')) + 1;
    const value = { red: input.red, orange: input.orange, yellow: input.yellow };
    await repo.insertPolicy(c.db, {
      key: 'lec_thresholds',
      version,
      value: JSON.stringify(value),
      effective_from: effectiveFrom,
      note: input.note ?? null,
      created_by: c.actor.id,
    });
    await audit(c.db, c, {
      action: 'registry.policy.lec',
      resourceType: 'registry_policy',
      resourceId: `lec_thresholds:${version}`,
      after: { version, ...value, effectiveFrom },
    });
    return { version, thresholds: value, effectiveFrom: effectiveFrom.toISOString() };
  });
}

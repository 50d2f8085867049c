// The plan view's read model (plan_progress): filled when a routine plan is approved — the enterprises supervised
// at the plan unit's level (分级分类, supervision module) with their required count and annual cap (frequency
// policy) — and counted up by each completed inspection (recordInspectionDone, once per inspection). The view is
// then two indexed queries on this module's own table: one page of enterprises and the counts per town and status.
import type { Static } from 'typebox';
import { type InspectionKind, PROGRESS_STATUS_NAMES, PROGRESS_STATUSES, type ProgressStatus, requiredOf } from '../../../shared/plans.ts';
import type { PlanView, ProgressRow, ProgressSummary, StatusCounts, TownProgress } from '../../../shared/plans.dto.ts';
import { sectorOf } from '../../../shared/supervision.ts';
import { cellDate, fmtDate } from '../../../shared/time.ts';
import { requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { assertExportSize, xlsxOf } from '../../platform/excel.ts';
import { iso } from '../../platform/sql.ts';
import { findEnterprise, supervisionInputs } from '../registry/api.ts';
import { supervisionClassOf } from '../supervision/api.ts';
import * as repo from './plans.repo.ts';
import type { ProgressExportQuery, ProgressQuery } from './plans.schema.ts';
import { planNotFound, READ } from './plans.common.ts';

const EXPORT_MAX_ROWS = 100_000;
const townOf = (code: string) => code.slice(0, 9);

/**
 * Fill a routine plan's enterprise set (inside the approval's transaction): the active enterprises under the
 * plan's unit that the graded list supervises at the unit's level, each with its required count and cap.
 */
export async function fillProgress(ctx: Ctx, p: repo.PlanRow): Promise<number> {
  const inputs = (await supervisionInputs(ctx, fmtDate(ctx.deps.clock.now()))).filter((e) => e.jurisdiction_code.startsWith(p.jurisdiction_code));
  const classes = await supervisionClassOf(
    ctx,
    inputs.map((e) => e.id),
  );
  const rows = [];
  for (const e of inputs) {
    const k = classes.get(e.id);
    if (!k || k.level !== p.supervising_level) continue;
    const due = requiredOf(p, { annualCap: k.annualCap, keyUnit: k.keyUnit, highRisk: sectorOf(e.categories) === 'hazchem_metallurgy' });
    if (!due) continue;
    rows.push({
      plan_id: p.id,
      enterprise_id: e.id,
      enterprise_name: e.name,
      credit_code: e.credit_code,
      jurisdiction_code: e.jurisdiction_code,
      town_code: townOf(e.jurisdiction_code),
      key_unit: k.keyUnit,
      required: due.required,
      cap: due.cap,
    });
  }
  await repo.insertProgress(ctx, rows);
  await repo.recountProgress(ctx, p);
  return rows.length;
}

export interface InspectionDone {
  /** The inspection's id in the inspections module (counted once however often it is reported). */
  inspectionId: string;
  enterpriseId: string;
  /** When it was completed (ISO or Date). */
  at: Date | string;
  kind: InspectionKind;
  planId?: string | null;
}

/**
 * A completed inspection: counted once on every approved or active plan whose period holds its day (district
 * time) and whose enterprise set holds the enterprise. Answers whether it was new and how many plans it counted on.
 */
export async function recordInspectionDone(ctx: Ctx, input: InspectionDone): Promise<{ counted: boolean; plans: number }> {
  return withTx(ctx, async (c) => {
    const e = await findEnterprise(c, input.enterpriseId);
    if (!e) throw fieldError('enterpriseId', '企业不存在或不在您的管辖范围内', 'no such enterprise in your scope');
    const at = new Date(input.at);
    const fresh = await repo.insertInspection(c, {
      inspection_id: input.inspectionId,
      enterprise_id: e.id,
      at,
      kind: input.kind,
      plan_id: input.planId ?? null,
      jurisdiction_code: e.jurisdiction_code,
    });
    if (!fresh) return { counted: false, plans: 0 };
    return { counted: true, plans: await repo.countInspection(c, e.id, at, fmtDate(at), input.kind === 'draw') };
  });
}

const zeroCounts = (): StatusCounts => ({ never: 0, due: 0, done: 0, over_cap: 0 });
const completionOf = (counts: StatusCounts, total: number) => (total === 0 ? 0 : (counts.done + counts.over_cap) / total);

/** Counts of a plan's (filtered) enterprises per status and town, the 双随机 share and the completion. */
export async function progressSummary(ctx: Ctx, p: repo.PlanRow, f: repo.ProgressFilter): Promise<ProgressSummary> {
  const rows = await repo.progressCounts(ctx, p.id, f);
  const towns = new Map<string, TownProgress>();
  const all = { counts: zeroCounts(), enterprises: 0, required: 0, towards: 0, done: 0, drawn: 0 };
  for (const r of rows) {
    let t = towns.get(r.town_code);
    if (!t) {
      t = { townCode: r.town_code, enterprises: 0, counts: zeroCounts(), required: 0, doneTowardsRequired: 0, completion: 0 };
      towns.set(r.town_code, t);
    }
    t.counts[r.status] += r.n;
    t.enterprises += r.n;
    t.required += r.required;
    t.doneTowardsRequired += r.towards;
    all.counts[r.status] += r.n;
    all.enterprises += r.n;
    all.required += r.required;
    all.towards += r.towards;
    all.done += r.done;
    all.drawn += r.drawn;
  }
  for (const t of towns.values()) t.completion = completionOf(t.counts, t.enterprises);
  return {
    enterprises: all.enterprises,
    counts: all.counts,
    required: all.required,
    doneTowardsRequired: all.towards,
    inspections: all.done,
    drawn: all.drawn,
    drawShare: all.done === 0 ? 0 : all.drawn / all.done,
    drawSharePct: p.draw_share_pct,
    drawnWanted: Math.ceil((all.required * p.draw_share_pct) / 100),
    completion: completionOf(all.counts, all.enterprises),
    towns: [...towns.values()],
  };
}

function toRow(r: repo.ProgressDbRow): ProgressRow {
  return {
    id: r.enterprise_id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    creditCode: r.credit_code,
    jurisdictionCode: r.jurisdiction_code,
    townCode: r.town_code,
    keyUnit: r.key_unit,
    required: r.required,
    cap: r.cap,
    done: r.done,
    drawn: r.drawn,
    lastInspectedAt: iso(r.last_inspected_at),
    status: r.status,
  };
}

async function routinePlan(ctx: Ctx, id: string) {
  requirePermission(ctx, READ);
  const p = await repo.findPlan(ctx, id);
  if (!p) throw planNotFound();
  if (p.kind !== 'routine')
    throw new AppError('NOT_ROUTINE', 409, '专项检查没有企业检查进度，请查看专项目标完成情况', 'A campaign has no per-enterprise progress');
  return p;
}

/** The plan view: a page of enterprises (filtered, sorted) and the counts of the filtered plan; the total is exact. */
export async function planView(ctx: Ctx, id: string, q: Static<typeof ProgressQuery>): Promise<PlanView> {
  const p = await routinePlan(ctx, id);
  const [rows, summary] = await Promise.all([repo.progressRows(ctx, p.id, q, q.pageSize, (q.page - 1) * q.pageSize), progressSummary(ctx, p, q)]);
  const wanted: readonly ProgressStatus[] = q.status?.length ? q.status : PROGRESS_STATUSES;
  const total = wanted.reduce((n, s) => n + summary.counts[s], 0);
  return { items: rows.map(toRow), total, totalCapped: false, page: q.page, pageSize: q.pageSize, summary };
}

/** The filtered plan view as .xlsx (the export itself is audited). */
export async function exportProgress(ctx: Ctx, id: string, q: Static<typeof ProgressExportQuery>): Promise<{ fileName: string; data: Buffer }> {
  const p = await routinePlan(ctx, id);
  const rows = await repo.progressRows(ctx, p.id, q, EXPORT_MAX_ROWS + 1, 0);
  assertExportSize(rows, EXPORT_MAX_ROWS);
  const towns = new Map((await ctx.db.selectFrom('org_units').select(['code', 'name']).where('kind', '=', 'town').execute()).map((u) => [u.code, u.name]));
  const data = await xlsxOf(
    '计划执行情况',
    [
      { header: '统一社会信用代码', width: 22, cell: (r) => r.credit_code },
      { header: '企业名称', width: 34, cell: (r) => r.enterprise_name },
      { header: '镇街', width: 12, cell: (r) => towns.get(r.town_code) ?? r.town_code },
      { header: '重点执法单位', width: 12, cell: (r) => (r.key_unit ? '是' : '否') },
      { header: '应检次数', width: 10, cell: (r) => r.required },
      { header: '年度频次上限', width: 12, cell: (r) => r.cap },
      { header: '已检次数', width: 10, cell: (r) => r.done },
      { header: '其中双随机', width: 10, cell: (r) => r.drawn },
      { header: '最近检查', width: 12, cell: (r) => cellDate(r.last_inspected_at) },
      { header: '状态', width: 12, cell: (r) => PROGRESS_STATUS_NAMES[r.status].zh },
    ],
    rows,
  );
  await withTx(ctx, (c) => audit(c.db, c, { action: 'plan.export', resourceType: 'plan', resourceId: p.id, detail: { filter: q, rows: rows.length } }));
  return { fileName: `${p.code}-执行情况-${fmtDate(ctx.deps.clock.now()).replace(/-/g, '')}.xlsx`, data };
}

// 监管执法看板: per town, for a year or a quarter, plan completion (the plans module), findings per inspection
// (the inspections module), cases by cause, fines decided/paid/outstanding, and the average time of each stage.
// A district user sees every town side by side (and the district's own cases as 区本级); a town user sees
// its own. A period without data answers zeros and nulls, never a made-up rate.
import type { EnforcementDashboard, EnforcementTown } from '../../../shared/cases.dto.ts';
import { requirePermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { inspectionTotalsByTown } from '../inspections/api.ts';
import { planTotalsByTown } from '../plans/api.ts';
import { townsInOrder } from '../../platform/orgs/orgs.service.ts';
import { filedByTownAndCause, finesByTown, type Period, stageTotals } from './cases.dashboard.repo.ts';

const BEIJING_MS = 8 * 3_600_000;
const dayOf = (d: Date) => new Date(d.getTime() + BEIJING_MS).toISOString().slice(0, 10);

/** [from, to) of a year or one of its quarters, in Beijing time. */
export function periodOf(year: number, quarter?: number): { from: Date; to: Date } {
  const [m0, m1] = quarter ? [(quarter - 1) * 3, quarter * 3] : [0, 12];
  return { from: new Date(Date.UTC(year, m0, 1) - BEIJING_MS), to: new Date(Date.UTC(year, m1, 1) - BEIJING_MS) };
}

type Figures = Omit<EnforcementTown, 'code' | 'name'>;
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

function figures(f: {
  planRequired: number;
  planDone: number;
  inspections: number;
  findings: number;
  casesFiled: number;
  casesDecided: number;
  fine: number;
  paid: number;
}): Figures {
  return {
    planRequired: f.planRequired,
    planDone: f.planDone,
    planCompletion: ratio(f.planDone, f.planRequired),
    inspections: f.inspections,
    findings: f.findings,
    findingsPerInspection: ratio(f.findings, f.inspections),
    casesFiled: f.casesFiled,
    casesDecided: f.casesDecided,
    fineDecidedFen: f.fine,
    finePaidFen: f.paid,
    fineOutstandingFen: Math.max(0, f.fine - f.paid),
  };
}

export async function enforcementDashboard(ctx: Ctx, q: { year?: number; quarter?: number; town?: string }): Promise<EnforcementDashboard> {
  requirePermission(ctx, 'enforcement:read');
  const now = ctx.deps.clock.now();
  const year = q.year ?? Number(dayOf(now).slice(0, 4));
  const { from, to } = periodOf(year, q.quarter);
  const p: Period = { from, to, town: q.town };
  const [plans, inspections, filed, fines, stays, names, district] = await Promise.all([
    planTotalsByTown(ctx, year, q.quarter),
    inspectionTotalsByTown(ctx, from, to),
    filedByTownAndCause(ctx, p),
    finesByTown(ctx, p),
    stageTotals(ctx, p),
    townsInOrder(ctx.db),
    ctx.db.selectFrom('org_units').select(['code', 'name']).where('kind', '=', 'district').executeTakeFirst(),
  ]);
  const sees = (code: string) => ctx.actor.jurisdictions.some((j) => code.startsWith(j) || j.startsWith(code));
  // Rows: the towns the caller may see, then the district's own cases (区本级) for a district user when it has any.
  const places = names.filter((n) => sees(n.code));
  const districtRow = district && ctx.actor.jurisdictions.includes(district.code) ? { code: district.code, name: '区本级' } : undefined;
  const picked = q.town ? places.filter((n) => n.code === q.town) : places;

  const sum = <R extends { townCode?: string; town?: string }>(rows: R[], code: string, get: (r: R) => number) =>
    rows.filter((r) => (r.townCode ?? r.town) === code).reduce((a, r) => a + get(r), 0);
  const rowOf = (place: { code: string; name: string }): EnforcementTown => ({
    code: place.code,
    name: place.name,
    ...figures({
      planRequired: sum(plans, place.code, (r) => r.required),
      planDone: sum(plans, place.code, (r) => r.done),
      inspections: sum(inspections, place.code, (r) => r.inspections),
      findings: sum(inspections, place.code, (r) => r.findings),
      casesFiled: sum(filed, place.code, (r) => r.n),
      casesDecided: sum(fines, place.code, (r) => r.decided),
      fine: sum(fines, place.code, (r) => Number(r.fine)),
      paid: sum(fines, place.code, (r) => Number(r.paid)),
    }),
  });
  const rows = picked.map(rowOf);
  if (!q.town && districtRow) {
    const own = rowOf(districtRow);
    if (own.planRequired || own.inspections || own.casesFiled || own.casesDecided) rows.push(own);
  }
  const total = (k: 'planRequired' | 'planDone' | 'inspections' | 'findings' | 'casesFiled' | 'casesDecided' | 'fineDecidedFen' | 'finePaidFen') =>
    rows.reduce((a, r) => a + r[k], 0);

  const causes = new Map<string, number>();
  for (const r of filed) causes.set(r.cause, (causes.get(r.cause) ?? 0) + r.n);
  return {
    year,
    quarter: q.quarter ?? null,
    from: dayOf(from),
    to: dayOf(new Date(to.getTime() - 1)),
    asOf: now.toISOString(),
    town: q.town ?? null,
    totals: figures({
      planRequired: total('planRequired'),
      planDone: total('planDone'),
      inspections: total('inspections'),
      findings: total('findings'),
      casesFiled: total('casesFiled'),
      casesDecided: total('casesDecided'),
      fine: total('fineDecidedFen'),
      paid: total('finePaidFen'),
    }),
    towns: rows,
    byCause: [...causes].map(([cause, cases]) => ({ cause, cases })).sort((a, b) => b.cases - a.cases || a.cause.localeCompare(b.cause)),
    stages: stays.map((s) => ({ stage: s.stage, averageDays: s.n ? Math.round((s.days / s.n) * 10) / 10 : null, cases: s.n })),
  };
}

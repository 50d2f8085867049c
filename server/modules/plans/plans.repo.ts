// The plans module's SQL: plans, the plan view's read model (plan_progress), the counted inspections and the
// campaigns' activity records, the per-town completion totals. Every read of domain rows starts from scopedFrom.
import { type Insertable, type Selectable, sql } from 'kysely';
import { COUNTING_STATES, type InspectionKind, type PlanState, type ProgressSort, type ProgressStatus } from '../../../shared/plans.ts';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { saveVersioned } from '../../platform/lifecycle.save.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import type { PlanActivitiesTable, PlanProgressTable, PlansTable } from './plans.tables.ts';

export type PlanRow = Selectable<PlansTable>;
export type ProgressDbRow = Selectable<PlanProgressTable>;
export type ActivityRow = Selectable<PlanActivitiesTable>;

export function lockPlan(ctx: Ctx, id: string) {
  return ctx.db.selectFrom('plans').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findPlan(ctx: Ctx, id: string) {
  return scopedFrom(ctx, 'plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export const savePlan = saveVersioned<PlanRow>('plans');

export async function nextPlanCode(ctx: Ctx, prefix: 'JH' | 'ZX', year: number): Promise<string> {
  const { rows } = await sql<{ n: number }>`select nextval('plan_code_seq')::int as n`.execute(ctx.db);
  return `${prefix}${year}${String(rows[0].n).padStart(5, '0')}`;
}

export function insertPlan(ctx: Ctx, row: Insertable<PlansTable>) {
  return ctx.db.insertInto('plans').values(row).returningAll().executeTakeFirstOrThrow();
}

export interface PlanFilter {
  kind?: PlansTable['kind'];
  state?: PlanState[];
  year?: number;
  jurisdiction?: string;
}

export function plansQuery(ctx: Ctx, f: PlanFilter) {
  let q = scopedFrom(ctx, 'plans');
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.state?.length) q = q.where('state', 'in', f.state);
  if (f.year) q = q.where('year', '=', f.year);
  if (f.jurisdiction) q = q.where('jurisdiction_code', '=', f.jurisdiction);
  return q;
}

// ── the read model ──────────────────────────────────────────────────────────────────────────────────

export async function insertProgress(ctx: Ctx, rows: Insertable<PlanProgressTable>[]) {
  for (let i = 0; i < rows.length; i += 1000)
    await ctx.db
      .insertInto('plan_progress')
      .values(rows.slice(i, i + 1000))
      .execute();
}

/** Count the inspections already recorded in the plan's period (a plan approved mid-year starts with them). */
export async function recountProgress(ctx: Ctx, plan: Pick<PlanRow, 'id' | 'period_start' | 'period_end'>) {
  await sql`
    update plan_progress p set done = x.n, drawn = x.d, last_inspected_at = x.last
    from (
      select i.enterprise_id, count(*)::int as n, (count(*) filter (where i.kind = 'draw'))::int as d, max(i.at) as last
      from plan_inspections i
      join plan_progress pp on pp.plan_id = ${plan.id} and pp.enterprise_id = i.enterprise_id
      where (i.at at time zone 'Asia/Shanghai')::date between ${plan.period_start}::date and ${plan.period_end}::date
      group by i.enterprise_id
    ) x
    where p.plan_id = ${plan.id} and p.enterprise_id = x.enterprise_id`.execute(ctx.db);
}

/** Record one completed inspection, once: false when this inspection was counted before. */
export async function insertInspection(
  ctx: Ctx,
  row: { inspection_id: string; enterprise_id: string; at: Date; kind: InspectionKind; plan_id: string | null; jurisdiction_code: string },
) {
  const r = await ctx.db
    .insertInto('plan_inspections')
    .values(row)
    .onConflict((oc) => oc.column('inspection_id').doNothing())
    .returning('inspection_id')
    .executeTakeFirst();
  return !!r;
}

/** Count one inspection on every plan that is counting on that day and holds the enterprise; the plans touched. */
export async function countInspection(ctx: Ctx, enterpriseId: string, at: Date, day: string, drawn: boolean): Promise<number> {
  const r = await ctx.db
    .updateTable('plan_progress')
    .set((eb) => ({
      done: eb('done', '+', 1),
      drawn: eb('drawn', '+', drawn ? 1 : 0),
      last_inspected_at: sql<Date>`greatest(last_inspected_at, ${at}::timestamptz)`,
    }))
    .where('enterprise_id', '=', enterpriseId)
    .where('plan_id', 'in', (eb) =>
      eb.selectFrom('plans').select('id').where('state', 'in', COUNTING_STATES).where('period_start', '<=', day).where('period_end', '>=', day),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface ProgressFilter {
  town?: string;
  status?: ProgressStatus[];
  keyUnit?: boolean;
}

/** The plan's rows the caller may see, filtered by town and key unit (the status filter is the caller's). */
export function progressBase(ctx: Ctx, planId: string, f: ProgressFilter) {
  let q = scopedFrom(ctx, 'plan_progress').where('plan_id', '=', planId);
  if (f.town) q = q.where('town_code', '=', f.town);
  if (f.keyUnit !== undefined) q = q.where('key_unit', '=', f.keyUnit);
  return q;
}

const SORT_COLUMNS = { creditCode: 'credit_code', done: 'done', lastInspectedAt: 'last_inspected_at' } as const;

export function progressRows(ctx: Ctx, planId: string, f: ProgressFilter & { sort?: ProgressSort }, limit: number, offset: number) {
  let q = progressBase(ctx, planId, f).selectAll();
  if (f.status?.length) q = q.where('status', 'in', f.status);
  const sort = f.sort ?? 'creditCode';
  const desc = sort.startsWith('-');
  const col = SORT_COLUMNS[sort.replace('-', '') as keyof typeof SORT_COLUMNS];
  q = q.orderBy(col, desc ? 'desc' : 'asc');
  // A credit code is unique; the other keys tie and are broken by the enterprise (the indexes end with it).
  if (col !== 'credit_code') q = q.orderBy('enterprise_id', desc ? 'desc' : 'asc');
  return q.limit(limit).offset(offset).execute();
}

export interface TownStatusCount {
  town_code: string;
  status: ProgressStatus;
  n: number;
  required: number;
  towards: number;
  done: number;
  drawn: number;
}

/** Counts per town and status, from the trigger-kept summary rows (a few per place, not one per enterprise). */
export function progressCounts(ctx: Ctx, planId: string, f: ProgressFilter): Promise<TownStatusCount[]> {
  let q = scopedFrom(ctx, 'plan_progress_counts').where('plan_id', '=', planId).where('n', '>', 0);
  if (f.town) q = q.where('town_code', '=', f.town);
  if (f.keyUnit !== undefined) q = q.where('key_unit', '=', f.keyUnit);
  return q
    .select([
      'town_code',
      'status',
      sql<number>`sum(n)::int`.as('n'),
      sql<number>`sum(required)::int`.as('required'),
      sql<number>`sum(towards)::int`.as('towards'),
      sql<number>`sum(done)::int`.as('done'),
      sql<number>`sum(drawn)::int`.as('drawn'),
    ])
    .groupBy(['town_code', 'status'])
    .orderBy('town_code')
    .execute() as Promise<TownStatusCount[]>;
}

// ── campaigns ───────────────────────────────────────────────────────────────────────────────────────

export function insertActivity(ctx: Ctx, row: Insertable<PlanActivitiesTable>) {
  return ctx.db.insertInto('plan_activities').values(row).returningAll().executeTakeFirstOrThrow();
}

export function activitiesOf(ctx: Ctx, planId: string) {
  return scopedFrom(ctx, 'plan_activities').where('plan_id', '=', planId);
}

export interface CampaignTotals {
  activities: number;
  groups: number;
  checkpoints: number;
  person_times: number;
  unnamed_enterprises: number;
  hazards_found: number;
  hazards_rectified: number;
  parks: number;
  enterprises: number;
}

/** What a campaign's activities add up to: sums, distinct groups and checkpoints, distinct parks/enterprises covered. */
export async function campaignTotals(ctx: Ctx, planId: string): Promise<CampaignTotals> {
  const base = activitiesOf(ctx, planId);
  const sums = await base
    .select([
      sql<number>`count(*)::int`.as('activities'),
      sql<number>`count(distinct group_name)::int`.as('groups'),
      sql<number>`count(distinct checkpoint)::int`.as('checkpoints'),
      sql<number>`coalesce(sum(person_times), 0)::int`.as('person_times'),
      // Enterprises counted without being named (a named list is counted by distinct id below).
      sql<number>`coalesce(sum(enterprises_checked) filter (where cardinality(enterprise_ids) = 0), 0)::int`.as('unnamed_enterprises'),
      sql<number>`coalesce(sum(hazards_found), 0)::int`.as('hazards_found'),
      sql<number>`coalesce(sum(hazards_rectified), 0)::int`.as('hazards_rectified'),
    ])
    .executeTakeFirstOrThrow();
  const distinct = async (col: 'park_ids' | 'enterprise_ids') => {
    const r = await ctx.db
      .selectFrom(base.select(sql<string>`unnest(${sql.ref(col)})`.as('x')).as('u'))
      .select(sql<number>`count(distinct x)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return r.n;
  };
  return { ...sums, parks: await distinct('park_ids'), enterprises: await distinct('enterprise_ids') };
}

// ── plan completion per town, for the 监管执法看板 (the cases module asks through ./api.ts): from the trigger-kept
// plan_progress_counts, inspections done towards what the approved routine plans of the period require ──

export interface PlanTownTotal {
  townCode: string;
  /** Inspections the plans require of the town's enterprises. */
  required: number;
  /** Inspections done, each enterprise counted up to what it requires. */
  done: number;
}

/**
 * The routine plans of a year (the annual ones, `quarter` absent) or of one quarter (the plans of that quarter),
 * approved or running, summed per town over what the caller may see.
 */
export async function planTotalsByTown(ctx: Ctx, year: number, quarter?: number): Promise<PlanTownTotal[]> {
  let q = scopedFrom(ctx, 'plan_progress_counts')
    .innerJoin('plans', 'plans.id', 'plan_progress_counts.plan_id')
    .where('plans.kind', '=', 'routine')
    .where('plans.state', 'in', COUNTING_STATES)
    .where('plans.year', '=', year);
  q = quarter ? q.where('plans.quarter', '=', quarter) : q.where('plans.quarter', 'is', null);
  const rows = await q
    .select([
      'plan_progress_counts.town_code',
      sql<number>`coalesce(sum(plan_progress_counts.required), 0)::int`.as('required'),
      sql<number>`coalesce(sum(plan_progress_counts.towards), 0)::int`.as('towards'),
    ])
    .groupBy('plan_progress_counts.town_code')
    .execute();
  return rows.map((r) => ({ townCode: r.town_code, required: r.required, done: r.towards }));
}

export type { Tx };

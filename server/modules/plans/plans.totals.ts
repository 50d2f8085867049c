// Plan completion per town for the 监管执法看板 (the cases module asks through ./api.ts), from the trigger-kept
// plan_progress_counts: inspections done towards what the approved routine plans of the period require.
import { sql } from 'kysely';
import { COUNTING_STATES } from '../../../shared/plans.ts';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';

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

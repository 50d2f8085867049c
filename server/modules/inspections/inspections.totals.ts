// Counts of enforcement inspections for the 监管执法看板 (the cases module asks through ./api.ts): per town,
// the signed enforcement inspections of a period and the failed items they found.
import { sql } from 'kysely';
import { scopedInspections } from './inspections.repo.ts';

import type { Ctx } from '../../platform/context.ts';

export interface InspectionTownTotal {
  townCode: string;
  inspections: number;
  findings: number;
}

/** Completed enforcement inspections in [from, to) the caller may see, with their failed items, per town. */
export async function inspectionTotalsByTown(ctx: Ctx, from: Date, to: Date): Promise<InspectionTownTotal[]> {
  const rows = await scopedInspections(ctx)
    .where('inspections.kind', '=', 'enforcement')
    .where('inspections.state', '=', 'completed')
    .where('inspections.completed_at', '>=', from)
    .where('inspections.completed_at', '<', to)
    .select(['inspections.town_code', sql<number>`count(*)::int`.as('n'), sql<number>`coalesce(sum(inspections.items_failed), 0)::int`.as('failed')])
    .groupBy('inspections.town_code')
    .execute();
  return rows.map((r) => ({ townCode: r.town_code, inspections: r.n, findings: r.failed }));
}

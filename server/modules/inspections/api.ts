// What other modules may ask the inspections module (they never read its tables): the per-town counts the
// 监管执法看板 shows (scoped to the caller), and the inspections carrying out 双随机 tasks.
import type { InspectionState } from '../../../shared/inspections.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';

export { type InspectionTownTotal, inspectionTotalsByTown } from './inspections.totals.ts';

export interface DrawTaskInspection {
  drawTaskId: string;
  inspectionId: string;
  state: InspectionState;
  completedAt: Date | null;
  itemsFailed: number;
}

/** The live (not cancelled) inspections carrying out these 双随机 tasks, for the draw's pages. */
export async function drawTaskInspections(db: Tx, drawTaskIds: readonly string[]): Promise<DrawTaskInspection[]> {
  if (!drawTaskIds.length) return [];
  const rows = await db
    .selectFrom('inspections')
    .select(['draw_task_id', 'id', 'state', 'completed_at', 'items_failed'])
    .where('draw_task_id', 'in', [...drawTaskIds])
    .where('state', '<>', 'cancelled')
    .execute();
  return rows.map((r) => ({
    drawTaskId: r.draw_task_id as string,
    inspectionId: r.id,
    state: r.state,
    completedAt: r.completed_at,
    itemsFailed: r.items_failed,
  }));
}

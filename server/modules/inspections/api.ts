// What other modules may ask the inspections module (they never read its tables): the per-town counts the
// 监管执法看板 shows (scoped to the caller), the inspections carrying out 双随机 tasks, and an
// inspection named by a write, checked like any reference.
import type { InspectionState } from '../../../shared/inspections.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { requireVisible, type ReferencedRow } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { inspectionLabelRow, liveDrawTaskInspections } from './inspections.repo.ts';
import type { OfficerSnapshot } from './inspections.tables.ts';

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
  const rows = await liveDrawTaskInspections(db, drawTaskIds);
  return rows.map((r) => ({
    drawTaskId: r.draw_task_id as string,
    inspectionId: r.id,
    state: r.state,
    completedAt: r.completed_at,
    itemsFailed: r.items_failed,
  }));
}

export interface InspectionRef extends ReferencedRow {
  /** "JC2026… 某公司执法检查": the words a person reads for it. */
  label: string;
  state: string;
  /** Its officers as checked when it was made (行政处罚法 §42). */
  officers: OfficerSnapshot[];
}

/** An inspection the caller may see (a missing one and one outside the scope alike: a field error, or `notFound`). */
export async function requireInspection(ctx: Ctx, id: string, field: string, opts: { notFound?: () => Error } = {}): Promise<InspectionRef> {
  const ref = await requireVisible(ctx, 'inspections', id, field, opts);
  const row = await inspectionLabelRow(ctx, ref.id);
  return { ...ref, label: `${row.code} ${row.title}`, state: row.state, officers: row.officers };
}

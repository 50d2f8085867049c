// What other modules may ask the draws module (they never read its tables): a task a 双随机 draw gave, for the
// inspections module to start as an enforcement inspection with the drawn officers.
import type { Ctx } from '../../platform/context.ts';
import { scopedFrom } from '../../platform/access.ts';

export interface DrawnTask {
  id: string;
  drawId: string;
  drawCode: string;
  enterpriseId: string;
  enterpriseName: string;
  inspectorIds: string[];
  dueDate: string;
}

/** A live task (its draw drawn, its round not replaced by a redraw) the caller may see, or undefined. */
export async function drawnTask(ctx: Ctx, id: string): Promise<DrawnTask | undefined> {
  const t = await scopedFrom(ctx, 'draw_tasks')
    .innerJoin('draws', 'draws.id', 'draw_tasks.draw_id')
    .where('draw_tasks.id', '=', id)
    .where('draw_tasks.superseded', '=', false)
    .where('draws.state', '=', 'drawn')
    .select([
      'draw_tasks.id',
      'draw_tasks.draw_id',
      'draws.code',
      'draw_tasks.enterprise_id',
      'draw_tasks.enterprise_name',
      'draw_tasks.inspector_ids',
      'draw_tasks.due_date',
    ])
    .executeTakeFirst();
  return (
    t && {
      id: t.id,
      drawId: t.draw_id,
      drawCode: t.code,
      enterpriseId: t.enterprise_id,
      enterpriseName: t.enterprise_name,
      inspectorIds: t.inspector_ids,
      dueDate: t.due_date,
    }
  );
}

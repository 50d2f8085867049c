// What other modules may ask the draws module (they never read its tables): a task a 双随机 draw gave, for the
// inspections module to start as an enforcement inspection with the drawn officers.
import type { Ctx } from '../../platform/context.ts';
import { scopedFrom } from '../../platform/access.ts';
import { liveTask } from './draws.repo.ts';

export interface DrawnTask {
  id: string;
  drawId: string;
  drawCode: string;
  enterpriseId: string;
  enterpriseName: string;
  inspectorIds: string[];
  dueDate: string;
}

/**
 * Where a live task's enterprise is and who was drawn for it, read without scope: for the inspections module
 * to let a drawn officer start the task outside their own town (交叉检查). The caller returns none of it.
 */
export async function drawnTeam(ctx: Ctx, id: string): Promise<{ jurisdictionCode: string; inspectorIds: string[] } | undefined> {
  const t = await liveTask(ctx.db.selectFrom('draw_tasks'), id).select(['draw_tasks.jurisdiction_code', 'draw_tasks.inspector_ids']).executeTakeFirst();
  return t && { jurisdictionCode: t.jurisdiction_code, inspectorIds: t.inspector_ids };
}

/** A live task the caller may see, or undefined. */
export async function drawnTask(ctx: Ctx, id: string): Promise<DrawnTask | undefined> {
  const t = await liveTask(scopedFrom(ctx, 'draw_tasks'), id)
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

// What other modules may ask the draws module (they never read its tables): the tasks a 双随机 draw gave, for
// the inspections module to turn into inspections.
import type { Ctx } from '../../platform/context.ts';
import { scopedFrom } from '../../platform/access.ts';

/** The live (not superseded) tasks of drawn draws the caller may see, newest first. */
export function drawnTasks(ctx: Ctx, opts: { enterpriseId?: string; limit?: number } = {}) {
  let q = scopedFrom(ctx, 'draw_tasks').where('superseded', '=', false);
  if (opts.enterpriseId) q = q.where('enterprise_id', '=', opts.enterpriseId);
  return q
    .select([
      'id',
      'draw_id',
      'round',
      'seq',
      'enterprise_id',
      'enterprise_name',
      'jurisdiction_code',
      'inspector_ids',
      'inspector_names',
      'due_date',
      'drawn_at',
    ])
    .orderBy('drawn_at', 'desc')
    .limit(opts.limit ?? 100)
    .execute();
}

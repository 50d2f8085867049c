// 交叉检查: an officer named on an inspection (drawn by 双随机 with the cross-area option, say) does it wherever
// the enterprise is. The widening is one code — the inspection's jurisdiction — for one request, and only for
// the officers named on the row; every scoped check after it (reads, the lifecycle's scope, the hazards and
// plans calls) still runs, against the widened actor. Anyone else gets the same 404 as before.
import { widenScope } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { licenceUnits } from '../../platform/enforcement/licences.ts';
import { drawnTeam } from '../draws/api.ts';
import { inspectionById } from './inspections.repo.ts';

/** When the actor is one of the row's officers: ctx widened to the row's jurisdiction; otherwise ctx unchanged. */
export function officerCtx(ctx: Ctx, row: { jurisdiction_code: string; officers: readonly { userId: string }[] } | undefined): Ctx {
  if (!row?.officers.some((o) => o.userId === ctx.actor.id)) return ctx;
  return widenScope(ctx, [row.jurisdiction_code]);
}

/** officerCtx for the inspection with this id, read without scope (nothing of it is returned). */
export async function asOfficer(ctx: Ctx, id: string): Promise<Ctx> {
  return officerCtx(ctx, await inspectionById(ctx, id));
}

/**
 * Starting a 双随机 task: when the actor is one of the task's drawn officers, ctx widened to the task's town (the
 * drawn enterprise's) for the creation; `team` also covers the units of the drawn officers' licences, for
 * checking those licences only (a teammate may come from a third town or the district). Otherwise ctx unchanged.
 */
export async function drawnOfficerCtx(ctx: Ctx, drawTaskId: string | undefined): Promise<{ ctx: Ctx; team: Ctx }> {
  const task = drawTaskId ? await drawnTeam(ctx, drawTaskId) : undefined;
  if (!task?.inspectorIds.includes(ctx.actor.id)) return { ctx, team: ctx };
  const place = widenScope(ctx, [task.jurisdictionCode]);
  return { ctx: place, team: widenScope(place, await licenceUnits(ctx, task.inspectorIds)) };
}

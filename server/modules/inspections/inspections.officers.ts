// 交叉检查: an officer named on an inspection (drawn by 双随机 with the cross-area option, say) does it wherever
// the enterprise is. The widening is one code — the inspection's jurisdiction — for one request, and only for
// the officers named on the row; every scoped check after it (reads, the lifecycle's scope, the hazards and
// plans calls) still runs, against the widened actor. Anyone else gets the same 404 as before.
import { coversJurisdiction } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { drawnTeam } from '../draws/api.ts';
import { inspectionById } from './inspections.repo.ts';

/** ctx whose actor also covers `codes` (the caller's own jurisdictions kept). */
export function widened(ctx: Ctx, codes: readonly string[]): Ctx {
  const extra = [...new Set(codes)].filter((c) => c && !coversJurisdiction(ctx.actor, c));
  return extra.length ? { ...ctx, actor: { ...ctx.actor, jurisdictions: [...ctx.actor.jurisdictions, ...extra] } } : ctx;
}

/** When the actor is one of the row's officers: ctx widened to the row's jurisdiction; otherwise ctx unchanged. */
export function officerCtx(ctx: Ctx, row: { jurisdiction_code: string; officers: readonly { userId: string }[] } | undefined): Ctx {
  if (!row?.officers.some((o) => o.userId === ctx.actor.id)) return ctx;
  return widened(ctx, [row.jurisdiction_code]);
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
  const place = widened(ctx, [task.jurisdictionCode]);
  const units = await ctx.db.selectFrom('enforcement_licences').select('unit_code').where('user_id', 'in', task.inspectorIds).execute();
  return {
    ctx: place,
    team: widened(
      place,
      units.map((u) => u.unit_code),
    ),
  };
}

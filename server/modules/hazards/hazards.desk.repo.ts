// The work desk's queries over hazards in the caller's scope (the ledger's own filter, so the counts match the
// lists the desk links to).
import { DEADLINE_STATES } from '../../../shared/hazards.ts';
import type { Ctx } from '../../platform/context.ts';
import { countCapped } from '../../platform/pagination.ts';
import { type LedgerFilter, ledgerQuery } from './hazards.repo.ts';
import { reportsPage } from './hazards.reports.repo.ts';

export const countHazards = (ctx: Ctx, f: LedgerFilter) => countCapped(ctx.db, ledgerQuery(ctx, f));

export async function countPendingExtensions(ctx: Ctx) {
  const { total, capped } = await countCapped(
    ctx.db,
    ledgerQuery(ctx, {}).innerJoin('hazard_extensions', 'hazard_extensions.hazard_id', 'hazards.id').where('hazard_extensions.status', '=', 'pending'),
  );
  return { total, capped };
}

export async function countSubmittedReports(ctx: Ctx) {
  const { total, totalCapped } = await reportsPage(ctx, 'submitted', 1, 1);
  return { total, capped: totalCapped };
}

/** Rectification deadlines before `until` (overdue ones included), soonest first. */
export function deadlinesBefore(ctx: Ctx, until: Date, limit: number) {
  return ledgerQuery(ctx, { state: [...DEADLINE_STATES] })
    .where('hazards.deadline', 'is not', null)
    .where('hazards.deadline', '<', until)
    .leftJoin('org_units as town', 'town.code', 'hazards.town_code')
    .select(['hazards.id', 'hazards.code', 'hazards.title', 'hazards.deadline', 'hazards.overdue', 'town.name as town_name'])
    .orderBy('hazards.deadline')
    .limit(limit)
    .execute();
}

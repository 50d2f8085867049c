// SQL for public reports (举报): the reporter's submission and tracking look-up, the staff's scoped reads and decisions.
import type { Insertable, Updateable } from 'kysely';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { countCapped } from '../../platform/pagination.ts';
import type { HazardReportsTable } from './hazards.tables.ts';

export function findTown(db: Tx, code: string) {
  return db.selectFrom('org_units').select('code').where('code', '=', code).where('kind', '=', 'town').executeTakeFirst();
}

export function insertReport(trx: Tx, row: Insertable<HazardReportsTable>) {
  return trx.insertInto('hazard_reports').values(row).execute();
}

/** The reporter's look-up by tracking code: no scope (the code is the credential). */
export function reportByTrackingCode(db: Tx, code: string) {
  return db.selectFrom('hazard_reports').selectAll().where('tracking_code', '=', code).executeTakeFirst();
}

export function hazardCodeAndState(db: Tx, id: string) {
  return db.selectFrom('hazards').select(['code', 'state']).where('id', '=', id).executeTakeFirst();
}

/** Reports in scope, newest first. No enterprise column: enterprise-confined actors see none (scopeWhere gives false). */
export async function reportsPage(ctx: Ctx, status: string | undefined, page: number, pageSize: number) {
  let base = scopedFrom(ctx, 'hazard_reports');
  if (status) base = base.where('status', '=', status as never);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    countCapped(ctx.db, base),
  ]);
  return { rows, total: count.total, totalCapped: count.capped };
}

export function findReport(ctx: Ctx, id: string) {
  return scopedFrom(ctx, 'hazard_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockReport(trx: Tx, id: string) {
  return trx.selectFrom('hazard_reports').select('status').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

export function updateReport(trx: Tx, id: string, patch: Updateable<HazardReportsTable>) {
  return trx.updateTable('hazard_reports').set(patch).where('id', '=', id).execute();
}

/** An accepted report's photos become the hazard's photos (same files, readable in the hazard's scope). */
export function setHazardPhotos(trx: Tx, hazardId: string, photoIds: string[]) {
  return trx.updateTable('hazards').set({ photo_ids: photoIds }).where('id', '=', hazardId).execute();
}

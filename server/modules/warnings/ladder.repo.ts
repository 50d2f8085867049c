// SQL of the call-response ladder (ladder.ts): recipients and their attempts as they are written, the
// next due action, the pass that moves people on or marks them 未叫醒, the superiors an escalation goes to,
// and the quarterly acknowledgement statistics. Every function reads and writes through ctx.db.
import { type Insertable, sql } from 'kysely';
import type { Channel } from '../../../shared/warnings.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DeliveryAttemptsTable, WarningRecipientsTable } from './warnings.tables.ts';
import { anyUuid } from './warnings.repo.ts';

/** Insert recipients (a person already on the warning is skipped); answers the new ones with their ladders. */
export function insertRecipients(ctx: Ctx, rows: Insertable<WarningRecipientsTable>[]) {
  return ctx.db
    .insertInto('warning_recipients')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'channels'])
    .execute();
}

export async function insertAttempts(ctx: Ctx, rows: Insertable<DeliveryAttemptsTable>[]) {
  if (rows.length) await ctx.db.insertInto('delivery_attempts').values(rows).execute();
}

/** The earliest next action of a warning's pending recipients, or null when nobody is pending. */
export async function nextActionAt(ctx: Ctx, warningId: string): Promise<Date | null> {
  const next = await ctx.db
    .selectFrom('warning_recipients')
    .select((eb) => eb.fn.min('next_action_at').as('at'))
    .where('warning_id', '=', warningId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return next?.at ? new Date(next.at as Date) : null;
}

/** A warning ended: its pending recipients close and its unsent attempts are cancelled. */
export async function closeLadder(ctx: Ctx, warningId: string) {
  await ctx.db
    .updateTable('warning_recipients')
    .set({ state: 'closed', next_action_at: null })
    .where('warning_id', '=', warningId)
    .where('state', '=', 'pending')
    .execute();
  await cancelPendingAttempts(ctx, { warningId }, 'warning ended before sending');
}

/** The unsent attempts of a whole warning, or of some of its recipients, are cancelled, saying why. */
export async function cancelPendingAttempts(ctx: Ctx, of: { warningId: string } | { recipientIds: string[] }, result: string) {
  const pending = ctx.db.updateTable('delivery_attempts').set({ state: 'cancelled', result }).where('state', '=', 'pending');
  await ('warningId' in of ? pending.where('warning_id', '=', of.warningId) : pending.where('recipient_id', 'in', of.recipientIds)).execute();
}

export function ladderWarning(ctx: Ctx, id: string) {
  return ctx.db.selectFrom('warnings').select(['id', 'level', 'status']).where('id', '=', id).executeTakeFirst();
}

export interface DueRow {
  id: string;
  step: number;
  channels: Channel[];
  superior_id: string | null;
  town_code: string;
  enterprise_id: string | null;
}

/** The warning's pending recipients whose next action is due, with their superior. */
export async function dueRecipients(ctx: Ctx, warningId: string, now: Date): Promise<DueRow[]> {
  return (await ctx.db
    .selectFrom('warning_recipients as r')
    .leftJoin('responsible_persons as p', 'p.id', 'r.person_id')
    .select(['r.id', 'r.step', 'r.channels', 'p.superior_id', 'r.town_code', 'r.enterprise_id'])
    .where('r.warning_id', '=', warningId)
    .where('r.state', '=', 'pending')
    .where('r.next_action_at', '<=', now)
    .execute()) as DueRow[];
}

/** Move these recipients to their next channel (they are overdue now). */
export async function stepOn(ctx: Ctx, ids: string[], retryAt: Date) {
  await ctx.db
    .updateTable('warning_recipients')
    .set((eb) => ({ step: eb('step', '+', 1), overdue: true, next_action_at: retryAt }))
    .where('id', '=', anyUuid(ids))
    .execute();
}

/** Every channel tried, nobody answered: 未叫醒. */
export async function markNotReached(ctx: Ctx, ids: string[], now: Date) {
  await ctx.db
    .updateTable('warning_recipients')
    .set({ state: 'not_reached', not_reached_at: now, overdue: true, next_action_at: null })
    .where('id', '=', anyUuid(ids))
    .execute();
}

/** The active 防汛责任人 of these towns, oldest first (an enterprise's escalation goes to its town's). */
export function townChiefs(ctx: Ctx, towns: string[]) {
  return ctx.db
    .selectFrom('responsible_persons')
    .select(['id', 'jurisdiction_code'])
    .where('role', '=', 'flood_chief')
    .where('active', '=', true)
    .where('jurisdiction_code', 'in', towns)
    .orderBy('created_at')
    .execute();
}

export function activePersons(ctx: Ctx, ids: string[]) {
  return ctx.db.selectFrom('responsible_persons').selectAll().where('id', 'in', ids).where('active', '=', true).execute();
}

/** Recompute the acknowledgement rate per town for warnings released in [start, end) (targets only). */
export async function writeQuarterStats(ctx: Ctx, quarter: string, start: Date, end: Date, now: Date) {
  await sql`
    insert into warning_ack_stats (town_code, quarter, warnings, recipients, acknowledged, on_time, not_reached, computed_at)
    select r.town_code, ${quarter}, count(distinct r.warning_id)::int, count(*)::int, count(r.acked_at)::int,
      (count(*) filter (where r.acked_at <= r.deadline_at))::int, (count(*) filter (where r.state = 'not_reached'))::int, ${now}
    from warning_recipients r
    join warnings w on w.id = r.warning_id
    join org_units o on o.code = r.town_code and o.kind = 'town'
    where r.kind = 'target' and w.released_at >= ${start} and w.released_at < ${end}
    group by r.town_code
    on conflict (town_code, quarter) do update set warnings = excluded.warnings, recipients = excluded.recipients,
      acknowledged = excluded.acknowledged, on_time = excluded.on_time, not_reached = excluded.not_reached, computed_at = excluded.computed_at`.execute(ctx.db);
}

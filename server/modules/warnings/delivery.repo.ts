// SQL of the recipients' side: the one-tap link's view, acknowledgements (one at a time and the group
// commit of acks.ts), the measures report, the delivery relay's claim/record steps, and the outbox. No
// scope here unless said: the signed link, the signed-in recipient or the reply code is the authority,
// and the relay is the system. Every function reads and writes through ctx.db.
import { type Selectable, sql } from 'kysely';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { type AckVia, type Channel, DELIVERY_STATES, type DeliveryState } from '../../../shared/warnings.ts';
import { fetchPage, whereContains } from '../../platform/pagination.ts';
import type { WarningRecipientsTable } from './warnings.tables.ts';
import { cancelPendingAttempts } from './ladder.repo.ts';
import { anyUuid } from './warnings.repo.ts';

type RecipientRow = Selectable<WarningRecipientsTable>;

export interface LinkView {
  name: string;
  state: string;
  ackedAt: Date | null;
  deadlineAt: Date;
  measures: string | null;
  peopleMoved: number | null;
  measuresAt: Date | null;
  photoCount: number;
  warning: {
    headline: string;
    level: string;
    eventName: string;
    areaDesc: string;
    description: string;
    instruction: string | null;
    status: string;
    expires: Date | null;
  };
}

/** What the one-tap page shows for recipients. */
export async function linkViews(ctx: Ctx, recipientIds: string[]): Promise<Map<string, LinkView>> {
  if (recipientIds.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('warning_recipients as r')
    .innerJoin('warnings as w', 'w.id', 'r.warning_id')
    .select([
      'r.id',
      'r.name',
      'r.state',
      'r.acked_at',
      'r.deadline_at',
      'r.measures',
      'r.people_moved',
      'r.measures_at',
      'r.measures_photo_ids',
      'w.headline',
      'w.level',
      'w.event_name',
      'w.area_desc',
      'w.description',
      'w.instruction',
      'w.status',
      'w.expires',
    ])
    .where('r.id', 'in', recipientIds)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        name: r.name,
        state: r.state,
        ackedAt: r.acked_at,
        deadlineAt: r.deadline_at,
        measures: r.measures,
        peopleMoved: r.people_moved,
        measuresAt: r.measures_at,
        photoCount: r.measures_photo_ids.length,
        warning: {
          headline: r.headline,
          level: r.level,
          eventName: r.event_name,
          areaDesc: r.area_desc,
          description: r.description,
          instruction: r.instruction,
          status: r.status,
          expires: r.expires as Date | null,
        },
      },
    ]),
  );
}

export async function linkView(ctx: Ctx, recipientId: string): Promise<LinkView> {
  const v = (await linkViews(ctx, [recipientId])).get(recipientId);
  if (!v) throw notFound('叫应对象', 'Recipient');
  return v;
}

/** A recipient row, locked for the rest of the transaction. */
export function lockRecipient(ctx: Ctx, id: string): Promise<RecipientRow | undefined> {
  return ctx.db.selectFrom('warning_recipients').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Lock the recipients a batch of taps names. */
export function lockRecipients(ctx: Ctx, ids: string[]) {
  return ctx.db.selectFrom('warning_recipients').select(['id', 'warning_id', 'name', 'state', 'acked_at']).where('id', 'in', ids).forUpdate().execute();
}

/** Acknowledged: pending attempts are cancelled and the escalations they started close (the superior need not go). */
export async function acknowledgeMany(ctx: Ctx, ids: string[], via: AckVia, now: Date) {
  await ctx.db
    .updateTable('warning_recipients')
    .set({ state: 'acknowledged', acked_at: now, ack_via: via, next_action_at: null })
    .where('id', 'in', ids)
    .execute();
  await cancelPendingAttempts(ctx, { recipientIds: ids }, '已确认，无需再发');
  await ctx.db
    .updateTable('warning_recipients')
    .set({ state: 'closed', next_action_at: null })
    .where('kind', '=', 'escalation')
    .where('escalated_from', 'in', ids)
    .where('state', '=', 'pending')
    .execute();
}

export async function markAcknowledged(ctx: Ctx, r: Pick<RecipientRow, 'id'>, via: AckVia, now: Date): Promise<RecipientRow> {
  await acknowledgeMany(ctx, [r.id], via, now);
  return ctx.db.selectFrom('warning_recipients').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
}

/** The measures report of an acknowledged recipient; undefined when it has not acknowledged. */
export function writeMeasures(ctx: Ctx, id: string, m: { measures: string; peopleMoved: number | null }, now: Date): Promise<RecipientRow | undefined> {
  return ctx.db
    .updateTable('warning_recipients')
    .set({ measures: m.measures, people_moved: m.peopleMoved, measures_at: now })
    .where('id', '=', id)
    .where('acked_at', 'is not', null)
    .returningAll()
    .executeTakeFirst();
}

export async function setMeasuresPhotos(ctx: Ctx, id: string, fileIds: string[]) {
  await ctx.db.updateTable('warning_recipients').set({ measures_photo_ids: fileIds }).where('id', '=', id).execute();
}

export function recipientOwner(ctx: Ctx, id: string) {
  return ctx.db.selectFrom('warning_recipients').select(['id', 'user_id']).where('id', '=', id).executeTakeFirst();
}

/** The newest open recipient reached at this phone with this reply code. */
export function openRecipientByReply(ctx: Ctx, phone: string, code: string) {
  return ctx.db
    .selectFrom('warning_recipients')
    .select(['id', 'warning_id'])
    .where('phone', '=', phone)
    .where('reply_code', '=', code)
    .where('state', 'in', ['pending', 'not_reached'])
    .where('acked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// ── single-use link tokens ─────────────────────────────────────────────────────────────────────────
export interface UsedToken {
  nonce: string;
  recipient_id: string;
  purpose: string;
  used_at: Date;
  expires_at: Date;
}

/** Record these nonces as used; answers the ones that were not used before. */
export async function consumeNonces(ctx: Ctx, rows: UsedToken[]): Promise<Set<string>> {
  const consumed = await ctx.db
    .insertInto('warning_used_tokens')
    .values(rows)
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .execute();
  return new Set(consumed.map((c) => c.nonce));
}

/** Give nonces back (a refused tap does not use up its link). */
export async function releaseNonces(ctx: Ctx, nonces: string[]) {
  if (nonces.length) await ctx.db.deleteFrom('warning_used_tokens').where('nonce', 'in', nonces).execute();
}

// ── the relay ──────────────────────────────────────────────────────────────────────────────────────
export interface Claimed {
  id: string;
  warning_id: string;
  recipient_id: string;
  channel: Channel;
  step: number;
  prev: string;
}

/** Claim due attempts (pending, or sending with a run-out lease) and mark them sending; committed at once. */
export async function claimDue(ctx: Ctx, now: Date, leaseUntil: Date, batch: number): Promise<Claimed[]> {
  return (
    await sql<Claimed>`
      with c as (
        select id, state as prev from delivery_attempts
        where state = 'pending' or (state = 'sending' and lease_until < ${now})
        order by created_at, id limit ${batch}
        for update skip locked)
      update delivery_attempts d set state = 'sending', sending_at = ${now}, lease_until = ${leaseUntil}
      from c where d.id = c.id
      returning d.id, d.warning_id, d.recipient_id, d.channel, d.step, c.prev`.execute(ctx.db)
  ).rows;
}

/** What a message to these recipients says. */
export function messageRows(ctx: Ctx, recipientIds: string[]) {
  return ctx.db
    .selectFrom('warning_recipients as r')
    .innerJoin('warnings as w', 'w.id', 'r.warning_id')
    .leftJoin('warning_recipients as f', 'f.id', 'r.escalated_from')
    .select([
      'r.id',
      'r.name',
      'r.phone',
      'r.email',
      'r.reply_code',
      'r.kind',
      'f.name as from_name',
      'w.level',
      'w.event_type',
      'w.headline',
      'w.area_desc',
      'w.expires',
    ])
    .where('r.id', '=', anyUuid([...new Set(recipientIds)]))
    .execute();
}

export interface OutboxRow {
  attempt_id: string;
  channel: Channel;
  address: string | null;
  payload: string;
  created_at: Date;
  link_relative: boolean;
}

export async function writeOutbox(ctx: Ctx, rows: OutboxRow[]) {
  for (let i = 0; i < rows.length; i += 2500) {
    await ctx.db
      .insertInto('warning_outbox')
      .values(rows.slice(i, i + 2500))
      .onConflict((oc) => oc.column('attempt_id').doNothing())
      .execute();
  }
}

/** In-app and outbox sends are done once written: mark them, saying plainly that nothing left the machine. */
export async function markLocalSent(ctx: Ctx, ids: string[], now: Date) {
  await ctx.db
    .updateTable('delivery_attempts')
    .set({
      state: 'sent',
      sent_at: now,
      lease_until: null,
      mode: sql`case when channel = 'inapp' then 'inapp' else 'outbox' end`,
      provider_id: sql`case when channel = 'inapp' then 'inapp:' || id::text else 'outbox:' || id::text end`,
      result: sql`case when channel = 'inapp' then '已推送站内消息' else '已写入发件箱（outbox 模式，未真正发出）' end`,
    })
    .where('id', '=', anyUuid(ids))
    .where('state', '=', 'sending')
    .execute();
}

/** A live send the gateway accepted. */
export async function markLiveSent(ctx: Ctx, id: string, now: Date, res: { providerId: string; result: string }) {
  await ctx.db
    .updateTable('delivery_attempts')
    .set({ state: 'sent', sent_at: now, lease_until: null, mode: 'live', provider_id: res.providerId, result: res.result })
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .execute();
}

export async function markFailed(ctx: Ctx, id: string, error: string, result: string) {
  await ctx.db
    .updateTable('delivery_attempts')
    .set({ state: 'failed', lease_until: null, mode: 'live', error, result })
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .execute();
}

/** Move a still-pending recipient at this step on to its next channel now; false when it has moved on already. */
export async function moveOnNow(ctx: Ctx, recipientId: string, step: number, now: Date): Promise<boolean> {
  const moved = await ctx.db
    .updateTable('warning_recipients')
    .set({ next_action_at: now })
    .where('id', '=', recipientId)
    .where('step', '=', step)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) > 0;
}

/**
 * A message to these recipients got as far as `how`: their delivery state moves up to it (never down), and
 * reached_at marks the first time anything was done for them (an outbox record counts: the delivery state
 * says what it was).
 */
export async function markReached(ctx: Ctx, recipientIds: string[], now: Date, how: DeliveryState) {
  if (!recipientIds.length) return;
  const order = sql.val([...DELIVERY_STATES]);
  await ctx.db
    .updateTable('warning_recipients')
    .set({
      reached_at: sql`coalesce(reached_at, ${now})`,
      delivery: sql`case when coalesce(array_position(${order}::text[], delivery), 0) < array_position(${order}::text[], ${how}::text) then ${how}::text else delivery end`,
    })
    .where('id', '=', anyUuid([...new Set(recipientIds)]))
    .execute();
}

/**
 * A gateway's delivery receipt for one of our attempts (by its id or the provider's): delivered, or failed
 * at the phone. Answers the attempt, or undefined when no live attempt has this id.
 */
export async function recordReceipt(ctx: Ctx, id: string, r: { delivered: boolean; at: Date; text: string }) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const a = await ctx.db
    .selectFrom('delivery_attempts')
    .select(['id', 'recipient_id', 'warning_id', 'channel'])
    .where('mode', '=', 'live')
    .where('state', '=', 'sent')
    .where((eb) => (isUuid ? eb.or([eb('id', '=', id), eb('provider_id', '=', id)]) : eb('provider_id', '=', id)))
    .forUpdate()
    .executeTakeFirst();
  if (!a) return undefined;
  await ctx.db
    .updateTable('delivery_attempts')
    .set({ delivered_at: r.delivered ? r.at : null, receipt: r.text })
    .where('id', '=', a.id)
    .execute();
  if (r.delivered) await markReached(ctx, [a.recipient_id], r.at, 'delivered');
  return a;
}

// ── the outbox ─────────────────────────────────────────────────────────────────────────────────────
export interface OutboxFilter {
  warningId?: string;
  channel?: Channel;
  q?: string;
  page: number;
  pageSize: number;
}

/**
 * The outbox (what the outbox channels would have sent: per recipient and channel, with the link), newest
 * first, within the caller's scope, with where the recipient stands now.
 */
export async function outboxPage(ctx: Ctx, f: OutboxFilter) {
  let q = scopedFrom(ctx, 'warning_recipients')
    .innerJoin('delivery_attempts as a', 'a.recipient_id', 'warning_recipients.id')
    .innerJoin('warning_outbox as o', 'o.attempt_id', 'a.id');
  if (f.warningId) q = q.where('warning_recipients.warning_id', '=', f.warningId);
  if (f.channel) q = q.where('o.channel', '=', f.channel);
  q = whereContains(q, f.q, ['warning_recipients.name', 'o.address']);
  const rows = (base: typeof q) =>
    base
      .innerJoin('warnings as w', 'w.id', 'warning_recipients.warning_id')
      .select([
        'o.attempt_id',
        'o.channel',
        'o.address',
        'o.payload',
        'o.created_at',
        'o.link_relative',
        'a.step',
        'warning_recipients.id as recipient_id',
        'warning_recipients.name',
        'warning_recipients.warning_id',
        'warning_recipients.town_code',
        'warning_recipients.state as recipient_state',
        'warning_recipients.acked_at',
        'warning_recipients.measures_at',
        'w.headline',
        'w.status as warning_status',
      ])
      .orderBy('o.created_at', 'desc')
      .orderBy('o.attempt_id');
  return fetchPage(ctx.db, q, rows, f);
}

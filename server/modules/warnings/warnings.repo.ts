// Reads of warnings, recipients and persons, always limited to the caller's scope. A warning is visible
// to whoever's jurisdiction holds its issuer or whose town its area touches.
import { type ExpressionBuilder, type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import { scopedFrom, scopeWhere } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { fetchPage, whereContains } from '../../platform/pagination.ts';
import { prefixLike } from '../../platform/sql.ts';
import type { WarningLevel, WarningState } from '../../../shared/warnings.ts';
import type { WarningsTable } from './warnings.tables.ts';

export type WarningRow = Selectable<WarningsTable>;

/** `= any($1::uuid[])`: one array parameter instead of a thousand placeholders. */
export const anyUuid = (ids: string[]) => sql<string>`any(${ids}::uuid[])`;

/**
 * The platform's scope rule (scopeWhere on the issuing jurisdiction), widened for reading only: a town also
 * sees the warnings whose area reaches it. Acting on a warning needs the strict rule (assertInScope).
 */
export function warningVisible(ctx: Ctx) {
  const towns = [...new Set(ctx.actor.jurisdictions.filter((p) => p.length >= 9).map((p) => p.slice(0, 9)))];
  const own = scopeWhere(ctx, { jurisdiction: 'warnings.jurisdiction_code' });
  return (eb: ExpressionBuilder<DB, 'warnings'>) =>
    towns.length && !ctx.actor.enterpriseId ? eb.or([own(eb), sql<boolean>`warnings.town_codes && ${sql.val(towns)}::text[]`]) : own(eb);
}

function visibleWarnings(ctx: Ctx) {
  return ctx.db.selectFrom('warnings').where(warningVisible(ctx));
}

export interface WarningFilter {
  status?: WarningState;
  level?: WarningLevel;
  source?: 'platform' | 'external';
  q?: string;
  page: number;
  pageSize: number;
}

/** A page of visible warnings, newest first, with their target and acknowledged counts. */
export async function listWarnings(ctx: Ctx, f: WarningFilter) {
  let base = visibleWarnings(ctx);
  if (f.status) base = base.where('status', '=', f.status);
  if (f.level) base = base.where('level', '=', f.level);
  if (f.source) base = base.where('source', '=', f.source);
  base = whereContains(base, f.q, ['headline', 'identifier']);
  const rows = (q: typeof base) =>
    q
      .select([
        'id',
        'identifier',
        'source',
        'msg_type',
        'status',
        'event_type',
        'event_name',
        'level',
        'headline',
        'area_desc',
        'town_codes',
        'onset',
        'expires',
        'released_at',
        'created_at',
        'sender_name',
      ])
      .select((eb) => [
        eb
          .selectFrom('warning_recipients as r')
          .select(eb.fn.countAll<number>().as('c'))
          .whereRef('r.warning_id', '=', 'warnings.id')
          .where('r.kind', '=', 'target')
          .as('recipients'),
        eb
          .selectFrom('warning_recipients as r')
          .select(eb.fn.countAll<number>().as('c'))
          .whereRef('r.warning_id', '=', 'warnings.id')
          .where('r.kind', '=', 'target')
          .where('r.acked_at', 'is not', null)
          .as('acknowledged'),
      ])
      .orderBy('created_at', 'desc');
  return fetchPage(ctx.db, base, rows, f);
}

/** Which of these division codes exist. */
export async function knownDivisions(ctx: Ctx, codes: string[]): Promise<Set<string>> {
  const rows = await ctx.db.selectFrom('org_units').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}

/** The names of these divisions, in code order. */
export async function divisionNames(ctx: Ctx, codes: string[]): Promise<string[]> {
  const rows = await ctx.db.selectFrom('org_units').select('name').where('code', 'in', codes).orderBy('code').execute();
  return rows.map((r) => r.name);
}

export function insertWarning(ctx: Ctx, row: Insertable<WarningsTable>): Promise<WarningRow> {
  return ctx.db.insertInto('warnings').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateWarningRow(ctx: Ctx, id: string, set: Updateable<WarningsTable>): Promise<WarningRow> {
  return ctx.db.updateTable('warnings').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** A warning locked for the rest of the transaction (no scope: the caller checks it). */
export function lockWarning(ctx: Ctx, id: string): Promise<WarningRow | undefined> {
  return ctx.db.selectFrom('warnings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** How many identifiers start with this prefix (the GB/T serial of the second). */
export async function countIdentifiers(ctx: Ctx, prefix: string): Promise<number> {
  const r = await ctx.db
    .selectFrom('warnings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('identifier', 'like', prefixLike(prefix))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function setTownCodes(ctx: Ctx, id: string, towns: string[]) {
  await ctx.db.updateTable('warnings').set({ town_codes: towns }).where('id', '=', id).execute();
}

/** Has call-response started for this warning (any recipient written)? */
export async function hasRecipients(ctx: Ctx, warningId: string): Promise<boolean> {
  return !!(await ctx.db.selectFrom('warning_recipients').select('id').where('warning_id', '=', warningId).limit(1).executeTakeFirst());
}

/** The warning holding a CAP identifier, whichever sender's. */
export function warningByIdentifier(ctx: Ctx, identifier: string) {
  return ctx.db.selectFrom('warnings').select(['id', 'sender']).where('identifier', '=', identifier).executeTakeFirst();
}

export async function warningsByIdentifiers(ctx: Ctx, identifiers: string[]): Promise<WarningRow[]> {
  if (!identifiers.length) return [];
  return ctx.db.selectFrom('warnings').selectAll().where('identifier', 'in', identifiers).execute();
}

const PUBLISHED: WarningState[] = ['released', 'superseded', 'cancelled'];

/** One of our own published messages (public: the CAP document). */
export function publishedWarning(ctx: Ctx, id: string): Promise<WarningRow | undefined> {
  return ctx.db.selectFrom('warnings').selectAll().where('id', '=', id).where('source', '=', 'platform').where('status', 'in', PUBLISHED).executeTakeFirst();
}

/**
 * The Atom feed: the latest message of each of our published chains — a released warning, or the Update or
 * Cancel message that ended it (the ended original is not listed as if it were still in force).
 */
export function publishedFeed(ctx: Ctx): Promise<WarningRow[]> {
  return ctx.db
    .selectFrom('warnings')
    .selectAll()
    .where('source', '=', 'platform')
    .where('status', 'in', PUBLISHED)
    .where('sent_at', 'is not', null)
    .where((eb) => eb.or([eb('status', '=', 'released'), eb('msg_type', '=', 'Cancel')]))
    .orderBy('sent_at', 'desc')
    .limit(50)
    .execute();
}

/** Display names of users by id (the drafter, approver and releaser of a warning). */
export async function userNames(ctx: Ctx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((x): x is string => !!x);
  if (!wanted.length) return new Map();
  const rows = await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The messages that update or cancel a warning, and the one it updates. */
export function warningChain(ctx: Ctx, w: Pick<WarningRow, 'id' | 'supersedes_id'>) {
  return ctx.db
    .selectFrom('warnings')
    .select(['id', 'identifier', 'msg_type', 'status', 'headline', 'sent_at'])
    .where((eb) => eb.or([eb('supersedes_id', '=', w.id), ...(w.supersedes_id ? [eb('id', '=', w.supersedes_id)] : [])]))
    .orderBy('created_at')
    .execute();
}

export async function findVisibleWarning(ctx: Ctx, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return visibleWarnings(ctx).selectAll().where('id', '=', id).executeTakeFirst();
}

/** One page of a warning's recipients (caller's scope), with the name of whom an escalation is for. */
export async function recipientPage(ctx: Ctx, warningId: string, f: RecipientQuery & { page: number; pageSize: number }) {
  return fetchPage(
    ctx.db,
    recipientsQuery(ctx, warningId, f),
    (q) =>
      q
        .leftJoin('warning_recipients as f', 'f.id', 'warning_recipients.escalated_from')
        .selectAll('warning_recipients')
        .select('f.name as escalated_from_name')
        .orderBy('warning_recipients.town_code')
        .orderBy('warning_recipients.name'),
    f,
  );
}

/** Every recipient of a warning in the caller's scope with its town's name, for the export. */
export function recipientsForExport(ctx: Ctx, warningId: string) {
  return recipientsQuery(ctx, warningId, {})
    .leftJoin('org_units as o', 'o.code', 'warning_recipients.town_code')
    .selectAll('warning_recipients')
    .select('o.name as town_name')
    .orderBy('warning_recipients.town_code')
    .orderBy('warning_recipients.kind')
    .orderBy('warning_recipients.name')
    .execute();
}

/** The delivery attempts of one recipient of a warning, if that recipient is in the caller's scope. */
export async function recipientAttempts(ctx: Ctx, warningId: string, recipientId: string) {
  const r = await scopedFrom(ctx, 'warning_recipients').select('id').where('id', '=', recipientId).where('warning_id', '=', warningId).executeTakeFirst();
  if (!r) return undefined;
  return ctx.db
    .selectFrom('delivery_attempts')
    .select(['id', 'channel', 'step', 'mode', 'state', 'created_at', 'sent_at', 'provider_id', 'result', 'error', 'delivered_at', 'receipt'])
    .where('recipient_id', '=', r.id)
    .orderBy('created_at')
    .execute();
}

/** The signed-in person's own reached warnings (in-app channel). */
export function myRecipients(ctx: Ctx) {
  return ctx.db
    .selectFrom('warning_recipients as r')
    .innerJoin('warnings as w', 'w.id', 'r.warning_id')
    .select([
      'r.id',
      'r.state',
      'r.deadline_at',
      'r.acked_at',
      'r.measures',
      'r.people_moved',
      'r.kind',
      'w.id as warning_id',
      'w.headline',
      'w.level',
      'w.event_name',
      'w.area_desc',
      'w.status as warning_status',
      'w.released_at',
    ])
    .where('r.user_id', '=', ctx.actor.id)
    .where('r.reached_at', 'is not', null)
    .orderBy('r.created_at', 'desc')
    .limit(100)
    .execute();
}

// ── configuration ──────────────────────────────────────────────────────────────────────────────────
export function listFeeds(ctx: Ctx) {
  return ctx.db
    .selectFrom('warning_feeds')
    .leftJoin('warning_cap_senders as s', 's.id', 'warning_feeds.sender_id')
    .selectAll('warning_feeds')
    .select('s.name as sender_name')
    .orderBy('warning_feeds.created_at')
    .execute();
}

export async function senderName(ctx: Ctx, id: string): Promise<string | null | undefined> {
  const s = await ctx.db.selectFrom('warning_cap_senders').select('name').where('id', '=', id).executeTakeFirst();
  return s?.name;
}

export function feedById(ctx: Ctx, id: string) {
  return ctx.db.selectFrom('warning_feeds').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A poll's outcome. */
export async function recordPoll(ctx: Ctx, id: string, p: { at: Date; status: string; error: string | null; imported: number }) {
  await ctx.db
    .updateTable('warning_feeds')
    .set((eb) => ({ last_polled_at: p.at, last_status: p.status, last_error: p.error, imported_count: eb('imported_count', '+', p.imported) }))
    .where('id', '=', id)
    .execute();
}

export function insertFeed(ctx: Ctx, row: { id: string; name: string; url: string; poll_minutes: number; created_by: string; sender_id: string }) {
  return ctx.db.insertInto('warning_feeds').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A quarter's acknowledgement rates of the towns in the caller's scope. */
export function ackStats(ctx: Ctx, quarter: string) {
  return scopedFrom(ctx, 'warning_ack_stats', { jurisdiction: 'warning_ack_stats.town_code' })
    .leftJoin('org_units as o', 'o.code', 'warning_ack_stats.town_code')
    .selectAll('warning_ack_stats')
    .select('o.name as town_name')
    .where('warning_ack_stats.quarter', '=', quarter)
    .orderBy('warning_ack_stats.town_code')
    .execute();
}

export interface BoardRow {
  town_code: string;
  town_name: string | null;
  total: number;
  reached: number;
  outbox: number;
  inapp: number;
  gateway: number;
  delivered: number;
  acknowledged: number;
  overdue: number;
  not_reached: number;
  escalations: number;
}

/** Per-town call-response counts of a warning, limited to the caller's scope. */
export async function boardRows(ctx: Ctx, warningId: string): Promise<BoardRow[]> {
  const now = ctx.deps.clock.now();
  const rows = await scopedFrom(ctx, 'warning_recipients')
    .leftJoin('org_units as o', 'o.code', 'warning_recipients.town_code')
    .select([
      'warning_recipients.town_code',
      'o.name as town_name',
      sql<number>`(count(*) filter (where warning_recipients.kind = 'target'))::int`.as('total'),
      sql<number>`(count(warning_recipients.reached_at) filter (where warning_recipients.kind = 'target'))::int`.as('reached'),
      ...(['outbox', 'inapp', 'gateway', 'delivered'] as const).map((d) =>
        sql<number>`(count(*) filter (where warning_recipients.kind = 'target' and warning_recipients.delivery = ${d}))::int`.as(d),
      ),
      sql<number>`(count(warning_recipients.acked_at) filter (where warning_recipients.kind = 'target'))::int`.as('acknowledged'),
      sql<number>`(count(*) filter (where warning_recipients.kind = 'target' and warning_recipients.state = 'pending' and warning_recipients.deadline_at < ${now}))::int`.as(
        'overdue',
      ),
      sql<number>`(count(*) filter (where warning_recipients.kind = 'target' and warning_recipients.state = 'not_reached'))::int`.as('not_reached'),
      sql<number>`(count(*) filter (where warning_recipients.kind = 'escalation'))::int`.as('escalations'),
    ])
    .where('warning_recipients.warning_id', '=', warningId)
    .groupBy(['warning_recipients.town_code', 'o.name'])
    .orderBy('warning_recipients.town_code')
    .execute();
  return rows as BoardRow[];
}

export type RecipientFilter = 'pending' | 'acknowledged' | 'not_reached' | 'overdue' | 'unreached' | 'closed';

export interface RecipientQuery {
  town?: string;
  state?: RecipientFilter;
  kind?: 'target' | 'escalation';
  q?: string;
}

function recipientsQuery(ctx: Ctx, warningId: string, f: RecipientQuery) {
  const now = ctx.deps.clock.now();
  let q = scopedFrom(ctx, 'warning_recipients').where('warning_recipients.warning_id', '=', warningId);
  if (f.town) q = q.where('warning_recipients.town_code', '=', f.town);
  if (f.kind) q = q.where('warning_recipients.kind', '=', f.kind);
  q = whereContains(q, f.q, ['warning_recipients.name']);
  switch (f.state) {
    case 'overdue':
      q = q.where('warning_recipients.state', '=', 'pending').where('warning_recipients.deadline_at', '<', now);
      break;
    case 'unreached':
      q = q.where('warning_recipients.reached_at', 'is', null);
      break;
    case undefined:
      break;
    default:
      q = q.where('warning_recipients.state', '=', f.state);
  }
  return q;
}

// ── settings (warning_settings: the policy, the channel settings, the link secret) ───────────────────
export async function readSetting(db: Tx, key: string): Promise<unknown> {
  const row = await db.selectFrom('warning_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeSetting(db: Tx, key: string, value: unknown, by: string | null, now: Date) {
  await sql`insert into warning_settings (key, value, updated_at, updated_by) values (${key}, ${JSON.stringify(value)}::jsonb, ${now}, ${by})
    on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`.execute(db);
}

/** Stores `value` under `key` unless one is there already (the first process to ask wins); then reads it. */
export async function settingOnce(db: Tx, key: string, value: unknown): Promise<unknown> {
  await sql`insert into warning_settings (key, value) values (${key}, ${JSON.stringify(value)}::jsonb) on conflict (key) do nothing`.execute(db);
  const row = await db.selectFrom('warning_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}

/** The towns under a jurisdiction (its first nine digits), with their points, by code. */
export function townsUnder(db: Tx, jurisdictionCode: string) {
  return db
    .selectFrom('org_units')
    .select(['code', 'name', 'lon', 'lat'])
    .where('kind', '=', 'town')
    .where('code', 'like', prefixLike(jurisdictionCode.slice(0, 9)))
    .orderBy('code')
    .execute();
}

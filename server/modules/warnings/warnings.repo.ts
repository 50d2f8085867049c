// Reads of warnings, recipients and persons, always limited to the caller's scope. A warning is visible
// to whoever's jurisdiction holds its issuer or whose town its area touches.
import { type ExpressionBuilder, sql } from 'kysely';
import { scopedFrom, scopeWhere } from '../../platform/access.ts';
import { notFound } from '../../platform/errors.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../db/schema.ts';
import { containsLike, prefixLike } from '../../platform/sql.ts';

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

export function visibleWarnings(ctx: Ctx) {
  return ctx.deps.db.selectFrom('warnings').where(warningVisible(ctx));
}

export async function findVisibleWarning(ctx: Ctx, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return visibleWarnings(ctx).selectAll().where('id', '=', id).executeTakeFirst();
}

export interface BoardRow {
  town_code: string;
  town_name: string | null;
  total: number;
  reached: number;
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

export function recipientsQuery(ctx: Ctx, warningId: string, f: { town?: string; state?: RecipientFilter; kind?: 'target' | 'escalation'; q?: string }) {
  const now = ctx.deps.clock.now();
  let q = scopedFrom(ctx, 'warning_recipients').where('warning_recipients.warning_id', '=', warningId);
  if (f.town) q = q.where('warning_recipients.town_code', '=', f.town);
  if (f.kind) q = q.where('warning_recipients.kind', '=', f.kind);
  if (f.q) q = q.where('warning_recipients.name', 'like', containsLike(f.q));
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

export interface LinkView {
  name: string;
  state: string;
  ackedAt: Date | null;
  deadlineAt: Date;
  warning: { headline: string; level: string; eventName: string; areaDesc: string; description: string; instruction: string | null; status: string };
}

/** What the one-tap page shows for recipients (no scope: the signed link is the authority). */
export async function linkViews(db: Tx, recipientIds: string[]): Promise<Map<string, LinkView>> {
  if (recipientIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('warning_recipients as r')
    .innerJoin('warnings as w', 'w.id', 'r.warning_id')
    .select([
      'r.id',
      'r.name',
      'r.state',
      'r.acked_at',
      'r.deadline_at',
      'w.headline',
      'w.level',
      'w.event_name',
      'w.area_desc',
      'w.description',
      'w.instruction',
      'w.status',
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
        warning: {
          headline: r.headline,
          level: r.level,
          eventName: r.event_name,
          areaDesc: r.area_desc,
          description: r.description,
          instruction: r.instruction,
          status: r.status,
        },
      },
    ]),
  );
}

export async function linkView(db: Tx, recipientId: string): Promise<LinkView> {
  const v = (await linkViews(db, [recipientId])).get(recipientId);
  if (!v) throw notFound('叫应对象', 'Recipient');
  return v;
}

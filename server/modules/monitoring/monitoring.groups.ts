// Alarm floods: offline alarms of many devices in one place fold into one group alarm (monitoring_alarm_groups),
// and maintenance windows keep chosen devices from alarming. The offline sweep (a durable job every minute)
// calls regroupOffline after raising, so groups follow the devices within a minute: new silent devices at the
// place join, devices that report again count as back, and a group whose devices are all back is cleared.
import { insertHistory, SYSTEM_ACTOR } from '../../platform/history.ts';
import { ALARM_AGGREGATE } from './monitoring.repo.ts';
import { sql } from 'kysely';
import { v7 } from 'uuid';
import { SEVERITIES, type Severity } from '../../../shared/monitoring.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';

/** At least this many silent devices at one place make a group… */
export const GROUP_MIN_DEVICES = 3;
/** …when their offline alarms were raised within this window of each other (or of the group's last member). */
export const GROUP_WINDOW_MS = 30 * 60_000;

type PlaceKind = 'enterprise' | 'park' | 'town';

/** Where a device's offline alarm folds: its enterprise, else its park, else its town. */
export function placeOf(d: { enterprise_id: string | null; park_id: string | null; jurisdiction_code: string }): { kind: PlaceKind; key: string } {
  if (d.enterprise_id) return { kind: 'enterprise', key: d.enterprise_id };
  if (d.park_id) return { kind: 'park', key: d.park_id };
  return { kind: 'town', key: d.jurisdiction_code.slice(0, 9) };
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/**
 * Fold ungrouped open offline alarms into group alarms and bring every unclosed group up to date.
 * Returns the ids of groups created or changed (for the live feed).
 */
export async function regroupOffline(trx: Tx, now: Date): Promise<string[]> {
  const changed = new Set<string>();
  // 1. Candidates: open, not cleared offline alarms outside any group.
  const loose = await trx
    .selectFrom('monitoring_alarms as a')
    .innerJoin('monitoring_rules as r', 'r.id', 'a.rule_id')
    .innerJoin('monitoring_devices as d', 'd.id', 'a.device_id')
    .select(['a.id', 'a.raised_at', 'a.severity', 'a.jurisdiction_code', 'd.enterprise_id', 'd.park_id'])
    .where('r.kind', '=', 'offline')
    .where('a.status', '<>', 'closed')
    .where('a.cleared_at', 'is', null)
    .where('a.group_id', 'is', null)
    .orderBy('a.raised_at')
    .execute();
  const byPlace = new Map<string, { kind: PlaceKind; key: string; rows: typeof loose }>();
  for (const a of loose) {
    const p = placeOf(a);
    const k = `${p.kind}:${p.key}`;
    const g = byPlace.get(k) ?? { ...p, rows: [] };
    g.rows.push(a);
    byPlace.set(k, g);
  }
  for (const place of byPlace.values()) {
    const open = await trx
      .selectFrom('monitoring_alarm_groups')
      .selectAll()
      .where('kind', '=', 'offline')
      .where('place_kind', '=', place.kind)
      .where('place_key', '=', place.key)
      .where('status', '=', 'open')
      .executeTakeFirst();
    let join: typeof loose;
    let groupId: string;
    if (open) {
      // Join the open group when raised within the window of its last member.
      join = place.rows.filter((a) => new Date(a.raised_at).getTime() >= new Date(open.last_at).getTime() - GROUP_WINDOW_MS);
      if (!join.length) continue;
      groupId = open.id;
    } else {
      const latest = new Date(place.rows[place.rows.length - 1].raised_at).getTime();
      join = place.rows.filter((a) => new Date(a.raised_at).getTime() >= latest - GROUP_WINDOW_MS);
      if (join.length < GROUP_MIN_DEVICES) continue;
      groupId = v7();
      const first = join[0];
      await trx
        .insertInto('monitoring_alarm_groups')
        .values({
          id: groupId,
          place_kind: place.kind,
          place_key: place.key,
          // A town group is filed at the town; an owner's group where its devices are (they share the town).
          jurisdiction_code: place.kind === 'town' ? place.key : first.jurisdiction_code,
          enterprise_id: first.enterprise_id,
          park_id: place.kind === 'enterprise' ? null : first.park_id,
          severity: join.reduce<Severity>((s, a) => (rank(a.severity) > rank(s) ? a.severity : s), 'low'),
          raised_at: first.raised_at,
          last_at: first.raised_at,
        })
        .execute();
    }
    await trx
      .updateTable('monitoring_alarms')
      .set({ group_id: groupId })
      .where(
        'id',
        'in',
        join.map((a) => a.id),
      )
      .execute();
    await insertHistory(
      trx,
      join.map((a) => ({ aggregate: ALARM_AGGREGATE, aggregateId: a.id, action: 'grouped', data: { groupId }, actor: SYSTEM_ACTOR, at: now })),
    );
    changed.add(groupId);
  }
  // 2. Every unclosed group: counts, last member, severity, and its state from its members.
  const res = await sql<{ id: string }>`
    update monitoring_alarm_groups g set
      member_count = x.members, active_count = x.active, last_at = greatest(g.last_at, x.last_raised),
      status = case when x.unclosed = 0 then 'closed' when x.active = 0 then 'cleared' else 'open' end,
      cleared_at = case when x.active = 0 then coalesce(g.cleared_at, ${now}) else null end,
      closed_at = case when x.unclosed = 0 then coalesce(g.closed_at, ${now}) else null end,
      updated_at = ${now}
    from (select group_id, count(*)::int as members,
            count(*) filter (where status <> 'closed' and cleared_at is null)::int as active,
            count(*) filter (where status <> 'closed')::int as unclosed,
            max(raised_at) as last_raised
          from monitoring_alarms where group_id in (select id from monitoring_alarm_groups where status <> 'closed') group by group_id) x
    where g.id = x.group_id and (g.member_count, g.active_count, g.status) is distinct from
      (x.members, x.active, case when x.unclosed = 0 then 'closed' when x.active = 0 then 'cleared' else 'open' end)
    returning g.id`.execute(trx);
  for (const r of res.rows) changed.add(r.id);
  return [...changed];
}

/** Devices under a maintenance window at `at` (their alarms are not raised). */
export async function devicesInMaintenance(db: Tx, at: Date): Promise<Map<string, { from: Date; to: Date }[]>> {
  const rows = await db
    .selectFrom('monitoring_maintenance')
    .select(['device_ids', 'starts_at', 'ends_at'])
    .where('cancelled_at', 'is', null)
    .where('ends_at', '>', at)
    .execute();
  const out = new Map<string, { from: Date; to: Date }[]>();
  for (const r of rows)
    for (const id of r.device_ids) {
      const list = out.get(id) ?? [];
      list.push({ from: new Date(r.starts_at), to: new Date(r.ends_at) });
      out.set(id, list);
    }
  return out;
}

/** Is the device under maintenance at `ts`? */
export const inMaintenance = (windows: Map<string, { from: Date; to: Date }[]>, deviceId: string, ts: Date) =>
  !!windows.get(deviceId)?.some((w) => w.from <= ts && ts < w.to);

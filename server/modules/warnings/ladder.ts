// The call-response ladder. Release writes one recipient row per person (with their channel ladder) and
// a 'pending' first delivery attempt, in the same transaction as the decision. One durable job per
// warning ('warnings.ladder', dedupKey warnings:ladder:<id>) wakes at the earliest next action: a
// recipient who has not acknowledged moves to the next channel; after the last one they are "not
// reached" (未叫醒) and their superior becomes an escalation recipient with a ladder of their own.
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type Channel, quarterOf, type WarningLevel, type WarningPolicy } from '../../../shared/warnings.ts';
import { cancelJob, enqueueJob, type Tx } from '../../platform/jobs/jobs.ts';
import { reachable } from './channels.ts';
import { anyUuid } from './warnings.repo.ts';
import { townOf } from './geo.ts';
import type { Candidate } from './targeting.ts';

const MIN = 60_000;
const CHUNK = 1000;

export const ladderKey = (warningId: string) => `warnings:ladder:${warningId}`;

export function ladderFor(c: Pick<Candidate, 'channels' | 'phone' | 'email' | 'userId' | 'enterpriseId'>, policy: WarningPolicy): Channel[] {
  const wanted = c.channels.length ? c.channels : c.enterpriseId ? policy.enterpriseLadder : policy.defaultLadder;
  return [...new Set(wanted)].filter((ch) => reachable(ch, { phone: c.phone, email: c.email, user_id: c.userId }));
}

const replyCode = () => String(randomInt(0, 10_000)).padStart(4, '0');

/** Insert recipients and their first attempts; returns how many. Caller schedules the ladder job. */
export async function addRecipients(
  trx: Tx,
  warningId: string,
  level: WarningLevel,
  candidates: (Candidate & { kind?: 'target' | 'escalation'; escalatedFrom?: string })[],
  policy: WarningPolicy,
  now: Date,
): Promise<number> {
  const lp = policy.levels[level];
  const deadline = new Date(now.getTime() + lp.ackMinutes * MIN);
  let n = 0;
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const rows = candidates.slice(i, i + CHUNK).map((c) => {
      const channels = ladderFor(c, policy);
      return {
        id: uuidv7(),
        warning_id: warningId,
        kind: c.kind ?? 'target',
        person_id: c.personId,
        enterprise_id: c.enterpriseId,
        escalated_from: c.escalatedFrom ?? null,
        name: c.name,
        role: c.role,
        phone: c.phone,
        email: c.email,
        user_id: c.userId,
        jurisdiction_code: c.jurisdictionCode,
        town_code: townOf(c.jurisdictionCode),
        channels,
        reply_code: replyCode(),
        deadline_at: deadline,
        // Nobody to call: the ladder is already exhausted, escalate at the next pass.
        next_action_at: channels.length ? deadline : now,
      };
    });
    const inserted = await trx
      .insertInto('warning_recipients')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'channels'])
      .execute();
    const attempts = inserted
      .filter((r) => r.channels.length > 0)
      .map((r) => ({ id: uuidv7(), warning_id: warningId, recipient_id: r.id, channel: r.channels[0], step: 0, created_at: now }));
    if (attempts.length) await trx.insertInto('delivery_attempts').values(attempts).execute();
    n += inserted.length;
  }
  return n;
}

/** (Re)schedule the ladder job at the earliest pending action, or finish the warning's bookkeeping. */
export async function scheduleLadder(trx: Tx, warningId: string, now: Date): Promise<Date | null> {
  const next = await trx
    .selectFrom('warning_recipients')
    .select((eb) => eb.fn.min('next_action_at').as('at'))
    .where('warning_id', '=', warningId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  const at = next?.at ? new Date(next.at as Date) : null;
  if (at) await enqueueJob(trx, { kind: 'warnings.ladder', runAt: at < now ? now : at, payload: { warningId }, dedupKey: ladderKey(warningId) });
  else await enqueueJob(trx, { kind: 'warnings.stats', runAt: now, payload: { quarter: quarterOf(now) }, dedupKey: `warnings:stats:${quarterOf(now)}` });
  return at;
}

/** Stop a warning's ladder (cancelled, superseded): close pending recipients and unsent attempts. */
export async function stopLadder(trx: Tx, warningId: string, now: Date) {
  await trx
    .updateTable('warning_recipients')
    .set({ state: 'closed', next_action_at: null })
    .where('warning_id', '=', warningId)
    .where('state', '=', 'pending')
    .execute();
  await trx
    .updateTable('delivery_attempts')
    .set({ state: 'cancelled', result: 'warning ended before sending' })
    .where('warning_id', '=', warningId)
    .where('state', '=', 'pending')
    .execute();
  await cancelJob(trx, ladderKey(warningId));
  await enqueueJob(trx, { kind: 'warnings.stats', runAt: now, payload: { quarter: quarterOf(now) }, dedupKey: `warnings:stats:${quarterOf(now)}` });
}

interface DueRow {
  id: string;
  step: number;
  channels: Channel[];
  superior_id: string | null;
  town_code: string;
  enterprise_id: string | null;
}

/** One pass of the ladder for a warning at `now`. Returns what it did. */
export async function advanceLadder(trx: Tx, warningId: string, policy: WarningPolicy, now: Date) {
  const w = await trx.selectFrom('warnings').select(['id', 'level', 'status']).where('id', '=', warningId).executeTakeFirst();
  if (w?.status !== 'released') return { advanced: 0, notReached: 0, escalated: 0 };
  const lp = policy.levels[w.level];
  const due = (await trx
    .selectFrom('warning_recipients as r')
    .leftJoin('responsible_persons as p', 'p.id', 'r.person_id')
    .select(['r.id', 'r.step', 'r.channels', 'p.superior_id', 'r.town_code', 'r.enterprise_id'])
    .where('r.warning_id', '=', warningId)
    .where('r.state', '=', 'pending')
    .where('r.next_action_at', '<=', now)
    .execute()) as DueRow[];
  const advance = due.filter((r) => r.step + 1 < r.channels.length);
  const exhausted = due.filter((r) => r.step + 1 >= r.channels.length);
  const retryAt = new Date(now.getTime() + lp.retryMinutes * MIN);

  for (let i = 0; i < advance.length; i += CHUNK) {
    const part = advance.slice(i, i + CHUNK);
    await trx
      .updateTable('warning_recipients')
      .set((eb) => ({ step: eb('step', '+', 1), overdue: true, next_action_at: retryAt }))
      .where('id', '=', anyUuid(part.map((r) => r.id)))
      .execute();
    await trx
      .insertInto('delivery_attempts')
      .values(
        part.map((r) => ({ id: uuidv7(), warning_id: warningId, recipient_id: r.id, channel: r.channels[r.step + 1], step: r.step + 1, created_at: now })),
      )
      .execute();
  }

  let escalated = 0;
  for (let i = 0; i < exhausted.length; i += CHUNK) {
    const part = exhausted.slice(i, i + CHUNK);
    await trx
      .updateTable('warning_recipients')
      .set({ state: 'not_reached', not_reached_at: now, overdue: true, next_action_at: null })
      .where('id', '=', anyUuid(part.map((r) => r.id)))
      .execute();
    escalated += await escalate(trx, warningId, w.level, part, policy, now);
  }
  return { advanced: advance.length, notReached: exhausted.length, escalated };
}

/** The superior of each unreached person (an enterprise's: its town's 防汛责任人) gets an escalation message. */
async function escalate(trx: Tx, warningId: string, level: WarningLevel, rows: DueRow[], policy: WarningPolicy, now: Date): Promise<number> {
  const superiorOf = new Map<string, string>();
  for (const r of rows) if (r.superior_id) superiorOf.set(r.id, r.superior_id);
  const needTownChief = [...new Set(rows.filter((r) => !r.superior_id && r.enterprise_id).map((r) => r.town_code))];
  if (needTownChief.length) {
    const chiefs = await trx
      .selectFrom('responsible_persons')
      .select(['id', 'jurisdiction_code'])
      .where('role', '=', 'flood_chief')
      .where('active', '=', true)
      .where('jurisdiction_code', 'in', needTownChief)
      .orderBy('created_at')
      .execute();
    const byTown = new Map<string, string>();
    for (const c of chiefs) if (!byTown.has(c.jurisdiction_code)) byTown.set(c.jurisdiction_code, c.id);
    for (const r of rows) if (!r.superior_id && r.enterprise_id && byTown.has(r.town_code)) superiorOf.set(r.id, byTown.get(r.town_code) as string);
  }
  if (superiorOf.size === 0) return 0;
  const persons = await trx
    .selectFrom('responsible_persons')
    .selectAll()
    .where('id', 'in', [...new Set(superiorOf.values())])
    .where('active', '=', true)
    .execute();
  const byId = new Map(persons.map((p) => [p.id, p]));
  const candidates = [...superiorOf.entries()].flatMap(([from, sup]) => {
    const p = byId.get(sup);
    if (!p) return [];
    return [
      {
        kind: 'escalation' as const,
        escalatedFrom: from,
        personId: p.id,
        enterpriseId: null,
        name: p.name,
        role: p.role,
        phone: p.phone,
        email: p.email,
        userId: p.user_id,
        jurisdictionCode: p.jurisdiction_code,
        channels: p.channels,
      },
    ];
  });
  return addRecipients(trx, warningId, level, candidates, policy, now);
}

/** Quarter "2026Q2" → [start, end) in China time. */
export function quarterRange(q: string): [Date, Date] {
  const m = /^(\d{4})Q([1-4])$/.exec(q);
  if (!m) throw new Error(`bad quarter ${q}`);
  const y = Number(m[1]);
  const startMonth = (Number(m[2]) - 1) * 3;
  const start = new Date(Date.UTC(y, startMonth, 1) - 8 * 3_600_000);
  const end = new Date(Date.UTC(y, startMonth + 3, 1) - 8 * 3_600_000);
  return [start, end];
}

/** Recompute the acknowledgement rate per town for a quarter (warnings released in it, targets only). */
export async function recomputeStats(trx: Tx, quarter: string, now: Date) {
  const [start, end] = quarterRange(quarter);
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
      acknowledged = excluded.acknowledged, on_time = excluded.on_time, not_reached = excluded.not_reached, computed_at = excluded.computed_at`.execute(trx);
}

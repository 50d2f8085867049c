// The call-response ladder. Release writes one recipient row per person (with their channel ladder) and
// a 'pending' first delivery attempt, in the same transaction as the decision. One durable job per
// warning ('warnings.ladder', dedupKey warnings:ladder:<id>) wakes at the earliest next action: a
// recipient who has not acknowledged moves to the next channel; after the last one they are "not
// reached" (未叫醒) and their superior becomes an escalation recipient with a ladder of their own.
import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { type Channel, quarterOf, type WarningLevel, type WarningPolicy } from '../../../shared/warnings.ts';
import type { Ctx } from '../../platform/context.ts';
import { cancelJob, enqueueJob } from '../../platform/jobs/jobs.ts';
import { reachable } from './channels.ts';
import { townOf } from './geo.ts';
import {
  activePersons,
  closeLadder,
  type DueRow,
  dueRecipients,
  insertAttempts,
  insertRecipients,
  ladderWarning,
  markNotReached,
  nextActionAt,
  stepOn,
  townChiefs,
  writeQuarterStats,
} from './ladder.repo.ts';
import { type Candidate, personCandidate } from './targeting.ts';

const MIN = 60_000;
const CHUNK = 1000;
const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);
/** `list` in slices of CHUNK rows, one statement each. */
const chunks = <T>(list: readonly T[]): T[][] => Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

export const ladderKey = (warningId: string) => `warnings:ladder:${warningId}`;

export function ladderFor(c: Pick<Candidate, 'channels' | 'phone' | 'email' | 'userId' | 'enterpriseId'>, policy: WarningPolicy): Channel[] {
  const wanted = c.channels.length ? c.channels : c.enterpriseId ? policy.enterpriseLadder : policy.defaultLadder;
  return [...new Set(wanted)].filter((ch) => reachable(ch, { phone: c.phone, email: c.email, user_id: c.userId }));
}

const replyCode = () => String(randomInt(0, 10_000)).padStart(4, '0');

/** Insert recipients and their first attempts; returns how many. Caller schedules the ladder job. */
export async function addRecipients(
  ctx: Ctx,
  warningId: string,
  level: WarningLevel,
  candidates: (Candidate & { kind?: 'target' | 'escalation'; escalatedFrom?: string })[],
  policy: WarningPolicy,
  now: Date,
): Promise<number> {
  const lp = policy.levels[level];
  const deadline = new Date(now.getTime() + lp.ackMinutes * MIN);
  let n = 0;
  for (const part of chunks(candidates)) {
    const rows = part.map((c) => {
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
    const inserted = await insertRecipients(ctx, rows);
    await insertAttempts(
      ctx,
      inserted
        .filter((r) => r.channels.length > 0)
        .map((r) => ({ id: uuidv7(), warning_id: warningId, recipient_id: r.id, channel: r.channels[0], step: 0, created_at: now })),
    );
    n += inserted.length;
  }
  return n;
}

/** (Re)schedule the ladder job at the earliest pending action, or finish the warning's bookkeeping. */
export async function scheduleLadder(ctx: Ctx, warningId: string, now: Date): Promise<Date | null> {
  const at = await nextActionAt(ctx, warningId);
  if (at) await enqueueJob(ctx.db, { kind: 'warnings.ladder', runAt: at < now ? now : at, payload: { warningId }, dedupKey: ladderKey(warningId) });
  else await enqueueJob(ctx.db, { kind: 'warnings.stats', runAt: now, payload: { quarter: quarterOf(now) }, dedupKey: `warnings:stats:${quarterOf(now)}` });
  return at;
}

/** Stop a warning's ladder (cancelled, superseded): close pending recipients and unsent attempts. */
export async function stopLadder(ctx: Ctx, warningId: string, now: Date) {
  await closeLadder(ctx, warningId);
  await cancelJob(ctx.db, ladderKey(warningId));
  await enqueueJob(ctx.db, { kind: 'warnings.stats', runAt: now, payload: { quarter: quarterOf(now) }, dedupKey: `warnings:stats:${quarterOf(now)}` });
}

/** One pass of the ladder for a warning at `now`. Returns what it did. */
export async function advanceLadder(ctx: Ctx, warningId: string, policy: WarningPolicy, now: Date) {
  const w = await ladderWarning(ctx, warningId);
  if (w?.status !== 'released') return { advanced: 0, notReached: 0, escalated: 0 };
  const lp = policy.levels[w.level];
  const due = await dueRecipients(ctx, warningId, now);
  const advance = due.filter((r) => r.step + 1 < r.channels.length);
  const exhausted = due.filter((r) => r.step + 1 >= r.channels.length);
  const retryAt = new Date(now.getTime() + lp.retryMinutes * MIN);

  for (const part of chunks(advance)) {
    await stepOn(ctx, ids(part), retryAt);
    await insertAttempts(
      ctx,
      part.map((r) => ({ id: uuidv7(), warning_id: warningId, recipient_id: r.id, channel: r.channels[r.step + 1], step: r.step + 1, created_at: now })),
    );
  }

  let escalated = 0;
  for (const part of chunks(exhausted)) {
    await markNotReached(ctx, ids(part), now);
    escalated += await escalate(ctx, warningId, w.level, part, policy, now);
  }
  return { advanced: advance.length, notReached: exhausted.length, escalated };
}

/** The superior of each unreached person (an enterprise's: its town's 防汛责任人) gets an escalation message. */
async function escalate(ctx: Ctx, warningId: string, level: WarningLevel, rows: DueRow[], policy: WarningPolicy, now: Date): Promise<number> {
  const superiorOf = new Map<string, string>();
  for (const r of rows) if (r.superior_id) superiorOf.set(r.id, r.superior_id);
  const needTownChief = [...new Set(rows.filter((r) => !r.superior_id && r.enterprise_id).map((r) => r.town_code))];
  if (needTownChief.length) {
    const chiefs = await townChiefs(ctx, needTownChief);
    const byTown = new Map<string, string>();
    for (const c of chiefs) if (!byTown.has(c.jurisdiction_code)) byTown.set(c.jurisdiction_code, c.id);
    for (const r of rows) if (!r.superior_id && r.enterprise_id && byTown.has(r.town_code)) superiorOf.set(r.id, byTown.get(r.town_code) as string);
  }
  if (superiorOf.size === 0) return 0;
  const persons = await activePersons(ctx, [...new Set(superiorOf.values())]);
  const byId = new Map(persons.map((p) => [p.id, p]));
  const candidates = [...superiorOf.entries()].flatMap(([from, sup]) => {
    const p = byId.get(sup);
    if (!p) return [];
    return [{ kind: 'escalation' as const, escalatedFrom: from, ...personCandidate(p) }];
  });
  return addRecipients(ctx, warningId, level, candidates, policy, now);
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
export async function recomputeStats(ctx: Ctx, quarter: string, now: Date) {
  const [start, end] = quarterRange(quarter);
  await writeQuarterStats(ctx, quarter, start, end, now);
}

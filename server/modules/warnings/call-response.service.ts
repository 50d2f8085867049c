// Call-response once a warning is out: its GB/T identifier, the recipients and their first attempts, the
// ladder job, and the onset job for an external alert whose event is still ahead. Shared by release, cancel
// and CAP import, always in the caller's transaction (ctx.db); a warning's end is the machine's
// (warnings.service.ts endWarning).
import type { Ctx } from '../../platform/context.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { gbIdentifier } from './cap.ts';
import { townOf } from './geo.ts';
import { addRecipients, scheduleLadder } from './ladder.ts';
import { getPolicy } from './policy.ts';
import { resolveTargets } from './targeting.ts';
import { countIdentifiers, hasRecipients, lockWarning, setTownCodes, type WarningRow } from './warnings.repo.ts';

export const DISTRICT = '330203';

export async function nextIdentifier(ctx: Ctx, orgCode: string, now: Date): Promise<string> {
  const sent = new Date(Math.floor(now.getTime() / 1000) * 1000);
  // Counted by identifier, not by source: our Cancel of an external alert is numbered here too.
  const same = await countIdentifiers(ctx, gbIdentifier(DISTRICT, orgCode, sent, 0).replace(/0$/, ''));
  return gbIdentifier(DISTRICT, orgCode, sent, same + 1);
}

/** Recipients + first attempts + ladder job, in the caller's transaction. */
async function fanOut(ctx: Ctx, w: WarningRow, now: Date): Promise<number> {
  const policy = await getPolicy(ctx.db);
  const candidates = await resolveTargets(ctx.db, { level: w.level, area: w.area, jurisdictionCode: w.jurisdiction_code }, policy);
  const n = await addRecipients(ctx, w.id, w.level, candidates, policy, now);
  const towns = [...new Set([...w.town_codes, ...candidates.map((c) => townOf(c.jurisdictionCode)).filter((t) => t.length === 9)])].sort();
  await setTownCodes(ctx, w.id, towns);
  await scheduleLadder(ctx, w.id, now);
  return n;
}

const onsetKey = (id: string) => `warnings:onset:${id}`;

/**
 * Call-response for a just-released warning: now, or — for an external alert whose onset is still ahead —
 * by a durable job at onset (warnings.onset), so nobody is woken for an event that has not begun.
 */
export async function startCallResponse(ctx: Ctx, w: WarningRow, now: Date): Promise<number> {
  const onset = w.onset as Date | null;
  if (w.source === 'external' && onset && onset > now) {
    await enqueueJob(ctx.db, { kind: 'warnings.onset', runAt: onset, payload: { warningId: w.id }, dedupKey: onsetKey(w.id) });
    return 0;
  }
  return fanOut(ctx, w, now);
}

/**
 * The onset job: still released → fan out; expired meanwhile → 'expired' (the caller takes the machine's
 * system step), nobody is reached.
 */
export async function onsetReached(ctx: Ctx, warningId: string, now: Date): Promise<'started' | 'expired' | 'nothing'> {
  const w = await lockWarning(ctx, warningId);
  if (w?.status !== 'released') return 'nothing';
  if (await hasRecipients(ctx, w.id)) return 'nothing';
  if (w.expires && (w.expires as Date) <= now) return 'expired';
  await fanOut(ctx, w, now);
  return 'started';
}

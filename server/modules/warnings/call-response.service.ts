// Call-response once a warning is out: its GB/T identifier, the recipients and their first attempts, the
// ladder job, the onset job for an external alert whose event is still ahead, and ending a warning (its
// ladder stops). Shared by release, cancel and CAP import, always in the caller's transaction.
import { enqueueJob, type Tx } from '../../platform/jobs/jobs.ts';
import { gbIdentifier } from './cap.ts';
import { townOf } from './geo.ts';
import { addRecipients, scheduleLadder, stopLadder } from './ladder.ts';
import { getPolicy } from './policy.ts';
import { resolveTargets } from './targeting.ts';
import type { WarningRow } from './warnings.repo.ts';

export const DISTRICT = '330203';

export async function nextIdentifier(trx: Tx, orgCode: string, now: Date): Promise<string> {
  const sent = new Date(Math.floor(now.getTime() / 1000) * 1000);
  // Counted by identifier, not by source: our Cancel of an external alert is numbered here too.
  const prefix = gbIdentifier(DISTRICT, orgCode, sent, 0).replace(/0$/, '').replace(/_/g, '\\_');
  const same = await trx
    .selectFrom('warnings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('identifier', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return gbIdentifier(DISTRICT, orgCode, sent, Number(same.n) + 1);
}

/** Recipients + first attempts + ladder job, in the caller's transaction. */
async function fanOut(trx: Tx, w: WarningRow, now: Date): Promise<number> {
  const policy = await getPolicy(trx);
  const candidates = await resolveTargets(trx, { level: w.level, area: w.area, jurisdictionCode: w.jurisdiction_code }, policy);
  const n = await addRecipients(trx, w.id, w.level, candidates, policy, now);
  const towns = [...new Set([...w.town_codes, ...candidates.map((c) => townOf(c.jurisdictionCode)).filter((t) => t.length === 9)])].sort();
  await trx.updateTable('warnings').set({ town_codes: towns }).where('id', '=', w.id).execute();
  await scheduleLadder(trx, w.id, now);
  return n;
}

const onsetKey = (id: string) => `warnings:onset:${id}`;

/**
 * Call-response for a just-released warning: now, or — for an external alert whose onset is still ahead —
 * by a durable job at onset (warnings.onset), so nobody is woken for an event that has not begun.
 */
export async function startCallResponse(trx: Tx, w: WarningRow, now: Date): Promise<number> {
  const onset = w.onset as Date | null;
  if (w.source === 'external' && onset && onset > now) {
    await enqueueJob(trx, { kind: 'warnings.onset', runAt: onset, payload: { warningId: w.id }, dedupKey: onsetKey(w.id) });
    return 0;
  }
  return fanOut(trx, w, now);
}

/** The onset job: still released → fan out; expired meanwhile → 'expired', nobody is reached. */
export async function onsetReached(trx: Tx, warningId: string, now: Date): Promise<boolean> {
  const w = await trx.selectFrom('warnings').selectAll().where('id', '=', warningId).forUpdate().executeTakeFirst();
  if (w?.status !== 'released') return false;
  const started = await trx.selectFrom('warning_recipients').select('id').where('warning_id', '=', w.id).limit(1).executeTakeFirst();
  if (started) return false;
  if (w.expires && (w.expires as Date) <= now) {
    await trx.updateTable('warnings').set({ status: 'expired', ended_at: now, updated_at: now }).where('id', '=', w.id).execute();
    return true;
  }
  await fanOut(trx, w, now);
  return true;
}

export async function endWarning(trx: Tx, id: string, to: 'superseded' | 'cancelled', now: Date) {
  const ended = await trx
    .updateTable('warnings')
    .set({ status: to, ended_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'released')
    .executeTakeFirst();
  if (Number(ended.numUpdatedRows) > 0) await stopLadder(trx, id, now);
}

// Durable jobs: the call-response ladder per warning, the start of call-response at an external alert's
// onset, the quarterly acknowledgement statistics, and the scheduled pull of external CAP feeds.
import { XMLParser } from 'fast-xml-parser';
import { quarterOf } from '../../../shared/warnings.ts';
import { type Deps, jobCtx } from '../../platform/context.ts';
import { publish } from '../../platform/events.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { AppError } from '../../platform/errors.ts';
import { ATTEMPTS_WRITTEN, WARNINGS_CHANGED } from './delivery.ts';
import { advanceLadder, recomputeStats, scheduleLadder } from './ladder.ts';
import { getPolicy } from './policy.ts';
import { auditRefusal } from './senders.ts';
import { onsetReached } from './call-response.service.ts';
import { importCapTx } from './cap-import.service.ts';
import { enabledSender } from './persons.repo.ts';
import { feedById, recordPoll } from './warnings.repo.ts';
import { expireWarning } from './warnings.service.ts';

const FEED_TIMEOUT_MS = 10_000;
const MAX_ENTRIES = 20;

export const feedKey = (id: string) => `warnings:feed:${id}`;

export function registerWarningJobs(runner: JobRunner, deps: Deps) {
  runner.register('warnings.ladder', async (jc) => {
    const ctx = jobCtx(deps, jc);
    const warningId = String(jc.job.payload.warningId);
    const now = jc.clock.now();
    const policy = await getPolicy(ctx.db);
    const done = await advanceLadder(ctx, warningId, policy, now);
    await scheduleLadder(ctx, warningId, now);
    if (done.advanced || done.notReached) publish(ctx, WARNINGS_CHANGED, { warningId });
  });

  runner.register('warnings.onset', async (jc) => {
    const warningId = String(jc.job.payload.warningId);
    const ctx = jobCtx(deps, jc);
    const outcome = await onsetReached(ctx, warningId, jc.clock.now());
    // Expired before its onset: the machine's system step (audited as warning.expire), nobody is reached.
    if (outcome === 'expired') await expireWarning(ctx, warningId);
    if (outcome !== 'nothing') {
      publish(ctx, ATTEMPTS_WRITTEN, {});
      publish(ctx, WARNINGS_CHANGED, { warningId });
    }
  });

  runner.register('warnings.stats', async (jc) => {
    await recomputeStats(jobCtx(deps, jc), String(jc.job.payload.quarter ?? quarterOf(jc.clock.now())), jc.clock.now());
  });

  runner.register('warnings.feed', async (jc) => {
    const { clock, job, enqueue } = jc;
    const ctx = jobCtx(deps, jc);
    const feed = await feedById(ctx, String(job.payload.feedId));
    if (!feed?.enabled) return;
    const now = clock.now();
    let status = 'ok';
    let error: string | null = null;
    let imported = 0;
    // A feed speaks for one registered sender: its documents are checked, clipped and released as that sender's.
    const sender = feed.sender_id ? await enabledSender(ctx, feed.sender_id) : undefined;
    try {
      if (!sender) throw new Error('订阅未绑定已启用的 CAP 发送方，未导入任何预警');
      for (const xml of await fetchDocuments(feed.url)) {
        // A document that fails validation or is refused is reported; the others still import.
        try {
          const r = await importCapTx(ctx, xml, { sender, feedName: feed.name });
          if (r.result === 'imported') {
            imported++;
            // As a pushed document does: the relay sends the new attempts and the board updates, after commit.
            publish(ctx, ATTEMPTS_WRITTEN, {});
            if (r.id) publish(ctx, WARNINGS_CHANGED, { warningId: r.id });
          }
        } catch (e) {
          status = 'partial';
          error = String((e as Error).message).slice(0, 1000);
          if (e instanceof AppError && e.status === 403) await auditRefusal(ctx, sender, now, null, e);
        }
      }
    } catch (e) {
      status = 'error';
      error = String((e as Error).message).slice(0, 1000);
    }
    await recordPoll(ctx, feed.id, { at: now, status, error, imported });
    await enqueue({
      kind: 'warnings.feed',
      runAt: new Date(now.getTime() + feed.poll_minutes * 60_000),
      payload: { feedId: feed.id },
      dedupKey: feedKey(feed.id),
    });
  });
}

const atom = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  isArray: (n) => n === 'entry' || n === 'link' || n === 'item',
});

/** A feed URL gives either one CAP alert, or an Atom/RSS index whose entries link to CAP documents. */
export async function fetchDocuments(url: string): Promise<string[]> {
  const get = async (u: string) => {
    const res = await fetch(u, {
      signal: AbortSignal.timeout(FEED_TIMEOUT_MS),
      headers: { accept: 'application/cap+xml, application/atom+xml, application/xml' },
    });
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${u}`);
    return res.text();
  };
  const body = await get(url);
  const doc = atom.parse(body) as Record<string, Record<string, unknown>>;
  if (doc.alert) return [body];
  const entries = ((doc.feed?.entry as Record<string, unknown>[]) ?? []).slice(0, MAX_ENTRIES);
  const links = entries
    .map(
      (e) => ((e.link as { href?: string; type?: string; rel?: string }[]) ?? []).find((l) => !l.rel || l.rel === 'alternate' || l.type?.includes('cap'))?.href,
    )
    .filter((h): h is string => !!h);
  const items = (((doc.rss?.channel as Record<string, unknown>)?.item as { link?: string }[]) ?? [])
    .slice(0, MAX_ENTRIES)
    .map((i) => i.link)
    .filter((h): h is string => !!h);
  const out: string[] = [];
  for (const href of [...links, ...items]) out.push(await get(new URL(href, url).toString()));
  return out;
}

// The delivery relay: sends the 'pending' attempts that release and the ladder wrote, and records each
// result. Protocol per attempt (its id is the provider idempotency key):
//   1. claim: pending → sending with a lease (committed before anything leaves the building);
//   2. send;  3. record: sending → sent | failed, with the provider id.
// In-app and outbox-mode sends are themselves database rows, written in the same transaction as step 3,
// so they cannot be half done. For live channels a crash between 2 and 3 leaves 'sending'; once the
// lease runs out the attempt is reclaimed and resolved by the channel's recover() (query or assume, see
// channels.ts) — never by blindly sending again. An attempt already 'sent' is never claimed again.
import { CHANNEL_LABELS, type Channel, EVENT_TYPES, LEVEL_LABELS, type WarningLevel } from '../../../shared/warnings.ts';
import { type Deps, systemCtx, withTx } from '../../platform/context.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { DRIVERS, type OutgoingMessage, type SendResult } from './channels.ts';
import { ladderKey } from './ladder.ts';
import { type ChannelSettings, getPolicy, getSettings } from './policy.ts';
import { type Claimed, claimDue, markFailed, markLiveSent, markLocalSent, markReached, messageRows, moveOnNow, writeOutbox } from './delivery.repo.ts';
import { linkSecret, makeToken, newNonce } from './tokens.ts';

const LEASE_MS = 2 * 60_000;
const CONCURRENCY = 16;

export interface DispatchOptions {
  batch?: number;
  /** Test hook: runs after the provider accepted a send and before it is recorded (simulates a crash). */
  afterProviderSend?: (attemptId: string) => void | Promise<void>;
}

export const WARNINGS_CHANGED = 'warnings.changed';

/** A live send refused because its link would be relative (no ANLAN_PUBLIC_URL): useless on a phone. */
class RelativeLinkRefused extends Error {
  constructor() {
    super('未配置 ANLAN_PUBLIC_URL（或“公网地址”）：叫应链接是相对地址，手机上无法打开，拒绝通过真实通道发送');
  }
}

/** Where links point: the configured public address (settings, else ANLAN_PUBLIC_URL); absolute or not. */
export function publicBase(deps: Deps, settings: Pick<ChannelSettings, 'publicBaseUrl'>): { url: string; absolute: boolean } {
  const url = (settings.publicBaseUrl || deps.config.publicUrl || '').replace(/\/+$/, '');
  return { url, absolute: /^https?:\/\/[^/]+/i.test(url) };
}

/** The warning as a message names it, the level said once ("暴雨红色预警：…", not "红色暴雨预警：暴雨红色预警"). */
export function warningTitle(level: WarningLevel, eventType: string, headline: string): string {
  const levelWord = LEVEL_LABELS[level].zh.replace('预警', '');
  if (headline.includes(levelWord)) return headline;
  return `${EVENT_TYPES.find((e) => e.code === eventType)?.zh ?? ''}${LEVEL_LABELS[level].zh}：${headline}`;
}

/** Send every attempt that is due; returns counts. Safe to run concurrently and after a crash. */
export async function dispatchPending(deps: Deps, opts: DispatchOptions = {}): Promise<{ sent: number; failed: number }> {
  const { db, clock } = deps;
  const sys = systemCtx(deps);
  const settings = await getSettings(db);
  const policy = await getPolicy(db);
  const secret = await linkSecret(db);
  // Links must open on a phone: without an absolute public address the live channels refuse to send them.
  const base = publicBase(deps, settings);
  let sent = 0;
  let failed = 0;
  for (;;) {
    const now = clock.now();
    const claimed = await claimDue(sys, now, new Date(now.getTime() + LEASE_MS), opts.batch ?? 2500);
    if (claimed.length === 0) break;

    const recipients = await messageRows(
      sys,
      claimed.map((c) => c.recipient_id),
    );
    const byId = new Map(recipients.map((r) => [r.id, r]));
    const message = (c: Claimed): OutgoingMessage => {
      const r = byId.get(c.recipient_id);
      if (!r) throw new Error(`recipient ${c.recipient_id} missing`);
      const level = r.level as WarningLevel;
      const lp = policy.levels[level];
      // The link serves the measures report too, so it lasts at least until the warning expires.
      const ttl = now.getTime() + policy.linkTtlHours * 3_600_000;
      const token = makeToken(secret, {
        recipientId: r.id,
        purpose: 'ack',
        expiresAt: new Date(Math.max(ttl, (r.expires as Date | null)?.getTime() ?? 0)),
        nonce: newNonce(),
      });
      const link = `${base.url}/ack/${token}`;
      const title = warningTitle(r.level as WarningLevel, r.event_type, r.headline);
      const text =
        r.kind === 'escalation'
          ? `【${settings.signature}】叫应升级：${r.from_name ?? ''}未在时限内确认"${r.headline}"，请立即电话或上门叫应。确认收到请点击 ${link} 或回复 ${r.reply_code}`
          : `【${settings.signature}】${title}（${r.area_desc}）。请在${lp.ackMinutes}分钟内点击 ${link} 确认，或回复 ${r.reply_code}`;
      return {
        attemptId: c.id,
        channel: c.channel,
        name: r.name,
        phone: r.phone,
        email: r.email,
        subject: title,
        text,
        speech: `${r.name}您好，${settings.signature}发布${title}。请按1确认收到。`,
        link,
        replyCode: r.reply_code,
      };
    };

    const local = claimed.filter((c) => c.channel === 'inapp' || settings.channels[c.channel].mode === 'outbox');
    const isLocal = new Set(local);
    const live = claimed.filter((c) => !isLocal.has(c));

    if (local.length) {
      await withTx(sys, async (c) => {
        await writeOutbox(
          c,
          local
            .filter((a) => a.channel !== 'inapp')
            .map((a) => {
              const m = message(a);
              return {
                attempt_id: a.id,
                channel: a.channel,
                address: a.channel === 'email' ? m.email : m.phone,
                payload: JSON.stringify(m),
                created_at: now,
                link_relative: !base.absolute,
              };
            }),
        );
        await markLocalSent(
          c,
          local.map((a) => a.id),
          now,
        );
        const inapp = local.filter((a) => a.channel === 'inapp').map((a) => a.recipient_id);
        const outbox = local.filter((a) => a.channel !== 'inapp').map((a) => a.recipient_id);
        await markReached(c, outbox, now, 'outbox');
        await markReached(c, inapp, now, 'inapp');
      });
      sent += local.length;
    }

    for (let i = 0; i < live.length; i += CONCURRENCY) {
      // allSettled: every send in flight finishes (and is recorded) before an error propagates.
      const results = await Promise.allSettled(
        live.slice(i, i + CONCURRENCY).map((c) => sendLive(deps, c, message, settings.channels[c.channel], { ...opts, absoluteLinks: base.absolute })),
      );
      for (const r of results) if (r.status === 'fulfilled') r.value ? sent++ : failed++;
      const crash = results.find((r) => r.status === 'rejected');
      if (crash) throw crash.reason;
    }
    for (const w of new Set(claimed.map((c) => c.warning_id))) deps.events.deliver(WARNINGS_CHANGED, { warningId: w });
  }
  return { sent, failed };
}

async function sendLive(
  deps: Deps,
  c: Claimed,
  message: (c: Claimed) => OutgoingMessage,
  cfg: Parameters<(typeof DRIVERS)['sms']['send']>[1],
  opts: DispatchOptions & { absoluteLinks: boolean },
): Promise<boolean> {
  const driver = DRIVERS[c.channel as Exclude<Channel, 'inapp'>];
  let res: SendResult;
  try {
    if (c.prev === 'sending') {
      const rec = await driver.recover(c.id, cfg);
      if (rec.kind === 'sent') return record(deps, c, { providerId: rec.providerId, result: '重启后向服务商核实：已发送' });
      if (rec.kind === 'assume_sent') return record(deps, c, { providerId: `assumed:${c.id}`, result: '重启后无法核实，按已发送处理（阶梯下一渠道兜底）' });
    }
    if (!opts.absoluteLinks) throw new RelativeLinkRefused();
    res = await driver.send(message(c), cfg);
  } catch (err) {
    const now = deps.clock.now();
    const what = err instanceof RelativeLinkRefused ? `${CHANNEL_LABELS[c.channel].zh}未发送：未配置公网地址` : `${CHANNEL_LABELS[c.channel].zh}发送失败`;
    await withTx(systemCtx(deps), async (tx) => {
      await markFailed(tx, c.id, String((err as Error).message ?? err).slice(0, 1000), what);
      // Do not wait out the step: move this recipient to the next channel now.
      if (await moveOnNow(tx, c.recipient_id, c.step, now))
        await enqueueJob(tx.db, { kind: 'warnings.ladder', runAt: now, payload: { warningId: c.warning_id }, dedupKey: ladderKey(c.warning_id) });
    });
    return false;
  }
  await opts.afterProviderSend?.(c.id);
  return record(deps, c, res);
}

async function record(deps: Deps, c: Claimed, res: SendResult): Promise<boolean> {
  const now = deps.clock.now();
  await withTx(systemCtx(deps), async (tx) => {
    await markLiveSent(tx, c.id, now, res);
    await markReached(tx, [c.recipient_id], now, 'gateway');
  });
  return true;
}

/** Runs the relay whenever new attempts are written (event) and on a timer (leases, missed events). */
export function startRelay(deps: Deps, pollMs: number, log?: { error(o: unknown, m?: string): void }) {
  let running: Promise<unknown> | undefined;
  let again = false;
  const kick = () => {
    if (running) {
      again = true;
      return;
    }
    running = dispatchPending(deps)
      .catch((err) => log?.error({ err }, 'warning delivery relay failed'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          kick();
        }
      });
  };
  const unsubscribe = deps.events.subscribe(ATTEMPTS_WRITTEN, kick);
  const timer = setInterval(kick, pollMs);
  return {
    async stop() {
      clearInterval(timer);
      unsubscribe();
      await running;
    },
  };
}

/** Emitted after a commit that wrote delivery attempts. */
export const ATTEMPTS_WRITTEN = 'warnings.attempts';

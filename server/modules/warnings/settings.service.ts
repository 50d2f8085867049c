// The module's configuration: the call-response policy, the delivery channels (credentials never leave
// and never enter the audit trail), the external CAP feeds pulled on a registered sender's behalf, and the
// quarterly acknowledgement statistics.
import { v7 as uuidv7 } from 'uuid';
import type { ChannelsDto, FeedDto } from '../../../shared/warnings.dto.ts';
import { CHANNELS, quarterOf, type WarningPolicy } from '../../../shared/warnings.ts';
import { requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { fieldError } from '../../platform/errors.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { recomputeStats } from './ladder.ts';
import { type ChannelSettings, getPolicy, getSettings, putSetting } from './policy.ts';
import { feedKey } from './warnings.jobs.ts';
import { feedDto, outboxDto, statsDto } from './warnings.presenters.ts';
import { ackStats, insertFeed, listFeeds, senderName } from './warnings.repo.ts';
import { type OutboxFilter, outboxPage } from './delivery.repo.ts';
import { publicBase } from './delivery.ts';
import { pageOf } from '../../platform/pagination.ts';

export function readPolicy(ctx: Ctx): Promise<WarningPolicy> {
  requirePermission(ctx, 'warning:read');
  return getPolicy(ctx.db);
}

export async function updatePolicy(ctx: Ctx, policy: WarningPolicy): Promise<WarningPolicy> {
  requirePermission(ctx, 'warning:approve');
  return withTx(ctx, async (c) => {
    const before = await getPolicy(c.db);
    await putSetting(c.db, 'policy', policy, c.actor.id, c.deps.clock.now());
    await audit(c.db, c, { action: 'warning.policy.update', resourceType: 'warning_settings', resourceId: 'policy', before, after: policy });
    return getPolicy(c.db);
  });
}

export async function readChannels(ctx: Ctx): Promise<ChannelsDto> {
  requirePermission(ctx, 'warning:read');
  const s = await getSettings(ctx.db);
  // Never hand out credentials.
  const channels = Object.fromEntries(CHANNELS.map((c) => [c, { mode: s.channels[c].mode, configured: !!(s.channels[c].url || s.channels[c].smtpUrl) }]));
  return { channels, publicBaseUrl: publicBase(ctx.deps, s).url, signature: s.signature, capSender: s.capSender, capOrgCode: s.capOrgCode };
}

type ChannelsInput = Partial<Omit<ChannelSettings, 'channels'>> & { channels: Partial<ChannelSettings['channels']> };

const masked = (s: ChannelSettings) => Object.fromEntries(CHANNELS.map((c) => [c, { mode: s.channels[c].mode, url: s.channels[c].url ? '(set)' : undefined }]));

export async function updateChannels(ctx: Ctx, b: ChannelsInput) {
  requirePermission(ctx, 'warning:approve');
  await withTx(ctx, async (c) => {
    const current = await getSettings(c.db);
    const next = { ...current, ...b, channels: { ...current.channels, ...b.channels } };
    // A live channel sends links to phones: they must be absolute.
    const goingLive = CHANNELS.find((ch) => ch !== 'inapp' && b.channels[ch]?.mode === 'live');
    if (goingLive && !publicBase(c.deps, next).absolute)
      throw fieldError(
        `body.channels.${goingLive}.mode`,
        '未配置公网地址（ANLAN_PUBLIC_URL 或“公网地址”）：叫应链接在手机上无法打开，不能启用真实发送',
        'set ANLAN_PUBLIC_URL (or the public address) before sending live: relative links do not open on a phone',
      );
    await putSetting(c.db, 'settings', next, c.actor.id, c.deps.clock.now());
    // Credentials never go into the audit trail.
    await audit(c.db, c, {
      action: 'warning.channels.update',
      resourceType: 'warning_settings',
      resourceId: 'settings',
      before: masked(current),
      after: masked(next),
    });
  });
  return { ok: true };
}

export async function readFeeds(ctx: Ctx): Promise<FeedDto[]> {
  requirePermission(ctx, 'warning:read');
  return (await listFeeds(ctx)).map(feedDto);
}

/** A feed pulled for a registered sender (its documents are that sender's); the first poll is due now. */
export async function createFeed(ctx: Ctx, b: { name: string; url: string; pollMinutes?: number; senderId: string }): Promise<FeedDto> {
  requirePermission(ctx, 'warning:approve');
  return withTx(ctx, async (c) => {
    const sender = await senderName(c, b.senderId);
    if (sender === undefined) throw fieldError('body.senderId', '不是已登记的 CAP 发送方', 'is not a registered CAP sender');
    const id = uuidv7();
    const row = await insertFeed(c, { id, name: b.name, url: b.url, poll_minutes: b.pollMinutes ?? 5, created_by: c.actor.id, sender_id: b.senderId });
    await enqueueJob(c.db, { kind: 'warnings.feed', runAt: c.deps.clock.now(), payload: { feedId: id }, dedupKey: feedKey(id) });
    await audit(c.db, c, { action: 'warning.feed.create', resourceType: 'warning_feed', resourceId: id, after: row });
    return feedDto({ ...row, sender_name: sender });
  });
}

export async function readStats(ctx: Ctx, quarter?: string) {
  requirePermission(ctx, 'warning:read');
  return (await ackStats(ctx, quarter ?? quarterOf(ctx.deps.clock.now()))).map(statsDto);
}

export async function recompute(ctx: Ctx, q?: string) {
  requirePermission(ctx, 'warning:approve');
  const quarter = q ?? quarterOf(ctx.deps.clock.now());
  await withTx(ctx, async (c) => {
    await recomputeStats(c, quarter, c.deps.clock.now());
    await audit(c.db, c, { action: 'warning.stats.recompute', resourceType: 'warning_ack_stats', resourceId: quarter });
  });
  return { quarter };
}

/** The outbox (operators, drills, tests): what the outbox channels would have sent, per recipient and channel. */
export async function readOutbox(ctx: Ctx, f: OutboxFilter) {
  requirePermission(ctx, 'warning:write');
  const { count, items } = await outboxPage(ctx, f);
  return pageOf(count, items.map(outboxDto), f);
}

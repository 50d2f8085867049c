// Acknowledgement: by the signed link (one tap, then the measures report with photos), in the app, or by
// SMS reply with the code; each stops the recipient's ladder and the escalations it started.
import type { LinkAck, LinkView, MineItem } from '../../../shared/warnings.dto.ts';
import { requirePermission } from '../../platform/access.ts';
import { audit, writeAudit } from '../../platform/audit.ts';
import { type Ctx, type Deps, systemCtx, withTx } from '../../platform/context.ts';
import { publish } from '../../platform/events.ts';
import { conflict, fieldError, notFound } from '../../platform/errors.ts';
import { insertFile, sniff, type UploadedPart } from '../../platform/files/files.service.ts';
import { iso } from '../../platform/sql.ts';
import { ackLinkBatched } from './acks.ts';
import { WARNINGS_CHANGED } from './delivery.ts';
import { linkSecret, makeToken, newNonce, verifyToken } from './tokens.ts';
import { maskPhone, mineDto } from './warnings.presenters.ts';
import { myRecipients } from './warnings.repo.ts';
import {
  type LinkView as LinkRow,
  linkView,
  lockRecipient,
  markAcknowledged,
  openRecipientByReply,
  recipientOwner,
  recordReceipt,
  setMeasuresPhotos,
  writeMeasures,
} from './delivery.repo.ts';

/** The warning still takes acknowledgements, measures and photos: released, not past its expiry, the recipient not closed. */
const isOpen = (v: Pick<LinkRow, 'state' | 'warning'>, now: Date) =>
  v.warning.status === 'released' && v.state !== 'closed' && !(v.warning.expires && v.warning.expires <= now);

const linkDto = (v: LinkRow, now: Date, measuresToken: string | null): LinkView => ({
  ...v,
  ackedAt: iso(v.ackedAt),
  deadlineAt: iso(v.deadlineAt),
  measuresAt: iso(v.measuresAt),
  open: isOpen(v, now),
  measuresToken,
  warning: { ...v.warning, expires: iso(v.warning.expires) },
});

/** A token for the measures report and photos: usable as long as the warning is (at least 72 hours). */
const measuresTokenFor = (secret: Buffer, recipientId: string, v: LinkRow, now: Date) =>
  makeToken(secret, {
    recipientId,
    purpose: 'measures',
    expiresAt: new Date(Math.max(now.getTime() + 72 * 3_600_000, v.warning.expires?.getTime() ?? 0)),
    nonce: newNonce(),
  });

const recipientNotFound = () => notFound('叫应对象', 'Recipient');

async function acknowledge(ctx: Ctx, recipientId: string, via: 'link' | 'inapp' | 'sms', now: Date) {
  const r = await lockRecipient(ctx, recipientId);
  if (!r) throw recipientNotFound();
  if (r.acked_at) throw conflict('ALREADY_ACKNOWLEDGED', '您已确认过此预警', 'Already acknowledged');
  if (r.state === 'closed') throw conflict('WARNING_ENDED', '此预警已解除或更新，无需确认', 'This warning has ended');
  return markAcknowledged(ctx, r, via, now);
}

/**
 * What the link shows. Reopened after the acknowledgement while the warning is in force, it hands out the
 * measures token again (the report and photos can be added or corrected until the warning ends); after the
 * end — or once the link itself has run out — it shows the record read-only.
 */
export async function viewByLink(deps: Deps, token: string): Promise<LinkView> {
  const now = deps.clock.now();
  const secret = await linkSecret(deps.db);
  const claims = verifyToken(secret, token, 'ack', now, { allowExpired: true });
  const v = await linkView(systemCtx(deps), claims.recipientId);
  const expired = claims.expiresAt <= now;
  if (expired && isOpen(v, now) && !v.ackedAt) verifyToken(secret, token, 'ack', now); // still to acknowledge: 410, as before
  const canReport = !expired && !!v.ackedAt && isOpen(v, now);
  return linkDto(v, now, canReport ? measuresTokenFor(secret, claims.recipientId, v, now) : null);
}

const linkActor = (name: string) => ({ id: null, username: `link:${name}`, unitCode: null });

/** One tap on the signed link: acknowledges (group-committed, see acks.ts) and hands back a token for the measures report. */
export async function ackByLink(deps: Deps, token: string, ip: string | null): Promise<LinkAck> {
  const now = deps.clock.now();
  const secret = await linkSecret(deps.db);
  const claims = verifyToken(secret, token, 'ack', now);
  const r = await ackLinkBatched(deps, { claims, ip });
  deps.events.deliver(WARNINGS_CHANGED, { warningId: r.warningId });
  const measuresToken = measuresTokenFor(secret, r.id, r.view, now);
  return { ...linkDto(r.view, now, measuresToken), measuresToken };
}

export interface MeasuresInput {
  measures: string;
  peopleMoved?: number;
}

async function saveMeasures(ctx: Ctx, recipientId: string, m: MeasuresInput, now: Date) {
  const saved = await writeMeasures(ctx, recipientId, { measures: m.measures.trim(), peopleMoved: m.peopleMoved ?? null }, now);
  if (!saved) throw conflict('NOT_ACKNOWLEDGED', '请先确认收到预警', 'Acknowledge the warning first');
  return saved;
}

const MAX_MEASURE_PHOTOS = 3;

/** Measures and photos by link are taken until the warning ends; after that the record is read-only. */
async function requireOpen(ctx: Ctx, recipientId: string, now: Date) {
  if (!isOpen(await linkView(ctx, recipientId), now))
    throw conflict('WARNING_ENDED', '预警已结束，措施记录只读，不能再修改', 'The warning has ended; the record is read-only');
}

/** A photo for the measures report, sent from the link page before the report itself. */
export async function photoByLink(deps: Deps, token: string, part: UploadedPart | undefined, ip: string | null) {
  if (!part) throw fieldError('photo', '请选择照片', 'is required');
  const now = deps.clock.now();
  const claims = verifyToken(await linkSecret(deps.db), token, 'measures', now);
  const mime = await sniff(part, 'image');
  const stored = await withTx(systemCtx(deps), async (c) => {
    const r = await lockRecipient(c, claims.recipientId);
    if (!r) throw recipientNotFound();
    await requireOpen(c, r.id, now);
    if (r.measures_photo_ids.length >= MAX_MEASURE_PHOTOS)
      throw fieldError(part.field, `最多 ${MAX_MEASURE_PHOTOS} 张照片`, `at most ${MAX_MEASURE_PHOTOS} photos`);
    const f = await insertFile(c.db, { filename: part.filename, mime, data: part.data, uploadedBy: null, jurisdictionCode: r.jurisdiction_code, at: now });
    await setMeasuresPhotos(c, r.id, [...r.measures_photo_ids, f.id]);
    await writeAudit(c.db, {
      at: now,
      actor: linkActor(r.name),
      ip,
      action: 'warning.measures.photo',
      resourceType: 'warning_recipient',
      resourceId: r.id,
      after: { fileId: f.id, size: f.size },
    });
    return f;
  });
  return { id: stored.id, filename: stored.filename, size: stored.size };
}

export async function measuresByLink(deps: Deps, token: string, m: MeasuresInput, ip: string | null) {
  const now = deps.clock.now();
  const claims = verifyToken(await linkSecret(deps.db), token, 'measures', now);
  await withTx(systemCtx(deps), async (c) => {
    const r = await lockRecipient(c, claims.recipientId);
    if (!r) throw recipientNotFound();
    await requireOpen(c, r.id, now);
    const s = await saveMeasures(c, claims.recipientId, m, now);
    await writeAudit(c.db, {
      at: now,
      actor: linkActor(s.name),
      ip,
      action: 'warning.measures',
      resourceType: 'warning_recipient',
      resourceId: s.id,
      after: m,
    });
    publish(c, WARNINGS_CHANGED, { warningId: s.warning_id });
  });
  return { ok: true };
}

async function ownRecipient(ctx: Ctx, recipientId: string) {
  requirePermission(ctx, 'warning:ack');
  if (!/^[0-9a-f-]{36}$/i.test(recipientId)) throw recipientNotFound();
  const r = await recipientOwner(ctx, recipientId);
  if (!r || r.user_id !== ctx.actor.id) throw recipientNotFound();
  return r;
}

export async function ackInApp(ctx: Ctx, recipientId: string) {
  await ownRecipient(ctx, recipientId);
  const now = ctx.deps.clock.now();
  const saved = await withTx(ctx, async (c) => {
    const s = await acknowledge(c, recipientId, 'inapp', now);
    await audit(c.db, c, { action: 'warning.ack', resourceType: 'warning_recipient', resourceId: recipientId, after: { via: 'inapp' } });
    publish(c, WARNINGS_CHANGED, { warningId: s.warning_id });
    return s;
  });
  return { id: saved.id, state: saved.state, ackedAt: iso(saved.acked_at) };
}

export async function measuresInApp(ctx: Ctx, recipientId: string, m: MeasuresInput) {
  await ownRecipient(ctx, recipientId);
  const now = ctx.deps.clock.now();
  const saved = await withTx(ctx, async (c) => {
    const s = await saveMeasures(c, recipientId, m, now);
    await audit(c.db, c, { action: 'warning.measures', resourceType: 'warning_recipient', resourceId: recipientId, after: m });
    publish(c, WARNINGS_CHANGED, { warningId: s.warning_id });
    return s;
  });
  return { id: saved.id, measuresAt: iso(saved.measures_at) };
}

const normPhone = (p: string) => p.replace(/[^\d]/g, '').replace(/^86(?=1\d{10}$)/, '');

/** SMS gateway webhook: "reply with the code" acknowledges the matching open recipient. */
export async function ackBySms(ctx: Ctx, from: string, text: string) {
  requirePermission(ctx, 'warning:ack');
  const code = /(?:^|\D)(\d{4})(?:\D|$)/.exec(text)?.[1];
  if (!code) return { matched: false };
  const phone = normPhone(from);
  const r = await openRecipientByReply(ctx, phone, code);
  if (!r) return { matched: false };
  const now = ctx.deps.clock.now();
  await withTx(ctx, async (c) => {
    await acknowledge(c, r.id, 'sms', now);
    await audit(c.db, c, { action: 'warning.ack', resourceType: 'warning_recipient', resourceId: r.id, after: { via: 'sms', from: maskPhone(phone) } });
    publish(c, WARNINGS_CHANGED, { warningId: r.warning_id });
  });
  return { matched: true, recipientId: r.id };
}

/**
 * Gateway delivery receipt (回执) webhook: the gateway says one of our live sends reached the phone (or
 * failed there), by our attempt id (its idempotency key) or its own message id.
 */
export async function receiptFromGateway(ctx: Ctx, b: { id: string; status: 'delivered' | 'failed'; at?: string; detail?: string }) {
  requirePermission(ctx, 'warning:write');
  const now = ctx.deps.clock.now();
  const at = b.at ? new Date(b.at) : now;
  return withTx(ctx, async (c) => {
    const a = await recordReceipt(c, b.id, {
      delivered: b.status === 'delivered',
      at: new Date(Math.min(at.getTime(), now.getTime())),
      text: b.detail ?? b.status,
    });
    if (!a) return { matched: false };
    await audit(c.db, c, { action: 'warning.receipt', resourceType: 'delivery_attempt', resourceId: a.id, after: { status: b.status } });
    publish(c, WARNINGS_CHANGED, { warningId: a.warning_id });
    return { matched: true, attemptId: a.id };
  });
}

/** The signed-in person's own warnings (in-app channel). */
export async function myWarnings(ctx: Ctx): Promise<MineItem[]> {
  requirePermission(ctx, 'warning:read');
  return (await myRecipients(ctx)).map(mineDto);
}

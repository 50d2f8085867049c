// Group commit for one-tap acknowledgements. When a red warning goes to thousands of people they tap at
// once; one transaction per tap would queue every tap behind the audit chain's lock and a disk flush.
// Taps that arrive while a batch is committing wait for the next batch, which is applied set-wise in ONE
// transaction (tokens consumed, recipients acknowledged, pending sends and escalations called off, one
// audit row per tap), and each caller gets its own answer only after that commit.
import { writeAuditMany } from '../../platform/audit.ts';
import { type Ctx, type Deps, systemCtx, withTx } from '../../platform/context.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import type { TokenClaims } from './tokens.ts';
import { acknowledgeMany, consumeNonces, type LinkView, linkViews, lockRecipients, releaseNonces } from './delivery.repo.ts';

export interface AckRequest {
  claims: TokenClaims;
  ip: string | null;
}
export interface AckDone {
  id: string;
  warningId: string;
  view: LinkView;
}

interface Pending extends AckRequest {
  resolve(v: AckDone): void;
  reject(e: unknown): void;
}

const MAX_BATCH = 500;
const batchers = new WeakMap<Deps, { queue: Pending[]; running: boolean }>();

export function ackLinkBatched(deps: Deps, req: AckRequest): Promise<AckDone> {
  let b = batchers.get(deps);
  if (!b) {
    b = { queue: [], running: false };
    batchers.set(deps, b);
  }
  const state = b;
  return new Promise<AckDone>((resolve, reject) => {
    state.queue.push({ ...req, resolve, reject });
    if (!state.running) void drain(deps, state);
  });
}

async function drain(deps: Deps, b: { queue: Pending[]; running: boolean }) {
  b.running = true;
  try {
    while (b.queue.length) {
      const batch = b.queue.splice(0, MAX_BATCH);
      let outcomes: (AckDone | Error)[];
      try {
        outcomes = await withTx(systemCtx(deps), (c) => applyBatch(c, batch));
      } catch (err) {
        for (const p of batch) p.reject(err);
        continue;
      }
      batch.forEach((p, i) => {
        const o = outcomes[i];
        if (o instanceof Error) p.reject(o);
        else p.resolve(o);
      });
    }
  } finally {
    b.running = false;
  }
}

async function applyBatch(ctx: Ctx, batch: Pending[]): Promise<(AckDone | Error)[]> {
  const now = ctx.deps.clock.now();
  const out: (AckDone | Error | undefined)[] = batch.map(() => undefined);
  // 1. Single use: a nonce already used (earlier, or twice in this batch) is refused.
  const fresh = await consumeNonces(
    ctx,
    batch.map((p) => ({ nonce: p.claims.nonce, recipient_id: p.claims.recipientId, purpose: p.claims.purpose, used_at: now, expires_at: p.claims.expiresAt })),
  );
  const claimed = new Set<string>();
  batch.forEach((p, i) => {
    if (!fresh.has(p.claims.nonce) || claimed.has(p.claims.nonce)) out[i] = conflict('LINK_USED', '此链接已使用过', 'This link has already been used');
    claimed.add(p.claims.nonce);
  });
  // 2. The recipients, locked.
  const ids = [...new Set(batch.filter((_, i) => !out[i]).map((p) => p.claims.recipientId))];
  const rows = ids.length ? await lockRecipients(ctx, ids) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ok: { i: number; id: string; warningId: string; name: string }[] = [];
  const taken = new Set<string>();
  batch.forEach((p, i) => {
    if (out[i]) return;
    const r = byId.get(p.claims.recipientId);
    if (!r) out[i] = notFound('叫应对象', 'Recipient');
    else if (r.acked_at || taken.has(r.id)) out[i] = conflict('ALREADY_ACKNOWLEDGED', '您已确认过此预警', 'Already acknowledged');
    else if (r.state === 'closed') out[i] = conflict('WARNING_ENDED', '此预警已解除或更新，无需确认', 'This warning has ended');
    else {
      taken.add(r.id);
      ok.push({ i, id: r.id, warningId: r.warning_id, name: r.name });
    }
  });
  // A refused tap does not use up its link (as with one transaction per tap, which would roll back).
  await releaseNonces(
    ctx,
    batch.filter((_p, i) => out[i] && !(out[i] instanceof AppError && out[i].code === 'LINK_USED')).map((p) => p.claims.nonce),
  );
  if (ok.length === 0) return out as (AckDone | Error)[];

  // 3. Acknowledge, call off unsent messages and the superiors' escalations.
  const okIds = ok.map((o) => o.id);
  await acknowledgeMany(ctx, okIds, 'link', now);

  // 4. One audit row per tap, appended to the chain under one lock.
  await writeAuditMany(
    ctx.db,
    ok.map((o) => ({
      at: now,
      actor: { id: null, username: `link:${o.name}`, unitCode: null },
      ip: batch[o.i].ip,
      action: 'warning.ack',
      resourceType: 'warning_recipient',
      resourceId: o.id,
      after: { via: 'link' },
    })),
  );
  const views = await linkViews(ctx, okIds);
  for (const o of ok) out[o.i] = { id: o.id, warningId: o.warningId, view: views.get(o.id) as LinkView };
  return out as (AckDone | Error)[];
}

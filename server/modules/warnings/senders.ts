// Registered CAP senders (外部预警发送方): who may push CAP alerts to POST /api/warnings/cap, and whom a
// pulled feed speaks for. A sender has its own credential (not a user's session or API token), is bound to
// one CAP <sender> id and to the division codes it may warn, and has a release policy (default: draft,
// i.e. its alerts wait for a district approver).
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { requireJurisdiction, requirePermission } from '../../platform/access.ts';
import { audit, writeAudit } from '../../platform/audit.ts';
import { type Ctx, type Deps, systemCtx, withTx } from '../../platform/context.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import type { SenderRelease } from './warnings.tables.ts';
import { senderDto } from './warnings.presenters.ts';
import { type CapSender, insertSender, listSenderRows, lockSender, senderByTokenHash, senderIdTaken, setSenderToken, updateSenderRow } from './persons.repo.ts';

export type { CapSender };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newSenderToken = () => `cap_${randomBytes(32).toString('base64url')}`;
const senderNotFound = () => notFound('CAP 发送方', 'CAP sender');

export interface SenderInput {
  name: string;
  sender: string;
  areaCodes: string[];
  release?: SenderRelease;
  enabled?: boolean;
}

/** What the audit trail keeps of a sender: never the token hash. */
const senderView = ({ token_hash: _, ...s }: CapSender) => s;

async function checkAreas(ctx: Ctx, codes: string[]) {
  for (const [i, code] of codes.entries()) await requireJurisdiction(ctx, code, `body.areaCodes.${i}`);
}

export async function listSenders(ctx: Ctx) {
  requirePermission(ctx, 'warning:approve');
  const rows = await listSenderRows(ctx);
  return rows.map(senderDto);
}

/** Register a sender; the token is returned once and only its hash is kept. */
export async function createSender(ctx: Ctx, input: SenderInput) {
  requirePermission(ctx, 'warning:approve');
  const areaCodes = [...new Set(input.areaCodes)];
  await checkAreas(ctx, areaCodes);
  const token = newSenderToken();
  const now = ctx.deps.clock.now();
  const id = uuidv7();
  const saved = await withTx(ctx, async (c) => {
    if (await senderIdTaken(c, input.sender)) throw conflict('SENDER_EXISTS', '该 CAP 发送方标识已登记', 'This CAP sender id is already registered');
    const row = await insertSender(c, {
      id,
      name: input.name.trim(),
      sender: input.sender,
      token_hash: sha256(token),
      area_codes: areaCodes,
      release: input.release ?? 'draft',
      enabled: input.enabled ?? true,
      created_at: now,
      created_by: ctx.actor.id,
      updated_at: now,
      updated_by: ctx.actor.id,
    });
    await audit(c.db, c, { action: 'warning.sender.create', resourceType: 'warning_cap_sender', resourceId: id, after: senderView(row) });
    return row;
  });
  return { ...senderDto(saved), token };
}

export async function updateSender(ctx: Ctx, id: string, input: Omit<SenderInput, 'sender'>) {
  requirePermission(ctx, 'warning:approve');
  const areaCodes = [...new Set(input.areaCodes)];
  await checkAreas(ctx, areaCodes);
  const saved = await withTx(ctx, async (c) => {
    const before = await lockSender(c, id);
    if (!before) throw senderNotFound();
    const row = await updateSenderRow(c, id, {
      name: input.name.trim(),
      area_codes: areaCodes,
      release: input.release ?? before.release,
      enabled: input.enabled ?? before.enabled,
      updated_at: ctx.deps.clock.now(),
      updated_by: ctx.actor.id,
    });
    await audit(c.db, c, {
      action: 'warning.sender.update',
      resourceType: 'warning_cap_sender',
      resourceId: id,
      before: senderView(before),
      after: senderView(row),
    });
    return row;
  });
  return senderDto(saved);
}

/** A new credential for a sender; the old one stops working at once. */
export async function rotateSenderToken(ctx: Ctx, id: string) {
  requirePermission(ctx, 'warning:approve');
  const token = newSenderToken();
  await withTx(ctx, async (c) => {
    if (!(await setSenderToken(c, id, sha256(token)))) throw senderNotFound();
    await audit(c.db, c, { action: 'warning.sender.token', resourceType: 'warning_cap_sender', resourceId: id });
  });
  return { id, token };
}

export const senderActor = (s: Pick<CapSender, 'sender'>) => ({ id: null, username: `cap:${s.sender}`, unitCode: null });

/**
 * The registered sender a push comes from. A request without a sender credential is 401; a signed-in user
 * or a user's API token — whatever its permissions — is 403, and the refusal is audited.
 */
export async function pushingSender(deps: Deps, req: FastifyRequest, ip: string | null): Promise<CapSender> {
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (token) {
    const s = await senderByTokenHash(systemCtx(deps), sha256(token));
    if (s) return s;
  }
  // Not UNAUTHENTICATED: signing in does not help here, only a registered sender's credential does.
  if (!req.actor)
    throw token
      ? new AppError('INVALID_TOKEN', 401, '访问令牌无效或已过期', 'Invalid or expired token')
      : new AppError('CAP_SENDER_REQUIRED', 401, '请使用已登记 CAP 发送方的凭证（Bearer）推送', 'Push with a registered CAP sender credential (Bearer)');
  const actor = req.actor;
  await withTx(systemCtx(deps), (c) =>
    writeAudit(c.db, {
      at: deps.clock.now(),
      actor: { id: actor.id, username: actor.username, unitCode: actor.unitCode },
      ip,
      action: 'access.denied',
      resourceType: 'warning_cap_sender',
      outcome: 'denied',
      detail: { route: 'POST /api/warnings/cap', via: actor.via, reason: 'not a registered CAP sender' },
    }),
  );
  throw new AppError('NOT_A_CAP_SENDER', 403, '只有已登记的 CAP 发送方可以推送预警（请在“策略与接入”中登记）', 'Only registered CAP senders may push alerts');
}

/** Audit a refused document (pushed: in its own transaction, as the import's is rolled back). */
export async function auditRefusal(ctx: Ctx, s: CapSender, at: Date, ip: string | null, e: AppError, identifier?: string) {
  await writeAudit(ctx.db, {
    at,
    actor: senderActor(s),
    ip,
    action: 'warning.import',
    resourceType: 'warning',
    outcome: 'denied',
    detail: { code: e.code, message: e.message, identifier: identifier ?? null },
  });
}

// One-tap acknowledgement links: an HMAC-signed, expiring, single-use token naming one recipient. The
// secret is generated once and kept in warning_settings, so every API process verifies the same links.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { AppError } from '../../platform/errors.ts';
import { settingOnce } from './warnings.repo.ts';

export type TokenPurpose = 'ack' | 'measures';

export interface TokenClaims {
  recipientId: string;
  purpose: TokenPurpose;
  expiresAt: Date;
  nonce: string;
}

const SECRET_KEY = 'link_secret';
const cache = new WeakMap<object, Buffer>();

export async function linkSecret(db: Tx): Promise<Buffer> {
  const hit = cache.get(db);
  if (hit) return hit;
  const fresh = randomBytes(32).toString('hex');
  const secret = Buffer.from((await settingOnce(db, SECRET_KEY, fresh)) as string, 'hex');
  cache.set(db, secret);
  return secret;
}

// Compact binary claims keep links short enough for an SMS: recipient uuid (16 bytes), purpose (1),
// expiry in unix seconds (4), nonce (6); MAC = HMAC-SHA256 truncated to 128 bits.
const PURPOSES: TokenPurpose[] = ['ack', 'measures'];
const mac = (secret: Buffer, body: string) => createHmac('sha256', secret).update(body).digest().subarray(0, 16).toString('base64url');

export function makeToken(secret: Buffer, c: TokenClaims): string {
  const buf = Buffer.alloc(27);
  Buffer.from(c.recipientId.replace(/-/g, ''), 'hex').copy(buf, 0);
  buf.writeUInt8(PURPOSES.indexOf(c.purpose), 16);
  buf.writeUInt32BE(Math.floor(c.expiresAt.getTime() / 1000), 17);
  Buffer.from(c.nonce, 'base64url').copy(buf, 21, 0, 6);
  const body = buf.toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

export const newNonce = () => randomBytes(6).toString('base64url');

const invalid = () =>
  new AppError('LINK_INVALID', 400, '链接无效', 'The link is invalid', [{ field: 'params.token', message: '签名不正确', messageEn: 'has a bad signature' }]);

/**
 * Check signature, purpose and expiry (not single use: see consumeToken). `allowExpired` is for reading
 * one's own record after the link ran out (the signature still has to match).
 */
export function verifyToken(secret: Buffer, token: string, purpose: TokenPurpose, now: Date, opts: { allowExpired?: boolean } = {}): TokenClaims {
  const [body, given] = token.split('.');
  if (!body || !given) throw invalid();
  const expected = Buffer.from(mac(secret, body));
  if (expected.length !== Buffer.byteLength(given) || !timingSafeEqual(expected, Buffer.from(given))) throw invalid();
  const buf = Buffer.from(body, 'base64url');
  if (buf.length !== 27 || PURPOSES[buf.readUInt8(16)] !== purpose) throw invalid();
  const hex = buf.subarray(0, 16).toString('hex');
  const recipientId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const expiresAt = new Date(buf.readUInt32BE(17) * 1000);
  if (expiresAt <= now && !opts.allowExpired) throw new AppError('LINK_EXPIRED', 410, '链接已过期，请联系上级或在系统内确认', 'The link has expired');
  return { recipientId, purpose, expiresAt, nonce: buf.subarray(21, 27).toString('base64url') };
}

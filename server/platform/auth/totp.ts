// TOTP second factor (RFC 6238, 30 s steps, 6 digits) on the injectable clock. A code is accepted for
// the current step and one step either side (clock drift); each step can be used once (replay).
import { authenticator } from 'otplib';
import QRCode from 'qrcode';

export const TOTP_STEP_SECONDS = 30;
const WINDOW = 1;

const at = (now: Date) => authenticator.clone({ epoch: now.getTime(), window: WINDOW, step: TOTP_STEP_SECONDS });

export const stepOf = (now: Date) => Math.floor(now.getTime() / 1000 / TOTP_STEP_SECONDS);

export const newTotpSecret = () => authenticator.generateSecret(20);

/** The code an authenticator app shows at this time. */
export const totpCode = (secret: string, now: Date) => at(now).generate(secret);

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' };

export function checkTotp(secret: string, code: string, now: Date, lastStep: number | null): TotpCheck {
  const delta = at(now).checkDelta(code, secret);
  if (delta === null) return { ok: false, reason: 'invalid' };
  const step = stepOf(now) + delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

export async function enrollment(secret: string, username: string) {
  const otpauthUri = authenticator.keyuri(username, '安澜 Anlan', secret);
  const qrDataUrl = await QRCode.toDataURL(otpauthUri, { margin: 1, width: 220 });
  return { secret, otpauthUri, qrDataUrl };
}

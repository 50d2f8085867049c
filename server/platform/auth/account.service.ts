// What a signed-in user does to their own account: change the password, enrol a TOTP authenticator.
// These stay reachable while the session is held at "enrol first" / "change your password first".
import { audit } from '../audit.ts';
import { type Ctx, withTx } from '../context.ts';
import { accountLocked, recordFailedPassword, requireSession } from './auth.service.ts';
import { AppError, conflict, fieldError } from '../errors.ts';
import { checkPasswordPolicy, HISTORY_KEPT, hashPassword, POLICIES, reusesHistory, verifyPassword } from './passwords.ts';
import { checkTotp, enrollment, newTotpSecret } from './totp.ts';

export async function changePassword(ctx: Ctx, input: { current: string; next: string }): Promise<void> {
  requireSession(ctx.actor);
  const { db, clock, config } = ctx.deps;
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'unit_code', 'password_hash', 'password_history', 'failed_logins', 'locked_until'])
    .where('id', '=', ctx.actor.id)
    .executeTakeFirstOrThrow();
  // Guessing the current password from a signed-in session counts like guessing it at sign-in.
  if (user.locked_until && user.locked_until > clock.now()) throw accountLocked(user.locked_until);
  if (!(await verifyPassword(user.password_hash, input.current))) {
    const locked = await recordFailedPassword(ctx.deps, user, ctx.ip, 'password_change', 'auth.password.change');
    // The lock ends every session too: whoever holds this one cannot keep guessing, or keep working.
    if (locked) await db.updateTable('sessions').set({ revoked_at: clock.now() }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
    throw locked ? accountLocked(locked) : fieldError('body.current', '当前密码不正确', 'is not your current password');
  }
  const policy = POLICIES[config.passwordPolicy];
  checkPasswordPolicy(policy, input.next, user.username, 'body.next');
  const history = user.password_history.length ? user.password_history : user.password_hash ? [user.password_hash] : [];
  if (await reusesHistory(policy, history, input.next)) {
    throw policy.historySize > 1
      ? fieldError('body.next', `不能与最近 ${policy.historySize} 次使用过的密码相同`, `must differ from your last ${policy.historySize} passwords`)
      : fieldError('body.next', '不能与当前密码相同', 'must differ from the current password');
  }
  const hash = await hashPassword(input.next);
  const now = clock.now();
  await withTx(ctx, async (c) => {
    await c.db
      .updateTable('users')
      .set({
        password_hash: hash,
        password_changed_at: now,
        password_history: [hash, ...history].slice(0, HISTORY_KEPT),
        must_change_password: false,
        updated_at: now,
        updated_by: ctx.actor.id,
      })
      .where('id', '=', user.id)
      .execute();
    // Other sessions were opened with the old password: end them.
    let others = c.db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', user.id).where('revoked_at', 'is', null);
    if (ctx.actor.sessionId) others = others.where('id', '<>', ctx.actor.sessionId);
    await others.execute();
    await audit(c.db, c, { action: 'auth.password.change', resourceType: 'user', resourceId: user.id });
  });
}

/** Start enrolment: a new secret (not active until a code from it is confirmed). */
export async function setupTotp(ctx: Ctx) {
  requireSession(ctx.actor);
  const { db } = ctx.deps;
  const user = await db.selectFrom('users').select(['id', 'username', 'totp_enabled']).where('id', '=', ctx.actor.id).executeTakeFirstOrThrow();
  if (user.totp_enabled)
    throw conflict('TOTP_ALREADY_ENABLED', '已启用动态验证码；如需更换请联系管理员重置', 'TOTP is already enabled; ask an administrator to reset it');
  const secret = newTotpSecret();
  await withTx(ctx, async (c) => {
    await c.db.updateTable('users').set({ totp_secret: secret }).where('id', '=', user.id).execute();
    await audit(c.db, c, { action: 'auth.totp.setup', resourceType: 'user', resourceId: user.id });
  });
  return enrollment(secret, user.username);
}

/** Confirm enrolment with a code from the new secret; the current session counts as second-factor verified. */
export async function enableTotp(ctx: Ctx, code: string): Promise<void> {
  requireSession(ctx.actor);
  const { db, clock } = ctx.deps;
  const user = await db
    .selectFrom('users')
    .select(['id', 'totp_enabled', 'totp_secret', 'totp_last_step'])
    .where('id', '=', ctx.actor.id)
    .executeTakeFirstOrThrow();
  if (user.totp_enabled) throw conflict('TOTP_ALREADY_ENABLED', '已启用动态验证码', 'TOTP is already enabled');
  if (!user.totp_secret) throw new AppError('TOTP_NOT_SET_UP', 409, '请先获取绑定二维码', 'Call /api/auth/totp/setup first');
  const check = checkTotp(user.totp_secret, code, clock.now(), user.totp_last_step);
  if (!check.ok)
    throw fieldError(
      'body.code',
      check.reason === 'replayed' ? '该验证码已使用过' : '验证码错误或已过期',
      check.reason === 'replayed' ? 'was already used' : 'is wrong or expired',
    );
  await withTx(ctx, async (c) => {
    await c.db.updateTable('users').set({ totp_enabled: true, totp_last_step: check.step }).where('id', '=', user.id).execute();
    if (ctx.actor.sessionId) await c.db.updateTable('sessions').set({ mfa_passed: true }).where('id', '=', ctx.actor.sessionId).execute();
    await audit(c.db, c, { action: 'auth.totp.enable', resourceType: 'user', resourceId: user.id });
  });
}

// Sign-in, sessions and machine tokens. Sessions live in the database (server-side), the browser holds
// only a random token in an httpOnly cookie; we store its sha256. Every sign-in outcome is audited.
import { fmtMinute } from '../../../shared/time.ts';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { MFA_REQUIRED_ROLES, permissionsOf } from '../../../shared/roles.ts';
import { writeAudit } from '../audit.ts';
import type { Actor, Deps } from '../context.ts';
import { AppError } from '../errors.ts';
import { hit, type Limit, peek, rateLimited } from '../ratelimit.ts';
import { POLICIES, verifyPassword } from './passwords.ts';
import { checkTotp } from './totp.ts';

export const SESSION_COOKIE = 'anlan_sid';
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 30;
/** Failed sign-ins per client address, whatever the user names (password spraying, enumeration). */
export const LOGIN_IP_LIMIT: Limit = { name: 'login-ip', max: 20, windowMs: 15 * 60_000 };
/**
 * Failures against a user name nobody has: counted and locked like an account (users.failed_logins), so
 * the answers — 401 four times, then 423 "locked until …" — do not tell whether the account exists.
 */
const UNKNOWN_USER_LIMIT: Limit = { name: 'login-unknown', max: MAX_FAILED_LOGINS, windowMs: 30 * 86_400_000, blockMs: LOCKOUT_MINUTES * 60_000 };

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export const sessionRequired = () =>
  new AppError('SESSION_REQUIRED', 403, '此操作须登录后进行，访问令牌不能使用', 'This needs a signed-in session; API tokens cannot use it');

/** Account and token management are for people at a browser, never for a machine holding a token. */
export function requireSession(actor: Actor): void {
  if (actor.via !== 'session') throw sessionRequired();
}

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 401, '用户名或密码错误', 'Wrong user name or password');

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  actor: Actor;
}

export async function login(deps: Deps, input: LoginInput): Promise<LoginResult> {
  const { db, clock } = deps;
  const username = input.username.trim().toLowerCase();
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const now = clock.now();
  const audit = (outcome: 'success' | 'failure' | 'denied', action: string, detail?: unknown) =>
    db.transaction().execute((trx) =>
      writeAudit(trx, {
        at: now,
        actor: { id: user?.id ?? null, username, unitCode: user?.unit_code ?? null },
        ip: input.ip,
        action,
        resourceType: 'user',
        resourceId: user?.id ?? null,
        outcome,
        detail,
      }),
    );
  const ip = input.ip ?? 'unknown';
  const byIp = await peek(deps, LOGIN_IP_LIMIT, ip);
  if (byIp.exhausted) {
    await audit('denied', 'auth.login', { reason: 'ip_limited' });
    throw rateLimited(
      `登录失败次数过多，请于 ${fmt(byIp.resetAt)} 后重试`,
      `Too many failed sign-ins from this address; try again after ${byIp.resetAt.toISOString()}`,
    );
  }
  const lockedUntil = user ? user.locked_until : await unknownUserLock(deps, username);
  if (lockedUntil && lockedUntil > now) {
    await audit('denied', 'auth.login', { reason: 'locked' });
    throw accountLocked(lockedUntil);
  }
  // An unknown name is checked against a dummy hash: the same argon2 work, so the same time.
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !ok || user.disabled) {
    await hit(deps, LOGIN_IP_LIMIT, ip);
    if (user && !ok) await recordFailedPassword(deps, user, input.ip, 'password');
    else if (user) await audit('failure', 'auth.login', { reason: 'disabled' });
    else {
      await hit(deps, UNKNOWN_USER_LIMIT, username);
      await audit('failure', 'auth.login', { reason: 'unknown_user' });
    }
    throw invalidCredentials();
  }

  let totpStep: number | null = null;
  if (user.totp_enabled && user.totp_secret) {
    if (!input.totp) {
      // The password was right and the second factor is asked for: not a failed sign-in (the sign-in that
      // follows is recorded as a success or failure of its own).
      await audit('success', 'auth.login.challenge', { factor: 'totp' });
      throw new AppError('TOTP_REQUIRED', 401, '请输入身份验证器中的动态验证码', 'Enter the code from your authenticator app');
    }
    const check = checkTotp(user.totp_secret, input.totp, now, user.totp_last_step);
    if (!check.ok) {
      await hit(deps, LOGIN_IP_LIMIT, ip);
      await recordFailedPassword(deps, user, input.ip, `totp_${check.reason}`);
      throw invalidTotp(check.reason);
    }
    totpStep = check.step;
  }

  const token = newToken();
  const csrfToken = newToken(24);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, ...(totpStep !== null ? { totp_last_step: totpStep } : {}) })
      .where('id', '=', user.id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(token),
        user_id: user.id,
        csrf_token: csrfToken,
        mfa_passed: totpStep !== null,
        ip: input.ip,
        user_agent: input.userAgent?.slice(0, 500) ?? null,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + deps.config.sessionMaxHours * 3_600_000),
      })
      .execute();
    await writeAudit(trx, {
      at: now,
      actor: { id: user.id, username, unitCode: user.unit_code },
      ip: input.ip,
      action: 'auth.login',
      resourceType: 'user',
      resourceId: user.id,
      outcome: 'success',
      detail: { mfa: totpStep !== null },
    });
  });
  const actor = await loadActor(deps, user.id, 'session', totpStep !== null);
  if (!actor) throw invalidCredentials();
  actor.sessionId = sha256(token);
  return { token, csrfToken, actor };
}

export const accountLocked = (until: Date) =>
  new AppError('ACCOUNT_LOCKED', 423, `账号已锁定，请于 ${fmt(until)} 后重试或联系管理员解锁`, `Account locked until ${until.toISOString()}`);

async function unknownUserLock(deps: Deps, username: string): Promise<Date | null> {
  const usage = await peek(deps, UNKNOWN_USER_LIMIT, username);
  return usage.exhausted ? usage.resetAt : null;
}

type FailingUser = { id: string; username: string; unit_code: string; failed_logins: number; locked_until: Date | null };

/**
 * A wrong password (at sign-in or when changing it) or a wrong TOTP code counts towards the lockout.
 * Returns when the lock ends if this failure locked the account, else null.
 */
export async function recordFailedPassword(deps: Deps, u: FailingUser, ip: string | null, reason: string, action = 'auth.login'): Promise<Date | null> {
  const now = deps.clock.now();
  const failures = u.failed_logins + 1;
  const lock = failures >= MAX_FAILED_LOGINS;
  const until = lock ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_logins: lock ? 0 : failures, locked_until: until ?? u.locked_until })
      .where('id', '=', u.id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actor: { id: u.id, username: u.username, unitCode: u.unit_code },
      ip,
      action: lock ? 'auth.lockout' : action,
      resourceType: 'user',
      resourceId: u.id,
      outcome: 'failure',
      detail: { failures, reason },
    });
  });
  return until;
}

export const invalidTotp = (reason: 'invalid' | 'replayed') =>
  reason === 'replayed'
    ? new AppError('INVALID_TOTP', 401, '该动态验证码已使用过，请等待下一个验证码', 'This code was already used; wait for the next one')
    : new AppError('INVALID_TOTP', 401, '动态验证码错误或已过期', 'Wrong or expired authenticator code');

export async function logout(deps: Deps, actor: Actor, ip: string | null): Promise<void> {
  if (!actor.sessionId) return;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('id', '=', actor.sessionId as string)
      .execute();
    await writeAudit(trx, {
      at: now,
      actor: { id: actor.id, username: actor.username, unitCode: actor.unitCode },
      ip,
      action: 'auth.logout',
      resourceType: 'user',
      resourceId: actor.id,
    });
  });
}

/** Users joined with their unit and grants: everything an Actor is built from, in one query. */
function actorRows(deps: Deps) {
  return deps.db
    .selectFrom('users')
    .innerJoin('org_units', 'org_units.code', 'users.unit_code')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.unit_code',
      'users.roles',
      'users.enterprise_id',
      'users.disabled',
      'users.totp_enabled',
      'users.password_changed_at',
      'users.must_change_password',
      'org_units.name as unit_name',
      'org_units.kind as unit_kind',
      'org_units.parent_code',
      sql<string[]>`array(select g.unit_code from user_grants g where g.user_id = users.id order by g.unit_code)`.as('grants'),
    ]);
}

type ActorRow = NonNullable<Awaited<ReturnType<ReturnType<typeof actorRows>['executeTakeFirst']>>>;

function toActor(deps: Deps, row: ActorRow, via: Actor['via'], mfaPassed: boolean): Actor | undefined {
  if (row.disabled) return undefined;
  // A department works across the district it belongs to; every other unit sees its own subtree.
  const own = row.unit_kind === 'department' ? (row.parent_code ?? row.unit_code) : row.unit_code;
  const actor: Actor = {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unitCode: row.unit_code,
    unitName: row.unit_name,
    unitKind: row.unit_kind,
    roles: row.roles,
    permissions: permissionsOf(row.roles),
    jurisdictions: [own, ...row.grants],
    enterpriseId: row.enterprise_id,
    via,
  };
  if (via === 'session') {
    actor.mfaPassed = mfaPassed;
    actor.mfaEnrollmentRequired = !mfaPassed && !row.totp_enabled && mfaRequiredFor(deps, row.roles);
    const reason = passwordChangeReason(deps, row);
    actor.passwordExpired = reason !== undefined;
    if (reason) actor.passwordChangeReason = reason;
  }
  return actor;
}

/** Build the actor (permissions, jurisdictions) for a user; undefined if the user cannot act. */
export async function loadActor(deps: Deps, userId: string, via: Actor['via'], mfaPassed = false): Promise<Actor | undefined> {
  const row = await actorRows(deps).where('users.id', '=', userId).executeTakeFirst();
  return row && toActor(deps, row, via, mfaPassed);
}

export function mfaRequiredFor(deps: Deps, roles: readonly string[]): boolean {
  return deps.config.mfa === 'required' && roles.some((r) => (MFA_REQUIRED_ROLES as readonly string[]).includes(r));
}

function passwordChangeReason(deps: Deps, u: { must_change_password: boolean; password_changed_at: Date | null }): 'expired' | 'temporary' | undefined {
  if (u.must_change_password) return 'temporary';
  const days = POLICIES[deps.config.passwordPolicy].rotationDays;
  if (days !== null && u.password_changed_at && deps.clock.now().getTime() - u.password_changed_at.getTime() > days * 86_400_000) return 'expired';
  return undefined;
}

export interface SessionLookup {
  actor: Actor;
  csrfToken: string;
}

/** Resolve a session cookie; enforces idle timeout and absolute lifetime. */
export async function resolveSession(deps: Deps, token: string): Promise<SessionLookup | undefined> {
  const id = sha256(token);
  // One round trip per request: the session with its user, unit and grants.
  const s = await actorRows(deps)
    .innerJoin('sessions', 'sessions.user_id', 'users.id')
    .select(['sessions.revoked_at', 'sessions.expires_at', 'sessions.last_seen_at', 'sessions.csrf_token', 'sessions.mfa_passed'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  const now = deps.clock.now();
  if (!s || s.revoked_at || s.expires_at <= now) return undefined;
  if (now.getTime() - s.last_seen_at.getTime() > deps.config.sessionIdleMinutes * 60_000) return undefined;
  // Touch at most once a minute: enough for the idle timeout, cheap on the single PGlite connection.
  if (now.getTime() - s.last_seen_at.getTime() > 60_000) {
    await deps.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }
  const actor = toActor(deps, s, 'session', s.mfa_passed);
  if (!actor) return undefined;
  actor.sessionId = id;
  return { actor, csrfToken: s.csrf_token };
}

/** Resolve a Bearer token for machine clients; its scopes narrow the user's permissions (no scopes: no permissions). */
export async function resolveApiToken(deps: Deps, token: string): Promise<Actor | undefined> {
  const t = await deps.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  const now = deps.clock.now();
  if (!t || t.revoked_at || (t.expires_at && t.expires_at <= now)) return undefined;
  const actor = await loadActor(deps, t.user_id, 'token');
  if (!actor) return undefined;
  // The scope narrows the user's permissions; a token stored without one (older versions allowed it) gets none.
  const allowed = new Set<string>();
  for (const scope of t.scopes) if ([...actor.permissions].some((p) => p === '*:*' || p === scope || p === `${scope.split(':')[0]}:*`)) allowed.add(scope);
  actor.permissions = allowed;
  if (!t.last_used_at || now.getTime() - t.last_used_at.getTime() > 60_000) {
    await deps.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.id).execute();
  }
  return actor;
}

const fmt = (d: Date) => fmtMinute(d);

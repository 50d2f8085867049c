import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { fileTestApp, makeUser, nextTotp, signIn, TEST_PASSWORD, testApp, userSession } from '../../test/helpers.ts';
import { LOGIN_IP_LIMIT } from './auth.service.ts';
import { checkPasswordPolicy, DUMMY_HASH, hashPassword, isCommonPassword, POLICIES, verifyPassword } from './passwords.ts';
import { stepOf, totpCode } from './totp.ts';

const t = fileTestApp();

const login = (username: string, password = TEST_PASSWORD, totp?: string, remoteAddress?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password, ...(totp ? { totp } : {}) },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
const cookieOf = (res: Awaited<ReturnType<typeof login>>) => `anlan_sid=${res.cookies.find((c) => c.name === 'anlan_sid')?.value}`;
const auditRows = (userId: string) => t.deps.db.selectFrom('audit_log').selectAll().where('resource_id', '=', userId).orderBy('id').execute();

describe('lockout', () => {
  it('locks after 5 wrong passwords for 30 minutes, audits each failure and the lockout, then lets the user in', async () => {
    const u = await makeUser(t, { roles: ['enterprise_user'] });
    for (let i = 0; i < 4; i++) expect((await login(u.username, 'wrong-password-x')).json().error.code).toBe('INVALID_CREDENTIALS');
    expect((await login(u.username, 'wrong-password-x')).statusCode).toBe(401);
    const locked = await login(u.username);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    const actions = (await auditRows(u.id)).map((r) => `${r.action}:${r.outcome}`);
    expect(actions.filter((a) => a === 'auth.login:failure')).toHaveLength(4);
    expect(actions).toContain('auth.lockout:failure');
    expect(actions.at(-1)).toBe('auth.login:denied');
    t.clock.advanceMinutes(29);
    expect((await login(u.username)).statusCode).toBe(423);
    t.clock.advanceMinutes(2);
    expect((await login(u.username)).statusCode).toBe(200);
  });

  it('does not reveal whether a user exists: same status and body, lockout included', async () => {
    const known = await makeUser(t, { roles: ['enterprise_user'] });
    const answers = async (username: string) => {
      const out: string[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await login(username, 'wrong-password-x', undefined, `10.9.0.${i % 2 ? 1 : 2}`);
        const { requestId: _, ...error } = res.json().error;
        out.push(`${res.statusCode} ${JSON.stringify(error)}`);
      }
      return out;
    };
    const forKnown = await answers(known.username);
    const forUnknown = await answers('nobody-here');
    expect(forUnknown).toEqual(forKnown);
    expect(forKnown.slice(0, 5).every((a) => a.startsWith('401 '))).toBe(true);
    expect(forKnown.slice(5).every((a) => a.startsWith('423 '))).toBe(true);
    t.clock.advanceMinutes(31);
    expect((await login('nobody-here', 'wrong-password-x', undefined, '10.9.0.3')).statusCode).toBe(401);
  });

  it('an unknown user name costs the same argon2 work as a known one (same timing class)', async () => {
    // The work is fixed by the hash's parameters: the dummy hash checked for an unknown name must have the same
    // m/t/p as a real one (a wall-clock comparison alone is at the mercy of a loaded CI machine).
    const stored = await hashPassword(TEST_PASSWORD);
    const params = (h: string) => h.split('$')[3];
    expect(params(DUMMY_HASH)).toBe(params(stored));
    // And it is really verified (not skipped): interleaved timings, median of each, within a wide band.
    const once = async (hash: string | null) => {
      const start = performance.now();
      await verifyPassword(hash, 'wrong-password-x');
      return performance.now() - start;
    };
    await once(stored); // warm up
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await once(stored));
      unknown.push(await once(null));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.33);
    expect(median(unknown)).toBeLessThan(median(known) * 3);
  });

  it('limits failed sign-ins per client address, whichever names are tried', async () => {
    const u = await makeUser(t, { roles: ['enterprise_user'] });
    for (let i = 0; i < LOGIN_IP_LIMIT.max; i++) expect((await login(`spray-${i}`, 'Spring-2026!', undefined, '10.8.0.1')).statusCode).toBe(401);
    const limited = await login(u.username, TEST_PASSWORD, undefined, '10.8.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    // Another address, and the same one after the window, get through.
    expect((await login(u.username, TEST_PASSWORD, undefined, '10.8.0.2')).statusCode).toBe(200);
    t.clock.advanceMinutes(16);
    expect((await login(u.username, TEST_PASSWORD, undefined, '10.8.0.1')).statusCode).toBe(200);
  });

  it('wrong current passwords when changing it count towards the same lockout as sign-in', async () => {
    const s = await userSession(t, { roles: ['enterprise_user'] });
    for (let i = 0; i < 2; i++) expect((await login(s.username, 'wrong-password-x', undefined, '10.7.0.1')).statusCode).toBe(401);
    const change = (current: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/password', headers: s.headers, payload: { current, next: 'Fresh-Passw0rd-1' } });
    for (let i = 0; i < 2; i++) expect((await change('not-my-password')).json().error.fields[0].field).toBe('body.current');
    // The fifth failure in all locks the account and ends the session that was guessing.
    const fifth = await change('not-my-password');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    expect((await t.app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
    expect((await login(s.username, TEST_PASSWORD, undefined, '10.7.0.1')).statusCode).toBe(423);
    const actions = (await auditRows(s.id)).map((r) => `${r.action}:${r.outcome}`);
    expect(actions.filter((a) => a === 'auth.password.change:failure')).toHaveLength(2);
    expect(actions).toContain('auth.lockout:failure');
  });
});

describe('sessions', () => {
  it('/api/auth/session answers 200 with null for nobody (no 401 on the sign-in page), the session when signed in, null after sign-out', async () => {
    const anon = await t.app.inject({ url: '/api/auth/session' });
    expect(anon.statusCode).toBe(200);
    expect(anon.json()).toEqual({ session: null });
    expect((await t.app.inject({ url: '/api/auth/session', headers: { cookie: 'anlan_sid=not-a-session' } })).json()).toEqual({ session: null });
    const s = await userSession(t, { roles: ['enterprise_user'] });
    const mine = (await t.app.inject({ url: '/api/auth/session', headers: s.headers })).json();
    expect(mine.session.user.username).toBe(s.username);
    expect(mine.session.csrfToken).toBe(s.csrf);
    expect(mine.session.user.permissions.length).toBeGreaterThan(0);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    expect((await t.app.inject({ url: '/api/auth/session', headers: s.headers })).json()).toEqual({ session: null });
    // /api/auth/me keeps answering 401 to nobody.
    expect((await t.app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
  });

  it('expire after 30 idle minutes, but activity keeps them alive; absolute lifetime ends them anyway', async () => {
    const s = await userSession(t, { roles: ['enterprise_user'] });
    const me = () => t.app.inject({ url: '/api/auth/me', headers: s.headers });
    for (let i = 0; i < 3; i++) {
      t.clock.advanceMinutes(25);
      expect((await me()).statusCode).toBe(200);
    }
    t.clock.advanceMinutes(31);
    expect((await me()).statusCode).toBe(401);

    const s2 = await signIn(t.app, s.username);
    for (let i = 0; i < 12 * 3; i++) {
      t.clock.advanceMinutes(20);
      if ((await t.app.inject({ url: '/api/auth/me', headers: s2.headers })).statusCode === 401) {
        expect(i).toBeGreaterThanOrEqual(12 * 3 - 1); // 12 h absolute lifetime
        return;
      }
    }
    expect.unreachable('session outlived its absolute lifetime');
  });

  it('rejects a cookie-authenticated write without or with a wrong CSRF token', async () => {
    const s = await userSession(t, { roles: ['enterprise_user'] });
    const noHeader = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().error.code).toBe('CSRF_REJECTED');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': 'nope' } });
    expect(wrong.json().error.code).toBe('CSRF_REJECTED');
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
  });
});

describe('TOTP', () => {
  it('a staff session must enrol before anything else; enrolment unlocks the session', async () => {
    const u = await makeUser(t, { roles: ['town_staff'], unit: '330203009' });
    const res = await login(u.username);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.mfaEnrollmentRequired).toBe(true);
    const headers = { cookie: cookieOf(res), 'x-csrf-token': res.json().csrfToken };
    const blocked = await t.app.inject({ url: '/api/orgs/tree', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('MFA_ENROLLMENT_REQUIRED');

    const setup = await t.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri, qrDataUrl } = setup.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/totp/enable', headers, payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].field).toBe('body.code');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/totp/enable', headers, payload: { code: totpCode(secret, t.clock.now()) } });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/orgs/tree', headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers })).json().user.mfaEnrollmentRequired).toBe(false);
  });

  it('asks for the code, accepts a valid one, rejects a reused one and an expired one', async () => {
    const u = await makeUser(t, { roles: ['bureau_staff'] });
    await signIn(t.app, u.username); // enrols
    const secret = (await t.deps.db.selectFrom('users').select('totp_secret').where('id', '=', u.id).executeTakeFirstOrThrow()).totp_secret as string;
    t.clock.advance(120_000);

    const ask = await login(u.username);
    expect(ask.statusCode).toBe(401);
    expect(ask.json().error.code).toBe('TOTP_REQUIRED');
    expect(ask.cookies.find((c) => c.name === 'anlan_sid')).toBeUndefined();

    const code = totpCode(secret, t.clock.now());
    const before = (await auditRows(u.id)).length;
    const valid = await login(u.username, TEST_PASSWORD, code);
    expect(valid.statusCode).toBe(200);
    expect(valid.json().user.mfaEnrollmentRequired).toBe(false);
    // The ask for a code is not a failed sign-in: the audit shows the challenge, then the success.
    const trail = (await auditRows(u.id)).slice(before - 1).map((r) => `${r.action}:${r.outcome}`);
    expect(trail).toEqual(['auth.login.challenge:success', 'auth.login:success']);

    const replay = await login(u.username, TEST_PASSWORD, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('INVALID_TOTP');

    const old = totpCode(secret, new Date(t.clock.now().getTime() - 90_000)); // three steps ago: outside the ±1 window
    t.clock.advance(30_000);
    const expired = await login(u.username, TEST_PASSWORD, old);
    expect(expired.json().error.code).toBe('INVALID_TOTP');
    // The next step's code still works (a wrong code counts as a failure, but does not lock yet).
    expect((await login(u.username, TEST_PASSWORD, totpCode(secret, t.clock.now()))).statusCode).toBe(200);
    expect(stepOf(t.clock.now())).toBeGreaterThan(0);
  });

  it('the helper signs an enrolled user in again with a fresh code', async () => {
    const s = await userSession(t, { roles: ['duty_officer'] });
    t.clock.advance(60_000);
    const again = await signIn(t.app, s.username);
    expect((await t.app.inject({ url: '/api/orgs/tree', headers: again.headers })).statusCode).toBe(200);
    expect(() => nextTotp(t.app, 'not-enrolled')).toThrow();
  });

  it('ANLAN_MFA=optional does not force enrolment', async () => {
    const opt = await testApp({ config: { mfa: 'optional' } });
    try {
      const u = await makeUser(opt, { roles: ['district_admin'] });
      const res = await opt.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: TEST_PASSWORD } });
      expect(res.json().user.mfaEnrollmentRequired).toBe(false);
    } finally {
      await opt.dispose();
    }
    expect(loadConfig({ ANLAN_MFA: 'optional' }).mfa).toBe('optional');
    expect(loadConfig({}).mfa).toBe('required');
    expect(() => loadConfig({ ANLAN_MFA: 'sometimes' })).toThrow(/ANLAN_MFA/);
  });
});

describe('password policy', () => {
  const violates = (profile: 'dengbao' | 'asvs', pw: string, user?: string) => {
    try {
      checkPasswordPolicy(POLICIES[profile], pw, user);
      return undefined;
    } catch (e) {
      return (e as { fields: { field: string; messageEn: string }[] }).fields[0];
    }
  };

  it('dengbao: ≥ 8 chars and 3 of 4 classes; asvs: ≥ 12 chars, no composition rule; both reject common passwords', () => {
    expect(violates('dengbao', 'Ab1!')?.messageEn).toMatch(/at least 8/);
    expect(violates('dengbao', 'abcdefgh1')?.messageEn).toMatch(/3 of/);
    expect(violates('dengbao', 'Haishu-Duty7')).toBeUndefined();
    expect(violates('dengbao', 'P@ssw0rd')?.messageEn).toMatch(/common/);
    expect(violates('asvs', 'Haishu-Duty7')).toBeUndefined();
    expect(violates('asvs', 'Short-Pw9')?.messageEn).toMatch(/at least 12/);
    expect(violates('asvs', 'correct horse battery staple')).toBeUndefined();
    expect(violates('asvs', 'qwertyuiop12')).toBeUndefined();
    expect(isCommonPassword('1234567890ab')).toBe(true);
    expect(violates('asvs', 'zhangsan-long-password', 'zhangsan')?.messageEn).toMatch(/user name/);
    expect(violates('asvs', 'aaaaaaaaaaaaaaa')?.field).toBe('body.password');
  });

  it('change: checks the current password, the profile and the last 5 passwords (dengbao)', async () => {
    const s = await userSession(t, { roles: ['enterprise_user'] });
    const change = (current: string, next: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/password', headers: s.headers, payload: { current, next } });
    const wrongCurrent = await change('not-my-password', 'Fresh-Passw0rd-1');
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().error.fields[0].field).toBe('body.current');
    const weak = await change(TEST_PASSWORD, 'abc');
    expect(weak.json().error.fields[0].field).toBe('body.next');
    expect((await change(TEST_PASSWORD, TEST_PASSWORD)).json().error.fields[0].field).toBe('body.next');
    let current = TEST_PASSWORD;
    for (let i = 1; i <= 5; i++) {
      const next = `Cycle-Passw0rd-${i}`;
      expect((await change(current, next)).statusCode).toBe(204);
      current = next;
    }
    // TEST_PASSWORD is now 6 passwords back: allowed again; Cycle-2 is within the last 5: refused.
    expect((await change(current, 'Cycle-Passw0rd-2')).json().error.fields[0].field).toBe('body.next');
    expect((await change(current, TEST_PASSWORD)).statusCode).toBe(204);
    const rows = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('resource_id', '=', s.id)
      .where('action', '=', 'auth.password.change')
      .execute();
    expect(rows.filter((r) => r.outcome === 'success')).toHaveLength(6);
    expect(rows.filter((r) => r.outcome === 'failure')).toHaveLength(1);
  });

  it('dengbao: a password older than 90 days signs in but blocks every other route until changed', async () => {
    const u = await makeUser(t, { roles: ['enterprise_user'] });
    t.clock.advanceDays(91);
    const res = await login(u.username);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ passwordExpired: true, passwordChangeReason: 'expired' });
    const headers = { cookie: cookieOf(res), 'x-csrf-token': res.json().csrfToken };
    const blocked = await t.app.inject({ url: '/api/orgs/tree', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_EXPIRED');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { current: TEST_PASSWORD, next: 'Renewed-Passw0rd' } })).statusCode,
    ).toBe(204);
    expect((await t.app.inject({ url: '/api/orgs/tree', headers })).statusCode).toBe(200);
  });

  it('the bootstrap administrator password must meet the configured profile (no weak default admin)', () => {
    expect(() => loadConfig({ ANLAN_BOOTSTRAP_ADMIN_PASSWORD: 'aaaaaaaaaaaaaaa' })).toThrow(/ANLAN_BOOTSTRAP_ADMIN_PASSWORD.*3 of/);
    expect(() => loadConfig({ ANLAN_BOOTSTRAP_ADMIN_PASSWORD: 'admin-Passw0rd-x', ANLAN_PASSWORD_POLICY: 'asvs' })).toThrow(/user name/);
    expect(loadConfig({ ANLAN_BOOTSTRAP_ADMIN_PASSWORD: 'Haishu-Duty-2026' }).bootstrapAdminPassword).toBe('Haishu-Duty-2026');
  });

  it('asvs: no forced rotation', async () => {
    const a = await testApp({ config: { passwordPolicy: 'asvs' } });
    try {
      const u = await makeUser(a, { roles: ['enterprise_user'] });
      a.clock.advanceDays(400);
      const res = await a.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: TEST_PASSWORD } });
      expect(res.json().user.passwordExpired).toBe(false);
    } finally {
      await a.dispose();
    }
  });
});

describe('API tokens', () => {
  it('act as their user within their scopes, and stop working when revoked or expired', async () => {
    const admin = await userSession(t, { roles: ['district_admin'] });
    const target = await makeUser(t, { roles: ['auditor'] });
    const create = (payload: object) => t.app.inject({ method: 'POST', url: '/api/admin/tokens', headers: admin.headers, payload });
    const scoped = await create({ userId: target.id, name: '审计脚本', scopes: ['audit:read'] });
    expect(scoped.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${scoped.json().secret}` };
    expect((await t.app.inject({ url: '/api/audit?pageSize=1', headers: bearer })).statusCode).toBe(200);
    // The user may read users, but this token was not given user:read.
    const denied = await t.app.inject({ url: '/api/admin/users', headers: bearer });
    expect(denied.statusCode).toBe(403);
    // Tokens do not need CSRF headers and are not held up by MFA enrolment (the auditor never enrolled).
    const list = await t.app.inject({ url: `/api/admin/tokens?userId=${target.id}`, headers: admin.headers });
    expect(list.json()).toHaveLength(1);
    expect(JSON.stringify(list.json())).not.toContain(scoped.json().secret);

    expect((await t.app.inject({ method: 'POST', url: `/api/admin/tokens/${scoped.json().id}/revoke`, headers: admin.headers })).statusCode).toBe(204);
    const revoked = await t.app.inject({ url: '/api/audit?pageSize=1', headers: bearer });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('INVALID_TOKEN');

    const bad = await create({ userId: target.id, name: 'x', scopes: ['not a scope'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('body.scopes.0');

    const short = await create({ userId: target.id, name: 'one day', scopes: ['user:read'], days: 1 });
    const shortBearer = { authorization: `Bearer ${short.json().secret}` };
    expect((await t.app.inject({ url: '/api/admin/users', headers: shortBearer })).statusCode).toBe(200);
    t.clock.advanceDays(2);
    expect((await t.app.inject({ url: '/api/admin/users', headers: shortBearer })).statusCode).toBe(401);
  });
});

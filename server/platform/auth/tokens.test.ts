// API tokens are for machines: the scope binds every route (generated from the OpenAPI document, not a
// hand-picked few), account and token management are for sessions only, and creation refuses scopes
// that do not exist, that the user does not hold, or an empty list.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../../shared/roles.ts';
import { createCliToken } from './cli-tokens.ts';
import { makeUser, type TestApp, testApp, userSession } from '../../test/helpers.ts';
import { authPlugin, tokenResourceOf } from './auth.plugin.ts';

let t: TestApp;
let adminId: string;
beforeAll(async () => {
  t = await testApp();
  adminId = (await makeUser(t, { roles: ['district_admin'] })).id;
}, 120_000);
afterAll(() => t?.dispose());

/** A token for `userId` with exactly these scopes, written straight to the table (as an older version could). */
async function bearer(scopes: string[], userId = adminId) {
  const secret = `anlan_${randomBytes(20).toString('base64url')}`;
  const hash = createHash('sha256').update(secret).digest('hex');
  await t.deps.db.insertInto('api_tokens').values({ id: uuidv7(), user_id: userId, name: 'test', token_hash: hash, scopes }).execute();
  return { authorization: `Bearer ${secret}` };
}

interface Route {
  method: string;
  path: string;
}

async function allApiRoutes(): Promise<Route[]> {
  const doc = (await t.app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
  const out: Route[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    if (!p.startsWith('/api/')) continue;
    for (const method of Object.keys(methods))
      out.push({ method: method.toUpperCase(), path: p.replace(/\{[^}]+\}/g, '0190f0f0-0000-7000-8000-000000000001') });
  }
  return out;
}

const send = (r: Route, headers: Record<string, string>) =>
  t.app.inject({
    method: r.method as 'GET',
    url: r.path,
    headers: { ...headers, 'content-type': 'application/json' },
    payload: r.method === 'GET' ? undefined : '{}',
  });

describe('a token scope binds every route', () => {
  it('every signed-in /api route refuses a token whose scope does not cover it, before the handler, and audits it', async () => {
    const routes = await allApiRoutes();
    expect(routes.length).toBeGreaterThan(100);
    const signedIn: Route[] = [];
    for (const r of routes) {
      const anonymous = await send(r, {});
      if (anonymous.statusCode === 401 && anonymous.json().error.code === 'UNAUTHENTICATED') signedIn.push(r);
    }
    expect(signedIn.length).toBeGreaterThan(90);
    const paths = signedIn.map((r) => `${r.method} ${r.path.replace(/0190f0f0[-0-9a-f]+/, ':id')}`);
    expect(paths).toEqual(
      expect.arrayContaining(['POST /api/auth/password', 'POST /api/auth/totp/setup', 'POST /api/files', 'GET /api/files/:id', 'POST /api/admin/tokens']),
    );
    // Everything but token management: the broadest token there can be.
    const broad = await bearer(PERMISSIONS.filter((p) => !p.startsWith('token:')));
    const other = { audit: await bearer(['org:read']), rest: await bearer(['audit:read']) };
    const before = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'access.denied').execute();
    let refusals = 0;
    const problems: string[] = [];
    for (const r of signedIn) {
      const resource = tokenResourceOf(r.path);
      const what = `${r.method} ${r.path}`;
      if (resource === undefined) {
        problems.push(`${what}: not in TOKEN_ROUTES`);
        continue;
      }
      if (resource === null) {
        // Sessions only: even the broadest token is refused.
        const res = await send(r, broad);
        if (res.statusCode !== 403 || res.json().error.code !== 'SESSION_REQUIRED')
          problems.push(`${what}: broad token got ${res.statusCode} ${res.body.slice(0, 120)}`);
        refusals++;
        continue;
      }
      // A scope on another resource never gets in.
      const res = await send(r, resource === 'audit' ? other.audit : other.rest);
      if (res.statusCode !== 403 || res.json().error.code !== 'TOKEN_SCOPE')
        problems.push(`${what}: other-resource token got ${res.statusCode} ${res.body.slice(0, 120)}`);
      refusals++;
      // A read-only scope never writes.
      if (r.method !== 'GET' && PERMISSIONS.includes(`${resource}:read`)) {
        const reader = await send(r, await bearer([`${resource}:read`]));
        if (reader.statusCode !== 403 || reader.json().error.code !== 'TOKEN_SCOPE') problems.push(`${what}: read-only token got ${reader.statusCode}`);
        refusals++;
      }
      // And some real permission opens it (the resource exists).
      if (!PERMISSIONS.some((p) => p.startsWith(`${resource}:`))) problems.push(`${what}: no permission exists for ${resource}`);
    }
    expect(problems).toEqual([]);
    const after = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'access.denied').execute();
    expect(after.length - before.length).toBeGreaterThanOrEqual(refusals);
  }, 300_000);

  it('a token cannot change the password, enrol TOTP or create tokens', async () => {
    const broad = await bearer(PERMISSIONS.filter((p) => !p.startsWith('token:')));
    for (const [url, payload] of [
      ['/api/auth/password', { current: 'x', next: 'Fresh-Passw0rd-1' }],
      ['/api/auth/totp/setup', undefined],
      ['/api/auth/totp/enable', { code: '123456' }],
      ['/api/admin/tokens', { userId: adminId, name: 'x', scopes: ['hazard:read'] }],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url, headers: broad, ...(payload ? { payload } : {}) });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code, url).toBe('SESSION_REQUIRED');
    }
    const admin = await t.deps.db.selectFrom('users').select(['totp_secret', 'password_hash']).where('id', '=', adminId).executeTakeFirstOrThrow();
    expect(admin.totp_secret).toBeNull();
  });

  it('a token stored with no scopes can do nothing (empty is not "all")', async () => {
    const empty = await bearer([]);
    const res = await t.app.inject({ url: '/api/admin/users', headers: empty });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('TOKEN_SCOPE');
  });

  it('every non-public route is mapped, so the app cannot start with a route tokens bypass', async () => {
    expect(tokenResourceOf('/api/new-module/things')).toBeUndefined();
    const app = Fastify();
    await authPlugin(app, t.deps);
    const register = async () => {
      app.get('/api/new-module/things', async () => 'x');
      await app.ready();
    };
    await expect(register()).rejects.toThrow(/TOKEN_ROUTES/);
  });
});

describe('creating a token', () => {
  it('refuses an empty scope list, unknown permissions, ones the user lacks, and token management (API)', async () => {
    const admin = await userSession(t, { roles: ['district_admin'] });
    const auditor = await makeUser(t, { roles: ['auditor'] });
    const create = (scopes: string[]) =>
      t.app.inject({ method: 'POST', url: '/api/admin/tokens', headers: admin.headers, payload: { userId: auditor.id, name: 'x', scopes } });
    const refused = async (scopes: string[], field: string) => {
      const res = await create(scopes);
      expect(res.statusCode, scopes.join()).toBe(400);
      expect(res.json().error.fields[0].field, scopes.join()).toBe(field);
      return res.json().error.fields[0].message as string;
    };
    expect(await refused([], 'body.scopes')).toMatch(/至少/);
    expect(await refused(['audit:read', 'hazard:fly'], 'body.scopes.1')).toMatch(/不是已知的权限/);
    expect(await refused(['hazard:write'], 'body.scopes.0')).toMatch(/没有此权限/);
    expect(await refused(['audit:*'], 'body.scopes.0')).toMatch(/没有此权限/);
    expect(await refused(['*:*'], 'body.scopes.0')).toMatch(/不是已知的权限/);
    expect((await create(['audit:read', 'audit:export'])).statusCode).toBe(201);
    // Even an administrator's token never manages tokens.
    const forAdmin = await t.app.inject({
      method: 'POST',
      url: '/api/admin/tokens',
      headers: admin.headers,
      payload: { userId: admin.id, name: 'x', scopes: ['token:write'] },
    });
    expect(forAdmin.json().error.fields[0].message).toMatch(/令牌/);
  });

  it('applies the same rules on the command line (anlan token create)', async () => {
    const auditor = await makeUser(t, { roles: ['auditor'] });
    const cli = (scopes: string[]) => createCliToken(t.deps, { user: auditor.username, scopes, name: 'cli' });
    await expect(cli([])).rejects.toMatchObject({ fields: [{ field: '--scope' }] });
    await expect(cli(['hazard:write'])).rejects.toMatchObject({
      fields: [{ field: '--scope.0', messageEn: 'hazard:write is not a permission the user holds' }],
    });
    await expect(cli(['nonsense'])).rejects.toMatchObject({ fields: [{ field: '--scope.0' }] });
    const secret = await cli(['audit:read']);
    expect((await t.app.inject({ url: '/api/audit?pageSize=1', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(200);
  });

  it('the permission list names every permission the server checks', () => {
    const found = new Set<string>();
    const walk = (dir: string) => {
      for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, f.name);
        if (f.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts'))
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/(?:requirePermission|hasPermission)\([^,]+,\s*'([a-z]+:[a-z]+)'/g)) found.add(m[1]);
      }
    };
    walk(path.join(path.dirname(new URL(import.meta.url).pathname), '../..'));
    expect(found.size).toBeGreaterThan(15);
    expect([...found].filter((p) => !PERMISSIONS.includes(p))).toEqual([]);
  });
});

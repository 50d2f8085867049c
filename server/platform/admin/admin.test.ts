import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { expectFieldError, fileSessions, fileTestApp, makeUser, rowCount, type Session, signIn, userSession } from '../../test/helpers.ts';
import { checkScopeProperty } from '../../test/scope-property.ts';
import { escapeCell as safeCell } from '../excel.ts';
import {
  AdminUserDetail,
  ApiToken,
  AuditDetail,
  AuditRow,
  Department,
  DepartmentUpdated,
  RoleRow,
  TokenCreated,
  UserCreated,
} from '../../../shared/admin.dto.ts';
import { loadActor } from '../auth/auth.service.ts';
import type { Ctx } from '../context.ts';
import { getAuditRow, listAudit, verifyChain } from './audit.admin.ts';
import { listDepartments, listTokens, rolesMatrix, userCountsByUnit } from './org.admin.ts';
import { getUser, listUsers } from './users.admin.ts';

const t = fileTestApp();
const { admin } = fileSessions(t, {
  admin: { roles: ['district_admin'] },
});

const SHIQI = '330203009'; // 石碶街道
const auditCount = () => rowCount(t.deps.db, 'audit_log');
const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, s: Session = admin) =>
  t.app.inject({ method, url, headers: s.headers, payload });

/** Run a write and assert it left exactly one audit row with this action, on this resource. */
async function oneAuditRow<T>(action: string, write: () => Promise<T>, resourceId?: () => string | undefined) {
  const before = await auditCount();
  const out = await write();
  const rows = await t.deps.db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit((await auditCount()) - before)
    .execute();
  expect(
    rows.map((r) => r.action),
    action,
  ).toEqual([action]);
  expect(rows[0].user_id).toBe(admin.id);
  if (resourceId) expect(rows[0].resource_id).toBe(resourceId());
  return { out, row: rows[0] };
}

describe('users', () => {
  it('create → one-time password that must be changed at first sign-in; every write is exactly one audit row', async () => {
    const { out: created } = await oneAuditRow('user.create', () =>
      inject('POST', '/api/admin/users', { username: 'shiqi.zhang', displayName: '张伟', unitCode: SHIQI, roles: ['town_staff'] }),
    );
    expect(created.statusCode).toBe(201);
    const { user, temporaryPassword } = created.json();
    expect(user).toMatchObject({ username: 'shiqi.zhang', unitName: '石碶街道', roles: ['town_staff'], mustChangePassword: true });
    expect(temporaryPassword).toMatch(/^.{16}$/);

    const first = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'shiqi.zhang', password: temporaryPassword } });
    expect(first.json().user).toMatchObject({ passwordExpired: true, passwordChangeReason: 'temporary' });

    const id = user.id as string;
    await oneAuditRow(
      'user.update',
      () => inject('PUT', `/api/admin/users/${id}`, { displayName: '张伟（石碶）', roles: ['town_staff', 'duty_officer'] }),
      () => id,
    );
    const upd = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.update').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(upd.before).toMatchObject({ displayName: '张伟', roles: ['town_staff'] });
    expect(upd.after).toMatchObject({ displayName: '张伟（石碶）', roles: ['town_staff', 'duty_officer'] });

    for (const [path, action] of [
      ['disable', 'user.disable'],
      ['enable', 'user.enable'],
      ['unlock', 'user.unlock'],
      ['revoke-sessions', 'user.sessions.revoke'],
      ['reset-totp', 'user.totp.reset'],
    ] as const) {
      const { out } = await oneAuditRow(
        action,
        () => inject('POST', `/api/admin/users/${id}/${path}`),
        () => id,
      );
      expect(out.statusCode, path).toBe(200);
    }
    const { out: reset } = await oneAuditRow(
      'user.password.reset',
      () => inject('POST', `/api/admin/users/${id}/reset-password`),
      () => id,
    );
    expect(reset.json().temporaryPassword).not.toBe(temporaryPassword);
    expect(JSON.stringify(await t.deps.db.selectFrom('audit_log').selectAll().where('resource_id', '=', id).execute())).not.toContain(
      reset.json().temporaryPassword,
    );
    await oneAuditRow(
      'user.grants.set',
      () => inject('PUT', `/api/admin/users/${id}/grants`, { unitCodes: ['330203001'] }),
      () => id,
    );
    const detail = (await inject('GET', `/api/admin/users/${id}`)).json();
    expect(detail.grants).toEqual([{ code: '330203001', name: expect.any(String) }]);
  });

  it('disable ends the sessions and refuses sign-in; unlock clears a lockout', async () => {
    const u = await userSession(t, { roles: ['enterprise_user'] });
    await inject('POST', `/api/admin/users/${u.id}/disable`);
    expect((await t.app.inject({ url: '/api/auth/me', headers: u.headers })).statusCode).toBe(401);
    await expect(signIn(t.app, u.username)).rejects.toThrow(/401/);
    await inject('POST', `/api/admin/users/${u.id}/enable`);
    for (let i = 0; i < 5; i++) await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'wrong-pass-1' } });
    const listed = (await inject('GET', '/api/admin/users?status=locked')).json();
    expect(listed.items.map((x: { id: string }) => x.id)).toContain(u.id);
    await inject('POST', `/api/admin/users/${u.id}/unlock`);
    expect((await signIn(t.app, u.username)).cookie).toMatch(/^anlan_sid=/);
  });

  it('bad input is a 400 naming the field; an admin cannot disable themselves', async () => {
    const cases: [object, string][] = [
      [{ username: 'x y', displayName: 'a', unitCode: SHIQI, roles: ['town_staff'] }, 'body.username'],
      [{ username: 'okname', displayName: 'a', unitCode: '999999999', roles: ['town_staff'] }, 'body.unitCode'],
      [{ username: 'okname', displayName: 'a', unitCode: SHIQI, roles: ['king'] }, 'body.roles.0'],
      [{ username: 'okname', displayName: 'a', unitCode: SHIQI, roles: ['town_staff'], password: 'short' }, 'body.password'],
      [{ username: 'okname', displayName: 'a', unitCode: SHIQI, roles: ['town_staff'], extra: 1 }, 'body.extra'],
    ];
    for (const [payload, field] of cases) {
      expectFieldError(await inject('POST', '/api/admin/users', payload), field);
    }
    expect((await inject('POST', '/api/admin/users', { username: admin.username, displayName: 'a', unitCode: SHIQI, roles: ['town_staff'] })).statusCode).toBe(
      409,
    );
    expect((await inject('POST', `/api/admin/users/${admin.id}/disable`)).statusCode).toBe(409);
    expectFieldError(await inject('GET', '/api/admin/users/not-a-uuid'), 'params.id');
  });

  it('search and filters', async () => {
    await makeUser(t, { roles: ['rescue_member'], unit: '330203001', username: 'rescue.search.me' });
    const byName = (await inject('GET', '/api/admin/users?q=search.me')).json();
    expect(byName.items.map((u: { username: string }) => u.username)).toEqual(['rescue.search.me']);
    const byRole = (await inject('GET', '/api/admin/users?role=rescue_member&unit=330203001')).json();
    expect(byRole.total).toBe(1);
  });

  it('only users with user:read list users: a town user gets 403, and the refusal is audited', async () => {
    const town = await userSession(t, { roles: ['town_staff'], unit: SHIQI });
    const before = await auditCount();
    const res = await t.app.inject({ url: '/api/admin/users', headers: town.headers });
    expect(res.statusCode).toBe(403);
    const rows = await t.deps.db.selectFrom('audit_log').selectAll().where('id', '>', before).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'access.denied', outcome: 'denied', user_id: town.id, detail: { permission: 'user:read' } });
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/users', headers: town.headers, payload: {} })).statusCode).toBe(400);
  });

  it('an auditor at a town sees only that town’s users (user rows are scoped by their home unit)', async () => {
    const inTown = await makeUser(t, { roles: ['town_staff'], unit: '330203009003' });
    const elsewhere = await makeUser(t, { roles: ['town_staff'], unit: '330203001' });
    const aud = await userSession(t, { roles: ['auditor'], unit: SHIQI });
    const ids = (await t.app.inject({ url: '/api/admin/users?pageSize=500', headers: aud.headers })).json().items.map((u: { id: string }) => u.id);
    expect(ids).toContain(inTown.id);
    expect(ids).not.toContain(elsewhere.id);
    expect((await t.app.inject({ url: `/api/admin/users/${elsewhere.id}`, headers: aud.headers })).statusCode).toBe(404);
  });

  it('property: everyone sees the user records in their scope and none outside', async () => {
    await checkScopeProperty(
      t,
      {
        name: 'admin users',
        permission: 'user:read',
        create: async (tt, code) => (await makeUser(tt, { roles: ['enterprise_user'], unit: code })).id,
        list: '/api/admin/users?pageSize=500',
        read: '/api/admin/users/:id',
        // Only these can reach the route at all; the others prove the 403 path on a few runs.
        roles: ['auditor', 'district_admin', 'town_staff', 'enterprise_user'],
      },
      { numRuns: 20 },
    );
  }, 120_000);
});

describe('org, roles', () => {
  it('departments: rename (audited, survives the start-up refresh), list; roles matrix', async () => {
    const deps = (await inject('GET', '/api/admin/departments')).json();
    const fire = deps.find((d: { shortName: string }) => d.shortName === '消防救援大队');
    await oneAuditRow(
      'org.department.update',
      () => inject('PUT', `/api/admin/departments/${fire.code}`, { name: '海曙区消防救援大队（测试）', shortName: '消防大队' }),
      () => fire.code,
    );
    const { seedOrgTree } = await import('../orgs/orgs.service.ts');
    await seedOrgTree(t.deps.db);
    const after = await t.deps.db.selectFrom('org_units').select(['name', 'short_name']).where('code', '=', fire.code).executeTakeFirstOrThrow();
    expect(after).toEqual({ name: '海曙区消防救援大队（测试）', short_name: '消防大队' });
    expect((await inject('PUT', `/api/admin/departments/${SHIQI}`, { name: 'x', shortName: null })).statusCode).toBe(404);
    expectFieldError(await inject('PUT', `/api/admin/departments/${fire.code}`, { name: '', shortName: null }), 'body.name');

    const roles = (await inject('GET', '/api/admin/roles')).json();
    expect(roles.find((r: { key: string }) => r.key === 'auditor')).toMatchObject({
      labelZh: '审计员',
      mfaRequired: true,
      permissions: expect.arrayContaining(['audit:read']),
    });
    const counts = (await inject('GET', '/api/admin/org/user-counts')).json();
    expect(counts['330203']).toBeGreaterThan(0);
  });
});

describe('audit trail', () => {
  it('filters, pages, shows a row with before/after, and exports .xlsx with formula cells escaped', async () => {
    await inject('POST', '/api/admin/users', { username: 'formula.user', displayName: '=HYPERLINK("http://x")', unitCode: SHIQI, roles: ['town_staff'] });
    const list = (await inject('GET', '/api/audit?action=user.create&pageSize=2')).json();
    expect(list.items.length).toBeLessThanOrEqual(2);
    expect(list.total).toBeGreaterThanOrEqual(2);
    expect(list.items.every((r: { action: string }) => r.action === 'user.create')).toBe(true);
    // People read names, not codes: the action, the actor, the resource type and the resource itself.
    const adminName = (await t.deps.db.selectFrom('users').select('display_name').where('id', '=', admin.id).executeTakeFirstOrThrow()).display_name;
    expect(list.items[0]).toMatchObject({
      actionName: '新建用户',
      actorName: adminName,
      resourceType: 'user',
      resourceTypeName: '用户',
      resourceName: '=HYPERLINK("http://x")',
    });
    const prefix = (await inject('GET', '/api/audit?action=user.&outcome=success&pageSize=500')).json();
    expect(new Set(prefix.items.map((r: { action: string }) => r.action.split('.')[0]))).toEqual(new Set(['user']));
    const byUser = (await inject('GET', `/api/audit?user=${admin.id}&pageSize=500`)).json();
    expect(byUser.items.every((r: { userId: string }) => r.userId === admin.id)).toBe(true);
    const now = t.clock.now().getTime();
    const empty = (await inject('GET', `/api/audit?from=${new Date(now + 3_600_000).toISOString()}`)).json();
    expect(empty.total).toBe(0);
    expectFieldError(await inject('GET', '/api/audit?from=yesterday'), 'querystring.from');

    const detail = (await inject('GET', `/api/audit/${list.items[0].id}`)).json();
    expect(detail.after).toMatchObject({ username: 'formula.user' });
    expect((await inject('GET', '/api/audit/999999999')).statusCode).toBe(404);

    const res = await inject('GET', '/api/audit/export?action=user.create');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const headers: string[] = [];
    ws.getRow(1).eachCell((c, n) => {
      headers[n] = String(c.value);
    });
    const col = (h: string) => headers.indexOf(h);
    expect(col('操作')).toBeGreaterThan(0);
    const afterCells: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) afterCells.push(String(row.getCell(col('变更后')).value));
    });
    expect(ws.getRow(2).getCell(col('操作')).value).toBe('新建用户');
    expect(ws.getRow(2).getCell(col('操作代码')).value).toBe('user.create');
    expect(ws.getRow(2).getCell(col('对象类型')).value).toBe('用户');
    expect(ws.getRow(2).getCell(col('姓名')).value).toBe(adminName);
    expect(String(ws.getRow(2).getCell(col('对象')).value)).toContain('HYPERLINK');
    expect(afterCells.length).toBe(list.total);
    expect(afterCells.some((c) => c.includes('HYPERLINK'))).toBe(true);
    expect(safeCell('=1+1')).toBe("'=1+1");
    expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeCell('-2')).toBe("'-2");
    expect(safeCell('+86 138')).toBe("'+86 138");
    expect(safeCell('正常')).toBe('正常');
    const exported = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit.export').executeTakeFirstOrThrow();
    expect(exported.detail).toMatchObject({ rows: list.total });

    const verify = (await inject('GET', '/api/audit/verify')).json();
    expect(verify).toMatchObject({ ok: true });
  });

  it('an auditor reads the trail; other staff get 403', async () => {
    const aud = await userSession(t, { roles: ['auditor'] });
    expect((await t.app.inject({ url: '/api/audit?pageSize=1', headers: aud.headers })).statusCode).toBe(200);
    const staff = await userSession(t, { roles: ['bureau_staff'] });
    expect((await t.app.inject({ url: '/api/audit', headers: staff.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/audit/export', headers: staff.headers })).statusCode).toBe(403);
  });

  it('an admin-created user signs in with the temporary password and must change it first', async () => {
    const created = (
      await inject('POST', '/api/admin/users', { username: 'temp.pw.user', displayName: '临时', unitCode: SHIQI, roles: ['enterprise_user'] })
    ).json();
    const s = await signIn(t.app, 'temp.pw.user', created.temporaryPassword); // the helper changes it
    expect((await t.app.inject({ url: '/api/orgs/tree', headers: s.headers })).statusCode).toBe(200);
    const row = await t.deps.db.selectFrom('users').select('must_change_password').where('username', '=', 'temp.pw.user').executeTakeFirstOrThrow();
    expect(row.must_change_password).toBe(false);
  });
});

describe('the API answers by its response schemas (shared/admin.dto.ts)', () => {
  it('the admin and audit surface is the 22 routes the pages use', async () => {
    // Described at all: server/test/routes-responses.test.ts (every route). Here: the admin surface is whole.
    const doc = (await t.app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => /^\/api\/(admin|audit)(\/|$)/.test(path))
      .flatMap(([, ops]) => Object.keys(ops));
    expect(routes.length).toBe(22);
  });

  it('the answers carry every field the services return and every schema field (nothing dropped by the serialiser)', async () => {
    const actor = await loadActor(t.deps, admin.id, 'session', true);
    const ctx: Ctx = { actor: actor!, ip: null, requestId: 't', deps: t.deps, db: t.deps.db };
    const json = <T>(v: T): T => JSON.parse(JSON.stringify(v));
    const has = (answer: object, schema: { required?: string[] }, what: string) =>
      expect(Object.keys(answer), what).toEqual(expect.arrayContaining(schema.required ?? []));

    const created = await inject('POST', '/api/admin/users', {
      username: 'dto.check',
      displayName: '字段',
      unitCode: SHIQI,
      roles: ['town_staff'],
      phone: '13800000000',
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    has(body, UserCreated, 'created');
    has(body.user, AdminUserDetail, 'created.user');
    expect(body.temporaryPassword).toEqual(expect.any(String));
    const id = body.user.id as string;
    await inject('PUT', `/api/admin/users/${id}/grants`, { unitCodes: ['330203001'] });
    const token = await inject('POST', '/api/admin/tokens', { userId: id, name: '字段测试', scopes: ['hazard:read'], days: 30 });
    expect(token.statusCode, token.body).toBe(201);
    has(token.json(), TokenCreated, 'token');
    expect(token.json().expiresAt).toEqual(expect.any(String));
    const fire = (await inject('GET', '/api/admin/departments')).json()[0];
    const renamed = (await inject('PUT', `/api/admin/departments/${fire.code}`, { name: fire.name, shortName: fire.shortName })).json();
    has(renamed, DepartmentUpdated, 'department update');

    const detail = (await inject('GET', `/api/admin/users/${id}`)).json();
    expect(detail).toEqual(json(await getUser(ctx, id)));
    has(detail, AdminUserDetail, 'user');
    expect(detail).toMatchObject({ phone: '13800000000', enterpriseId: null, lockedUntil: null, grants: [{ code: '330203001', name: expect.any(String) }] });
    for (const action of ['disable', 'enable', 'unlock', 'revoke-sessions', 'reset-totp']) {
      const res = await inject('POST', `/api/admin/users/${id}/${action}`);
      expect(res.json(), action).toEqual(json(await getUser(ctx, id)));
    }
    expect((await inject('PUT', `/api/admin/users/${id}`, { displayName: '字段二' })).json()).toEqual(json(await getUser(ctx, id)));
    expect(Object.keys((await inject('POST', `/api/admin/users/${id}/reset-password`)).json())).toEqual(['temporaryPassword']);

    const users = (await inject('GET', '/api/admin/users?q=dto.check')).json();
    expect(users).toEqual(json(await listUsers(ctx, { q: 'dto.check' })));
    expect(users.items).toHaveLength(1);

    const roles = (await inject('GET', '/api/admin/roles')).json();
    expect(roles).toEqual(json(rolesMatrix(ctx)));
    for (const r of roles) has(r, RoleRow, `role ${r.key}`);
    expect((await inject('GET', '/api/admin/org/user-counts')).json()).toEqual(await userCountsByUnit(ctx));
    const departments = (await inject('GET', '/api/admin/departments')).json();
    expect(departments).toEqual(await listDepartments(ctx));
    has(departments[0], Department, 'department');
    const tokens = (await inject('GET', `/api/admin/tokens?userId=${id}`)).json();
    expect(tokens).toEqual(json(await listTokens(ctx, { userId: id })));
    has(tokens[0], ApiToken, 'token row');

    const trail = (await inject('GET', `/api/audit?resourceId=${id}&pageSize=100`)).json();
    expect(trail).toEqual(json(await listAudit(ctx, { resourceId: id, pageSize: 100 })));
    expect(trail.items.length).toBeGreaterThan(5);
    for (const r of trail.items) has(r, AuditRow, `audit ${r.id}`);
    const withChange = trail.items.find((r: { action: string }) => r.action === 'user.update');
    const row = (await inject('GET', `/api/audit/${withChange.id}`)).json();
    expect(row).toEqual(json(await getAuditRow(ctx, withChange.id)));
    has(row, AuditDetail, 'audit detail');
    expect(row.before).toMatchObject({ displayName: '字段' });
    expect(row.after).toMatchObject({ displayName: '字段二' });
    expect((await inject('GET', '/api/audit/verify')).json()).toEqual(await verifyChain(ctx));
  });
});

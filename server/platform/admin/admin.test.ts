import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type Session, signIn, type TestApp, testApp, userSession } from '../../test/helpers.ts';
import { checkScopeProperty } from '../../test/scope-property.ts';
import { escapeCell as safeCell } from '../excel.ts';

let t: TestApp;
let admin: Session & { id: string; username: string };
beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, { roles: ['district_admin'] });
});
afterAll(() => t.dispose());

const SHIQI = '330203009'; // 石碶街道
const auditCount = async () =>
  Number(
    (
      await t.deps.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
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
      const res = await inject('POST', '/api/admin/users', payload);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.fields[0].field).toBe(field);
    }
    expect((await inject('POST', '/api/admin/users', { username: admin.username, displayName: 'a', unitCode: SHIQI, roles: ['town_staff'] })).statusCode).toBe(
      409,
    );
    expect((await inject('POST', `/api/admin/users/${admin.id}/disable`)).statusCode).toBe(409);
    expect((await inject('GET', '/api/admin/users/not-a-uuid')).json().error.fields[0].field).toBe('params.id');
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
    expect((await inject('PUT', `/api/admin/departments/${fire.code}`, { name: '', shortName: null })).json().error.fields[0].field).toBe('body.name');

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
    const prefix = (await inject('GET', '/api/audit?action=user.&outcome=success&pageSize=500')).json();
    expect(new Set(prefix.items.map((r: { action: string }) => r.action.split('.')[0]))).toEqual(new Set(['user']));
    const byUser = (await inject('GET', `/api/audit?user=${admin.id}&pageSize=500`)).json();
    expect(byUser.items.every((r: { userId: string }) => r.userId === admin.id)).toBe(true);
    const now = t.clock.now().getTime();
    const empty = (await inject('GET', `/api/audit?from=${new Date(now + 3_600_000).toISOString()}`)).json();
    expect(empty.total).toBe(0);
    expect((await inject('GET', '/api/audit?from=yesterday')).json().error.fields[0].field).toBe('querystring.from');

    const detail = (await inject('GET', `/api/audit/${list.items[0].id}`)).json();
    expect(detail.after).toMatchObject({ username: 'formula.user' });
    expect((await inject('GET', '/api/audit/999999999')).statusCode).toBe(404);

    const res = await inject('GET', '/api/audit/export?action=user.create');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(6).value).toBe('操作');
    const afterCells: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) afterCells.push(String(row.getCell(11).value));
    });
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

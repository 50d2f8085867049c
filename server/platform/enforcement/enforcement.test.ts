// 行政执法证 and the working-day calendar over HTTP: who counts as an officer, §42's two-officer rule, overrides.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.ts';
import { systemCtx } from '../context.ts';
import { auditRows, fileSessions, fileTestApp, makeUser, type Session, userSession } from '../../test/helpers.ts';
import { requireOfficers, validOfficers } from './licences.ts';
import { workCalendar } from './workdays.ts';

const SHIQI = '330203009'; // 石碶街道
const GULOU = '330203001'; // 鼓楼街道
const clock = new FakeClock(new Date('2026-03-02T02:00:00Z'));
const t = fileTestApp({ clock });
const { admin, townStaff } = fileSessions(t, {
  admin: { roles: ['district_admin'] },
  townStaff: { roles: ['town_staff'], unit: SHIQI },
});

const call = (s: Session, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: s.headers, payload });

let seq = 0;
async function licensed(unit: string, validFrom = '2025-01-01', validUntil = '2028-12-31') {
  const u = await makeUser(t, { roles: ['enforcement_officer'], unit });
  const res = await call(admin, 'POST', '/api/enforcement/licences', {
    userId: u.id,
    number: `浙甬海${unit.slice(-3)}${++seq}`,
    issuer: '宁波市海曙区人民政府',
    unitCode: unit,
    validFrom,
    validUntil,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { ...u, licenceId: res.json().id as string };
}

describe('enforcement licences', () => {
  it('lists only officers whose licence is valid on the day, within the caller scope', async () => {
    const a = await licensed(SHIQI);
    const expired = await licensed(SHIQI, '2020-01-01', '2025-12-31');
    const other = await licensed(GULOU);
    const ctx = systemCtx(t.deps);
    const pool = (await validOfficers(ctx, { unit: SHIQI })).map((o) => o.userId);
    expect(pool).toContain(a.id);
    expect(pool).not.toContain(expired.id);
    expect(pool).not.toContain(other.id);

    const seen = await call(townStaff, 'GET', '/api/enforcement/officers');
    expect(seen.statusCode).toBe(200);
    const ids = seen.json().items.map((o: { userId: string }) => o.userId);
    expect(ids).toContain(a.id);
    expect(ids).not.toContain(other.id); // another town's officer is outside a town's scope

    const expiredRow = await call(admin, 'GET', `/api/enforcement/licences?state=expired&unit=${SHIQI}`);
    expect(expiredRow.json().items.map((l: { userId: string }) => l.userId)).toContain(expired.id);
  });

  it('a revoked licence makes nobody an officer, and revoking twice is refused', async () => {
    const a = await licensed(SHIQI);
    const res = await call(admin, 'POST', `/api/enforcement/licences/${a.licenceId}/revoke`, { reason: '调离执法岗位' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await validOfficers(systemCtx(t.deps), { userIds: [a.id] })).length).toBe(0);
    expect((await call(admin, 'POST', `/api/enforcement/licences/${a.licenceId}/revoke`, { reason: '再次' })).statusCode).toBe(409);
    expect(await auditRows(t.deps.db, { action: 'licence.revoke', resource_id: a.licenceId })).toHaveLength(1);
  });

  it("refuses a duplicate number, a reversed validity, another town's unit, and a writer without licence:write", async () => {
    const u = await makeUser(t, { roles: ['enforcement_officer'], unit: SHIQI });
    const body = { userId: u.id, number: '浙甬海DUP1', issuer: '海曙区政府', unitCode: SHIQI, validFrom: '2026-01-01', validUntil: '2027-01-01' };
    expect((await call(admin, 'POST', '/api/enforcement/licences', body)).statusCode).toBe(201);
    const dup = await call(admin, 'POST', '/api/enforcement/licences', body);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields[0].field).toBe('body.number');
    const reversed = await call(admin, 'POST', '/api/enforcement/licences', { ...body, number: 'X2', validUntil: '2025-01-01' });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.fields[0].field).toBe('body.validUntil');
    // A town station records its own officers, not another town's; a department user records none.
    const elsewhere = await call(townStaff, 'POST', '/api/enforcement/licences', { ...body, number: 'X3', unitCode: GULOU });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.fields[0].field).toBe('body.unitCode');
    const department = await userSession(t, { roles: ['department_staff'] });
    expect((await call(department, 'POST', '/api/enforcement/licences', { ...body, number: 'X4' })).statusCode).toBe(403);
  });

  it('requireOfficers: two different licensed people (行政处罚法 §42)', async () => {
    const a = await licensed(SHIQI);
    const b = await licensed(SHIQI);
    const unlicensed = await makeUser(t, { roles: ['enforcement_officer'], unit: SHIQI });
    const ctx = systemCtx(t.deps);
    expect((await requireOfficers(ctx, [a.id, b.id], 'body.officerIds')).map((o) => o.userId)).toEqual([a.id, b.id]);
    await expect(requireOfficers(ctx, [a.id], 'body.officerIds')).rejects.toMatchObject({ fields: [{ field: 'body.officerIds' }] });
    await expect(requireOfficers(ctx, [a.id, a.id], 'body.officerIds')).rejects.toMatchObject({ fields: [{ field: 'body.officerIds.1' }] });
    await expect(requireOfficers(ctx, [a.id, unlicensed.id], 'body.officerIds')).rejects.toMatchObject({ fields: [{ field: 'body.officerIds.1' }] });
    // Valid on a past day only if the licence was valid then.
    await expect(requireOfficers(ctx, [a.id, b.id], 'body.officerIds', { day: '2024-06-01' })).rejects.toMatchObject({
      fields: [{ field: 'body.officerIds.0' }],
    });
  });
});

describe('working-day calendar', () => {
  it('shows the 2026 National Day holiday and its make-up Saturday', async () => {
    const res = await call(townStaff, 'GET', '/api/enforcement/calendar?from=2026-09-30&to=2026-10-10');
    expect(res.statusCode).toBe(200);
    const days = Object.fromEntries(res.json().items.map((d: { day: string; working: boolean }) => [d.day, d.working]));
    expect(days['2026-09-30']).toBe(true);
    expect(days['2026-10-01']).toBe(false);
    expect(days['2026-10-07']).toBe(false);
    expect(days['2026-10-10']).toBe(true);
    expect((await call(townStaff, 'GET', '/api/enforcement/calendar?from=2026-10-10&to=2026-10-01')).statusCode).toBe(400);
  });

  it('an administrator override wins, is audited, and only an administrator may set it', async () => {
    const put = await call(admin, 'PUT', '/api/enforcement/calendar/overrides/2027-02-08', { working: false, note: '国办发明电〔2026〕X号 春节' });
    expect(put.statusCode, put.body).toBe(200);
    expect((await workCalendar(t.deps)).isWorking('2027-02-08')).toBe(false);
    const day = (await call(townStaff, 'GET', '/api/enforcement/calendar?from=2027-02-08&to=2027-02-08')).json().items[0];
    expect(day).toMatchObject({ working: false, source: 'override', note: '国办发明电〔2026〕X号 春节' });
    expect((await call(townStaff, 'PUT', '/api/enforcement/calendar/overrides/2027-02-09', { working: false, note: 'x' })).statusCode).toBe(403);
    expect(await auditRows(t.deps.db, { action: 'calendar.override', resource_id: '2027-02-08' })).toHaveLength(1);
    expect((await call(admin, 'DELETE', '/api/enforcement/calendar/overrides/2027-02-08')).statusCode).toBe(204);
    expect((await workCalendar(t.deps)).isWorking('2027-02-08')).toBe(true);
    expect((await call(admin, 'DELETE', '/api/enforcement/calendar/overrides/2027-02-08')).statusCode).toBe(404);
  });
});

// LIKE patterns built from user text: a `%` or `_` in a search term matches that character, not "anything".
import { describe, expect, it } from 'vitest';
import * as make from '../test/factories.ts';
import { fileSessions, fileTestApp, makeUser } from '../test/helpers.ts';
import { containsLike, escapeLike, iso, prefixLike } from './sql.ts';

const t = fileTestApp();
const { admin } = fileSessions(t, {
  admin: { roles: ['district_admin'] },
});

const ids = async (url: string) => {
  const res = await t.app.inject({ url, headers: admin.headers });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: string }[]).map((x) => x.id);
};

describe('escapeLike', () => {
  it('escapes the wildcards and the escape character, and the database reads them literally', async () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    expect(containsLike('a_b')).toBe('%a\\_b%');
    expect(prefixLike('3302%')).toBe('3302\\%%');
    const row = await t.deps.db
      .selectNoFrom((eb) => [
        eb.val('x50%y').$castTo<string>().as('v'),
        eb(eb.val('x50%y'), 'like', containsLike('50%')).as('literal'),
        eb(eb.val('x500y'), 'like', containsLike('50%')).as('wild'),
        eb(eb.val('a\\b'), 'like', containsLike('a\\b')).as('backslash'),
      ])
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ literal: true, wild: false, backslash: true });
  });

  it('iso: Date or text to ISO 8601, null stays null', () => {
    expect(iso(new Date('2026-06-01T00:00:00Z'))).toBe('2026-06-01T00:00:00.000Z');
    expect(iso('2026-06-01 08:00:00+08')).toBe('2026-06-01T00:00:00.000Z');
    expect(iso(null)).toBeNull();
  });
});

describe('a % or _ in a search term matches literally', () => {
  // Each search: a term, a record that has it literally, one it would match as a wildcard, the record, the list.
  it.each([
    [
      'monitoring devices (name)',
      '50%',
      '液位计50%报警',
      '液位计500报警',
      (n: string) => make.device(t.deps.db, make.TOWN_A, { name: n }),
      '/api/monitoring/devices?pageSize=500',
    ],
    [
      'responsible persons (name)',
      '王_',
      '王_一',
      '王某一',
      (n: string) => make.person(t.deps.db, make.TOWN_A, { name: n }),
      '/api/warnings/persons?pageSize=200',
    ],
    [
      'warnings (headline)',
      '90%',
      '降雨概率90%以上',
      '降雨概率900以上',
      (n: string) => make.warning(t.deps, make.TOWN_A, { headline: n }),
      '/api/warnings?pageSize=200',
    ],
    ['hazards (title)', '区_A', '油罐区_A区', '油罐区BA区', (n: string) => make.hazard(t.deps, make.TOWN_A, { title: n }), '/api/hazards?pageSize=200'],
    [
      'risk points (name)',
      '10%',
      '10%氨水罐',
      '100氨水罐',
      (n: string) => make.riskPoint(t.deps.db, make.TOWN_A, { name: n }),
      '/api/registry/risk-points?pageSize=200',
    ],
  ])('%s', async (_what, term, literal, wildcard, create, url) => {
    const hit = await create(literal);
    const miss = await create(wildcard);
    const found = await ids(`${url}&q=${encodeURIComponent(term)}`);
    expect(found).toContain(hit);
    expect(found).not.toContain(miss);
  });

  it('hazard criteria clauses (text, number)', async () => {
    const all = await ids('/api/hazards/criteria/clauses');
    expect(all.length).toBeGreaterThan(0);
    // No seeded clause has a literal "%": a wildcard would have matched them all.
    expect(await ids(`/api/hazards/criteria/clauses?q=${encodeURIComponent('%')}`)).toEqual([]);
  });

  it('users (username)', async () => {
    const u = await makeUser(t, { roles: ['town_staff'], username: `like_${process.pid}` });
    const u2 = await makeUser(t, { roles: ['town_staff'], username: `likex${process.pid}` });
    const byUser = await ids(`/api/admin/users?pageSize=500&q=${encodeURIComponent(`like_${process.pid}`)}`);
    expect(byUser).toContain(u.id);
    expect(byUser).not.toContain(u2.id);
  });
});

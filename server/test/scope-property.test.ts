// The scope property itself: it must fail for a route that hides in-scope records (an empty list used to
// pass) and for one that leaks out-of-scope records, and pass for the real route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as make from './factories.ts';
import { type TestApp, testApp } from './helpers.ts';
import { checkScopeProperty, type ScopedRoute } from './scope-property.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t?.dispose());

const parks = (over: Partial<ScopedRoute> = {}): ScopedRoute => ({
  name: 'parks',
  permission: 'registry:read',
  roles: ['town_staff', 'district_admin'],
  create: (tt, code) => make.park(tt.deps.db, code),
  list: '/api/registry/parks?pageSize=200',
  ...over,
});
const opts = { numRuns: 4, seed: 11 };

/** The assertion that made the property fail (fast-check keeps it as the error's cause). */
async function failure(run: Promise<void>): Promise<string> {
  try {
    await run;
  } catch (e) {
    return String(((e as Error).cause as Error | undefined)?.message ?? (e as Error).message);
  }
  return 'the property passed';
}

describe('checkScopeProperty', () => {
  it('passes for the real parks list', async () => {
    await checkScopeProperty(t, parks(), opts);
  }, 60_000);

  it('fails for a list that answers nothing (in-scope records must be visible)', async () => {
    expect(await failure(checkScopeProperty(t, parks({ list: { url: '/api/registry/parks?pageSize=200', extractIds: () => [] } }), opts))).toMatch(
      /did not list .* \(inside the scope\)/,
    );
  }, 60_000);

  it('fails for a list that answers everything (out-of-scope records must be invisible)', async () => {
    const all: string[] = [];
    const route = parks({
      create: async (tt, code) => {
        const id = await make.park(tt.deps.db, code);
        all.push(id);
        return id;
      },
      list: { url: '/api/registry/parks?pageSize=200', extractIds: () => all },
    });
    expect(await failure(checkScopeProperty(t, route, { numRuns: 10, seed: 11 }))).toMatch(/\(outside the scope\)/);
  }, 60_000);

  it('fails for a read route that refuses in-scope records', async () => {
    expect(
      await failure(checkScopeProperty(t, parks({ list: undefined, read: () => '/api/registry/parks/00000000-0000-7000-8000-000000000000' }), opts)),
    ).toMatch(/read .*: 404/);
  }, 60_000);
});

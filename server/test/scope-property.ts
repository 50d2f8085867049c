// The jurisdiction property, reusable by every module, in both directions: everyone with the permission
// receives every record inside their scope, and nobody ever receives a record outside it.
//
// Usage (in server/modules/<name>/<name>.test.ts):
//
//   import * as make from '../../test/factories.ts';
//   import { checkScopeProperty } from '../../test/scope-property.ts';
//
//   it('hazards: in scope visible, out of scope invisible', async () => {
//     await checkScopeProperty(t, {
//       name: 'hazards',
//       permission: 'hazard:read',
//       // Make one record located in `code` (a town, village or department code) and return its id.
//       create: (t, code) => make.hazard(t.deps, code),
//       // The run's new records must be on this page: sort newest first or ask for a big page.
//       list: '/api/hazards?pageSize=200',
//       read: '/api/hazards/:id',
//     });
//   });
//
// Each of ~25 runs draws a random subset of the real Haishu org tree (towns, villages, departments),
// random records located in it, and random signed-in users with random roles, home units and extra grants
// (grants widen the scope as the platform does). For every user:
//   - without the permission: the list and every read answer 403 (or 404 for a read), never 200;
//   - with it: the list answers 200, contains every one of this run's records inside the user's scope and
//     no record outside it (checked against every record made so far); reading a record inside the scope
//     answers 200, outside it 404.
// A record's scope is its jurisdiction code: the user's scope is their unit's subtree (a department works
// district-wide) plus their grants; a route with a wider rule says so with `visible`. Ids a list returns that
// this helper did not create are ignored. The expected scope is computed here from the org tree,
// independently of server/platform/access.ts.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { can, permissionsOf, ROLES } from '../../shared/roles.ts';
import { makeUser, signIn, type TestApp } from './helpers.ts';

export interface ScopedRoute {
  name: string;
  /** The permission the list and read routes require (null: any signed-in user). */
  permission: string | null;
  /** Create one record located in this jurisdiction; return its id. */
  create(t: TestApp, jurisdictionCode: string): Promise<string>;
  /** The list URL (its answer an `{ items: [{ id }] }` page), or the URL and how to find the ids in the answer. */
  list?: string | { url: string; extractIds(body: unknown): string[] };
  /** The read URL with `:id` for the record's id, or a function of the id. */
  read?: string | ((id: string) => string);
  /** Roles to draw viewers from (default: all roles). */
  roles?: readonly string[];
  /** Who sees a record located at `code`, given the viewer's scope prefixes (default: a prefix covers it). */
  visible?: (scope: string[], code: string) => boolean;
}

export interface ScopePropertyOptions {
  numRuns?: number;
  seed?: number;
}

/** extractIds for the usual `{ items: [{ id }] }` page. */
export const idsOf = (body: unknown) => (body as { items: { id: string }[] }).items.map((x) => x.id);

interface Unit {
  code: string;
  kind: string;
  parent: string | null;
}

/** What a user with this home unit and these grants may see: prefixes of jurisdiction codes. */
function expectedScope(units: Map<string, Unit>, home: string, grants: string[]): string[] {
  const u = units.get(home) as Unit;
  return [u.kind === 'department' ? (u.parent ?? u.code) : u.code, ...grants];
}

export const inScope = (scope: string[], code: string) => scope.some((p) => code.startsWith(p));

export async function checkScopeProperty(t: TestApp, route: ScopedRoute, opts: ScopePropertyOptions = {}): Promise<void> {
  const rows = await t.deps.db.selectFrom('org_units').select(['code', 'kind', 'parent_code']).orderBy('sort').execute();
  const units = new Map<string, Unit>(rows.map((r) => [r.code, { code: r.code, kind: r.kind, parent: r.parent_code }]));
  const places = rows.filter((r) => r.kind !== 'district').map((r) => r.code);
  const homes = rows.map((r) => r.code);
  const grantable = rows.filter((r) => r.kind === 'town' || r.kind === 'village').map((r) => r.code);
  const roles = route.roles ?? ROLES;
  const visible = route.visible ?? inScope;
  const list = typeof route.list === 'string' ? { url: route.list, extractIds: idsOf } : route.list;
  const read = typeof route.read === 'string' ? (id: string) => (route.read as string).replace(':id', id) : route.read;
  const created = new Map<string, string>(); // record id → jurisdiction code

  const viewer = fc.record({
    roles: fc.uniqueArray(fc.constantFrom(...roles), { minLength: 1, maxLength: 2 }),
    home: fc.constantFrom(...homes),
    grants: fc.uniqueArray(fc.constantFrom(...grantable), { maxLength: 2 }),
  });
  const scenario = fc.record({
    // A random subset of the tree: the places this run's records live in.
    records: fc.uniqueArray(fc.constantFrom(...places), { minLength: 1, maxLength: 4 }),
    viewers: fc.array(viewer, { minLength: 1, maxLength: 3 }),
  });

  await fc.assert(
    fc.asyncProperty(scenario, async ({ records, viewers }) => {
      const fresh = new Map<string, string>();
      for (const code of records) fresh.set(await route.create(t, code), code);
      for (const [id, code] of fresh) created.set(id, code);
      for (const v of viewers) {
        const user = await makeUser(t, { roles: [...v.roles], unit: v.home });
        if (v.grants.length)
          await t.deps.db
            .insertInto('user_grants')
            .values(v.grants.map((unit_code) => ({ user_id: user.id, unit_code })))
            .execute();
        const { headers } = await signIn(t.app, user.username);
        const scope = expectedScope(units, v.home, v.grants);
        const allowed = route.permission === null || can(permissionsOf(v.roles), route.permission);
        const who = `${route.name}: user ${user.username} (${v.roles.join(',')}${allowed ? '' : `, without ${route.permission}`}) at ${v.home}${v.grants.length ? ` + ${v.grants.join(',')}` : ''}`;

        if (list) {
          const res = await t.app.inject({ url: list.url, headers });
          expect(res.statusCode, `${who} listing ${list.url}: ${res.body.slice(0, 300)}`).toBe(allowed ? 200 : 403);
          if (allowed) {
            const listed = new Set(list.extractIds(res.json()));
            for (const id of listed) {
              const code = created.get(id);
              if (code !== undefined) expect(visible(scope, code), `${who} listed ${id} located in ${code} (outside the scope)`).toBe(true);
            }
            for (const [id, code] of fresh) {
              if (visible(scope, code)) expect(listed.has(id), `${who} did not list ${id} located in ${code} (inside the scope)`).toBe(true);
            }
          }
        }
        if (read) {
          for (const [id, code] of fresh) {
            const res = await t.app.inject({ url: read(id), headers });
            const expected = !allowed ? [403, 404] : visible(scope, code) ? [200] : [404];
            expect(expected, `${who} read ${id} located in ${code}: ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
          }
        }
      }
    }),
    { numRuns: opts.numRuns ?? 25, seed: opts.seed, endOnFailure: true },
  );
}

/**
 * One test per route that every viewer sees its records inside their jurisdiction and none outside (list and
 * detail, as the route offers): `scopePropertyTests(t, [devices, alarms])` in a describe of the module's tests.
 */
export function scopePropertyTests(t: TestApp, routes: ScopedRoute[], opts: ScopePropertyOptions = {}, timeout = 120_000) {
  it.each(routes.map((r) => [r.name, r] as const))(
    '%s: visible inside their jurisdiction and nowhere else',
    (_name, route) => checkScopeProperty(t, route, opts),
    timeout,
  );
}

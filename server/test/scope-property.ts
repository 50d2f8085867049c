// The jurisdiction property, reusable by every module: nobody ever receives a record outside their scope.
//
// Usage (in server/modules/<name>/<name>.test.ts):
//
//   import { checkScopeProperty } from '../../test/scope-property.ts';
//
//   it('nobody sees a hazard outside their jurisdiction', async () => {
//     await checkScopeProperty(t, {
//       name: 'hazards',
//       // Make one record located in `jurisdictionCode` (a town, village or department code) and return its id.
//       // Use the service with systemCtx(t.deps) or insert directly; whatever your module's real rows look like.
//       create: async (t, jurisdictionCode) => (await createHazard(systemCtx(t.deps), { ...sample(), jurisdictionCode })).id,
//       list: { url: '/api/hazards?pageSize=500', extractIds: (body) => (body as { items: { id: string }[] }).items.map((h) => h.id) },
//       read: (id) => `/api/hazards/${id}`,
//     });
//   });
//
// Each of ~25 runs draws a random subset of the real Haishu org tree (towns, villages, departments),
// random records located in it, and random signed-in users with random roles, home units and extra grants
// (grants widen the scope as the platform does). For every user it checks:
//   - a list answer (200) never contains a record outside the user's scope (403 for a role without the
//     permission is fine: it reveals nothing);
//   - reading a record outside the scope answers 404 (or 403 without the permission), never 200
//     (checked for the run's own records; lists are checked against every record made so far).
// A record's scope is its jurisdiction code: the user's scope is their unit's subtree (a department works
// district-wide) plus their grants. Ids a list returns that this helper did not create are ignored.
// The expected scope is computed here from the org tree, independently of server/platform/access.ts.
import fc from 'fast-check';
import { expect } from 'vitest';
import { ROLES } from '../../shared/roles.ts';
import { makeUser, signIn, type TestApp } from './helpers.ts';

export interface ScopedRoute {
  name: string;
  /** Create one record located in this jurisdiction; return its id. */
  create(t: TestApp, jurisdictionCode: string): Promise<string>;
  list?: { url: string; extractIds(body: unknown): string[] };
  read?: (id: string) => string;
  /** Roles to draw viewers from (default: all roles). Narrow it to roles that can reach the route. */
  roles?: readonly string[];
}

export interface ScopePropertyOptions {
  numRuns?: number;
  seed?: number;
}

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

const inScope = (scope: string[], code: string) => scope.some((p) => code.startsWith(p));

export async function checkScopeProperty(t: TestApp, route: ScopedRoute, opts: ScopePropertyOptions = {}): Promise<void> {
  const rows = await t.deps.db.selectFrom('org_units').select(['code', 'kind', 'parent_code']).orderBy('sort').execute();
  const units = new Map<string, Unit>(rows.map((r) => [r.code, { code: r.code, kind: r.kind, parent: r.parent_code }]));
  const places = rows.filter((r) => r.kind !== 'district').map((r) => r.code);
  const homes = rows.map((r) => r.code);
  const grantable = rows.filter((r) => r.kind === 'town' || r.kind === 'village').map((r) => r.code);
  const roles = route.roles ?? ROLES;
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
        const who = `${route.name}: user ${user.username} (${v.roles.join(',')}) at ${v.home}${v.grants.length ? ` + ${v.grants.join(',')}` : ''}`;

        if (route.list) {
          const res = await t.app.inject({ url: route.list.url, headers });
          expect([200, 403], `${who} listing ${route.list.url}: ${res.body}`).toContain(res.statusCode);
          if (res.statusCode === 200) {
            for (const id of route.list.extractIds(res.json())) {
              const code = created.get(id);
              if (code !== undefined) expect(inScope(scope, code), `${who} listed ${id} located in ${code}`).toBe(true);
            }
          }
        }
        if (route.read) {
          for (const [id, code] of fresh) {
            if (inScope(scope, code)) continue;
            const res = await t.app.inject({ url: route.read(id), headers });
            expect([403, 404], `${who} read ${id} located in ${code}: ${res.statusCode}`).toContain(res.statusCode);
          }
        }
      }
    }),
    { numRuns: opts.numRuns ?? 25, seed: opts.seed, endOnFailure: true },
  );
}

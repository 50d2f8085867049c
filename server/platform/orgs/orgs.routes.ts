import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CAPABILITIES } from '../../../shared/capabilities.ts';
import { ctxOf } from '../auth/auth.plugin.ts';
import type { Deps } from '../context.ts';
import { DISTRICT_CODE, orgCounts, orgTree } from './orgs.service.ts';

/** `installed`: the keys of the modules this app runs (the composition root knows them; the platform does not). */
export async function orgsRoutes(app: FastifyInstance, deps: Deps, installed: readonly string[]) {
  app.get('/api/orgs/tree', { schema: { tags: ['orgs'], summary: '组织与辖区树 Org and jurisdiction tree' } }, async (req) => {
    ctxOf(req, deps);
    return orgTree(deps.db);
  });

  // Official town names and codes: reference data, public (the no-account report page picks a town).
  app.get('/api/public/towns', { config: { public: true }, schema: { tags: ['public'], summary: '镇街列表 Towns (public)' } }, async () => ({
    items: await deps.db.selectFrom('org_units').select(['code', 'name']).where('kind', '=', 'town').orderBy('sort').execute(),
  }));

  // Deployment settings the web app needs (map tiles).
  app.get(
    '/api/system/config',
    { schema: { tags: ['system'], summary: '前端配置 Web configuration', response: { 200: Type.Object({ tileUrl: Type.String() }) } } },
    async (req) => {
      ctxOf(req, deps);
      return { tileUrl: deps.config.tileUrl };
    },
  );

  app.get(
    '/api/system/overview',
    {
      schema: {
        tags: ['system'],
        summary: '平台概况 Platform overview',
        response: {
          200: Type.Object({
            district: Type.Object({ code: Type.String(), name: Type.String() }),
            towns: Type.Number(),
            villages: Type.Number(),
            departments: Type.Number(),
            users: Type.Number(),
            modules: Type.Array(Type.Object({ key: Type.String(), available: Type.Boolean() })),
          }),
        },
      },
    },
    async (req) => {
      ctxOf(req, deps);
      const counts = await orgCounts(deps.db);
      const district = await deps.db.selectFrom('org_units').select(['code', 'name']).where('code', '=', DISTRICT_CODE).executeTakeFirst();
      const users = await deps.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return {
        district: district ?? { code: DISTRICT_CODE, name: '' },
        towns: counts.town ?? 0,
        villages: counts.village ?? 0,
        departments: counts.department ?? 0,
        users: Number(users.n),
        modules: CAPABILITIES.map((key) => ({ key, available: installed.includes(key) })),
      };
    },
  );
}

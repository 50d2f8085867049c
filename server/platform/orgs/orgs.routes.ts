// The org tree, the public town list and what the web shell needs to know about the deployment.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { OrgTree, Overview, Towns, WebConfig } from '../../../shared/platform.dto.ts';
import { ctxOf } from '../auth/auth.plugin.ts';
import type { Deps } from '../context.ts';
import { orgTree, publicTowns, systemOverview } from './orgs.service.ts';

/** `installed`: the keys of the modules this app runs (the composition root knows them; the platform does not). */
export async function orgsRoutes(root: FastifyInstance, deps: Deps, installed: readonly string[]) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/orgs/tree', { schema: { tags: ['orgs'], summary: '组织与辖区树 Org and jurisdiction tree', response: { 200: OrgTree } } }, async (req) => {
    ctxOf(req, deps);
    return orgTree(deps.db);
  });

  // Official town names and codes: reference data, public (the no-account report page picks a town).
  app.get(
    '/api/public/towns',
    { config: { public: true }, schema: { tags: ['public'], summary: '镇街列表 Towns (public)', response: { 200: Towns } } },
    async () => publicTowns(deps.db),
  );

  // Deployment settings the web app needs (map tiles).
  app.get('/api/system/config', { schema: { tags: ['system'], summary: '前端配置 Web configuration', response: { 200: WebConfig } } }, async (req) => {
    ctxOf(req, deps);
    return { tileUrl: deps.config.tileUrl, uploadMaxMb: deps.config.maxUploadMb };
  });

  app.get(
    '/api/system/overview',
    {
      schema: {
        tags: ['system'],
        summary: '平台概况 Platform overview',
        response: { 200: Overview },
      },
    },
    async (req) => {
      ctxOf(req, deps);
      return systemOverview(deps.db, installed);
    },
  );
}

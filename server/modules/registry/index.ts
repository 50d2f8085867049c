// The registry (分类分级监管名录库): enterprises, parks and tenants, insurance, risk points, Excel in/out, map.
import type { AnlanModule } from '../../platform/module.ts';
import { registryDesk } from './registry.desk.ts';
import { failInterruptedImports } from './registry.excel.ts';
import { registerRegistryJobs } from './registry.jobs.ts';
import { enterpriseGuard } from './registry.related.ts';
import { registryRoutes } from './registry.routes.ts';
import { seedRegistry } from './registry.seed.ts';

export const registryModule: AnlanModule = {
  key: 'registry',
  routes: registryRoutes,
  jobs: registerRegistryJobs,
  desk: registryDesk,
  related: { enterprise: enterpriseGuard },
  seed: (deps, progress) => seedRegistry(deps, progress),
  async start(deps) {
    // Imports run in-process; one left "running" by a stopped server will not finish by itself.
    await failInterruptedImports({ deps });
    return undefined;
  },
};

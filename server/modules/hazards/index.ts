import type { AnlanModule } from '../../platform/module.ts';
import { hazardsDesk } from './hazards.desk.ts';
import { registerHazardJobs } from './hazards.jobs.ts';
import { enterpriseHazards } from './hazards.related.ts';
import { hazardsRoutes } from './hazards.routes.ts';
import { seedHazards } from './hazards.seed.ts';

export const hazardsModule: AnlanModule = {
  key: 'hazards',
  routes: hazardsRoutes,
  jobs: registerHazardJobs,
  desk: hazardsDesk,
  related: { enterprise: enterpriseHazards },
  seed: (deps, progress) => seedHazards(deps, progress),
};

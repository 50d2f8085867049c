import type { AnlanModule } from '../../platform/module.ts';
import { registerPlanJobs } from './plans.jobs.ts';
import { plansRoutes } from './plans.routes.ts';
import { seedPlans } from './plans.seed.ts';

export const plansModule: AnlanModule = {
  key: 'plans',
  routes: plansRoutes,
  jobs: registerPlanJobs,
  seed: (deps, progress) => seedPlans(deps, progress),
};

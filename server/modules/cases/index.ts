import type { AnlanModule } from '../../platform/module.ts';
import { registerCaseJobs } from './cases.jobs.ts';
import { casesRoutes } from './cases.routes.ts';
import { seedCases } from './cases.seed.ts';

export const casesModule: AnlanModule = {
  key: 'cases',
  routes: casesRoutes,
  jobs: registerCaseJobs,
  seed: (deps, progress) => seedCases(deps, progress),
};

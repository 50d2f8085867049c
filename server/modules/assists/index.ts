import type { AnlanModule } from '../../platform/module.ts';
import { registerAssistJobs } from './assists.jobs.ts';
import { assistDesk } from './assists.reads.ts';
import { assistsRoutes } from './assists.routes.ts';
import { seedAssists } from './assists.seed.ts';

export const assistsModule: AnlanModule = {
  key: 'assists',
  routes: assistsRoutes,
  jobs: registerAssistJobs,
  desk: assistDesk,
  seed: (deps, progress) => seedAssists(deps, progress),
};

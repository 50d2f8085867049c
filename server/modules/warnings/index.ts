import type { AnlanModule } from '../../platform/module.ts';
import { startRelay } from './delivery.ts';
import { warningsDesk } from './warnings.desk.ts';
import { registerWarningJobs } from './warnings.jobs.ts';
import { warningsRoutes } from './warnings.routes.ts';
import { seedWarnings } from './warnings.seed.ts';

export const warningsModule: AnlanModule = {
  key: 'warnings',
  routes: warningsRoutes,
  jobs: registerWarningJobs,
  desk: warningsDesk,
  // The delivery relay sends the attempts that releases and ladder steps write.
  start: async (deps) => startRelay(deps, deps.config.jobsPollMs),
  seed: (deps, progress) => seedWarnings(deps, progress),
};

import type { AnlanModule } from '../../platform/module.ts';
import { inspectionsRoutes } from './inspections.routes.ts';
import { seedInspections } from './inspections.seed.ts';

export const inspectionsModule: AnlanModule = {
  key: 'inspections',
  routes: inspectionsRoutes,
  seed: (deps, progress) => seedInspections(deps, progress),
};

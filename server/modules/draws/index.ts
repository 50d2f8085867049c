import type { AnlanModule } from '../../platform/module.ts';
import { drawsRoutes } from './draws.routes.ts';
import { seedDraws } from './draws.seed.ts';

export const drawsModule: AnlanModule = {
  key: 'draws',
  routes: drawsRoutes,
  seed: (deps, progress) => seedDraws(deps, progress),
};

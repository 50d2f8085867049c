// 监管清单 (supervision lists): the three lists (赋权清单, 检查事项清单, 分级分类监管清单) and the checklists
// (检查表), each versioned; the frequency policy; the public item list.
import type { AnlanModule } from '../../platform/module.ts';
import { supervisionRoutes } from './supervision.routes.ts';
import { seedSupervision } from './supervision.seed.ts';

export const supervisionModule: AnlanModule = {
  key: 'supervision',
  routes: supervisionRoutes,
  seed: (deps, progress) => seedSupervision(deps, progress),
};

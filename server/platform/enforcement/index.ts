// What the enforcement modules share (行政执法证 and the working-day calendar) joins the app like a module (routes only).
import type { AnlanModule } from '../module.ts';
import { enforcementRoutes } from './enforcement.routes.ts';

export const enforcementModule: AnlanModule = { key: 'enforcement', routes: enforcementRoutes };

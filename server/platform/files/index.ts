// The file store joins the app like a module (routes only) so every capability can upload and read files.
import type { AnlanModule } from '../module.ts';
import { filesRoutes } from './files.routes.ts';

export const filesModule: AnlanModule = { key: 'files', routes: filesRoutes };

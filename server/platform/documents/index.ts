// The document engine joins the app like a module (routes only); modules issue documents through documents.ts.
import type { AnlanModule } from '../module.ts';
import { documentsRoutes } from './documents.routes.ts';

export const documentsModule: AnlanModule = { key: 'documents', routes: documentsRoutes };

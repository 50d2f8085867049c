// The capability modules. Each adds one line here; the composition root (app.ts, runtime.ts, main.ts) registers
// their routes, job handlers and start hooks. The shape of a module is server/platform/module.ts.
import { adminModule, auditModule } from '../platform/admin/index.ts';
import { documentsModule } from '../platform/documents/index.ts';
import { enforcementModule } from '../platform/enforcement/index.ts';
import { filesModule } from '../platform/files/index.ts';
import type { AnlanModule } from '../platform/module.ts';
import { assistsModule } from './assists/index.ts';
import { casesModule } from './cases/index.ts';
import { drawsModule } from './draws/index.ts';
import { hazardsModule } from './hazards/index.ts';
import { inspectionsModule } from './inspections/index.ts';
import { monitoringModule } from './monitoring/index.ts';
import { plansModule } from './plans/index.ts';
import { registryModule } from './registry/index.ts';
import { supervisionModule } from './supervision/index.ts';
import { warningsModule } from './warnings/index.ts';

export const MODULES: AnlanModule[] = [
  adminModule,
  auditModule,
  registryModule,
  monitoringModule,
  filesModule,
  enforcementModule,
  documentsModule,
  hazardsModule,
  drawsModule,
  warningsModule,
  supervisionModule,
  casesModule,
  plansModule,
  inspectionsModule,
  assistsModule,
];

// The capability modules. Each adds one line here; the app registers their routes and job handlers.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../platform/context.ts';
import { adminModule, auditModule } from '../platform/admin/index.ts';
import { filesModule } from '../platform/files/index.ts';
import type { JobRunner } from '../platform/jobs/jobs.ts';
import { hazardsModule } from './hazards/index.ts';
import { monitoringModule } from './monitoring/index.ts';
import { registryModule } from './registry/index.ts';
import { warningsModule } from './warnings/index.ts';

export interface AnlanModule {
  /** Matches the web's module key (registry, hazards, inspections, monitoring, warnings, …). */
  key: string;
  routes(app: FastifyInstance, deps: Deps): Promise<void>;
  jobs?(runner: JobRunner, deps: Deps): void;
  /** Started after listen (e.g. MQTT ingest); what it returns is stopped on shutdown. */
  start?(deps: Deps): Promise<{ stop(): Promise<void> } | undefined>;
  /** Demo data for this module (called by `anlan seed`); report progress as (done, total). */
  seed?(deps: Deps, progress: (done: number, total: number) => void): Promise<void>;
}

export const MODULES: AnlanModule[] = [adminModule, auditModule, registryModule, monitoringModule, filesModule, hazardsModule, warningsModule];

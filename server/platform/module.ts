// What a capability module (server/modules/<m>/index.ts) gives the composition root (server/app.ts, runtime.ts,
// main.ts). The platform defines the shape; it never imports the modules themselves.
import type { FastifyInstance } from 'fastify';
import type { DeskPart } from '../../shared/desk.dto.ts';
import type { RelatedSection } from '../../shared/related.dto.ts';
import type { Ctx, Deps } from './context.ts';
import type { JobRunner } from './jobs/jobs.ts';

export interface AnlanModule {
  /** Matches the web's module key (registry, hazards, inspections, monitoring, warnings, …). */
  key: string;
  /**
   * Registers the module's routes. The app calls it inside its own `app.register` scope, so what a module
   * adds to Fastify (content-type parsers, hooks, decorators) stays in that module.
   */
  routes(app: FastifyInstance, deps: Deps): Promise<void>;
  jobs?(runner: JobRunner, deps: Deps): void;
  /** Started after listen (e.g. MQTT ingest); what it returns is stopped on shutdown. */
  start?(deps: Deps): Promise<{ stop(): Promise<void> } | undefined>;
  /** Demo data for this module (called by `anlan seed`); report progress as (done, total). */
  seed?(deps: Deps, progress: (done: number, total: number) => void): Promise<void>;
  /**
   * Commands the CLI may ask a running server to do on its behalf (`POST /admin/<key>/<name>`, loopback and the
   * admin secret only): PGlite lets one process open the data directory, so while `npm start` runs a CLI command
   * cannot open it itself.
   */
  /** The module's part of the signed-in person's work desk (to-dos, deadlines, panels), checking its own permissions. */
  desk?(ctx: Ctx): Promise<DeskPart>;
  /** What the module holds about a record of another module (一企一档: an enterprise's hazards, devices, alarms…). */
  related?: { enterprise?(ctx: Ctx, enterpriseId: string): Promise<RelatedSection[]> };
  admin?: Record<string, (deps: Deps, input: Record<string, unknown>) => Promise<unknown>>;
}

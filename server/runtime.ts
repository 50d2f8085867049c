// Open the database, migrate, and assemble the dependencies the app and jobs share.
import type { Config } from './config.ts';
import { type Database, openDatabase, type OpenOptions } from './db/connection.ts';
import { migrate } from './db/migrate.ts';
import { MODULES } from './modules/index.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import type { Deps } from './platform/context.ts';
import { JobRunner } from './platform/jobs/jobs.ts';
import { registerPlatformJobs } from './platform/jobs/platform-jobs.ts';
import { EventBus } from './platform/events.ts';

export interface Runtime {
  deps: Deps;
  database: Database;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  clock?: Clock;
  /** Override how the database is opened (tests: in-memory PGlite from a template). */
  open?: OpenOptions;
  migrate?: boolean;
  log?: { error(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void; info(obj: unknown, msg?: string): void };
}

export async function createRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  const database = await openDatabase(opts.open ?? { databaseUrl: config.databaseUrl, dataDir: config.dataDir, sharedBuffersMb: config.pgliteSharedBuffersMb });
  try {
    if (opts.migrate !== false) {
      const applied = await migrate(database.db);
      if (applied.length) opts.log?.info({ applied }, 'migrations applied');
    }
  } catch (e) {
    await database.close();
    throw e;
  }
  const clock = opts.clock ?? systemClock;
  const jobs = new JobRunner(database.db, { clock, log: opts.log });
  const events = new EventBus();
  const deps: Deps = { config, db: database.db, dbKind: database.kind, clock, jobs, events };
  registerPlatformJobs(jobs, deps);
  for (const m of MODULES) m.jobs?.(jobs, deps);
  return {
    deps,
    database,
    close: async () => {
      await jobs.stop();
      await database.close();
    },
  };
}

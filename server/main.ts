// Start the platform: config → db → migrate → (demo seed) → app.listen → module services → job runner.
// SIGTERM/SIGINT: stop accepting, finish in-flight requests, stop jobs and modules, close the database.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { MODULES } from './modules/index.ts';
import { scheduleRecurring } from './platform/jobs/platform-jobs.ts';
import { ensureOrgTree } from './platform/orgs/orgs.service.ts';
import { adminRoutes } from './platform/ops/admin.routes.ts';
import { createUser, hasAdministrator } from './platform/users/users.service.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { type DemoAccount, isSeeded, type Progress, seedDemo } from './seed/demo.ts';

export interface StartOptions {
  seedDemo?: boolean;
  onSeedProgress?: Progress;
}

export interface Running {
  app: FastifyInstance;
  runtime: Runtime;
  url: string;
  demoAccounts: DemoAccount[];
  stop(): Promise<void>;
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<Running> {
  const started = Date.now();
  const { default: pino } = await import('pino');
  const log = pino({ level: config.logLevel });
  const runtime = await createRuntime(config, { log });
  const { deps } = runtime;

  let demoAccounts: DemoAccount[] = [];
  if ((opts.seedDemo ?? config.seedDemo) && !(await isSeeded(deps))) {
    demoAccounts = await seedDemo(deps, opts.onSeedProgress);
  } else {
    await ensureOrgTree(deps.db); // reference data is always present and current
  }
  if (config.bootstrapAdminPassword && !(await hasAdministrator(deps.db))) {
    await createUser(
      deps.db,
      deps.clock,
      { username: 'admin', displayName: '系统管理员', unitCode: '330203', roles: ['district_admin'], password: config.bootstrapAdminPassword },
      null,
    );
    log.info('bootstrap administrator "admin" created from ANLAN_BOOTSTRAP_ADMIN_PASSWORD');
  }

  const app = await buildApp(deps, { loggerInstance: log });
  const adminSecret = randomBytes(32).toString('hex');
  await adminRoutes(app, runtime, adminSecret, MODULES);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  writeAdminFile(config.dataDir, { secret: adminSecret, pid: process.pid, port });
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;

  const services: { stop(): Promise<void> }[] = [];
  for (const m of MODULES) {
    const service = await m.start?.(deps);
    if (service) services.push(service);
  }
  await scheduleRecurring(deps);
  deps.jobs.start(config.jobsPollMs);
  log.info({ url, ms: Date.now() - started, database: deps.dbKind }, 'anlan ready');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await app.close(); // stops accepting and waits for in-flight requests
      for (const s of services) await s.stop().catch((err: unknown) => log.error({ err }, 'module stop failed'));
      await runtime.close();
      fs.rmSync(path.join(config.dataDir, 'admin.secret'), { force: true });
    })();
    return stopping;
  };
  return { app, runtime, url, demoAccounts, stop };
}

export interface AdminFile {
  secret: string;
  pid: number;
  port: number;
}

/** A per-run secret for loopback admin calls from the CLI (the data dir is this process's while it runs). */
function writeAdminFile(dataDir: string, info: AdminFile) {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'admin.secret'), JSON.stringify(info), { mode: 0o600 });
}

export function readAdminFile(dataDir: string): AdminFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, 'admin.secret'), 'utf8')) as AdminFile;
  } catch {
    return undefined;
  }
}

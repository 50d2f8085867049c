// Test helpers: a fresh migrated database per call (PGlite in memory, or a PostgreSQL database cloned
// from the run's template), an app built on it, users, and signed-in HTTP sessions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { FakeClock } from '../platform/clock.ts';
import { createUser } from '../platform/users/users.service.ts';
import { createRuntime, type Runtime } from '../runtime.ts';

export const TEST_PASSWORD = 'Test-Passw0rd-Anlan';

export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlan-data-'));
  return { ...loadConfig({ ANLAN_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), ...overrides };
}

export interface TestRuntime extends Runtime {
  clock: FakeClock;
  /** Connection string of this test's own PostgreSQL database (undefined on PGlite). */
  databaseUrl?: string;
  dispose(): Promise<void>;
}

/** A fresh database (migrated, org tree loaded) and runtime with a fake clock. */
export async function testRuntime(opts: { clock?: FakeClock; config?: Partial<Config> } = {}): Promise<TestRuntime> {
  const clock = opts.clock ?? new FakeClock();
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `anlan_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${process.env.ANLAN_TEST_TEMPLATE_DB}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const config = testConfig({ databaseUrl: u.toString(), ...opts.config });
    const rt = await createRuntime(config, { clock, open: { databaseUrl: u.toString(), poolSize: 4 } });
    return {
      ...rt,
      clock,
      databaseUrl: u.toString(),
      dispose: async () => {
        await rt.close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const file = process.env.ANLAN_TEST_TEMPLATE_FILE;
  const loadDataDir = file ? new Blob([fs.readFileSync(file)]) : undefined;
  const config = testConfig(opts.config);
  const rt = await createRuntime(config, { clock, open: { memory: { loadDataDir } } });
  return { ...rt, clock, dispose: () => rt.close() };
}

export interface TestApp extends TestRuntime {
  app: FastifyInstance;
}

export async function testApp(opts: Parameters<typeof testRuntime>[0] = {}): Promise<TestApp> {
  const rt = await testRuntime(opts);
  const app = await buildApp(rt.deps, { logger: false });
  await app.ready();
  return {
    ...rt,
    app,
    dispose: async () => {
      await app.close();
      await rt.dispose();
    },
  };
}

let userSeq = 0;

export async function makeUser(rt: Runtime, u: { roles: string[]; unit?: string; username?: string; enterpriseId?: string | null; password?: string }) {
  const username = u.username ?? `u${process.pid}x${++userSeq}`;
  const id = await createUser(
    rt.deps.db,
    rt.deps.clock,
    {
      username,
      displayName: username,
      unitCode: u.unit ?? '330203',
      roles: u.roles,
      password: u.password ?? TEST_PASSWORD,
      enterpriseId: u.enterpriseId ?? null,
    },
    null,
  );
  return { id, username };
}

export interface Session {
  cookie: string;
  csrf: string;
  /** Headers for app.inject on behalf of this user (cookie + CSRF token). */
  headers: Record<string, string>;
}

export async function signIn(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed for ${username}: ${res.statusCode} ${res.body}`);
  const set = res.cookies.find((c) => c.name === 'anlan_sid');
  const cookie = `anlan_sid=${set?.value}`;
  const csrf = res.json().csrfToken as string;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** Create a user with these roles and sign them in. */
export async function userSession(t: TestApp, u: Parameters<typeof makeUser>[1]) {
  const user = await makeUser(t, u);
  return { ...user, ...(await signIn(t.app, user.username)) };
}

// Test helpers: a fresh migrated database per call (PGlite in memory, or a PostgreSQL database cloned
// from the run's template), an app built on it, users, and signed-in HTTP sessions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Selectable, sql } from 'kysely';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { AuditLogTable, DB } from '../db/schema.ts';
import { stepOf, TOTP_STEP_SECONDS, totpCode } from '../platform/auth/totp.ts';
import { type Clock, FakeClock, systemClock } from '../platform/clock.ts';
import { seedOrgTree } from '../platform/orgs/orgs.service.ts';
import { createUser } from '../platform/users/users.service.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { createDatabase } from './databases.ts';

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

/** A new PostgreSQL database cloned from the run's template. */
const clonePgTemplate = (url: string) => createDatabase(url, { template: process.env.ANLAN_TEST_TEMPLATE_DB });

/** A fresh database (migrated, org tree loaded) and runtime with a fake clock. */
export async function testRuntime(opts: { clock?: FakeClock; config?: Partial<Config> } = {}): Promise<TestRuntime> {
  const clock = opts.clock ?? new FakeClock();
  const url = process.env.DATABASE_URL;
  if (url) {
    const db = await clonePgTemplate(url);
    const config = testConfig({ databaseUrl: db.url, ...opts.config });
    const rt = await createRuntime(config, { clock, open: { databaseUrl: db.url, poolSize: 4 } });
    return {
      ...rt,
      clock,
      databaseUrl: db.url,
      dispose: async () => {
        await rt.close();
        await db.drop();
      },
    };
  }
  const file = process.env.ANLAN_TEST_TEMPLATE_FILE;
  const loadDataDir = file ? new Blob([fs.readFileSync(file)]) : undefined;
  const config = testConfig(opts.config);
  const rt = await createRuntime(config, { clock, open: { memory: { loadDataDir } } });
  return { ...rt, clock, dispose: () => rt.close() };
}

export interface RestartableRuntime {
  /** The runtime of the current process. */
  readonly current: Runtime;
  /** The current process goes away (jobs stopped, database closed); a new one opens the same data. */
  restart(): Promise<Runtime>;
  dispose(): Promise<void>;
}

/**
 * A runtime over a database that outlives it, for tests of what survives a restart: a data directory on
 * disk for PGlite, a database of its own on PostgreSQL (migrated, org tree loaded).
 */
export async function restartableRuntime(opts: { clock?: FakeClock; config?: Partial<Config> } = {}): Promise<RestartableRuntime> {
  const clock = opts.clock ?? new FakeClock();
  const url = process.env.DATABASE_URL;
  const pgDb = url ? await clonePgTemplate(url) : undefined;
  const dataDir = pgDb ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'anlan-restart-'));
  const config = testConfig({ ...(pgDb ? { databaseUrl: pgDb.url } : {}), ...opts.config });
  const open = pgDb ? { databaseUrl: pgDb.url, poolSize: 4 } : { dataDir };
  let current = await createRuntime(config, { clock, open });
  if (dataDir) await seedOrgTree(current.deps.db);
  let closed = false;
  return {
    get current() {
      return current;
    },
    restart: async () => {
      await current.close();
      current = await createRuntime(config, { clock, open });
      return current;
    },
    dispose: async () => {
      if (closed) return;
      closed = true;
      await current.close();
      await pgDb?.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestApp extends TestRuntime {
  app: FastifyInstance;
}

export async function testApp(opts: Parameters<typeof testRuntime>[0] = {}): Promise<TestApp> {
  const rt = await testRuntime(opts);
  const app = await buildApp(rt.deps, { logger: false });
  await app.ready();
  registerAppClock(app, rt.clock);
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

// What signIn needs to finish the second step on its own: each app's clock, the TOTP secrets it enrolled,
// the last TOTP step it used per user (a code is good once), and passwords it had to rotate.
const appClocks = new WeakMap<FastifyInstance, Clock>();
const appSecrets = new WeakMap<FastifyInstance, Map<string, { secret: string; lastStep: number }>>();
const appRotated = new WeakMap<FastifyInstance, Map<string, { from: string; to: string }>>();

/** Let signIn compute TOTP codes on this app's (fake) clock; testApp does this for you. */
export function registerAppClock(app: FastifyInstance, clock: Clock) {
  appClocks.set(app, clock);
}

const mapOf = <V>(m: WeakMap<FastifyInstance, Map<string, V>>, app: FastifyInstance) => {
  const v = m.get(app) ?? new Map<string, V>();
  m.set(app, v);
  return v;
};

/** A TOTP code for a user signIn enrolled, never reusing a step (the server refuses replays). */
export function nextTotp(app: FastifyInstance, username: string): string {
  const known = appSecrets.get(app)?.get(username.toLowerCase());
  if (!known) throw new Error(`signIn has no TOTP secret for ${username}`);
  const now = (appClocks.get(app) ?? systemClock).now();
  const step = Math.max(stepOf(now), known.lastStep + 1);
  if (step > stepOf(now) + 1) throw new Error(`no unused TOTP code for ${username} right now: advance the clock by ${TOTP_STEP_SECONDS} s`);
  known.lastStep = step;
  return totpCode(known.secret, new Date(step * TOTP_STEP_SECONDS * 1000));
}

const headersOf = (cookie: string, csrf: string): Session => ({ cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } });

/**
 * Sign in over HTTP and return working headers. Completes what the platform asks of a new session so
 * tests of other modules need not care: TOTP enrolment for staff roles (the code is computed with
 * otplib on the app's clock), the TOTP step for enrolled users, and a password change when the
 * password has expired (later signIn calls with the old password use the new one transparently).
 */
export async function signIn(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Session> {
  const key = username.toLowerCase();
  const rotated = mapOf(appRotated, app).get(key);
  const pw = rotated && rotated.from === password ? rotated.to : password;
  const login = (totp?: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: pw, ...(totp ? { totp } : {}) } });
  let res = await login();
  if (res.statusCode === 401 && res.json().error?.code === 'TOTP_REQUIRED' && appSecrets.get(app)?.has(key)) res = await login(nextTotp(app, key));
  if (res.statusCode !== 200) throw new Error(`sign-in failed for ${username}: ${res.statusCode} ${res.body}`);
  const set = res.cookies.find((c) => c.name === 'anlan_sid');
  const session = headersOf(`anlan_sid=${set?.value}`, res.json().csrfToken as string);
  const user = res.json().user as { mfaEnrollmentRequired: boolean; passwordExpired: boolean };

  if (user.mfaEnrollmentRequired) {
    const setup = await app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: session.headers });
    if (setup.statusCode !== 200) throw new Error(`TOTP setup failed for ${username}: ${setup.statusCode} ${setup.body}`);
    mapOf(appSecrets, app).set(key, { secret: setup.json().secret as string, lastStep: -1 });
    const enable = await app.inject({ method: 'POST', url: '/api/auth/totp/enable', headers: session.headers, payload: { code: nextTotp(app, key) } });
    if (enable.statusCode !== 204) throw new Error(`TOTP enable failed for ${username}: ${enable.statusCode} ${enable.body}`);
  }
  if (user.passwordExpired) {
    const next = `Rot-${Math.random().toString(36).slice(2, 10)}-Aa9!`;
    const change = await app.inject({ method: 'POST', url: '/api/auth/password', headers: session.headers, payload: { current: pw, next } });
    if (change.statusCode !== 204) throw new Error(`password change failed for ${username}: ${change.statusCode} ${change.body}`);
    mapOf(appRotated, app).set(key, { from: rotated?.from ?? password, to: next });
  }
  return session;
}

/** Create a user with these roles and sign them in. */
export async function userSession(t: TestApp, u: Parameters<typeof makeUser>[1]) {
  const user = await makeUser(t, u);
  return { ...user, ...(await signIn(t.app, user.username)) };
}
/** What userSession gives: the user's id and name and working headers. */
export type UserSession = Awaited<ReturnType<typeof userSession>>;

/** What fileTestApp and fileTestRuntime take: testRuntime's options, and how long opening may take (ms). */
type UseOptions = Parameters<typeof testRuntime>[0] & { timeout?: number };

// An object of T filled in by a beforeAll this call registers, and disposed of by an afterAll.
function opened<T extends { dispose(): Promise<void> }>(open: () => Promise<T>, timeout?: number): T {
  const holder = {} as T;
  beforeAll(async () => {
    Object.assign(holder, await open());
  }, timeout);
  afterAll(() => holder.dispose?.());
  return holder;
}

/**
 * The test file's app: `const t = fileTestApp();` at the top of the file registers a beforeAll that opens it and
 * an afterAll that disposes of it. The returned object is filled in when that hook runs: read it inside tests
 * and hooks, never while the file is being collected.
 */
export function fileTestApp(opts: UseOptions = {}): TestApp {
  return opened(() => testApp(opts), opts.timeout);
}

/** The test file's runtime (no HTTP app), opened and disposed of like fileTestApp's. */
export function fileTestRuntime(opts: UseOptions = {}): TestRuntime {
  return opened(() => testRuntime(opts), opts.timeout);
}

/**
 * Users signed in on the file's app before its tests, one per name, in order, after the hooks registered before:
 * `const { townA, admin } = fileSessions(t, { townA: { roles: ['town_staff'], unit: TOWN_A }, admin: { roles: ['district_admin'] } });`
 * Each session is filled in like fileTestApp's app.
 */
export function fileSessions<K extends string>(t: TestApp, users: Record<K, Parameters<typeof makeUser>[1]>, timeout?: number): Record<K, UserSession> {
  const names = Object.keys(users) as K[];
  const sessions = Object.fromEntries(names.map((name) => [name, {}])) as Record<K, UserSession>;
  beforeAll(async () => {
    for (const name of names) Object.assign(sessions[name], await userSession(t, users[name]));
  }, timeout);
  return sessions;
}

type AuditWhere = Partial<Pick<Selectable<AuditLogTable>, 'action' | 'username' | 'user_id' | 'resource_type' | 'resource_id' | 'outcome'>>;

/** The audit rows matching every column given (`{ action: 'access.denied', username: 'alice' }`), oldest first. */
export function auditRows(db: Db, where: AuditWhere) {
  let q = db.selectFrom('audit_log').selectAll();
  if (where.action !== undefined) q = q.where('action', '=', where.action);
  if (where.username !== undefined) q = q.where('username', '=', where.username);
  if (where.user_id !== undefined) q = q.where('user_id', '=', where.user_id);
  if (where.resource_type !== undefined) q = q.where('resource_type', '=', where.resource_type);
  if (where.resource_id !== undefined) q = q.where('resource_id', '=', where.resource_id);
  if (where.outcome !== undefined) q = q.where('outcome', '=', where.outcome);
  return q.orderBy('id').execute();
}

/** When the pending job of this kind or dedup key is to run (undefined: none is pending), for "it re-arms" checks. */
export async function pendingRunAt(db: Db, job: { kind: string } | { dedupKey: string }): Promise<Date | undefined> {
  const q = db.selectFrom('jobs').select('run_at').where('status', '=', 'pending');
  const row = await ('kind' in job ? q.where('kind', '=', job.kind) : q.where('dedup_key', '=', job.dedupKey)).orderBy('run_at').executeTakeFirst();
  return row ? new Date(row.run_at) : undefined;
}

/** The answer is a 400 whose first field error names `field` (`body.title`). */
export function expectFieldError(res: { statusCode: number; body: string; json(): { error: { fields: { field: string }[] } } }, field: string) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error.fields[0].field).toBe(field);
}

/** How many rows a table holds (for "nothing was written" assertions). */
export async function rowCount(db: Db, table: keyof DB): Promise<number> {
  const { rows } = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0].n);
}

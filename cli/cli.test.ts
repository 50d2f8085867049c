// The `anlan` command as an operator runs it: bad config, serve + SIGTERM, backup while serving,
// refusal to open a PGlite directory a server holds, restore.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/anlan.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anlan-cli-'));
const createdDbs: string[] = [];

afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  if (process.env.DATABASE_URL && createdDbs.length) {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    for (const d of createdDbs) await c.query(`drop database if exists ${d} with (force)`);
    await c.end();
  }
});

async function freshDatabaseUrl(): Promise<string | undefined> {
  const url = process.env.DATABASE_URL;
  if (!url) return undefined;
  const name = `anlan_cli_${process.pid}_${createdDbs.length}_${Date.now() % 100000}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  createdDbs.push(name);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function env(extra: Record<string, string | undefined>) {
  const e: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'warn', ANLAN_MQTT_PORT: '0', ...extra };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  return e as NodeJS.ProcessEnv;
}

const run = (args: string[], extra: Record<string, string | undefined>, input?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { env: env(extra), encoding: 'utf8', input, timeout: 120_000 });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function serve(extra: Record<string, string | undefined>): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], { env: env({ ...extra, PORT: String(port), HOST: '127.0.0.1' }), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return { child, url, exited };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become ready: ${output}`);
}

describe('anlan CLI', () => {
  it('a bad setting stops start-up with one line naming the variable', () => {
    const r = run(['serve'], { PORT: 'eighty', ANLAN_DATA_DIR: path.join(tmp, 'bad') });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['anlan: Invalid configuration: PORT must be an integer between 0 and 65535 (got "eighty")']);
  });

  it('every command has --help', () => {
    for (const cmd of [
      [],
      ['serve'],
      ['start'],
      ['migrate'],
      ['seed'],
      ['backup'],
      ['restore'],
      ['audit', 'verify'],
      ['user', 'create'],
      ['token', 'create'],
    ]) {
      const r = run([...cmd, '--help'], {});
      expect(r.status, cmd.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: anlan');
    }
  }, 300_000); // ten cold starts of the CLI (each compiles TypeScript through tsx)

  it('serves, backs up while serving, shuts down on SIGTERM, and restores', async () => {
    const dataDir = path.join(tmp, 'data');
    const databaseUrl = await freshDatabaseUrl();
    const base = { ANLAN_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ANLAN_BOOTSTRAP_ADMIN_PASSWORD: 'Bootstrap-Passw0rd!' };
    const server = await serve(base);

    if (!databaseUrl) {
      // PGlite allows one process per data directory: a second one is refused with a clear message.
      const busy = run(['migrate'], base);
      expect(busy.status).toBe(1);
      expect(busy.stderr).toMatch(/in use by process \d+/);
    }
    const file = path.join(tmp, databaseUrl ? 'backup.sql' : 'backup.tar.gz');
    const backup = run(['backup', '--out', file], base);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);

    // A newcomer makes a token and runs the simulator in a second terminal while the server runs.
    const token = run(['token', 'create', '--user', 'admin', '--scope', 'monitoring:read'], base);
    expect(token.stderr).toBe('');
    expect(token.status).toBe(0);
    const secret = token.stdout.trim();
    expect(secret).toMatch(/^anlan_/);
    expect((await fetch(`${server.url}/api/monitoring/devices`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
    const badScope = run(['token', 'create', '--user', 'admin', '--scope', 'no:such'], base);
    expect(badScope.status).toBe(1);
    expect(badScope.stderr).toContain('--scope');
    const simulate = run(['simulate', '--devices', '1', '--duration', '1'], base);
    expect(simulate.stderr).toContain('no devices to simulate'); // it asked the server, not the busy directory

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'anlan.pid'))).toBe(false);

    // Restore into a new place and find the bootstrap admin there.
    const target = databaseUrl ? await freshDatabaseUrl() : undefined;
    const restoredDir = path.join(tmp, 'restored');
    const restore = run(['restore', file], { ANLAN_DATA_DIR: restoredDir, DATABASE_URL: target });
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    const again = await serve({ ANLAN_DATA_DIR: restoredDir, DATABASE_URL: target });
    const login = await fetch(`${again.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Bootstrap-Passw0rd!' }),
    });
    expect(login.status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 300_000);
});

// Backups. PostgreSQL: plain SQL from pg_dump (restore with psql). PGlite: an archive of the data
// directory (PGlite's own dumpDataDir, a gzipped tar), restored with loadDataDir.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir, pgliteDir } from '../../db/connection.ts';
import type { Runtime } from '../../runtime.ts';

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');

export async function backupToBuffer(runtime: Runtime): Promise<{ data: Buffer; filename: string }> {
  const { database, deps } = runtime;
  if (database.pglite) {
    const blob = await database.pglite.dumpDataDir('gzip');
    return { data: Buffer.from(await blob.arrayBuffer()), filename: `anlan-pglite-${stamp()}.tar.gz` };
  }
  const url = deps.config.databaseUrl as string;
  return { data: await pgDump(url), filename: `anlan-${stamp()}.sql` };
}

function run(cmd: string, args: string[], input?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (d) => out.push(d));
    child.stderr?.on('data', (d) => err.push(d));
    child.on('error', (e) => reject(new Error(`${cmd} could not start (${e.message}); install the PostgreSQL client tools`)));
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`${cmd} failed: ${Buffer.concat(err).toString().trim()}`))));
    if (input) child.stdin?.end(input);
  });
}

export const pgDump = (url: string) => run('pg_dump', ['--no-owner', '--no-privileges', '--format=plain', url]);

/** Restore a .sql dump into an empty PostgreSQL database, all or nothing. */
export async function restoreSql(url: string, file: string): Promise<void> {
  await run('psql', ['--single-transaction', '-v', 'ON_ERROR_STOP=1', '--quiet', '-d', url, '-f', file]);
}

/** Replace the PGlite data directory with an archive. The old directory is kept beside it. */
export async function restorePglite(dataDir: string, file: string): Promise<string> {
  const unlock = lockDataDir(dataDir);
  try {
    const target = pgliteDir(dataDir);
    let kept = '';
    if (fs.existsSync(target)) {
      kept = `${target}.before-restore-${stamp()}`;
      fs.renameSync(target, kept);
    }
    try {
      const blob = new Blob([fs.readFileSync(file)]);
      const pg = await PGlite.create({ dataDir: target, loadDataDir: blob });
      await pg.query('select 1');
      await pg.close();
    } catch (e) {
      fs.rmSync(target, { recursive: true, force: true });
      if (kept) fs.renameSync(kept, target);
      throw e;
    }
    return kept;
  } finally {
    unlock();
  }
}

export function writeBackup(data: Buffer, filename: string, out?: string): string {
  const dest = out ? path.resolve(out) : path.resolve(filename);
  fs.writeFileSync(dest, data, { mode: 0o600 });
  return dest;
}

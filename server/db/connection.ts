// One driver path for both databases: node-postgres Pool + Kysely's PostgresDialect. For the embedded
// default the pool talks to PGlite through createPgConfig (a pool of exactly one connection).
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// bigint (count(*), identity columns) as JS numbers: our counts and ids stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// numeric stays a string (exact decimals); date (1082) stays a plain 'YYYY-MM-DD' string.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The embedded engine, for data-directory backup; undefined on PostgreSQL. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${pid} (a running Anlan server). ` +
        'PGlite allows one process per data directory: stop that server, or run the command against it.',
    );
    this.name = 'DataDirBusyError';
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the data-directory lock (a pid file); refuse if another live process holds it. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'anlan.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
      if (pid && pid !== process.pid && pidAlive(pid)) throw new DataDirBusyError(dataDir, pid);
      fs.unlinkSync(lockFile); // stale lock from a crashed process
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

export function pgliteDir(dataDir: string) {
  return path.join(dataDir, 'pg');
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** Open an in-memory PGlite (optionally from a dumped data directory); used by tests. */
  memory?: { loadDataDir?: Blob };
  poolSize?: number;
  /** PGlite only: shared_buffers in MB (default 32). */
  sharedBuffersMb?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle connection can be cut by the server (restart, failover, pg_terminate_backend). Without a
    // listener node-postgres rethrows that as an uncaught exception and the process dies; with one, the
    // pool drops the client and the next query opens a new connection.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  let unlock = () => {};
  let pglite: PGlite;
  const base = { extensions: { pg_trgm }, postgresqlconf: `shared_buffers = ${opts.sharedBuffersMb ?? 32}MB` };
  if (opts.memory) {
    pglite = await PGlite.create({ ...base, loadDataDir: opts.memory.loadDataDir });
  } else {
    if (!opts.dataDir) throw new Error('openDatabase: dataDir or databaseUrl is required');
    unlock = lockDataDir(opts.dataDir);
    try {
      pglite = await PGlite.create({ ...base, dataDir: pgliteDir(opts.dataDir) });
    } catch (e) {
      unlock();
      throw e;
    }
  }
  const pool = new pg.Pool(createPgConfig(pglite));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
      unlock();
    },
  };
}

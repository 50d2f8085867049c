// What the benchmarks share besides the report: a scratch PostgreSQL database per run (the tests' helper), and the
// runtime a run times, on that database or on PGlite in a scratch data directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config.ts';
import type { Clock } from '../server/platform/clock.ts';
import { createRuntime, type Runtime } from '../server/runtime.ts';
import { createDatabase, type ScratchDatabase } from '../server/test/databases.ts';

/** The server the --pg runs use: DATABASE_URL, or the local one. */
export const PG_BASE = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** An empty database `<prefix>_<pid>_<random>` next to PG_BASE; `drop()` removes it. Migrations run when the runtime opens it. */
export const scratchDatabase = (prefix: string): Promise<ScratchDatabase> => createDatabase(PG_BASE, { prefix });

export interface BenchRuntime {
  rt: Runtime;
  /** The PostgreSQL database timed (undefined on PGlite). */
  databaseUrl?: string;
  /** Close the runtime; drop the scratch database (unless `keep`: its URL is printed) and the data directory. */
  close(): Promise<void>;
}

/**
 * The runtime a benchmark times: on a new scratch PostgreSQL database `<prefix>_…` with `pg`, on `reuse` (an already
 * seeded database, never dropped) if given, else on PGlite in a scratch data directory. Second factor optional.
 */
export async function benchRuntime(
  prefix: string,
  o: { pg: boolean; keep?: boolean; reuse?: string; clock?: Clock /** PostgreSQL connections (the runtime's default else). */; poolSize?: number },
): Promise<BenchRuntime> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replaceAll('_', '-')}-`));
  const scratch = !o.reuse && o.pg ? await scratchDatabase(prefix) : undefined;
  const databaseUrl = o.reuse ?? scratch?.url;
  const config = { ...loadConfig({ ANLAN_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ANLAN_MFA: 'optional' }), databaseUrl };
  const rt = await createRuntime(config, { open: databaseUrl ? { databaseUrl, poolSize: o.poolSize } : { dataDir }, ...(o.clock ? { clock: o.clock } : {}) });
  return {
    rt,
    databaseUrl,
    close: async () => {
      await rt.close();
      if (scratch && o.keep) console.log(`kept database: ${databaseUrl}`);
      else await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// What the benchmarks share besides the report: a scratch PostgreSQL database per run (the tests' helper).
import { createDatabase, type ScratchDatabase } from '../server/test/databases.ts';

/** The server the --pg runs use: DATABASE_URL, or the local one. */
export const PG_BASE = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** An empty database `<prefix>_<pid>_<random>` next to PG_BASE; `drop()` removes it. Migrations run when the runtime opens it. */
export const scratchDatabase = (prefix: string): Promise<ScratchDatabase> => createDatabase(PG_BASE, { prefix });

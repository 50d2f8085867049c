// Forward-only migrations: plain SQL files named NNNN_name.sql, applied in name order, each in its own
// transaction together with its row in schema_migrations — a failing file leaves the database as it was.
// Never edit an applied file: its checksum is stored and a changed file stops start-up.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './connection.ts';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`Migration ${migration} failed: ${(cause as Error)?.message ?? cause}`);
    this.name = 'MigrationError';
  }
}

let cached: MigrationFile[] | undefined;

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  if (dir === MIGRATIONS_DIR && cached) return cached;
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
  if (dir === MIGRATIONS_DIR) cached = files;
  return files;
}

async function ensureTable(db: Db) {
  await sql`create table if not exists schema_migrations (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(db);
}

/** Apply every pending migration. Returns the names applied. Safe to run concurrently on PostgreSQL. */
export async function migrate(db: Db, files = readMigrations()): Promise<string[]> {
  await ensureTable(db);
  const applied: string[] = [];
  for (const file of files) {
    const done = await db.transaction().execute(async (trx) => {
      // Serialise concurrent starters (several API processes) on one lock; a no-op cost on PGlite.
      await sql`select pg_advisory_xact_lock(727274)`.execute(trx);
      const row = await sql<{ checksum: string }>`select checksum from schema_migrations where name = ${file.name}`.execute(trx);
      if (row.rows[0]) {
        if (row.rows[0].checksum !== file.checksum) {
          throw new MigrationError(file.name, new Error('the file was changed after it was applied; add a new migration instead'));
        }
        return false;
      }
      try {
        await sql.raw(file.sql).execute(trx);
      } catch (e) {
        throw new MigrationError(file.name, e);
      }
      await sql`insert into schema_migrations (name, checksum) values (${file.name}, ${file.checksum})`.execute(trx);
      return true;
    });
    if (done) applied.push(file.name);
  }
  return applied;
}

/** Names of migrations not yet applied (empty when the database is current). */
export async function pendingMigrations(db: Db, files = readMigrations()): Promise<string[]> {
  const exists = await sql<{ t: string | null }>`select to_regclass('schema_migrations')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return files.map((f) => f.name);
  const rows = await sql<{ name: string }>`select name from schema_migrations`.execute(db);
  const done = new Set(rows.rows.map((r) => r.name));
  return files.filter((f) => !done.has(f.name)).map((f) => f.name);
}

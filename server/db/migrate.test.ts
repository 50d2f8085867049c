import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { testRuntime, type TestRuntime } from '../test/helpers.ts';
import { migrate, MigrationError, pendingMigrations, readMigrations } from './migrate.ts';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

describe('migrations', () => {
  it('are all applied and idempotent', async () => {
    rt = await testRuntime();
    expect(await pendingMigrations(rt.deps.db)).toEqual([]);
    expect(await migrate(rt.deps.db)).toEqual([]);
    const rows = await rt.deps.db.selectFrom('schema_migrations').select('name').orderBy('name').execute();
    expect(rows.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
  });

  it('a failing migration leaves the database as it was', async () => {
    rt = await testRuntime();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-'));
    fs.writeFileSync(path.join(dir, '9001_ok.sql'), 'create table mig_ok (id int);');
    fs.writeFileSync(path.join(dir, '9002_bad.sql'), 'create table mig_half (id int);\ninsert into nowhere values (1);');
    const files = readMigrations(dir);
    await expect(migrate(rt.deps.db, files)).rejects.toBeInstanceOf(MigrationError);
    const half = await sql<{ t: string | null }>`select to_regclass('mig_half')::text as t`.execute(rt.deps.db);
    expect(half.rows[0].t).toBeNull();
    const ok = await sql<{ t: string | null }>`select to_regclass('mig_ok')::text as t`.execute(rt.deps.db);
    expect(ok.rows[0].t).toBe('mig_ok');
    expect(await pendingMigrations(rt.deps.db, files)).toEqual(['9002_bad.sql']);
  });

  it('refuses an applied migration whose file changed', async () => {
    rt = await testRuntime();
    const [first] = readMigrations();
    await expect(migrate(rt.deps.db, [{ ...first, checksum: 'edited' }])).rejects.toThrow(/changed after it was applied/);
  });
});

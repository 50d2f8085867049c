import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { testRuntime, type TestRuntime } from '../test/helpers.ts';
import { createDatabase } from '../test/databases.ts';
import { readHistory } from '../platform/history.ts';
import { openDatabase } from './connection.ts';
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

// 0005 + 0106/0204/0301: the three hand-written history tables move into the one platform history. A database
// migrated before them (with rows in the old tables) is migrated on: every row lands, in order, nothing lost.
describe('the platform history migration', () => {
  const NEW = ['0005_history.sql', '0106_registry_history_to_platform.sql', '0204_hazard_events_to_history.sql', '0301_alarm_events_to_history.sql'];

  it('copies registry_history, hazard_events and monitoring_alarm_events into history and drops them', { timeout: 120_000 }, async () => {
    const url = process.env.DATABASE_URL;
    const scratch = url ? await createDatabase(url) : undefined;
    const opened = await openDatabase(scratch ? { databaseUrl: scratch.url, poolSize: 2 } : { memory: {} });
    const db = opened.db;
    try {
      const all = readMigrations();
      expect(all.map((f) => f.name)).toEqual(expect.arrayContaining(NEW));
      await migrate(
        db,
        all.filter((f) => !NEW.includes(f.name)),
      );
      await sql`insert into org_units (code, kind, name, path) values ('330203', 'district', '海曙区', '330203')`.execute(db);
      const ent = '01890000-0000-7000-8000-00000000e001';
      const user = '01890000-0000-7000-8000-0000000000a1';
      // Two versions and a tenancy key.
      await sql`insert into registry_history (entity_type, entity_id, version, action, changed, before, after, at, by_user, by_name) values
        ('enterprise', ${ent}, 1, 'create', '{}', null, '{"headcount": 45}', '2026-03-01T00:00:00Z', ${user}, '张三'),
        ('enterprise', ${ent}, 2, 'update', '{headcount}', '{"headcount": 45}', '{"headcount": 60}', '2026-03-02T00:00:00Z', ${user}, '张三'),
        ('tenant', 'p1:e1', 1, 'import', '{}', null, '{"agreementSigned": true}', '2026-03-01T00:00:00Z', null, null)`.execute(db);
      const hazard = '01890000-0000-7000-8000-00000000a001';
      await sql`insert into hazards (id, code, jurisdiction_code, town_code, title, description, source, sector, finder_name, found_at, state)
        values (${hazard}, 'YH-1', '330203', '330203', '隐患', '描述', 'inspection', 'other', '李四', now(), 'graded')`.execute(db);
      await sql`insert into hazard_events (hazard_id, action, from_state, to_state, actor_id, actor_name, note, data, at) values
        (${hazard}, 'create', null, 'reported', ${user}, '李四', null, '{"source": "inspection"}', '2026-03-01T12:00:00Z'),
        (${hazard}, 'grade', 'reported', 'graded', ${user}, '李四', '一般', null, '2026-03-01T00:00:00Z')`.execute(db); // dated out of step, as the demo seed does
      const device = 'HS-SMK-0001';
      const rule = '01890000-0000-7000-8000-00000000b001';
      const alarm = '01890000-0000-7000-8000-00000000c001';
      await sql`insert into monitoring_devices (id, name, type, owner_kind, jurisdiction_code) values (${device}, '烟感', 'smoke', 'place', '330203')`.execute(
        db,
      );
      await sql`insert into monitoring_rules (id, name, device_type, metric, kind, op, threshold, severity) values (${rule}, '烟雾', 'smoke', 'smoke', 'threshold', 'gt', 0.5, 'high')`.execute(
        db,
      );
      await sql`insert into monitoring_alarms (id, device_id, rule_id, jurisdiction_code, severity, metric, message, raised_at, last_at)
        values (${alarm}, ${device}, ${rule}, '330203', 'high', 'smoke', '烟雾超限', now(), now())`.execute(db);
      await sql`insert into monitoring_alarm_events (alarm_id, at, action, actor_id, actor_name, detail) values
        (${alarm}, '2026-03-01T00:00:00Z', 'raised', null, '系统', '{"value": 0.7}'),
        (${alarm}, '2026-03-01T00:05:00Z', 'triage', ${user}, '王五', null)`.execute(db);

      expect(await migrate(db)).toEqual(NEW);

      const rows = await sql<Record<string, unknown>>`select aggregate, aggregate_id, action, from_state, to_state, actor_id, actor_name, note, data
        from history order by aggregate, aggregate_id, id`.execute(db);
      expect(rows.rows).toEqual([
        {
          aggregate: 'enterprise',
          aggregate_id: ent,
          action: 'create',
          from_state: null,
          to_state: null,
          actor_id: user,
          actor_name: '张三',
          note: null,
          data: { version: 1, changed: [], before: null, after: { headcount: 45 } },
        },
        {
          aggregate: 'enterprise',
          aggregate_id: ent,
          action: 'update',
          from_state: null,
          to_state: null,
          actor_id: user,
          actor_name: '张三',
          note: null,
          data: { version: 2, changed: ['headcount'], before: { headcount: 45 }, after: { headcount: 60 } },
        },
        {
          aggregate: 'hazard',
          aggregate_id: hazard,
          action: 'create',
          from_state: null,
          to_state: 'reported',
          actor_id: user,
          actor_name: '李四',
          note: null,
          data: { source: 'inspection' },
        },
        {
          aggregate: 'hazard',
          aggregate_id: hazard,
          action: 'grade',
          from_state: 'reported',
          to_state: 'graded',
          actor_id: user,
          actor_name: '李四',
          note: '一般',
          data: null,
        },
        {
          aggregate: 'monitoring.alarm',
          aggregate_id: alarm,
          action: 'raised',
          from_state: null,
          to_state: null,
          actor_id: null,
          actor_name: '系统',
          note: null,
          data: { value: 0.7 },
        },
        {
          aggregate: 'monitoring.alarm',
          aggregate_id: alarm,
          action: 'triage',
          from_state: null,
          to_state: null,
          actor_id: user,
          actor_name: '王五',
          note: null,
          data: null,
        },
        {
          aggregate: 'tenant',
          aggregate_id: 'p1:e1',
          action: 'import',
          from_state: null,
          to_state: null,
          actor_id: null,
          actor_name: null,
          note: null,
          data: { version: 1, changed: [], before: null, after: { agreementSigned: true } },
        },
      ]);
      // The timeline reads in the order the steps were recorded, not by their (seeded, out-of-step) times.
      expect((await readHistory(db, 'hazard', hazard)).map((h) => h.action)).toEqual(['create', 'grade']);
      const left = await sql<{ t: string }>`select t from unnest(array[to_regclass('registry_history')::text, to_regclass('hazard_events')::text,
        to_regclass('monitoring_alarm_events')::text, to_regclass('history')::text]) as t where t is not null`.execute(db);
      expect(left.rows.map((r) => r.t)).toEqual(['history']);
      expect(await pendingMigrations(db)).toEqual([]);
    } finally {
      await opened.close();
      await scratch?.drop();
    }
  });
});

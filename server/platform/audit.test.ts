import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { auditRows, makeUser, pendingRunAt, signIn, type TestApp, testApp } from '../test/helpers.ts';
import { verifyAudit, writeAudit } from './audit.ts';
import { scheduleRecurring } from './jobs/platform-jobs.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  // A few real rows: user creation, sign-ins.
  for (let i = 0; i < 3; i++) await signIn(t.app, (await makeUser(t, { roles: ['enterprise_user'] })).username);
});
afterAll(() => t.dispose());

const entry = (action: string, at = t.clock.now()) => ({ at, actor: null, action, resourceType: 'test', resourceId: action, after: { v: action } });

describe('tamper evidence', () => {
  it('verify passes on an intact chain and reports the id of a row edited in the database', async () => {
    expect(await verifyAudit(t.deps.db)).toMatchObject({ ok: true });
    const rows = await t.deps.db.selectFrom('audit_log').select('id').orderBy('id').execute();
    const victim = rows[Math.floor(rows.length / 2)].id;
    // The trigger refuses UPDATE; a superuser can switch it off, as an attacker with database access would.
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(t.deps.db);
    try {
      await sql`update audit_log set username = 'someone-else' where id = ${victim}`.execute(t.deps.db);
    } finally {
      await sql`alter table audit_log enable trigger audit_log_append_only`.execute(t.deps.db);
    }
    const result = await verifyAudit(t.deps.db);
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toBe(victim);
    expect(result.reason).toMatch(/edited/);
  });

  it('the trigger refuses UPDATE, DELETE and TRUNCATE on the audit table', async () => {
    const anyId = (await t.deps.db.selectFrom('audit_log').select('id').limit(1).executeTakeFirstOrThrow()).id;
    await expect(sql`update audit_log set action = 'x' where id = ${anyId}`.execute(t.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = ${anyId}`.execute(t.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.deps.db)).rejects.toThrow(/append-only/);
    // Nor may a purge setting delete rows newer than its own cutoff.
    await expect(
      t.deps.db.transaction().execute(async (trx) => {
        await sql`select set_config('anlan.audit_purge_before', '2000-01-01T00:00:00Z', true)`.execute(trx);
        await trx.deleteFrom('audit_log').where('id', '=', anyId).execute();
      }),
    ).rejects.toThrow(/append-only/);
  });
});

describe('retention', () => {
  it('ANLAN_AUDIT_RETENTION_DAYS is never below 180', () => {
    expect(() => loadConfig({ ANLAN_AUDIT_RETENTION_DAYS: '179' })).toThrow(/ANLAN_AUDIT_RETENTION_DAYS/);
    expect(loadConfig({ ANLAN_AUDIT_RETENTION_DAYS: '180' }).auditRetentionDays).toBe(180);
    expect(loadConfig({}).auditRetentionDays).toBe(365);
  });

  it('the daily job purges rows older than the retention period and nothing newer, and reschedules itself', async () => {
    const r = await testApp({ config: { auditRetentionDays: 180 } });
    try {
      const now = r.clock.now().getTime();
      const day = 86_400_000;
      await r.deps.db.transaction().execute(async (trx) => {
        await writeAudit(trx, { ...entry('old.400'), at: new Date(now - 400 * day) });
        await writeAudit(trx, { ...entry('old.181'), at: new Date(now - 181 * day) });
        await writeAudit(trx, { ...entry('keep.179'), at: new Date(now - 179 * day) });
        await writeAudit(trx, { ...entry('keep.today'), at: new Date(now) });
      });
      await scheduleRecurring(r.deps);
      r.clock.advanceMinutes(2);
      expect(await r.deps.jobs.runDue()).toBe(1);
      const left = (await auditRows(r.deps.db, { resource_type: 'test' })).map((x) => x.action);
      expect(left).toEqual(['keep.179', 'keep.today']);
      // What remains still verifies (the chain starts at the oldest kept row).
      expect(await verifyAudit(r.deps.db)).toMatchObject({ ok: true });
      const next = await pendingRunAt(r.deps.db, { kind: 'platform.daily' });
      expect(next?.getTime()).toBeGreaterThan(r.clock.now().getTime() + day - 60_000);
    } finally {
      await r.dispose();
    }
  });
});

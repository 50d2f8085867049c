// Deadline jobs with the fake clock: reminder, overdue mark, escalation, extension rescheduling, and a
// deadline that survives a restart. Service-level (moving the clock by days would expire HTTP sessions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../platform/auth/auth.service.ts';
import { FakeClock } from '../../platform/clock.ts';
import { type Ctx, systemCtx } from '../../platform/context.ts';
import { auditRows, makeUser, restartableRuntime, type TestRuntime, testRuntime } from '../../test/helpers.ts';
import { listNotifications } from './hazards.dashboard.ts';
import { otherCtx } from './hazards.fixtures.ts';
import { createHazard } from './hazards.create.ts';
import { getHazard } from './hazards.reads.ts';
import * as svc from './hazards.service.ts';

const TOWN_A = '330203009';
const TOWN_B = '330203100';
const DAY = 86_400_000;

let t: TestRuntime;
let a: Ctx;
let a2: Ctx;
let b: Ctx;
let district: Ctx;

async function ctxOfUser(rt: TestRuntime, roles: string[], unit: string): Promise<Ctx> {
  const u = await makeUser(rt, { roles, unit });
  const actor = await loadActor(rt.deps, u.id, 'token');
  if (!actor) throw new Error('no actor');
  return { actor, ip: '127.0.0.1', requestId: 'test', deps: rt.deps, db: rt.deps.db };
}

beforeAll(async () => {
  t = await testRuntime();
  a = await ctxOfUser(t, ['town_staff'], TOWN_A);
  a2 = await ctxOfUser(t, ['town_staff'], TOWN_A);
  b = await ctxOfUser(t, ['town_staff'], TOWN_B);
  district = await ctxOfUser(t, ['bureau_staff'], '330203');
});
afterAll(() => t?.dispose());

const inFuture = (clock: FakeClock, days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();
const plan = (clock: FakeClock, days = 10) => ({
  measures: '更换破损管道',
  fundsFen: 500_000,
  deadline: inFuture(clock, days),
  responsiblePerson: '王芳',
  interimMeasures: '关闭阀门，设置警戒',
});

async function planned(ctx: Ctx, clock: FakeClock, days = 10) {
  const h = await createHazard(ctx, {
    jurisdictionCode: TOWN_A,
    location: '石碶街道',
    title: '燃气管道腐蚀',
    description: '食堂燃气管道腐蚀',
    source: 'inspection',
  });
  await svc.gradeHazard(ctx, h.id, { level: 'general' });
  await svc.submitPlan(ctx, h.id, plan(clock, days));
  return h;
}

const notes = (id: string) =>
  t.deps.db.selectFrom('hazard_notifications').select(['kind', 'target_unit_code']).where('hazard_id', '=', id).orderBy('created_at').orderBy('id').execute();

describe('deadline jobs', () => {
  it('reminds 3 days before, marks overdue at the deadline (town station), escalates to the district after 7 days', async () => {
    const h = await planned(a, t.clock);
    t.clock.advanceDays(6);
    await t.deps.jobs.runDue();
    expect(await notes(h.id)).toEqual([]);
    t.clock.advanceDays(1.01);
    await t.deps.jobs.runDue();
    expect(await notes(h.id)).toEqual([{ kind: 'reminder', target_unit_code: TOWN_A }]);
    t.clock.advanceDays(3);
    await t.deps.jobs.runDue();
    expect((await getHazard(a, h.id)).hazard).toMatchObject({ overdue: true, escalationLevel: 1, state: 'rectifying' });
    expect((await notes(h.id)).map((n) => n.kind)).toEqual(['reminder', 'overdue']);
    t.clock.advanceDays(6);
    await t.deps.jobs.runDue();
    expect((await notes(h.id)).map((n) => n.kind)).toEqual(['reminder', 'overdue']);
    t.clock.advanceDays(1);
    await t.deps.jobs.runDue();
    expect((await notes(h.id)).at(-1)).toEqual({ kind: 'escalation_district', target_unit_code: '330203' });
    expect((await getHazard(a, h.id)).hazard.escalationLevel).toBe(2);
    // Inboxes: the district sees the escalation, the town its own notices, another town nothing.
    expect((await listNotifications(district, { limit: 200 })).some((n) => n.hazardId === h.id && n.kind === 'escalation_district')).toBe(true);
    expect((await listNotifications(a, { limit: 200 })).some((n) => n.hazardId === h.id && n.kind === 'overdue')).toBe(true);
    expect((await listNotifications(b, { limit: 200 })).some((n) => n.hazardId === h.id)).toBe(false);
    const audits = await auditRows(t.deps.db, { resource_id: h.id });
    expect(audits.map((x) => x.action)).toEqual(['hazard.create', 'hazard.grade', 'hazard.plan', 'hazard.overdue', 'hazard.escalate']);
  });

  it('an approved extension moves the deadline and reschedules the jobs; a denied one does not', async () => {
    const h = await planned(a, t.clock);
    await expect(svc.requestExtension(a, h.id, { newDeadline: inFuture(t.clock, 5), reason: '配件未到货' })).rejects.toMatchObject({ status: 400 });
    await expect(svc.requestExtension(b, h.id, { newDeadline: inFuture(t.clock, 30), reason: '配件未到货' })).rejects.toMatchObject({ status: 404 });
    const ext = await svc.requestExtension(a, h.id, { newDeadline: inFuture(t.clock, 30), reason: '配件未到货' });
    await expect(svc.requestExtension(a, h.id, { newDeadline: inFuture(t.clock, 40), reason: '再次' })).rejects.toMatchObject({ code: 'EXTENSION_PENDING' });
    expect((await svc.decideExtension(a2, ext.id, { approve: true, note: '同意' })).status).toBe('approved');
    await expect(svc.decideExtension(a2, ext.id, { approve: false })).rejects.toMatchObject({ code: 'EXTENSION_DECIDED' });
    t.clock.advanceDays(11);
    await t.deps.jobs.runDue();
    expect((await getHazard(a, h.id)).hazard.overdue).toBe(false);
    t.clock.advanceDays(20);
    await t.deps.jobs.runDue();
    const d = await getHazard(a, h.id);
    expect(d.hazard.overdue).toBe(true);
    expect(d.extensions).toEqual([expect.objectContaining({ status: 'approved', reason: '配件未到货', decidedByName: a2.actor.displayName })]);

    const h2 = await planned(a, t.clock);
    const e2 = await svc.requestExtension(a, h2.id, { newDeadline: inFuture(t.clock, 30), reason: '资金未到位' });
    await svc.decideExtension(a2, e2.id, { approve: false, note: '不同意' });
    t.clock.advanceDays(10.01);
    await t.deps.jobs.runDue();
    expect((await getHazard(a, h2.id)).hazard.overdue).toBe(true);
  });

  it('accepting before the deadline cancels the jobs; nothing fires later', async () => {
    const h = await planned(a, t.clock);
    await svc.requestAcceptance(a, h.id, { note: '完成' });
    await svc.verifyHazard(a2, h.id, {});
    const live = await t.deps.db.selectFrom('jobs').select('kind').where('dedup_key', 'like', `hazard:${h.id}:%`).where('status', '=', 'pending').execute();
    expect(live).toEqual([]);
    t.clock.advanceDays(30);
    await t.deps.jobs.runDue();
    expect(await notes(h.id)).toEqual([]);
  });
});

describe('across a restart', () => {
  it('a deadline scheduled before the process stops marks the hazard overdue after it restarts', async () => {
    const clock = new FakeClock();
    const rt = await restartableRuntime({ clock });
    const first = rt.current;
    const sys = systemCtx(first.deps);
    const h = await planned(sys, clock, 5);

    clock.advanceDays(5.01);
    const second = await rt.restart();
    try {
      expect(await second.deps.jobs.runDue()).toBeGreaterThanOrEqual(2); // reminder (past due) and overdue
      const row = await second.deps.db.selectFrom('hazards').select(['overdue', 'escalation_level']).where('id', '=', h.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ overdue: true, escalation_level: 1 });
      expect(await second.deps.jobs.runDue()).toBe(0);
      // Acceptor ≠ rectifier holds for the system too.
      await svc.requestAcceptance(systemCtx(second.deps), h.id, { note: '完成' });
      await expect(svc.verifyHazard(systemCtx(second.deps), h.id, {})).rejects.toMatchObject({ code: 'ACCEPTOR_IS_RECTIFIER' });
      expect((await svc.verifyHazard(otherCtx(second.deps), h.id, {})).state).toBe('verified');
    } finally {
      await rt.dispose();
    }
  }, 90_000); // two runtimes over one data directory: slow on a loaded machine
});

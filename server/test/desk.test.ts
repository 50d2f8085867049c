// The work desk answers each person what is theirs: a town's station its own town's hazards, the duty officer
// the alarms most severe first, an approver the warnings to approve, an auditor nothing of the modules.
import { describe, expect, it } from 'vitest';
import type { Desk } from '../../shared/desk.dto.ts';
import * as make from './factories.ts';
import { TOWN_A, TOWN_B } from './factories.ts';
import { fileSessions, fileTestApp, type Session } from './helpers.ts';

const t = fileTestApp({ timeout: 120_000 });
const { townA, duty, leader, auditor } = fileSessions(t, {
  townA: { roles: ['town_staff'], unit: TOWN_A },
  duty: { roles: ['duty_officer'] },
  leader: { roles: ['duty_leader'] },
  auditor: { roles: ['auditor'] },
});

const desk = async (s: Session) => {
  const res = await t.app.inject({ url: '/api/desk', headers: s.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Desk;
};
const count = (d: Desk, key: string) => d.todos.find((x) => x.key === key)?.count ?? 0;
const days = (n: number) => new Date(t.clock.now().getTime() + n * 86_400_000);

describe('work desk', () => {
  it('counts the hazards waiting on a town station in its own town only, and lists this week’s deadlines', async () => {
    const before = await desk(townA);
    await make.hazard(t.deps, TOWN_A);
    await make.hazard(t.deps, TOWN_A);
    await make.hazard(t.deps, TOWN_B); // another town's: not mine to grade
    const soon = await make.hazard(t.deps, TOWN_A, { title: '三天后到期' });
    const later = await make.hazard(t.deps, TOWN_A, { title: '一个月后到期' });
    await t.deps.db
      .updateTable('hazards')
      .set({ state: 'rectifying', deadline: days(3), level: 'general' })
      .where('id', '=', soon)
      .execute();
    await t.deps.db
      .updateTable('hazards')
      .set({ state: 'rectifying', deadline: days(30), level: 'general' })
      .where('id', '=', later)
      .execute();

    const d = await desk(townA);
    expect(count(d, 'hazards.grade') - count(before, 'hazards.grade')).toBe(2);
    const grade = d.todos.find((x) => x.key === 'hazards.grade');
    expect(grade).toMatchObject({ label: { zh: '待定级隐患' }, href: '/hazards?state=reported', tone: 'warning' });
    const titles = d.deadlines.map((x) => x.title);
    expect(titles.some((x) => x.endsWith('三天后到期'))).toBe(true);
    expect(titles.some((x) => x.endsWith('一个月后到期'))).toBe(false);
    expect(d.deadlines.find((x) => x.title.endsWith('三天后到期'))).toMatchObject({ place: '石碶街道', overdue: false, module: 'hazards' });
    // A town station does not watch the district's warnings board as an approver.
    expect(d.todos.find((x) => x.key === 'warnings.approve')).toBeUndefined();
  });

  it('shows the duty officer open alarms by level, most severe first, and severe alarms to triage first', async () => {
    for (let i = 0; i < 5; i++) await make.alarm(t.deps, TOWN_A, { severity: 'low' });
    await make.alarm(t.deps, TOWN_B, { severity: 'critical' });
    await make.alarm(t.deps, TOWN_A, { severity: 'high', status: 'triaged' });
    const d = await desk(duty);
    expect(d.alarms?.map((a) => a.severity)).toEqual(['critical', 'high', 'medium', 'low']);
    const by = Object.fromEntries((d.alarms ?? []).map((a) => [a.severity, a]));
    expect(by.critical.open).toBeGreaterThanOrEqual(1);
    expect(by.low.raised).toBeGreaterThanOrEqual(5);
    expect(by.high.open - by.high.raised).toBeGreaterThanOrEqual(1); // the triaged one is open but not waiting
    expect(d.todos[0]).toMatchObject({ key: 'monitoring.triage-severe', tone: 'danger' });
    expect(count(d, 'monitoring.triage-severe')).toBe(by.critical.raised + by.high.raised);
  });

  it('gives an approver the warnings to approve and the warnings in force with their ack progress', async () => {
    await make.warning(t.deps, TOWN_A, { status: 'pending_approval' });
    const inForce = await make.warning(t.deps, TOWN_A, { status: 'released', headline: '暴雨蓝色预警', level: 'blue', released_at: t.clock.now() });
    const d = await desk(leader);
    expect(count(d, 'warnings.approve')).toBeGreaterThanOrEqual(1);
    const w = d.warnings?.find((x) => x.id === inForce);
    expect(w).toMatchObject({ headline: '暴雨蓝色预警', levelLabel: { zh: '蓝色预警' }, recipients: 0, acknowledged: 0, overdue: 0 });
  });

  it('an auditor has no module work: no to-dos, no alarm or warning panels', async () => {
    const d = await desk(auditor);
    expect(d).toEqual({ todos: [], deadlines: [], alarms: null, warnings: null });
  });

  it('needs a signed-in caller', async () => {
    expect((await t.app.inject({ url: '/api/desk' })).statusCode).toBe(401);
  });
});

// 一企一档 across modules: an enterprise's hazards, devices and alarms in one answer, each module counting only
// its own records in the caller's scope; an enterprise out of scope is a 404 before any module is asked.
import { describe, expect, it } from 'vitest';
import type { Related } from '../../shared/related.dto.ts';
import * as make from './factories.ts';
import { TOWN_A, TOWN_B } from './factories.ts';
import { fileSessions, fileTestApp, type Session } from './helpers.ts';

const t = fileTestApp({ timeout: 120_000 });
const { townA, townB, auditor } = fileSessions(t, {
  townA: { roles: ['town_staff'], unit: TOWN_A },
  townB: { roles: ['town_staff'], unit: TOWN_B },
  auditor: { roles: ['auditor'] },
});

const related = (s: Session, id: string) => t.app.inject({ url: `/api/related/enterprises/${id}`, headers: s.headers });

describe('an enterprise across modules', () => {
  it('gathers its hazards and its devices and alarms, with counts that link to the filtered lists', async () => {
    const ent = await make.enterprise(t.deps.db, TOWN_A, { name: '宁波星光模具有限公司' });
    const other = await make.enterprise(t.deps.db, TOWN_A);
    await make.hazard(t.deps, TOWN_A, { enterpriseId: ent, title: '配电箱未接地' });
    const late = await make.hazard(t.deps, TOWN_A, { enterpriseId: ent, title: '消防通道堵塞' });
    const clause = await t.deps.db.selectFrom('hazard_clauses').select('id').limit(1).executeTakeFirstOrThrow(); // a major hazard cites one
    await t.deps.db
      .updateTable('hazards')
      .set({ state: 'rectifying', level: 'major', clause_id: clause.id, overdue: true, overdue_since: t.clock.now() })
      .where('id', '=', late)
      .execute();
    await make.hazard(t.deps, TOWN_A, { enterpriseId: other }); // another enterprise's: not counted
    const device = await make.device(t.deps.db, TOWN_A, { enterprise_id: ent, online: true });
    await make.device(t.deps.db, TOWN_A, { enterprise_id: ent, online: false });
    await make.alarm(t.deps, TOWN_A, { device_id: device, enterprise_id: ent, severity: 'critical' });
    await make.alarm(t.deps, TOWN_A, { device_id: device, enterprise_id: ent, status: 'closed' });

    const res = await related(townA, ent);
    expect(res.statusCode, res.body).toBe(200);
    const { sections } = res.json() as Related;
    const hz = sections.find((s) => s.key === 'hazards');
    const stat = (s: typeof hz, zh: string) => s?.stats.find((x) => x.label.zh === zh);
    expect(stat(hz, '未销号')).toMatchObject({ value: 2, href: `/hazards?enterpriseId=${ent}&open=true` });
    expect(stat(hz, '重大隐患')?.value).toBe(1);
    expect(stat(hz, '已超期')).toMatchObject({ value: 1, tone: 'danger' });
    expect(stat(hz, '累计')?.value).toBe(2);
    expect(hz?.items.map((i) => i.title.split(' ').slice(1).join(' ')).sort()).toEqual(['消防通道堵塞', '配电箱未接地']);
    const mon = sections.find((s) => s.key === 'monitoring');
    expect(stat(mon, '监测设备')?.value).toBe(2);
    expect(stat(mon, '离线')?.value).toBe(1);
    expect(stat(mon, '未关闭告警')?.value).toBe(1);
    expect(mon?.items[0]).toMatchObject({ tag: { zh: '特别严重' }, href: expect.stringMatching(/^\/monitoring\/alarms\//) });
  });

  it('is a 404 for an enterprise out of scope, and needs registry:read', async () => {
    const ent = await make.enterprise(t.deps.db, TOWN_A);
    expect((await related(townB, ent)).statusCode).toBe(404);
    expect((await related(townA, '00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await related(auditor, ent)).statusCode).toBe(403);
    expect((await related(townA, 'not-a-uuid')).statusCode).toBe(400);
  });
});

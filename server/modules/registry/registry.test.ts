// Registry: service and HTTP on a real database (PGlite, or PostgreSQL with DATABASE_URL).
import { describe, expect, it } from 'vitest';
import { checkCreditCode, lecGrade } from '../../../shared/registry.ts';
import { systemCtx } from '../../platform/context.ts';
import { readHistory } from '../../platform/history.ts';
import * as make from '../../test/factories.ts';
import { checkScopeProperty } from '../../test/scope-property.ts';
import { auditRows, expectFieldError, fileSessions, fileTestApp, pendingRunAt, rowCount, userSession } from '../../test/helpers.ts';
import { createEnterprise } from './registry.enterprises.ts';
import { createRiskPoint } from './registry.risk.ts';
import type { RegistryVersion } from './registry.tables.ts';

const t = fileTestApp({ timeout: 60_000 });
const { admin, shiqi, gaoqiao } = fileSessions(t, {
  admin: { roles: ['district_admin'] },
  shiqi: { roles: ['town_staff'], unit: '330203009' },
  gaoqiao: { roles: ['town_staff'], unit: '330203100' },
});

const { creditCode } = make;

const enterpriseBody = (o: Record<string, unknown> = {}) => ({
  creditCode: creditCode(),
  name: '宁波市海曙鑫达塑料制品有限公司',
  townCode: '330203009',
  villageCode: '330203009010',
  address: '石碶街道星光路 88 号',
  lon: 121.503,
  lat: 29.8,
  industryCode: '2929',
  categories: ['plastics'],
  headcount: 45,
  principalName: '张伟',
  principalPhone: '17000001234',
  riskGrade: 'yellow',
  ...o,
});

const post = (url: string, payload: object, headers = admin.headers) => t.app.inject({ method: 'POST', url, payload, headers });
const put = (url: string, payload: object, headers = admin.headers) => t.app.inject({ method: 'PUT', url, payload, headers });
const get = (url: string, headers = admin.headers) => t.app.inject({ url, headers });
const audited = (action: string, resourceId: string) => auditRows(t.deps.db, { action, resource_id: resourceId });

describe('credit code (GB 32100)', () => {
  it('accepts a published example and says what is wrong with bad ones', () => {
    expect(checkCreditCode('91350100M000100Y43').ok).toBe(true);
    const wrong = checkCreditCode('91350100M000100Y44');
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.reason).toContain('校验码错误');
    expect(!checkCreditCode('91350100M00010').ok && (checkCreditCode('91350100M00010') as { reason: string }).reason).toContain('18 位');
    const badChar = checkCreditCode('91350100M0001O0Y43');
    expect(!badChar.ok && badChar.reason).toContain('“O”');
  });

  it('LEC bands follow the default thresholds at their edges', () => {
    expect(lecGrade(321)).toBe('red');
    expect(lecGrade(320)).toBe('orange');
    expect(lecGrade(160)).toBe('orange');
    expect(lecGrade(159)).toBe('yellow');
    expect(lecGrade(70)).toBe('yellow');
    expect(lecGrade(69.9)).toBe('blue');
  });
});

describe('enterprises', () => {
  it('creates an enterprise, keeps a history version and an audit row', async () => {
    const res = await post('/api/registry/enterprises', enterpriseBody());
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({
      townCode: '330203009',
      villageCode: '330203009010',
      industryName: '橡胶和塑料制品业',
      version: 1,
      supervisingDeptCode: '330203D01',
    });
    expect(await audited('enterprise.create', e.id)).toHaveLength(1);
    const history = (await get(`/api/registry/enterprises/${e.id}/history`)).json();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, action: 'create', before: null });
  });

  it('rejects an invalid credit code with the reason in Chinese, naming the field, writing nothing', async () => {
    const before = await rowCount(t.deps.db, 'enterprises');
    const res = await post('/api/registry/enterprises', enterpriseBody({ creditCode: '91350100M000100Y44' }));
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.fields[0].field).toBe('body.creditCode');
    expect(err.fields[0].message).toContain('校验码错误');
    expect(await rowCount(t.deps.db, 'enterprises')).toBe(before);
  });

  it('rejects an unknown town, a village of another town, coordinates outside Haishu, a bad phone', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ townCode: '330203999', villageCode: null }, 'body.townCode', '未知的镇'],
      [{ villageCode: '330203100002' }, 'body.villageCode', '不属于'],
      [{ villageCode: '330203100999' }, 'body.villageCode', '未知的村'],
      [{ lon: 121.7, lat: 29.8 }, 'body.lon', '不在海曙区范围内'],
      [{ lon: 121.4, lat: 30.2 }, 'body.lat', '不在海曙区范围内'],
      [{ lon: 121.4, lat: null }, 'body.lat', '同时填写'],
      [{ principalPhone: '12345' }, 'body.principalPhone', '格式不正确'],
      [{ industryCode: '99' }, 'body.industryCode', 'GB/T 4754'],
      [{ categories: ['plastics', 'plastics'] }, 'body.categories', ''],
      [{ unknownField: 1 }, 'body.unknownField', ''],
      [{ name: '' }, 'body.name', ''],
    ];
    for (const [patch, field, text] of cases) {
      const res = await post('/api/registry/enterprises', enterpriseBody(patch));
      expect(res.statusCode, `${JSON.stringify(patch)} → ${res.body}`).toBe(400);
      const f = res.json().error.fields.find((x: { field: string }) => x.field === field);
      expect(f, `${JSON.stringify(patch)} → ${res.body}`).toBeTruthy();
      expect(f.message).toContain(text);
    }
  });

  it('refuses a duplicate credit code with 409 naming the field', async () => {
    const body = enterpriseBody();
    expect((await post('/api/registry/enterprises', body)).statusCode).toBe(201);
    const res = await post('/api/registry/enterprises', { ...body, name: '另一个名字' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.fields[0].field).toBe('body.creditCode');
  });

  it('reads a lower-case credit code as upper-case (GB 32100 has capitals only) and answers with the stored code', async () => {
    const code = creditCode();
    const lower = `  ${code.toLowerCase()} `;
    expect(lower).not.toBe(code);
    const res = await post('/api/registry/enterprises', enterpriseBody({ creditCode: lower }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().creditCode).toBe(code);
    const again = await post('/api/registry/enterprises', enterpriseBody({ creditCode: code.toLowerCase(), name: '另一个名字' }));
    expect(again.statusCode).toBe(409);
    expect((await get(`/api/registry/enterprises?creditCode=${code.toLowerCase()}`)).json().items.map((e: { creditCode: string }) => e.creditCode)).toEqual([
      code,
    ]);
  });

  it('updates with optimistic concurrency and records before/after per version', async () => {
    const e = (await post('/api/registry/enterprises', enterpriseBody())).json();
    const { id, version, createdAt, updatedAt, jurisdictionCode, ...rest } = e;
    const body = { ...rest, villageCode: rest.villageCode, headcount: 60, keyUnit: true, version };
    const res = await put(`/api/registry/enterprises/${id}`, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ headcount: 60, keyUnit: true, version: 2 });
    // Same content again: no new version.
    expect((await put(`/api/registry/enterprises/${id}`, { ...body, version: 2 })).json().version).toBe(2);
    // Stale version: conflict.
    const stale = await put(`/api/registry/enterprises/${id}`, { ...body, headcount: 70, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const history = (await get(`/api/registry/enterprises/${id}/history`)).json();
    expect(history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    expect(history[0].changed.sort()).toEqual(['headcount', 'keyUnit']);
    expect(history[0].before.headcount).toBe(45);
    expect(history[0].after.headcount).toBe(60);
    expect(await audited('enterprise.update', id)).toHaveLength(1);
  });

  it('sets a three-year dishonesty listing by default and filters on it', async () => {
    const e = (await post('/api/registry/enterprises', enterpriseBody({ name: '海曙失信测试企业', dishonestFrom: '2025-06-01' }))).json();
    expect(e.dishonestUntil).toBe('2028-06-01');
    t.clock.set(new Date('2026-01-01T00:00:00Z'));
    const list = (await get('/api/registry/enterprises?dishonest=true&pageSize=200')).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(e.id);
  });

  it('finds enterprises by fuzzy Chinese name, credit code prefix and filters', async () => {
    const a = (
      await post('/api/registry/enterprises', enterpriseBody({ name: '宁波市海曙区顺达泡沫制品厂', categories: ['foam'], riskGrade: 'red', keyUnit: true }))
    ).json();
    const byChars = (await get(`/api/registry/enterprises?q=${encodeURIComponent('顺达泡沫')}`)).json();
    expect(byChars.items[0].id).toBe(a.id);
    // Characters in another order and a single character still match.
    expect((await get(`/api/registry/enterprises?q=${encodeURIComponent('泡沫顺达')}`)).json().items.map((x: { id: string }) => x.id)).toContain(a.id);
    expect((await get(`/api/registry/enterprises?q=${encodeURIComponent('顺')}`)).json().items.map((x: { id: string }) => x.id)).toContain(a.id);
    expect((await get(`/api/registry/enterprises?q=${a.creditCode.slice(0, 14)}`)).json().items.map((x: { id: string }) => x.id)).toContain(a.id);
    const latin = (await post('/api/registry/enterprises', enterpriseBody({ name: '宁波海曙ABC电子有限公司', categories: [] }))).json();
    expect((await get('/api/registry/enterprises?q=abc')).json().items.map((x: { id: string }) => x.id)).toEqual([latin.id]);
    const filtered = (await get('/api/registry/enterprises?category=foam&riskGrade=red&keyUnit=true&town=330203009&sixKinds=true')).json();
    expect(filtered.items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect((await get('/api/registry/enterprises?category=foam&riskGrade=blue')).json().total).toBe(0);
    const bad = await get('/api/registry/enterprises?riskGrade=purple');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toContain('riskGrade');
    expect((await get('/api/registry/enterprises?pageSize=1000')).statusCode).toBe(400);
  });

  it('sorts on the server both ways by name, risk grade and update time, and refuses an unknown sort naming the field', async () => {
    for (const [name, riskGrade] of [
      ['宁波市海曙区排序甲厂', 'blue'],
      ['宁波市海曙区排序乙厂', 'red'],
      ['宁波市海曙区排序丙厂', null],
    ] as const) {
      expect((await post('/api/registry/enterprises', enterpriseBody({ name, riskGrade }))).statusCode).toBe(201);
      t.clock.advanceMinutes(1);
    }
    const ids = async (sort: string) =>
      (await get(`/api/registry/enterprises?q=${encodeURIComponent('排序')}&pageSize=50&sort=${sort}`)).json().items.map((x: { name: string }) => x.name);
    const byName = await ids('name');
    expect(byName).toHaveLength(3);
    expect(byName).toEqual([...byName].sort());
    expect(await ids('-name')).toEqual([...byName].reverse());
    expect(await ids('riskGrade')).toEqual(['宁波市海曙区排序乙厂', '宁波市海曙区排序甲厂', '宁波市海曙区排序丙厂']);
    // Descending grade: least severe first, ungraded still last.
    expect(await ids('-riskGrade')).toEqual(['宁波市海曙区排序甲厂', '宁波市海曙区排序乙厂', '宁波市海曙区排序丙厂']);
    expect((await ids('-updatedAt'))[0]).toBe('宁波市海曙区排序丙厂');
    expect((await ids('updatedAt'))[0]).toBe('宁波市海曙区排序甲厂');
    const bad = await get('/api/registry/enterprises?sort=creditCode');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toContain('sort');
  });

  it('parks sort by name and tenant count, risk points by grade, next review and D, both ways', async () => {
    const ent = await make.enterprise(t.deps.db);
    const [a, b] = [await make.park(t.deps.db, make.TOWN_A, { name: '排序园区甲' }), await make.park(t.deps.db, make.TOWN_A, { name: '排序园区乙' })];
    await t.deps.db.insertInto('park_tenants').values({ park_id: b, enterprise_id: ent }).execute();
    const parks = async (sort: string) =>
      (await get(`/api/registry/parks?q=${encodeURIComponent('排序园区')}&sort=${sort}`)).json().items.map((x: { id: string }) => x.id);
    expect(await parks('-tenants')).toEqual([b, a]);
    expect(await parks('tenants')).toEqual([a, b]);
    const byName = await parks('name');
    expect(await parks('-name')).toEqual([...byName].reverse());

    const grades = [
      ['red', 400, '2027-03-01'],
      ['blue', 20, '2027-01-01'],
      ['yellow', 100, '2027-02-01'],
    ] as const;
    const ids: string[] = [];
    for (const [grade, d, next] of grades)
      ids.push(await make.riskPoint(t.deps.db, make.TOWN_A, { enterprise_id: ent, name: `排序风险点${grade}`, grade, lec_d: d, next_review_on: next }));
    const risks = async (sort: string) =>
      (await get(`/api/registry/risk-points?enterpriseId=${ent}&sort=${sort}`)).json().items.map((x: { id: string }) => x.id);
    expect(await risks('grade')).toEqual([ids[0], ids[2], ids[1]]);
    expect(await risks('-grade')).toEqual([ids[1], ids[2], ids[0]]);
    expect(await risks('nextReviewOn')).toEqual([ids[1], ids[2], ids[0]]);
    expect(await risks('-lecD')).toEqual([ids[0], ids[2], ids[1]]);
    expect((await get('/api/registry/risk-points?sort=owner')).statusCode).toBe(400);
  });

  it('another town cannot see or change the enterprise: list excludes it, GET and PUT are 404', async () => {
    const e = (
      await post(
        '/api/registry/enterprises',
        enterpriseBody({ townCode: '330203100', villageCode: null, lon: 121.455, lat: 29.888, name: '高桥镇跨镇测试企业' }),
      )
    ).json();
    const mine = (await get('/api/registry/enterprises?pageSize=200', gaoqiao.headers)).json();
    expect(mine.items.map((x: { id: string }) => x.id)).toContain(e.id);
    const other = (await get('/api/registry/enterprises?pageSize=200', shiqi.headers)).json();
    expect(other.items.map((x: { id: string }) => x.id)).not.toContain(e.id);
    expect(other.items.every((x: { jurisdictionCode: string }) => x.jurisdictionCode.startsWith('330203009'))).toBe(true);
    expect((await get(`/api/registry/enterprises/${e.id}`, shiqi.headers)).statusCode).toBe(404);
    expect((await get(`/api/registry/enterprises/${e.id}/history`, shiqi.headers)).statusCode).toBe(404);
    const { id, createdAt, updatedAt, jurisdictionCode, ...rest } = e;
    expect((await put(`/api/registry/enterprises/${id}`, { ...rest, headcount: 1 }, shiqi.headers)).statusCode).toBe(404);
    // Nor may a 石碶 user register an enterprise in 高桥.
    const res = await post('/api/registry/enterprises', enterpriseBody({ townCode: '330203100', villageCode: null }), shiqi.headers);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'body.townCode', message: '不在您的管辖范围内' });
  });

  it('an enterprise account sees only its own enterprise and cannot write', async () => {
    const own = (await post('/api/registry/enterprises', enterpriseBody({ name: '企业账号自己的企业' }))).json();
    const other = (await post('/api/registry/enterprises', enterpriseBody({ name: '同镇另一家企业' }))).json();
    const user = await userSession(t, { roles: ['enterprise_user'], unit: '330203009', enterpriseId: own.id });
    const list = (await get('/api/registry/enterprises?pageSize=200', user.headers)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([own.id]);
    expect((await get(`/api/registry/enterprises/${other.id}`, user.headers)).statusCode).toBe(404);
    expect((await post('/api/registry/enterprises', enterpriseBody(), user.headers)).statusCode).toBe(403);
  });

  it('enterprises: everyone sees the enterprises in their jurisdiction and none outside (property over the org tree)', async () => {
    await checkScopeProperty(
      t,
      {
        name: 'enterprises',
        permission: 'registry:read',
        create: (tt, code) => make.enterprise(tt.deps.db, code),
        list: '/api/registry/enterprises?pageSize=200&sort=-updatedAt',
        read: '/api/registry/enterprises/:id',
      },
      { numRuns: 15 },
    );
  }, 120_000);
});

describe('scope property over parks and risk points', () => {
  it('parks and risk points: visible inside their jurisdiction and nowhere else', async () => {
    const records = [
      { name: 'parks', path: '/api/registry/parks', create: make.park },
      { name: 'risk points', path: '/api/registry/risk-points', create: make.riskPoint },
    ];
    for (const r of records) {
      const spec = { name: r.name, permission: 'registry:read', list: `${r.path}?pageSize=200`, read: `${r.path}/:id` };
      await checkScopeProperty(t, { ...spec, create: (tt, code) => r.create(tt.deps.db, code) }, { numRuns: 8 });
    }
  }, 180_000);
});

describe('parks and tenants', () => {
  it('creates a park with a landlord, adds tenants with agreements, computes the standardization rate', async () => {
    const landlord = (await post('/api/registry/enterprises', enterpriseBody({ name: '石碶某出租方实业有限公司' }))).json();
    const tenant = (await post('/api/registry/enterprises', enterpriseBody({ name: '石碶某承租小微企业' }))).json();
    const res = await post('/api/registry/parks', {
      name: '石碶星光小微园',
      townCode: '330203009',
      landlordId: landlord.id,
      lon: 121.5,
      lat: 29.8,
      standardized: true,
      standardizedAt: '2025-05-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    const park = res.json();
    expect(await audited('park.create', park.id)).toHaveLength(1);
    const dup = await post('/api/registry/parks', { name: '石碶星光小微园', townCode: '330203009' });
    expect(dup.statusCode).toBe(409);

    const bad = await put(`/api/registry/parks/${park.id}/tenants/${tenant.id}`, { agreementSigned: true });
    expectFieldError(bad, 'body.agreementSignedAt');
    const ok = await put(`/api/registry/parks/${park.id}/tenants/${tenant.id}`, {
      relation: 'factory_in_factory',
      agreementSigned: true,
      agreementSignedAt: '2025-03-01',
      agreementExpiresAt: '2026-03-01',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await audited('park.tenant.add', park.id)).toHaveLength(1);
    const detail = (await get(`/api/registry/parks/${park.id}`)).json();
    expect(detail.landlordName).toBe(landlord.name);
    expect(detail.tenants).toHaveLength(1);
    expect(detail.tenants[0]).toMatchObject({ enterpriseId: tenant.id, relation: 'factory_in_factory', agreementSigned: true });
    const stats = (await get('/api/registry/parks/stats')).json();
    expect(stats.goal).toBe(0.8);
    expect(stats.total).toBeGreaterThanOrEqual(1);
    expect(stats.standardizationRate).toBeCloseTo(stats.standardized / stats.total);
    // Enterprises of a park through the list filter.
    const inPark = (await get(`/api/registry/enterprises?parkId=${park.id}`)).json();
    expect(inPark.items.map((x: { id: string }) => x.id).sort()).toEqual([landlord.id, tenant.id].sort());
    // 高桥 staff see neither the park nor its tenants.
    expect((await get(`/api/registry/parks/${park.id}`, gaoqiao.headers)).statusCode).toBe(404);
    expect((await get('/api/registry/parks?pageSize=200', gaoqiao.headers)).json().items.map((p: { id: string }) => p.id)).not.toContain(park.id);
    expect((await put(`/api/registry/parks/${park.id}/tenants/${tenant.id}`, { agreementSigned: false }, gaoqiao.headers)).statusCode).toBe(404);
  });

  it('adds an insurance policy (园盾安心保) to a park and rejects one with two targets', async () => {
    const park = (await post('/api/registry/parks', { name: '石碶保险测试园', townCode: '330203009', insured: true })).json();
    const res = await post('/api/registry/insurance', {
      parkId: park.id,
      kind: 'park_shield',
      insurer: '人保财险宁波分公司',
      policyNo: `PDZA${Date.now()}`,
      premiumFen: 1200000,
      discountPct: 15,
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await audited('insurance.create', res.json().id)).toHaveLength(1);
    expect((await get(`/api/registry/insurance?parkId=${park.id}`)).json()).toHaveLength(1);
    const two = await post('/api/registry/insurance', {
      parkId: park.id,
      enterpriseId: park.id,
      kind: 'property',
      insurer: 'x',
      policyNo: 'y',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
    });
    expectFieldError(two, 'body.enterpriseId');
    expect((await get(`/api/registry/insurance?parkId=${park.id}`, gaoqiao.headers)).json()).toHaveLength(0);
  });
});

describe('risk points', () => {
  it('scores LEC into a colour, schedules a durable review reminder, and a review clears it', async () => {
    t.clock.set(new Date('2026-03-01T02:00:00Z'));
    const e = (await post('/api/registry/enterprises', enterpriseBody({ name: '风险点测试企业' }))).json();
    const body = {
      enterpriseId: e.id,
      name: '注塑车间',
      area: '一号厂房',
      accidentType: '火灾',
      lecL: 3,
      lecE: 6,
      lecC: 15,
      ownerName: '李强',
      reviewCycleDays: 30,
    };
    const res = await post('/api/registry/risk-points', body);
    expect(res.statusCode, res.body).toBe(201);
    const rp = res.json();
    expect(rp).toMatchObject({ lecD: 270, grade: 'orange', controlTier: 'workshop', nextReviewOn: '2026-03-31', policyVersion: 1 });
    expect(await audited('risk_point.create', rp.id)).toHaveLength(1);
    const job = await t.deps.db.selectFrom('jobs').selectAll().where('dedup_key', '=', `registry:risk-point:${rp.id}:review`).executeTakeFirstOrThrow();
    expect(job.status).toBe('pending');
    expect(job.run_at.toISOString()).toBe('2026-03-31T01:00:00.000Z');

    const bad = await post('/api/registry/risk-points', { ...body, name: '另一个', lecL: 4 });
    expectFieldError(bad, 'body.lecL');

    // Nothing due yet; then the clock passes the due date and the reminder appears.
    expect(await t.deps.jobs.runDue()).toBe(0);
    t.clock.set(new Date('2026-03-31T02:00:00Z'));
    await t.deps.jobs.runDue();
    const reminders = (await get('/api/registry/risk-points/reminders')).json();
    expect(reminders.map((r: { riskPointId: string }) => r.riskPointId)).toContain(rp.id);
    expect((await get('/api/registry/risk-points/reminders', gaoqiao.headers)).json().map((r: { riskPointId: string }) => r.riskPointId)).not.toContain(rp.id);

    const reviewed = await post(`/api/registry/risk-points/${rp.id}/review`, { lecL: 1 });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ lecD: 90, grade: 'yellow', lastReviewedOn: '2026-03-31', nextReviewOn: '2026-04-30' });
    expect((await get('/api/registry/risk-points/reminders')).json().map((r: { riskPointId: string }) => r.riskPointId)).not.toContain(rp.id);
    const next = await pendingRunAt(t.deps.db, { dedupKey: `registry:risk-point:${rp.id}:review` });
    expect(next?.toISOString()).toBe('2026-04-30T01:00:00.000Z');
    expect((await get(`/api/registry/risk-points/${rp.id}`, gaoqiao.headers)).statusCode).toBe(404);
  });

  it('colours with the policy version in force; a new version needs a district user and ordered bands', async () => {
    const e = (await createEnterprise(systemCtx(t.deps), enterpriseBody({ name: '阈值测试企业' }) as never)).id;
    const p = await post('/api/registry/policies/lec', { red: 250, orange: 120, yellow: 50, note: '2026 年试行' });
    expect(p.statusCode, p.body).toBe(201);
    expect((await post('/api/registry/policies/lec', { red: 100, orange: 120, yellow: 50 })).statusCode).toBe(400);
    expect((await post('/api/registry/policies/lec', { red: 300, orange: 120, yellow: 50 }, shiqi.headers)).statusCode).toBe(403);
    const rp = await createRiskPoint(systemCtx(t.deps), {
      enterpriseId: e,
      name: '配电房',
      area: '配电房',
      accidentType: '触电',
      lecL: 3,
      lecE: 6,
      lecC: 15,
      ownerName: '王芳',
      reviewCycleDays: 90,
    });
    expect(rp).toMatchObject({ lecD: 270, grade: 'red', policyVersion: p.json().version });
    const current = (await get('/api/registry/policies/lec')).json();
    expect(current.current.thresholds).toEqual({ red: 250, orange: 120, yellow: 50 });
    await post('/api/registry/policies/lec', { red: 320, orange: 160, yellow: 70, note: '恢复默认' });
  });
});

describe('map and config', () => {
  it('serves points for the map filtered like the list, and the tile URL', async () => {
    const pts = (await get('/api/registry/map/enterprises?riskGrade=red')).json();
    expect(pts.points.length).toBeGreaterThan(0);
    expect(pts.points.every((p: { grade: string }) => p.grade === 'red')).toBe(true);
    const far = (await get('/api/registry/map/enterprises', gaoqiao.headers)).json();
    expect(far.points.every((p: { lon: number }) => typeof p.lon === 'number')).toBe(true);
    const rp = (await get('/api/registry/map/risk-points')).json();
    expect(rp.points.length).toBeGreaterThan(0);
    const cfg = (await get('/api/system/config')).json();
    expect(cfg.tileUrl).toContain('{z}');
  });
});

describe('the API answers by its response schemas (shared/registry.dto.ts)', () => {
  it('every registry route declares the answer of its success status in OpenAPI', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
    };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/registry/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));
    expect(routes.length).toBe(37); // a new route is added here on purpose: the count says none went missing
    const undescribed = routes
      .filter(
        ({ op }) => !Object.entries(op.responses ?? {}).some(([status, r]) => status.startsWith('2') && Object.values(r.content ?? {}).some((c) => c.schema)),
      )
      .map((r) => r.route);
    expect(undescribed).toEqual([]);
  });

  it('answers camelCase with every field the web reads, also after a write (nothing dropped by the serialiser)', async () => {
    const landlord = (await post('/api/registry/enterprises', enterpriseBody({ name: '石碶某序列化测试业主有限公司' }))).json();
    const tenant = (await post('/api/registry/enterprises', enterpriseBody({ name: '石碶某序列化测试租户' }))).json();
    const created = await post('/api/registry/parks', { name: '石碶序列化测试园', townCode: '330203009', landlordId: landlord.id });
    expect(created.statusCode, created.body).toBe(201);
    const park = created.json();
    // The park written answers with its landlord's name (it used to come back null until reloaded).
    expect(park.landlordName).toBe(landlord.name);
    const tenancy = (await put(`/api/registry/parks/${park.id}/tenants/${tenant.id}`, { agreementSigned: true, agreementSignedAt: '2025-03-01' })).json();
    expect(tenancy).toEqual({
      parkId: park.id,
      enterpriseId: tenant.id,
      relation: 'multi_tenant',
      agreementSigned: true,
      agreementSignedAt: '2025-03-01',
      agreementExpiresAt: null,
      agreementFileId: null,
      movedInAt: null,
      movedOutAt: null,
    });
    const list = (await get(`/api/registry/parks?q=${encodeURIComponent('石碶序列化测试园')}`)).json();
    expect(list.items[0]).toMatchObject({ id: park.id, landlordName: landlord.name, tenantCount: 1, agreementsSigned: 1 });
    expect(list.totalCapped).toBe(false);
    const detail = (await get(`/api/registry/parks/${park.id}`)).json();
    expect(detail).toMatchObject({
      landlordCreditCode: landlord.creditCode,
      tenants: [{ enterpriseId: tenant.id, creditCode: tenant.creditCode, agreementFileId: null }],
    });
    // The tenancy's history is camelCase like every other answer.
    const history = await readHistory(t.deps.db, 'tenant', `${park.id}:${tenant.id}`);
    expect(Object.keys((history[0].data as RegistryVersion).after)).toContain('agreementSigned');

    const snake = (v: unknown, at = ''): string[] =>
      Array.isArray(v)
        ? v.flatMap((x, i) => snake(x, `${at}.${i}`))
        : v && typeof v === 'object'
          ? Object.entries(v).flatMap(([k, x]) => [...(k.includes('_') ? [`${at}.${k}`] : []), ...snake(x, `${at}.${k}`)])
          : [];
    for (const url of [
      `/api/registry/parks/${park.id}`,
      `/api/registry/parks/${park.id}/history`,
      `/api/registry/enterprises/${landlord.id}`,
      `/api/registry/enterprises/${landlord.id}/parks`,
      `/api/registry/enterprises/${tenant.id}/parks`,
      '/api/registry/enterprises/stats',
      '/api/registry/parks/stats',
      '/api/registry/risk-points?pageSize=5',
      '/api/registry/risk-points/stats',
      '/api/registry/risk-points/reminders',
      '/api/registry/policies/lec',
      '/api/registry/map/parks',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(snake(res.json()), url).toEqual([]);
    }
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualCap, DEFAULT_FREQUENCY_POLICY, dueFrequency, type FrequencyPolicy } from '../../../shared/supervision.ts';
import type { ChecklistDetail, GradeStats, ImportResult, PolicyAnswer, VersionDetail } from '../../../shared/supervision.dto.ts';
import { systemCtx } from '../../platform/context.ts';
import * as make from '../../test/factories.ts';
import { auditRows, rowCount, type TestApp, testApp, userSession } from '../../test/helpers.ts';
import { checkScopeProperty, idsOf } from '../../test/scope-property.ts';
import { multipartBody } from '../hazards/hazards.fixtures.ts';
import { getChecklistVersion, supervisionClassOf, supervisionItems } from './api.ts';

const TOWN_A = make.TOWN_A;
const TOWN_B = make.TOWN_B;
const BUREAU = '330203D01';
const M2 = '01890000-0000-7000-8000-000000000102'; // seeded clause M-2

let t: TestApp;
type S = Awaited<ReturnType<typeof userSession>>;
let admin: S;
let staff: S;
let townA: S;
let townB: S;

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, { roles: ['district_admin'] });
  staff = await userSession(t, { roles: ['bureau_staff'], unit: BUREAU });
  townA = await userSession(t, { roles: ['town_staff'], unit: TOWN_A });
  townB = await userSession(t, { roles: ['town_staff'], unit: TOWN_B });
});
afterAll(() => t?.dispose());

async function api(s: S | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: s?.headers ?? {}, payload: payload as never });
}
async function ok<T>(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}

const power = (over: Record<string, unknown> = {}) => ({
  code: 'QZ-001',
  unitCode: BUREAU,
  matter: '对生产经营单位执行安全生产法律法规情况的监督检查',
  powerType: 'inspect',
  basis: '《安全生产法》第六十五条',
  ...over,
});
const item = (over: Record<string, unknown> = {}) => ({
  code: 'JC-001',
  name: '安全生产责任制落实情况',
  subject: '辖区生产经营单位',
  basis: '《安全生产法》第二十二条',
  method: '现场检查',
  frequency: '每年 1 次',
  unitCode: BUREAU,
  ...over,
});

async function upload(s: S, url: string, rows: unknown[][], headers: string[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('清单');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  const body = multipartBody([{ name: 'file', file: { filename: '清单.xlsx', data } }]);
  return t.app.inject({ method: 'POST', url, headers: { ...s.headers, ...body.headers }, payload: body.payload });
}

describe('versioned lists: a draft is edited, a published version is frozen and stays readable', () => {
  it('powers: draft → rows → publish → frozen; a new draft copies it and supersedes it on publishing', async () => {
    const v1 = await ok<VersionDetail>(api(staff, 'POST', '/api/supervision/powers/versions', { note: '2024 年' }), 201);
    expect(v1).toMatchObject({ number: 1, status: 'draft', rows: 0, actions: [] }); // nothing to publish yet
    // An empty version cannot be published.
    expect((await api(staff, 'POST', `/api/supervision/versions/${v1.id}/publish`, { effectiveFrom: '2024-03-01' })).json().error.code).toBe('VERSION_EMPTY');
    const row = await ok<{ id: string; unitName: string }>(api(staff, 'POST', `/api/supervision/powers/versions/${v1.id}/rows`, power()), 201);
    expect(row.unitName).toBe('海曙区应急管理局');
    await ok(
      api(
        staff,
        'POST',
        `/api/supervision/powers/versions/${v1.id}/rows`,
        power({ code: 'QZ-002', unitCode: TOWN_A, powerType: 'penalty', basis: '《安全生产法》第一百零二条' }),
      ),
      201,
    );
    expect((await ok<VersionDetail>(api(staff, 'GET', `/api/supervision/versions/${v1.id}`))).actions).toEqual(['publish']);
    expect((await ok<VersionDetail>(api(townA, 'GET', `/api/supervision/versions/${v1.id}`))).actions).toEqual([]);
    // A second draft while one is open is refused.
    expect((await api(staff, 'POST', '/api/supervision/powers/versions', {})).statusCode).toBe(409);
    const pub = await ok<VersionDetail>(api(staff, 'POST', `/api/supervision/versions/${v1.id}/publish`, { effectiveFrom: '2024-03-01' }));
    expect(pub).toMatchObject({ status: 'published', effectiveFrom: '2024-03-01', rows: 2, actions: [] });
    expect(pub.publishedByName).toBeTruthy();
    expect(pub.history.map((h) => h.action)).toEqual(['create', 'power.add', 'power.add', 'publish']);
    expect(await auditRows(t.deps.db, { action: 'supervision.version.publish', resource_id: v1.id })).toHaveLength(1);

    // Frozen: no edit, delete, add, import or second publish.
    const frozen = [
      await api(staff, 'PUT', `/api/supervision/powers/rows/${row.id}`, power({ matter: '改动' })),
      await api(staff, 'DELETE', `/api/supervision/powers/rows/${row.id}`),
      await api(staff, 'POST', `/api/supervision/powers/versions/${v1.id}/rows`, power({ code: 'QZ-003' })),
      await api(staff, 'POST', `/api/supervision/versions/${v1.id}/publish`, { effectiveFrom: '2024-03-02' }),
    ];
    for (const r of frozen) expect(r.statusCode, r.body).toBe(409);
    expect(frozen[0].json().error.code).toBe('VERSION_FROZEN');

    const v2 = await ok<VersionDetail>(api(staff, 'POST', '/api/supervision/powers/versions', {}), 201);
    expect(v2).toMatchObject({ number: 2, status: 'draft', rows: 2 });
    const rows2 = await ok<{ items: { id: string; code: string }[] }>(api(staff, 'GET', `/api/supervision/powers/versions/${v2.id}/rows`));
    await ok(api(staff, 'PUT', `/api/supervision/powers/rows/${rows2.items[0].id}`, power({ matter: '2025 年修订的检查事项' })));
    await ok(api(staff, 'POST', `/api/supervision/versions/${v2.id}/publish`, { effectiveFrom: '2025-03-01', note: '年度调整' }));
    const list = await ok<{ items: { number: number; status: string }[]; currentId: string; draftId: string | null }>(
      api(townA, 'GET', '/api/supervision/powers/versions'),
    );
    expect(list.items.map((v) => [v.number, v.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    expect(list).toMatchObject({ currentId: v2.id, draftId: null });
    // The old version is still readable, unchanged.
    const old = await ok<{ items: { matter: string }[] }>(api(townA, 'GET', `/api/supervision/powers/versions/${v1.id}/rows`));
    expect(old.items[0].matter).toBe(power().matter);
    expect((await ok<VersionDetail>(api(townA, 'GET', `/api/supervision/versions/${v1.id}`))).history.at(-1)?.action).toBe('supersede');
    // Filters.
    const penalties = await ok<{ items: { code: string }[] }>(api(townA, 'GET', `/api/supervision/powers/versions/${v2.id}/rows?powerType=penalty`));
    expect(penalties.items.map((p) => p.code)).toEqual(['QZ-002']);
  });

  it('permissions and bad input: town staff read but cannot edit; a unit that is not one is a 400 naming the field', async () => {
    expect((await api(townA, 'POST', '/api/supervision/items/versions', {})).statusCode).toBe(403);
    const v = await ok<VersionDetail>(api(admin, 'POST', '/api/supervision/items/versions', {}), 201);
    const bad = await api(admin, 'POST', `/api/supervision/items/versions/${v.id}/rows`, item({ unitCode: '330203999' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('body.unitCode');
    expect(bad.json().error.message).toContain('不是本区的单位');
    const missing = await api(admin, 'POST', `/api/supervision/items/versions/${v.id}/rows`, { ...item(), name: '' });
    expect(missing.statusCode).toBe(400);
    expect((await api(townA, 'GET', '/api/supervision/versions/00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    // A version read as the wrong kind is not found.
    expect((await api(townA, 'GET', `/api/supervision/powers/versions/${v.id}/rows`)).statusCode).toBe(404);
  });
});

describe('import and export (.xlsx)', () => {
  const HEAD = ['编码', '检查事项', '检查对象', '检查依据', '检查方式', '检查频次', '实施单位'];

  it('a file with bad rows is refused whole, each row named, and errors.xlsx lists them; a clean one replaces the draft', async () => {
    const versions = await ok<{ draftId: string | null }>(api(admin, 'GET', '/api/supervision/items/versions'));
    const draft = versions.draftId as string;
    const added = await ok<{ id: string }>(api(admin, 'POST', `/api/supervision/items/versions/${draft}/rows`, item()), 201);
    const edited = await ok<{ name: string }>(api(admin, 'PUT', `/api/supervision/items/rows/${added.id}`, item({ name: '修改后的检查事项' })));
    expect(edited.name).toBe('修改后的检查事项');
    expect((await ok<VersionDetail>(api(admin, 'GET', `/api/supervision/versions/${draft}`))).history.map((h) => h.action)).toContain('item.update');
    const before = await rowCount(t.deps.db, 'supervision_items');
    const res = await upload(
      admin,
      `/api/supervision/items/versions/${draft}/import`,
      [
        ['JC-101', '教育培训情况', '生产经营单位', '《安全生产法》第二十八条', '书面检查', '每年 1 次', '海曙区应急管理局'],
        ['JC-102', '', '生产经营单位', '依据', '现场检查', '每年 1 次', '不存在的单位'],
        ['JC-101', '重复编码', '生产经营单位', '依据', '现场检查', '每年 1 次', '石碶街道'],
      ],
      HEAD,
    );
    const failed = res.json() as ImportResult;
    expect(res.statusCode, res.body).toBe(200);
    expect(failed.status).toBe('failed');
    expect(failed.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '检查事项'],
      [3, '实施单位'],
      [4, '编码'],
    ]);
    expect(await rowCount(t.deps.db, 'supervision_items')).toBe(before);
    const errors = await t.app.inject({ url: `/api/supervision/imports/${failed.id}/errors.xlsx`, headers: admin.headers });
    expect(errors.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errors.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(4);
    expect(String(ws.getRow(2).getCell(4).value)).toContain('必填');
    expect(String(ws.getRow(3).getCell(11).value)).toBe('不存在的单位');

    const good = (await upload(
      admin,
      `/api/supervision/items/versions/${draft}/import`,
      [
        ['JC-101', '教育培训情况', '生产经营单位', '《安全生产法》第二十八条', '书面检查', '每年 1 次', '海曙区应急管理局'],
        ['JC-102', '小微企业日常检查', '镇级监管企业', '《安全生产法》第六十五条', '现场检查', '按分级分类频次', '石碶街道'],
      ],
      HEAD,
    ).then((r) => r.json())) as ImportResult;
    expect(good).toMatchObject({ status: 'done', imported: 2, errors: [] });
    const rows = await ok<{ items: { code: string; unitCode: string }[] }>(api(admin, 'GET', `/api/supervision/items/versions/${draft}/rows`));
    expect(rows.items.map((r) => [r.code, r.unitCode])).toEqual([
      ['JC-101', BUREAU],
      ['JC-102', TOWN_A],
    ]);
    // A wrong header is one 400 on the file.
    const wrong = await upload(admin, `/api/supervision/items/versions/${draft}/import`, [['x']], ['名称']);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].field).toBe('body.file');

    // Export reads back as the same rows.
    const exp = await t.app.inject({ url: `/api/supervision/items/versions/${draft}/export.xlsx`, headers: admin.headers });
    expect(exp.statusCode).toBe(200);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    expect(back.worksheets[0].getRow(3).getCell(7).value).toBe('石碶街道');

    // Published, the public page lists it without an account.
    await ok(api(admin, 'POST', `/api/supervision/versions/${draft}/publish`, { effectiveFrom: '2025-01-01' }));
    const pub = await ok<{ version: { number: number }; items: { code: string; unitName: string }[] }>(api(null, 'GET', '/api/public/supervision/items'));
    expect(pub.items.map((i) => i.code)).toEqual(['JC-101', 'JC-102']);
    expect(pub.items[1].unitName).toBe('石碶街道');
    expect((await supervisionItems(systemCtx(t.deps))).items).toHaveLength(2);
  });
});

describe('frequency policy and the graded list', () => {
  it('the default table: hazchem/metallurgy 2/4/8/12, other 1/2/4/6; credit and key unit adjust it', () => {
    const p = DEFAULT_FREQUENCY_POLICY;
    const cap = (sector: 'hazchem_metallurgy' | 'other', standardization: 'level1' | 'level2' | 'level3' | 'none', credit = 'B' as const, keyUnit = false) =>
      annualCap(p, { sector, standardization, credit, keyUnit });
    expect((['level1', 'level2', 'level3', 'none'] as const).map((l) => cap('hazchem_metallurgy', l))).toEqual([2, 4, 8, 12]);
    expect((['level1', 'level2', 'level3', 'none'] as const).map((l) => cap('other', l))).toEqual([1, 2, 4, 6]);
    expect(annualCap(p, { sector: 'other', standardization: 'level2', credit: 'A', keyUnit: false })).toBe(1);
    expect(annualCap(p, { sector: 'other', standardization: 'level1', credit: 'A', keyUnit: false })).toBe(1); // floor
    expect(annualCap(p, { sector: 'other', standardization: 'level1', credit: 'B', keyUnit: true })).toBe(4); // key unit: quarterly
    expect(annualCap(p, { sector: 'hazchem_metallurgy', standardization: 'none', credit: 'dishonest', keyUnit: false })).toBe(16);
    expect(dueFrequency(4).zh).toBe('每季度 1 次');
    expect(dueFrequency(1).zh).toBe('每年 1 次');
  });

  it('generate from the registry, key units at district level, stats per level and town, scope per town, policy edits', async () => {
    const hc = await make.enterprise(t.deps.db, TOWN_A, { categories: ['hazchem'], standardization_level: 'level2', credit_rating: 'B' });
    const key = await make.enterprise(t.deps.db, TOWN_B, {
      key_unit: true,
      supervising_level: 'district',
      standardization_level: 'level1',
      credit_rating: 'A',
    });
    const plain = await make.enterprise(t.deps.db, TOWN_B, { standardization_level: 'none', credit_rating: null });
    const v = await ok<VersionDetail>(api(staff, 'POST', '/api/supervision/grades/versions', {}), 201);
    const gen = await ok<{ rows: number; keyUnits: number; districtLevel: number }>(api(staff, 'POST', `/api/supervision/grades/versions/${v.id}/generate`));
    expect(gen.rows).toBeGreaterThanOrEqual(3);
    expect(gen.keyUnits).toBeGreaterThanOrEqual(1);
    const all = await ok<{
      items: { id: string; enterpriseId: string; level: string; annualCap: number; sector: string; credit: string; frequency: string }[];
      total: number;
    }>(api(staff, 'GET', `/api/supervision/grades/versions/${v.id}/rows?pageSize=500`));
    const by = new Map(all.items.map((g) => [g.enterpriseId, g]));
    expect(by.get(hc)).toMatchObject({ level: 'town', sector: 'hazchem_metallurgy', annualCap: 4, credit: 'B' });
    expect(by.get(key)).toMatchObject({ level: 'district', annualCap: 4, frequency: '每季度 1 次' });
    expect(by.get(plain)).toMatchObject({ annualCap: 6, credit: 'unrated' });

    // Town B sees its own enterprises only; a filter on key units.
    const b = await ok<{ items: { enterpriseId: string }[] }>(api(townB, 'GET', `/api/supervision/grades/versions/${v.id}/rows?pageSize=500`));
    expect(b.items.map((g) => g.enterpriseId).sort()).toEqual([key, plain].sort());
    const keys = await ok<{ items: { enterpriseId: string }[] }>(api(staff, 'GET', `/api/supervision/grades/versions/${v.id}/rows?keyUnit=true&pageSize=500`));
    expect(keys.items.map((g) => g.enterpriseId)).toContain(key);
    expect(keys.items.map((g) => g.enterpriseId)).not.toContain(hc);
    // Town A cannot edit (no inspection:lists); a town-B row is not found for a town-A writer either.
    const hcRow = by.get(hc)?.id as string;
    expect(
      (
        await api(townA, 'PUT', `/api/supervision/grades/rows/${hcRow}`, {
          level: 'district',
          keyUnit: true,
          sector: 'hazchem_metallurgy',
          standardization: 'level2',
          credit: 'B',
        })
      ).statusCode,
    ).toBe(403);
    const upd = await ok<{ annualCap: number; level: string }>(
      api(staff, 'PUT', `/api/supervision/grades/rows/${hcRow}`, {
        level: 'district',
        keyUnit: true,
        sector: 'hazchem_metallurgy',
        standardization: 'level3',
        credit: 'C',
      }),
    );
    expect(upd).toMatchObject({ level: 'district', annualCap: 9 });

    const stats = await ok<GradeStats>(api(staff, 'GET', `/api/supervision/grades/stats?versionId=${v.id}`));
    expect(stats.total).toBe(all.total);
    const townBStats = stats.byTown.find((x) => x.townCode === TOWN_B);
    expect(townBStats?.district).toBeGreaterThanOrEqual(1);
    const statsB = await ok<GradeStats>(api(townB, 'GET', `/api/supervision/grades/stats?versionId=${v.id}`));
    expect(statsB.byTown.map((x) => x.townCode)).toEqual([TOWN_B]);

    // The policy is data: a new version changes the caps of rows written afterwards.
    const pol = await ok<PolicyAnswer>(api(townA, 'GET', '/api/supervision/policy'));
    expect(pol).toMatchObject({ version: 0, policy: DEFAULT_FREQUENCY_POLICY });
    const next: FrequencyPolicy = {
      ...DEFAULT_FREQUENCY_POLICY,
      caps: { ...DEFAULT_FREQUENCY_POLICY.caps, other: { level1: 1, level2: 2, level3: 3, none: 5 } },
    };
    expect((await api(townA, 'PUT', '/api/supervision/policy', { policy: next })).statusCode).toBe(403);
    const badPolicy = await api(staff, 'PUT', '/api/supervision/policy', { policy: { ...next, min: 10, max: 2 } });
    expect(badPolicy.statusCode).toBe(400);
    expect(badPolicy.json().error.fields[0].field).toBe('body.policy.min');
    const saved = await ok<PolicyAnswer>(api(staff, 'PUT', '/api/supervision/policy', { policy: next, note: '2026 年调整' }));
    expect(saved).toMatchObject({ version: 1, note: '2026 年调整' });
    expect(await auditRows(t.deps.db, { action: 'supervision.policy.update' })).toHaveLength(1);
    await ok(api(staff, 'POST', `/api/supervision/grades/versions/${v.id}/generate`));
    const again = await ok<{ items: { enterpriseId: string; annualCap: number }[] }>(
      api(staff, 'GET', `/api/supervision/grades/versions/${v.id}/rows?pageSize=500`),
    );
    expect(again.items.find((g) => g.enterpriseId === plain)?.annualCap).toBe(5);

    // supervisionClassOf: from the list in force, or computed for an enterprise not on it.
    await ok(api(staff, 'POST', `/api/supervision/versions/${v.id}/publish`, { effectiveFrom: '2026-01-01' }));
    const late = await make.enterprise(t.deps.db, TOWN_A, { categories: ['metallurgy'], standardization_level: 'level1', credit_rating: 'A' });
    const classes = await supervisionClassOf(systemCtx(t.deps), [key, late]);
    expect(classes.get(key)).toMatchObject({ level: 'district', keyUnit: true, annualCap: 4, source: 'list', versionId: v.id });
    expect(classes.get(late)).toMatchObject({ level: 'town', annualCap: 1, source: 'computed' });
  });

  it('graded import: credit codes resolved in scope, bad values named by row', async () => {
    const code = (await t.deps.db.selectFrom('enterprises').select('credit_code').where('jurisdiction_code', '=', TOWN_A).limit(1).executeTakeFirstOrThrow())
      .credit_code;
    const v = await ok<VersionDetail>(api(staff, 'POST', '/api/supervision/grades/versions', { empty: true }), 201);
    const HEAD = ['统一社会信用代码', '企业名称', '监管层级', '重点执法单位', '行业类别', '标准化等级', '信用等级', '年度检查上限', '检查频次', '备注'];
    const res = (await upload(
      staff,
      `/api/supervision/grades/versions/${v.id}/import`,
      [
        [code, '', '区级', '是', '危险化学品/冶金', '二级', 'A'],
        ['91330203MA2XXXXXX1', '', '省级', '也许', '', '五级', 'Z'],
      ],
      HEAD,
    ).then((r) => r.json())) as ImportResult;
    expect(res.status).toBe('failed');
    expect(res.errors.filter((e) => e.row === 3).map((e) => e.column)).toEqual(['统一社会信用代码', '监管层级', '重点执法单位', '标准化等级', '信用等级']);
    const clean = (await upload(
      staff,
      `/api/supervision/grades/versions/${v.id}/import`,
      [[code, '', '区级', '是', '危险化学品/冶金', '二级', 'A']],
      HEAD,
    ).then((r) => r.json())) as ImportResult;
    expect(clean).toMatchObject({ status: 'done', imported: 1 });
    const rows = await ok<{ items: { level: string; keyUnit: boolean; annualCap: number }[] }>(
      api(staff, 'GET', `/api/supervision/grades/versions/${v.id}/rows`),
    );
    expect(rows.items).toEqual([expect.objectContaining({ level: 'district', keyUnit: true, annualCap: 4 })]);
  });

  it('graded rows: in scope visible, out of scope invisible', async () => {
    const v = await ok<VersionDetail>(api(admin, 'POST', '/api/supervision/checklists', { name: '范围测试', topic: 'other' }), 201);
    expect(v).toBeTruthy();
    const versions = await ok<{ draftId: string | null }>(api(admin, 'GET', '/api/supervision/grades/versions'));
    const id = versions.draftId as string;
    await checkScopeProperty(t, {
      name: 'supervision grades',
      permission: 'inspection:read',
      create: (tt, code) => make.supervisionGrade(tt.deps.db, id, code),
      list: { url: `/api/supervision/grades/versions/${id}/rows?pageSize=500`, extractIds: idsOf },
    });
  }, 90_000);
});

describe('checklists', () => {
  it('a checklist: items from the criteria catalogue and free ones, publish freezes it, inspections read the version by id', async () => {
    const c = await ok<ChecklistDetail>(
      api(staff, 'POST', '/api/supervision/checklists', { name: '工贸企业有限空间检查表', topic: 'confined', industry: '工贸' }),
      201,
    );
    expect(c.versions).toHaveLength(1);
    const draft = c.versions[0].id;
    const bad = await api(staff, 'POST', `/api/supervision/checklists/versions/${draft}/from-criteria`, {
      clauseIds: [M2, '00000000-0000-7000-8000-000000000001'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('body.clauseIds.1');
    const items = await ok<{ items: { clauseId: string | null; major: boolean; basis: string }[] }>(
      api(staff, 'POST', `/api/supervision/checklists/versions/${draft}/from-criteria`, { clauseIds: [M2, M2] }),
    );
    expect(items.items).toHaveLength(1);
    expect(items.items[0]).toMatchObject({ clauseId: M2, major: true });
    expect(items.items[0].basis).toContain('M-2');
    await ok(
      api(staff, 'POST', `/api/supervision/checklists/versions/${draft}/rows`, { content: '作业前进行气体检测', method: '查阅作业票', major: false }),
      201,
    );
    const published = await ok<VersionDetail>(api(staff, 'POST', `/api/supervision/versions/${draft}/publish`, { effectiveFrom: '2026-01-01' }));
    expect(published).toMatchObject({ status: 'published', rows: 2, checklistName: '工贸企业有限空间检查表' });
    const rows = await ok<{ items: { id: string }[] }>(api(townA, 'GET', `/api/supervision/checklists/versions/${draft}/rows`));
    expect((await api(staff, 'PUT', `/api/supervision/checklists/rows/${rows.items[0].id}`, { content: '改动内容', major: false })).statusCode).toBe(409);
    const v = await getChecklistVersion(systemCtx(t.deps), draft);
    expect(v).toMatchObject({ checklistName: '工贸企业有限空间检查表', number: 1, status: 'published', topic: 'confined' });
    expect(v?.items.map((i) => i.major)).toEqual([true, false]);
    const list = await ok<{ items: { id: string; currentNumber: number | null }[] }>(api(townA, 'GET', '/api/supervision/checklists?topic=confined'));
    expect(list.items.find((x) => x.id === c.id)?.currentNumber).toBe(1);
    // A new draft copies the items; the published version keeps its own.
    const v2 = await ok<VersionDetail>(api(staff, 'POST', `/api/supervision/checklists/${c.id}/versions`, {}), 201);
    expect(v2).toMatchObject({ number: 2, rows: 2 });
    expect(await auditRows(t.deps.db, { action: 'supervision.checklist.create', resource_id: c.id })).toHaveLength(1);
  });
});

// Excel in/out: templates, row-level errors, idempotent re-import, bad files, export escaping.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../../shared/registry.ts';
import { fileSessions, fileTestApp, userSession } from '../../test/helpers.ts';
import { escapeCell } from '../../platform/excel.ts';
import { readHistory } from '../../platform/history.ts';
import { ENTERPRISE_COLUMNS, waitForImport } from './registry.excel.ts';
import type { RegistryVersion } from './registry.tables.ts';

const t = fileTestApp({ timeout: 60_000 });
const { admin, shiqi } = fileSessions(t, {
  admin: { roles: ['district_admin'] },
  shiqi: { roles: ['town_staff'], unit: '330203009' },
});

const code = (n: number) => {
  const first17 = `91330203${String(n).padStart(8, '0')}Y`;
  return first17 + creditCodeCheckChar(first17);
};

function multipart(file: Buffer, filename = 'upload.xlsx') {
  const boundary = `----anlan${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  return { payload: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(kind: string, file: Buffer, headers = admin.headers) {
  const { payload, contentType } = multipart(file);
  return t.app.inject({ method: 'POST', url: `/api/registry/imports/${kind}`, payload, headers: { ...headers, 'content-type': contentType } });
}

async function importAndWait(kind: string, file: Buffer, headers = admin.headers) {
  const res = await upload(kind, file, headers);
  expect(res.statusCode, res.body).toBe(202);
  await waitForImport(res.json().id);
  return (await t.app.inject({ url: `/api/registry/imports/${res.json().id}`, headers })).json();
}

async function workbook(sheets: Record<string, (string | number | null)[][]>) {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const H = ENTERPRISE_COLUMNS.map((c) => c.header);
/** A row in the template's column order. */
function enterpriseRow(v: Record<string, string | number | null>) {
  return H.map((h) => v[h] ?? null);
}

describe('templates', () => {
  it('downloads a template per kind with Chinese headers', async () => {
    for (const [kind, sheet, first] of [
      ['enterprises', '企业', '统一社会信用代码*'],
      ['parks', '租户', '园区名称*'],
      ['risk_points', '风险点', '企业信用代码*'],
    ]) {
      const res = await t.app.inject({ url: `/api/registry/imports/templates/${kind}`, headers: admin.headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect(wb.getWorksheet(sheet)?.getRow(1).getCell(1).value).toBe(first);
    }
    expect((await t.app.inject({ url: '/api/registry/imports/templates/nope', headers: admin.headers })).statusCode).toBe(400);
  });
});

describe('enterprise import', () => {
  const good1 = {
    统一社会信用代码: code(1),
    企业名称: '宁波导入测试塑胶有限公司',
    所在镇街: '石碶街道',
    经度: 121.5,
    纬度: 29.8,
    行业代码: '29',
    特殊类别: '塑料、有限空间',
    从业人数: 30,
    风险等级: '较大',
    重点执法单位: '是',
  };
  const good2 = {
    统一社会信用代码: code(2),
    企业名称: '宁波导入测试印务有限公司',
    所在镇街: '330203009',
    特殊类别: '印刷',
    标准化等级: '三级',
    监管部门: '应急管理局',
  };
  const badCode = { 统一社会信用代码: `${code(3).slice(0, 17)}${code(3)[17] === '0' ? '1' : '0'}`, 企业名称: '校验码错误企业', 所在镇街: '石碶街道' };
  const badPlace = { 统一社会信用代码: code(4), 企业名称: '地点错误企业', 所在镇街: '不存在镇', 经度: 120.1, 纬度: 29.8 };

  it('imports good rows, reports bad rows with row, column and reason, and is idempotent by credit code', async () => {
    const file = await workbook({ 企业: [H, enterpriseRow(good1), enterpriseRow(badCode), enterpriseRow(good2), enterpriseRow(badPlace)] });
    const r = await importAndWait('enterprises', file);
    expect(r).toMatchObject({ status: 'done', total: 4, processed: 4, inserted: 2, updated: 0, failed: 2 });
    expect(r.errors).toContainEqual(
      expect.objectContaining({ sheet: '企业', row: 3, column: '统一社会信用代码', reason: expect.stringContaining('校验码错误') }),
    );
    expect(r.errors).toContainEqual(expect.objectContaining({ row: 5, column: '所在镇街', reason: expect.stringContaining('未知的镇') }));
    const rows = await t.deps.db
      .selectFrom('enterprises')
      .selectAll()
      .where('credit_code', 'in', [code(1), code(2), code(3), code(4)])
      .execute();
    expect(rows.map((x) => x.name).sort()).toEqual(['宁波导入测试印务有限公司', '宁波导入测试塑胶有限公司']);
    const e1 = rows.find((x) => x.credit_code === code(1));
    expect(e1).toMatchObject({ risk_grade: 'orange', key_unit: true, jurisdiction_code: '330203009', industry_name: '橡胶和塑料制品业' });
    expect(e1?.categories.sort()).toEqual(['confined', 'plastics']);

    // The same file again changes nothing and duplicates nothing.
    const again = await importAndWait('enterprises', file);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, failed: 2 });
    // One edited row: an update, recorded as a new history version.
    const edited = await workbook({ 企业: [H, enterpriseRow({ ...good1, 从业人数: 55 }), enterpriseRow(good2)] });
    const third = await importAndWait('enterprises', edited);
    expect(third).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, failed: 0 });
    const after = await t.deps.db.selectFrom('enterprises').selectAll().where('credit_code', '=', code(1)).execute();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ headcount: 55, version: 2 });
    const history = await readHistory(t.deps.db, 'enterprise', after[0].id);
    expect(history.map((h) => [(h.data as RegistryVersion).version, h.action])).toEqual([
      [1, 'import'],
      [2, 'import'],
    ]);
    expect((history[1].data as RegistryVersion).changed).toEqual(['headcount']);
    expect(await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'registry.import.batch').execute()).toHaveLength(3);
  });

  it("the rejected rows download as a workbook: row, column, value, reason and the original cells; 404 outside the importer's scope", async () => {
    const file = await workbook({ 企业: [H, enterpriseRow(good1), enterpriseRow(badCode), enterpriseRow(badPlace)] });
    const r = await importAndWait('enterprises', file);
    expect(r).toMatchObject({ status: 'done', failed: 2 });
    const res = await t.app.inject({ url: `/api/registry/imports/${r.id}/errors.xlsx`, headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('upload-导入错误.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('企业错误');
    if (!ws) throw new Error('no 企业错误 sheet');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['行号', '列', '值', '原因']);
    expect(header).toContain('原表：企业名称');
    const lines = ws.getSheetValues().slice(2).filter(Boolean) as unknown[][];
    const byRow = (n: number) => lines.filter((l) => l[1] === n).map((l) => Object.fromEntries(header.map((h, i) => [h, l[i + 1] ?? null])));
    // Row 3: the bad check character, with the value and the row's other cells; row 4: the unknown town.
    expect(byRow(3)).toContainEqual(
      expect.objectContaining({
        列: '统一社会信用代码',
        值: badCode.统一社会信用代码,
        原因: expect.stringContaining('校验码错误'),
        '原表：企业名称': '校验码错误企业',
      }),
    );
    expect(byRow(4)).toContainEqual(
      expect.objectContaining({
        列: '所在镇街',
        值: '不存在镇',
        原因: expect.stringContaining('未知的镇'),
        '原表：企业名称': '地点错误企业',
        '原表：经度': 120.1,
      }),
    );
    // The good row is not in it.
    expect(byRow(2)).toEqual([]);

    // Another town's user cannot see the admin's import (not found, as for the job itself); the admin sees a town's.
    const gaoqiao = await userSession(t, { roles: ['town_staff'], unit: '330203100' });
    const other = await t.app.inject({ url: `/api/registry/imports/${r.id}/errors.xlsx`, headers: gaoqiao.headers });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('IMPORT_NOT_FOUND');
    expect((await t.app.inject({ url: `/api/registry/imports/${r.id}`, headers: gaoqiao.headers })).statusCode).toBe(404);
    const townImport = await importAndWait('enterprises', await workbook({ 企业: [H, enterpriseRow(badPlace)] }), shiqi.headers);
    expect((await t.app.inject({ url: `/api/registry/imports/${townImport.id}/errors.xlsx`, headers: admin.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/registry/imports/${townImport.id}/errors.xlsx`, headers: gaoqiao.headers })).statusCode).toBe(404);
  });

  it('reads lower-case credit codes as upper-case and says so in the report, row by row', async () => {
    const row = { 统一社会信用代码: code(12).toLowerCase(), 企业名称: '小写代码导入企业', 所在镇街: '石碶街道' };
    expect(row.统一社会信用代码).not.toBe(code(12));
    const r = await importAndWait('enterprises', await workbook({ 企业: [H, enterpriseRow(row)] }));
    expect(r).toMatchObject({ inserted: 1, failed: 0 });
    expect(r.notes).toEqual([{ sheet: '企业', row: 2, column: '统一社会信用代码', note: `已按大写读取为“${code(12)}”（表中为“${code(12).toLowerCase()}”）` }]);
    expect(await t.deps.db.selectFrom('enterprises').select('name').where('credit_code', '=', code(12)).execute()).toEqual([{ name: '小写代码导入企业' }]);
    // The upper-case code is the same enterprise; nothing to note.
    const again = await importAndWait('enterprises', await workbook({ 企业: [H, enterpriseRow({ ...row, 统一社会信用代码: code(12) })] }));
    expect(again).toMatchObject({ inserted: 0, unchanged: 1, notes: [] });
  });

  it('a town user cannot import into another town (row error, nothing written)', async () => {
    const row = { 统一社会信用代码: code(10), 企业名称: '高桥镇越权导入企业', 所在镇街: '高桥镇' };
    const r = await importAndWait('enterprises', await workbook({ 企业: [H, enterpriseRow(row)] }), shiqi.headers);
    expect(r).toMatchObject({ inserted: 0, failed: 1 });
    expect(r.errors[0]).toMatchObject({ row: 2, column: '所在镇街', reason: '不在您的管辖范围内' });
  });

  it('duplicate credit codes within one file: the second row is an error', async () => {
    const row = { 统一社会信用代码: code(11), 企业名称: '重复行企业', 所在镇街: '石碶街道' };
    const r = await importAndWait('enterprises', await workbook({ 企业: [H, enterpriseRow(row), enterpriseRow({ ...row, 企业名称: '重复行企业二' })] }));
    expect(r).toMatchObject({ inserted: 1, failed: 1 });
    expect(r.errors[0]).toMatchObject({ row: 3, reason: '与第 2 行重复' });
  });

  it('rejects malformed, empty, header-less and oversized files clearly', async () => {
    const notXlsx = await upload('enterprises', Buffer.from('名称,代码\n某企业,123\n'));
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json().error).toMatchObject({ code: 'IMPORT_FILE_INVALID', fields: [{ field: 'file' }] });
    expect(notXlsx.json().error.message).toContain('.xlsx');
    const broken = await upload('enterprises', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]));
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.message).toContain('损坏');
    const noHeader = await upload('enterprises', await workbook({ 企业: [['名字'], ['某企业']] }));
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().error.message).toContain('缺少必填列');
    const empty = await upload('enterprises', await workbook({ 企业: [H] }));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('没有数据行');
    // The configured limit (ANLAN_MAX_UPLOAD_MB, 10 by default: what the import page states), not a constant of its own.
    expect(t.deps.config.maxUploadMb).toBe(10);
    const huge = await upload('enterprises', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(11 * 1024 * 1024)]));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.fields[0].field).toBe('file');
    const none = await t.app.inject({ method: 'POST', url: '/api/registry/imports/enterprises', payload: {}, headers: admin.headers });
    expect(none.statusCode).toBeGreaterThanOrEqual(400);
    expect(none.statusCode).toBeLessThan(500);
    expect(await t.deps.db.selectFrom('registry_imports').select('id').where('status', '=', 'running').execute()).toHaveLength(0);
  });
});

describe('parks and risk points import', () => {
  it('imports parks with tenants and risk points, idempotently', async () => {
    const landlord = { 统一社会信用代码: code(20), 企业名称: '园区导入出租方有限公司', 所在镇街: '古林镇' };
    const tenant = { 统一社会信用代码: code(21), 企业名称: '园区导入承租企业', 所在镇街: '古林镇' };
    const elsewhere = { 统一社会信用代码: code(22), 企业名称: '石碶外镇企业', 所在镇街: '石碶街道' };
    await importAndWait('enterprises', await workbook({ 企业: [H, enterpriseRow(landlord), enterpriseRow(tenant), enterpriseRow(elsewhere)] }));
    const parks = await workbook({
      园区: [
        ['园区名称', '园区类型', '所在镇街', '村（社区）', '地址', '经度', '纬度', '出租方信用代码', '专职安全管理人员数', '规范化达标', '达标日期', '已投保'],
        ['古林导入小微园', '小微园区', '古林镇', null, '古林镇某路 1 号', 121.46, 29.82, code(20), 2, '是', '2025-06-30', '是'],
        ['古林无出租方园', '小微园区', '古林镇', null, null, null, null, code(99), 0, '否', null, '否'],
      ],
      租户: [
        ['园区名称', '所在镇街', '承租企业信用代码', '租赁关系', '已签安全管理协议', '协议签订日期', '协议到期日期', '入驻日期', '迁出日期'],
        ['古林导入小微园', '古林镇', code(21), '厂中厂', '是', '2025-01-01', '2026-01-01', '2024-12-01', null],
        ['古林导入小微园', '古林镇', code(98), '一厂多租', '否', null, null, null, null],
        ['古林导入小微园', '古林镇', code(22), '一厂多租', '否', null, null, null, null],
      ],
    });
    const r = await importAndWait('parks', parks);
    expect(r).toMatchObject({ total: 5, inserted: 2, failed: 3 });
    expect(r.errors).toContainEqual(expect.objectContaining({ sheet: '园区', row: 3, column: '出租方信用代码' }));
    expect(r.errors).toContainEqual(expect.objectContaining({ sheet: '租户', row: 3, column: '承租企业信用代码' }));
    // A tenant registered in another town is refused, as by the form (upsertTenant).
    expect(r.errors).toContainEqual({ sheet: '租户', row: 4, column: '承租企业信用代码', reason: '租户企业须与园区属同一镇街' });
    const again = await importAndWait('parks', parks);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const park = await t.deps.db.selectFrom('parks').selectAll().where('name', '=', '古林导入小微园').execute();
    expect(park).toHaveLength(1);
    expect(park[0]).toMatchObject({ standardized: true, insured: true, standardized_at: '2025-06-30' });
    const tenants = await t.deps.db.selectFrom('park_tenants').selectAll().where('park_id', '=', park[0].id).execute();
    expect(tenants).toEqual([expect.objectContaining({ relation: 'factory_in_factory', agreement_signed: true })]);

    const risks = await workbook({
      风险点: [
        [
          '企业信用代码',
          '风险点名称',
          '区域/部位',
          '危险源',
          '事故类型',
          'L 可能性',
          'E 暴露频率',
          'C 后果',
          '管控措施',
          '管控层级',
          '责任人',
          '责任人电话',
          '复核周期（天）',
          '上次复核日期',
        ],
        [code(21), '喷涂房', '二号车间', '油漆稀释剂', '火灾', 6, 6, 15, '通风、防爆电器', null, '赵敏', '17000002345', 90, '2025-01-15'],
        [code(21), '冲压机', '一号车间', '冲床', '机械伤害', 4, 6, 7, null, null, '赵敏', null, 90, null],
        [code(21), '叉车', '仓库', '叉车', '车辆伤害', 3, 3, 7, null, '班组级', '', null, 0, null],
      ],
    });
    const rr = await importAndWait('risk_points', risks);
    expect(rr).toMatchObject({ inserted: 1, failed: 2 });
    expect(rr.errors).toContainEqual(expect.objectContaining({ row: 3, column: 'L 可能性' }));
    expect(rr.errors).toContainEqual(expect.objectContaining({ row: 4, column: '责任人', reason: '为必填项' }));
    const point = await t.deps.db.selectFrom('risk_points').selectAll().where('name', '=', '喷涂房').executeTakeFirstOrThrow();
    expect(point).toMatchObject({ grade: 'red', next_review_on: '2025-04-15', control_tier: 'company' });
    expect(Number(point.lec_d)).toBe(540);
    expect(await t.deps.db.selectFrom('jobs').select('id').where('dedup_key', '=', `registry:risk-point:${point.id}:review`).execute()).toHaveLength(1);
    expect(await importAndWait('risk_points', risks)).toMatchObject({ inserted: 0, unchanged: 1 });
  });
});

describe('export', () => {
  it('escapes cells that would run as formulas, and exports only what the caller may see', async () => {
    expect(escapeCell('=1+1')).toBe("'=1+1");
    expect(escapeCell('+86')).toBe("'+86");
    expect(escapeCell('-x')).toBe("'-x");
    expect(escapeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeCell('正常文本')).toBe('正常文本');
    expect(escapeCell(-5)).toBe(-5);
    const body = { creditCode: code(30), name: '=HYPERLINK("http://evil.example","点我")', townCode: '330203009', address: '@SUM(1+1)*cmd|/C calc' };
    expect((await t.app.inject({ method: 'POST', url: '/api/registry/enterprises', payload: body, headers: admin.headers })).statusCode).toBe(201);
    await t.app.inject({
      method: 'POST',
      url: '/api/registry/enterprises',
      payload: { creditCode: code(31), name: '高桥导出测试企业', townCode: '330203100' },
      headers: admin.headers,
    });

    const res = await t.app.inject({ url: `/api/registry/enterprises/export?town=330203009`, headers: shiqi.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('企业') as ExcelJS.Worksheet;
    const names: string[] = [];
    const addresses: string[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      names.push(String(row.getCell(2).value));
      addresses.push(String(row.getCell(5).value));
      expect(row.getCell(2).formula).toBeUndefined();
    });
    expect(names).toContain('\'=HYPERLINK("http://evil.example","点我")');
    expect(addresses).toContain("'@SUM(1+1)*cmd|/C calc");
    expect(names).not.toContain('高桥导出测试企业');
    // The export re-imports as it is (the escape comes off again): nothing changes.
    const reimport = await importAndWait('enterprises', res.rawPayload);
    expect(reimport.failed).toBe(0);
    expect(reimport.inserted).toBe(0);
    expect(reimport.updated).toBe(0);
    expect(await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'registry.export').execute()).not.toHaveLength(0);
  });
});

// Excel in and out. The export layout is the import template, so a user can export, edit and re-import.
// Imports validate every row with the same rules as the API, skip bad rows with a Chinese reason per cell,
// and write in batches of BATCH rows, each its own short transaction (PGlite has one connection; a giant
// transaction would stall every other request). Re-importing updates by key (credit code; park name in
// its town; risk point name in its enterprise) and never duplicates.
import { cellTime } from '../../../shared/time.ts';
import { PassThrough, type Readable } from 'node:stream';
import type { CellValue, Worksheet } from 'exceljs';
import { cellValue, escapeCell, excel, gridSheet, loadWorkbook, newWorkbook, type PlainCell, xlsxBytes } from '../../platform/excel.ts';
import { isIsoDate } from '../../../shared/schema.ts';
import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import { v7 } from 'uuid';
import {
  ACCIDENT_TYPES,
  CONTROL_TIER_LABELS,
  ENTERPRISE_STATUS_LABELS,
  PARK_KIND_LABELS,
  RISK_GRADE_SHORT,
  SPECIAL_CATEGORIES,
  STANDARDIZATION_LABELS,
  SUPERVISING_LEVEL_LABELS,
  TENANT_RELATION_LABELS,
} from '../../../shared/registry.ts';
import { coversJurisdiction, requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { badRequest, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { ImportJob, ImportStarted } from '../../../shared/registry.dto.ts';
import * as repo from './registry.repo.ts';
import { type Issue, localDate, type OrgRefs } from './registry.rules.ts';
import type { EnterpriseFilters, EnterpriseInput, ParkFilters, RiskPointFilters } from './registry.schema.ts';
import { firstVersion, historyRow, orgRefs } from './registry.common.ts';
import { type EnterpriseValues, normalizeEnterprise, presentEnterprise } from './registry.enterprises.ts';
import { normalizePark, presentPark, presentTenancy } from './registry.parks.ts';
import { lecPolicy, normalizeRiskPoint, presentRiskPoint, scheduleReview } from './registry.risk.ts';
import type { EnterprisesTable, ImportKind, ImportRowError, ImportRowNote, RegistryEntity } from './registry.tables.ts';

export const BATCH = 1000;
export const MAX_IMPORT_ROWS = 100_000;
const MAX_KEPT_ERRORS = 2000;

// ── cells ───────────────────────────────────────────────────────────────────────────────────────────
type Cell = PlainCell;

interface Reader {
  issues: Issue[];
  str(col: string, required?: boolean): string | undefined;
  /** A credit code: read upper-case (GB 32100 has only capitals, so lower-case is unambiguous), with a note when that changed it. */
  code(col: string, required?: boolean): string | undefined;
  num(col: string): number | undefined;
  int(col: string): number | undefined;
  date(col: string): string | undefined;
  bool(col: string): boolean | undefined;
  pick<T extends string>(col: string, labels: Record<T, string>, extra?: Record<string, T>): T | undefined;
}

function reader(get: (col: string) => Cell, note: (column: string, note: string) => void): Reader {
  const issues: Issue[] = [];
  const bad = (col: string, message: string) => issues.push({ field: col, message, messageEn: message });
  const r: Reader = {
    issues,
    str(col, required) {
      const v = get(col);
      if (v === null) {
        if (required) bad(col, '为必填项');
        return undefined;
      }
      if (typeof v === 'number' && Math.abs(v) >= 1e15) {
        bad(col, '被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写');
        return undefined;
      }
      return v instanceof Date ? localDate(v) : String(v).trim();
    },
    code(col, required) {
      const v = r.str(col, required);
      const code = v?.toUpperCase();
      if (code !== v) note(col, `已按大写读取为“${code}”（表中为“${v}”）`);
      return code;
    },
    num(col) {
      const v = get(col);
      if (v === null) return undefined;
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      if (typeof v === 'boolean' || v instanceof Date || !Number.isFinite(n)) {
        bad(col, `“${String(v)}”不是数字`);
        return undefined;
      }
      return n;
    },
    int(col) {
      const n = r.num(col);
      if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
        bad(col, `“${n}”不是非负整数`);
        return undefined;
      }
      return n;
    },
    date(col) {
      const v = get(col);
      if (v === null) return undefined;
      // exceljs gives dates as UTC midnight of the calendar date typed in the cell.
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(String(v).trim());
      const d = m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : '';
      if (!isIsoDate(d)) {
        bad(col, `“${String(v)}”不是有效日期（例：2025-03-31）`);
        return undefined;
      }
      return d;
    },
    bool(col) {
      const v = get(col);
      if (v === null) return undefined;
      if (typeof v === 'boolean') return v;
      const s = String(v).trim().toLowerCase();
      if (['是', '有', 'y', 'yes', 'true', '1', '√'].includes(s)) return true;
      if (['否', '无', 'n', 'no', 'false', '0', '×'].includes(s)) return false;
      bad(col, `“${String(v)}”应填“是”或“否”`);
      return undefined;
    },
    pick(col, labels, extra = {}) {
      const v = r.str(col);
      if (v === undefined) return undefined;
      for (const [k, label] of Object.entries(labels) as [string, string][]) if (label === v || k === v) return k as never;
      if (extra[v]) return extra[v];
      bad(col, `“${v}”不是可选值（${Object.values(labels).join('、')}）`);
      return undefined;
    },
  };
  return r;
}

// ── sheet layouts (template = export) ─────────────────────────────────────────────────────────────
interface Column {
  header: string;
  required?: boolean;
  width?: number;
  text?: boolean;
  hint: string;
}
const col = (header: string, hint: string, o: Partial<Column> = {}): Column => ({ header, hint, width: Math.max(10, header.length * 2 + 2), ...o });

const CATEGORY_HINT = SPECIAL_CATEGORIES.map((c) => c.zh).join('、');
export const ENTERPRISE_COLUMNS: Column[] = [
  col('统一社会信用代码', '18 位，按 GB 32100 校验；小写字母按大写读取；请保持“文本”格式', { required: true, width: 22, text: true }),
  col('企业名称', '营业执照上的全称', { required: true, width: 32 }),
  col('所在镇街', '镇（乡、街道）名称或 9 位代码，例：石碶街道', { required: true, width: 12 }),
  col('村（社区）', '村/社区名称或 12 位代码（可空）', { width: 16 }),
  col('地址', '生产经营地址', { width: 30 }),
  col('经度', 'WGS-84，海曙区范围 121.20–121.60'),
  col('纬度', 'WGS-84，海曙区范围 29.70–30.00'),
  col('行业代码', 'GB/T 4754 大类 2 位或中类/小类 3–4 位，例：29、2924', { text: true }),
  col('行业名称', '可空，空时取大类名称', { width: 20 }),
  col('特殊类别', `多个用“、”分隔：${CATEGORY_HINT}`, { width: 20 }),
  col('从业人数', '整数'),
  col('主要负责人', ''),
  col('负责人电话', '手机 11 位或 0574-xxxxxxxx', { text: true, width: 14 }),
  col('安全管理人员', ''),
  col('安全管理人员电话', '手机 11 位或 0574-xxxxxxxx', { text: true, width: 16 }),
  col('风险等级', '重大、较大、一般、低（可空）'),
  col('标准化等级', '一级、二级、三级、未定级'),
  col('信用等级', '例：A、B、C'),
  col('严重失信列入日期', '日期，例：2024-05-01'),
  col('严重失信截止日期', '空时按列入日期起 3 年'),
  col('重点执法单位', '是 / 否'),
  col('监管层级', '区级 / 镇街级'),
  col('监管部门', '部门名称（如 应急管理局）或代码，空时为区应急管理局', { width: 16 }),
  col('物联设备数', '整数'),
  col('经营状态', '在营、停产、关闭'),
];

export const PARK_COLUMNS: Column[] = [
  col('园区名称', '同一镇街内唯一', { required: true, width: 28 }),
  col('园区类型', '小微园区 / 工业园区'),
  col('所在镇街', '名称或 9 位代码', { required: true }),
  col('村（社区）', '名称或 12 位代码（可空）', { width: 16 }),
  col('地址', '', { width: 30 }),
  col('经度', 'WGS-84'),
  col('纬度', 'WGS-84'),
  col('出租方信用代码', '出租方（业主）企业的统一社会信用代码，须已在名录中', { text: true, width: 22 }),
  col('专职安全管理人员数', '整数'),
  col('规范化达标', '是 / 否'),
  col('达标日期', '日期'),
  col('已投保', '是 / 否（保险+服务、园盾安心保）'),
];
export const TENANT_COLUMNS: Column[] = [
  col('园区名称', '须与“园区”表或系统中的园区一致', { required: true, width: 28 }),
  col('所在镇街', '园区所在镇街', { required: true }),
  col('承租企业信用代码', '须已在名录中', { required: true, text: true, width: 22 }),
  col('租赁关系', '一厂多租、厂中厂、园中园'),
  col('已签安全管理协议', '是 / 否'),
  col('协议签订日期', '日期'),
  col('协议到期日期', '日期'),
  col('入驻日期', '日期'),
  col('迁出日期', '日期（仍在园区则空）'),
];

export const RISK_COLUMNS: Column[] = [
  col('企业信用代码', '风险点所属企业', { required: true, text: true, width: 22 }),
  col('风险点名称', '同一企业内唯一', { required: true, width: 24 }),
  col('区域/部位', '例：注塑车间', { required: true, width: 16 }),
  col('危险源', '例：注塑机、可燃物料堆放', { width: 20 }),
  col('事故类型', `GB 6441：${ACCIDENT_TYPES.join('、')}`, { required: true }),
  col('L 可能性', '0.1、0.2、0.5、1、3、6、10', { required: true }),
  col('E 暴露频率', '0.5、1、2、3、6、10', { required: true }),
  col('C 后果', '1、3、7、15、40、100', { required: true }),
  col('管控措施', '', { width: 30 }),
  col('管控层级', '公司级、车间级、班组级、岗位级（空时按风险等级）'),
  col('责任人', '', { required: true }),
  col('责任人电话', '', { text: true, width: 14 }),
  col('复核周期（天）', '1–1095', { required: true }),
  col('上次复核日期', '日期（空时从今天起算）'),
];

// Export-only columns appended after the template's (ignored on import).
const ENTERPRISE_EXPORT_EXTRA = ['版本', '更新时间'];
const RISK_EXPORT_EXTRA = ['企业名称', 'D 值', '风险等级', '下次复核日期', '状态'];

// ── templates ───────────────────────────────────────────────────────────────────────────────────────
const TEMPLATE_SHEETS: Record<ImportKind, { name: string; columns: Column[] }[]> = {
  enterprises: [{ name: '企业', columns: ENTERPRISE_COLUMNS }],
  parks: [
    { name: '园区', columns: PARK_COLUMNS },
    { name: '租户', columns: TENANT_COLUMNS },
  ],
  risk_points: [{ name: '风险点', columns: RISK_COLUMNS }],
};
export const TEMPLATE_FILE_NAMES: Record<ImportKind, string> = {
  enterprises: '企业名录导入模板.xlsx',
  parks: '园区及租户导入模板.xlsx',
  risk_points: '风险点导入模板.xlsx',
};

function addHeader(ws: Worksheet, columns: Column[], extra: string[] = []) {
  ws.columns = [
    ...columns.map((c) => ({ header: c.required ? `${c.header}*` : c.header, width: c.width, style: c.text ? { numFmt: '@' } : {} })),
    ...extra.map((h) => ({ header: h, width: 14 })),
  ];
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F3' } };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

export async function templateWorkbook(kind: ImportKind): Promise<Buffer> {
  const wb = await newWorkbook();
  const help = gridSheet(
    wb,
    '填写说明',
    [
      { header: '工作表', width: 10 },
      { header: '列', width: 22 },
      { header: '必填', width: 6 },
      { header: '说明', width: 70 },
    ],
    [],
  );
  for (const sheet of TEMPLATE_SHEETS[kind]) {
    const ws = wb.addWorksheet(sheet.name);
    addHeader(ws, sheet.columns);
    for (const c of sheet.columns) help.addRow([sheet.name, c.header, c.required ? '是' : '', c.hint]);
  }
  help.addRow([]);
  help.addRow([
    '',
    '说明',
    '',
    '第一行为表头，请勿修改；从第二行起每行一条记录。带 * 的列必填。有错误的行不会导入，其余行照常导入；修改后可重复导入，按唯一键更新，不会重复。',
  ]);
  wb.views = [{ activeTab: 1, x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, visibility: 'visible' }];
  return await xlsxBytes(wb);
}

// ── reading an uploaded workbook ────────────────────────────────────────────────────────────────────
interface SheetRows {
  sheet: string;
  /** 1-based Excel row number and a getter by column header. */
  rows: { row: number; get: (header: string) => Cell }[];
}

const fileError = (zh: string, en: string) => badRequest('IMPORT_FILE_INVALID', zh, en, [{ field: 'file', message: zh, messageEn: en }]);

/** `maxMb`: the configured upload limit (ANLAN_MAX_UPLOAD_MB), the one the import page states. */
export async function readWorkbook(kind: ImportKind, data: Buffer, maxMb: number): Promise<SheetRows[]> {
  if (data.length === 0) throw fileError('上传的文件是空的', 'The uploaded file is empty');
  if (data.length > maxMb * 1024 * 1024) throw fileError(`文件超过 ${maxMb} MB 上限`, `The file is larger than ${maxMb} MB`);
  // .xlsx is a zip archive: anything else (an old .xls, a CSV renamed) is refused before parsing.
  if (data[0] !== 0x50 || data[1] !== 0x4b || data[2] !== 0x03 || data[3] !== 0x04) {
    throw fileError('文件不是 .xlsx 格式（请用 Excel 另存为“Excel 工作簿 (*.xlsx)”）', 'The file is not an .xlsx workbook');
  }
  // Loaded whole, as every other import does. exceljs' streaming reader was about twice as fast, but it
  // iterates zip entries with a racy helper and under load intermittently failed a valid file (or, per
  // exceljs#2915, returns shared-string indices instead of text); the upload is in memory anyway.
  const read: { name: string; rows: { n: number; values: CellValue[] }[] }[] = [];
  const wb = await loadWorkbook(data, () => fileError('文件已损坏或不是有效的 Excel 工作簿', 'The file is damaged or not a valid workbook'));
  let seen = 0;
  for (const sheet of wb.worksheets) {
    const rows: { n: number; values: CellValue[] }[] = [];
    sheet.eachRow((row) => {
      rows.push({ n: row.number, values: row.values as CellValue[] });
    });
    seen += rows.length;
    if (seen > MAX_IMPORT_ROWS + 10) throw fileError(`数据行超过 ${MAX_IMPORT_ROWS} 行上限，请分批导入`, `More than ${MAX_IMPORT_ROWS} rows`);
    read.push({ name: sheet.name, rows });
  }
  const out: SheetRows[] = [];
  let total = 0;
  const specs = TEMPLATE_SHEETS[kind];
  for (const [i, spec] of specs.entries()) {
    // Find the sheet by name; a single-sheet import also accepts the first data sheet under any name.
    const ws = read.find((w) => w.name === spec.name) ?? (specs.length === 1 ? read.find((w) => w.name !== '填写说明' && w.rows.length) : undefined);
    if (!ws) {
      if (i === 0) throw fileError(`找不到工作表“${spec.name}”（请使用下载的模板）`, `Sheet "${spec.name}" not found`);
      continue;
    }
    const index = new Map<string, number>();
    const header = ws.rows.find((r) => r.n === 1)?.values ?? [];
    header.forEach((v, colNumber) => {
      const name = String(cellValue(v ?? null) ?? '')
        .replace(/[*＊\s]/g, '')
        .trim();
      if (name) index.set(name, colNumber);
    });
    const missing = spec.columns.filter((c) => c.required && !index.has(c.header.replace(/\s/g, ''))).map((c) => c.header);
    if (missing.length) throw fileError(`工作表“${spec.name}”缺少必填列：${missing.join('、')}`, `Sheet "${spec.name}" lacks columns: ${missing.join(', ')}`);
    const rows: SheetRows['rows'] = [];
    for (const { n, values } of ws.rows) {
      if (n === 1 || !values.some((v) => cellValue(v ?? null) !== null)) continue;
      rows.push({
        row: n,
        get: (h) => {
          const c = index.get(h.replace(/\s/g, ''));
          return c ? cellValue(values[c] ?? null) : null;
        },
      });
    }
    total += rows.length;
    if (total > MAX_IMPORT_ROWS) throw fileError(`数据行超过 ${MAX_IMPORT_ROWS} 行上限，请分批导入`, `More than ${MAX_IMPORT_ROWS} rows`);
    out.push({ sheet: spec.name, rows });
  }
  if (total === 0) throw fileError('工作簿中没有数据行', 'The workbook has no data rows');
  return out;
}

// ── lookups by name or code ─────────────────────────────────────────────────────────────────────────
function townCode(refs: OrgRefs, v: string | undefined): string | undefined {
  if (!v) return undefined;
  return /^\d{9}$/.test(v) ? v : (refs.byName.get(v) ?? v);
}
function villageCode(refs: OrgRefs, town: string | undefined, v: string | undefined): string | undefined {
  if (!v) return undefined;
  return /^\d{12}$/.test(v) ? v : (refs.byName.get(`${town}/${v}`) ?? `?${v}`);
}
function deptCode(refs: OrgRefs, v: string | undefined): string | undefined {
  if (!v) return undefined;
  return refs.byName.get(v) ?? refs.byName.get(`海曙区${v}`) ?? v;
}
const CATEGORY_BY_LABEL = new Map(SPECIAL_CATEGORIES.flatMap((c) => [[c.zh, c.key] as const, [c.key, c.key] as const]));

function issuesToErrors(sheet: string, row: number, issues: Issue[]): ImportRowError[] {
  return issues.map((i) => ({ sheet, row, column: i.field, reason: i.message }));
}

// ── the import job ──────────────────────────────────────────────────────────────────────────────────
interface Tally {
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: ImportRowError[];
  notes: ImportRowNote[];
}

const running = new Map<string, Promise<void>>();
/** Resolves when the import has finished (tests and the CLI wait on it; the UI polls the row). */
export const waitForImport = (id: string) => running.get(id) ?? Promise.resolve();

/** Start importing an uploaded workbook; the rows are written in the background (poll getImport). */
export async function startImport(ctx: Ctx, kind: ImportKind, file: { filename: string; data: Buffer } | undefined): Promise<ImportStarted> {
  requirePermission(ctx, 'registry:write');
  if (ctx.actor.enterpriseId) throw forbidden();
  if (!file) throw fieldError('file', '请选择要导入的 .xlsx 文件', 'is required');
  const fileName = file.filename;
  const sheets = await readWorkbook(kind, file.data, ctx.deps.config.maxUploadMb);
  const total = sheets.reduce((s, x) => s + x.rows.length, 0);
  const id = v7();
  await withTx(ctx, async (c) => {
    await c.db
      .insertInto('registry_imports')
      .values({
        id,
        kind,
        file_name: fileName.slice(0, 200),
        total,
        jurisdiction_code: ctx.actor.unitCode,
        created_by: ctx.actor.id,
        created_at: ctx.deps.clock.now(),
      })
      .execute();
    await audit(c.db, c, { action: 'registry.import.start', resourceType: 'registry_import', resourceId: id, detail: { kind, fileName, total } });
  });
  const work = runImport(ctx, id, kind, sheets)
    .catch(async (err) => {
      await ctx.deps.db
        .updateTable('registry_imports')
        .set({ status: 'failed', message: `导入中断：${(err as Error)?.message ?? err}`.slice(0, 1000), finished_at: ctx.deps.clock.now() })
        .where('id', '=', id)
        .execute()
        .catch(() => {});
    })
    .finally(() => running.delete(id));
  running.set(id, work);
  return { id, total };
}

async function runImport(ctx: Ctx, id: string, kind: ImportKind, sheets: SheetRows[]) {
  const refs = await orgRefs(ctx.deps);
  const t: Tally = { processed: 0, inserted: 0, updated: 0, unchanged: 0, failed: 0, errors: [], notes: [] };
  // The batch being read, so a rejected row's first error carries the row's cells for the error workbook.
  let current = { columns: [] as Column[], rows: new Map<number, SheetRows['rows'][number]>() };
  const withCells = new Set<string>();
  const fail = (errs: ImportRowError[]) => {
    if (errs.length === 0) return;
    t.failed++;
    for (const e of errs) {
      if (t.errors.length >= MAX_KEPT_ERRORS) break;
      const key = `${e.sheet}\u0000${e.row}`;
      const source = current.rows.get(e.row);
      if (source && !withCells.has(key)) {
        withCells.add(key);
        t.errors.push({ ...e, cells: rowCells(current.columns, source.get) });
      } else t.errors.push(e);
    }
  };
  for (const sheet of sheets) {
    const handler = kind === 'enterprises' ? enterpriseBatch : kind === 'risk_points' ? riskBatch : sheet.sheet === '园区' ? parkBatch : tenantBatch;
    const seen = new Map<string, number>();
    const columns = TEMPLATE_SHEETS[kind].find((s) => s.name === sheet.sheet)?.columns ?? [];
    for (let i = 0; i < sheet.rows.length; i += BATCH) {
      const batch = sheet.rows.slice(i, i + BATCH);
      current = { columns, rows: new Map(batch.map((r) => [r.row, r])) };
      await handler(ctx, refs, sheet.sheet, batch, seen, t, fail);
      t.processed += batch.length;
      await withTx(ctx, async (c) => {
        await repo.importProgress(c.db, id, t);
        await audit(c.db, c, {
          action: `registry.import.batch`,
          resourceType: 'registry_import',
          resourceId: id,
          detail: { kind, sheet: sheet.sheet, rows: [batch[0].row, batch[batch.length - 1].row], ...tallyCounts(t) },
        });
      });
      // Let requests waiting for the single PGlite connection in between batches.
      await new Promise((r) => setImmediate(r));
    }
  }
  const message = `共 ${t.processed} 行：新增 ${t.inserted}，更新 ${t.updated}，无变化 ${t.unchanged}，错误 ${t.failed}`;
  await ctx.deps.db
    .updateTable('registry_imports')
    .set({ ...t, errors: JSON.stringify(t.errors), notes: JSON.stringify(t.notes), status: 'done', message, finished_at: ctx.deps.clock.now() })
    .where('id', '=', id)
    .execute();
}

/** A row's non-empty cells by template header, as JSON-safe values (a date as its day in the district). */
function rowCells(columns: Column[], get: (header: string) => Cell): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const c of columns) {
    const v = get(c.header);
    if (v !== null) out[c.header] = v instanceof Date ? localDate(v) : v;
  }
  return out;
}

/** The reader for one row, its notes going to the report. */
const rowReader = (t: Tally, sheet: string, row: number, get: (col: string) => Cell) =>
  reader(get, (column, note) => {
    if (t.notes.length < MAX_KEPT_ERRORS) t.notes.push({ sheet, row, column, note });
  });

const tallyCounts = (t: Tally) => ({ inserted: t.inserted, updated: t.updated, unchanged: t.unchanged, failed: t.failed });

type BatchHandler = (
  ctx: Ctx,
  refs: OrgRefs,
  sheet: string,
  rows: SheetRows['rows'],
  seen: Map<string, number>,
  t: Tally,
  fail: (e: ImportRowError[]) => void,
) => Promise<void>;

function importHistory(ctx: Ctx, type: RegistryEntity, id: string, version: number, before: Record<string, unknown> | null, after: Record<string, unknown>) {
  return historyRow(ctx, type, id, version, 'import', before, after);
}

/** Parse one enterprise row into the API's input shape (names accepted where codes are expected). */
export function enterpriseFromRow(refs: OrgRefs, r: Reader): EnterpriseInput {
  const C = ENTERPRISE_COLUMNS.map((c) => c.header);
  const town = townCode(refs, r.str(C[2], true));
  const cats = r.str(C[9]);
  const categories: string[] = [];
  for (const label of cats ? cats.split(/[、,，;；\s]+/).filter(Boolean) : []) {
    const key = CATEGORY_BY_LABEL.get(label);
    if (key) categories.push(key);
    else r.issues.push({ field: C[9], message: `未知的特殊类别“${label}”（可选：${CATEGORY_HINT}）`, messageEn: `unknown category ${label}` });
  }
  const grade = r.pick(C[15], RISK_GRADE_SHORT, {
    重大风险: 'red',
    较大风险: 'orange',
    一般风险: 'yellow',
    低风险: 'blue',
    红: 'red',
    橙: 'orange',
    黄: 'yellow',
    蓝: 'blue',
  });
  return {
    creditCode: r.code(C[0], true) ?? '',
    name: r.str(C[1], true) ?? '',
    townCode: town ?? '',
    villageCode: villageCode(refs, town, r.str(C[3])) ?? null,
    address: r.str(C[4]) ?? null,
    lon: r.num(C[5]) ?? null,
    lat: r.num(C[6]) ?? null,
    industryCode: r.str(C[7]) ?? null,
    industryName: r.str(C[8]) ?? null,
    categories,
    headcount: r.int(C[10]) ?? null,
    principalName: r.str(C[11]) ?? null,
    principalPhone: r.str(C[12])?.replace(/\s/g, '') ?? null,
    safetyManagerName: r.str(C[13]) ?? null,
    safetyManagerPhone: r.str(C[14])?.replace(/\s/g, '') ?? null,
    riskGrade: grade ?? null,
    standardizationLevel: r.pick(C[16], STANDARDIZATION_LABELS, { 未达标: 'none', 无: 'none' }) ?? 'none',
    creditRating: r.str(C[17]) ?? null,
    dishonestFrom: r.date(C[18]) ?? null,
    dishonestUntil: r.date(C[19]) ?? null,
    keyUnit: r.bool(C[20]) ?? false,
    supervisingLevel: r.pick(C[21], SUPERVISING_LEVEL_LABELS, { 镇街: 'town', 区: 'district' }) ?? 'town',
    supervisingDeptCode: deptCode(refs, r.str(C[22])),
    iotDeviceCount: r.int(C[23]) ?? 0,
    status: r.pick(C[24], ENTERPRISE_STATUS_LABELS, { 正常: 'active', 停业: 'suspended', 注销: 'closed' }) ?? 'active',
  };
}

const ENTERPRISE_FIELD_HEADERS: Record<string, string> = {
  creditCode: '统一社会信用代码',
  name: '企业名称',
  townCode: '所在镇街',
  villageCode: '村（社区）',
  lon: '经度',
  lat: '纬度',
  industryCode: '行业代码',
  categories: '特殊类别',
  principalPhone: '负责人电话',
  safetyManagerPhone: '安全管理人员电话',
  dishonestFrom: '严重失信列入日期',
  dishonestUntil: '严重失信截止日期',
  supervisingDeptCode: '监管部门',
};
const headerOf = (map: Record<string, string>) => (k: string) => map[k] ?? k;

const enterpriseBatch: BatchHandler = async (ctx, refs, sheet, rows, seen, t, fail) => {
  const parsed: { row: number; values: EnterpriseValues }[] = [];
  for (const { row, get } of rows) {
    const r = rowReader(t, sheet, row, get);
    const input = enterpriseFromRow(refs, r);
    const values = normalizeEnterprise(input, refs, headerOf(ENTERPRISE_FIELD_HEADERS), r.issues);
    if (!r.issues.length && !coversJurisdiction(ctx.actor, values.jurisdiction_code)) {
      r.issues.push({ field: '所在镇街', message: '不在您的管辖范围内', messageEn: 'outside your jurisdiction' });
    }
    const first = seen.get(values.credit_code);
    if (!r.issues.length && first !== undefined) r.issues.push({ field: '统一社会信用代码', message: `与第 ${first} 行重复`, messageEn: 'duplicate in file' });
    if (r.issues.length) {
      fail(issuesToErrors(sheet, row, r.issues));
      continue;
    }
    seen.set(values.credit_code, row);
    parsed.push({ row, values });
  }
  if (parsed.length === 0) return;
  const now = ctx.deps.clock.now();
  await withTx(ctx, async (c) => {
    const existing = new Map(
      (
        await repo.enterprisesByCreditCode(
          c.db,
          parsed.map((p) => p.values.credit_code),
          true,
        )
      ).map((e) => [e.credit_code, e]),
    );
    const writes: Insertable<EnterprisesTable>[] = [];
    const history: ReturnType<typeof importHistory>[] = [];
    let inserted = 0;
    let updated = 0;
    for (const { row, values } of parsed) {
      const ex = existing.get(values.credit_code);
      if (ex && !coversJurisdiction(ctx.actor, ex.jurisdiction_code)) {
        fail([{ sheet, row, column: '统一社会信用代码', reason: '该企业已登记在您管辖范围以外，不能通过导入修改' }]);
        continue;
      }
      const base = ex ?? { id: v7(), version: 0, created_at: now, created_by: ctx.actor.id };
      const row2 = {
        ...values,
        id: base.id,
        version: base.version + 1,
        created_at: base.created_at,
        created_by: base.created_by,
        updated_at: now,
        updated_by: ctx.actor.id,
      };
      const after = presentEnterprise(row2 as repo.EnterpriseRow);
      const before = ex ? presentEnterprise(ex) : null;
      if (before && importHistory(c, 'enterprise', ex!.id, 0, before, after).data.changed.length === 0) {
        t.unchanged++;
        continue;
      }
      writes.push(row2 as Insertable<EnterprisesTable>);
      history.push(importHistory(c, 'enterprise', base.id, row2.version, before, after));
      if (ex) updated++;
      else inserted++;
    }
    await repo.upsertEnterprisesByCreditCode(c.db, writes);
    await repo.insertHistory(c.db, history);
    t.inserted += inserted;
    t.updated += updated;
  });
};

const PARK_FIELD_HEADERS: Record<string, string> = {
  name: '园区名称',
  townCode: '所在镇街',
  villageCode: '村（社区）',
  lon: '经度',
  lat: '纬度',
  standardizedAt: '达标日期',
};

const parkBatch: BatchHandler = async (ctx, refs, sheet, rows, seen, t, fail) => {
  const C = PARK_COLUMNS.map((c) => c.header);
  const parsed: { row: number; town: string; landlordCode?: string; values: ReturnType<typeof normalizePark> }[] = [];
  for (const { row, get } of rows) {
    const r = rowReader(t, sheet, row, get);
    const town = townCode(refs, r.str(C[2], true)) ?? '';
    const input = {
      name: r.str(C[0], true) ?? '',
      kind: r.pick(C[1], PARK_KIND_LABELS, { 小微: 'micro', 工业: 'industrial' }) ?? 'micro',
      townCode: town,
      villageCode: villageCode(refs, town, r.str(C[3])) ?? null,
      address: r.str(C[4]) ?? null,
      lon: r.num(C[5]) ?? null,
      lat: r.num(C[6]) ?? null,
      safetyStaffCount: r.int(C[8]) ?? 0,
      standardized: r.bool(C[9]) ?? false,
      standardizedAt: r.date(C[10]) ?? null,
      insured: r.bool(C[11]) ?? false,
    };
    const landlordCode = r.code(C[7]);
    const values = normalizePark(input, refs, headerOf(PARK_FIELD_HEADERS), r.issues);
    if (!r.issues.length && !coversJurisdiction(ctx.actor, values.jurisdiction_code))
      r.issues.push({ field: '所在镇街', message: '不在您的管辖范围内', messageEn: '' });
    const key = `${town}/${values.name}`;
    if (!r.issues.length && seen.has(key)) r.issues.push({ field: '园区名称', message: `与第 ${seen.get(key)} 行重复`, messageEn: '' });
    if (r.issues.length) {
      fail(issuesToErrors(sheet, row, r.issues));
      continue;
    }
    seen.set(key, row);
    parsed.push({ row, town, landlordCode, values });
  }
  if (parsed.length === 0) return;
  const now = ctx.deps.clock.now();
  await withTx(ctx, async (c) => {
    const landlords = new Map(
      (await repo.enterprisesByCreditCode(c.db, [...new Set(parsed.map((p) => p.landlordCode).filter((code): code is string => !!code))])).map((e) => [
        e.credit_code,
        e,
      ]),
    );
    const keys = parsed.map((p) => `${p.town}/${p.values.name}`);
    const existing = new Map(
      (await c.db.selectFrom('parks').selectAll().where(sql<string>`substr(jurisdiction_code, 1, 9) || '/' || name`, 'in', keys).forUpdate().execute()).map(
        (p) => [`${p.jurisdiction_code.slice(0, 9)}/${p.name}`, p],
      ),
    );
    const history: ReturnType<typeof importHistory>[] = [];
    const inserts = [];
    for (const p of parsed) {
      let landlordId: string | null = null;
      if (p.landlordCode) {
        const l = landlords.get(p.landlordCode);
        if (!l || !coversJurisdiction(ctx.actor, l.jurisdiction_code)) {
          fail([{ sheet, row: p.row, column: '出租方信用代码', reason: `名录中没有信用代码为 ${p.landlordCode} 的企业（请先导入企业）` }]);
          continue;
        }
        landlordId = l.id;
      }
      const values = { ...p.values, landlord_id: landlordId };
      const ex = existing.get(`${p.town}/${values.name}`);
      if (ex && !coversJurisdiction(ctx.actor, ex.jurisdiction_code)) {
        fail([{ sheet, row: p.row, column: '园区名称', reason: '该园区不在您的管辖范围内' }]);
        continue;
      }
      if (ex) {
        const before = presentPark(ex, null);
        const after = presentPark({ ...ex, ...values, version: ex.version + 1, updated_at: now }, null);
        const h = importHistory(c, 'park', ex.id, ex.version + 1, before, after);
        if (h.data.changed.length === 0) {
          t.unchanged++;
          continue;
        }
        await c.db
          .updateTable('parks')
          .set({ ...values, version: ex.version + 1, updated_at: now, updated_by: ctx.actor.id })
          .where('id', '=', ex.id)
          .execute();
        history.push(h);
        t.updated++;
      } else {
        const row = { ...values, id: v7(), ...firstVersion(ctx, now) };
        inserts.push(row);
        history.push(importHistory(c, 'park', row.id, 1, null, presentPark(row as repo.ParkRow, null)));
        t.inserted++;
      }
    }
    if (inserts.length) await c.db.insertInto('parks').values(inserts).execute();
    await repo.insertHistory(c.db, history);
  });
};

interface TenantValues {
  relation: 'multi_tenant' | 'factory_in_factory' | 'park_in_park';
  agreement_signed: boolean;
  agreement_signed_at: string | null;
  agreement_expires_at: string | null;
  moved_in_at: string | null;
  moved_out_at: string | null;
}

const tenantBatch: BatchHandler = async (ctx, refs, sheet, rows, seen, t, fail) => {
  const C = TENANT_COLUMNS.map((c) => c.header);
  const parsed: { row: number; parkKey: string; code: string; values: TenantValues }[] = [];
  for (const { row, get } of rows) {
    const r = rowReader(t, sheet, row, get);
    const park = r.str(C[0], true) ?? '';
    const town = townCode(refs, r.str(C[1], true)) ?? '';
    const code = r.code(C[2], true) ?? '';
    const values = {
      relation: r.pick(C[3], TENANT_RELATION_LABELS) ?? 'multi_tenant',
      agreement_signed: r.bool(C[4]) ?? false,
      agreement_signed_at: r.date(C[5]) ?? null,
      agreement_expires_at: r.date(C[6]) ?? null,
      moved_in_at: r.date(C[7]) ?? null,
      moved_out_at: r.date(C[8]) ?? null,
    };
    if (values.agreement_signed && !values.agreement_signed_at) r.issues.push({ field: C[5], message: '已签协议须填写签订日期', messageEn: '' });
    if (values.agreement_signed_at && values.agreement_expires_at && values.agreement_expires_at < values.agreement_signed_at)
      r.issues.push({ field: C[6], message: '协议到期日不能早于签订日期', messageEn: '' });
    const key = `${town}/${park}/${code}`;
    if (!r.issues.length && seen.has(key)) r.issues.push({ field: C[2], message: `与第 ${seen.get(key)} 行重复`, messageEn: '' });
    if (r.issues.length) {
      fail(issuesToErrors(sheet, row, r.issues));
      continue;
    }
    seen.set(key, row);
    parsed.push({ row, parkKey: `${town}/${park}`, code, values });
  }
  if (parsed.length === 0) return;
  await withTx(ctx, async (c) => {
    const parks = new Map(
      (
        await c.db
          .selectFrom('parks')
          .select(['id', 'jurisdiction_code', 'name', 'landlord_id'])
          .where(sql<string>`substr(jurisdiction_code, 1, 9) || '/' || name`, 'in', [...new Set(parsed.map((p) => p.parkKey))])
          .execute()
      ).map((p) => [`${p.jurisdiction_code.slice(0, 9)}/${p.name}`, p]),
    );
    const tenants = new Map((await repo.enterprisesByCreditCode(c.db, [...new Set(parsed.map((p) => p.code))])).map((e) => [e.credit_code, e]));
    const existing = await c.db
      .selectFrom('park_tenants')
      .selectAll()
      .where(
        'park_id',
        'in',
        [...parks.values()].map((p) => p.id),
      )
      .execute();
    const byKey = new Map(existing.map((e) => [`${e.park_id}:${e.enterprise_id}`, e]));
    const history: ReturnType<typeof importHistory>[] = [];
    for (const p of parsed) {
      const park = parks.get(p.parkKey);
      const tenant = tenants.get(p.code);
      if (!park || !coversJurisdiction(ctx.actor, park.jurisdiction_code)) {
        fail([{ sheet, row: p.row, column: '园区名称', reason: `找不到园区“${p.parkKey.split('/')[1]}”（请先在“园区”表中填写）` }]);
        continue;
      }
      if (!tenant || !coversJurisdiction(ctx.actor, tenant.jurisdiction_code)) {
        fail([{ sheet, row: p.row, column: '承租企业信用代码', reason: `名录中没有信用代码为 ${p.code} 的企业（请先导入企业）` }]);
        continue;
      }
      if (tenant.id === park.landlord_id) {
        fail([{ sheet, row: p.row, column: '承租企业信用代码', reason: '出租方本身不能作为租户' }]);
        continue;
      }
      // As in upsertTenant: a tenant sits in the park, so it is supervised by the park's town.
      if (tenant.jurisdiction_code.slice(0, 9) !== park.jurisdiction_code.slice(0, 9)) {
        fail([{ sheet, row: p.row, column: '承租企业信用代码', reason: '租户企业须与园区属同一镇街' }]);
        continue;
      }
      const key = `${park.id}:${tenant.id}`;
      const ex = byKey.get(key);
      const after = presentTenancy({ park_id: park.id, enterprise_id: tenant.id, ...p.values, agreement_file_id: ex?.agreement_file_id ?? null });
      const before = ex ? presentTenancy(ex) : null;
      const h = importHistory(c, 'tenant', key, 1, before, after);
      if (before && h.data.changed.length === 0) {
        t.unchanged++;
        continue;
      }
      await c.db
        .insertInto('park_tenants')
        .values({ park_id: park.id, enterprise_id: tenant.id, ...p.values })
        .onConflict((oc) => oc.columns(['park_id', 'enterprise_id']).doUpdateSet(p.values))
        .execute();
      history.push(h);
      if (ex) t.updated++;
      else t.inserted++;
    }
    await repo.insertHistory(c.db, history);
  });
};

const RISK_FIELD_HEADERS: Record<string, string> = {
  lecL: 'L 可能性',
  lecE: 'E 暴露频率',
  lecC: 'C 后果',
  ownerPhone: '责任人电话',
  lastReviewedOn: '上次复核日期',
  lon: '企业信用代码',
  lat: '企业信用代码',
};

const riskBatch: BatchHandler = async (ctx, _refs, sheet, rows, seen, t, fail) => {
  const C = RISK_COLUMNS.map((c) => c.header);
  const now = ctx.deps.clock.now();
  const todayStr = localDate(now);
  const policy = await lecPolicy(ctx.deps.db, now);
  const parsed: { row: number; code: string; values: ReturnType<typeof normalizeRiskPoint> }[] = [];
  for (const { row, get } of rows) {
    const r = rowReader(t, sheet, row, get);
    const code = r.code(C[0], true) ?? '';
    const accident = r.str(C[4], true);
    if (accident && !(ACCIDENT_TYPES as readonly string[]).includes(accident))
      r.issues.push({ field: C[4], message: `“${accident}”不是 GB 6441 事故类别`, messageEn: '' });
    const input = {
      name: r.str(C[1], true) ?? '',
      area: r.str(C[2], true) ?? '',
      hazardSource: r.str(C[3]) ?? null,
      accidentType: (accident ?? '其他伤害') as (typeof ACCIDENT_TYPES)[number],
      lecL: r.num(C[5]) ?? Number.NaN,
      lecE: r.num(C[6]) ?? Number.NaN,
      lecC: r.num(C[7]) ?? Number.NaN,
      controlMeasures: r.str(C[8]) ?? null,
      controlTier: r.pick(C[9], CONTROL_TIER_LABELS, { 公司: 'company', 车间: 'workshop', 班组: 'team', 岗位: 'post' }),
      ownerName: r.str(C[10], true) ?? '',
      ownerPhone: r.str(C[11])?.replace(/\s/g, '') ?? null,
      reviewCycleDays: r.int(C[12]) ?? 0,
      lastReviewedOn: r.date(C[13]) ?? null,
    };
    if (input.reviewCycleDays < 1 || input.reviewCycleDays > 1095) r.issues.push({ field: C[12], message: '应为 1–1095 之间的整数', messageEn: '' });
    const values = normalizeRiskPoint(input, policy, todayStr, headerOf(RISK_FIELD_HEADERS), r.issues);
    const key = `${code}/${values.name}`;
    if (!r.issues.length && seen.has(key)) r.issues.push({ field: C[1], message: `与第 ${seen.get(key)} 行重复`, messageEn: '' });
    if (r.issues.length) {
      fail(issuesToErrors(sheet, row, r.issues));
      continue;
    }
    seen.set(key, row);
    parsed.push({ row, code, values });
  }
  if (parsed.length === 0) return;
  await withTx(ctx, async (c) => {
    const owners = new Map((await repo.enterprisesByCreditCode(c.db, [...new Set(parsed.map((p) => p.code))])).map((e) => [e.credit_code, e]));
    const ids = [...new Set([...owners.values()].map((e) => e.id))];
    const existing = ids.length ? await c.db.selectFrom('risk_points').selectAll().where('enterprise_id', 'in', ids).forUpdate().execute() : [];
    const byKey = new Map(existing.map((e) => [`${e.enterprise_id}/${e.name}`, e]));
    const history: ReturnType<typeof importHistory>[] = [];
    for (const p of parsed) {
      const owner = owners.get(p.code);
      if (!owner || !coversJurisdiction(ctx.actor, owner.jurisdiction_code)) {
        fail([{ sheet, row: p.row, column: '企业信用代码', reason: `名录中没有信用代码为 ${p.code} 的企业` }]);
        continue;
      }
      const ex = byKey.get(`${owner.id}/${p.values.name}`);
      if (ex) {
        const before = presentRiskPoint(ex, owner.name);
        const next = {
          ...ex,
          ...p.values,
          lec_l: String(p.values.lec_l),
          lec_e: String(p.values.lec_e),
          lec_c: String(p.values.lec_c),
          lec_d: String(p.values.lec_d),
        };
        const h = importHistory(
          c,
          'risk_point',
          ex.id,
          ex.version + 1,
          before,
          presentRiskPoint({ ...next, version: ex.version + 1, updated_at: now }, owner.name),
        );
        if (h.data.changed.length === 0) {
          t.unchanged++;
          continue;
        }
        await c.db
          .updateTable('risk_points')
          .set({ ...p.values, status: 'active', version: ex.version + 1, updated_at: now, updated_by: ctx.actor.id })
          .where('id', '=', ex.id)
          .execute();
        if (p.values.next_review_on !== ex.next_review_on || ex.status !== 'active') await scheduleReview(c.db, ex.id, p.values.next_review_on);
        history.push(h);
        t.updated++;
      } else {
        const id = v7();
        const row = {
          ...p.values,
          id,
          enterprise_id: owner.id,
          jurisdiction_code: owner.jurisdiction_code,
          created_at: now,
          created_by: ctx.actor.id,
          updated_at: now,
          updated_by: ctx.actor.id,
        };
        await c.db.insertInto('risk_points').values(row).execute();
        await scheduleReview(c.db, id, p.values.next_review_on);
        history.push(
          importHistory(
            c,
            'risk_point',
            id,
            1,
            null,
            presentRiskPoint(
              {
                ...row,
                lec_l: String(row.lec_l),
                lec_e: String(row.lec_e),
                lec_c: String(row.lec_c),
                lec_d: String(row.lec_d),
                status: 'active',
                version: 1,
              } as repo.RiskPointRow,
              owner.name,
            ),
          ),
        );
        t.inserted++;
      }
    }
    await repo.insertHistory(c.db, history);
  });
};

/** An import job the caller may see: its uploader, or someone whose jurisdiction covers the uploader's (404 otherwise). */
async function visibleImport(ctx: Ctx, id: string) {
  requirePermission(ctx, 'registry:read');
  const row = await ctx.deps.db.selectFrom('registry_imports').selectAll().where('id', '=', id).executeTakeFirst();
  // An import is its uploader's own business (and the district administrators').
  if (!row || (row.created_by !== ctx.actor.id && !coversJurisdiction(ctx.actor, row.jurisdiction_code))) throw notFound('导入任务', 'Import');
  return row;
}

export async function getImport(ctx: Ctx, id: string): Promise<ImportJob> {
  const row = await visibleImport(ctx, id);
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    fileName: row.file_name,
    total: row.total,
    processed: row.processed,
    inserted: row.inserted,
    updated: row.updated,
    unchanged: row.unchanged,
    failed: row.failed,
    errors: row.errors,
    notes: row.notes,
    message: row.message,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  };
}

/**
 * The rejected rows as a workbook to fix and re-import: one sheet per template sheet with errors, a line per
 * error (row number, column, the cell's value, reason), followed by the original row's cells under the
 * template's headers (where the import kept them). Every value is escaped against formula injection.
 */
export async function importErrorsWorkbook(ctx: Ctx, id: string): Promise<{ fileName: string; data: Buffer }> {
  const row = await visibleImport(ctx, id);
  const wb = await newWorkbook();
  const cellsOf = new Map<string, Record<string, string | number | boolean | null>>();
  for (const e of row.errors) if (e.cells) cellsOf.set(`${e.sheet}\u0000${e.row}`, e.cells);
  const fixed = ['行号', '列', '值', '原因'];
  for (const spec of TEMPLATE_SHEETS[row.kind]) {
    const errors = row.errors.filter((e) => e.sheet === spec.name);
    if (errors.length === 0) continue;
    const headers = spec.columns.map((c) => c.header);
    const head = [
      { header: '行号', width: 8 },
      { header: '列', width: 16 },
      { header: '值', width: 22 },
      { header: '原因', width: 48 },
      ...headers.map((h) => ({ header: `原表：${h}`, width: Math.max(12, h.length * 2 + 6) })),
    ];
    const lines = errors.map((e) => {
      const cells = cellsOf.get(`${e.sheet}\u0000${e.row}`) ?? {};
      return [e.row, e.column, cells[e.column] ?? null, e.reason, ...headers.map((h) => cells[h] ?? null)];
    });
    gridSheet(wb, `${spec.name}错误`, head, lines, { frozenColumns: fixed.length });
  }
  if (wb.worksheets.length === 0) {
    gridSheet(wb, '错误', fixed, [['', '', '', row.status === 'running' ? '导入仍在进行中' : '本次导入没有错误行']]);
  }
  const base = row.file_name.replace(/\.xlsx$/i, '');
  return { fileName: `${base}-导入错误.xlsx`, data: await xlsxBytes(wb) };
}

/** Imports left "running" by a process that stopped: mark them so nobody waits forever. */
export async function failInterruptedImports(ctx: Pick<Ctx, 'deps'>) {
  await ctx.deps.db
    .updateTable('registry_imports')
    .set({
      status: 'failed',
      message: '服务重启，导入中断；已写入的批次保留，重新导入同一文件即可补全（按唯一键更新，不会重复）',
      finished_at: ctx.deps.clock.now(),
    })
    .where('status', '=', 'running')
    .execute();
}

// ── export ──────────────────────────────────────────────────────────────────────────────────────────
export const MAX_EXPORT_ROWS = 200_000;

async function exportStream(
  sheetName: string,
  header: string[],
  widths: (number | undefined)[],
  fill: (add: (cells: unknown[]) => void) => Promise<void>,
): Promise<Readable> {
  const out = new PassThrough();
  const wb = new (await excel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = header.map((h, i) => ({ header: h, width: widths[i] ?? 14 }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  (async () => {
    await fill((cells) => ws.addRow(cells.map(escapeCell)).commit());
    ws.commit();
    await wb.commit();
  })().catch((err) => out.destroy(err as Error));
  return out;
}

const yes = (b: boolean) => (b ? '是' : '否');

export async function exportEnterprises(ctx: Ctx, filters: EnterpriseFilters): Promise<Readable> {
  requirePermission(ctx, 'registry:read');
  const refs = await orgRefs(ctx.deps);
  const name = (code: string | null) => (code ? (refs.units.get(code)?.name ?? code) : null);
  const cols = [...ENTERPRISE_COLUMNS.map((c) => c.header), ...ENTERPRISE_EXPORT_EXTRA];
  await exportAudit(ctx, 'enterprises', filters);
  return exportStream('企业', cols, [...ENTERPRISE_COLUMNS.map((c) => c.width), 8, 20], async (add) => {
    let n = 0;
    for await (const batch of repo.iterateEnterprises(ctx, filters, localDate(ctx.deps.clock.now()))) {
      for (const e of batch) {
        if (++n > MAX_EXPORT_ROWS) return;
        add([
          e.credit_code,
          e.name,
          name(e.jurisdiction_code.slice(0, 9)),
          e.jurisdiction_code.length > 9 ? name(e.jurisdiction_code) : null,
          e.address,
          e.lon,
          e.lat,
          e.industry_code,
          e.industry_name,
          e.categories.map((c) => SPECIAL_CATEGORIES.find((x) => x.key === c)?.zh ?? c).join('、') || null,
          e.headcount,
          e.principal_name,
          e.principal_phone,
          e.safety_manager_name,
          e.safety_manager_phone,
          e.risk_grade ? RISK_GRADE_SHORT[e.risk_grade] : null,
          STANDARDIZATION_LABELS[e.standardization_level],
          e.credit_rating,
          e.dishonest_from,
          e.dishonest_until,
          yes(e.key_unit),
          SUPERVISING_LEVEL_LABELS[e.supervising_level],
          e.supervising_dept_code ? (refs.units.get(e.supervising_dept_code)?.name ?? e.supervising_dept_code) : null,
          e.iot_device_count,
          ENTERPRISE_STATUS_LABELS[e.status],
          e.version,
          cellTime(e.updated_at),
        ]);
      }
    }
  });
}

export async function exportParks(ctx: Ctx, filters: ParkFilters): Promise<Readable> {
  requirePermission(ctx, 'registry:read');
  const refs = await orgRefs(ctx.deps);
  const rows = await repo.allParks(ctx, filters, MAX_EXPORT_ROWS);
  await exportAudit(ctx, 'parks', filters);
  const cols = [...PARK_COLUMNS.map((c) => c.header), '出租方', '在园企业数', '已签协议数'];
  return exportStream('园区', cols, [...PARK_COLUMNS.map((c) => c.width), 28, 10, 10], async (add) => {
    for (const p of rows) {
      add([
        p.name,
        PARK_KIND_LABELS[p.kind],
        refs.units.get(p.jurisdiction_code.slice(0, 9))?.name,
        p.jurisdiction_code.length > 9 ? refs.units.get(p.jurisdiction_code)?.name : null,
        p.address,
        p.lon,
        p.lat,
        p.landlord_credit_code,
        p.safety_staff_count,
        yes(p.standardized),
        p.standardized_at,
        yes(p.insured),
        p.landlord_name,
        Number(p.tenant_count ?? 0),
        Number(p.signed_count ?? 0),
      ]);
    }
  });
}

export async function exportRiskPoints(ctx: Ctx, filters: RiskPointFilters): Promise<Readable> {
  requirePermission(ctx, 'registry:read');
  const rows = await repo.allRiskPoints(ctx, filters, localDate(ctx.deps.clock.now()), MAX_EXPORT_ROWS);
  await exportAudit(ctx, 'risk_points', filters);
  const cols = [...RISK_COLUMNS.map((c) => c.header), ...RISK_EXPORT_EXTRA];
  return exportStream('风险点', cols, [...RISK_COLUMNS.map((c) => c.width), 28, 8, 10, 12, 8], async (add) => {
    for (const r of rows) {
      add([
        r.credit_code,
        r.name,
        r.area,
        r.hazard_source,
        r.accident_type,
        Number(r.lec_l),
        Number(r.lec_e),
        Number(r.lec_c),
        r.control_measures,
        CONTROL_TIER_LABELS[r.control_tier],
        r.owner_name,
        r.owner_phone,
        r.review_cycle_days,
        r.last_reviewed_on,
        r.enterprise_name,
        Number(r.lec_d),
        RISK_GRADE_SHORT[r.grade],
        r.next_review_on,
        r.status === 'active' ? '在用' : '停用',
      ]);
    }
  });
}

/** Exports are audited: who took which list out of the system. */
async function exportAudit(ctx: Ctx, kind: string, filters: object) {
  await withTx(ctx, (c) => audit(c.db, c, { action: 'registry.export', resourceType: kind, detail: { filters } }));
}

export const exportFileName = (what: string, at: Date) => `${what}_${localDate(at).replace(/-/g, '')}.xlsx`;

// .xlsx in and out for the three lists and the checklists. Export: one version's rows. Import: into a draft,
// all or nothing — every row is checked first; any refused cell fails the import with each row's reason (kept
// for errors.xlsx) and writes no row; a clean file replaces the draft's rows.
import type { Static } from 'typebox';
import type { Worksheet } from 'exceljs';
import { v7 } from 'uuid';
import { STANDARDIZATION_LEVELS, STANDARDIZATION_NAMES, type StandardizationLevel } from '../../../shared/registry.ts';
import {
  annualCap,
  CREDIT_CLASSES,
  CREDIT_NAMES,
  type CreditClass,
  GRADE_LEVEL_BY_LABEL,
  GRADE_LEVEL_NAMES,
  KIND_NAMES,
  POWER_TYPE_BY_LABEL,
  POWER_TYPE_NAMES,
  SECTOR_BY_LABEL,
  SECTOR_NAMES,
  type VersionKind,
} from '../../../shared/supervision.ts';
import type { ImportResult } from '../../../shared/supervision.dto.ts';
import { fileDate } from '../../../shared/time.ts';
import { requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { fieldError, notFound } from '../../platform/errors.ts';
import { cellText, firstSheet, gridSheet, newWorkbook, xlsxBytes } from '../../platform/excel.ts';
import type { UploadedPart } from '../../platform/files/files.service.ts';
import { enterprisesByCreditCode } from '../registry/api.ts';
import { allGrades, currentPolicy } from './supervision.grades.ts';
import * as repo from './supervision.repo.ts';
import { presentChecklistItem, presentItem, presentPower } from './supervision.rows.ts';
import type * as S from './supervision.schema.ts';
import type { SupervisionImportError } from './supervision.tables.ts';
import { LISTS, lockDraft, READ, recordRowChange, versionOfKind } from './supervision.versions.ts';

const yes = (v: boolean) => (v ? '是' : '否');
const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0', '']);

/** Each kind's columns, in sheet order (the template, the export and the import read the same headers). */
export const HEADERS: Record<VersionKind, string[]> = {
  powers: ['编码', '实施单位', '权力事项', '权力类型', '设定依据', '备注'],
  items: ['编码', '检查事项', '检查对象', '检查依据', '检查方式', '检查频次', '实施单位'],
  grades: ['统一社会信用代码', '企业名称', '监管层级', '重点执法单位', '行业类别', '标准化等级', '信用等级', '年度检查上限', '检查频次', '备注'],
  checklist: ['序号', '检查内容', '检查依据', '检查方式', '是否重大隐患'],
};

const byLabel = <K extends string>(names: Record<K, { zh: string }>) =>
  Object.fromEntries(
    (Object.entries(names) as [K, { zh: string }][]).flatMap(([k, v]) => [
      [k, k],
      [v.zh, k],
    ]),
  ) as Record<string, K>;
const STANDARDIZATION_BY_LABEL: Record<string, StandardizationLevel> = {
  ...byLabel(STANDARDIZATION_NAMES),
  一级: 'level1',
  二级: 'level2',
  三级: 'level3',
  未定级: 'none',
  '': 'none',
};
const CREDIT_BY_LABEL: Record<string, CreditClass> = { ...byLabel(CREDIT_NAMES), '': 'unrated' };

/** A kind's list as a workbook: its header, a row per entry, each column as wide as its longer texts (10–60). */
async function listWorkbook(kind: VersionKind, rows: unknown[][]) {
  const wb = await newWorkbook();
  const width = (h: string, i: number) => Math.min(60, Math.max(10, h.length * 2 + 4, ...rows.slice(0, 200).map((r) => String(r[i] ?? '').length + 2)));
  gridSheet(
    wb,
    KIND_NAMES[kind].zh,
    HEADERS[kind].map((header, i) => ({ header, width: width(header, i) })),
    rows,
  );
  return xlsxBytes(wb);
}

/** An empty workbook with the kind's header (what an import expects). */
export const templateWorkbook = (kind: VersionKind) => listWorkbook(kind, []);

/** One version's rows as .xlsx (the graded list: the rows the caller may see, filtered). */
export async function exportVersion(ctx: Ctx, kind: VersionKind, versionId: string, gradeFilter: Static<typeof S.GradeFilterQuery> = {}) {
  requirePermission(ctx, READ);
  const v = await versionOfKind(ctx, versionId, kind);
  const units = await repo.unitNames(ctx.db);
  let rows: unknown[][];
  if (kind === 'powers')
    rows = (await repo.powersOf(ctx.db, v.id).orderBy('sort').orderBy('id').execute())
      .map((r) => presentPower(r, units))
      .map((p) => [p.code, p.unitName, p.matter, POWER_TYPE_NAMES[p.powerType].zh, p.basis, p.note]);
  else if (kind === 'items')
    rows = (await repo.itemsOf(ctx.db, v.id).orderBy('sort').orderBy('id').execute())
      .map((r) => presentItem(r, units))
      .map((p) => [p.code, p.name, p.subject, p.basis, p.method, p.frequency, p.unitName]);
  else if (kind === 'grades')
    rows = (await allGrades(ctx, v.id, gradeFilter)).map((g) => [
      g.creditCode,
      g.enterpriseName,
      GRADE_LEVEL_NAMES[g.level].zh,
      yes(g.keyUnit),
      SECTOR_NAMES[g.sector].zh,
      STANDARDIZATION_NAMES[g.standardization].zh,
      CREDIT_NAMES[g.credit].zh,
      g.annualCap,
      g.frequency,
      g.note,
    ]);
  else rows = (await repo.checklistItemsOf(ctx.db, v.id)).map(presentChecklistItem).map((c, i) => [i + 1, c.content, c.basis, c.method, yes(c.major)]);
  const name = kind === 'checklist' ? KIND_NAMES.checklist.zh : KIND_NAMES[kind].zh;
  return { fileName: `${name}-第${v.number}版-${fileDate(ctx.deps.clock.now())}.xlsx`, data: await listWorkbook(kind, rows) };
}

type Parsed = { errors: SupervisionImportError[]; rows: Record<string, unknown>[]; source: { row: number; cells: string[] }[]; total: number };

function readSheet(ws: Worksheet, kind: VersionKind) {
  const header = HEADERS[kind].map((_, i) => cellText(ws.getRow(1).getCell(i + 1).value));
  const lines: { n: number; cells: string[] }[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const cells = HEADERS[kind].map((_, i) => cellText(row.getCell(i + 1).value));
    if (cells.some((c) => c)) lines.push({ n, cells });
  });
  return { header, lines };
}

/** Check every row of a sheet and build the rows to insert (ids and the version id added later). */
async function parse(ctx: Ctx, kind: VersionKind, ws: Worksheet): Promise<Parsed> {
  const { header, lines } = readSheet(ws, kind);
  const errors: SupervisionImportError[] = [];
  const missing = HEADERS[kind].filter((h, i) => header[i] !== h && !(kind === 'grades' && i >= 7));
  if (missing.length) throw fieldError('body.file', `表头应为：${HEADERS[kind].join('、')}（缺少或顺序不对：${missing.join('、')}）`, 'has the wrong header');
  const units = await repo.unitNames(ctx.db);
  const unitByName = new Map(
    [...units].flatMap(([code, name]) => [
      [name, code],
      [code, code],
    ]),
  );
  const policy = kind === 'grades' ? await currentPolicy(ctx) : undefined;
  const companies =
    kind === 'grades'
      ? await enterprisesByCreditCode(
          ctx,
          lines.map((l) => l.cells[0].toUpperCase()),
        )
      : undefined;
  const seen = new Set<string>();
  const rows: Record<string, unknown>[] = [];
  for (const { n, cells } of lines) {
    const err = (col: number, message: string) => errors.push({ row: n, column: HEADERS[kind][col], value: cells[col] ?? '', message });
    const before = errors.length;
    const need = (col: number, max: number) => {
      const s = cells[col];
      if (!s) err(col, `${HEADERS[kind][col]}为必填项`);
      else if (s.length > max) err(col, `${HEADERS[kind][col]}不能超过 ${max} 字`);
      return s;
    };
    const unit = (col: number) => {
      const code = unitByName.get(cells[col]);
      if (!cells[col]) err(col, `${HEADERS[kind][col]}为必填项`);
      else if (!code) err(col, `实施单位“${cells[col]}”不是本区的单位（填写单位名称，如“海曙区应急管理局”或“鼓楼街道”）`);
      return code;
    };
    const unique = (col: number) => {
      const key = cells[col].toUpperCase();
      if (key && seen.has(key)) err(col, `${HEADERS[kind][col]} ${cells[col]} 与上面的行重复`);
      seen.add(key);
    };
    let row: Record<string, unknown> = {};
    if (kind === 'powers') {
      unique(0);
      const powerType = POWER_TYPE_BY_LABEL[cells[3]];
      if (!powerType) err(3, '权力类型应为 行政检查 / 行政处罚 / 行政强制');
      row = { code: need(0, 40), unit_code: unit(1), matter: need(2, 500), power_type: powerType, basis: need(4, 2000), note: cells[5] || null };
    } else if (kind === 'items') {
      unique(0);
      row = {
        code: need(0, 40),
        name: need(1, 300),
        subject: need(2, 300),
        basis: need(3, 2000),
        method: need(4, 300),
        frequency: need(5, 200),
        unit_code: unit(6),
      };
    } else if (kind === 'grades') {
      unique(0);
      const company = companies?.get(cells[0].toUpperCase());
      if (!cells[0]) err(0, '统一社会信用代码为必填项');
      else if (!company) err(0, '名录中没有该信用代码的企业（或不在您的管辖范围内）');
      const level = GRADE_LEVEL_BY_LABEL[cells[2]];
      if (!level) err(2, '监管层级应为 区级 / 镇（街道）级');
      const key = cells[3].toUpperCase();
      if (!YES.has(key) && !NO.has(key)) err(3, '重点执法单位应为 是 / 否');
      const sector = SECTOR_BY_LABEL[cells[4] || '其他'];
      if (!sector) err(4, '行业类别应为 危险化学品/冶金 / 其他行业');
      const standardization = STANDARDIZATION_BY_LABEL[cells[5]];
      if (!standardization) err(5, `标准化等级应为 ${STANDARDIZATION_LEVELS.map((l) => STANDARDIZATION_NAMES[l].zh).join(' / ')}`);
      const credit = CREDIT_BY_LABEL[cells[6]] ?? CREDIT_BY_LABEL[cells[6].toUpperCase()];
      if (!credit) err(6, `信用等级应为 ${CREDIT_CLASSES.map((c) => CREDIT_NAMES[c].zh).join(' / ')}`);
      if (cells[9].length > 500) err(9, '备注不能超过 500 字');
      const keyUnit = YES.has(key);
      row = {
        enterprise_id: company?.id,
        jurisdiction_code: company?.jurisdiction_code,
        level,
        key_unit: keyUnit,
        sector,
        standardization,
        credit,
        annual_cap: policy && sector && standardization && credit ? annualCap(policy, { sector, standardization, credit, keyUnit }) : 0,
        note: cells[9] || null,
      };
    } else {
      const major = cells[4].toUpperCase();
      if (!YES.has(major) && !NO.has(major)) err(4, '是否重大隐患应为 是 / 否');
      if (cells[2].length > 2000) err(2, '检查依据不能超过 2000 字');
      if (cells[3].length > 300) err(3, '检查方式不能超过 300 字');
      row = { content: need(1, 2000), basis: cells[2] || null, method: cells[3] || null, major: YES.has(major), clause_id: null };
    }
    if (errors.length === before) rows.push({ ...row, sort: rows.length + 1 });
  }
  return {
    errors,
    rows: kind === 'grades' ? rows.map(({ sort: _s, ...r }) => r) : rows,
    source: lines.filter((l) => errors.some((e) => e.row === l.n)).map((l) => ({ row: l.n, cells: l.cells })),
    total: lines.length,
  };
}

export async function importUpload(ctx: Ctx, kind: VersionKind, versionId: string, files: UploadedPart[]): Promise<ImportResult> {
  requirePermission(ctx, LISTS);
  const file = files.find((f) => f.field === 'file') ?? files[0];
  if (!file) throw fieldError('body.file', '请选择 .xlsx 文件', 'is required');
  return importWorkbook(ctx, kind, versionId, file.filename, file.data);
}

/** Import a workbook into a draft (replacing its rows) or record the rows' errors, nothing else written. */
export async function importWorkbook(ctx: Ctx, kind: VersionKind, versionId: string, fileName: string, data: Buffer): Promise<ImportResult> {
  requirePermission(ctx, LISTS);
  const ws = await firstSheet(data, 'body.file');
  return withTx(ctx, async (c) => {
    const v = await lockDraft(c, versionId, kind);
    const parsed = await parse(c, kind, ws);
    if (parsed.total === 0) throw fieldError('body.file', '文件中没有数据行', 'has no rows');
    const ok = parsed.errors.length === 0;
    const id = v7();
    if (ok) {
      await repo.deleteRows(c.db, kind, v.id);
      await repo.insertRows(
        c.db,
        kind,
        parsed.rows.map((r) => ({ ...r, id: v7(), version_id: v.id })),
      );
      await recordRowChange(c, v, {
        action: `${kind}.import`,
        rowId: id,
        note: `导入 ${fileName}：${parsed.rows.length} 行，替换草稿内容`,
        after: { rows: parsed.rows.length },
      });
    }
    await c.db
      .insertInto('supervision_imports')
      .values({
        id,
        kind,
        version_id: v.id,
        file_name: fileName,
        status: ok ? 'done' : 'failed',
        total_rows: parsed.total,
        imported: ok ? parsed.rows.length : 0,
        errors: JSON.stringify(parsed.errors),
        source: JSON.stringify(parsed.source),
        created_by: c.actor.id,
      })
      .execute();
    await audit(c.db, c, {
      action: 'supervision.import',
      resourceType: 'supervision_version',
      resourceId: v.id,
      after: { importId: id, kind, fileName, status: ok ? 'done' : 'failed', rows: parsed.total, errors: parsed.errors.length },
    });
    return { id, status: ok ? 'done' : 'failed', totalRows: parsed.total, imported: ok ? parsed.rows.length : 0, errors: parsed.errors.slice(0, 200) };
  });
}

/** The refused rows of an import: row, column, value, reason, then the row's cells as read. */
export async function importErrorsWorkbook(ctx: Ctx, id: string) {
  requirePermission(ctx, LISTS);
  const imp = await repo.findImport(ctx.db, id);
  if (!imp) throw notFound('导入记录', 'Import');
  const kind = imp.kind as VersionKind;
  const wb = await newWorkbook();
  const source = new Map(imp.source.map((s) => [s.row, s.cells]));
  gridSheet(
    wb,
    '错误行',
    ['行号', '列', '值', '原因', ...HEADERS[kind]].map((header, i) => ({ header, width: i === 3 ? 50 : 16 })),
    imp.errors.map((e) => [e.row, e.column, e.value, e.message, ...(source.get(e.row) ?? [])]),
  );
  return { fileName: `${imp.file_name.replace(/\.xlsx$/i, '')}-导入错误.xlsx`, data: await xlsxBytes(wb) };
}

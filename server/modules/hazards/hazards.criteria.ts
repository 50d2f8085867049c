// 判定标准: the criteria catalogue (standards and their clauses) and the .xlsx import of a standard.
import type { Row } from 'exceljs';
import { CATEGORY_LABELS, CLAUSE_CATEGORIES, type ClauseCategory } from '../../../shared/hazards.ts';
import { requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { fieldError, ValidationError } from '../../platform/errors.ts';
import type { UploadedPart } from '../../platform/files/files.service.ts';
import { isIsoDate } from '../../../shared/schema.ts';
import { firstSheet } from '../../platform/excel.ts';
import { clausesList, saveStandardClauses, standardsWithCounts } from './hazards.criteria.repo.ts';

export async function listStandards(ctx: Ctx) {
  requirePermission(ctx, 'hazard:read');
  const rows = await standardsWithCounts(ctx.deps.db);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    version: r.version,
    issuer: r.issuer,
    effectiveFrom: r.effective_from,
    status: r.status,
    clauses: Number(r.clauses),
    summaries: Number(r.summaries),
  }));
}

export async function listClauses(ctx: Ctx, q: { standardId?: string; category?: ClauseCategory; q?: string }) {
  requirePermission(ctx, 'hazard:read');
  const rows = await clausesList(ctx.deps.db, q);
  return rows.map((r) => ({
    id: r.id,
    standardId: r.standard_id,
    standardName: r.standard_name,
    standardVersion: r.standard_version,
    standardStatus: r.standard_status,
    number: r.number,
    category: r.category,
    industry: r.industry,
    text: r.text,
    textKind: r.text_kind,
  }));
}

const CATEGORY_BY_LABEL: Record<string, ClauseCategory> = Object.fromEntries(
  CLAUSE_CATEGORIES.flatMap((c) => [
    [c, c],
    [CATEGORY_LABELS[c].zh, c],
  ]),
);

/** The import form as uploaded: the .xlsx under `file`, the standard's name and version as text fields. */
export async function importCriteriaUpload(ctx: Ctx, fields: Record<string, string>, files: UploadedPart[]) {
  requirePermission(ctx, 'hazard:criteria');
  const file = files.find((f) => f.field === 'file');
  if (!file) throw fieldError('body.file', '请选择 .xlsx 文件', 'is required');
  for (const k of ['code', 'name', 'version'] as const) {
    if (!fields[k]?.trim() || fields[k].length > 100) throw fieldError(`body.${k}`, '为必填项（不超过 100 字）', 'is required (at most 100 characters)');
  }
  if (fields.effectiveFrom && !isIsoDate(fields.effectiveFrom))
    throw fieldError('body.effectiveFrom', '应为真实存在的日期 YYYY-MM-DD', 'must be a real date YYYY-MM-DD');
  const meta = {
    code: fields.code.trim(),
    name: fields.name.trim(),
    version: fields.version.trim(),
    issuer: fields.issuer?.trim() || undefined,
    effectiveFrom: fields.effectiveFrom || undefined,
  };
  return importCriteria(ctx, meta, file.data);
}

export interface ImportMeta {
  code: string;
  name: string;
  version: string;
  issuer?: string;
  effectiveFrom?: string;
}

/**
 * Import a standard's clauses from .xlsx (columns: 编号, 类别, 行业, 条文 — first sheet, header in row 1).
 * Every row is checked first; any bad row refuses the whole file with each row's error, nothing written.
 * Rows replace clauses with the same number and are marked as full text.
 */
export async function importCriteria(ctx: Ctx, meta: ImportMeta, file: Buffer) {
  requirePermission(ctx, 'hazard:criteria');
  const ws = await firstSheet(file, 'body.file');
  const cell = (row: Row, i: number) => {
    const v = row.getCell(i).value;
    if (v === null || v === undefined) return '';
    if (typeof v === 'object' && 'richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
    return String(v).trim();
  };
  const issues: { field: string; message: string; messageEn: string }[] = [];
  const clauses: { number: string; category: ClauseCategory; industry: string | null; text: string; sort: number }[] = [];
  const seen = new Set<string>();
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const number = cell(row, 1);
    const cat = cell(row, 2);
    const industry = cell(row, 3) || null;
    const text = cell(row, 4);
    if (!number && !cat && !text) return;
    const err = (col: string, zh: string, en: string) => issues.push({ field: `rows.${n}.${col}`, message: `第 ${n} 行：${zh}`, messageEn: `row ${n}: ${en}` });
    if (!number) err('编号', '编号为必填项', 'number is required');
    else if (seen.has(number)) err('编号', `编号 ${number} 重复`, `number ${number} is duplicated`);
    seen.add(number);
    const category = CATEGORY_BY_LABEL[cat];
    if (!category) err('类别', '类别应为 管理类 / 行业类 / 专项类', 'category must be 管理类 / 行业类 / 专项类');
    if (!text) err('条文', '条文为必填项', 'text is required');
    else if (text.length > 4000) err('条文', '条文不能超过 4000 字', 'text must be at most 4000 characters');
    if (number && category && text) clauses.push({ number, category, industry, text, sort: n });
  });
  if (issues.length) throw new ValidationError(issues);
  if (clauses.length === 0)
    throw fieldError('body.file', '文件中没有条款（表头：编号、类别、行业、条文）', 'contains no clauses (header: 编号, 类别, 行业, 条文)');
  const now = ctx.deps.clock.now();
  return withTx(ctx, async (c) => {
    const std = await saveStandardClauses(c.db, meta, clauses, now);
    await audit(c.db, c, {
      action: 'hazard.criteria.import',
      resourceType: 'hazard_standard',
      resourceId: std.id,
      after: { ...meta, clauses: clauses.length },
    });
    return { standardId: std.id, imported: clauses.length };
  });
}

// Excel in and out for every module: exceljs loaded on first use (it is a fifth of start-up otherwise),
// reading cells as plain values, and the formula-injection guard for exported text.
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import { fieldError } from './errors.ts';

type ExcelJS = typeof import('exceljs');
let loaded: Promise<ExcelJS> | undefined;

/** The exceljs module, imported once on first use. */
export function excel(): Promise<ExcelJS> {
  loaded ??= import('exceljs').then((m) => ((m as unknown as { default?: ExcelJS }).default ?? m) as ExcelJS);
  return loaded;
}

export async function newWorkbook(): Promise<Workbook> {
  const { Workbook } = await excel();
  return new Workbook();
}

/** The first worksheet of an uploaded .xlsx, or a 400 naming `field` (not a workbook, or no sheet in it). */
export async function firstSheet(file: Buffer, field: string): Promise<Worksheet> {
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw fieldError(field, '不是有效的 .xlsx 文件', 'is not a valid .xlsx file');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw fieldError(field, '文件中没有工作表', 'has no worksheet');
  return ws;
}

/** The texts of a header row, the first column first. */
export const headerTexts = (ws: Worksheet, row = 1): string[] => (ws.getRow(row).values as CellValue[]).slice(1).map(cellText);

export type PlainCell = string | number | boolean | Date | null;

/** A cell as plain data: rich text joined, a formula replaced by its cached result, blanks as null. */
export function cellValue(v: CellValue | undefined): PlainCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const s = v.trim();
    if (!s) return null;
    // Our exports escape = + - @ with a leading apostrophe (see escapeCell); take it off on the way back in.
    return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return cellValue(v.richText.map((t) => t.text).join(''));
    if ('result' in v) return cellValue((v as { result?: CellValue }).result ?? null);
    if ('text' in v) return cellValue(String((v as { text: unknown }).text));
    if ('error' in v) return null;
  }
  return String(v);
}

/** A cell as trimmed text ('' when blank; dates as YYYY-MM-DD). */
export function cellText(v: CellValue | undefined): string {
  const c = cellValue(v);
  if (c === null) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c);
}

/**
 * Neutralise spreadsheet formula injection: text starting with = + - @ (or tab/CR) gets a leading
 * apostrophe, so Excel/WPS show it as text instead of running it. Objects are written as JSON text.
 */
export function escapeCell(v: unknown): PlainCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

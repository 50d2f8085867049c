// Excel in and out for every module: exceljs loaded on first use (it is a fifth of start-up otherwise),
// reading cells as plain values, and the formula-injection guard for exported text.
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import { fileDate } from '../../shared/time.ts';
import type { Ctx } from './context.ts';
import { AppError, fieldError } from './errors.ts';

type ExcelJS = typeof import('exceljs');
let loaded: Promise<ExcelJS> | undefined;

/** The exceljs module, imported once on first use. */
export function excel(): Promise<ExcelJS> {
  loaded ??= import('exceljs').then((m) => ((m as unknown as { default?: ExcelJS }).default ?? m) as ExcelJS);
  return loaded;
}

/** An empty workbook; what we write carries the platform's name as its author. */
export async function newWorkbook(): Promise<Workbook> {
  const { Workbook } = await excel();
  const wb = new Workbook();
  wb.creator = '安澜 Anlan';
  return wb;
}

/** A workbook's .xlsx bytes. */
export const xlsxBytes = async (wb: Workbook): Promise<Buffer> => Buffer.from(await wb.xlsx.writeBuffer());

/** An uploaded .xlsx, loaded whole; `invalid()` is the caller's 400 for bytes that are not a workbook. */
export async function loadWorkbook(file: Buffer, invalid: () => AppError): Promise<Workbook> {
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw invalid();
  }
  return wb;
}

/** The first worksheet of an uploaded .xlsx, or a 400 naming `field` (not a workbook, or no sheet in it). */
export async function firstSheet(file: Buffer, field: string): Promise<Worksheet> {
  const wb = await loadWorkbook(file, () => fieldError(field, '不是有效的 .xlsx 文件', 'is not a valid .xlsx file'));
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

/** A header cell of an exported sheet: its text and, optionally, the column's width in characters. */
export type SheetHead = string | { header: string; width?: number };

export interface SheetOptions {
  /** Keep the header row in view while scrolling. */
  frozenHeader?: boolean;
  /** Also keep this many left columns in view (implies frozenHeader). */
  frozenColumns?: number;
}

/**
 * The one way an export writes a table: a worksheet named `name` with a bold header row and a row per entry of
 * `rows`, every cell passed through escapeCell (text that would run as a formula stays text).
 */
export function gridSheet(wb: Workbook, name: string, head: readonly SheetHead[], rows: Iterable<readonly unknown[]>, opts: SheetOptions = {}): Worksheet {
  const xSplit = opts.frozenColumns ? { xSplit: opts.frozenColumns } : {};
  const frozen = opts.frozenHeader || opts.frozenColumns;
  const ws = wb.addWorksheet(name, frozen ? { views: [{ state: 'frozen', ySplit: 1, ...xSplit }] } : {});
  ws.columns = head.map((h) => (typeof h === 'string' ? { header: h } : h));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r.map(escapeCell));
  return ws;
}

/** A column of an exported ledger: header, width, and the cell it shows for a record. */
export interface SheetColumn<R> {
  header: string;
  width: number;
  cell: (row: R) => unknown;
}

/** A ledger export: a gridSheet with a row per record, the columns' cells in order. */
export function sheetOf<R>(wb: Workbook, name: string, columns: readonly SheetColumn<R>[], rows: Iterable<R>, opts: SheetOptions = {}): Worksheet {
  const cells = function* () {
    for (const r of rows) yield columns.map((c) => c.cell(r));
  };
  const head = columns.map(({ header, width }) => ({ header, width }));
  return gridSheet(wb, name, head, cells(), opts);
}

/** A one-sheet ledger export as .xlsx bytes (see sheetOf). */
export async function xlsxOf<R>(name: string, columns: readonly SheetColumn<R>[], rows: Iterable<R>, opts: SheetOptions = {}): Promise<Buffer> {
  const wb = await newWorkbook();
  sheetOf(wb, name, columns, rows, opts);
  return xlsxBytes(wb);
}

/** Exports read one row more than their cap `max`: more than that is a 400 asking to narrow the filters. */
export function assertExportSize(rows: readonly unknown[], max: number): void {
  if (rows.length > max)
    throw new AppError('EXPORT_TOO_LARGE', 400, `导出不能超过 ${max} 条，请缩小筛选范围`, `At most ${max} rows per export; narrow the filters`);
}

/**
 * The handler of a ledger's export route (`api.file(…/export.xlsx, …, ledgerFile('案件台账', deps.clock, exportCases))`):
 * the ledger's query less its paging goes to `write`; the file is named `<name>-YYYYMMDD.xlsx`.
 */
export function ledgerFile<F extends object>(name: string, clock: { now(): Date }, write: (ctx: Ctx, filters: F) => Promise<Buffer>) {
  return async (ctx: Ctx, req: { query: F & { page?: unknown; pageSize?: unknown } }) => {
    const { page: _p, pageSize: _s, ...filters } = req.query;
    return { fileName: `${name}-${fileDate(clock.now())}.xlsx`, data: await write(ctx, filters as unknown as F) };
  };
}

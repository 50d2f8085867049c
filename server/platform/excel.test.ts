// The sheet helper every export writes through: a bold header with the widths asked for, a row per record in
// column order, formula-like text kept as text (and read back without the guard), the header frozen on request.
import { describe, expect, it } from 'vitest';
import { assertExportSize, cellText, firstSheet, gridSheet, newWorkbook, xlsxBytes, xlsxOf } from './excel.ts';

describe('excel sheets', () => {
  it('sheetOf/xlsxOf: header, widths, cells in column order, escaped text', async () => {
    const rows = [
      { code: 'A1', name: '=HYPERLINK("x")', n: 3 },
      { code: 'A2', name: '普通文本', n: null },
    ];
    const data = await xlsxOf(
      '台账',
      [
        { header: '编号', width: 12, cell: (r) => r.code },
        { header: '名称', width: 30, cell: (r) => r.name },
        { header: '数量', width: 8, cell: (r) => r.n },
      ],
      rows,
      { frozenHeader: true },
    );
    const ws = await firstSheet(data, 'file');
    expect(ws.name).toBe('台账');
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect([1, 2, 3].map((i) => ws.getColumn(i).width)).toEqual([12, 30, 8]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('B2').value).toBe(`'=HYPERLINK("x")`);
    expect(cellText(ws.getCell('B2').value)).toBe('=HYPERLINK("x")');
    expect(ws.getCell('C2').value).toBe(3);
    expect(ws.getCell('B3').value).toBe('普通文本');
    expect(ws.rowCount).toBe(3);
  });

  it('gridSheet: plain rows under a header, several sheets, left columns frozen', async () => {
    const wb = await newWorkbook();
    gridSheet(wb, '汇总', ['镇街', '人数'], [['石碶街道', 2]]);
    gridSheet(wb, '明细', [{ header: '行号', width: 8 }, '值'], [[1, '+1']], { frozenColumns: 1 });
    const back = await newWorkbook();
    await back.xlsx.load((await xlsxBytes(wb)) as unknown as ArrayBuffer);
    expect(back.creator).toBe('安澜 Anlan');
    expect(back.worksheets.map((w) => w.name)).toEqual(['汇总', '明细']);
    expect(back.worksheets[0].getRow(2).values).toEqual([undefined, '石碶街道', 2]);
    expect(back.worksheets[1].getCell('B2').value).toBe("'+1");
    expect(back.worksheets[1].views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 1 });
  });

  it('assertExportSize refuses more rows than the cap with a Chinese reason', () => {
    expect(() => assertExportSize([1, 2], 2)).not.toThrow();
    expect(() => assertExportSize([1, 2, 3], 2)).toThrow(
      expect.objectContaining({ code: 'EXPORT_TOO_LARGE', status: 400, messageZh: '导出不能超过 2 条，请缩小筛选范围' }),
    );
  });
});

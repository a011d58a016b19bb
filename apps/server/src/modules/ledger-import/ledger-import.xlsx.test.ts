/**
 * The import's own .xlsx reader against exceljs (the reader it replaced, kept here as the oracle) on workbooks
 * with every kind of cell, and on hand-written sheet XML for what exceljs's writer never produces (inline
 * strings, phonetic runs, single-quoted attributes, cells without references, a stored — uncompressed — part).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cell } from '@grassroots/shared/ledger-import/ledger-import.rules';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { sniffWorkbook } from './ledger-import.workbook.js';
import { parseSharedStrings, readFirstSheet, rowCells, xmlText } from './ledger-import.xlsx.js';

const dir = mkdtempSync(join(tmpdir(), 'xlsx-reader-'));

async function rows(path: string) {
  const out: { rowNo: number; cells: Cell[] }[] = [];
  for await (const r of readFirstSheet(path)) out.push(r);
  return out;
}

/** What exceljs reads (styles ignored), as plain cells. */
async function oracle(path: string) {
  const plain = (v: unknown): Cell => {
    if (v == null) return null;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    // This reader applies number formats; the import reads styles-free, so a date is its Excel serial day.
    if (v instanceof Date) return v.getTime() / 86_400_000 + 25_569;
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('result' in o) return plain(o.result);
    if (typeof o.text === 'string') return o.text;
    return null;
  };
  // The whole-workbook reader, not the streaming one: the streaming reader with sharedStrings 'cache' reads
  // shared strings only if their zip entry comes before the sheet's, and the stream writer's entry order
  // depends on timing, so under load it gave null for every shared string (a flaky oracle, not a flaky reader).
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: { rowNo: number; cells: Cell[] }[] = [];
  wb.worksheets[0]?.eachRow((row) => {
    const values = row.values as unknown[];
    out.push({
      rowNo: row.number,
      cells: Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => plain(values[i + 1])),
    });
  });
  return out;
}

describe('xlsx reader', () => {
  it('reads what exceljs read, for every kind of cell, shared strings on and off', async () => {
    for (const useSharedStrings of [true, false]) {
      const path = join(dir, `kinds-${useSharedStrings}.xlsx`);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings, useStyles: true });
      const ws = wb.addWorksheet('台账');
      ws.addRow(['姓名', '身份证号', '电话', '日期', '数', '布尔', '公式', '富文本']).commit();
      ws.addRow([
        '王秀兰 & <李> "引号" \'单\'',
        '11010519491231002X',
        13812345678,
        new Date(Date.UTC(2019, 5, 1)),
        3.25,
        true,
        { formula: 'A1&"x"', result: '姓名x' },
        { richText: [{ text: '张' }, { text: '三', font: { bold: true } }] },
      ]).commit();
      const gap = ws.getRow(5);
      gap.getCell(2).value = '  有空格  ';
      gap.getCell(30).value = 'AD 列';
      gap.getCell(4).value = { error: '#N/A' } as ExcelJS.CellErrorValue;
      gap.commit();
      ws.addRow([false, -0.5, '', '换行\n第二行', { formula: '1+1', result: 2 }]).commit();
      ws.commit();
      wb.addWorksheet('第二页').addRow(['不读']).commit();
      await wb.commit();
      const mine = await rows(path);
      const theirs = await oracle(path);
      // Compared with '' as no value (both mean an empty cell to the import) and trailing empties trimmed.
      // exceljs drops all but the last run of an INLINE rich text ('三'): that one cell is checked below.
      const trim = (r: { rowNo: number; cells: Cell[] }[]) =>
        r.map((x) => {
          const cells = x.cells.map((c, i) => (c === '' || (x.rowNo === 2 && i === 7) ? null : c));
          while (cells.length && cells[cells.length - 1] == null) cells.pop();
          return { rowNo: x.rowNo, cells };
        });
      expect(trim(mine)).toEqual(trim(theirs));
      expect(mine[1]?.cells[0]).toBe('王秀兰 & <李> "引号" \'单\'');
      expect(mine[1]?.cells[2]).toBe(13812345678);
      expect(mine[1]?.cells[3]).toBe(43617); // 2019-06-01 as an Excel serial day
      expect(mine[1]?.cells[6]).toBe('姓名x');
      expect(mine[1]?.cells[7]).toBe('张三');
      expect(mine[2]).toMatchObject({ rowNo: 5 });
      expect(mine[2]?.cells[29]).toBe('AD 列');
      expect(mine[2]?.cells[3]).toBeNull();
      expect(mine[3]?.cells.slice(0, 5)).toEqual([false, -0.5, null, '换行\n第二行', 2]);
      expect(await sniffWorkbook(path)).toBe('xlsx');
    }
  });

  it('reads inline strings, phonetic runs, single quotes, missing references and a stored part', async () => {
    const zip = new JSZip();
    zip.file(
      'xl/workbook.xml',
      `<?xml version="1.0"?><workbook xmlns:r="r"><sheets><sheet name="b" sheetId="2" r:id="rId7"/><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    );
    zip.file(
      'xl/_rels/workbook.xml.rels',
      `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id='rId7' Target='/xl/worksheets/sheet9.xml'/></Relationships>`,
    );
    zip.file(
      'xl/sharedStrings.xml',
      `<sst><si><t>东</t></si><si><r><t xml:space="preserve">高 </t></r><r><t>家沟</t></r><rPh sb="0" eb="1"><t>gāo</t></rPh></si><si/><si><t>&#x4E00;&#20108;&amp;</t></si></sst>`,
    );
    zip.file(
      'xl/worksheets/sheet1.xml',
      '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
    );
    zip.file(
      'xl/worksheets/sheet9.xml',
      `<worksheet><cols><col min="1" max="2"/></cols><sheetData>
        <row r='2' spans='1:4'><c r='A2' t='s'><v>1</v></c><c t="inlineStr"><is><r><t>内</t></r><r><t>联</t></r></is></c><c/><c t="s"><v>3</v></c></row>
        <row><c r="B3" t="str"><f>X</f><v>公式&lt;1&gt;</v></c><c r="C3" t="e"><v>#DIV/0!</v></c><c r="D3" t="b"><v>0</v></c><c r="E3" t="s"><v>2</v></c></row>
        <row r="7"/>
      </sheetData><rowBreaks count="1"><brk id="1"/></rowBreaks></worksheet>`,
    );
    const path = join(dir, 'hand.xlsx');
    writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' }));
    expect(await rows(path)).toEqual([
      { rowNo: 2, cells: ['高 家沟', '内联', null, '一二&'] },
      { rowNo: 3, cells: [null, '公式<1>', null, false, null] },
      { rowNo: 7, cells: [] },
    ]);
  });

  it('reads a large sheet across stream chunks without losing or splitting a row', async () => {
    const path = join(dir, 'large.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
    const ws = wb.addWorksheet('台账');
    for (let i = 1; i <= 20_000; i++)
      ws.addRow([`名字${i}`, i, i % 2 === 0 ? `第${i}号` : null, '中文'.repeat(i % 7)]).commit();
    ws.commit();
    await wb.commit();
    const got = await rows(path);
    expect(got).toHaveLength(20_000);
    got.forEach((r, i) => {
      expect(r.rowNo).toBe(i + 1);
      expect(r.cells[0]).toBe(`名字${i + 1}`);
      expect(r.cells[1]).toBe(i + 1);
    });
    expect(got[9_999]?.cells).toEqual(['名字10000', 10000, '第10000号', '中文'.repeat(10000 % 7)]);
  });

  it('decodes XML text and string items', () => {
    expect(xmlText('a &lt;b&gt; &amp;amp; &#65;&#x42; &unknown;')).toBe('a <b> &amp; AB &unknown;');
    expect(parseSharedStrings('<sst><si><t>a</t></si><si/><si><r><t>b</t></r><r><t>c</t></r></si></sst>')).toEqual([
      'a',
      '',
      'bc',
    ]);
    expect(rowCells('<c r="C1"><v>1.5</v></c><c><v></v></c>', [])).toEqual([null, null, 1.5, null]);
  });
});

/**
 * Reading an uploaded workbook: the type is decided by content — an .xlsx is a ZIP whose central directory
 * lists `xl/workbook.xml` (the name and the client's Content-Type are never trusted; an old binary .xls is
 * recognised only to say "save as .xlsx") — then its first sheet is streamed row by row with exceljs's
 * streaming reader, so a 20 MB file never sits in memory as a workbook.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Cell } from '@grassroots/shared/ledger-import/ledger-import.rules';
import ExcelJS from 'exceljs';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export type WorkbookKind = 'xlsx' | 'xls' | null;

/** 'xlsx' when the file is a ZIP holding xl/workbook.xml, 'xls' for a legacy OLE2 workbook, else null. */
export async function sniffWorkbook(path: string): Promise<WorkbookKind> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(8);
    await fh.read(head, 0, 8, 0);
    if (OLE2.every((b, i) => head[i] === b)) return 'xls';
    if (head.readUInt32LE(0) !== 0x04034b50) return null;
    // The end-of-central-directory record sits in the last 22 bytes + an optional comment (≤ 64 KiB).
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let at = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) return null;
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (cdOffset + cdSize > size || cdSize > 8 * 1024 * 1024) return null;
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    for (let p = 0; p + 46 <= cdSize && cd.readUInt32LE(p) === CENTRAL; ) {
      const nameLen = cd.readUInt16LE(p + 28);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      if (name === 'xl/workbook.xml') return 'xlsx';
      p += 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    return null;
  } finally {
    await fh.close();
  }
}

type ExcelValue = ExcelJS.CellValue | { sharedString: number } | undefined;

/** An exceljs value as a plain cell: rich text joined, formulas by their result, hyperlinks by their text. */
export function toCell(v: ExcelValue): Cell {
  if (v == null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return toCell(v.result as ExcelValue);
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return null;
  }
  return null;
}

export interface SheetRow {
  /** The row number in the sheet (1-based), so problems point where the importer can look. */
  rowNo: number;
  cells: Cell[];
}

/**
 * The rows of the first worksheet, in order, as 0-based arrays of cells. `onBytes` receives the bytes read so
 * far (for progress while parsing). Styles are read so that date-formatted cells arrive as dates.
 */
export async function* readSheetRows(path: string, onBytes?: (n: number) => void): AsyncGenerator<SheetRow> {
  const input = createReadStream(path, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  if (onBytes)
    input.on('data', (chunk) => {
      bytes += chunk.length;
      onBytes(bytes);
    });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelValue[];
        const cells: Cell[] = [];
        // exceljs rows are 1-based sparse arrays.
        for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
        yield { rowNo: row.number, cells };
      }
      return; // the first sheet only
    }
  } finally {
    input.destroy();
  }
}

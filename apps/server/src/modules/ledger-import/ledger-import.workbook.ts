/**
 * Reading an uploaded workbook: the type is decided by content — an .xlsx is a ZIP whose central directory
 * lists `xl/workbook.xml` (the name and the client's Content-Type are never trusted; an old binary .xls is
 * recognised only to say "save as .xlsx") — then its first sheet is streamed row by row (ledger-import.xlsx.ts),
 * so a 20 MB file never sits in memory as a workbook.
 */
import { open } from 'node:fs/promises';
import type { Cell } from '@grassroots/shared/ledger-import/ledger-import.rules';
import { readFirstSheet, zipEntries } from './ledger-import.xlsx.js';

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export type WorkbookKind = 'xlsx' | 'xls' | null;

/** 'xlsx' when the file is a ZIP holding xl/workbook.xml, 'xls' for a legacy OLE2 workbook, else null. */
export async function sniffWorkbook(path: string): Promise<WorkbookKind> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    await fh.read(head, 0, 8, 0);
    if (OLE2.every((b, i) => head[i] === b)) return 'xls';
    if (head.readUInt32LE(0) !== 0x04034b50) return null;
    return (await zipEntries(fh))?.has('xl/workbook.xml') ? 'xlsx' : null;
  } finally {
    await fh.close();
  }
}

export interface SheetRow {
  /** The row number in the sheet (1-based), so problems point where the importer can look. */
  rowNo: number;
  cells: Cell[];
}

/**
 * The rows of the first worksheet, in order, as 0-based arrays of cells. `onBytes` receives the bytes read so
 * far (for progress while parsing). Number formats are not read: a date cell arrives as its serial day.
 */
export function readSheetRows(path: string, onBytes?: (n: number) => void): AsyncGenerator<SheetRow> {
  return readFirstSheet(path, onBytes);
}

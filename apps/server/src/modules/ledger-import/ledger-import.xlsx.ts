/**
 * A minimal reader of an .xlsx's first worksheet, row by row, for the import (bench/README "ledger-import":
 * exceljs's streaming reader spent ≈ 3 s and most of the garbage of a 100k-row import building row objects
 * through a generic SAX parser). An .xlsx is a ZIP: the central directory gives each part's offset; the first
 * sheet is the first <sheet> of xl/workbook.xml, located through xl/_rels/workbook.xml.rels; its XML is inflated
 * as a stream and scanned for <row> and <c> elements — a worksheet's sheetData is nothing else — so a 20 MB
 * file never sits in memory inflated. Shared strings (xl/sharedStrings.xml) are read whole first, as exceljs's
 * 'cache' mode did. Values come as exceljs gave them with styles ignored: shared/inline/formula strings as
 * text (rich-text runs joined, phonetic runs left out), numbers as numbers (so a date is its serial day, which
 * parseDay reads), booleans, errors as empty.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { AppError } from '@grassroots/shared/common/errors';
import type { Cell } from '@grassroots/shared/ledger-import/ledger-import.rules';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Parts read whole (workbook, relations, shared strings) are refused beyond this, inflated. */
const MAX_PART = 256 * 1024 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The entries of the ZIP's central directory (null when the file is not a ZIP we can read). */
export async function zipEntries(fh: FileHandle): Promise<Map<string, ZipEntry> | null> {
  const { size } = await fh.stat();
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
  const out = new Map<string, ZipEntry>();
  for (let p = 0; p + 46 <= cdSize && cd.readUInt32LE(p) === CENTRAL; ) {
    const nameLen = cd.readUInt16LE(p + 28);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    out.set(name, {
      name,
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
  }
  return out;
}

const bad = (reason: string) => new AppError('IMPORT_BAD_WORKBOOK', { reason });

/** Where an entry's data starts (after its local header, whose name/extra lengths may differ from the CD's). */
async function dataOffset(fh: FileHandle, e: ZipEntry) {
  const head = Buffer.alloc(30);
  await fh.read(head, 0, 30, e.localOffset);
  if (head.readUInt32LE(0) !== LOCAL) throw bad('zip');
  if (e.method !== 0 && e.method !== 8) throw bad('zip_method');
  return e.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
}

async function readPart(fh: FileHandle, e: ZipEntry): Promise<string> {
  if (e.size > MAX_PART) throw bad('too_large');
  const data = Buffer.alloc(e.compressedSize);
  await fh.read(data, 0, e.compressedSize, await dataOffset(fh, e));
  return (e.method === 8 ? inflateRawSync(data, { maxOutputLength: MAX_PART }) : data).toString('utf8');
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text with its entity and character references resolved. */
export function xmlText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref] ?? m;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

/**
 * The attribute `name` of a start tag's text, or undefined. Scanned, not matched by a regular expression: it
 * runs twice per cell, and a sheet has millions of cells.
 */
function attr(tag: string, name: string): string | undefined {
  for (let at = tag.indexOf(name, 1); at > 0; at = tag.indexOf(name, at + 1)) {
    if (!isSpace(tag.charCodeAt(at - 1))) continue;
    let i = at + name.length;
    while (isSpace(tag.charCodeAt(i))) i++;
    if (tag[i] !== '=') continue;
    i++;
    while (isSpace(tag.charCodeAt(i))) i++;
    const quote = tag[i];
    if (quote !== '"' && quote !== "'") continue;
    const end = tag.indexOf(quote, i + 1);
    return end < 0 ? undefined : xmlText(tag.slice(i + 1, end));
  }
  return undefined;
}

/** Whether the character after a tag name ends the name (so `<c` is not `<col`, `<row` not `<rowBreaks`). */
const endsName = (code: number) => isSpace(code) || code === 62 || code === 47;

/** The text of a string item (<si> or <is>): its <t> runs joined, phonetic runs (<rPh>) left out. */
function itemText(xml: string): string {
  // Most items are one plain run: <t>text</t>.
  if (xml.startsWith('<t>') && xml.endsWith('</t>') && xml.indexOf('<', 3) === xml.length - 4)
    return xmlText(xml.slice(3, -4));
  const body = xml.includes('<rPh') ? xml.replace(/<rPh[\s>][\s\S]*?<\/rPh>/g, '') : xml;
  let out = '';
  for (const m of body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += xmlText(m[1] as string);
  return out;
}

/**
 * Calls `each` with the start tag and the inner XML (empty for `<name … />`) of every `name` element of `xml`, in
 * order; an element left unclosed runs to the end. Scanned, not matched by a regular expression: it runs per row
 * and per shared string, millions of times in a large sheet.
 */
function forEachElement(xml: string, name: string, each: (tag: string, body: string) => void) {
  const open = `<${name}`;
  const close = `</${name}>`;
  for (let at = xml.indexOf(open); at >= 0; at = xml.indexOf(open, at)) {
    if (!endsName(xml.charCodeAt(at + open.length))) {
      at += open.length;
      continue;
    }
    const tagEnd = xml.indexOf('>', at);
    if (tagEnd < 0) return;
    const tag = xml.slice(at, tagEnd + 1);
    if (xml[tagEnd - 1] === '/') {
      each(tag, '');
      at = tagEnd + 1;
      continue;
    }
    const end = xml.indexOf(close, tagEnd);
    each(tag, xml.slice(tagEnd + 1, end < 0 ? xml.length : end));
    if (end < 0) return;
    at = end + close.length;
  }
}

export function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  forEachElement(xml, 'si', (_, body) => out.push(itemText(body)));
  return out;
}

/** The path in the ZIP of the workbook's first sheet. */
function firstSheetPath(workbook: string, rels: string): string {
  const sheet = /<(?:\w+:)?sheet\s[^>]*>/.exec(workbook)?.[0];
  const rid = sheet && /\sr:id\s*=\s*["']([^"']*)["']/.exec(sheet)?.[1];
  if (!rid) throw bad('no_sheet');
  for (const m of rels.matchAll(/<Relationship\s[^>]*>/g)) {
    if (attr(m[0], 'Id') !== rid) continue;
    const target = attr(m[0], 'Target') ?? '';
    return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  }
  throw bad('no_sheet');
}

/** 'BC12' → 54 (0-based column of a cell reference). */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** An empty text is no value (as exceljs read it). */
const text = (s: string | undefined): Cell => (s ? s : null);

function cellValue(type: string | undefined, body: string, shared: readonly string[]): Cell {
  if (type === 'inlineStr') {
    const is = /<is>([\s\S]*?)<\/is>/.exec(body);
    return is ? text(itemText(is[1] as string)) : null;
  }
  const v = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/.exec(body)?.[1];
  if (v === undefined) return null;
  switch (type) {
    case 's':
      return text(shared[Number(v)]);
    case 'str':
      return text(xmlText(v));
    case 'b':
      return v === '1' || v === 'true';
    case 'e':
      return null;
    case 'd': {
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? null : d;
    }
    default: {
      const n = Number(v);
      return v.trim() === '' || Number.isNaN(n) ? null : n;
    }
  }
}

/** The cells of one <row>…</row> (its inner XML), 0-based, gaps as null. */
export function rowCells(inner: string, shared: readonly string[]): Cell[] {
  const cells: Cell[] = [];
  let col = -1;
  forEachElement(inner, 'c', (tag, body) => {
    const ref = attr(tag, 'r');
    col = ref ? columnOf(ref) : col + 1;
    const value = cellValue(attr(tag, 't'), body, shared);
    while (cells.length < col) cells.push(null);
    cells[col] = value;
  });
  return cells;
}

export interface XlsxRow {
  rowNo: number;
  cells: Cell[];
}

/** The rows of the first worksheet of the .xlsx at `path`, in order; `onBytes` gets the file bytes read. */
export async function* readFirstSheet(path: string, onBytes?: (n: number) => void): AsyncGenerator<XlsxRow> {
  const fh = await open(path, 'r');
  let sheet: ZipEntry;
  let shared: string[] = [];
  let start: number;
  try {
    const entries = await zipEntries(fh);
    const part = (name: string) => entries?.get(name);
    const wb = part('xl/workbook.xml');
    const rels = part('xl/_rels/workbook.xml.rels');
    if (!wb || !rels) throw bad('no_sheet');
    const found = part(firstSheetPath(await readPart(fh, wb), await readPart(fh, rels)));
    if (!found) throw bad('no_sheet');
    sheet = found;
    const ss = part('xl/sharedStrings.xml');
    if (ss) shared = parseSharedStrings(await readPart(fh, ss));
    start = await dataOffset(fh, sheet);
  } finally {
    await fh.close();
  }
  if (sheet.compressedSize === 0) return;
  const input = createReadStream(path, { start, end: start + sheet.compressedSize - 1, highWaterMark: 256 * 1024 });
  let bytes = start;
  input.on('data', (chunk) => {
    bytes += chunk.length;
    onBytes?.(bytes);
  });
  const xml = sheet.method === 8 ? input.pipe(createInflateRaw({ chunkSize: 256 * 1024 })) : input;
  const decoder = new StringDecoder('utf8');
  let buf = '';
  let rowNo = 0;
  try {
    for await (const chunk of xml as AsyncIterable<Buffer>) {
      buf += decoder.write(chunk);
      let from = 0;
      for (;;) {
        const at = buf.indexOf('<row', from);
        if (at < 0 || at + 4 >= buf.length) break;
        if (!endsName(buf.charCodeAt(at + 4))) {
          from = at + 4;
          continue;
        }
        const tagEnd = buf.indexOf('>', at);
        if (tagEnd < 0) break;
        const tag = buf.slice(at, tagEnd + 1);
        const selfClosing = tag.endsWith('/>');
        const close = selfClosing ? tagEnd : buf.indexOf('</row>', tagEnd);
        if (close < 0) break;
        const r = attr(tag, 'r');
        rowNo = r ? Number(r) : rowNo + 1;
        yield { rowNo, cells: selfClosing ? [] : rowCells(buf.slice(tagEnd + 1, close), shared) };
        from = selfClosing ? tagEnd + 1 : close + 6;
      }
      // Keep from the first unfinished row on (or a tail that may hold the start of "<row").
      const pending = buf.indexOf('<row', from);
      buf = pending >= 0 ? buf.slice(pending) : buf.slice(Math.max(from, buf.length - 4));
    }
  } finally {
    input.destroy();
  }
}

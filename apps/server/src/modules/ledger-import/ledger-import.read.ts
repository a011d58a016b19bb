/**
 * Reading a workbook into validated rows: the part of a parse that needs no database — the sheet reader, row
 * validation and the ID number's keyed hash (duplicates within the file). A large file is read on a second core
 * (`readInWorker`, ledger-import.read-worker.ts), which also encodes the rows as new persons (`encodeRows`) while
 * the main thread looks up places and existing persons and writes the staging rows of earlier batches
 * (ledger-import.parse.ts); when the main thread would otherwise wait, it takes batches not encoded yet and
 * encodes them itself, so the two share the work whatever the mix. A small file is read in place: a thread's
 * start would cost more than it saves.
 */
import { AppError } from '@grassroots/shared/common/errors';
import {
  type CustomFieldSpec,
  cellText,
  headerKey,
  IMPORT_MAX_ROWS,
  type ImportProblem,
} from '@grassroots/shared/ledger-import/ledger-import.rules';
import type { Pii } from '../../core/pii.js';
import { startTsWorker } from '../../core/ts-worker.js';
import { type PersonParts, personParts } from './ledger-import.crypto.js';
import { type ColumnMap, type StagedPerson, validateRow } from './ledger-import.validate.js';
import { readSheetRows, type SheetRow } from './ledger-import.workbook.js';

const BATCH = 1000;
/** The header row is the first of these rows that has a 姓名 column. */
const HEADER_SEARCH_ROWS = 10;
/** Batches the reader thread may be ahead of the main thread: bounds the memory a fast reader fills. */
const AHEAD = 4;
/** The reader thread's heap, and its young generation: rows and strings, mostly short-lived (ts-worker.ts). */
const READER_HEAP_MB = 256;
const READER_YOUNG_MB = 64;

export interface ReadRow {
  rowNo: number;
  person: StagedPerson;
  problems: ImportProblem[];
  /** The first row with the same ID number. */
  duplicateRow: number | null;
  /**
   * The row encoded as a new person, when the reader thread had time for it (`encodeRows`): the main thread
   * encodes the others when it seals the batch.
   */
  encoded: PersonParts | null;
}

export interface ReadBatch {
  rows: ReadRow[];
  /** Bytes of the file read so far (progress). */
  bytes: number;
  /** Header cells that name no column of the ledger (shown in the preview). */
  ignoredColumns: string[];
}

export interface ReadOptions {
  path: string;
  fields: readonly CustomFieldSpec[];
  today: string;
}

/**
 * The rows after the header in batches; the last batch (possibly empty) comes even for a sheet with no rows.
 * IMPORT_BAD_WORKBOOK for a sheet without a 姓名 header or with more than IMPORT_MAX_ROWS rows.
 */
export async function* readRows(o: ReadOptions, pii: Pii): AsyncGenerator<ReadBatch> {
  const firstRowOfHash = new Map<string, number>();
  let columns: ColumnMap | null = null;
  let ignoredColumns: string[] = [];
  let rows: ReadRow[] = [];
  let bytes = 0;
  let total = 0;
  const hash = (id: string) => pii.hash(id);
  for await (const row of readSheetRows(o.path, (n) => (bytes = n))) {
    if (!columns) {
      const header = headerOf(row, o.fields);
      if (header) ({ columns, ignoredColumns } = header);
      continue;
    }
    if (row.cells.every((c) => cellText(c) === '')) continue;
    if (++total > IMPORT_MAX_ROWS) throw new AppError('IMPORT_BAD_WORKBOOK', { maxRows: IMPORT_MAX_ROWS });
    const { person, problems } = validateRow({
      cells: row.cells,
      columns,
      fields: o.fields,
      today: o.today,
      hash,
    });
    let duplicateRow: number | null = null;
    if (person.idHash) {
      const first = firstRowOfHash.get(person.idHash);
      if (first === undefined) firstRowOfHash.set(person.idHash, row.rowNo);
      else duplicateRow = first;
    }
    rows.push({ rowNo: row.rowNo, person, problems, duplicateRow, encoded: null });
    if (rows.length >= BATCH) {
      yield { rows, bytes, ignoredColumns };
      rows = [];
    }
  }
  if (!columns) throw new AppError('IMPORT_BAD_WORKBOOK', { reason: 'no_header' });
  yield { rows, bytes, ignoredColumns };
}

/** Encodes rows `from`..`from + count` that validation passed as new persons; returns where it stopped. */
export function encodeRows(pii: Pii, rows: ReadRow[], from: number, count: number): number {
  const to = Math.min(rows.length, from + count);
  for (let i = from; i < to; i++) {
    const r = rows[i] as ReadRow;
    if (r.problems.length === 0) r.encoded = personParts(pii, r.person);
  }
  return to;
}

/** Maps the header row; a row without 姓名 within the first rows means this is not a ledger sheet. */
function headerOf(row: SheetRow, fields: readonly CustomFieldSpec[]) {
  const columns: ColumnMap = new Map();
  const ignoredColumns: string[] = [];
  row.cells.forEach((c, i) => {
    const text = cellText(c);
    if (!text) return;
    const key = headerKey(text, fields);
    if (key && !columns.has(key)) columns.set(key, i);
    else ignoredColumns.push(text);
  });
  if (columns.has('name')) return { columns, ignoredColumns };
  if (row.rowNo >= HEADER_SEARCH_ROWS) throw new AppError('IMPORT_BAD_WORKBOOK', { reason: 'no_header' });
  return null;
}

/**
 * Reader threads of this process: started (tests check that a large workbook used one) and running now. Only
 * MAX_READER_THREADS run at once — more would only oversubscribe the cores — a further large file is read in place.
 */
export const readerThreads = { started: 0, running: 0 };
export const MAX_READER_THREADS = 2;

/** What the reader thread sends: a batch, the end, or why it stopped. */
export type ReaderMessage =
  | { batch: ReadBatch }
  | { end: true }
  | { error: { code?: AppError['code']; details?: unknown; message: string } };

export interface WorkerData extends ReadOptions {
  /** The PII master key: the thread encrypts and hashes as the server does (the same process's memory). */
  key: Uint8Array;
}

/** The rows of a workbook being read, and how to stop reading it (idempotent; a no-op once all are read). */
export interface Reader {
  batches: AsyncIterable<ReadBatch>;
  stop(): Promise<void>;
}

/** `readRows` in place, as a Reader. */
export const readInPlace = (o: ReadOptions, pii: Pii): Reader => ({ batches: readRows(o, pii), stop: async () => {} });

/**
 * `readRows` on a second thread, started at once — its start (loading the TypeScript modules, ~0.3 s) overlaps
 * what the caller does before it takes the first batch. Its errors arrive as they were thrown (an AppError keeps
 * its code). The caller stops the thread when done, early (cancelled import, failed write) or not at all.
 */
export function readInWorker(o: ReadOptions, key: Buffer): Reader {
  // A copy of its own: a small Buffer is a view into Node's shared pool, which workerData would copy whole.
  const data: WorkerData = { path: o.path, fields: o.fields, today: o.today, key: new Uint8Array(key) };
  readerThreads.started++;
  readerThreads.running++;
  const worker = startTsWorker(
    new URL('./ledger-import.read-worker.ts', import.meta.url),
    { ...data, ahead: AHEAD },
    READER_HEAP_MB,
    READER_YOUNG_MB,
  );
  const inbox: ReaderMessage[] = [];
  let wake: (() => void) | null = null;
  const deliver = (m: ReaderMessage) => {
    inbox.push(m);
    wake?.();
  };
  worker.on('message', deliver);
  worker.on('messageerror', (e) => deliver({ error: { message: `unreadable batch: ${e.message}` } }));
  worker.on('error', (e: unknown) => deliver({ error: { message: String((e as Error | null)?.stack ?? e) } }));
  worker.on('exit', () => deliver({ error: { message: 'the workbook reader thread stopped' } }));
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      worker.removeAllListeners();
      worker.on('error', () => {}); // one raised while it stops must not reach the process
      readerThreads.running--;
      await worker.terminate();
    })();
    return stopped;
  };
  async function* batches(): AsyncGenerator<ReadBatch> {
    try {
      for (;;) {
        while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const m = inbox.shift() as ReaderMessage;
        if ('end' in m) return;
        if ('error' in m) {
          const { code, details, message } = m.error;
          throw code ? new AppError(code, details) : new Error(`ledger import reader: ${message}`);
        }
        worker.postMessage('taken');
        yield m.batch;
      }
    } finally {
      await stop();
    }
  }
  return { batches: batches(), stop };
}

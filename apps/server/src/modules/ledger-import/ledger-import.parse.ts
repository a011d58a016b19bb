/**
 * Parsing an upload into staging rows, in batches of rows: validate each row, resolve its household (one
 * lookup per batch), find duplicates — of an earlier row by the ID number's keyed hash (in memory), of an
 * existing person by the same hash (one indexed query per batch) — then encrypt each row (it holds clear ID
 * numbers and phones), encode each row without problems as the person it would insert (person-codec: the
 * commit only copies it), and insert the batch. Counters are written after every batch, so a poller sees
 * progress.
 */
import { AppError } from '@grassroots/shared/common/errors';
import {
  type CustomFieldSpec,
  cellText,
  headerKey,
  IMPORT_MAX_ROWS,
  type ImportProblem,
} from '@grassroots/shared/ledger-import/ledger-import.rules';
import type { Insertable } from 'kysely';
import type { AppContext } from '../../core/context.js';
import type { LedgerImportRowsTable } from '../../db/database.js';
import type { Sealed } from './ledger-import.crypto.js';
import type { PlaceIndex } from './ledger-import.places.js';
import { importsRepository as repo } from './ledger-import.repository.js';
import { type ColumnMap, type StagedPerson, validateRow } from './ledger-import.validate.js';
import { readSheetRows, type SheetRow } from './ledger-import.workbook.js';

const BATCH = 1000;
/** The header row is the first of these rows that has a 姓名 column. */
const HEADER_SEARCH_ROWS = 10;

export interface ParseOptions {
  importId: number;
  path: string;
  fields: readonly CustomFieldSpec[];
  places: PlaceIndex;
  /** Paths the importer may write: an existing person elsewhere is a problem, not a duplicate to update. */
  writePaths: string[];
  today: string;
  /** Encrypts staging rows, and encodes those marked in `encode` as new persons. */
  seal: (persons: StagedPerson[], encode: boolean[]) => Sealed[];
  onBytes: (n: number) => void;
  isCancelled: () => boolean;
}

export interface ParseOutcome {
  totalRows: number;
  errorRows: number;
  duplicateRows: number;
  ignoredColumns: string[];
}

interface Parsed {
  rowNo: number;
  person: StagedPerson;
  problems: ImportProblem[];
  duplicateOf: number | null;
  duplicateRow: number | null;
}

const under = (paths: string[], path: string) => paths.some((p) => path.startsWith(p));

export class ImportParser {
  private readonly firstRowOfHash = new Map<string, number>();
  private staged = 0;
  private readonly out: ParseOutcome = { totalRows: 0, errorRows: 0, duplicateRows: 0, ignoredColumns: [] };

  constructor(
    private readonly ctx: AppContext,
    private readonly o: ParseOptions,
  ) {}

  async run(): Promise<ParseOutcome | null> {
    let columns: ColumnMap | null = null;
    let batch: Parsed[] = [];
    for await (const row of readSheetRows(this.o.path, this.o.onBytes)) {
      if (!columns) {
        columns = this.header(row);
        continue;
      }
      if (row.cells.every((c) => cellText(c) === '')) continue;
      if (++this.out.totalRows > IMPORT_MAX_ROWS)
        throw new AppError('IMPORT_BAD_WORKBOOK', { maxRows: IMPORT_MAX_ROWS });
      batch.push(this.validate(row, columns));
      if (batch.length >= BATCH) {
        if (this.o.isCancelled()) return null;
        await this.flush(batch);
        batch = [];
      }
    }
    if (!columns) throw new AppError('IMPORT_BAD_WORKBOOK', { reason: 'no_header' });
    if (this.o.isCancelled()) return null;
    await this.flush(batch);
    return this.out;
  }

  /** Maps the header row; a row without 姓名 within the first rows means this is not a ledger sheet. */
  private header(row: SheetRow): ColumnMap | null {
    const map: ColumnMap = new Map();
    const ignored: string[] = [];
    row.cells.forEach((c, i) => {
      const text = cellText(c);
      if (!text) return;
      const key = headerKey(text, this.o.fields);
      if (key && !map.has(key)) map.set(key, i);
      else ignored.push(text);
    });
    if (map.has('name')) {
      this.out.ignoredColumns = ignored;
      return map;
    }
    if (row.rowNo >= HEADER_SEARCH_ROWS) throw new AppError('IMPORT_BAD_WORKBOOK', { reason: 'no_header' });
    return null;
  }

  private validate(row: SheetRow, columns: ColumnMap): Parsed {
    const { person, problems } = validateRow({
      cells: row.cells,
      columns,
      fields: this.o.fields,
      today: this.o.today,
      hash: (id) => this.ctx.pii.hash(id),
    });
    let duplicateRow: number | null = null;
    if (person.idHash) {
      const first = this.firstRowOfHash.get(person.idHash);
      if (first === undefined) this.firstRowOfHash.set(person.idHash, row.rowNo);
      else duplicateRow = first;
    }
    return { rowNo: row.rowNo, person, problems, duplicateOf: null, duplicateRow };
  }

  private async flush(batch: Parsed[]) {
    if (batch.length === 0) return;
    await this.o.places.prepare(batch.map((r) => r.person.place));
    for (const r of batch) {
      const res = this.o.places.resolve(r.person.place);
      if ('target' in res) r.person.target = res.target;
      else r.problems.push(res.problem);
    }
    await this.findExisting(batch);
    for (const r of batch) {
      if (r.problems.length) this.out.errorRows++;
      if (r.duplicateOf != null || r.duplicateRow != null) this.out.duplicateRows++;
    }
    const sealed = this.o.seal(
      batch.map((r) => r.person),
      batch.map((r) => r.problems.length === 0),
    );
    await this.store(batch, sealed);
  }

  private async store(batch: Parsed[], sealed: Sealed[]) {
    const rows: Insertable<LedgerImportRowsTable>[] = batch.map((r, i) => ({
      importId: this.o.importId,
      rowNo: r.rowNo,
      dataEnc: (sealed[i] as Sealed).dataEnc,
      person: (sealed[i] as Sealed).person,
      problems: JSON.stringify(r.problems),
      duplicateOf: r.duplicateOf,
      duplicateRow: r.duplicateRow,
    }));
    const k = this.ctx.db.kysely;
    await repo.insertRows(k, this.ctx.db.dialect, rows);
    this.staged += rows.length;
    await repo.update(k, this.o.importId, {
      processedRows: this.staged,
      errorRows: this.out.errorRows,
      duplicateRows: this.out.duplicateRows,
      updatedAt: this.ctx.clock.now(),
    });
  }

  /** Existing persons with the same ID number: a duplicate to decide when writable, else a problem. */
  private async findExisting(batch: Parsed[]) {
    const wanted = batch.filter((r) => r.person.idHash && r.duplicateRow == null);
    if (wanted.length === 0) return;
    const found = await this.ctx.db.kysely
      .selectFrom('persons')
      .select(['id', 'idNoHash', 'areaPath'])
      .where(
        'idNoHash',
        'in',
        wanted.map((r) => r.person.idHash as string),
      )
      .orderBy('id')
      .execute();
    const byHash = new Map<string, { id: number; areaPath: string }[]>();
    for (const p of found) {
      const list = byHash.get(p.idNoHash as string) ?? [];
      list.push(p);
      byHash.set(p.idNoHash as string, list);
    }
    for (const r of wanted) {
      const matches = byHash.get(r.person.idHash as string);
      if (!matches) continue;
      const mine = matches.find((m) => under(this.o.writePaths, m.areaPath));
      if (mine) r.duplicateOf = mine.id;
      else r.problems.push({ field: 'idNumber', code: 'duplicate_elsewhere' });
    }
  }
}

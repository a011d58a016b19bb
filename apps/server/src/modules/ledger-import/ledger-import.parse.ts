/**
 * Parsing an upload into staging rows, batch by batch as the reader gives them (ledger-import.read.ts: validated,
 * duplicates within the file found, rows without problems already encoded as new persons): resolve each row's
 * household (one lookup per batch), find duplicates of an existing person by the ID number's keyed hash (one
 * indexed query per batch), seal the rows that cannot be committed as they are (they hold clear ID numbers and
 * phones), and insert the batch. Counters are written after every batch, so a poller sees progress.
 */
import type { ImportProblem } from '@grassroots/shared/ledger-import/ledger-import.rules';
import type { AppContext } from '../../core/context.js';
import type { PersonParts, Sealed } from './ledger-import.crypto.js';
import type { PlaceIndex } from './ledger-import.places.js';
import type { ReadBatch } from './ledger-import.read.js';
import { importsRepository as repo, stagingRow } from './ledger-import.repository.js';
import type { StagedPerson } from './ledger-import.validate.js';

export interface ParseOptions {
  importId: number;
  /** The workbook's rows (readRows or readInWorker). */
  batches: AsyncIterable<ReadBatch>;
  places: PlaceIndex;
  /** Paths the importer may write: an existing person elsewhere is a problem, not a duplicate to update. */
  writePaths: string[];
  /** Encrypts staging rows, and encodes those marked in `encode` as new persons (from `parts` when given). */
  seal: (persons: StagedPerson[], encode: boolean[], parts: (PersonParts | null)[]) => Sealed[];
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
  encoded: PersonParts | null;
}

const under = (paths: string[], path: string) => paths.some((p) => path.startsWith(p));

export class ImportParser {
  private staged = 0;
  private readonly out: ParseOutcome = { totalRows: 0, errorRows: 0, duplicateRows: 0, ignoredColumns: [] };

  constructor(
    private readonly ctx: AppContext,
    private readonly o: ParseOptions,
  ) {}

  /** The outcome, or null when the import was cancelled meanwhile. */
  async run(): Promise<ParseOutcome | null> {
    for await (const batch of this.o.batches) {
      if (this.o.isCancelled()) return null;
      this.o.onBytes(batch.bytes);
      this.out.totalRows += batch.rows.length;
      this.out.ignoredColumns = batch.ignoredColumns;
      await this.flush(batch.rows.map((r) => ({ ...r, duplicateOf: null })));
    }
    return this.o.isCancelled() ? null : this.out;
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
      batch.map((r) => r.encoded),
    );
    await this.store(batch, sealed);
  }

  private async store(batch: Parsed[], sealed: Sealed[]) {
    const rows = batch.map((r, i) => stagingRow(this.o.importId, r, sealed[i] as Sealed));
    this.staged += rows.length;
    // The batch's rows and the counters a poller reads land together: one commit a batch, not one per statement.
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await repo.insertRows(trx, this.ctx.db.dialect, rows);
      await repo.update(trx, this.o.importId, {
        processedRows: this.staged,
        errorRows: this.out.errorRows,
        duplicateRows: this.out.duplicateRows,
        updatedAt: this.ctx.clock.now(),
      });
    });
  }

  /** Existing persons with the same ID number: a duplicate to decide when writable, else a problem. */
  private async findExisting(batch: Parsed[]) {
    const wanted = batch.filter((r) => r.person.idHash && r.duplicateRow == null);
    if (wanted.length === 0) return;
    const found = await repo.personsByIdHash(
      this.ctx.db.kysely,
      this.ctx.db.dialect,
      wanted.map((r) => r.person.idHash as string),
    );
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

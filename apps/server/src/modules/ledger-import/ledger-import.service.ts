/**
 * The ledger's Excel import: upload → parse into staging rows (background) → preview with every row's problems
 * → decisions → ONE all-or-nothing commit (background) → result. An import belongs to the account that
 * uploaded it: nobody else sees it (404), since its staging rows hold that upload's personal data.
 *
 * Background work is an in-process task started by the request (202), its state in the import row: counters
 * are written as it goes, so a poll (GET) shows progress. After a restart no task runs any more: an import
 * found in parsing/committing WHEN READ, that no task of this process runs and that has not moved for
 * STALE_MS, is marked failed (IMPORT_INTERRUPTED) — a commit never wrote anything in that case, since its
 * writes are one transaction. Staging rows are deleted once an import is committed, failed or cancelled, and
 * previews abandoned for a week are cancelled at the next upload (their rows hold personal data).
 */

import { rm } from 'node:fs/promises';
import { AppError } from '@grassroots/shared/common/errors';
import type { CustomFieldType } from '@grassroots/shared/ledger/ledger.rules';
import type { CustomFieldSpec } from '@grassroots/shared/ledger-import/ledger-import.rules';
import type {
  ImportDecisionsBody,
  ImportRowsQuery,
  ImportView,
} from '@grassroots/shared/ledger-import/ledger-import.schema';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { masterKeyOf } from '../../core/pii.js';
import type { Principal } from '../../core/principal.js';
import { emptyScope } from '../../core/scope.js';
import { ledgerReach, shanghaiDay } from '../ledger/ledger.access.js';
import { notPlain } from './ledger-import.bulk.js';
import { type CommitHooks, CommitWriter } from './ledger-import.commit.js';
import { openRow, sealPersons, storedPerson } from './ledger-import.crypto.js';
import { ImportParser } from './ledger-import.parse.js';
import { PlaceIndex } from './ledger-import.places.js';
import { CommitPlan, insertsPerson } from './ledger-import.plan.js';
import { applyDecisions, previewRows } from './ledger-import.preview.js';
import { MAX_READER_THREADS, type Reader, readerThreads, readInPlace, readInWorker } from './ledger-import.read.js';
import {
  type ImportRow,
  importsRepository as repo,
  type StagingRow,
  withWriteCache,
} from './ledger-import.repository.js';
import { buildTemplate } from './ledger-import.template.js';
import { type Locale, parseSummary, toImportView } from './ledger-import.view.js';
import { sniffWorkbook } from './ledger-import.workbook.js';

const STALE_MS = 60_000;
const ABANDONED_MS = 7 * 24 * 3600_000;
const READ_CHUNK = 2000;

const stagedRow = (r: StagingRow) => ({
  rowNo: r.rowNo,
  hasProblems: r.problems !== '[]',
  duplicateOf: r.duplicateOf,
  duplicateRow: r.duplicateRow,
  decision: r.decision,
});

interface Task {
  kind: 'parse' | 'commit';
  /** Parsing: bytes read of `size`. */
  bytes: number;
  size: number;
  cancelled: boolean;
  done: Promise<void>;
}

export interface UploadedFile {
  path: string;
  size: number;
  name: string;
}

export class LedgerImportService {
  /** Tests set these: a hook before each chunk of person rows, and the chunk size. */
  hooks: CommitHooks = {};
  commitChunk = 400;
  /** Workbooks from this size on are read on a second thread (ledger-import.read.ts); tests lower it. */
  readerThreadFrom = 512 * 1024;
  private readonly running = new Map<number, Task>();

  constructor(private readonly ctx: AppContext) {}

  private get k() {
    return this.ctx.db.kysely;
  }

  /** Settles when the import's background task (if any) has finished — for tests and the benchmark. */
  async settled(id: number) {
    await this.running.get(id)?.done;
  }

  private async writePaths(p: Principal) {
    const paths = (await ledgerReach(this.k, p)).write;
    if (paths.length === 0) throw new AppError('FORBIDDEN', { permission: 'ledger.write' });
    return paths;
  }

  async activeFields(): Promise<CustomFieldSpec[]> {
    const rows = await this.k
      .selectFrom('ledgerFields')
      .select(['code', 'label', 'datatype', 'options', 'required'])
      .where('active', '=', 1)
      .orderBy('sortOrder')
      .orderBy('id')
      .execute();
    return rows.map((f) => ({
      code: f.code,
      label: f.label,
      datatype: f.datatype as CustomFieldType,
      options: JSON.parse(f.options) as string[],
      required: f.required === 1,
    }));
  }

  async template() {
    return buildTemplate(await this.activeFields());
  }

  /** Takes ownership of the uploaded file (deleted after parsing) and starts parsing it. */
  async create(p: Principal & { accountId: number }, actor: Actor, file: UploadedFile) {
    const writePaths = await this.writePaths(p);
    const kind = await sniffWorkbook(file.path);
    if (kind !== 'xlsx')
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', kind === 'xls' ? { format: 'xls' } : { expected: 'xlsx' });
    const now = this.ctx.clock.now();
    await this.expireAbandoned(now);
    const id = await this.k.transaction().execute(async (trx) => {
      const id = await repo.insert(trx, {
        createdBy: p.accountId,
        fileName: file.name.slice(0, 200),
        status: 'parsing',
        createdAt: now,
        updatedAt: now,
      });
      await this.ctx.audit.write(trx, actor, {
        action: 'ledger.import_upload',
        entityType: 'ledger_import',
        entityId: id,
        summary: { fileName: file.name.slice(0, 200) },
      });
      return id;
    });
    this.start(id, 'parse', file.size, (task) => this.runParse(id, file, writePaths, task));
    return { id: String(id), status: 'parsing' as const };
  }

  private start(id: number, kind: Task['kind'], size: number, run: (t: Task) => Promise<void>) {
    const task: Task = { kind, bytes: 0, size, cancelled: false, done: Promise.resolve() };
    this.running.set(id, task);
    task.done = run(task)
      .catch((err) => this.fail(id, err))
      .finally(() => this.running.delete(id));
  }

  private async runParse(id: number, file: UploadedFile, writePaths: string[], task: Task) {
    let reader: Reader | null = null;
    try {
      const scope = { ...emptyScope(), areaPaths: writePaths };
      const read = { path: file.path, fields: await this.activeFields(), today: shanghaiDay(this.ctx.clock.now()) };
      const key = masterKeyOf(this.ctx.pii);
      reader =
        key && file.size >= this.readerThreadFrom && readerThreads.running < MAX_READER_THREADS
          ? readInWorker(read, key)
          : readInPlace(read, this.ctx.pii);
      const parser = new ImportParser(this.ctx, {
        importId: id,
        batches: reader.batches,
        places: await PlaceIndex.load(this.k, scope),
        writePaths,
        seal: (persons, encode, parts) => sealPersons(this.ctx.pii, persons, encode, parts),
        onBytes: (n) => {
          task.bytes = n;
        },
        isCancelled: () => task.cancelled,
      });
      const out = await parser.run();
      if (!out) return; // cancelled: cancel() already cleaned up
      await repo.update(
        this.k,
        id,
        {
          status: 'preview',
          totalRows: out.totalRows,
          processedRows: out.totalRows,
          errorRows: out.errorRows,
          duplicateRows: out.duplicateRows,
          summary: JSON.stringify({ ignoredColumns: out.ignoredColumns }),
          updatedAt: this.ctx.clock.now(),
        },
        { status: ['parsing'] },
      );
    } finally {
      await reader?.stop();
      await rm(file.path, { force: true });
    }
  }

  /** Marks the import failed (nothing imported) and drops its staging rows. */
  private async fail(id: number, err: unknown) {
    const code = err instanceof AppError ? err.code : 'INTERNAL';
    if (!(err instanceof AppError)) console.error(`ledger import ${id} failed`, err);
    const details = err instanceof AppError ? err.details : undefined;
    await repo.deleteRows(this.k, id);
    await repo.update(this.k, id, {
      status: 'failed',
      summary: JSON.stringify({ error: { code, details } }),
      updatedAt: this.ctx.clock.now(),
    });
  }

  /** The caller's own import (404 for anyone else's), recovering one left behind by a restart. */
  private async owned(p: Principal, id: number): Promise<ImportRow> {
    const row = await repo.find(this.k, id);
    if (!row || row.createdBy !== p.accountId) throw new AppError('NOT_FOUND');
    const now = this.ctx.clock.now();
    if (
      (row.status === 'parsing' || row.status === 'committing') &&
      !this.running.has(id) &&
      now - row.updatedAt > STALE_MS
    ) {
      const set = {
        status: 'failed',
        summary: JSON.stringify({ error: { code: 'IMPORT_INTERRUPTED' } }),
        updatedAt: now,
      };
      if (await repo.update(this.k, id, set, { status: [row.status] })) await repo.deleteRows(this.k, id);
      return (await repo.find(this.k, id)) as ImportRow;
    }
    return row;
  }

  private progress(row: ImportRow) {
    const task = this.running.get(row.id);
    if (row.status === 'parsing') return task?.size ? Math.min(99, Math.floor((task.bytes / task.size) * 100)) : 0;
    if (row.status === 'committing')
      return row.totalRows ? Math.min(99, Math.floor((row.processedRows / row.totalRows) * 100)) : 0;
    return 100;
  }

  async get(p: Principal, id: number, locale: Locale): Promise<ImportView> {
    const row = await this.owned(p, id);
    const counts = row.status === 'preview' ? await repo.counts(this.k, id) : { blocking: 0, skipped: 0 };
    return toImportView(row, { progress: this.progress(row), ...counts }, locale);
  }

  async rows(p: Principal, id: number, query: ImportRowsQuery, locale: Locale) {
    await this.owned(p, id);
    return previewRows(this.ctx, id, query, locale);
  }

  async decide(p: Principal, id: number, input: ImportDecisionsBody, locale: Locale) {
    const row = await this.owned(p, id);
    if (row.status !== 'preview') throw new AppError('INVALID_TRANSITION', { status: row.status });
    await applyDecisions(this.ctx, row, input);
    return this.get(p, id, locale);
  }

  async commit(p: Principal, actor: Actor, id: number, version: number) {
    const row = await this.owned(p, id);
    if (row.status !== 'preview') throw new AppError('INVALID_TRANSITION', { status: row.status });
    if (row.version !== version) throw new AppError('VERSION_CONFLICT');
    const { blocking } = await repo.counts(this.k, id);
    if (blocking > 0) throw new AppError('IMPORT_HAS_ERRORS', { blockingRows: blocking });
    const writePaths = await this.writePaths(p);
    const set = { status: 'committing', processedRows: 0, version: version + 1, updatedAt: this.ctx.clock.now() };
    if (!(await repo.update(this.k, id, set, { status: ['preview'], version }))) throw new AppError('VERSION_CONFLICT');
    this.start(id, 'commit', 0, () => this.runCommit(id, row, writePaths, actor));
    return { id: String(id), status: 'committing' as const };
  }

  /**
   * Reads the staging rows that the SQL copy does not write (ledger-import.bulk.ts) chunk by chunk into the
   * plan — a new person as the parse encoded it; only the rows an update, an overlay or an older staging row
   * needs are decrypted (and encoded here if new) — then writes everything in one transaction.
   */
  private async runCommit(id: number, row: ImportRow, writePaths: string[], actor: Actor) {
    const overlaid = await repo.overlaidRowNos(this.k, id);
    const plan = new CommitPlan(overlaid);
    const pii = this.ctx.pii;
    for (let after = 0; ; ) {
      const rows = await repo.rowsAfter(this.k, id, after, READ_CHUNK, notPlain(id));
      const read = rows.map((r) => {
        const staged = stagedRow(r);
        const stored = r.person && insertsPerson(staged) ? storedPerson(r) : null;
        return { staged, stored, open: r.decision !== 'skip' && (!stored || overlaid.has(r.rowNo)) };
      });
      const whole = await repo.wholeRows(
        this.k,
        id,
        read.filter((x) => x.open).map((x) => x.staged.rowNo),
      );
      for (const { staged, stored, open } of read) {
        const kept = open ? whole.get(staged.rowNo) : undefined;
        plan.add({
          ...staged,
          data: kept ? openRow(pii, kept) : null,
          encoded: stored?.encoded ?? null,
          target: stored?.target ?? null,
        });
      }
      plan.encodePending(pii);
      const processedRows = Math.min(row.totalRows, plan.entries.length + plan.skipped);
      await repo.update(this.k, id, { processedRows, updatedAt: this.ctx.clock.now() });
      const last = rows[rows.length - 1];
      if (!last || rows.length < READ_CHUNK) break;
      after = last.rowNo;
    }
    const summary = parseSummary(row.summary);
    await withWriteCache(this.ctx.db, () =>
      this.k.transaction().execute(async (trx) => {
        const writer = new CommitWriter(this.ctx, trx, { writePaths, chunk: this.commitChunk, hooks: this.hooks });
        const result = await writer.write(plan, actor, { importId: id, fileName: row.fileName });
        await repo.update(trx, id, {
          status: 'committed',
          processedRows: row.totalRows,
          summary: JSON.stringify({ ...summary, result }),
          version: row.version + 2,
          updatedAt: this.ctx.clock.now(),
        });
        await repo.deleteRows(trx, id);
      }),
    );
  }

  async cancel(p: Principal, actor: Actor, id: number, locale: Locale) {
    const row = await this.owned(p, id);
    if (row.status !== 'preview' && row.status !== 'parsing')
      throw new AppError('INVALID_TRANSITION', { status: row.status });
    const task = this.running.get(id);
    if (task) task.cancelled = true;
    await task?.done;
    await this.k.transaction().execute(async (trx) => {
      await repo.deleteRows(trx, id);
      await repo.update(trx, id, { status: 'cancelled', version: row.version + 1, updatedAt: this.ctx.clock.now() });
      await this.ctx.audit.write(trx, actor, {
        action: 'ledger.import_cancel',
        entityType: 'ledger_import',
        entityId: id,
        summary: { fileName: row.fileName },
      });
    });
    return this.get(p, id, locale);
  }

  /** Previews nobody committed or cancelled for a week: cancelled, their personal data deleted. */
  private async expireAbandoned(now: number) {
    for (const id of await repo.stalePreviews(this.k, now - ABANDONED_MS)) {
      await repo.deleteRows(this.k, id);
      await repo.update(this.k, id, { status: 'cancelled', updatedAt: now }, { status: ['preview'] });
    }
  }
}

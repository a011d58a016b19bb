/** SQL of the import: the import row (status, counters) and its staging rows (encrypted data, problems). */
import type { ImportRowFilter } from '@grassroots/shared/ledger-import/ledger-import.schema';
import { type Insertable, type Kysely, type RawBuilder, sql, type Updateable } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import type { Database, LedgerImportsTable } from '../../db/database.js';
import type { Db, DialectName } from '../../db/dialect.js';
import { bulkInsertValues } from './bulk-insert.js';
import { PERSON_COLUMNS, type Sealed, STAGED_PERSON, type StoredRow } from './ledger-import.crypto.js';

/** The columns of a staging row as written (`stagingRow`). */
const STAGING_COLUMNS = [
  'importId',
  'rowNo',
  'problems',
  'duplicateOf',
  'duplicateRow',
  'dataEnc',
  ...PERSON_COLUMNS,
  'householdId',
  'areaPath',
  'person',
] as const;

/** What the parse found of a row: its place in the file, its problems, the person or row it duplicates. */
export interface ParsedFacts {
  rowNo: number;
  problems: readonly unknown[];
  duplicateOf: number | null;
  duplicateRow: number | null;
}

/** A staging row's values in STAGING_COLUMNS order: what the parse found (`r`), how the row is sealed (`s`). */
export function stagingRow(importId: number, r: ParsedFacts, s: Sealed): unknown[] {
  const values = s.values ?? NO_VALUES;
  return [
    importId,
    r.rowNo,
    JSON.stringify(r.problems),
    r.duplicateOf,
    r.duplicateRow,
    s.dataEnc,
    ...values,
    s.householdId,
    s.areaPath,
    s.person,
  ];
}
const NO_VALUES: readonly null[] = PERSON_COLUMNS.map(() => null);

type K = Kysely<Database>;
export type ImportRow = NonNullable<Awaited<ReturnType<typeof importsRepository.find>>>;
export type StagingRow = Awaited<ReturnType<typeof importsRepository.rowsAfter>>[number];

const hasProblems = sql<boolean>`problems <> '[]'`;

export const importsRepository = {
  async insert(k: K, v: Insertable<LedgerImportsTable>) {
    return (await k.insertInto('ledgerImports').values(v).returning('id').executeTakeFirstOrThrow()).id;
  },

  find(k: K, id: number) {
    return k.selectFrom('ledgerImports').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Changes an import; with `expect` only while it is in one of those statuses. Returns whether it did. */
  async update(
    k: K,
    id: number,
    set: Updateable<LedgerImportsTable>,
    expect?: { status?: string[]; version?: number },
  ) {
    let q = k.updateTable('ledgerImports').set(set).where('id', '=', id);
    if (expect?.status) q = q.where('status', 'in', expect.status);
    if (expect?.version !== undefined) q = q.where('version', '=', expect.version);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  /** Staging rows as `stagingRow` makes them. */
  async insertRows(k: K, dialect: DialectName, rows: unknown[][]) {
    // 23 columns a row: 500 rows stay far below SQLite's and PostgreSQL's bound-parameter limits.
    await bulkInsertValues(k, dialect, 'ledgerImportRows', STAGING_COLUMNS, rows, { size: 500 });
  },

  async deleteRows(k: K, importId: number) {
    await k.deleteFrom('ledgerImportRows').where('importId', '=', importId).execute();
  },

  /**
   * The next `limit` staging rows after `afterRowNo`, in sheet order (keyset: no OFFSET over 100k rows); with
   * `where`, only those rows (a condition on `r`).
   */
  rowsAfter(k: K, importId: number, afterRowNo: number, limit: number, where?: RawBuilder<boolean>) {
    let q = k
      .selectFrom('ledgerImportRows as r')
      .select(['r.rowNo', 'r.problems', 'r.duplicateOf', 'r.duplicateRow', 'r.decision'])
      .select(STAGED_PERSON.map((c) => `r.${c}` as const))
      .where('r.importId', '=', importId)
      .where('r.rowNo', '>', afterRowNo);
    if (where) q = q.where(where);
    return q.orderBy('r.rowNo').limit(limit).execute();
  },

  /** The rows of `rowNos` whole, as stored (a commit opens only the few it needs whole). */
  async wholeRows(k: K, importId: number, rowNos: number[]) {
    const out = new Map<number, StoredRow>();
    for (let i = 0; i < rowNos.length; i += 500) {
      const rows = await k
        .selectFrom('ledgerImportRows')
        .select(['rowNo', 'dataEnc', ...STAGED_PERSON])
        .where('importId', '=', importId)
        .where('rowNo', 'in', rowNos.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.rowNo, r);
    }
    return out;
  },

  page(k: K, importId: number, filter: ImportRowFilter, page: { page: number; pageSize: number }) {
    let q = k.selectFrom('ledgerImportRows').where('importId', '=', importId);
    if (filter === 'problems') q = q.where(hasProblems);
    if (filter === 'duplicates')
      q = q.where((eb) => eb.or([eb('duplicateOf', 'is not', null), eb('duplicateRow', 'is not', null)]));
    const rows = q
      .select(['rowNo', 'dataEnc', 'problems', 'duplicateOf', 'duplicateRow', 'decision', ...STAGED_PERSON])
      .orderBy('rowNo');
    return fetchPage(rows, q, page);
  },

  /** Rows that block a commit, rows skipped: one query. */
  async counts(k: K, importId: number) {
    const r = await k
      .selectFrom('ledgerImportRows')
      .select((eb) => [
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([hasProblems, eb.or([eb('decision', 'is', null), eb('decision', '<>', 'skip')])]))
              .then(1)
              .when(
                eb.and([
                  eb.or([eb('duplicateOf', 'is not', null), eb('duplicateRow', 'is not', null)]),
                  eb('decision', 'is', null),
                ]),
              )
              .then(1)
              .else(0)
              .end(),
          )
          .as('blocking'),
        eb.fn.sum<number>(eb.case().when('decision', '=', 'skip').then(1).else(0).end()).as('skipped'),
      ])
      .where('importId', '=', importId)
      .executeTakeFirstOrThrow();
    return { blocking: Number(r.blocking ?? 0), skipped: Number(r.skipped ?? 0) };
  },

  /** Sets `decision` on the duplicates (all of them, or those of `rowNos`). */
  async decideDuplicates(k: K, importId: number, decision: string | null, rowNos?: number[]) {
    let q = k
      .updateTable('ledgerImportRows')
      .set({ decision })
      .where('importId', '=', importId)
      .where((eb) => eb.or([eb('duplicateOf', 'is not', null), eb('duplicateRow', 'is not', null)]));
    if (rowNos) q = q.where('rowNo', 'in', rowNos);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  },

  /** Skips (or un-skips) rows: all rows with problems, or the listed ones. */
  async skip(k: K, importId: number, skip: boolean, rowNos?: number[]) {
    let q = k
      .updateTable('ledgerImportRows')
      .set({ decision: skip ? 'skip' : null })
      .where('importId', '=', importId);
    q = rowNos ? q.where('rowNo', 'in', rowNos) : q.where(hasProblems);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  },

  /** The rowNos among `rowNos` that are duplicates (the only rows that may take update/keep). */
  async duplicateRowNos(k: K, importId: number, rowNos: number[]) {
    const rows = await k
      .selectFrom('ledgerImportRows')
      .select('rowNo')
      .where('importId', '=', importId)
      .where('rowNo', 'in', rowNos)
      .where((eb) => eb.or([eb('duplicateOf', 'is not', null), eb('duplicateRow', 'is not', null)]))
      .execute();
    return new Set(rows.map((r) => r.rowNo));
  },

  /**
   * Persons with one of these ID-number hashes, in id order. The hashes go as ONE parameter (a JSON array on SQLite,
   * an array on PostgreSQL): a parse asks this per batch of 1,000 rows, and an IN list of 1,000 parameters cost
   * more to build, compile and prepare than the index look-ups themselves.
   */
  async personsByIdHash(k: K, dialect: DialectName, hashes: string[]) {
    const match =
      dialect === 'sqlite'
        ? sql`in (select value from json_each(${JSON.stringify(hashes)}))`
        : sql`= any(${hashes}::text[])`;
    const r = await sql<{ id: number; idNoHash: string; areaPath: string }>`select id, id_no_hash, area_path
      from persons where id_no_hash ${match} order by id`.execute(k);
    return r.rows;
  },

  async existingRowNos(k: K, importId: number, rowNos: number[]) {
    const rows = await k
      .selectFrom('ledgerImportRows')
      .select('rowNo')
      .where('importId', '=', importId)
      .where('rowNo', 'in', rowNos)
      .execute();
    return new Set(rows.map((r) => r.rowNo));
  },

  /** Rows that a later row of the same workbook updates (the commit keeps them whole until then). */
  async overlaidRowNos(k: K, importId: number) {
    const rows = await k
      .selectFrom('ledgerImportRows')
      .select('duplicateRow')
      .distinct()
      .where('importId', '=', importId)
      .where('decision', '=', 'update')
      .where('duplicateRow', 'is not', null)
      .execute();
    return new Set(rows.map((r) => r.duplicateRow as number));
  },

  /** Imports of any account left in preview since before `before`: their staging rows hold personal data. */
  async stalePreviews(k: K, before: number) {
    return (
      await k
        .selectFrom('ledgerImports')
        .select('id')
        .where('status', '=', 'preview')
        .where('updatedAt', '<', before)
        .execute()
    ).map((r) => r.id);
  },
};

/** SQLite page cache during a commit: 128 MiB (negative = KiB), enough for every page a 100k-row commit dirties. */
const COMMIT_CACHE_KIB = 128 * 1024;

/** The SQLite connection's page cache setting (PRAGMA cache_size). */
export async function cacheSize(db: Db): Promise<number> {
  const r = await sql<Record<string, unknown>>`PRAGMA cache_size`.execute(db.kysely);
  const row = r.rows[0] ?? {};
  return Math.trunc(Number(row.cacheSize ?? row.cache_size ?? Object.values(row)[0]));
}

/** Commits holding the large cache, per database: the first sets it, the last one out restores the setting. */
const holders = new WeakMap<Db, { count: number; own: number }>();

/**
 * Runs `fn` (the commit's one transaction) with a large SQLite page cache, then restores the connection's own
 * (concurrent commits share it: the last one out restores it).
 * A 100k-person commit dirties tens of MB of pages — persons and its random-order indexes (ID and phone hashes,
 * households, area + birth date), tag rows, and the staging rows it deletes — while the default cache is 2 MB:
 * SQLite then spills dirty pages to the WAL mid-transaction and reads them back, ≈ 180k extra reads and writes
 * (bench/README "ledger-import": the write took 2–3× longer). Durability and isolation are unchanged: it is
 * only how many pages the connection keeps in memory. A no-op on PostgreSQL (its buffers are the server's).
 */
export async function withWriteCache<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (db.dialect !== 'sqlite') return fn();
  let held = holders.get(db);
  if (!held) {
    held = { count: 0, own: -2000 };
    holders.set(db, held);
  }
  if (held.count++ === 0) {
    const own = await cacheSize(db);
    held.own = Number.isFinite(own) ? own : -2000;
    await sql.raw(`PRAGMA cache_size = ${-COMMIT_CACHE_KIB}`).execute(db.kysely);
  }
  try {
    return await fn();
  } finally {
    if (--held.count === 0) await sql.raw(`PRAGMA cache_size = ${held.own}`).execute(db.kysely);
  }
}

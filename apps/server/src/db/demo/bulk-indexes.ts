/**
 * A load much larger than its tables writes faster without their secondary indexes and builds them again at its
 * end — a B-tree (or PostgreSQL GIN) index built from sorted rows costs a fraction of the same index kept up to
 * date row by row, whose random inserts need more and more pages as it outgrows the cache (measured in
 * cases-load.ts). Both happen in the load's one transaction: DDL is transactional in PostgreSQL and SQLite alike,
 * so an error or a crash before COMMIT takes the drop back with the rows, and no index can go missing.
 *
 * Dropped are only indexes no constraint owns and that are not unique: primary keys, unique constraints and
 * unique indexes stay (the loader's upserts find their conflicts through them, and they keep checking its rows).
 * The definitions are read back from the database (PostgreSQL pg_get_indexdef, SQLite the CREATE INDEX text it
 * keeps), so a migration's index comes back exactly as it was — expression, partial, operator class, storage
 * options. The tables stay locked until COMMIT (PostgreSQL ACCESS EXCLUSIVE; SQLite's one writer): only a load
 * that runs alone (the CLI's, the benchmark's) may do this.
 */
import { availableParallelism } from 'node:os';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.js';
import type { DialectName } from '../dialect.js';

type K = Kysely<Database>;

/** An index dropped for a load: its name and the statement that creates it again. */
export interface DroppedIndex {
  name: string;
  definition: string;
}

/** The secondary indexes of `tables` (SQL names; PostgreSQL: the current schema) that a load may drop. */
export async function secondaryIndexes(
  trx: K,
  dialect: DialectName,
  tables: readonly string[],
): Promise<DroppedIndex[]> {
  if (dialect === 'sqlite') {
    // origin 'c': made by CREATE INDEX (not a PRIMARY KEY or UNIQUE constraint's); "unique": a UNIQUE index.
    const r = await sql<DroppedIndex>`
      select m.name, m.sql as definition
      from sqlite_master m
      join pragma_index_list(m.tbl_name) l on l.name = m.name
      where m.type = 'index' and m.tbl_name in (${sql.join([...tables])}) and m.sql is not null
        and l.origin = 'c' and not l."unique"
      order by m.tbl_name, m.name`.execute(trx);
    return r.rows;
  }
  const r = await sql<DroppedIndex>`
    select x.relname as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_class x on x.oid = i.indexrelid
    where t.relnamespace = current_schema()::regnamespace and t.relname = any(${sql.val([...tables])}::text[])
      and not i.indisunique and i.indisvalid
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
    order by t.relname, x.relname`.execute(trx);
  return r.rows;
}

/** Drops the secondary indexes of `tables` inside transaction `trx`; answers what rebuildIndexes needs. */
export async function dropSecondaryIndexes(
  trx: K,
  dialect: DialectName,
  tables: readonly string[],
): Promise<DroppedIndex[]> {
  const found = await secondaryIndexes(trx, dialect, tables);
  if (!found.length) return found;
  // SQLite drops one index a statement.
  if (dialect === 'sqlite') for (const i of found) await sql`drop index ${sql.id(i.name)}`.execute(trx);
  else await sql`drop index ${sql.join(found.map((i) => sql.id(i.name)))}`.execute(trx);
  return found;
}

/**
 * Creates the dropped indexes again, in the same transaction; PostgreSQL with more sort memory than the default
 * 64 MB (an index of millions of rows then sorts in one pass instead of merging runs from disk); SQLite with its
 * sorter's helper threads (`pragma threads`, 0 by default): a CREATE INDEX sorts its rows on every core, where
 * it would use one while the others wait.
 */
export async function rebuildIndexes(trx: K, dialect: DialectName, dropped: readonly DroppedIndex[]): Promise<void> {
  if (!dropped.length) return;
  if (dialect === 'postgres') await sql.raw(`set local maintenance_work_mem = '${REBUILD_MEMORY}'`).execute(trx);
  const threads = dialect === 'sqlite' ? await sqliteThreads(trx, availableParallelism()) : null;
  try {
    for (const i of dropped) await sql.raw(i.definition).execute(trx);
  } finally {
    if (threads !== null) await sqliteThreads(trx, threads);
  }
}

/** Sets SQLite's sorter threads of the connection; answers the number before. */
async function sqliteThreads(k: K, n: number) {
  const before = await sql<{ threads: number }>`pragma threads`.execute(k);
  await sql.raw(`pragma threads = ${Math.max(0, Math.floor(n))}`).execute(k);
  return Number(before.rows[0]?.threads ?? 0);
}

/** maintenance_work_mem for the rebuilds (per index built, one at a time). */
const REBUILD_MEMORY = '1GB';

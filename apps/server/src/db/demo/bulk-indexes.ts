/**
 * PostgreSQL: a load much larger than its tables writes faster without their secondary indexes and builds them
 * again at its end — a B-tree or GIN index built from sorted rows costs a fraction of the same index kept up to
 * date row by row (measured in cases-load.ts). Both happen in the load's one transaction: DDL is transactional in
 * PostgreSQL, so an error or a crash before COMMIT takes the drop back with the rows, and no index can go missing.
 *
 * Dropped are only indexes no constraint owns and that are not unique: primary keys, unique constraints and
 * unique indexes stay (the loader's upserts find their conflicts through them, and they keep checking its rows).
 * The definitions are read back from the database (pg_get_indexdef), so a migration's index comes back exactly
 * as it was — expression, partial, operator class, storage options. The tables stay locked (ACCESS EXCLUSIVE)
 * until COMMIT: only a load that runs alone (the CLI's, the benchmark's) may do this.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.js';

type K = Kysely<Database>;

/** An index dropped for a load: its name and the statement that creates it again. */
export interface DroppedIndex {
  name: string;
  definition: string;
}

/** The secondary indexes of `tables` (SQL names, the current schema) that a load may drop. */
export async function secondaryIndexes(trx: K, tables: readonly string[]): Promise<DroppedIndex[]> {
  const r = await sql<DroppedIndex>`
    select quote_ident(x.relname) as name, pg_get_indexdef(i.indexrelid) as definition
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
export async function dropSecondaryIndexes(trx: K, tables: readonly string[]): Promise<DroppedIndex[]> {
  const found = await secondaryIndexes(trx, tables);
  if (found.length) await sql.raw(`drop index ${found.map((i) => i.name).join(', ')}`).execute(trx);
  return found;
}

/**
 * Creates the dropped indexes again, in the same transaction, with more sort memory than the default 64 MB (an
 * index of millions of rows then sorts in one pass instead of merging runs from disk).
 */
export async function rebuildIndexes(trx: K, dropped: readonly DroppedIndex[]): Promise<void> {
  if (!dropped.length) return;
  await sql.raw(`set local maintenance_work_mem = '${REBUILD_MEMORY}'`).execute(trx);
  for (const i of dropped) await sql.raw(i.definition).execute(trx);
}

/** maintenance_work_mem for the rebuilds (per index built, one at a time). */
const REBUILD_MEMORY = '1GB';

/**
 * Multi-row INSERTs of the import (staging rows, persons, tag rows: 100k each for a large workbook). Kysely
 * builds and compiles a statement per call, which at this volume costs about as much as the database's own
 * work; here each statement SHAPE (dialect, table, columns, row count) is compiled by Kysely once and later
 * chunks only bind their values to that text — the same technique as the demo loader (db/demo/bulk.ts).
 * Rows are value arrays in column order (`bulkInsertValues`): at 100k rows, building an object per row only
 * to take its values out again cost a measurable share of a commit (allocation and garbage collection).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DialectName } from '../../db/dialect.js';
import { batchQuery } from '../../db/sqlite-driver.js';

type Row = Record<string, unknown>;
interface Options {
  size: number;
  returning?: readonly string[];
  before?: (chunk: number) => void | Promise<void>;
}
const shapes = new Map<string, string>();

/** Kysely's statement text for `part.length` rows of `cols`, compiled once per shape. */
function shapeText(
  k: Kysely<Database>,
  dialect: DialectName,
  table: keyof Database & string,
  cols: readonly string[],
  part: readonly (readonly unknown[])[],
  returning: readonly string[],
) {
  const key = `${dialect}|${table}|${cols.join(',')}|${part.length}|${returning.join(',')}`;
  let text = shapes.get(key);
  if (text !== undefined) return text;
  const params = part.flat();
  const objects = part.map((r) => Object.fromEntries(cols.map((c, j) => [c, r[j]])));
  let q = k.insertInto(table).values(objects as never);
  if (returning.length) q = q.returning(returning as never) as never;
  const compiled = q.compile();
  // Every value must be a plain parameter in column order, or the text cannot be reused for other rows.
  const same = compiled.parameters.length === params.length && compiled.parameters.every((p, j) => p === params[j]);
  if (!same) throw new Error(`bulk insert into ${table}: values are not plain parameters`);
  text = compiled.sql;
  shapes.set(key, text);
  return text;
}

/**
 * Inserts `rows` (values in the order of `cols`, camelCase names) in chunks of `size`; returns `returning`. On
 * SQLite a chunk is one prepared row re-run per row (batchQuery), whose ids come back in row order as `{ id }`;
 * on PostgreSQL it is one multi-row statement (a round trip per row would cost far more).
 */
export async function bulkInsertValues<R extends Row = Row>(
  k: Kysely<Database>,
  dialect: DialectName,
  table: keyof Database & string,
  cols: readonly string[],
  rows: readonly (readonly unknown[])[],
  opts: Options,
): Promise<R[]> {
  const out: R[] = [];
  const returning = opts.returning ?? [];
  const perRow = dialect === 'sqlite' && returning.every((c) => c === 'id');
  for (let i = 0, chunk = 0; i < rows.length; i += opts.size, chunk++) {
    await opts.before?.(chunk);
    const part = rows.slice(i, i + opts.size);
    const res = perRow
      ? await k.executeQuery<R>(batchQuery(shapeText(k, dialect, table, cols, part.slice(0, 1), []), part))
      : await k.executeQuery<R>(CompiledQuery.raw(shapeText(k, dialect, table, cols, part, returning), part.flat()));
    if (returning.length) for (const r of res.rows) out.push(r);
  }
  return out;
}

/** Inserts `rows` (objects with the same keys, in the same order) in chunks of `size`; returns `returning`. */
export function bulkInsert<R extends Row = Row>(
  k: Kysely<Database>,
  dialect: DialectName,
  table: keyof Database & string,
  rows: readonly Row[],
  opts: Options,
): Promise<R[]> {
  if (rows.length === 0) return Promise.resolve([]);
  const cols = Object.keys(rows[0] as Row);
  return bulkInsertValues<R>(
    k,
    dialect,
    table,
    cols,
    rows.map((r) => cols.map((c) => r[c])),
    opts,
  );
}

/**
 * Multi-row INSERTs of the import (staging rows, persons, tag rows: 100k each for a large workbook). Kysely
 * builds and compiles a statement per call, which at this volume costs about as much as the database's own
 * work; here each statement SHAPE (dialect, table, columns, row count) is compiled by Kysely once and later
 * chunks only bind their values to that text — the same technique as the demo loader (db/demo/bulk.ts).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DialectName } from '../../db/dialect.js';

type Row = Record<string, unknown>;
const shapes = new Map<string, string>();

/** Inserts `rows` (all with the same keys, in the same order) in chunks of `size`; returns the `returning` values. */
export async function bulkInsert<R extends Row = Row>(
  k: Kysely<Database>,
  dialect: DialectName,
  table: keyof Database & string,
  rows: readonly Row[],
  opts: { size: number; returning?: readonly string[]; before?: (chunk: number) => void | Promise<void> },
): Promise<R[]> {
  const out: R[] = [];
  if (rows.length === 0) return out;
  const cols = Object.keys(rows[0] as Row);
  const returning = opts.returning ?? [];
  for (let i = 0, chunk = 0; i < rows.length; i += opts.size, chunk++) {
    await opts.before?.(chunk);
    const part = rows.slice(i, i + opts.size);
    const params = part.flatMap((r) => cols.map((c) => r[c]));
    const key = `${dialect}|${table}|${cols.join(',')}|${part.length}|${returning.join(',')}`;
    let text = shapes.get(key);
    if (text === undefined) {
      let q = k.insertInto(table).values(part as never);
      if (returning.length) q = q.returning(returning as never) as never;
      const compiled = q.compile();
      // Every value must be a plain parameter in column order, or the text cannot be reused for other rows.
      const same = compiled.parameters.length === params.length && compiled.parameters.every((p, j) => p === params[j]);
      if (!same) throw new Error(`bulk insert into ${table}: values are not plain parameters`);
      text = compiled.sql;
      shapes.set(key, text);
    }
    const res = await k.executeQuery<R>(CompiledQuery.raw(text, params));
    out.push(...res.rows);
  }
  return out;
}

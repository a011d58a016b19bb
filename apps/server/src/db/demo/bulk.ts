/**
 * Multi-row INSERTs for millions of rows. Kysely builds and compiles a statement per call, which costs more
 * than the database's own work at this volume; here Kysely compiles each statement SHAPE once (table,
 * columns, row count — so the SQL text, placeholders and identifiers are still Kysely's, for either
 * dialect) and later chunks of the same shape only bind their values to that text. Rows beyond the full
 * chunks go in statements of power-of-two sizes, so a loader calling this once per batch of varying size
 * reuses a handful of shapes instead of compiling a new one for every batch.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../database.js';
import { chunkSize } from './generator.js';

type Row = Record<string, unknown>;

/** Statement sizes for `n` rows: full chunks of `size`, then the rest as powers of two. */
export function statementSizes(n: number, size: number): number[] {
  const out: number[] = [];
  let left = n;
  while (left >= size) {
    out.push(size);
    left -= size;
  }
  for (let p = 2 ** Math.floor(Math.log2(Math.max(1, left))); left > 0; p /= 2)
    if (left >= p) {
      out.push(p);
      left -= p;
    }
  return out;
}

export class BulkInsert {
  private readonly shapes = new Map<string, string>();

  /** Inserts `rows` (all with the same keys) in chunks; returns the `returning` columns of every row. */
  async insert<R extends Row = Row>(
    k: Kysely<Database>,
    table: keyof Database & string,
    rows: readonly Row[],
    returning: readonly string[] = [],
  ): Promise<R[]> {
    const out: R[] = [];
    if (rows.length === 0) return out;
    const cols = Object.keys(rows[0] as Row);
    let from = 0;
    for (const n of statementSizes(rows.length, chunkSize(cols.length))) {
      const params: unknown[] = new Array(n * cols.length);
      let j = 0;
      for (let r = from; r < from + n; r++) {
        const row = rows[r] as Row;
        for (const c of cols) params[j++] = row[c];
      }
      const key = `${table}|${cols.join(',')}|${n}|${returning.join(',')}`;
      let text = this.shapes.get(key);
      if (text === undefined) {
        let q = k.insertInto(table).values(rows.slice(from, from + n) as never);
        if (returning.length) q = q.returning(returning as never) as never;
        const compiled = q.compile();
        // Every value must be a plain parameter in column order, or the shape cannot be reused.
        const same =
          compiled.parameters.length === params.length && compiled.parameters.every((p, i) => p === params[i]);
        if (!same) throw new Error(`bulk insert into ${table}: values are not plain parameters`);
        text = compiled.sql;
        this.shapes.set(key, text);
      }
      const res = await k.executeQuery<R>(CompiledQuery.raw(text, params));
      for (const r of res.rows) out.push(r);
      from += n;
    }
    return out;
  }
}

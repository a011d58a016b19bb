/**
 * Multi-row INSERTs for millions of rows. Kysely builds and compiles a statement per call, which costs more
 * than the database's own work at this volume; here Kysely compiles each statement SHAPE once (table,
 * columns, row count — so the SQL text, placeholders and identifiers are still Kysely's, for either
 * dialect) and later chunks of the same shape only bind their values to that text. Rows beyond the full
 * chunks go in statements of power-of-two sizes, so a loader calling this once per batch of varying size
 * reuses a handful of shapes instead of compiling a new one for every batch.
 */
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database } from '../database.js';
import { chunkSize } from './generator.js';

type Row = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: a statement builder of a table chosen at run time
type Any = any;

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

  /**
   * Upserts `rows` (all with the same keys) in chunks: a row whose `key` columns exist already adds its `add`
   * columns to the stored ones (roll-up sums).
   */
  async upsertAdd(
    k: Kysely<Database>,
    table: keyof Database & string,
    rows: readonly Row[],
    key: readonly string[],
    add: readonly string[],
  ): Promise<void> {
    const set = Object.fromEntries(add.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]));
    await this.insert(k, table, rows, [], (q) =>
      q.onConflict((oc: Any) => oc.columns(key as never).doUpdateSet(set as never)),
    );
  }

  /** Inserts `rows` (all with the same keys) in chunks; returns the `returning` columns of every row. */
  async insert<R extends Row = Row>(
    k: Kysely<Database>,
    table: keyof Database & string,
    rows: readonly Row[],
    returning: readonly string[] = [],
    /** Adds to each statement (ON CONFLICT …): part of its shape, so one function per table and columns. */
    extend?: (q: Any) => Any,
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
      const key = `${table}|${cols.join(',')}|${n}|${returning.join(',')}|${extend ? 'x' : ''}`;
      let text = this.shapes.get(key);
      if (text === undefined) {
        let q = k.insertInto(table).values(rows.slice(from, from + n) as never);
        if (extend) q = extend(q);
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

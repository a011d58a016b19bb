/**
 * Bulk writes of millions of rows. Kysely builds and compiles a statement per call, which costs more than the
 * database's own work at this volume; here Kysely compiles each statement SHAPE once (so the SQL text and
 * identifiers are still Kysely's, for either dialect) and later rows only bind their values to that text.
 * Each dialect gets the form it runs fastest (measured on the case loader, `bench/kpis.ts`):
 *  - SQLite: multi-row VALUES statements (full chunks, then a few power-of-two sizes, so a loader calling this
 *    once per batch of varying size reuses a handful of shapes); or, with `perRow`, ONE prepared one-row
 *    statement re-run per row in one driver call (`batchQuery`) — cheaper only where each row's index work is
 *    large (cases: ten indexes), dearer for narrow rows with few indexes (events, roll-ups, facts);
 *  - PostgreSQL: `INSERT … SELECT * FROM unnest($1::type[], $2::type[], …)`, one array parameter per column — a
 *    statement of constant text whatever the row count, faster to parse and bind than a VALUES list of
 *    thousands of parameters.
 */
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database } from '../database.js';
import type { DialectName } from '../dialect.js';
import { batchQuery } from '../sqlite-driver.js';
import { chunkSize } from './generator.js';

type Row = Record<string, unknown>;
type K = Kysely<Database>;
type Table = keyof Database & string;
// biome-ignore lint/suspicious/noExplicitAny: a statement builder of a table chosen at run time
type Any = any;
/** Adds to each statement (ON CONFLICT …): part of its shape, so one function per table and columns. */
type Extend = (q: Any) => Any;

/** Rows per statement of the fast forms: bounds the memory of one statement's parameters, not its cost. */
const ROWS_PER_STATEMENT = 20_000;

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

/** Every value of a compiled statement must be a plain parameter in the order given, or its text cannot be reused. */
function checked(table: string, compiled: CompiledQuery, params: readonly unknown[]) {
  const same = compiled.parameters.length === params.length && compiled.parameters.every((p, i) => p === params[i]);
  if (!same) throw new Error(`bulk insert into ${table}: values are not plain parameters`);
  return compiled.sql;
}

export class BulkInsert {
  private readonly shapes = new Map<string, string>();
  /** PostgreSQL: each table's column types, for the casts of the unnest arrays. */
  private readonly types = new Map<string, string>();

  constructor(private readonly dialect: DialectName) {}

  /**
   * Upserts `rows` (all with the same keys): a row whose `key` columns exist already adds its `add` columns to the
   * stored ones (roll-up sums). No two rows may share a key (PostgreSQL cannot update a row twice in a statement).
   */
  async upsertAdd(
    k: K,
    table: Table,
    rows: readonly Row[],
    key: readonly string[],
    add: readonly string[],
  ): Promise<void> {
    const set = Object.fromEntries(add.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]));
    const tag = `upsert:${key.join(',')}:${add.join(',')}`;
    const extend = (q: Any) => q.onConflict((oc: Any) => oc.columns(key as never).doUpdateSet(set as never));
    if (this.dialect === 'sqlite') await this.values(k, table, rows, [], tag, extend);
    else await this.write(k, table, rows, tag, extend);
  }

  /**
   * Inserts `rows` (all with the same keys); with `returning` (multi-row VALUES on both dialects), answers those
   * columns of every row, in order. `perRow`: on SQLite, one prepared row re-run per row (see above).
   */
  async insert<R extends Row = Row>(
    k: K,
    table: Table,
    rows: readonly Row[],
    opts: { returning?: readonly string[]; perRow?: boolean } = {},
  ): Promise<R[]> {
    const returning = opts.returning ?? [];
    if (returning.length || (this.dialect === 'sqlite' && !opts.perRow))
      return this.values<R>(k, table, rows, returning, '', undefined);
    await this.write(k, table, rows, '', undefined);
    return [];
  }

  /** `rows` as one-row statements (SQLite) or unnest (PostgreSQL); `tag` names `extend` in the shape's key. */
  private async write(k: K, table: Table, rows: readonly Row[], tag: string, extend: Extend | undefined) {
    if (rows.length === 0) return;
    const cols = Object.keys(rows[0] as Row);
    for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
      const part = rows.slice(from, from + ROWS_PER_STATEMENT);
      if (this.dialect === 'sqlite') {
        const sets = part.map((r) => cols.map((c) => r[c]));
        const key = `row|${table}|${cols.join(',')}|${tag}`;
        let text = this.shapes.get(key);
        if (text === undefined) {
          let q = k.insertInto(table).values(part[0] as never);
          if (extend) q = extend(q);
          text = checked(table, q.compile(), sets[0] as unknown[]);
          this.shapes.set(key, text);
        }
        await k.executeQuery(batchQuery(text, sets));
      } else {
        const arrays = cols.map((c) => part.map((r) => r[c]));
        const text = await this.unnestText(k, table, cols, arrays, tag, extend);
        await k.executeQuery(CompiledQuery.raw(text, arrays));
      }
    }
  }

  /** `INSERT INTO table (cols) SELECT * FROM unnest($1::t1[], …) <extend>`, compiled by Kysely once per shape. */
  private async unnestText(k: K, table: Table, cols: string[], arrays: unknown[][], tag: string, extend?: Extend) {
    const key = `unnest|${table}|${cols.join(',')}|${tag}`;
    const known = this.shapes.get(key);
    if (known !== undefined) return known;
    const types = await this.columnTypes(k, table, cols);
    const args = arrays.map((a, i) => sql`cast(${a} as ${sql.raw(`${types[i]}[]`)})`);
    let q = k
      .insertInto(table)
      .columns(cols as never)
      .expression(sql`select * from unnest(${sql.join(args)})` as never);
    if (extend) q = extend(q);
    const text = checked(table, q.compile(), arrays);
    this.shapes.set(key, text);
    return text;
  }

  /** The PostgreSQL types of `cols` of `table` (pg_typeof of a row that is not there: one row of nulls). */
  private async columnTypes(k: K, table: Table, cols: readonly string[]) {
    const missing = cols.filter((c) => !this.types.has(`${table}.${c}`));
    if (missing.length) {
      const exprs = missing.map((c, i) => sql`pg_typeof(${sql.ref(`t.${c}`)})::text as ${sql.raw(`c${i}`)}`);
      const r = await sql<Record<string, string>>`select ${sql.join(exprs)}
        from (select 1) as one left join ${sql.table(table)} as t on false`.execute(k);
      for (const [i, c] of missing.entries()) this.types.set(`${table}.${c}`, r.rows[0]?.[`c${i}`] as string);
    }
    return cols.map((c) => this.types.get(`${table}.${c}`) as string);
  }

  /** Multi-row VALUES statements (full chunks, then powers of two), answering `returning` of every row. */
  private async values<R extends Row>(
    k: K,
    table: Table,
    rows: readonly Row[],
    returning: readonly string[],
    tag: string,
    extend: Extend | undefined,
  ) {
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
      const key = `values|${table}|${cols.join(',')}|${n}|${returning.join(',')}|${tag}`;
      let text = this.shapes.get(key);
      if (text === undefined) {
        let q: Any = k.insertInto(table).values(rows.slice(from, from + n) as never);
        if (extend) q = extend(q);
        if (returning.length) q = q.returning(returning as never);
        text = checked(table, q.compile(), params);
        this.shapes.set(key, text);
      }
      const res = await k.executeQuery<R>(CompiledQuery.raw(text, params));
      for (const r of res.rows) out.push(r);
      from += n;
    }
    return out;
  }
}

/**
 * Bulk writes of millions of rows. Kysely builds and compiles a statement per call, which costs more than the
 * database's own work at this volume; here Kysely compiles each statement SHAPE once (so the SQL text and
 * identifiers are still Kysely's, for either dialect) and later rows only bind their values to that text.
 * Each dialect gets the form it runs fastest (measured on the case loader, `bench/kpis.ts`):
 *  - SQLite: multi-row VALUES statements (full chunks, then a few power-of-two sizes, so a loader calling this
 *    once per batch of varying size reuses a handful of shapes); or, with `perRow`, ONE prepared one-row
 *    statement re-run per row in one driver call (`batchQuery`) — cheaper only where each row's index work is
 *    large (cases: ten indexes), dearer for narrow rows with few indexes (events, roll-ups, facts);
 *  - PostgreSQL: plain inserts as `COPY … FROM STDIN` (the rows as COPY text, the one parameter of a statement the
 *    driver runs as COPY: dialect.ts copyInStatement); upserts (and rows holding values other than numbers and
 *    strings) as `INSERT … SELECT * FROM unnest($1::type[], $2::type[], …)`, one array parameter per column — a
 *    statement of constant text whatever the row count, faster to parse and bind than a VALUES list of thousands
 *    of parameters. The server reads COPY rows in about half the time of the same rows as arrays.
 * Rows come as objects, or as `FlatRows` — every row's values one after the other in one array, which a loader
 * fills batch after batch without an object per row (at millions of rows those objects cost more in garbage
 * collection than the inserts).
 */
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database } from '../database.js';
import { copyInStatement, type DialectName } from '../dialect.js';
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

/** `count` rows of `cols`: row r's value of cols[c] is values[r * cols.length + c]. */
export interface FlatRows {
  cols: readonly string[];
  values: unknown[];
  count: number;
}

/** Objects (all with the same keys) as flat rows. */
export function flatten(rows: readonly Row[]): FlatRows {
  const cols = rows.length ? Object.keys(rows[0] as Row) : [];
  const values = new Array<unknown>(rows.length * cols.length);
  let j = 0;
  for (const row of rows) for (const c of cols) values[j++] = row[c];
  return { cols, values, count: rows.length };
}

/** Row `r` of flat rows as an object (to let Kysely compile a statement's text from real rows). */
const rowOf = (rows: FlatRows, r: number): Row =>
  Object.fromEntries(rows.cols.map((c, j) => [c, rows.values[r * rows.cols.length + j]]));

/**
 * The PostgreSQL array literal of `values` — what node-pg would send for the JS array, built in one pass (its own
 * per-element conversion took a third of a load's time on this thread) — or null when a value is neither a
 * number, a string nor null (node-pg then converts the array itself). Numbers go unquoted, which every numeric
 * type reads alike.
 */
export function pgArray(values: readonly unknown[]): string | null {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null) parts[i] = 'NULL';
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return null;
      parts[i] = String(v);
    } else if (typeof v === 'string')
      parts[i] = v.includes('\\') || v.includes('"') ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
    else return null;
  }
  return `{${parts.join(',')}}`;
}

/**
 * Rows `from` to `from + n - 1` of `values` (`width` values a row) in PostgreSQL's COPY text format — a line a row,
 * a tab between values, `\N` for null, backslash escapes — or null when a value is neither a number, a string, a
 * boolean nor null (the rows then go as unnest arrays, which node-pg converts). Strings go as they are, so each
 * column's type reads its value as it would a parameter's text (jsonb its JSON, tsvector its lexemes).
 */
export function copyText(values: readonly unknown[], width: number, from: number, n: number): string | null {
  const lines = new Array<string>(n);
  const fields = new Array<string>(width);
  for (let r = 0; r < n; r++) {
    const at = (from + r) * width;
    for (let c = 0; c < width; c++) {
      const v = values[at + c];
      if (v == null) fields[c] = '\\N';
      else if (typeof v === 'string') fields[c] = COPY_SPECIAL.test(v) ? v.replace(COPY_SPECIALS, copyEscape) : v;
      else if (typeof v === 'number') {
        if (!Number.isFinite(v)) return null;
        fields[c] = String(v);
      } else if (typeof v === 'boolean') fields[c] = v ? 't' : 'f';
      else return null;
    }
    lines[r] = fields.join('\t');
  }
  return n ? `${lines.join('\n')}\n` : '';
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const copyEscape = (ch: string) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r');

/** Every value of a compiled statement must be a plain parameter in the order given, or its text cannot be reused. */
function checked(table: string, compiled: CompiledQuery, params: readonly unknown[]) {
  const same = compiled.parameters.length === params.length && compiled.parameters.every((p, i) => p === params[i]);
  if (!same) throw new Error(`bulk insert into ${table}: values are not plain parameters`);
  return compiled.sql;
}

/**
 * A transaction's statements sent one after another without waiting for each (PostgreSQL): the caller builds the
 * next statement's values (array literals of thousands of rows) while the server runs the last one, instead of
 * the two taking turns. An error stops the statements after it and comes out of `drain`, which must be awaited
 * before the transaction reads anything or ends.
 */
export class StatementQueue {
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly k: K) {}

  async run(q: CompiledQuery): Promise<void> {
    const k = this.k;
    this.last = this.last.then(() => k.executeQuery(q));
    this.last.catch(() => {}); // reported by drain
    // A turn of the event loop, so the statement goes out before the caller's next build.
    await new Promise((resolve) => setImmediate(resolve));
  }

  async drain(): Promise<void> {
    await this.last;
  }
}

export class BulkInsert {
  private readonly shapes = new Map<string, string>();
  /** SQLite: each VALUES shape's statement text around its row's tuple (or null: compile each size). */
  private readonly repeats = new Map<string, { head: string; tuple: string; tail: string } | null>();
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
    rows: readonly Row[] | FlatRows,
    key: readonly string[],
    add: readonly string[],
    queue?: StatementQueue,
  ): Promise<void> {
    const flat = 'cols' in rows ? rows : flatten(rows);
    const set = Object.fromEntries(add.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]));
    const tag = `upsert:${key.join(',')}:${add.join(',')}`;
    const extend = (q: Any) => q.onConflict((oc: Any) => oc.columns(key as never).doUpdateSet(set as never));
    if (this.dialect === 'sqlite') await this.values(k, table, flat, [], tag, extend);
    else await this.write(k, table, flat, tag, extend, queue);
  }

  /**
   * Inserts `rows` (objects all with the same keys, or flat rows); with `returning` (multi-row VALUES on both
   * dialects), answers those columns of every row, in order. `perRow`: on SQLite, one prepared row re-run per row
   * (see above). `queue`: PostgreSQL's form (without `returning`) goes through it.
   */
  async insert<R extends Row = Row>(
    k: K,
    table: Table,
    rows: readonly Row[] | FlatRows,
    opts: { returning?: readonly string[]; perRow?: boolean; queue?: StatementQueue } = {},
  ): Promise<R[]> {
    const flat = 'cols' in rows ? rows : flatten(rows);
    const returning = opts.returning ?? [];
    if (returning.length || (this.dialect === 'sqlite' && !opts.perRow))
      return this.values<R>(k, table, flat, returning, '', undefined);
    await this.write(k, table, flat, '', undefined, opts.queue);
    return [];
  }

  /** `rows` as one-row statements (SQLite) or unnest (PostgreSQL); `tag` names `extend` in the shape's key. */
  private async write(
    k: K,
    table: Table,
    rows: FlatRows,
    tag: string,
    extend: Extend | undefined,
    queue?: StatementQueue,
  ) {
    const { cols, values, count } = rows;
    const width = cols.length;
    for (let from = 0; from < count; from += ROWS_PER_STATEMENT) {
      const n = Math.min(ROWS_PER_STATEMENT, count - from);
      if (this.dialect === 'sqlite') {
        const sets = new Array<unknown[]>(n);
        for (let r = 0; r < n; r++) sets[r] = values.slice((from + r) * width, (from + r + 1) * width);
        const key = `row|${table}|${cols.join(',')}|${tag}`;
        let text = this.shapes.get(key);
        if (text === undefined) {
          let q = k.insertInto(table).values(rowOf(rows, from) as never);
          if (extend) q = extend(q);
          text = checked(table, q.compile(), sets[0] as unknown[]);
          this.shapes.set(key, text);
        }
        await k.executeQuery(batchQuery(text, sets));
        continue;
      }
      const data = extend ? null : copyText(values, width, from, n);
      const q =
        data !== null ? copyInStatement(k, table, cols, data) : await this.unnest(k, table, rows, from, n, tag, extend);
      if (queue) await queue.run(q);
      else await k.executeQuery(q);
    }
  }

  /** Rows `from` to `from + n - 1` as one `INSERT … SELECT * FROM unnest(…)` statement. */
  private async unnest(k: K, table: Table, rows: FlatRows, from: number, n: number, tag: string, extend?: Extend) {
    const { cols, values } = rows;
    const width = cols.length;
    const arrays = cols.map(() => new Array<unknown>(n));
    for (let r = 0; r < n; r++) {
      const at = (from + r) * width;
      for (let c = 0; c < width; c++) (arrays[c] as unknown[])[r] = values[at + c];
    }
    const params = arrays.map((a) => pgArray(a) ?? a);
    return CompiledQuery.raw(await this.unnestText(k, table, cols, params, tag, extend), params);
  }

  /** `INSERT INTO table (cols) SELECT * FROM unnest($1::t1[], …) <extend>`, compiled by Kysely once per shape. */
  private async unnestText(
    k: K,
    table: Table,
    cols: readonly string[],
    arrays: unknown[],
    tag: string,
    extend?: Extend,
  ) {
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
    rows: FlatRows,
    returning: readonly string[],
    tag: string,
    extend: Extend | undefined,
  ) {
    const out: R[] = [];
    const { cols, values, count } = rows;
    if (count === 0) return out;
    const width = cols.length;
    const build = (rs: Row[]) => {
      let q: Any = k.insertInto(table).values(rs as never);
      if (extend) q = extend(q);
      if (returning.length) q = q.returning(returning as never);
      return q.compile() as CompiledQuery;
    };
    const shape = `${table}|${cols.join(',')}|${returning.join(',')}|${tag}`;
    let from = 0;
    for (const n of statementSizes(count, chunkSize(width))) {
      const params = values.slice(from * width, (from + n) * width);
      const key = `values|${shape}|${n}`;
      let text = this.shapes.get(key);
      if (text === undefined) {
        const repeated = this.dialect === 'sqlite' ? this.repeatedRow(table, shape, rows, build) : null;
        text = repeated
          ? `${repeated.head}${Array.from({ length: n }, () => repeated.tuple).join(', ')}${repeated.tail}`
          : checked(table, build(Array.from({ length: n }, (_, r) => rowOf(rows, from + r))), params);
        this.shapes.set(key, text);
      }
      const res = await k.executeQuery<R>(CompiledQuery.raw(text, params));
      for (const r of res.rows) out.push(r);
      from += n;
    }
    return out;
  }

  /**
   * SQLite (positional `?`): an n-row statement of a shape is Kysely's one-row statement with its row's tuple
   * repeated — checked once per shape against Kysely's own two-row statement — rather than Kysely building and
   * compiling n rows for each statement size (tens of milliseconds for thousands of rows). Null when the texts
   * are not of that form (then Kysely compiles each size).
   */
  private repeatedRow(table: string, shape: string, rows: FlatRows, build: (rs: Row[]) => CompiledQuery) {
    const key = `repeat|${shape}`;
    if (this.repeats.has(key)) return this.repeats.get(key) ?? null;
    const [a, b] = [rowOf(rows, 0), rowOf(rows, Math.min(1, rows.count - 1))];
    const one = checked(table, build([a]), Object.values(a));
    const two = checked(table, build([a, b]), [...Object.values(a), ...Object.values(b)]);
    const tuple = `(${rows.cols.map(() => '?').join(', ')})`;
    const at = one.indexOf(tuple);
    const [head, tail] = [one.slice(0, at), one.slice(at + tuple.length)];
    const found = at >= 0 && two === `${head}${tuple}, ${tuple}${tail}` ? { head, tuple, tail } : null;
    this.repeats.set(key, found);
    return found;
  }
}

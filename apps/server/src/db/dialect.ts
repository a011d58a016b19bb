/**
 * Every difference between SQLite and PostgreSQL lives here (ARCHITECTURE rule 7).
 * Callers never branch on the dialect themselves.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  type ColumnDefinitionBuilder,
  type Compilable,
  CompiledQuery,
  type CreateTableBuilder,
  Kysely,
  PostgresDialect,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './database.js';
import { type Fanout, openPgFanout } from './pg-listen.js';
import { GroupCommitSqliteDriver } from './sqlite-driver.js';

export type DialectName = 'sqlite' | 'postgres';

// int8 (bigint) columns hold epoch milliseconds; they fit in a double, so parse them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

export function openDb(opts: { databaseUrl?: string; sqliteFile?: string; poolSize?: number }): Db {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle client that the server drops (restart, failover, pg_terminate_backend) emits 'error' on the pool;
    // unhandled, that would crash the process. The pool replaces the client on the next checkout.
    pool.on('error', (err) => console.error(`postgres: idle connection lost (${err.message})`));
    const kysely = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: preparingWrites(pool) }),
      plugins: [new CamelCasePlugin()],
    });
    pgUrls.set(kysely, opts.databaseUrl);
    return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  }
  const file = opts.sqliteFile ?? ':memory:';
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Savepoints journal the pages they change; keep that journal in memory rather than in a temp file.
  database.pragma('temp_store = MEMORY');
  const driver = new GroupCommitSqliteDriver(database);
  const kysely = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
    plugins: [new CamelCasePlugin()],
  });
  sqliteDrivers.set(kysely, driver);
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

/** The driver of each SQLite Db (keyed by its Kysely, which copies of the Db object share). */
const sqliteDrivers = new WeakMap<Kysely<Database>, GroupCommitSqliteDriver>();

/**
 * Statements written as ONE transaction, each one's result in order. On SQLite a server's writer thread runs them
 * off the event loop (sqlite-driver.ts writeOffThread), so they must not depend on anything read before them
 * outside the transaction: let each carry its own conditions. Elsewhere, and before that thread starts, they run
 * as a transaction of the app. Never call it inside a transaction: on SQLite it waits for the connection that
 * transaction holds.
 */
export async function writeTogether(db: Db, queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> {
  const off = sqliteDrivers.get(db.kysely)?.writeOffThread(queries);
  if (off) return off;
  return db.kysely.transaction().execute(async (trx) => {
    const out: QueryResult<unknown>[] = [];
    for (const q of queries) out.push(await trx.executeQuery(q));
    return out;
  });
}

/** Tests: SQLite's writer thread at once, not after a server's first commits; false where none can run. */
export const startSqliteWriter = (db: Db) => sqliteDrivers.get(db.kysely)?.startWriter() ?? false;

/** The connection string of each PostgreSQL Db (keyed by its Kysely, which copies of the Db object share). */
const pgUrls = new WeakMap<Kysely<Database>, string>();

/**
 * Cross-node fan-out for live updates: PostgreSQL LISTEN/NOTIFY on a dedicated connection (db/pg-listen.ts).
 * SQLite is one node, so there is nothing to fan out to: null, and callers deliver in process only.
 */
export function openFanout(db: Db, channel: string, onMessage: (payload: string) => void): Fanout | null {
  const url = db.dialect === 'postgres' ? pgUrls.get(db.kysely) : undefined;
  return url ? openPgFanout(db.kysely, url, channel, onMessage) : null;
}

/** Named statements one PostgreSQL connection may hold before they are all dropped (on its next checkout). */
const NAMED_PER_CONNECTION = 300;
/** Distinct statement texts named before the names start over (a new generation, so a name is never reused). */
const NAMES_PER_GENERATION = 1000;

/**
 * INSERT / UPDATE / DELETE statements as server-side prepared statements (named in the extended protocol): the
 * server parses and plans each text once per connection instead of on every run. SELECTs stay unnamed, so
 * the planner keeps seeing their parameter values (a generic plan could not use an index for `LIKE $1`).
 * Bounded both ways: a text gets a name from a per-process table that starts over at NAMES_PER_GENERATION,
 * and a connection holding NAMED_PER_CONNECTION statements drops them all (`DEALLOCATE ALL`) when it is next
 * checked out of the pool — never inside a transaction.
 */
function preparingWrites(pool: pg.Pool) {
  let names = new Map<string, string>();
  let generation = 0;
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      if (names.size >= NAMES_PER_GENERATION) {
        names = new Map();
        generation++;
      }
      name = `w${generation}_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  const patched = new WeakSet<pg.PoolClient>();
  const isWrite = /^\s*(insert|update|delete|with w0 as \(\s*(insert|update|delete))\b/i;
  type Parsed = { connection?: { parsedStatements?: Record<string, string> } };
  return {
    async connect() {
      const client = await pool.connect();
      const parsed = (client as unknown as Parsed).connection?.parsedStatements;
      if (parsed && Object.keys(parsed).length >= NAMED_PER_CONNECTION) {
        await client.query('DEALLOCATE ALL');
        for (const k of Object.keys(parsed)) delete parsed[k];
      }
      if (!patched.has(client)) {
        patched.add(client);
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as unknown as { query: unknown }).query = (text: unknown, values?: unknown, cb?: unknown) =>
          typeof text === 'string' && Array.isArray(values) && isWrite.test(text)
            ? query({ name: nameOf(text), text, values }, cb)
            : typeof text === 'string' && isCopyIn.test(text) && !cb
              ? copyIn(client, text, values)
              : query(text, values, cb);
      }
      return client;
    },
    end: () => pool.end(),
  };
}

/** `COPY … FROM STDIN` (copyInStatement): its one parameter is the data. */
const isCopyIn = /^copy\b[^;]*\bfrom stdin$/i;

/**
 * `COPY table (columns) FROM STDIN` with `data` (PostgreSQL's COPY text: bulk.ts copyText) as one statement a
 * driver runs like any other — in a transaction, through Kysely's executeQuery — answered like node-pg answers a
 * query. A bulk load's rows then skip the array literals of an unnest INSERT and the executor's work for it.
 */
export function copyInStatement(k: Kysely<Database>, table: string, columns: readonly string[], data: string) {
  const text = sql`copy ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) from stdin`.compile(k).sql;
  return CompiledQuery.raw(text, [data]);
}

function copyIn(client: pg.PoolClient, text: string, values: unknown) {
  const [data] = Array.isArray(values) ? values : [];
  if (typeof data !== 'string' || (values as unknown[]).length !== 1)
    return Promise.reject(new TypeError('COPY FROM STDIN takes its data as its one parameter, a string'));
  const stream = client.query(copyFrom(text));
  return new Promise<{ command: string; rowCount: number; rows: [] }>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', () => resolve({ command: 'COPY', rowCount: stream.rowCount, rows: [] }));
    stream.end(data);
  });
}

/** Auto-increment integer primary key. */
export function withId<T extends string>(db: Db, tb: CreateTableBuilder<T, never>) {
  return db.dialect === 'postgres'
    ? tb.addColumn('id', 'serial', (c) => c.primaryKey())
    : tb.addColumn('id', 'integer', (c) => c.primaryKey());
}

/** Ids a PostgreSQL node takes from a sequence at a time (unused ones are gaps, as after a rollback). */
const ID_BLOCK = 32;
const idBlocks = new WeakMap<Db, Map<string, number[]>>();

/**
 * The id the next row of `table` gets, taken before its INSERT so that a column derived from it (a case's
 * number) is written with the row rather than by a second UPDATE. PostgreSQL: from the serial's own sequence,
 * ID_BLOCK at a time per node (one round trip per block). SQLite: max + 1, which is what an INTEGER PRIMARY KEY
 * takes by itself, or past the ids handed out before and not yet written (nextIds); call it inside the writing
 * transaction after its first write (the write lock is then held, so no other connection can take the same id).
 */
export async function nextId(db: Db, k: Kysely<Database>, table: 'cases'): Promise<number> {
  return (await nextIds(db, k, table, 1))[0] as number;
}

/** A statement for `writeAll`: a query builder, or raw SQL compiled against the executor (`sql\`…\`.compile(trx)`). */
export type Write = Compilable | CompiledQuery;

/**
 * Independent writes — INSERT/UPDATE/DELETE without RETURNING, none touching a row another one writes — in one
 * round trip on PostgreSQL: the data-modifying WITH clauses of one statement (they share one snapshot, which
 * their independence makes harmless). On SQLite one after the other: in process, there is no round trip to save.
 */
export async function writeAll(db: Db, k: Kysely<Database>, writes: Write[]): Promise<void> {
  const compiled = writes.map((w) => ('compile' in w ? w.compile() : w));
  if (db.dialect !== 'postgres' || compiled.length < 2) {
    for (const c of compiled) await k.executeQuery(c);
    return;
  }
  const parameters: unknown[] = [];
  const texts = compiled.map((c) => {
    const text = shiftParameters(c.sql, parameters.length);
    parameters.push(...c.parameters);
    return text;
  });
  const last = texts.pop();
  await k.executeQuery(
    CompiledQuery.raw(`with ${texts.map((t, i) => `w${i} as (${t})`).join(', ')} ${last}`, parameters),
  );
}

/** PostgreSQL placeholders `$n` → `$(n + by)`, leaving quoted strings and identifiers alone. */
const shiftParameters = (text: string, by: number) =>
  text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (m, n?: string) => (n ? `$${Number(n) + by}` : m));

/** Epoch-millisecond column (int8 on PostgreSQL, INTEGER on SQLite). */
export const millis = 'bigint' as const;
export type ColumnMod = (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

/** Case-insensitive substring match. */
/**
 * A text column ordered by code point, so a prefix search can be the range `col >= t AND col < t || U+10FFFF`
 * on its btree. SQLite compares bytes (BINARY) already; PostgreSQL would use the database's linguistic
 * collation (en_US / zh_CN order '漏水' outside that range), hence "C" there.
 */
export const codePointOrder =
  (db: Db): ColumnMod =>
  (c) =>
    db.dialect === 'postgres' ? c.modifyEnd(sql`collate "C"`) : c;

export const ilike = (db: Db) => (db.dialect === 'postgres' ? ('ilike' as const) : ('like' as const));

/** Escape LIKE wildcards in user input (we use `\` as the escape char on both dialects). */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Append-only enforcement for audit tables: triggers refuse UPDATE and DELETE in the database itself,
 * so not even a bug (or a console user with SQL access through the app) can rewrite history.
 */
export async function makeAppendOnly(db: Db, table: string) {
  const k = db.kysely;
  if (db.dialect === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
        )
        .execute(k);
    }
    return;
  }
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${table} is append-only'; END $$`,
    )
    .execute(k);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
    )
    .execute(k);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only()`,
    )
    .execute(k);
}

/**
 * `<newPrefix> || substr(<column>, len(oldPrefix) + 1)` — rewrites a materialised-path prefix
 * (used when an area moves). The CAST gives PostgreSQL a type for the bound parameter.
 */
export const replacePathPrefix = (column: string, oldPrefix: string, newPrefix: string) =>
  sql<string>`CAST(${newPrefix} AS TEXT) || substr(${sql.ref(column)}, ${oldPrefix.length + 1})`;

/**
 * Case-insensitive "contains" with user input: wildcards escaped, and an explicit ESCAPE clause because
 * SQLite has no default LIKE escape character (PostgreSQL's is `\`).
 */
export const containsText = (db: Db, column: string, text: string) =>
  sql<boolean>`${sql.ref(column)} ${sql.raw(db.dialect === 'postgres' ? 'ILIKE' : 'LIKE')} ${`%${likeEscape(text)}%`} ESCAPE '\\'`;

// ── Text index: one document of search terms per row id (the terms come from shared `cases.search.ts`) ──
// SQLite: an FTS5 contentless table keyed by rowid, each term hex-encoded so the tokenizer sees it as one token
// whatever its characters. PostgreSQL: a tsvector of quoted lexemes (no parser, no dictionary: the terms are the
// lexemes) under a GIN index. Either takes a new document as one entry merged later (FTS5 segments, GIN's
// pending list) instead of one b-tree entry per term, which made the search terms most of a case intake's cost.

/** A term query: every term must be in the document; a `prefix` term matches terms starting with it. */
export interface TextQueryTerm {
  term: string;
  prefix: boolean;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/**
 * A term's UTF-8 bytes in hex (SQLite's tokens): what Buffer.from(term, 'utf8').toString('hex') gives — a lone
 * surrogate as U+FFFD — without a Buffer per term (a bulk load indexes tens of millions of terms).
 */
export function hexToken(term: string): string {
  let out = '';
  for (let i = 0; i < term.length; i++) {
    let c = term.charCodeAt(i);
    if (c < 0x80) {
      out += HEX[c];
      continue;
    }
    if (c < 0x800) {
      out += HEX[0xc0 | (c >> 6)]! + HEX[0x80 | (c & 0x3f)];
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const low = i + 1 < term.length ? term.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
        out += HEX[0xf0 | (c >> 18)]! + HEX[0x80 | ((c >> 12) & 0x3f)] + HEX[0x80 | ((c >> 6) & 0x3f)];
        out += HEX[0x80 | (c & 0x3f)];
        continue;
      }
      c = 0xfffd;
    }
    out += HEX[0xe0 | (c >> 12)]! + HEX[0x80 | ((c >> 6) & 0x3f)] + HEX[0x80 | (c & 0x3f)];
  }
  return out;
}

export async function createTextIndex(db: Db, table: string) {
  if (db.dialect === 'sqlite') {
    await sql
      .raw(`CREATE VIRTUAL TABLE ${table} USING fts5(terms, content='', detail=none, contentless_delete=1)`)
      .execute(db.kysely);
    return;
  }
  await sql.raw(`CREATE TABLE ${table} (id integer PRIMARY KEY, terms tsvector NOT NULL)`).execute(db.kysely);
  await sql.raw(`CREATE INDEX ${table}_terms ON ${table} USING gin (terms)`).execute(db.kysely);
}

/** A term as a quoted lexeme of tsvector / tsquery text: whatever its characters, one lexeme as it is. */
const lexeme = (s: string) =>
  s.includes("'") || s.includes('\\') ? `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : `'${s}'`;

/**
 * A document's terms as the index statement carries them — SQLite: hex tokens; PostgreSQL: the tsvector's text,
 * each term a quoted lexeme (so a bulk load can COPY it into the column as it is); space-separated on both — so a
 * bulk loader can encode most of a document on another thread. Two parts of one document's terms (without a term
 * in both) join with textIndexJoin.
 */
export function textIndexEncode(dialect: DialectName, terms: readonly string[]): string {
  if (dialect === 'sqlite') return terms.map(hexToken).join(' ');
  // Nearly every term needs no escape: then one join quotes them all, not a string per term (millions a load).
  for (const t of terms) if (t.includes("'") || t.includes('\\')) return terms.map(lexeme).join(' ');
  return terms.length ? `'${terms.join("' '")}'` : '';
}

export const textIndexJoin = (a: string, b: string) => (!a ? b : !b ? a : `${a} ${b}`);

/** Inserts the documents of `rows` (ids new to the index) as one statement, for `writeAll` or direct execution. */
export function textIndexInsert(db: Db, k: Kysely<Database>, table: string, rows: { id: number; terms: string[] }[]) {
  const docs = rows.map((r) => ({ id: r.id, terms: textIndexEncode(db.dialect, r.terms) }));
  return textIndexInsertEncoded(db, k, table, docs);
}

/**
 * textIndexInsert of documents whose terms are encoded already (textIndexEncode). PostgreSQL gets them as two
 * arrays (ids, terms), which it reads faster than the same documents as JSON.
 */
export function textIndexInsertEncoded(
  db: Db,
  k: Kysely<Database>,
  table: string,
  docs: { id: number; terms: string }[],
) {
  if (db.dialect === 'sqlite') {
    const json = JSON.stringify(docs.map((d) => [d.id, d.terms]));
    return sql`insert into ${sql.table(table)} (rowid, terms)
      select value ->> 0, value ->> 1 from json_each(${json})`.compile(k);
  }
  const ids = docs.map((d) => d.id);
  const terms = docs.map((d) => d.terms);
  return sql`insert into ${sql.table(table)} (id, terms)
    select d.id, cast(d.terms as tsvector)
    from unnest(cast(${ids} as integer[]), cast(${terms} as text[])) as d(id, terms)`.compile(k);
}

/** The character of code point `code` in SQL. */
export const sqlChar = (dialect: DialectName, code: number) => `${dialect === 'postgres' ? 'chr' : 'char'}(${code})`;

/** A camelCase name (the query builder's) as its snake_case column. */
export const snakeCase = (c: string) => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

/**
 * `id` is one of `ids`, with the ids as ONE parameter: the statement's text is the same whatever their number (an
 * IN-list of parameters is a new text, parsed and planned anew, for every length).
 */
export const idIn = (db: Db, ids: readonly number[]) =>
  db.dialect === 'postgres'
    ? sql<boolean>`id = any(${[...ids]})`
    : sql<boolean>`id in (select value from json_each(${JSON.stringify(ids)}))`;

/** `SELECT id` of the documents holding every term — a subquery for `id IN (…)`, answered by the index. */
export function textIndexMatch(db: Db, table: string, terms: readonly TextQueryTerm[]) {
  if (db.dialect === 'sqlite') {
    const match = terms.map((t) => `"${hexToken(t.term)}"${t.prefix ? '*' : ''}`).join(' AND ');
    return sql<{ id: number }>`select rowid as id from ${sql.table(table)} where ${sql.table(table)} match ${match}`;
  }
  const query = terms.map((t) => `${lexeme(t.term)}${t.prefix ? ':*' : ''}`).join(' & ');
  return sql<{ id: number }>`select id from ${sql.table(table)} where terms @@ cast(${query} as tsquery)`;
}

/** The ids with a document in the index, from `fromId` to `toId` inclusive (checks and tests). */
export async function textIndexIds(db: Db, table: string, fromId: number, toId: number): Promise<number[]> {
  const id = sql.raw(db.dialect === 'sqlite' ? 'rowid' : 'id');
  const r = await sql<{ id: number }>`select ${id} as id from ${sql.table(table)}
    where ${id} >= ${fromId} and ${id} <= ${toId} order by 1`.execute(db.kysely);
  return r.rows.map((row) => Number(row.id));
}

/**
 * `n` ids for the next rows of `table` (see nextId), in one statement: consecutive on SQLite, from max + 1 or
 * past the last ids handed out, whichever is higher; on PostgreSQL from the node's block, refilled when it holds
 * fewer than `n` with what is missing plus a new block (one `nextval` per row of one SELECT).
 */
export async function nextIds(db: Db, k: Kysely<Database>, table: 'cases', n: number): Promise<number[]> {
  if (n === 0) return [];
  if (db.dialect === 'sqlite') {
    // Ids handed out may not be written yet (a batch on the writer thread): never go below them. Outside a
    // transaction (such a batch's own ids) they are all there is to go by; inside one, max + 1 also covers
    // another process's writes (a bulk loader), and a batch whose ids such a writer took fails on the primary key.
    const next = sqliteNextIds.get(db.kysely) ?? new Map<string, number>();
    sqliteNextIds.set(db.kysely, next);
    let read = 0;
    if (!next.has(table) || k.isTransaction) {
      const r = await sql<{ id: number }>`select coalesce(max(id), 0) + 1 as id from ${sql.table(table)}`.execute(k);
      read = Number(r.rows[0]?.id);
    }
    // Looked up after the read: another caller may have taken ids meanwhile.
    const first = Math.max(read, next.get(table) ?? 0);
    next.set(table, first + n);
    return Array.from({ length: n }, (_, i) => first + i);
  }
  const blocks = idBlocks.get(db) ?? new Map<string, number[]>();
  idBlocks.set(db, blocks);
  const ids = blocks.get(table) ?? [];
  blocks.set(table, ids);
  // Another caller may take from the block while this one waits for its refill: loop until there are enough.
  // One array value, not a row per id (a bulk loader takes ten thousand at a time); the sequence looked up once
  // (a scalar subquery), not once per id.
  while (ids.length < n) {
    const r = await sql<{ ids: (number | string)[] }>`select array(
      select nextval((select pg_get_serial_sequence(${table}, 'id')::regclass))
      from generate_series(1, ${n - ids.length + ID_BLOCK}) order by 1) as ids`.execute(k);
    for (const id of r.rows[0]?.ids ?? []) ids.push(Number(id));
  }
  return ids.splice(0, n);
}

/** SQLite: per database and table, the id after the last one nextIds handed out. */
const sqliteNextIds = new WeakMap<Kysely<Database>, Map<string, number>>();

/** Statement texts by column list (the callers' constant arrays), then by dialect, table, row count and tail. */
const rowsTexts = new WeakMap<readonly string[], Map<string, string>>();
/**
 * A multi-row `INSERT INTO table (columns) VALUES (…), (…) <tail>` as raw SQL with the rows' values as parameters,
 * without building a query tree (intake writes a batch of cases per transaction; Kysely's compile per row costs
 * more than the row's write). `table` and `columns` are SQL names from the caller's code, never input (columns may
 * be given as their camelCase keys, as Kysely's CamelCasePlugin names them); `tail` (ON CONFLICT …, RETURNING …)
 * likewise. The text is cached per shape, so a driver's prepared-statement cache reuses it; pass `columns` as a
 * constant array, the cache's key.
 */
export function insertRows(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  tail = '',
): CompiledQuery {
  let texts = rowsTexts.get(columns);
  if (!texts) {
    texts = new Map();
    rowsTexts.set(columns, texts);
  }
  const shape = `${db.dialect}|${table}|${rows.length}|${tail}`;
  let text = texts.get(shape);
  if (!text) {
    let n = 0;
    const ph = () => (db.dialect === 'postgres' ? `$${++n}` : '?');
    const tuples = rows.map(() => `(${columns.map(ph).join(', ')})`).join(', ');
    const names = columns.map((c) => `"${snakeCase(c)}"`).join(', ');
    text = `insert into "${table}" (${names}) values ${tuples}${tail ? ` ${tail}` : ''}`;
    if (texts.size >= 500) texts.clear();
    texts.set(shape, text);
  }
  const parameters: unknown[] = [];
  for (const row of rows) for (const v of row) parameters.push(v);
  return CompiledQuery.raw(text, parameters);
}

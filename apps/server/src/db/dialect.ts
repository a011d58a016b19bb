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
  type CreateTableBuilder,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  sql,
} from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

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
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
    return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  }
  const file = opts.sqliteFile ?? ':memory:';
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }), plugins: [new CamelCasePlugin()] });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

/** Auto-increment integer primary key. */
export function withId<T extends string>(db: Db, tb: CreateTableBuilder<T, never>) {
  return db.dialect === 'postgres'
    ? tb.addColumn('id', 'serial', (c) => c.primaryKey())
    : tb.addColumn('id', 'integer', (c) => c.primaryKey());
}

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

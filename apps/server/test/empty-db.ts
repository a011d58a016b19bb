/**
 * A database of the test project's dialect with nothing in it — for migration tests, which migrate it step by
 * step (the shared template database is migrated already). SQLite: a file in a temporary directory; PostgreSQL: a
 * new database in the run's cluster. `drop` removes it (after the caller closed `db`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type Db, openDb } from '../src/db/dialect.js';

export async function emptyDb(prefix: string): Promise<{ db: Db; drop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `grassroots-${prefix}-`));
  if (inject('dialect') === 'sqlite')
    return { db: openDb({ sqliteFile: join(dir, 'm.db') }), drop: async () => rmSync(dir, { recursive: true }) };
  rmSync(dir, { recursive: true });
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: `${inject('pgBaseUrl')}postgres` });
    await c.connect();
    await c.query(text);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const db = openDb({ databaseUrl: `${inject('pgBaseUrl')}${name}`, poolSize: 2 });
  return { db, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

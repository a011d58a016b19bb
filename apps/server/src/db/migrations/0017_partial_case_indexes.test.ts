/**
 * Migration 0017 on both dialects: the four cases indexes on columns a new case leaves empty are partial (NULL
 * rows out), and the lookups the app makes through them — a handler's, an organisation's and a submitter's
 * cases, the closures since a moment — still use them.
 */
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { emptyDb } from '../../../test/empty-db.js';
import type { Db } from '../dialect.js';
import { migrateToLatest } from '../migrate.js';

const dialect = inject('dialect');
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await emptyDb('m0017'));
  await migrateToLatest(db);
});
afterAll(async () => {
  await db.close();
  await drop();
});

/** The query plan of `text`; PostgreSQL with sequential scans off (an empty table makes them cheapest). */
async function planOf(text: string): Promise<string> {
  if (dialect === 'sqlite') {
    const r = await db.kysely.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`));
    return r.rows.map((x) => x.detail).join('\n');
  }
  return db.kysely.connection().execute(async (conn) => {
    await conn.executeQuery(CompiledQuery.raw('set enable_seqscan = off'));
    try {
      const r = await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${text}`));
      return r.rows.map((x) => x['QUERY PLAN']).join('\n');
    } finally {
      await conn.executeQuery(CompiledQuery.raw('reset enable_seqscan'));
    }
  });
}

describe('migration 0017: partial cases indexes', () => {
  /** Each index, the column whose NULLs it leaves out, and a lookup the app makes through it. */
  const LOOKUPS = [
    [
      'cases_handler_account',
      'handler_account_id',
      "select id from cases where handler_account_id = 7 and status = 'accepted'",
    ],
    ['cases_handler_org', 'handler_org_id', 'select id from cases where handler_org_id = 7'],
    [
      'cases_submitter',
      'submitter_account_id',
      'select id from cases where submitter_account_id = 7 order by created_at desc',
    ],
    ['cases_closed', 'closed_at', 'select id from cases where closed_at >= 1000'],
  ] as const;

  it('leaves NULL rows out of the four indexes', async () => {
    const defs =
      dialect === 'sqlite'
        ? (
            await sql<{ name: string; def: string }>`select name, sql as def from sqlite_master
              where type = 'index' and tbl_name = 'cases' and sql is not null`.execute(db.kysely)
          ).rows
        : (
            await sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes
              where tablename = 'cases'`.execute(db.kysely)
          ).rows;
    for (const [name, column] of LOOKUPS) {
      const def = (defs.find((d) => d.name === name)?.def ?? '').replace(/["()]/g, '');
      expect(def, name).toMatch(new RegExp(`where ${column} is not null$`, 'i'));
    }
    // The other indexes stay whole (a case's area, place and category are never empty).
    expect(defs.find((d) => d.name === 'cases_area_status')?.def).not.toMatch(/where/i);
  });

  it.each(LOOKUPS)('%s still serves its lookup', async (name, _column, text) => {
    expect(await planOf(text)).toContain(name);
  });
});

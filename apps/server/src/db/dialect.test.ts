/** The dialect helpers intake relies on, on the database of the test project (SQLite or PostgreSQL). */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTemplateDb } from '../../test/harness.js';
import { type Db, jsonTextRows, nextId, writeAll } from './dialect.js';

let db: Db;
const k = () => db.kysely;

beforeAll(async () => {
  db = (await cloneTemplateDb()).db;
});
afterAll(() => db.close());

describe('writeAll', () => {
  it('runs independent writes (one statement on PostgreSQL), each with its own parameters', async () => {
    const at = Date.now();
    await writeAll(db, k(), [
      k().insertInto('settings').values({ key: 'wa.1', value: "it's $1 and $2", updatedAt: at }),
      sql`insert into settings (key, value, updated_at) values (${'wa.2'}, ${'"$3"'}, ${at})`.compile(k()),
      k()
        .insertInto('settings')
        .values({ key: 'wa.3', value: 'three', updatedAt: at + 1 }),
      // A placeholder-looking literal in the statement text itself stays as written.
      sql`insert into settings (key, value, updated_at) values (${'wa.4'}, 'lit $1', ${at})`.compile(k()),
    ]);
    const rows = await k()
      .selectFrom('settings')
      .select(['key', 'value', 'updatedAt'])
      .where('key', 'like', 'wa.%')
      .orderBy('key')
      .execute();
    expect(rows).toEqual([
      { key: 'wa.1', value: "it's $1 and $2", updatedAt: at },
      { key: 'wa.2', value: '"$3"', updatedAt: at },
      { key: 'wa.3', value: 'three', updatedAt: at + 1 },
      { key: 'wa.4', value: 'lit $1', updatedAt: at },
    ]);
  });

  it('is all or nothing inside the caller’s transaction', async () => {
    await expect(
      k()
        .transaction()
        .execute(async (trx) => {
          await writeAll(db, trx, [
            trx.insertInto('settings').values({ key: 'wb.1', value: 'x', updatedAt: 1 }),
            trx.insertInto('settings').values({ key: 'wa.1', value: 'duplicate key', updatedAt: 1 }),
          ]);
        }),
    ).rejects.toThrow();
    expect(await k().selectFrom('settings').select('key').where('key', '=', 'wb.1').execute()).toEqual([]);
  });
});

describe('jsonTextRows', () => {
  it('turns one parameter into one row per string, whatever the characters', async () => {
    const texts = ['漏水', "it's", '"q"', '\\', ''];
    const r = await sql<{ value: string }>`select value from ${jsonTextRows(db, texts)}`.execute(k());
    expect(r.rows.map((x) => x.value).sort()).toEqual([...texts].sort());
  });
});

describe('nextId', () => {
  const maxCaseId = async () =>
    Number(
      (
        await k()
          .selectFrom('cases')
          .select((e) => e.fn.max('id').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    );

  it('PostgreSQL: distinct ids from the sequence, also for concurrent transactions', async () => {
    if (db.dialect !== 'postgres') return;
    const ids = await Promise.all(
      Array.from({ length: 40 }, () =>
        k()
          .transaction()
          .execute((trx) => nextId(db, trx, 'cases')),
      ),
    );
    expect(new Set(ids).size).toBe(40);
    expect(Math.min(...ids)).toBeGreaterThan(await maxCaseId());
  });

  it('SQLite: the id the table would give the next row (max + 1, inside the writing transaction)', async () => {
    if (db.dialect !== 'sqlite') return;
    const id = await k()
      .transaction()
      .execute((trx) => nextId(db, trx, 'cases'));
    expect(id).toBe((await maxCaseId()) + 1);
  });
});

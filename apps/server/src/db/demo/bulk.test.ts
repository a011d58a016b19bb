/** Bulk inserts' own pieces: PostgreSQL array literals and COPY text, flat rows; on the database of the test project. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTemplateDb } from '../../../test/harness.js';
import type { Db } from '../dialect.js';
import { BulkInsert, copyText, flatten, pgArray } from './bulk.js';

let db: Db;

beforeAll(async () => {
  db = (await cloneTemplateDb()).db;
});
afterAll(() => db.close());

describe('pgArray', () => {
  it('writes literals PostgreSQL reads back as the values: quotes, backslashes, braces, NULL, numbers', async () => {
    const texts = [
      '',
      'plain',
      'a "quoted" word',
      'back\\slash\\"',
      '{braces},commas',
      'NULL',
      ' spaced ',
      '漏水',
      null,
    ];
    const numbers = [0, -1, 1.5, 1_763_860_000_000, null, 1e-7, -2.5e21];
    expect(pgArray([1, null, 'x'])).toBe('{1,NULL,"x"}');
    // What it cannot write, node-pg converts as before.
    expect(pgArray([true])).toBeNull();
    expect(pgArray([Number.NaN])).toBeNull();
    if (db.dialect !== 'postgres') return;
    const r = await sql<{ t: (string | null)[]; n: (number | null)[] }>`select
      cast(${pgArray(texts)} as text[]) as t, cast(${pgArray(numbers)} as float8[]) as n`.execute(db.kysely);
    expect(r.rows[0]).toEqual({ t: texts, n: numbers });
  });
});

describe('copyText', () => {
  it('writes rows in COPY text: tabs between values, a line a row, \\N for null, backslash escapes', () => {
    const values = ['a\tb', null, 1.5, 'line\nnext\r', 'back\\slash \\N', true, false, '漏水'];
    expect(copyText(values, 4, 0, 2)).toBe('a\\tb\t\\N\t1.5\tline\\nnext\\r\nback\\\\slash \\\\N\tt\tf\t漏水\n');
    expect(copyText(values, 4, 1, 1)).toBe('back\\\\slash \\\\N\tt\tf\t漏水\n');
    expect(copyText(values, 4, 0, 0)).toBe('');
    // What it cannot write goes as unnest arrays.
    expect(copyText([1, Number.POSITIVE_INFINITY], 2, 0, 1)).toBeNull();
    expect(copyText([new Date(0)], 1, 0, 1)).toBeNull();
  });
});

describe('BulkInsert', () => {
  it('inserts flat rows as it inserts objects', async () => {
    const bulk = new BulkInsert(db.dialect);
    // Every character COPY text or an array literal escapes (PostgreSQL writes plain inserts with COPY).
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      key: `bulk.${i}`,
      value: i % 7 ? `v "${i}" \\ {x}\t\\N\n\r,'漏水'` : i % 2 ? '' : '\\N',
      updatedAt: 1_700_000_000_000 + i,
    }));
    await bulk.insert(db.kysely, 'settings', flatten(rows.slice(0, 1300)));
    await bulk.insert(db.kysely, 'settings', rows.slice(1300), { perRow: true });
    const got = await db.kysely
      .selectFrom('settings')
      .select(['key', 'value', 'updatedAt'])
      .where('key', 'like', 'bulk.%')
      .execute();
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    expect(got.sort(byKey)).toEqual([...rows].sort(byKey));
  });
});

/** The dialect helpers intake relies on, on the database of the test project (SQLite or PostgreSQL). */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTemplateDb } from '../../test/harness.js';
import {
  createTextIndex,
  type Db,
  hexToken,
  nextId,
  textIndexEncode,
  textIndexIds,
  textIndexInsert,
  textIndexJoin,
  textIndexMatch,
  writeAll,
} from './dialect.js';
import { up } from './migrations/0008_case_text_index.js';

let db: Db;
const k = () => db.kysely;

beforeAll(async () => {
  db = (await cloneTemplateDb()).db;
});
afterAll(() => db.close());

describe('hexToken', () => {
  it('is the UTF-8 bytes in hex, as Buffer gives them (astral characters, lone surrogates as U+FFFD)', () => {
    const samples = [
      '',
      'abc',
      '000042',
      'é',
      '漏水',
      '３号楼',
      '𠀀𩸽',
      'a\ud800b',
      '\udc00',
      'x\ud83d',
      '\u07ff\u0800\uffff',
    ];
    // And random strings over every range of code units.
    for (let i = 0; i < 2000; i++)
      samples.push(
        String.fromCharCode(...Array.from({ length: 1 + (i % 7) }, (_, j) => (i * 7919 + j * 104_729) % 65_536)),
      );
    for (const s of samples) expect(hexToken(s)).toBe(Buffer.from(s, 'utf8').toString('hex'));
  });
});

describe('textIndexEncode', () => {
  it('encodes a document in parts that join into the whole', () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const whole = textIndexEncode(dialect, ['漏水', '20261123', 'a']);
      const parts = textIndexJoin(textIndexEncode(dialect, ['漏水']), textIndexEncode(dialect, ['20261123', 'a']));
      expect(parts).toBe(whole);
      expect(textIndexJoin('', whole)).toBe(whole);
      expect(textIndexJoin(whole, textIndexEncode(dialect, []))).toBe(whole);
    }
  });

  it('quotes every PostgreSQL term as one lexeme, escaping quotes and backslashes', () => {
    expect(textIndexEncode('postgres', ['漏水', 'a'])).toBe("'漏水' 'a'");
    expect(textIndexEncode('postgres', ['a', "it's", 'c\\d'])).toBe("'a' 'it''s' 'c\\\\d'");
    expect(textIndexEncode('postgres', [])).toBe('');
  });
});

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

describe('text index', () => {
  const ids = async (terms: { term: string; prefix: boolean }[]) =>
    (await textIndexMatch(db, 'scratch_idx', terms).execute(k())).rows.map((r) => Number(r.id)).sort();

  it('finds documents holding every term, exactly or by prefix, whatever the characters', async () => {
    await createTextIndex(db, 'scratch_idx');
    await k().executeQuery(
      textIndexInsert(db, k(), 'scratch_idx', [
        { id: 1, terms: ['漏水', '水管', '管', 'room12'] },
        { id: 2, terms: ['漏水', "it's", 'a"b', 'and', 'or'] },
        { id: 3, terms: ['水管', '20261123', '000042'] },
        { id: 4, terms: ['a\\b', 'x y', 'k:1', "q'\\'", '\u001f', 'a&b|!c'] },
      ]),
    );
    const exact = (term: string) => ({ term, prefix: false });
    const prefix = (term: string) => ({ term, prefix: true });
    expect(await ids([exact('漏水')])).toEqual([1, 2]);
    expect(await ids([exact('漏水'), exact('水管')])).toEqual([1]);
    expect(await ids([exact('漏')])).toEqual([]); // a bigram is one term, not two characters
    expect(await ids([prefix('漏')])).toEqual([1, 2]);
    expect(await ids([prefix('room')])).toEqual([1]);
    expect(await ids([exact("it's")])).toEqual([2]);
    expect(await ids([exact('a"b'), exact('and'), exact('or')])).toEqual([2]); // no query-syntax injection
    expect(await ids([prefix('2026'), exact('000042')])).toEqual([3]);
    // Lexemes hold whatever the terms hold: backslashes, quotes, spaces, colons, operators, control characters.
    for (const term of ['a\\b', 'x y', 'k:1', "q'\\'", '\u001f', 'a&b|!c'])
      expect(await ids([exact(term)])).toEqual([4]);
    expect(await ids([exact('x')])).toEqual([]);
    expect(await textIndexIds(db, 'scratch_idx', 2, 3)).toEqual([2, 3]);
  });

  it('migration 0008 carries the terms of case_terms over and drops it', async () => {
    const id = 7; // and one in the second batch of the carry-over
    await sql`drop table case_search`.execute(k());
    await sql`create table case_terms (term varchar(32) not null, case_id integer not null)`.execute(k());
    await sql`insert into case_terms (term, case_id) values ('旧词', ${id}), ('x1', ${id}), ('旧词', ${id + 6000})`.execute(
      k(),
    );
    await up(db);
    const found = (await textIndexMatch(db, 'case_search', [{ term: '旧词', prefix: false }]).execute(k())).rows;
    expect(found.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual([id, id + 6000]);
    await expect(sql`select 1 from case_terms`.execute(k())).rejects.toThrow();
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

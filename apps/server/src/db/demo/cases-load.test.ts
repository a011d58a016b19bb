/**
 * The bulk loader (`loadCases`): simulating in process or on a second thread writes the same database — cases,
 * events, search terms, facts and roll-ups; a loaded database's references all hold although the loader writes
 * without the foreign key checks (which are on again afterwards); and a case's search document is
 * caseSearchTerms([number, description, address]) however its parts were put together — on both dialects.
 */
import { caseSearchTerms } from '@grassroots/shared/cases/cases.search';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';
import type { Database } from '../database.js';
import { type DialectName, textIndexEncode, textIndexMatch } from '../dialect.js';
import { ensureDefaultCategories } from '../reference/categories.js';
import { secondaryIndexes } from './bulk-indexes.js';
import { loadCases, searchDocs } from './cases-load.js';
import { type ProducedBatch, searchPart } from './cases-produce.js';
import { loadScaleData } from './seed.js';

type K = Kysely<Database>;
const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0));
let inProcess: TestApp;
let threaded: TestApp;

async function world() {
  const t = await createTestApp({ clock });
  await loadScaleData(t.app.ctx, { households: 600, seed: 4, ledger: false });
  await ensureDefaultCategories(t.app.ctx);
  return t;
}

beforeAll(async () => {
  [inProcess, threaded] = [await world(), await world()];
});
afterAll(async () => {
  await inProcess?.close();
  await threaded?.close();
});

const TABLES: [string, string][] = [
  ['cases', 'id'],
  ['case_events', 'id'],
  ['case_facts', 'case_id'],
  ['case_rollup_daily', 'day, area_path, category_id, source, handler_key'],
  ['case_rollup_hours', 'day, area_path, category_id, source, handler_key, bucket'],
  ['case_rollup_area_daily', 'day, area_path'],
];

/** Every row of the tables a load writes, and the search index's terms (SQLite: each term's document count). */
async function contents(k: K, dialect: DialectName) {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of TABLES)
    out[table] = (await sql.raw(`select * from ${table} order by ${order}`).execute(k)).rows;
  if (dialect === 'sqlite') {
    // Contentless FTS5 gives its terms back only through a vocabulary table.
    await sql
      .raw('create virtual table if not exists temp.search_vocab using fts5vocab(main, case_search, row)')
      .execute(k);
    out.search = (await sql.raw('select term, doc from temp.search_vocab order by term').execute(k)).rows;
  } else out.search = (await sql.raw('select id, terms::text as terms from case_search order by id').execute(k)).rows;
  return out;
}

/**
 * The indexes of the tables a load writes: name, definition, valid, and the object (PostgreSQL: its oid; SQLite:
 * its root page).
 */
async function indexes(k: K, dialect: DialectName) {
  const tables = TABLES.map(([t]) => t).concat('case_search');
  if (dialect === 'sqlite') {
    const r = await sql<{ name: string; table: string; sql: string | null; rootpage: number }>`
      select name, tbl_name as "table", sql, rootpage
      from sqlite_master where type = 'index' and tbl_name in (${sql.join(tables)}) order by name`.execute(k);
    return r.rows.map((x) => ({ name: x.name, table: x.table, definition: x.sql, valid: true, oid: x.rootpage }));
  }
  const r = await sql<{ name: string; table: string; definition: string; valid: boolean; oid: number }>`
    select x.relname as name, t.relname as "table", pg_get_indexdef(i.indexrelid) as definition, i.indisvalid and i.indisready as valid,
      i.indexrelid::int as oid
    from pg_index i join pg_class x on x.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
    where t.relname in (${sql.join(tables)}) order by x.relname`.execute(k);
  return r.rows;
}

describe('loadCases', () => {
  it('writes the same database whether it simulates in process or on a thread, keeping or rebuilding indexes', async () => {
    const a = await loadCases(inProcess.app.ctx, { cases: 1500, seed: 9, thread: false, rebuildIndexes: false });
    const b = await loadCases(threaded.app.ctx, { cases: 1500, seed: 9, thread: true, rebuildIndexes: true });
    expect(b.counts).toEqual(a.counts);
    expect(a.counts.cases).toBe(1500);
    const [ca, cb] = [
      await contents(inProcess.db.kysely, inProcess.db.dialect),
      await contents(threaded.db.kysely, threaded.db.dialect),
    ];
    for (const table of Object.keys(ca)) {
      expect((ca[table] as unknown[]).length, table).toBeGreaterThan(0);
      expect(cb[table], table).toEqual(ca[table]);
    }
    // The roll-up job's cursor stands past the load's events: it has nothing to do.
    const drained = await threaded.app.services.analytics.rollup.drain(clock.now());
    expect(drained).toMatchObject({ events: 0, cases: 0 });
    // Merges into cases of the same load got their target's id and number.
    const merged = await inProcess.db.kysely
      .selectFrom('cases as d')
      .innerJoin('cases as t', 't.id', 'd.mergedIntoId')
      .innerJoin('caseEvents as e', (j) => j.onRef('e.caseId', '=', 'd.id').on('e.action', '=', 'merge'))
      .select(['t.id', 't.number', 'e.note', 'e.data'])
      .execute();
    expect(merged.length).toBeGreaterThan(0);
    for (const m of merged) {
      expect(m.note).toContain(m.number);
      expect(JSON.parse(m.data)).toEqual({ duplicateOf: String(m.id) });
    }
  }, 120_000);

  it('leaves no reference dangling, though it writes without the foreign key checks, and turns them on again', async () => {
    const k = threaded.db.kysely;
    if (threaded.db.dialect === 'sqlite') {
      expect((await sql.raw('pragma foreign_key_check').execute(k)).rows).toEqual([]);
      expect((await sql.raw('pragma foreign_keys').execute(k)).rows).toEqual([{ foreignKeys: 1 }]);
      return;
    }
    const fks = await sql<{ child: string; col: string; parent: string; ref: string }>`
      select c.conrelid::regclass::text as child, a.attname as col, c.confrelid::regclass::text as parent,
        r.attname as ref
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_attribute r on r.attrelid = c.confrelid and r.attnum = c.confkey[1]
      where c.contype = 'f' and c.conrelid::regclass::text in ('cases', 'case_events', 'case_facts')`.execute(k);
    expect(fks.rows.length).toBeGreaterThan(5);
    for (const f of fks.rows) {
      const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(f.child)} x
        where ${sql.ref(`x.${f.col}`)} is not null and not exists
          (select 1 from ${sql.table(f.parent)} y where ${sql.ref(`y.${f.ref}`)} = ${sql.ref(`x.${f.col}`)})`.execute(
        k,
      );
      expect(r.rows[0]?.n, `${f.child}.${f.col}`).toBe(0);
    }
  });

  it('rebuilds the indexes a large load drops exactly as they were, and keeps them when a load fails', async () => {
    const { ctx } = inProcess.app;
    const k = inProcess.db.kysely;
    const before = await indexes(k, inProcess.db.dialect);
    expect(before.length).toBeGreaterThan(5);
    // What a load may drop: the plain indexes (of expressions too), no primary key nor unique one.
    const droppable = (await secondaryIndexes(k, inProcess.db.dialect, ['cases', 'case_events'])).map((i) => i.name);
    expect(droppable).toEqual(expect.arrayContaining(['cases_area_status', 'cases_address_key', 'case_events_case']));
    const kept = before.filter((i) => ['cases', 'case_events'].includes(i.table) && !droppable.includes(i.name));
    expect(kept.map((i) => i.name).sort()).toEqual(
      inProcess.db.dialect === 'sqlite'
        ? ['sqlite_autoindex_cases_1', 'sqlite_autoindex_cases_2']
        : ['case_events_pkey', 'cases_number_key', 'cases_pkey', 'cases_source_external_no'],
    );
    const rowsBefore = await contents(k, inProcess.db.dialect);
    const stop = (_: string, done: number) => {
      if (done > 1000) throw new Error('stopped half-way');
    };
    await expect(
      loadCases(ctx, { cases: 3000, seed: 11, thread: false, rebuildIndexes: true, progress: stop }),
    ).rejects.toThrow('stopped half-way');
    // The same indexes, the very same objects (PostgreSQL's oids, SQLite's root pages): the drop went back with
    // the rows, of which none is left.
    expect(await indexes(k, inProcess.db.dialect)).toEqual(before);
    expect(await contents(k, inProcess.db.dialect)).toEqual(rowsBefore);
    const journal = async () => (await sql.raw('pragma journal_mode').execute(k)).rows;
    // SQLite: the load went through a rollback journal, and the database is in WAL mode again.
    if (inProcess.db.dialect === 'sqlite') expect(await journal()).toEqual([{ journalMode: 'wal' }]);

    await loadCases(ctx, { cases: 2000, seed: 12, thread: false, rebuildIndexes: true });
    const after = await indexes(k, inProcess.db.dialect);
    if (inProcess.db.dialect === 'sqlite') expect(await journal()).toEqual([{ journalMode: 'wal' }]);
    expect(after.map(({ oid, ...i }) => i)).toEqual(before.map(({ oid, ...i }) => i));
    if (inProcess.db.dialect === 'postgres') {
      // Rebuilt: the secondary indexes are new objects, the primary keys and unique ones the same.
      const rebuilt = after.filter((i, n) => i.oid !== before[n]?.oid).map((i) => i.name);
      expect(rebuilt).toEqual(expect.arrayContaining(['case_search_terms', 'case_events_case', 'cases_area_status']));
      expect(rebuilt).not.toContain('cases_pkey');
      expect(rebuilt).not.toContain('cases_number_key');
    }
    // Still answering: the roll-up job has nothing left, a loaded case is found by its number's terms.
    expect(await inProcess.app.services.analytics.rollup.drain(clock.now())).toMatchObject({ events: 0, cases: 0 });
    const last = await k.selectFrom('cases').select(['id', 'number']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const terms = caseSearchTerms([last.number]).map((term) => ({ term, prefix: false }));
    const found = await textIndexMatch(inProcess.db, 'case_search', terms).execute(k);
    expect(found.rows.map((r) => Number(r.id))).toEqual([last.id]);
    // PostgreSQL keeps each document's terms: the COPY-loaded tsvector is the service's terms as lexemes as they
    // are (array_to_tsvector), whatever characters a text holds.
    if (inProcess.db.dialect === 'postgres') {
      const sample = await k
        .selectFrom('cases')
        .select(['id', 'number', 'description', 'address'])
        .orderBy('id', 'desc')
        .limit(40)
        .execute();
      for (const c of sample) {
        const terms = caseSearchTerms([c.number, c.description, c.address]);
        const r = await sql<{ same: boolean }>`select terms = array_to_tsvector(cast(${terms} as text[])) as same
          from case_search where id = ${c.id}`.execute(k);
        expect(r.rows, c.number).toEqual([{ same: true }]);
      }
    }
  }, 120_000);

  it("puts a case's search document together as caseSearchTerms([number, description, address])", () => {
    const dialect = threaded.db.dialect;
    const cases: [number, string, string, string | null][] = [
      [42, '20261123-000042', '楼道漏水，请尽快处理', '新城壹号 3号楼 2单元1502室'],
      [7, '20261122-000007', '市民来电反映：路灯不亮', null],
      // Terms of the address that are terms of the number too: the document holds them once, in the number's place.
      [123456, '20261123-123456', '门口井盖缺失', '站前路123456号 20261123'],
    ];
    const parts = cases.map(([, , description, address]) =>
      searchPart(dialect, caseSearchTerms([description, address])),
    );
    const batch: ProducedBatch = {
      first: 0,
      n: cases.length,
      cases: { cols: ['id', 'number', 'description', 'address'], values: cases.flat(), count: cases.length },
      days: cases.map(([, number]) => number.slice(0, 8)),
      events: { cols: [], values: [], count: 0 },
      facts: { cols: [], values: [], count: 0 },
      terms: parts.map((p) => p.terms),
      termCounts: parts.map((p) => p.count),
      numberLike: parts.map((p) => p.numberLike),
      merges: [],
      rollups: null,
    };
    expect(parts[2]?.numberLike).toBe('123456 20261123');
    const expected = cases.map(([id, number, description, address]) => {
      const terms = caseSearchTerms([number, description, address]);
      return { id, terms: textIndexEncode(dialect, terms), n: terms.length };
    });
    const { docs, count } = searchDocs(dialect, batch);
    expect(docs).toEqual(expected.map(({ id, terms }) => ({ id, terms })));
    expect(count).toBe(expected.reduce((n, e) => n + e.n, 0));
  });
});

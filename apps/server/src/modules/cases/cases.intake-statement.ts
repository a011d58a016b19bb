/**
 * A batch of new cases written at once — the cases, their Idempotency-Key rows with the answers, search
 * documents, create events and audit rows — with no read before it: every condition travels with the write.
 *
 * - PostgreSQL: ONE statement instead of a transaction of six. Each statement is a round trip, and on a server
 *   sharing its cores with the database each round trip also costs a context switch; at 8 connections intake
 *   spent most of its time waiting on them (bench/README.md, intake). One statement is atomic by itself, so it
 *   needs no BEGIN/COMMIT; its text is the same for every batch size (the rows travel as JSON), so it is parsed
 *   and planned once per connection (dialect.ts preparingWrites).
 * - SQLite: five statements as one transaction, which a server's writer thread runs off the event loop
 *   (dialect.ts writeTogether).
 *
 * The rows depend on each other in one order: a case is inserted unless its key is already stored (a retry or
 * a reused key) or its 12345 ticket was filed before (ON CONFLICT), and unless its household or building reads
 * otherwise than the copy it was placed with (cases.place-cache.ts); every other row is written for the cases
 * inserted (PostgreSQL: joined to the cases' RETURNING; SQLite: the case's id is in the table, and since the ids
 * are new, a case there is one this batch inserted — an id another writer took fails the whole transaction on
 * the primary key). A key claimed at the same moment by another transaction fails the whole statement on the
 * key's primary key (the caller then runs each case alone), so a key never gets two cases.
 */
import { CompiledQuery } from 'kysely';
import { AUDIT_COLUMNS, type AuditRow } from '../../core/audit.js';
import type { StoredKey } from '../../core/idempotency.js';
import { type Db, type DialectName, snakeCase, textIndexEncode, writeTogether } from '../../db/dialect.js';
import { buildingPrintSql, householdPrintSql } from './cases.place-cache.js';
import {
  CASE_SEARCH,
  type CaseRow,
  NEW_CASE_COLUMNS,
  NEW_EVENT_COLUMNS,
  type NewCaseEvent,
} from './cases.repository.js';

/** One new case as the statement writes it. */
export interface CaseToWrite {
  row: CaseRow;
  event: NewCaseEvent;
  audit: AuditRow;
  terms: string[];
  /** The household and building it was placed by, as printed from the copies intake used (cases.place-cache.ts);
   * null for a kind it was not placed by. */
  place: { household: string | null; building: string | null };
  /** Its Idempotency-Key and what the key keeps of the answer (JSON, cases.replay.ts); none without a key. */
  key?: { stored: StoredKey; status: number; response: string; at: number };
}

const list = (columns: readonly string[], alias?: string) =>
  columns.map((c) => `${alias ? `${alias}.` : ''}"${snakeCase(c)}"`).join(', ');

/** A key's row as the statements take it: the case it is for, then its columns. */
const KEY_COLUMNS = ['caller', 'key', 'request_hash', 'status', 'response', 'created_at'] as const;
const KEY_ROW_COLUMNS = ['case_id', ...KEY_COLUMNS] as const;

/**
 * Whether a case `c` may be inserted, but for its ticket (ON CONFLICT): its key (`keyCaller`, `key`: SQL
 * expressions, null without one) is not stored, and its place prints (`household`, `building`: null for a kind it
 * was not placed by) are its household's and building's.
 */
const insertable = (
  dialect: DialectName,
  c: string,
  e: { keyCaller: string; key: string; household: string; building: string },
) => `(${e.key} is null
    or (select 1 from idempotency_keys x where x.caller = ${e.keyCaller} and x.key = ${e.key}) is null)
  and (${e.household} is null
    or ${e.household} = (select ${householdPrintSql(dialect)} from households h where h.id = ${c}.household_id))
  and (${e.building} is null
    or ${e.building} = (select ${buildingPrintSql(dialect)} from buildings b where b.id = ${c}.building_id))`;

// Starts as dialect.ts preparingWrites expects of a write ("with w0 as (insert"). The key and place look-ups are
// scalar subqueries, one index probe per case: as a join or NOT EXISTS, the generic plan of this prepared
// statement hashed a scan of the whole key table (planned when the table was small).
const PG_TEXT = `with w0 as (insert into cases (${list(NEW_CASE_COLUMNS)})
  select ${list(NEW_CASE_COLUMNS, 'c')} from json_populate_recordset(null::cases, $1::json) c
  join json_to_recordset($7::json) p(case_id integer, household text, building text) on p.case_id = c.id
  left join json_to_recordset($2::json) k(case_id integer, caller text, key text) on k.case_id = c.id
  where ${insertable('postgres', 'c', { keyCaller: 'k.caller', key: 'k.key', household: 'p.household', building: 'p.building' })}
  on conflict (source, external_no) do nothing
  returning id
), w1 as (
  insert into idempotency_keys (${KEY_COLUMNS.join(', ')})
  select ${KEY_COLUMNS.map((c) => `k.${c}`).join(', ')}
  from json_to_recordset($2::json)
    k(case_id integer, caller text, key text, request_hash text, status integer, response text, created_at bigint)
  join w0 on w0.id = k.case_id
), w2 as (
  insert into ${CASE_SEARCH} (id, terms)
  select d.id, cast(d.terms as tsvector) from unnest($3::integer[], $4::text[]) d(id, terms)
  join w0 on w0.id = d.id
), w3 as (
  insert into case_events (${list(NEW_EVENT_COLUMNS)})
  select ${list(NEW_EVENT_COLUMNS, 'e')} from json_populate_recordset(null::case_events, $5::json) e
  join w0 on w0.id = e.case_id
), w4 as (
  insert into audit_log (${list(AUDIT_COLUMNS)})
  select ${list(AUDIT_COLUMNS, 'a')} from json_populate_recordset(null::audit_log, $6::json) a
  join w0 on w0.id::text = a.entity_id
)
select id from w0`;

/** Objects of `columns` (camelCase names) as a JSON array of objects with the columns' SQL names. */
function recordsJson<T>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const names = columns.map(snakeCase);
  return JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) o[names[i] as string] = r[columns[i] as keyof T];
      return o;
    }),
  );
}

/** The key row of a case, as both dialects' statements take it. */
const keyRow = (c: CaseToWrite) =>
  c.key && {
    case_id: c.row.id,
    caller: c.key.stored.caller,
    key: c.key.stored.key,
    request_hash: c.key.stored.requestHash,
    status: c.key.status,
    response: c.key.response,
    created_at: c.key.at,
  };

/** Writes the cases (see the file's comment); returns the ids of those inserted. */
export async function writeCasesAtOnce(db: Db, cases: readonly CaseToWrite[]): Promise<Set<number>> {
  const ids = db.dialect === 'postgres' ? await writePg(db, cases) : await writeSqlite(db, cases);
  return new Set(ids.map(Number));
}

async function writePg(db: Db, cases: readonly CaseToWrite[]) {
  const keys = cases.flatMap((c) => keyRow(c) ?? []);
  const docs = cases.filter((c) => c.terms.length > 0);
  const r = await db.kysely.executeQuery<{ id: number }>(
    CompiledQuery.raw(PG_TEXT, [
      recordsJson(
        NEW_CASE_COLUMNS,
        cases.map((c) => c.row),
      ),
      JSON.stringify(keys),
      docs.map((c) => c.row.id),
      docs.map((c) => textIndexEncode('postgres', c.terms)),
      recordsJson(
        NEW_EVENT_COLUMNS,
        cases.map((c) => c.event),
      ),
      recordsJson(
        AUDIT_COLUMNS,
        cases.map((c) => c.audit),
      ),
      JSON.stringify(cases.map((c) => ({ case_id: c.row.id, ...c.place }))),
    ]),
  );
  return r.rows.map((row) => row.id);
}

/**
 * SQLite: `with v(columns) as (values (?, …), …) insert into table (inserted) select … from v where …` — rows as
 * parameters (SQLite's VALUES rows beat its JSON functions at 30 columns a row), the text cached per shape.
 */
const sqliteTexts = new Map<string, string>();
function insertFromValues(
  table: string,
  columns: readonly string[],
  inserted: readonly string[],
  rows: readonly (readonly unknown[])[],
  where: string,
  tail = '',
): CompiledQuery {
  const shape = `${table}|${rows.length}|${columns.length}`;
  let text = sqliteTexts.get(shape);
  if (!text) {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    text = `with v(${columns.join(', ')}) as (values ${rows.map(() => tuple).join(', ')})
      insert into ${table} (${inserted.join(', ')}) select ${inserted.map((c) => `v.${c}`).join(', ')} from v
      where ${where} ${tail}`;
    if (sqliteTexts.size >= 1000) sqliteTexts.clear();
    sqliteTexts.set(shape, text);
  }
  return CompiledQuery.raw(text, rows.flat());
}

/** The case of id `expr` was inserted by this batch (see the file's comment). */
const caseInserted = (expr: string) => `exists (select 1 from cases n where n.id = ${expr})`;
const CASE_NAMES = NEW_CASE_COLUMNS.map(snakeCase);
const EVENT_NAMES = NEW_EVENT_COLUMNS.map(snakeCase);
const AUDIT_NAMES = AUDIT_COLUMNS.map(snakeCase);
// The key and the place prints travel as columns of the cases' VALUES.
const SQLITE_CASE_EXTRAS = ['p_household', 'p_building', 'k_caller', 'k_key'];
const SQLITE_INSERTABLE = insertable('sqlite', 'v', {
  keyCaller: 'v.k_caller',
  key: 'v.k_key',
  household: 'v.p_household',
  building: 'v.p_building',
});

async function writeSqlite(db: Db, cases: readonly CaseToWrite[]) {
  const keys = cases.map(keyRow);
  const caseRows = cases.map((c, i) => [
    ...NEW_CASE_COLUMNS.map((col) => c.row[col]),
    c.place.household,
    c.place.building,
    keys[i]?.caller ?? null,
    keys[i]?.key ?? null,
  ]);
  const keyRows = keys.flatMap((k) => (k ? [KEY_ROW_COLUMNS.map((c) => k[c])] : []));
  const docs = cases.filter((c) => c.terms.length > 0).map((c) => [c.row.id, textIndexEncode('sqlite', c.terms)]);
  const writes = [
    insertFromValues(
      'cases',
      [...CASE_NAMES, ...SQLITE_CASE_EXTRAS],
      CASE_NAMES,
      caseRows,
      SQLITE_INSERTABLE,
      'on conflict (source, external_no) do nothing returning id',
    ),
    ...(keyRows.length
      ? [insertFromValues('idempotency_keys', KEY_ROW_COLUMNS, KEY_COLUMNS, keyRows, caseInserted('v.case_id'))]
      : []),
    ...(docs.length
      ? [
          CompiledQuery.raw(
            `insert into ${CASE_SEARCH} (rowid, terms) select value ->> 0, value ->> 1 from json_each(?)
              where ${caseInserted('value ->> 0')}`,
            [JSON.stringify(docs)],
          ),
        ]
      : []),
    insertFromValues(
      'case_events',
      EVENT_NAMES,
      EVENT_NAMES,
      cases.map((c) => NEW_EVENT_COLUMNS.map((col) => c.event[col])),
      caseInserted('v.case_id'),
    ),
    insertFromValues(
      'audit_log',
      AUDIT_NAMES,
      AUDIT_NAMES,
      cases.map((c) => AUDIT_COLUMNS.map((col) => c.audit[col])),
      caseInserted('cast(v.entity_id as integer)'),
    ),
  ];
  const [inserted] = await writeTogether(db, writes);
  return (inserted?.rows ?? []).map((r) => (r as { id: number }).id);
}

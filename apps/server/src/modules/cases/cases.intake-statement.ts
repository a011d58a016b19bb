/**
 * PostgreSQL: a batch of new cases in ONE statement — the cases, their Idempotency-Key rows with the answers,
 * search documents, create events and audit rows — instead of a transaction of six statements. Each statement
 * is a round trip, and on a server sharing its cores with the database each round trip also costs a context
 * switch; at 8 connections intake spent most of its time waiting on them (bench/README.md, intake).
 *
 * One statement is atomic by itself, so it needs no BEGIN/COMMIT. Its rows depend on each other in one order:
 * a case is inserted unless its key is already stored (a retry or a reused key) or its 12345 ticket was filed
 * before (ON CONFLICT), and unless its household or building reads otherwise than the copy it was placed with
 * (cases.place-cache.ts); every other row is written for the cases inserted (joined to `w0`'s RETURNING). A key
 * claimed at the same moment by another transaction fails the whole statement on the key's primary key (the
 * caller then runs each case alone), so a key never gets two cases. The text is the same for every batch size
 * (the rows travel as JSON), so it is parsed and planned once per connection (dialect.ts preparingWrites).
 */
import type { Kysely } from 'kysely';
import { CompiledQuery } from 'kysely';
import { AUDIT_COLUMNS, type AuditRow } from '../../core/audit.js';
import type { StoredKey } from '../../core/idempotency.js';
import type { Database } from '../../db/database.js';
import { snakeCase, textIndexEncode } from '../../db/dialect.js';
import { BUILDING_PRINT_SQL, HOUSEHOLD_PRINT_SQL } from './cases.place-cache.js';
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

// Starts as dialect.ts preparingWrites expects of a write ("with w0 as (insert"). The key and place look-ups are
// scalar subqueries, one index probe per case: as a join or NOT EXISTS, the generic plan of this prepared
// statement hashed a scan of the whole key table (planned when the table was small).
const TEXT = `with w0 as (insert into cases (${list(NEW_CASE_COLUMNS)})
  select ${list(NEW_CASE_COLUMNS, 'c')} from json_populate_recordset(null::cases, $1::json) c
  join json_to_recordset($7::json) p(case_id integer, household text, building text) on p.case_id = c.id
  left join json_to_recordset($2::json) k(case_id integer, caller text, key text) on k.case_id = c.id
  where (k.key is null or (select 1 from idempotency_keys x where x.caller = k.caller and x.key = k.key) is null)
    and (p.household is null
      or p.household = (select ${HOUSEHOLD_PRINT_SQL} from households h where h.id = c.household_id))
    and (p.building is null
      or p.building = (select ${BUILDING_PRINT_SQL} from buildings b where b.id = c.building_id))
  on conflict (source, external_no) do nothing
  returning id
), w1 as (
  insert into idempotency_keys (caller, key, request_hash, status, response, created_at)
  select k.caller, k.key, k.request_hash, k.status, k.response, k.created_at
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

/** Writes the cases (see the file's comment); returns the ids of those inserted. */
export async function writeCasesAtOnce(k: Kysely<Database>, cases: readonly CaseToWrite[]): Promise<Set<number>> {
  const keys = cases.flatMap((c) =>
    c.key
      ? [
          {
            case_id: c.row.id,
            caller: c.key.stored.caller,
            key: c.key.stored.key,
            request_hash: c.key.stored.requestHash,
            status: c.key.status,
            response: c.key.response,
            created_at: c.key.at,
          },
        ]
      : [],
  );
  const docs = cases.filter((c) => c.terms.length > 0);
  const r = await k.executeQuery<{ id: number }>(
    CompiledQuery.raw(TEXT, [
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
  return new Set(r.rows.map((row) => Number(row.id)));
}

/**
 * The commit's plain new persons, copied in SQL. A staging row without problems, duplicate or decision, that no
 * later row overlays, staged as a new person of a household that already exists (`household_id`) — most rows of a
 * large import — goes into `persons`, and its tag keys into `ledger_tags`, by INSERT … SELECT from the staging
 * table: no such row crosses into JavaScript. (100k rows read, parsed, bound as parameters and run one by one
 * were most of a commit's time.) Every other row — an update, a kept duplicate, an overlay, a row creating a
 * household — goes through CommitPlan as before.
 *
 * The staging row holds the persons columns as columns (0016); only its tag keys are JSON (`person`:
 * `[tag keys, target, rest]`, ledger-import.crypto.ts), read with each database's JSON functions. Ids: SQLite
 * takes them as max + 1 onwards in row order (the commit's transaction holds the write lock), PostgreSQL from the
 * serial's sequence in one materialised CTE that both INSERTs read, so each tag row finds its person.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { type DialectName, snakeCase } from '../../db/dialect.js';
import { PERSON_COLUMNS } from './ledger-import.crypto.js';

type K = Kysely<Database>;

const PERSON_NAMES = PERSON_COLUMNS.map(snakeCase);

/**
 * Staging row `alias` of import `importId` is a plain new person. (The overlaid rows' subquery names the import by
 * value, not by `alias`: correlated, it would run once per row.)
 */
const plainCondition = (alias: string, importId: number) => {
  const a = sql.raw(alias);
  return sql<boolean>`${a}.import_id = ${importId} and ${a}.household_id is not null and ${a}.problems = '[]'
    and ${a}.decision is null and ${a}.duplicate_of is null and ${a}.duplicate_row is null
    and ${a}.row_no not in (select o.duplicate_row from ledger_import_rows o
      where o.import_id = ${importId} and o.decision = 'update' and o.duplicate_row is not null)`;
};

/** `select <select> from` the plain new persons of import `importId` (as `s`) `<tail>`. */
const plainRows = (importId: number, select: string, tail = ''): RawBuilder<unknown> =>
  sql`select ${sql.raw(select)} from ledger_import_rows s where ${plainCondition('s', importId)} ${sql.raw(tail)}`;

/** Staging row `r` of import `importId` is NOT copied by copyPlain (the rows a CommitPlan reads). */
export const notPlain = (importId: number): RawBuilder<boolean> => sql<boolean>`not (${plainCondition('r', importId)})`;

export interface Copied {
  /** How many persons the copy wrote. */
  count: number;
  /** Their distinct area paths (the audit row's area). */
  areaPaths: string[];
  /** Whether a person with one of their ID numbers appeared since the preview (the preview is stale). */
  newPerson: boolean;
  /** Whether one of their households was archived since the preview. */
  householdGone: boolean;
}

/**
 * Writes the plain new persons and their tag rows (in the commit's transaction, before any other person of the
 * import), then checks them against the persons and households that were there before — from the written rows,
 * which need no JSON and are in id order. A stale preview is the caller's to refuse: its error rolls the copy back.
 */
export async function copyPlain(k: K, dialect: DialectName, importId: number, now: number): Promise<Copied> {
  const values = PERSON_NAMES.map((c) => `s.${c}`).join(', ');
  const columns = `id, ${PERSON_NAMES.join(', ')}, household_id, area_path, created_at, updated_at`;
  if (dialect === 'sqlite') {
    const max = await sql<{ id: number }>`select coalesce(max(id), 0) as id from persons`.execute(k);
    const base = Number(max.rows[0]?.id ?? 0);
    const id = `${base} + row_number() over (order by s.row_no)`;
    const persons = await sql`insert into persons (${sql.raw(columns)}) ${plainRows(
      importId,
      `${id}, ${values}, s.household_id, s.area_path, ${now}, ${now}`,
      'order by s.row_no',
    )}`.execute(k);
    // A person's tag keys are distinct already (person-codec dedupes the tags).
    await sql`insert into ledger_tags (entity_kind, entity_id, area_path, tag_key)
      select 'person', x.id, x.area_path, t.value
      from (${plainRows(importId, `${id} as id, s.area_path, s.person`)}) x,
      json_each(x.person, '$[0]') t`.execute(k);
    const areas = await sql<{
      area: string;
    }>`select distinct area_path as area from persons where id > ${base}`.execute(k);
    const fresh = await sql`select 1 as hit from persons n join persons o on o.id_no_hash = n.id_no_hash
      where n.id > ${base} and o.id <= ${base} limit 1`.execute(k);
    const gone = await sql`select 1 as hit from households h where h.archived_at is not null
      and h.id in (select household_id from persons where id > ${base}) limit 1`.execute(k);
    return {
      count: Number(persons.numAffectedRows ?? 0),
      areaPaths: areas.rows.map((r) => r.area),
      newPerson: fresh.rows.length > 0,
      householdGone: gone.rows.length > 0,
    };
  }
  // One statement: its WITH clauses and the final SELECT share one snapshot, so `persons p` there is the ledger
  // as it was before these inserts.
  const r = await sql<{ n: number; areas: string[] | null; fresh: boolean; gone: boolean }>`with src as materialized (
      select nextval(pg_get_serial_sequence('persons', 'id')) as id, x.* from (${plainRows(
        importId,
        `s.row_no, ${values}, s.household_id, s.area_path, s.person`,
        'order by s.row_no',
      )}) x),
    persons_in as (insert into persons (${sql.raw(columns)})
      select s.id, ${sql.raw(values)}, s.household_id, s.area_path, ${now}, ${now}
      from src s returning area_path, household_id, id_no_hash),
    tags_in as (insert into ledger_tags (entity_kind, entity_id, area_path, tag_key)
      select 'person', s.id, s.area_path, t.key from src s, jsonb_array_elements_text(s.person::jsonb -> 0) t(key))
    select (select count(*) from persons_in) as n,
      (select array_agg(distinct area_path) from persons_in) as areas,
      exists (select 1 from persons p where p.id_no_hash in (select id_no_hash from persons_in)) as fresh,
      exists (select 1 from households h where h.archived_at is not null
        and h.id in (select household_id from persons_in)) as gone`.execute(k);
  const row = r.rows[0];
  return {
    count: Number(row?.n ?? 0),
    areaPaths: row?.areas ?? [],
    newPerson: !!row?.fresh,
    householdGone: !!row?.gone,
  };
}

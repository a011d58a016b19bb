/**
 * Excel import staging keeps a row encoded as a new person in the columns `persons` has (name … moved_in_on,
 * sensitive values already encrypted), with its household (`household_id`, `area_path`; the household only when
 * the row's target is an existing one), instead of one JSON text (0009). The commit copies most rows of a large
 * import with INSERT … SELECT: column to column, where it parsed and took apart ~700 bytes of JSON per row, and
 * which rows it copies is a column test instead of a JSON path. `person` keeps the rest, smaller:
 * `[tag keys, target, rest]`. Staging is transient; rows of a preview open during the upgrade are converted.
 */
import { sql } from 'kysely';
import type { Db } from '../dialect.js';

/** The persons columns staged, in the order the old JSON held their values (ledger-import.crypto.ts). */
const COLUMNS = [
  'name',
  'id_no_enc',
  'id_no_hash',
  'id_no_masked',
  'phone_enc',
  'phone_hash',
  'phone_masked',
  'birth_date',
  'gender',
  'relation',
  'tags',
  'sensitive_tags_enc',
  'custom',
  'moved_in_on',
];

export async function up(db: Db) {
  const k = db.kysely;
  for (const c of COLUMNS) await k.schema.alterTable('ledger_import_rows').addColumn(c, 'text').execute();
  await k.schema.alterTable('ledger_import_rows').addColumn('household_id', 'integer').execute();
  await k.schema.alterTable('ledger_import_rows').addColumn('area_path', 'text').execute();

  const pg = db.dialect === 'postgres';
  const value = (i: number) => (pg ? `person::jsonb -> 0 ->> ${i}` : `json_extract(person, '$[0][${i}]')`);
  const target = (key: string) => (pg ? `person::jsonb -> 2 ->> '${key}'` : `json_extract(person, '$[2].${key}')`);
  const set = [
    ...COLUMNS.map((c, i) => `${c} = ${value(i)}`),
    `household_id = case when ${target('kind')} = 'household' then cast(${target('householdId')} as integer) end`,
    `area_path = ${target('areaPath')}`,
    // Last: the assignments above read the old value (an UPDATE's right-hand sides all see the row before it).
    `person = ${pg ? '(person::jsonb - 0)::text' : `json_remove(person, '$[0]')`}`,
  ];
  await sql`update ledger_import_rows set ${sql.raw(set.join(', '))} where person is not null`.execute(k);
}

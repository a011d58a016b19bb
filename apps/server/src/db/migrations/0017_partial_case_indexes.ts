/**
 * The cases indexes on columns a new case leaves empty — its handler (account or organisation), its submitting
 * account (none for a 12345 or Open311 case) and its closing time — hold only the cases that have a value.
 * Every lookup through them compares the column with a value (`handler_account_id = ?`, `closed_at >= ?`), which
 * both databases know excludes NULL, so they still use them; intake no longer writes four index entries that no
 * query reads (on SQLite four pages fewer to write per commit).
 */
import type { Db } from '../dialect.js';

const PARTIAL = [
  { name: 'cases_handler_account', columns: ['handler_account_id', 'status'] },
  { name: 'cases_handler_org', columns: ['handler_org_id', 'status'] },
  { name: 'cases_submitter', columns: ['submitter_account_id', 'created_at'] },
  { name: 'cases_closed', columns: ['closed_at'] },
] as const;

export async function up(db: Db) {
  const k = db.kysely.schema;
  for (const { name, columns } of PARTIAL) {
    await k.dropIndex(name).execute();
    await k
      .createIndex(name)
      .on('cases')
      .columns([...columns])
      .where(columns[0], 'is not', null)
      .execute();
  }
}

/**
 * Excel import staging keeps a row without problems only as the person it would insert (`person`, 0009: its
 * personal values already encrypted) — no longer also encrypted whole in `data_enc`, which doubled the staging
 * row and cost an AES-GCM seal of ~600 bytes per row (100,000 of them for a large import). `data_enc` is now
 * null for such rows; rows with problems, and rows staged before this migration, keep it.
 * SQLite cannot drop a NOT NULL in place: the table (transient data, normally empty) is rebuilt, WITHOUT ROWID —
 * rows are written and read in (import_id, row_no) order, so one B-tree keyed by it serves both, instead of a
 * rowid table plus its primary-key index written side by side for every row.
 */
import { sql } from 'kysely';
import type { Db } from '../dialect.js';

export async function up(db: Db) {
  const k = db.kysely;
  if (db.dialect === 'postgres') {
    await sql`alter table ledger_import_rows alter column data_enc drop not null`.execute(k);
    return;
  }
  await k.schema
    .createTable('ledger_import_rows_next')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('ledger_imports.id'))
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('data_enc', 'text')
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('duplicate_of', 'integer')
    .addColumn('duplicate_row', 'integer')
    .addColumn('decision', 'varchar(8)')
    .addColumn('person', 'text')
    .addPrimaryKeyConstraint('ledger_import_rows_next_pk', ['import_id', 'row_no'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into ledger_import_rows_next
    (import_id, row_no, data_enc, problems, duplicate_of, duplicate_row, decision, person)
    select import_id, row_no, data_enc, problems, duplicate_of, duplicate_row, decision, person
    from ledger_import_rows`.execute(k);
  await k.schema.dropTable('ledger_import_rows').execute();
  await k.schema.alterTable('ledger_import_rows_next').renameTo('ledger_import_rows').execute();
}

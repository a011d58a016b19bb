/**
 * Household ledger (住户台账, DOMAIN.md section 7): persons with encrypted ID numbers and phones (keyed hash for
 * exact search, masked copy for lists), tags (sensitive ones as keyed hashes only), deployment-defined fields,
 * residents' correction/erasure requests, Excel import staging, and door-to-door campaigns (摸排).
 */
import { type Db, millis, withId } from '../dialect.js';

export async function up(db: Db) {
  const k = db.kysely.schema;

  await k
    .alterTable('households')
    // JSON array of sensitive household tags (低保户 …), AES-GCM encrypted; plain `tags` keeps the open ones.
    .addColumn('sensitive_tags_enc', 'text')
    .execute();
  await k.alterTable('households').addColumn('archived_at', millis).execute();

  await withId(db, k.createTable('persons'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id'))
    // The household's area path, copied so scoped lists need no join (re-keyed with the household).
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('id_no_enc', 'text')
    .addColumn('id_no_hash', 'varchar(64)')
    .addColumn('id_no_masked', 'varchar(24)') // 142601********1234, for lists and exports without decrypting
    .addColumn('phone_enc', 'text')
    .addColumn('phone_hash', 'varchar(64)')
    .addColumn('phone_masked', 'varchar(24)')
    .addColumn('birth_date', 'varchar(10)') // YYYY-MM-DD (age groups filter on it)
    .addColumn('gender', 'varchar(8)')
    .addColumn('relation', 'varchar(16)', (c) => c.notNull().defaultTo('other'))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]')) // open tags, JSON
    .addColumn('sensitive_tags_enc', 'text') // encrypted JSON array of sensitive tags
    .addColumn('custom', 'text', (c) => c.notNull().defaultTo('{}')) // values of ledger_fields by code, JSON
    .addColumn('moved_in_on', 'varchar(10)')
    .addColumn('moved_out_on', 'varchar(10)')
    .addColumn('moved_out_at', millis) // when the move-out was recorded: retention counts from here
    .addColumn('move_note', 'varchar(200)')
    .addColumn('anonymised_at', millis)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('persons_area').on('persons').columns(['area_path', 'birth_date']).execute();
  await k.createIndex('persons_household').on('persons').column('household_id').execute();
  await k.createIndex('persons_id_no_hash').on('persons').column('id_no_hash').execute();
  await k.createIndex('persons_phone_hash').on('persons').column('phone_hash').execute();
  await k.createIndex('persons_moved_out').on('persons').column('moved_out_at').execute();

  // One row per (entity, tag): open tags as text, sensitive ones as 's:' + keyed hash, so lists filter and
  // count by tag through an index without the tag ever being stored in clear.
  await k
    .createTable('ledger_tags')
    .addColumn('entity_kind', 'varchar(10)', (c) => c.notNull()) // 'person' | 'household'
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    .addColumn('tag_key', 'varchar(80)', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_tags_pk', ['entity_kind', 'entity_id', 'tag_key'])
    .execute();
  await k.createIndex('ledger_tags_key').on('ledger_tags').columns(['tag_key', 'area_path']).execute();

  await withId(db, k.createTable('ledger_fields'))
    .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('label', 'varchar(50)', (c) => c.notNull())
    .addColumn('label_en', 'varchar(80)')
    .addColumn('datatype', 'varchar(10)', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]')) // select values, JSON
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();

  // A resident's request about their own data: a correction, or erasure (PIPL); handled by staff, logged.
  await withId(db, k.createTable('ledger_requests'))
    .addColumn('kind', 'varchar(12)', (c) => c.notNull()) // 'correction' | 'erasure'
    .addColumn('status', 'varchar(12)', (c) => c.notNull()) // 'open' | 'done' | 'rejected'
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id'))
    .addColumn('person_id', 'integer', (c) => c.references('persons.id'))
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    .addColumn('body_enc', 'text', (c) => c.notNull()) // what to correct and why: may hold personal data
    .addColumn('resolution', 'varchar(500)')
    .addColumn('handled_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('handled_at', millis)
    .addColumn('created_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('ledger_requests_area').on('ledger_requests').columns(['area_path', 'status']).execute();

  // Excel import: the upload is parsed into staging rows (encrypted: they hold clear ID numbers), previewed
  // with every row's problems, decided per duplicate, then committed all-or-nothing.
  await withId(db, k.createTable('ledger_imports'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull()) // parsing | preview | committing | committed | failed | cancelled
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicate_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();
  await k
    .createTable('ledger_import_rows')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('ledger_imports.id'))
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('data_enc', 'text', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('duplicate_of', 'integer') // an existing person
    .addColumn('duplicate_row', 'integer') // an earlier row of the same workbook
    .addColumn('decision', 'varchar(8)') // skip | update | keep, for duplicates
    .addPrimaryKeyConstraint('ledger_import_rows_pk', ['import_id', 'row_no'])
    .execute();

  // 地毯式摸排: a form, a target (area + household filter) snapshotted at start, and one visit per attempt.
  await withId(db, k.createTable('campaigns'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', 'varchar(1000)')
    .addColumn('area_id', 'integer', (c) => c.notNull().references('areas.id'))
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull().defaultTo('{}')) // household filter, JSON
    .addColumn('form', 'text', (c) => c.notNull().defaultTo('[]')) // fields, JSON
    .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull()) // draft | active | closed
    .addColumn('created_by', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('campaigns_area').on('campaigns').columns(['area_path', 'status']).execute();
  await k
    .createTable('campaign_households')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id'))
    .addColumn('grid_id', 'integer', (c) => c.notNull().references('areas.id'))
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    .addColumn('last_outcome', 'varchar(10)') // latest visit's outcome, for coverage without a scan of visits
    .addColumn('last_visit_at', millis)
    .addPrimaryKeyConstraint('campaign_households_pk', ['campaign_id', 'household_id'])
    .execute();
  await k
    .createIndex('campaign_households_grid')
    .on('campaign_households')
    .columns(['campaign_id', 'area_path'])
    .execute();
  await withId(db, k.createTable('campaign_visits'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id'))
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(10)', (c) => c.notNull()) // visited | not_home | refused
    .addColumn('answers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('attachment_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('visited_by', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('visited_at', millis, (c) => c.notNull()) // when the worker recorded it (may be offline)
    // The phone's id for this visit: a visit queued offline and sent twice is stored once.
    .addColumn('client_ref', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', millis, (c) => c.notNull())
    .addUniqueConstraint('campaign_visits_client_ref', ['campaign_id', 'client_ref'])
    .execute();
  await k
    .createIndex('campaign_visits_household')
    .on('campaign_visits')
    .columns(['campaign_id', 'household_id'])
    .execute();
}

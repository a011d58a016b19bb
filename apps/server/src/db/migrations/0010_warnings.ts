/**
 * 前响应 warnings (issue 5): hotspots and repeated cases found by the scan job (modules/warnings). One row per
 * (kind, subject, category, window): the unique key makes a re-run of the scan update, never duplicate.
 */
import { type Db, millis, withId } from '../dialect.js';

export async function up(db: Db) {
  const k = db.kysely.schema;
  await withId(db, k.createTable('warnings'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    // Scope: the area the warning belongs to (hotspot: its area; repeat: the building's grid or the
    // compound's area); listed and acknowledged by whoever covers area_path.
    .addColumn('area_id', 'integer', (c) => c.notNull().references('areas.id'))
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    .addColumn('category_id', 'integer', (c) => c.notNull().references('case_categories.id'))
    .addColumn('subject_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    // Its name when raised, for the list (a building renamed later keeps the name it was warned under).
    .addColumn('subject_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('window_from', millis, (c) => c.notNull())
    .addColumn('window_to', millis, (c) => c.notNull())
    .addColumn('observed', 'integer', (c) => c.notNull())
    .addColumn('baseline', 'double precision', (c) => c.notNull())
    // JSON: the numbers that triggered it (observed, baseline mean/sd, expected, p-value, weeks used …).
    .addColumn('numbers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('open'))
    .addColumn('ack_note', 'varchar(500)')
    .addColumn('ack_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('ack_at', millis)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .addUniqueConstraint('warnings_once', ['kind', 'subject_kind', 'subject_id', 'category_id', 'window_from'])
    .execute();
  await k.createIndex('warnings_scope').on('warnings').columns(['area_path', 'status', 'created_at']).execute();
  // The repeat scan reads each pair's latest window; the list's default order is newest first.
  await k.createIndex('warnings_window').on('warnings').columns(['kind', 'window_to']).execute();
  await k.createIndex('warnings_created').on('warnings').columns(['created_at']).execute();
}

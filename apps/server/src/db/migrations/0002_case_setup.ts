/** Case set-up: the category tree and the working-time holiday calendar (调休 included). */
import { type Db, millis, withId } from '../dialect.js';
// The official calendar (State Council notices) is reference data: it ships in the migration so that every
// database, production included, starts with it; later years are added in the console.
import holidaysCn from '../reference/holidays-cn.json' with { type: 'json' };

export async function up(db: Db) {
  const k = db.kysely.schema;

  // One row per special date: 'off' (a holiday, even on a weekday) or 'work' (a make-up day, even on a weekend).
  await k
    .createTable('holidays')
    .addColumn('date', 'varchar(10)', (c) => c.primaryKey()) // YYYY-MM-DD, Asia/Shanghai
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();

  // Categories form a tree with a materialised path like areas. Limits are working hours or working days.
  await withId(db, k.createTable('case_categories'))
    .addColumn('parent_id', 'integer', (c) => c.references('case_categories.id'))
    .addColumn('path', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('code', 'varchar(40)', (c) => c.unique()) // stable code for Open311 `service_code`
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(100)')
    .addColumn('is_property', 'integer', (c) => c.notNull().defaultTo(0)) // city tier = property centre
    .addColumn('default_tier', 'varchar(16)', (c) => c.notNull().defaultTo('community'))
    .addColumn('default_org_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('accept_amount', 'integer')
    .addColumn('accept_unit', 'varchar(8)')
    .addColumn('respond_amount', 'integer')
    .addColumn('respond_unit', 'varchar(8)')
    .addColumn('resolve_amount', 'integer')
    .addColumn('resolve_unit', 'varchar(8)')
    .addColumn('questions', 'text', (c) => c.notNull().defaultTo('[]')) // Open311-style attributes
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('case_categories_parent').on('case_categories').column('parent_id').execute();

  const holidayRows = Object.values(holidaysCn.years).flatMap((y) =>
    y.holidays.flatMap((h) => [
      ...h.off.map((date) => ({ date, kind: 'off', name: h.name, updatedAt: 0 })),
      ...h.work.map((date) => ({ date, kind: 'work', name: h.name, updatedAt: 0 })),
    ]),
  );
  await db.kysely.insertInto('holidays').values(holidayRows).execute();
}

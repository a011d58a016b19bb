/** Cases (诉求/事件) and their event history (DOMAIN.md section 3). */
import { type Db, millis, withId } from '../dialect.js';

export async function up(db: Db) {
  const k = db.kysely.schema;

  await withId(db, k.createTable('cases'))
    // 'YYYYMMDD-000042', set in the creating transaction right after the insert (it needs the id).
    .addColumn('number', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tier', 'varchar(16)', (c) => c.notNull())
    // The registrar area currently handling the case (community, street or city root).
    .addColumn('area_id', 'integer', (c) => c.notNull().references('areas.id'))
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    // The grid of the place; null (and unplaced = 1) when the place fell in no grid.
    .addColumn('grid_id', 'integer', (c) => c.references('areas.id'))
    .addColumn('place_path', 'varchar(255)')
    .addColumn('unplaced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('case_categories.id'))
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('address', 'varchar(200)')
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('household_id', 'integer', (c) => c.references('households.id'))
    .addColumn('building_id', 'integer', (c) => c.references('buildings.id'))
    .addColumn('submitter_account_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('submitter_key_id', 'integer', (c) => c.references('api_keys.id'))
    .addColumn('on_behalf_reason', 'varchar(200)')
    .addColumn('external_no', 'varchar(64)')
    .addColumn('answers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('handler_account_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('handler_org_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('accept_by', millis)
    .addColumn('respond_by', millis, (c) => c.notNull())
    .addColumn('resolve_by', millis, (c) => c.notNull())
    .addColumn('suspension_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('suspended_at', millis)
    .addColumn('first_accept_at', millis)
    .addColumn('resolved_at', millis)
    .addColumn('closed_at', millis)
    .addColumn('rating', 'varchar(16)')
    .addColumn('rating_comment', 'varchar(500)')
    .addColumn('rated_at', millis)
    .addColumn('merged_into_id', 'integer', (c) => c.references('cases.id'))
    // Deadline job bookkeeping: when the 80 % warning was sent / the case was last found overdue. Compared with
    // the current deadlines, so a case that got fresh deadlines (escalation) is warned and checked again.
    .addColumn('warned_at', millis)
    .addColumn('overdue_at', millis)
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    // A 12345 transfer (or an Open311 request) sent twice is the same case. NULLs never collide.
    .addUniqueConstraint('cases_source_external_no', ['source', 'external_no'])
    .execute();
  await k.createIndex('cases_area_status').on('cases').columns(['area_path', 'status', 'created_at']).execute();
  await k.createIndex('cases_place').on('cases').column('place_path').execute();
  await k.createIndex('cases_category').on('cases').columns(['category_id', 'created_at']).execute();
  await k.createIndex('cases_handler_account').on('cases').columns(['handler_account_id', 'status']).execute();
  await k.createIndex('cases_handler_org').on('cases').columns(['handler_org_id', 'status']).execute();
  await k.createIndex('cases_submitter').on('cases').columns(['submitter_account_id', 'created_at']).execute();

  await withId(db, k.createTable('case_events'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
    .addColumn('at', millis, (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(16)')
    .addColumn('to_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('attachment_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await k.createIndex('case_events_case').on('case_events').columns(['case_id', 'at']).execute();
}

/** Foundation schema: areas and what hangs off them, organisations, accounts, sessions, audit, API keys. */
import { sql } from 'kysely';
import { type Db, makeAppendOnly, millis, withId } from '../dialect.js';

export async function up(db: Db) {
  const k = db.kysely.schema;

  // Areas: 市 → 区县 → 街道 → 社区 → 网格, with a materialised path (`/1/7/42/`) for subtree scoping.
  await withId(db, k.createTable('areas'))
    .addColumn('parent_id', 'integer', (c) => c.references('areas.id'))
    .addColumn('path', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('code', 'varchar(40)')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('boundary', 'text') // GeoJSON Polygon/MultiPolygon, WGS-84
    .addColumn('min_lng', 'double precision')
    .addColumn('min_lat', 'double precision')
    .addColumn('max_lng', 'double precision')
    .addColumn('max_lat', 'double precision')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('areas_parent').on('areas').column('parent_id').execute();
  await k.createIndex('areas_kind').on('areas').columns(['kind', 'path']).execute();

  await withId(db, k.createTable('organisations'))
    .addColumn('kind', 'varchar(24)', (c) => c.notNull()) // department | property_company | unit | property_center | external
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('code', 'varchar(40)')
    .addColumn('area_id', 'integer', (c) => c.references('areas.id')) // where it serves / reported to (双报到)
    .addColumn('contact_name', 'varchar(50)')
    .addColumn('duty_phone', 'varchar(30)')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();

  // Compounds (小区) belong to a community; `area_path` is the community's path (re-keyed on moves).
  await withId(db, k.createTable('compounds'))
    .addColumn('area_id', 'integer', (c) => c.notNull().references('areas.id'))
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('address', 'varchar(200)')
    .addColumn('household_count', 'integer')
    .addColumn('build_year', 'integer')
    .addColumn('management_mode', 'varchar(16)', (c) => c.notNull().defaultTo('company')) // company | self | none
    .addColumn('property_company_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('boundary', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('compounds_area_path').on('compounds').column('area_path').execute();

  // Buildings (楼栋) belong to a grid and a compound. `public_code` is the unguessable token in its QR code.
  await withId(db, k.createTable('buildings'))
    .addColumn('grid_id', 'integer', (c) => c.notNull().references('areas.id'))
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    .addColumn('compound_id', 'integer', (c) => c.references('compounds.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('address', 'varchar(200)')
    .addColumn('units', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('floors', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('public_code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('buildings_area_path').on('buildings').column('area_path').execute();
  await k.createIndex('buildings_compound').on('buildings').column('compound_id').execute();

  // Rooms carry floor area and owner: owners' votes (Civil Code art. 278) weigh by 专有部分面积.
  await withId(db, k.createTable('rooms'))
    .addColumn('building_id', 'integer', (c) => c.notNull().references('buildings.id'))
    .addColumn('unit', 'varchar(16)', (c) => c.notNull())
    .addColumn('number', 'varchar(16)', (c) => c.notNull())
    .addColumn('floor', 'integer')
    .addColumn('floor_area', 'double precision')
    .addColumn('owner_name', 'varchar(50)')
    .addColumn('created_at', millis, (c) => c.notNull())
    .addUniqueConstraint('rooms_unique', ['building_id', 'unit', 'number'])
    .execute();

  // Households: in a room, or (rural) directly under a grid with a free-text address.
  await withId(db, k.createTable('households'))
    .addColumn('grid_id', 'integer', (c) => c.notNull().references('areas.id'))
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    .addColumn('building_id', 'integer', (c) => c.references('buildings.id'))
    .addColumn('room_id', 'integer', (c) => c.references('rooms.id'))
    .addColumn('address', 'varchar(200)', (c) => c.notNull())
    .addColumn('head_name', 'varchar(50)')
    .addColumn('phone_enc', 'text') // AES-256-GCM, see core/pii.ts
    .addColumn('phone_hash', 'varchar(64)') // keyed hash for exact search
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array, non-sensitive tags only
    .addColumn('no_smartphone', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('households_area_path').on('households').column('area_path').execute();
  await k.createIndex('households_building').on('households').column('building_id').execute();
  await k.createIndex('households_room').on('households').column('room_id').execute();
  await k.createIndex('households_phone_hash').on('households').column('phone_hash').execute();

  // Grid elements (网格要素): institutions, enterprises, roads, wells, rivers, fields …
  await withId(db, k.createTable('grid_elements'))
    .addColumn('grid_id', 'integer', (c) => c.notNull().references('areas.id'))
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('code', 'varchar(40)')
    .addColumn('geometry', 'text') // GeoJSON geometry
    .addColumn('responsible_name', 'varchar(50)')
    .addColumn('responsible_phone', 'varchar(30)') // a duty phone, public by nature
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('grid_elements_area_path').on('grid_elements').column('area_path').execute();

  await withId(db, k.createTable('accounts'))
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(50)', (c) => c.notNull())
    .addColumn('phone_enc', 'text')
    .addColumn('phone_hash', 'varchar(64)')
    .addColumn('duty_phone', 'varchar(30)') // office/duty line shown on 亮身份; never the private phone
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_at', millis)
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', millis)
    .addColumn('password_changed_at', millis)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('accounts_phone_hash').on('accounts').column('phone_hash').execute();

  // (role, area) or (role, organisation). Duty labels hang on the assignment (a worker is 矛盾调解员 in a grid).
  await withId(db, k.createTable('role_assignments'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('area_id', 'integer', (c) => c.references('areas.id'))
    .addColumn('org_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('duty_labels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('role_assignments_account').on('role_assignments').column('account_id').execute();
  await k.createIndex('role_assignments_area').on('role_assignments').columns(['area_id', 'role']).execute();

  // 包联: leaders linked to communities, party members linked to households.
  await withId(db, k.createTable('community_links'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('area_id', 'integer', (c) => c.notNull().references('areas.id'))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addUniqueConstraint('community_links_unique', ['account_id', 'area_id'])
    .execute();
  await withId(db, k.createTable('household_links'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id'))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addUniqueConstraint('household_links_unique', ['account_id', 'household_id'])
    .execute();
  await k.createIndex('household_links_household').on('household_links').column('household_id').execute();

  // A resident asks to be linked to a household; a grid worker of that grid confirms against the ledger.
  await withId(db, k.createTable('resident_links'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id'))
    .addColumn('area_path', 'varchar(255)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // pending | confirmed | rejected
    .addColumn('note', 'varchar(200)') // the resident's own words
    .addColumn('decision_note', 'varchar(200)') // the confirmer's reason (e.g. why rejected)
    .addColumn('decided_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('decided_at', millis)
    .addColumn('created_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('resident_links_account').on('resident_links').column('account_id').execute();
  await k.createIndex('resident_links_area').on('resident_links').columns(['area_path', 'status']).execute();

  // Sessions live in the database so any node can serve any request. `id` is a SHA-256 of the cookie token.
  await k
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(255)')
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('expires_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('sessions_account').on('sessions').column('account_id').execute();

  await withId(db, k.createTable('api_keys'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('prefix', 'varchar(16)', (c) => c.notNull().unique())
    .addColumn('key_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('rate_limit', 'integer', (c) => c.notNull().defaultTo(600)) // requests per minute
    .addColumn('expires_at', millis)
    .addColumn('revoked_at', millis)
    .addColumn('last_used_at', millis)
    .addColumn('created_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('created_at', millis, (c) => c.notNull())
    .execute();

  await withId(db, k.createTable('api_key_uses'))
    .addColumn('key_id', 'integer', (c) => c.notNull().references('api_keys.id'))
    .addColumn('at', millis, (c) => c.notNull())
    .addColumn('method', 'varchar(8)', (c) => c.notNull())
    .addColumn('path', 'varchar(255)', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .execute();
  await k.createIndex('api_key_uses_key').on('api_key_uses').columns(['key_id', 'at']).execute();

  // The audit log: append-only by trigger on both dialects.
  await withId(db, k.createTable('audit_log'))
    .addColumn('at', millis, (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_kind', 'varchar(16)', (c) => c.notNull()) // account | api_key | system | anonymous
    .addColumn('actor_name', 'varchar(100)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('entity_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(64)')
    .addColumn('area_path', 'varchar(255)') // lets leaders read the audit of their own subtree
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('ip', 'varchar(64)')
    .execute();
  await k.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await k.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();
  await k.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'at']).execute();
  await makeAppendOnly(db, 'audit_log');

  // Small key/value store (bootstrap state, data-version counters for caches across nodes).
  await k
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', millis, (c) => c.notNull())
    .execute();

  // A job takes a lease so only one node runs it (multi-node).
  await k
    .createTable('job_leases')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(64)', (c) => c.notNull())
    .addColumn('expires_at', millis, (c) => c.notNull())
    .execute();

  void sql;
}

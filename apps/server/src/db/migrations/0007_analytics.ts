/**
 * Analytics roll-ups (issue 5). The job `analytics.rollup` keeps them; intake and actions never write here.
 *  - case_facts: one row per case — its bucket dimensions and integer facts (shared analytics.facts.ts).
 *  - case_rollup_daily: the facts summed per (Shanghai day, area path, category, source, handler). A case adds
 *    its submission measures on its submission day and due/on_time on the day its deadline fell.
 *  - case_rollup_hours: per bucket, how many handling times fell in each log-spaced hour bucket (medians).
 *  - case_rollup_area_daily / case_rollup_area_hours: the same summed over category, source and handler — a
 *    fraction of the rows, for the requests that filter and group by area and time only.
 *  - analytics_state: the job's cursors and how current the roll-ups are.
 * Area paths are compared as ranges (prefix = subtree), so they sort by code point on both dialects.
 */
import { sql } from 'kysely';
import { codePointOrder, type Db, millis } from '../dialect.js';

const MEASURES = [
  'submitted',
  'valid',
  'responded',
  'resolved',
  'rated',
  'sat_points',
  'closed_ever',
  'reopened',
  'overdue',
  'dispatches',
  'returned',
  'handled',
  'due',
  'on_time',
] as const;
const DIMENSIONS = ['day', 'area_path', 'category_id', 'source', 'handler_key'] as const;

export async function up(db: Db) {
  const k = db.kysely.schema;
  const path = codePointOrder(db);

  let facts = k
    .createTable('case_facts')
    .addColumn('case_id', 'integer', (c) => c.primaryKey())
    .addColumn('day', 'integer', (c) => c.notNull())
    // Day number of the deadline when it has fallen (按期结案 counts there); null otherwise.
    .addColumn('due_day', 'integer')
    // The deadline in force when the facts were computed: the time sweep looks again once it passes.
    .addColumn('resolve_by', millis)
    // coalesce(place_path, area_path) of the case: what the case list's `area` filter matches.
    .addColumn('area_path', 'varchar(255)', (c) => path(c.notNull()))
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    // 'organisation:7' | 'account:12' | '' (none).
    .addColumn('handler_key', 'varchar(40)', (c) => c.notNull())
    .addColumn('hours_bucket', 'integer')
    .addColumn('handling_ms', millis, (c) => c.notNull());
  for (const m of MEASURES) facts = facts.addColumn(m, 'integer', (c) => c.notNull());
  await facts.addColumn('updated_at', millis, (c) => c.notNull()).execute();
  await k.createIndex('case_facts_resolve_by').on('case_facts').columns(['resolve_by', 'case_id']).execute();

  let daily = k
    .createTable('case_rollup_daily')
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('area_path', 'varchar(255)', (c) => path(c.notNull()))
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('handler_key', 'varchar(40)', (c) => c.notNull())
    .addColumn('handling_ms', millis, (c) => c.notNull());
  for (const m of MEASURES) daily = daily.addColumn(m, 'integer', (c) => c.notNull());
  // The key leads with the day: every KPI request is a day range, narrowed by an area-path range.
  await daily.addPrimaryKeyConstraint('case_rollup_daily_pk', [...DIMENSIONS]).execute();
  // A long trend of one small area (a community's 12 months) walks its path range instead of every day's rows.
  await k.createIndex('case_rollup_daily_area').on('case_rollup_daily').columns(['area_path', 'day']).execute();

  await k
    .createTable('case_rollup_hours')
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('area_path', 'varchar(255)', (c) => path(c.notNull()))
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('handler_key', 'varchar(40)', (c) => c.notNull())
    .addColumn('bucket', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_rollup_hours_pk', [...DIMENSIONS, 'bucket'])
    .execute();
  await k.createIndex('case_rollup_hours_area').on('case_rollup_hours').columns(['area_path', 'day']).execute();

  // The same sums with only (day, area path): the requests without category/source/handler read these.
  let areaDaily = k
    .createTable('case_rollup_area_daily')
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('area_path', 'varchar(255)', (c) => path(c.notNull()))
    .addColumn('handling_ms', millis, (c) => c.notNull());
  for (const m of MEASURES) areaDaily = areaDaily.addColumn(m, 'integer', (c) => c.notNull());
  await areaDaily.addPrimaryKeyConstraint('case_rollup_area_daily_pk', ['day', 'area_path']).execute();
  await k
    .createIndex('case_rollup_area_daily_area')
    .on('case_rollup_area_daily')
    .columns(['area_path', 'day'])
    .execute();
  await k
    .createTable('case_rollup_area_hours')
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('area_path', 'varchar(255)', (c) => path(c.notNull()))
    .addColumn('bucket', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_rollup_area_hours_pk', ['day', 'area_path', 'bucket'])
    .execute();
  await k
    .createIndex('case_rollup_area_hours_area')
    .on('case_rollup_area_hours')
    .columns(['area_path', 'day'])
    .execute();

  await k
    .createTable('analytics_state')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    // Events with ids up to here are in the roll-ups.
    .addColumn('event_cursor', 'integer', (c) => c.notNull())
    // Cases whose deadline is at or before (time_cursor, time_cursor_id) were looked at after it passed.
    .addColumn('time_cursor', millis, (c) => c.notNull())
    .addColumn('time_cursor_id', 'integer', (c) => c.notNull())
    // The roll-ups hold every change up to this instant (null before the first run).
    .addColumn('as_of', millis)
    .execute();
  await sql`insert into analytics_state (name, event_cursor, time_cursor, time_cursor_id, as_of)
    values ('case_rollup', 0, 0, 0, null)`.execute(db.kysely);
}

/**
 * The area level of the analytics roll-ups (0007) as one row per (area, day), stored in that order (issue 5: the
 * KPI request's cost must not grow with the number of cases):
 *  - the hours histogram moves into the daily row, one column per bucket (h0 … h71), instead of one row per
 *    bucket in case_rollup_area_hours — an area-day's buckets fill up as cases grow, and each was a row to read;
 *  - the key is (area_path, day): a request reads a few areas over a day range, so on SQLite the table is WITHOUT
 *    ROWID, its rows stored in key order — an area's month is a few adjacent pages, not one page per row of a
 *    rowid table that the loader filled in no useful order (rows of every other area and day between them).
 *    PostgreSQL has no clustered tables; its primary key index serves the same range.
 * Existing sums and histograms are copied over. Hours rows have a daily row (a case counted in a day's histogram
 * was submitted that day), so the histogram is joined to the daily rows.
 */
import { sql } from 'kysely';
import { codePointOrder, type Db, millis } from '../dialect.js';

/** The histogram's buckets (HOUR_BUCKETS of analytics.facts.ts when written: a migration does not follow it). */
const BUCKETS = 72;
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

export async function up(db: Db) {
  const k = db.kysely;
  const hist = Array.from({ length: BUCKETS }, (_, b) => `h${b}`);
  let next = k.schema
    .createTable('case_rollup_area_next')
    .addColumn('area_path', 'varchar(255)', (c) => codePointOrder(db)(c.notNull()))
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('handling_ms', millis, (c) => c.notNull());
  for (const m of [...MEASURES, ...hist]) next = next.addColumn(m, 'integer', (c) => c.notNull().defaultTo(0));
  next = next.addPrimaryKeyConstraint('case_rollup_area_next_pk', ['area_path', 'day']);
  await (db.dialect === 'sqlite' ? next.modifyEnd(sql`without rowid`) : next).execute();

  const cols = ['area_path', 'day', 'handling_ms', ...MEASURES];
  const pivot = hist.map((h, b) => sql`sum(case when bucket = ${sql.lit(b)} then n else 0 end) as ${sql.ref(h)}`);
  await sql`insert into case_rollup_area_next (${sql.join(cols.map((c) => sql.ref(c)))}, ${sql.join(hist.map((h) => sql.ref(h)))})
    select ${sql.join(cols.map((c) => sql.ref(`d.${c}`)))}, ${sql.join(hist.map((h) => sql`coalesce(${sql.ref(`h.${h}`)}, 0)`))}
    from case_rollup_area_daily d
    left join (select area_path, day, ${sql.join(pivot)} from case_rollup_area_hours group by area_path, day) h
      on h.area_path = d.area_path and h.day = d.day`.execute(k);

  await k.schema.dropTable('case_rollup_area_hours').execute();
  await k.schema.dropTable('case_rollup_area_daily').execute();
  await k.schema.alterTable('case_rollup_area_next').renameTo('case_rollup_area_daily').execute();
  if (db.dialect === 'postgres')
    await sql`alter table case_rollup_area_daily
      rename constraint case_rollup_area_next_pk to case_rollup_area_daily_pk`.execute(k);
}

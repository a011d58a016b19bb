/**
 * Migration 0015 on both dialects, from an empty database migrated to 0014: the area level's sums and hours
 * histogram rows become one row per (area path, day) with the histogram in its columns, keyed (and on SQLite
 * stored) in that order; the roll-up writers then add to and delete those rows.
 */
import { zeroSums } from '@grassroots/shared/analytics/analytics.facts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { emptyDb } from '../../../test/empty-db.js';
import { BY_AREA, HOUR_COLUMNS, rollupRepository } from '../../modules/analytics/analytics.repository.js';
import type { Db } from '../dialect.js';
import { migrateToLatest } from '../migrate.js';

const dialect = inject('dialect');
let db: Db;
let drop: () => Promise<void>;

const measures = (over: Record<string, number>) => ({
  submitted: 0,
  valid: 0,
  responded: 0,
  resolved: 0,
  rated: 0,
  sat_points: 0,
  closed_ever: 0,
  reopened: 0,
  overdue: 0,
  dispatches: 0,
  returned: 0,
  handled: 0,
  handling_ms: 0,
  due: 0,
  on_time: 0,
  ...over,
});
/** A row's histogram columns as bucket → count, the non-zero ones. */
const histOf = (r: Record<string, unknown>) =>
  Object.fromEntries(HOUR_COLUMNS.flatMap((c, b) => (Number(r[c]) ? [[b, Number(r[c])]] : [])));

beforeAll(async () => {
  ({ db, drop } = await emptyDb('m0015'));
  await migrateToLatest(db, '0014_case_address_and_closures');
  const k = db.kysely;
  const daily = [
    { day: 100, area_path: '/1/', ...measures({ submitted: 5, handled: 3, handling_ms: 9000, due: 1 }) },
    { day: 100, area_path: '/1/7/', ...measures({ submitted: 2, handled: 2, handling_ms: 5000 }) },
    { day: 101, area_path: '/1/', ...measures({ due: 2, on_time: 1 }) },
  ];
  for (const r of daily)
    await sql`insert into case_rollup_area_daily (${sql.join(Object.keys(r).map((c) => sql.ref(c)))})
      values (${sql.join(Object.values(r))})`.execute(k);
  for (const [day, path, bucket, n] of [
    [100, '/1/', 3, 2],
    [100, '/1/', 71, 1],
    [100, '/1/7/', 3, 2],
  ] as const)
    await sql`insert into case_rollup_area_hours (day, area_path, bucket, n) values (${day}, ${path}, ${bucket}, ${n})`.execute(
      k,
    );
  expect(await migrateToLatest(db, '0015_rollup_area_rows')).toEqual(['0015_rollup_area_rows']);
});
afterAll(async () => {
  await db?.close();
  await drop?.();
});

const rows = () =>
  db.kysely.selectFrom('caseRollupAreaDaily').selectAll().orderBy('areaPath').orderBy('day').execute() as Promise<
    Record<string, unknown>[]
  >;

describe('migration 0015: the area level one row per (area, day)', () => {
  it('keeps every sum and moves each histogram into its day’s row', async () => {
    const got = (await rows()).map((r) => ({
      key: `${r.areaPath}|${r.day}`,
      submitted: Number(r.submitted),
      handled: Number(r.handled),
      handlingMs: Number(r.handlingMs),
      due: Number(r.due),
      onTime: Number(r.onTime),
      hist: histOf(r),
    }));
    expect(got).toEqual([
      { key: '/1/|100', submitted: 5, handled: 3, handlingMs: 9000, due: 1, onTime: 0, hist: { 3: 2, 71: 1 } },
      { key: '/1/|101', submitted: 0, handled: 0, handlingMs: 0, due: 2, onTime: 1, hist: {} },
      { key: '/1/7/|100', submitted: 2, handled: 2, handlingMs: 5000, due: 0, onTime: 0, hist: { 3: 2 } },
    ]);
    const tables = await db.kysely.introspection.getTables();
    expect(tables.map((t) => t.name)).not.toContain('case_rollup_area_hours');
    expect(tables.map((t) => t.name)).not.toContain('case_rollup_area_next');
  });

  it('keys the table by (area_path, day), stored in that order on SQLite', async () => {
    const k = db.kysely;
    if (dialect === 'sqlite') {
      // A WITHOUT ROWID table has no rowid: its rows live in the primary key's B-tree.
      await expect(sql`select rowid from case_rollup_area_daily`.execute(k)).rejects.toThrow(/rowid/);
      const plan = await sql<{ detail: string }>`explain query plan select sum(submitted) from case_rollup_area_daily
        where area_path in ('/1/', '/1/7/') and day >= 90 and day <= 120`.execute(k);
      expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/PRIMARY KEY \(area_path=\? AND day>\? AND day<\?\)/);
      const indexes = await sql<{ name: string }>`select name from sqlite_master
        where type = 'index' and tbl_name = 'case_rollup_area_daily' and sql is not null`.execute(k);
      expect(indexes.rows).toEqual([]);
    } else {
      const r = await sql<{ name: string; def: string }>`select x.relname as name, pg_get_indexdef(i.indexrelid) as def
        from pg_index i join pg_class x on x.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
        where t.relname = 'case_rollup_area_daily'`.execute(k);
      expect(r.rows).toHaveLength(1);
      expect(r.rows[0]!.name).toBe('case_rollup_area_daily_pk');
      expect(r.rows[0]!.def).toMatch(/\(area_path( COLLATE "C")?, day\)/);
    }
  });

  it('takes the writers’ additions and deletes a row they empty', async () => {
    const k = db.kysely;
    const hist = (b: number, n: number) => HOUR_COLUMNS.map((_, i) => (i === b ? n : 0));
    const empty = await rollupRepository.addDaily(k, BY_AREA, [
      { dims: { areaPath: '/1/', day: 100 }, sums: { ...zeroSums(), submitted: 1, handled: 1 }, hist: hist(3, 1) },
      { dims: { areaPath: '/1/', day: 102 }, sums: { ...zeroSums(), submitted: 1 }, hist: hist(0, 0) },
      {
        dims: { areaPath: '/1/7/', day: 100 },
        sums: { ...zeroSums(), submitted: -2, handled: -2, handlingMs: -5000 },
        hist: hist(3, -2),
      },
    ]);
    expect(empty).toEqual([{ areaPath: '/1/7/', day: 100, submitted: 0, due: 0 }]);
    await rollupRepository.deleteEmpty(k, BY_AREA, empty, []);
    const got = (await rows()).map((r) => [`${r.areaPath}|${r.day}`, Number(r.submitted), histOf(r)]);
    expect(got).toEqual([
      ['/1/|100', 6, { 3: 3, 71: 1 }],
      ['/1/|101', 0, {}],
      ['/1/|102', 1, {}],
    ]);
  });
});

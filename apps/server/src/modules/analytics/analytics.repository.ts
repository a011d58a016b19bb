/**
 * Kysely queries of the analytics tables (migrations 0007, 0015). The roll-up job's reads and its delta writes; the
 * KPI reads are in analytics.kpis.ts. Writes are multi-row upserts (ON CONFLICT … DO UPDATE), chunked, so a
 * batch costs a handful of statements whatever its size.
 */
import { HOUR_BUCKETS, MEASURES, type Sums } from '@grassroots/shared/analytics/analytics.facts';
import { pathAndAncestors } from '@grassroots/shared/areas/areas.rules';
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { CaseFactsTable, Database } from '../../db/database.js';
import { replacePathPrefix } from '../../db/dialect.js';

type K = Kysely<Database>;
export type FactsRow = Selectable<CaseFactsTable>;
export const STATE = 'case_rollup';
export const DIMENSIONS = ['day', 'areaPath', 'categoryId', 'source', 'handlerKey'] as const;
export interface Dimensions {
  day: number;
  areaPath: string;
  categoryId: number;
  source: string;
  handlerKey: string;
}
/**
 * Roll-up levels. `full` has every dimension a KPI filters or groups by, at the case's own (leaf) area path; a
 * request sums a path range; its hours histogram is a table of its own (a row per key and bucket). `area` has only
 * (area path, day) and counts a case at its path AND at every ancestor area: a request reads the rows of one area
 * (its total) and of its children (groupBy=area) — one row per area and day, its histogram in the row's columns
 * HOUR_COLUMNS, stored in key order (0015) — whatever the number of grids and cases below, which is what keeps
 * 三率 by area and trends at a constant cost at millions of cases.
 */
export interface Level {
  name: 'full' | 'area';
  daily: 'caseRollupDaily' | 'caseRollupAreaDaily';
  /** The histogram's table, or null: it is the daily row's HOUR_COLUMNS. */
  hours: 'caseRollupHours' | null;
  dims: readonly (keyof Dimensions)[];
}
/** The area level's histogram columns: h0 … h71, the count of handling times in bucket b. */
export const HOUR_COLUMNS = Array.from({ length: HOUR_BUCKETS }, (_, b) => `h${b}`);
export const FULL: Level = { name: 'full', daily: 'caseRollupDaily', hours: 'caseRollupHours', dims: DIMENSIONS };
export const BY_AREA: Level = { name: 'area', daily: 'caseRollupAreaDaily', hours: null, dims: ['areaPath', 'day'] };
export const LEVELS = [FULL, BY_AREA] as const;

/** The area paths a case at `path` counts under on `level`: its own, or its own and its ancestors'. */
export const levelPaths = (level: Level, path: string) => (level.name === 'area' ? pathAndAncestors(path) : [path]);
// biome-ignore lint/suspicious/noExplicitAny: the level's table is chosen at run time; its columns are the level's
type Any = any;

/** Rows per multi-row statement: ≤ ~22 parameters each, far below either dialect's limit. */
const CHUNK = 200;

const chunks = <T>(xs: T[], n = CHUNK) =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export const rollupRepository = {
  state: (k: K) => k.selectFrom('analyticsState').selectAll().where('name', '=', STATE).executeTakeFirstOrThrow(),

  setState: (k: K, set: Partial<Omit<Selectable<Database['analyticsState']>, 'name'>>) =>
    k.updateTable('analyticsState').set(set).where('name', '=', STATE).execute(),

  /** The next events after the cursor, by id. */
  eventsAfter: (k: K, cursor: number, limit: number) =>
    k
      .selectFrom('caseEvents')
      .select(['id', 'caseId', 'at'])
      .where('id', '>', cursor)
      .orderBy('id')
      .limit(limit)
      .execute(),

  /**
   * Facts computed no later than their deadline, with the deadline after the cursor and before now, in deadline
   * order. (At the deadline instant a case is due but not yet overdue: it is looked at once more after it.)
   */
  passedDeadlines: (k: K, cursor: { at: number; id: number }, now: number, limit: number) =>
    k
      .selectFrom('caseFacts')
      .select(['caseId', 'resolveBy'])
      .where((eb) =>
        eb.or([
          eb('resolveBy', '>', cursor.at),
          eb.and([eb('resolveBy', '=', cursor.at), eb('caseId', '>', cursor.id)]),
        ]),
      )
      .where('resolveBy', '<', now)
      .whereRef('updatedAt', '<=', 'resolveBy')
      .orderBy('resolveBy')
      .orderBy('caseId')
      .limit(limit)
      .execute(),

  /** What condensing needs of the cases: the row's deadlines, handler and dimensions. */
  cases: (k: K, ids: number[]) =>
    k
      .selectFrom('cases')
      .select([
        'id',
        'createdAt',
        'respondBy',
        'resolveBy',
        'handlerAccountId',
        'handlerOrgId',
        'areaPath',
        'placePath',
        'categoryId',
        'source',
      ])
      .where('id', 'in', ids)
      .execute(),

  events: (k: K, ids: number[]) =>
    k
      .selectFrom('caseEvents')
      .select(['caseId', 'action', 'toStatus', 'at', 'data'])
      .where('caseId', 'in', ids)
      .orderBy('caseId')
      .orderBy('at')
      .orderBy('id')
      .execute(),

  facts: (k: K, ids: number[]) => k.selectFrom('caseFacts').selectAll().where('caseId', 'in', ids).execute(),

  async upsertFacts(k: K, rows: Insertable<CaseFactsTable>[]) {
    for (const part of chunks(rows)) {
      const cols = Object.keys(part[0]!).filter((c) => c !== 'caseId') as (keyof CaseFactsTable)[];
      await k
        .insertInto('caseFacts')
        .values(part)
        .onConflict((oc) =>
          oc.column('caseId').doUpdateSet(Object.fromEntries(cols.map((c) => [c, sql.ref(`excluded.${c}`)]))),
        )
        .execute();
    }
  },

  /**
   * Adds the deltas to a level's daily roll-up (with `hist`, the histogram columns' deltas, on a level that has
   * them); returns the keys left all zero (to delete).
   */
  async addDaily(k: K, level: Level, deltas: { dims: Partial<Dimensions>; sums: Sums; hist?: readonly number[] }[]) {
    const empty: Partial<Dimensions>[] = [];
    const t = level.daily;
    const cols = level.hours ? [...MEASURES] : [...MEASURES, ...HOUR_COLUMNS];
    const set = Object.fromEntries(cols.map((m) => [m, sql`${sql.ref(`${t}.${m}`)} + ${sql.ref(`excluded.${m}`)}`]));
    const histOf = (h: readonly number[] | undefined) =>
      level.hours ? {} : Object.fromEntries(HOUR_COLUMNS.map((c, b) => [c, h?.[b] ?? 0]));
    for (const part of chunks(deltas, level.hours ? CHUNK : CHUNK / 4)) {
      const out: Record<string, unknown>[] = await (k as Any)
        .insertInto(t)
        .values(part.map((d) => ({ ...d.dims, ...d.sums, ...histOf(d.hist) })))
        .onConflict((oc: Any) => oc.columns([...level.dims]).doUpdateSet(set))
        .returning([...level.dims, 'submitted', 'due'])
        .execute();
      // A case counts in its submission day's histogram, so a row with nothing submitted has an empty histogram.
      for (const r of out) if (Number(r.submitted) === 0 && Number(r.due) === 0) empty.push(r);
    }
    return empty;
  },

  /** Adds the histogram deltas; returns the (key, bucket) pairs left at zero. */
  async addHours(k: K, level: Level, deltas: { dims: Partial<Dimensions>; bucket: number; n: number }[]) {
    const empty: Partial<Dimensions & { bucket: number }>[] = [];
    const t = level.hours;
    if (!t) throw new Error(`the ${level.name} level has no hours table`);
    for (const part of chunks(deltas)) {
      const out: Record<string, unknown>[] = await (k as Any)
        .insertInto(t)
        .values(part.map((d) => ({ ...d.dims, bucket: d.bucket, n: d.n })))
        .onConflict((oc: Any) =>
          oc
            .columns([...level.dims, 'bucket'])
            .doUpdateSet({ n: sql`${sql.ref(`${t}.n`)} + ${sql.ref('excluded.n')}` }),
        )
        .returning([...level.dims, 'bucket', 'n'])
        .execute();
      for (const r of out) if (Number(r.n) === 0) empty.push(r);
    }
    return empty;
  },

  /** Re-keys the area level's rows of the subtree at `oldPath` (analytics' part of an area move). */
  async rekeyArea(k: K, oldPath: string, newPath: string) {
    await k
      .updateTable(BY_AREA.daily)
      .set({ areaPath: replacePathPrefix('areaPath', oldPath, newPath) })
      .where('areaPath', 'like', `${oldPath}%`)
      .execute();
  },

  /** Deletes roll-up rows a case moved out of (every measure zero), so the tables stay as narrow as the data. */
  async deleteEmpty(
    k: K,
    level: Level,
    daily: Partial<Dimensions>[],
    hours: Partial<Dimensions & { bucket: number }>[],
  ) {
    const match = (eb: Any, d: Record<string, unknown>, cols: readonly string[]) =>
      eb.and(cols.map((c) => eb(c, '=', d[c])));
    for (const part of chunks(daily, 50))
      await (k as Any)
        .deleteFrom(level.daily)
        .where((eb: Any) => eb.or(part.map((d) => match(eb, d, level.dims))))
        .where('submitted', '=', 0)
        .where('due', '=', 0)
        .execute();
    for (const part of chunks(hours, 50))
      await (k as Any)
        .deleteFrom(level.hours!)
        .where((eb: Any) => eb.or(part.map((d) => match(eb, d, [...level.dims, 'bucket']))))
        .where('n', '=', 0)
        .execute();
  },
};

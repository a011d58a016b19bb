/**
 * KPI reads: sums of a roll-up level's daily rows and hours histogram over a period and the one before it, and an
 * area-path range, grouped by period and one column. Both periods in one read — on the area level one query
 * (its histogram is in the daily row), on the full level two (daily, hours) — whatever the number of cases; the
 * rows come back per period and distinct group column value (area paths, categories, sources, handlers or days)
 * and are folded into the answer's groups in JS.
 */
import { dayNumberStart, MEASURES, type Sums, zeroSums } from '@grassroots/shared/analytics/analytics.facts';
import type { KpiGrouping } from '@grassroots/shared/analytics/analytics.schema';
import { periodKey } from '@grassroots/shared/cases/cases.periods';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { BY_AREA, FULL, HOUR_COLUMNS, type Level } from './analytics.repository.js';

type K = Kysely<Database>;

export interface RollupFilter {
  fromDay: number;
  toDay: number;
  /** Read the previous period too: the days from here to fromDay − 1. */
  previousFrom?: number;
  /** The subtrees of these paths (each ends in '/'; none inside another): one area, or a caller's several. */
  areaPaths: string[];
  /** On the area level (rows per area, ancestors included): the areas whose rows to read — default the areas' own. */
  areaRows?: string[];
  categoryIds?: number[];
  source?: string;
  /** Only these handler keys (an organisation's staff, or the `handler` filter). */
  handlerKeys?: string[];
}

/** The column whose values the SQL groups by. */
const COLUMN = {
  area: 'areaPath',
  category: 'categoryId',
  source: 'source',
  handler: 'handlerKey',
  day: 'day',
  week: 'day',
  month: 'day',
} as const;

/**
 * Paths are digits and '/', so a subtree '/1/7/' is the range ['/1/7/', '/1/70'): '0' follows '/' in code
 * point order (the columns sort by code point on both dialects), and a btree walks it.
 */
const pathEnd = (p: string) => `${p.slice(0, -1)}0`;

// biome-ignore lint/suspicious/noExplicitAny: both tables share the filtered columns; the selects are dynamic
type Qb = any;
function filtered(
  k: K,
  level: Level,
  table: Level['daily'] | NonNullable<Level['hours']>,
  f: RollupFilter,
  days: [number, number] = [f.fromDay, f.toDay],
): Qb {
  let q: Qb = (k as Qb).selectFrom(table).where('day', '>=', days[0]).where('day', '<=', days[1]);
  // The area level counts a case under every ancestor: read whole areas' rows, never a path range (it would
  // count a case once per level below the area).
  q =
    level === BY_AREA
      ? q.where('areaPath', 'in', f.areaRows ?? f.areaPaths)
      : q.where((eb: Qb) =>
          eb.or(f.areaPaths.map((p) => eb.and([eb('areaPath', '>=', p), eb('areaPath', '<', pathEnd(p))]))),
        );
  if (f.categoryIds) q = q.where('categoryId', 'in', f.categoryIds.length ? f.categoryIds : [-1]);
  if (f.source) q = q.where('source', '=', f.source);
  if (f.handlerKeys) q = q.where('handlerKey', 'in', f.handlerKeys.length ? f.handlerKeys : ['-']);
  return q;
}

/** The days at which a period of `by` starts within [from, to] (the first day always). */
function periodStarts(from: number, to: number, by: 'week' | 'month') {
  const starts: number[] = [];
  let last = '';
  for (let day = from; day <= to; day++) {
    const key = periodKey(dayNumberStart(day), by);
    if (key !== last) starts.push(day);
    last = key;
  }
  return starts;
}

/**
 * The SQL value to group by. Weeks and months group in SQL by the first day of each period within the range
 * (a CASE over the period starts, found with the same periodKey the answer uses; the previous period's and the
 * current one's), so a 12-month trend returns 12 rows per period instead of one per day.
 */
function groupExpr(f: RollupFilter, by: KpiGrouping) {
  if (by !== 'week' && by !== 'month') return sql.ref(COLUMN[by]);
  const starts = [
    ...(f.previousFrom === undefined ? [] : periodStarts(f.previousFrom, f.fromDay - 1, by)),
    ...periodStarts(f.fromDay, f.toDay, by),
  ];
  if (starts.length < 2 || starts.length > 400) return sql.ref('day');
  const whens = starts.slice(1).map((s, i) => sql`when day < ${sql.lit(s)} then ${sql.lit(starts[i]!)}`);
  return sql`case ${sql.join(whens, sql` `)} else ${sql.lit(starts.at(-1)!)} end`;
}

/** The area level when neither the filter nor the grouping needs category, source or handler. */
export const levelFor = (f: RollupFilter, by: KpiGrouping): Level =>
  !f.categoryIds && !f.source && !f.handlerKeys && !['category', 'source', 'handler'].includes(by) ? BY_AREA : FULL;

/** One group column value's sums and histogram (bucket → count) within one period. */
export interface GroupedRollup {
  value: string;
  sums: Sums;
  hist: Map<number, number>;
}
export interface PeriodRollups {
  current: GroupedRollup[];
  previous: GroupedRollup[];
}

/** The rows of the current period (`fromDay`–`toDay`) and of the previous one (from `previousFrom`), grouped by `by`. */
export async function rollupsBy(k: K, f: RollupFilter, by: KpiGrouping): Promise<PeriodRollups> {
  const g = groupExpr(f, by);
  const level = levelFor(f, by);
  const sum = (c: string) => sql<number>`sum(${sql.ref(c)})`.as(c);
  const histCols = level.hours ? [] : HOUR_COLUMNS;
  /**
   * Each period's rows grouped apart (p: 0 current, 1 previous), one statement: grouped by the area path alone,
   * SQLite aggregates in the primary key's order, where grouping by period too would sort every row first.
   */
  const grouped = (table: Level['daily'] | NonNullable<Level['hours']>, cols: Qb[], more: string[] = []) => {
    const part = (p: number, days: [number, number]) =>
      filtered(k, level, table, f, days)
        .select([g.as('g'), sql.lit(p).as('p'), ...cols])
        .groupBy([g, ...more]);
    const current = part(0, [f.fromDay, f.toDay]);
    return f.previousFrom === undefined ? current : current.unionAll(part(1, [f.previousFrom, f.fromDay - 1]));
  };
  // biome-ignore lint/suspicious/noExplicitAny: dynamic column list
  const rows: any[] = await grouped(level.daily, [...MEASURES.map(sum), ...histCols.map(sum)]).execute();
  const out: PeriodRollups = { current: [], previous: [] };
  const byKey = new Map<string, GroupedRollup>();
  for (const r of rows) {
    const sums = zeroSums();
    for (const m of MEASURES) sums[m] = Number(r[m] ?? 0);
    const hist = new Map<number, number>();
    for (let b = 0; b < histCols.length; b++) {
      const n = Number(r[histCols[b]!] ?? 0);
      if (n) hist.set(b, n);
    }
    const row = { value: String(r.g), sums, hist };
    (Number(r.p) ? out.previous : out.current).push(row);
    byKey.set(`${Number(r.p)}|${row.value}`, row);
  }
  if (!level.hours) return out;
  // biome-ignore lint/suspicious/noExplicitAny: dynamic column list
  const hours: any[] = await grouped(level.hours, ['bucket', sql<number>`sum(n)`.as('n')], ['bucket']).execute();
  for (const h of hours) {
    const key = `${Number(h.p)}|${String(h.g)}`;
    let row = byKey.get(key);
    if (!row) {
      // A histogram count always has its daily row; kept whole even if not.
      row = { value: String(h.g), sums: zeroSums(), hist: new Map() };
      (Number(h.p) ? out.previous : out.current).push(row);
      byKey.set(key, row);
    }
    row.hist.set(Number(h.bucket), (row.hist.get(Number(h.bucket)) ?? 0) + Number(h.n));
  }
  return out;
}

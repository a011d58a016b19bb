/**
 * KPI reads: sums of a roll-up level's daily table and hours histogram over a day range and an area-path range, grouped by
 * one column. Two queries per period whatever the number of cases; the rows come back per distinct group column
 * value (area paths, categories, sources, handlers or days) and are folded into the answer's groups in JS.
 */
import { dayNumberStart, MEASURES, type Sums, zeroSums } from '@grassroots/shared/analytics/analytics.facts';
import type { KpiGrouping } from '@grassroots/shared/analytics/analytics.schema';
import { periodKey } from '@grassroots/shared/cases/cases.periods';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { BY_AREA, FULL, type Level } from './analytics.repository.js';

type K = Kysely<Database>;

export interface RollupFilter {
  fromDay: number;
  toDay: number;
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
function filtered(k: K, level: Level, table: Level['daily'] | Level['hours'], f: RollupFilter): Qb {
  let q: Qb = (k as Qb).selectFrom(table).where('day', '>=', f.fromDay).where('day', '<=', f.toDay);
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

/**
 * The SQL value to group by. Weeks and months group in SQL by the first day of each period within the range
 * (a CASE over the period starts, found with the same periodKey the answer uses), so a 12-month trend returns
 * 12 rows per histogram bucket instead of one per day — the day rows a month holds grow with the data.
 */
function groupExpr(f: RollupFilter, by: KpiGrouping) {
  if (by !== 'week' && by !== 'month') return sql.ref(COLUMN[by]);
  const starts: number[] = [];
  let last = '';
  for (let day = f.fromDay; day <= f.toDay; day++) {
    const key = periodKey(dayNumberStart(day), by);
    if (key !== last) starts.push(day);
    last = key;
  }
  if (starts.length < 2 || starts.length > 400) return sql.ref('day');
  const whens = starts.slice(1).map((s, i) => sql`when day < ${sql.lit(s)} then ${sql.lit(starts[i]!)}`);
  return sql`case ${sql.join(whens, sql` `)} else ${sql.lit(starts.at(-1)!)} end`;
}

export interface GroupedSums {
  value: string;
  sums: Sums;
}

/** The area level when neither the filter nor the grouping needs category, source or handler. */
export const levelFor = (f: RollupFilter, by: KpiGrouping): Level =>
  !f.categoryIds && !f.source && !f.handlerKeys && !['category', 'source', 'handler'].includes(by) ? BY_AREA : FULL;

export async function sumsBy(k: K, f: RollupFilter, by: KpiGrouping): Promise<GroupedSums[]> {
  const g = groupExpr(f, by);
  const level = levelFor(f, by);
  // biome-ignore lint/suspicious/noExplicitAny: dynamic column list
  const rows: any[] = await filtered(k, level, level.daily, f)
    .select([g.as('g'), ...MEASURES.map((m) => sql<number>`sum(${sql.ref(m)})`.as(m))])
    .groupBy(g)
    .execute();
  return rows.map((r) => {
    const sums = zeroSums();
    for (const m of MEASURES) sums[m] = Number(r[m] ?? 0);
    return { value: String(r.g), sums };
  });
}

export async function hoursBy(k: K, f: RollupFilter, by: KpiGrouping) {
  const g = groupExpr(f, by);
  const level = levelFor(f, by);
  // biome-ignore lint/suspicious/noExplicitAny: dynamic column list
  const rows: any[] = await filtered(k, level, level.hours, f)
    .select([g.as('g'), 'bucket', sql<number>`sum(n)`.as('n')])
    .groupBy([g, 'bucket'])
    .execute();
  return rows.map((r) => ({ value: String(r.g), bucket: Number(r.bucket), n: Number(r.n) }));
}

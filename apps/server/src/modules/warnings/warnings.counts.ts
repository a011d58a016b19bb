/**
 * The scan's reads: bounded, grouped, indexed. The count queries ask `category_id IN (leaves) AND created_at
 * >= from`, which is a range scan of `cases_category (category_id, created_at)` per category — never a read of
 * all cases — and group in the database, so what comes back is one row per (category, place, week or day).
 */
import { DAY_MS, WEEK_MS, WEEK_SHIFT_MS } from '@grassroots/shared/warnings/warnings.detect';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { addressKey } from './warnings.address.js';

type K = Kysely<Database>;
const SHANGHAI_MS = 8 * 3600_000;
const CHUNK = 500;

/** Categories a case is filed under (no child): warnings are per leaf, so a drill by category is exact. */
export async function leafCategories(k: K) {
  const rows = await k.selectFrom('caseCategories').select(['id', 'parentId', 'name']).execute();
  const parents = new Set(rows.map((r) => r.parentId).filter((id) => id != null));
  return new Map(rows.filter((r) => !parents.has(r.id)).map((r) => [r.id, r.name]));
}

/** Cases per (category, handling area path, place path, week index) since `from`. */
export async function weeklyCounts(k: K, categoryIds: number[], from: number) {
  if (!categoryIds.length) return [];
  const week = sql<number>`(created_at + ${sql.lit(WEEK_SHIFT_MS)}) / ${sql.lit(WEEK_MS)}`;
  const rows = await k
    .selectFrom('cases')
    .select(['categoryId', 'areaPath', 'placePath', week.as('wk'), (eb) => eb.fn.countAll().as('n')])
    .where('categoryId', 'in', categoryIds)
    .where('createdAt', '>=', from)
    .groupBy(['categoryId', 'areaPath', 'placePath', week])
    .execute();
  // PostgreSQL returns bigint arithmetic and counts as strings.
  return rows.map((r) => ({ ...r, wk: Number(r.wk), n: Number(r.n) }));
}

/**
 * Cases per (category, building, Shanghai day) since `from`; a case's building is its own, or else its
 * household's (the case list's `building=` filter reads it the same way).
 */
export async function dailyBuildingCounts(k: K, categoryIds: number[], from: number) {
  if (!categoryIds.length) return [];
  const day = sql<number>`(c.created_at + ${sql.lit(SHANGHAI_MS)}) / ${sql.lit(DAY_MS)}`;
  const building = sql<number>`coalesce(c.building_id, h.building_id)`;
  const rows = await k
    .selectFrom('cases as c')
    .leftJoin('households as h', 'h.id', 'c.householdId')
    .select(['c.categoryId', building.as('buildingId'), day.as('day'), (eb) => eb.fn.countAll().as('n')])
    .where('c.categoryId', 'in', categoryIds)
    .where('c.createdAt', '>=', from)
    .where(building, 'is not', null)
    .groupBy(['c.categoryId', building, day])
    .execute();
  return rows.map((r) => ({
    categoryId: r.categoryId,
    buildingId: Number(r.buildingId),
    at: Number(r.day) * DAY_MS - SHANGHAI_MS,
    n: Number(r.n),
  }));
}

/**
 * Cases placed only by an address (no building of their own or of their household: those count at their
 * building) per (category, address key, place, Shanghai day) since `from` — the case list's `address=` filter
 * reads them the same way. The place is the case's place path, or else its handling area's.
 */
export async function dailyAddressCounts(k: K, categoryIds: number[], from: number) {
  if (!categoryIds.length) return [];
  const day = sql<number>`(c.created_at + ${sql.lit(SHANGHAI_MS)}) / ${sql.lit(DAY_MS)}`;
  const key = addressKey(sql.ref('c.address'));
  const path = sql<string>`coalesce(c.place_path, c.area_path)`;
  const rows = await k
    .selectFrom('cases as c')
    .leftJoin('households as h', 'h.id', 'c.householdId')
    .select(['c.categoryId', key.as('address'), path.as('path'), day.as('day'), (eb) => eb.fn.countAll().as('n')])
    .where('c.categoryId', 'in', categoryIds)
    .where('c.createdAt', '>=', from)
    .where('c.buildingId', 'is', null)
    .where('h.buildingId', 'is', null)
    .where(key, '<>', '')
    .groupBy(['c.categoryId', key, path, day])
    .execute();
  return rows.map((r) => ({
    categoryId: r.categoryId,
    address: String(r.address),
    path: r.path,
    at: Number(r.day) * DAY_MS - SHANGHAI_MS,
    n: Number(r.n),
  }));
}

export async function buildingsByIds(k: K, ids: number[]) {
  const out = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    out.push(
      ...(await k
        .selectFrom('buildings as b')
        .leftJoin('compounds as cp', 'cp.id', 'b.compoundId')
        .select(['b.id', 'b.name', 'b.gridId', 'b.areaPath', 'b.compoundId', 'cp.name as compoundName'])
        .where('b.id', 'in', part)
        .execute()),
    );
  }
  return out;
}

export async function compoundsByIds(k: K, ids: number[]) {
  const out = [];
  for (let i = 0; i < ids.length; i += CHUNK)
    out.push(
      ...(await k
        .selectFrom('compounds')
        .select(['id', 'name', 'areaId', 'areaPath'])
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .execute()),
    );
  return out;
}

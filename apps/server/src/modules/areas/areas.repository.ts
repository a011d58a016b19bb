/** SQL of the areas module. List queries take the caller's Scope; paths are digits and slashes only. */
import { idsOfPath } from '@grassroots/shared/areas/areas.rules';
import type { BBox } from '@grassroots/shared/areas/geojson';
import { type Kysely, sql } from 'kysely';
import { inAreas, type Scope } from '../../core/scope.js';
import type { Area, Database } from '../../db/database.js';
import { replacePathPrefix } from '../../db/dialect.js';

type K = Kysely<Database>;
export const GEO_VERSION_KEY = 'areas.geo_version';

/** Tables whose rows carry the materialised path of the area they hang under (re-keyed on moves). */
/** Every table that carries a materialised area path, with its path columns: a subtree move re-keys them all. */
const PATH_COLUMNS = [
  ['compounds', 'areaPath'],
  ['buildings', 'areaPath'],
  ['households', 'areaPath'],
  ['gridElements', 'areaPath'],
  ['residentLinks', 'areaPath'],
  ['cases', 'areaPath'],
  ['cases', 'placePath'],
  ['persons', 'areaPath'],
  ['ledgerTags', 'areaPath'],
  ['ledgerRequests', 'areaPath'],
  ['campaigns', 'areaPath'],
  ['campaignHouseholds', 'areaPath'],
  ['campaignVisits', 'areaPath'],
  // Analytics (0007): a moved subtree's figures move with it. The area level counts cases under their ancestors
  // too, so the analytics module moves it on 'area.moved' (ancestors lose and gain the subtree's totals).
  ['caseFacts', 'areaPath'],
  ['caseRollupDaily', 'areaPath'],
  ['caseRollupHours', 'areaPath'],
] as const;

const treeColumns = ['id', 'parentId', 'kind', 'name', 'code', 'path', 'sortOrder'] as const;

export class AreasRepository {
  /** The caller's subtrees plus the ancestors of each subtree root, in ONE query. */
  async listForTree(k: K, scope: Scope) {
    const ancestorIds = [...new Set(scope.areaPaths.flatMap((p) => idsOfPath(p).slice(0, -1).map(Number)))];
    return k
      .selectFrom('areas')
      .select([...treeColumns, sql<number>`CASE WHEN boundary IS NULL THEN 0 ELSE 1 END`.as('hasBoundary')])
      .where((eb) => {
        const inScope = inAreas(scope, 'path')(eb);
        return ancestorIds.length ? eb.or([inScope, eb('id', 'in', ancestorIds)]) : inScope;
      })
      .orderBy('sortOrder')
      .orderBy('id')
      .execute();
  }

  findById(k: K, id: number): Promise<Area | undefined> {
    return k.selectFrom('areas').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Ancestors of a path, root first (the area itself excluded). */
  async ancestorsOf(k: K, path: string) {
    const ids = idsOfPath(path).slice(0, -1).map(Number);
    if (!ids.length) return [];
    const rows = await k.selectFrom('areas').select(['id', 'kind', 'name', 'path']).where('id', 'in', ids).execute();
    return rows.sort((a, b) => a.path.length - b.path.length);
  }

  /** Subtree figures for the detail panel: a fixed number of queries, whatever the size. */
  async countsOf(k: K, area: Area) {
    const like = `${area.path}%`;
    const count = (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) =>
      q.executeTakeFirstOrThrow().then((r) => Number(r.n));
    const n = sql<number>`count(*)`.as('n');
    const [children, compounds, buildings, households, gridElements, staff] = await Promise.all([
      count(k.selectFrom('areas').select(n).where('parentId', '=', area.id)),
      count(k.selectFrom('compounds').select(n).where('areaPath', 'like', like)),
      count(k.selectFrom('buildings').select(n).where('areaPath', 'like', like)),
      count(k.selectFrom('households').select(n).where('areaPath', 'like', like)),
      count(k.selectFrom('gridElements').select(n).where('areaPath', 'like', like)),
      count(
        k
          .selectFrom('roleAssignments as r')
          .innerJoin('areas as a', 'a.id', 'r.areaId')
          .select(n)
          .where('a.path', 'like', like),
      ),
    ]);
    return { children, compounds, buildings, households, gridElements, staff };
  }

  /** What still hangs directly on an area (a delete needs all zero). */
  async dependentsOf(k: K, id: number) {
    const n = sql<number>`count(*)`.as('n');
    const one = async (table: keyof Database, column: string) => {
      const r = await k.selectFrom(table).select(n).where(sql.ref(column), '=', id).executeTakeFirstOrThrow();
      return Number((r as { n: number }).n);
    };
    return {
      children: await one('areas', 'parentId'),
      compounds: await one('compounds', 'areaId'),
      buildings: await one('buildings', 'gridId'),
      households: await one('households', 'gridId'),
      gridElements: await one('gridElements', 'gridId'),
      roleAssignments: await one('roleAssignments', 'areaId'),
      organisations: await one('organisations', 'areaId'),
      communityLinks: await one('communityLinks', 'areaId'),
    };
  }

  async insert(
    k: K,
    v: {
      parentId: number | null;
      parentPath: string | null;
      kind: string;
      name: string;
      code: string | null;
      now: number;
    },
  ) {
    // The path needs the new id: insert with a unique placeholder, then set it (same transaction).
    const row = await k
      .insertInto('areas')
      .values({
        parentId: v.parentId,
        path: `new-${v.now}-${Math.random().toString(36).slice(2)}`,
        kind: v.kind,
        name: v.name,
        code: v.code,
        createdAt: v.now,
        updatedAt: v.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `${v.parentPath ?? '/'}${row.id}/`;
    await k.updateTable('areas').set({ path }).where('id', '=', row.id).execute();
    return { id: row.id, path };
  }

  /**
   * Re-keys the area at `oldPrefix` and everything under it to `newPrefix`: areas.path and the
   * area_path of every table that carries one. audit_log is append-only and deliberately keeps the
   * paths that were true when each row was written (history is not rewritten).
   */
  async rekeySubtree(k: K, oldPrefix: string, newPrefix: string) {
    const like = `${oldPrefix}%`;
    await k
      .updateTable('areas')
      .set({ path: replacePathPrefix('path', oldPrefix, newPrefix) })
      .where('path', 'like', like)
      .execute();
    for (const [table, column] of PATH_COLUMNS) {
      await k
        .updateTable(table)
        .set({ [column]: replacePathPrefix(column, oldPrefix, newPrefix) } as never)
        .where(column, 'like', like)
        .execute();
    }
  }

  async setBoundary(k: K, id: number, boundary: string | null, bbox: BBox | null, now: number) {
    await k
      .updateTable('areas')
      .set({
        boundary,
        minLng: bbox?.minLng ?? null,
        minLat: bbox?.minLat ?? null,
        maxLng: bbox?.maxLng ?? null,
        maxLat: bbox?.maxLat ?? null,
        updatedAt: now,
        version: sql<number>`version + 1`,
      })
      .where('id', '=', id)
      .execute();
  }

  async delete(k: K, id: number) {
    await k.deleteFrom('areas').where('id', '=', id).execute();
  }

  /** Boundaries in scope (optionally under `rootPath` and of some kinds) for the map. */
  boundaries(k: K, scope: Scope, rootPath: string | null, kinds: string[] | undefined) {
    let q = k
      .selectFrom('areas')
      .select(['id', 'kind', 'name', 'parentId', 'boundary'])
      .where('boundary', 'is not', null)
      .where(inAreas(scope, 'path'));
    if (rootPath) q = q.where('path', 'like', `${rootPath}%`);
    if (kinds?.length) q = q.where('kind', 'in', kinds);
    return q.orderBy('path').execute();
  }

  /** Everything the locator needs: grids with a boundary, and the names of all areas for ancestors. */
  async locatorSource(k: K) {
    const grids = await k
      .selectFrom('areas')
      .select(['id', 'boundary'])
      .where('kind', '=', 'grid')
      .where('boundary', 'is not', null)
      .execute();
    const names = await k.selectFrom('areas').select(['id', 'kind', 'name', 'path']).execute();
    return { grids, names };
  }

  /** Bumped in the same transaction as any boundary change, move or delete (multi-node cache key). */
  async bumpGeoVersion(k: K, now: number) {
    await k
      .insertInto('settings')
      .values({ key: GEO_VERSION_KEY, value: '1', updatedAt: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          value: sql<string>`CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)`,
          updatedAt: now,
        }),
      )
      .execute();
  }

  async geoVersion(k: K) {
    const r = await k.selectFrom('settings').select('value').where('key', '=', GEO_VERSION_KEY).executeTakeFirst();
    return r?.value ?? '0';
  }
}

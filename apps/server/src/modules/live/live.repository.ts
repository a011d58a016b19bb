/**
 * Today's figures for the wall, without a scan of all cases and without an index the schema lacks:
 *  - intake: case ids grow with their creation (taken from one sequence at intake), so today's cases sit at the
 *    top of the primary key. A binary search on the key finds where today starts (cached per day by the
 *    caller); the count reads only that range (with a margin for ids a node took from its block a little
 *    earlier), filtered exactly by created_at.
 *  - closures: cases closed today and closed still, by `closed_at` (index cases_closed, 0014), which every
 *    writer of cases sets when it closes one — the close action and the bulk loader alike (audit rows, which
 *    only the action writes, would miss loaded cases).
 * Areas match as in the case list's `area` filter: by handling area or by place.
 */
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database.js';

type K = Kysely<Database>;
/** Ids below where today seems to start that may still be today's (per-node id blocks, clock skew). */
const ID_MARGIN = 2000;
export const LATEST_MAX = 12;

/** `area_path LIKE p% OR place_path LIKE p%` over the given subtrees (['/'] = everything). */
export function inSubtrees(paths: string[], alias: 'c') {
  // biome-ignore lint/suspicious/noExplicitAny: shared by queries over differently joined builders
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    if (paths.includes('/')) return sql<SqlBool>`1 = 1`;
    if (paths.length === 0) return sql<SqlBool>`1 = 0`;
    return eb.or(
      paths.flatMap((p) => [
        eb(eb.ref(`${alias}.areaPath`), 'like', `${p}%`),
        eb(eb.ref(`${alias}.placePath`), 'like', `${p}%`),
      ]),
    );
  };
}

export const liveRepository = {
  /** The smallest id from which on every case was created at or after `since` (ids ordered like creation). */
  async firstCaseIdSince(k: K, since: number): Promise<number> {
    const top = await k.selectFrom('cases').select(sql<number | null>`max(id)`.as('m')).executeTakeFirst();
    let lo = 0;
    let hi = Number(top?.m ?? 0) + 1;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      const r = await k
        .selectFrom('cases')
        .select(['id', 'createdAt'])
        .where('id', '>=', mid)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!r || r.createdAt >= since) hi = mid;
      else lo = r.id;
    }
    return hi;
  },

  async intakeSince(k: K, fromId: number, since: number, paths: string[]): Promise<number> {
    const r = await k
      .selectFrom('cases as c')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.id', '>=', fromId - ID_MARGIN)
      .where('c.createdAt', '>=', since)
      .where(inSubtrees(paths, 'c'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  },

  async closedSince(k: K, since: number, paths: string[]): Promise<number> {
    const r = await k
      .selectFrom('cases as c')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.closedAt', '>=', since)
      // A reopened case keeps its closed_at: it is not closed any more.
      .where('c.status', '=', 'closed')
      .where(inSubtrees(paths, 'c'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  },

  /** The newest cases created at or after `since`, newest first, with their names (no personal data). */
  latestSince(k: K, fromId: number, since: number, paths: string[]) {
    return k
      .selectFrom('cases as c')
      .innerJoin('caseCategories as cat', 'cat.id', 'c.categoryId')
      .innerJoin('areas as a', 'a.id', 'c.areaId')
      .select([
        'c.number',
        'c.areaId',
        'c.source',
        'c.status',
        'c.createdAt',
        'cat.name as categoryName',
        'a.name as areaName',
      ])
      .where('c.id', '>=', fromId - ID_MARGIN)
      .where('c.createdAt', '>=', since)
      .where(inSubtrees(paths, 'c'))
      .orderBy('c.id', 'desc')
      .limit(LATEST_MAX)
      .execute();
  },

  findAreaPath(k: K, id: number) {
    return k.selectFrom('areas').select(['id', 'path', 'name']).where('id', '=', id).executeTakeFirst();
  },
};

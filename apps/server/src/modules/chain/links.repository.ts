/** SQL of the 包联 links: leaders ↔ communities, party members ↔ households. Lists take the caller's Scope. */
import type { PageQuery } from '@grassroots/shared/common/pagination';
import type { Kysely } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import { inAreas, type Scope } from '../../core/scope.js';
import type { Database } from '../../db/database.js';

type K = Kysely<Database>;
const iso = (ms: number) => new Date(ms).toISOString();

export async function listCommunityLinks(k: K, scope: Scope, q: PageQuery & { underPath?: string }) {
  const base = k
    .selectFrom('communityLinks as l')
    .innerJoin('areas as a', 'a.id', 'l.areaId')
    .innerJoin('accounts as c', 'c.id', 'l.accountId')
    .where(inAreas(scope, 'a.path'))
    .$if(!!q.underPath, (qb) => qb.where('a.path', 'like', `${q.underPath}%`));
  const { rows, total } = await fetchPage(
    base
      .select(['l.id', 'l.accountId', 'l.areaId', 'l.createdAt', 'c.displayName', 'c.dutyPhone', 'a.name'])
      .orderBy('a.path')
      .orderBy('l.id'),
    base,
    q,
  );
  return {
    items: rows.map((r) => ({
      id: String(r.id),
      accountId: String(r.accountId),
      name: r.displayName,
      dutyPhone: r.dutyPhone,
      areaId: String(r.areaId),
      areaName: r.name,
      createdAt: iso(r.createdAt),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function findCommunityLink(k: K, id: number) {
  return k
    .selectFrom('communityLinks as l')
    .innerJoin('areas as a', 'a.id', 'l.areaId')
    .select(['l.id', 'l.accountId', 'l.areaId', 'a.path'])
    .where('l.id', '=', id)
    .executeTakeFirst();
}

export async function listHouseholdLinks(k: K, scope: Scope, q: PageQuery & { gridId?: number; accountId?: number }) {
  const base = k
    .selectFrom('householdLinks as hl')
    .innerJoin('households as h', 'h.id', 'hl.householdId')
    .innerJoin('areas as g', 'g.id', 'h.gridId')
    .innerJoin('accounts as c', 'c.id', 'hl.accountId')
    .where(inAreas(scope, 'h.areaPath'))
    .$if(q.gridId != null, (qb) => qb.where('h.gridId', '=', q.gridId as number))
    .$if(q.accountId != null, (qb) => qb.where('hl.accountId', '=', q.accountId as number));
  const [{ rows, total }, gaps] = await Promise.all([
    fetchPage(
      base
        .select([
          'hl.id',
          'hl.accountId',
          'hl.householdId',
          'hl.createdAt',
          'c.displayName',
          'h.address',
          'h.headName',
          'h.noSmartphone',
          'h.gridId',
          'g.name as gridName',
        ])
        .orderBy('h.address')
        .orderBy('hl.id'),
      base,
      q,
    ),
    gapsQuery(k, scope, q.gridId)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: String(r.id),
      accountId: String(r.accountId),
      memberName: r.displayName,
      householdId: String(r.householdId),
      address: r.address,
      headName: r.headName,
      noSmartphone: r.noSmartphone === 1,
      gridId: String(r.gridId),
      gridName: r.gridName,
      createdAt: iso(r.createdAt),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
    unlinkedNoSmartphone: Number(gaps.n),
  };
}

/** No-smartphone households in scope that no party member is linked to (党员包联的缺口). */
function gapsQuery(k: K, scope: Scope, gridId?: number) {
  return k
    .selectFrom('households as h')
    .innerJoin('areas as g', 'g.id', 'h.gridId')
    .where('h.noSmartphone', '=', 1)
    .where(inAreas(scope, 'h.areaPath'))
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('householdLinks as x').select('x.id').whereRef('x.householdId', '=', 'h.id'))),
    )
    .$if(gridId != null, (qb) => qb.where('h.gridId', '=', gridId as number));
}

export async function listHouseholdGaps(k: K, scope: Scope, q: PageQuery & { gridId?: number }) {
  const base = gapsQuery(k, scope, q.gridId);
  const { rows, total } = await fetchPage(
    base
      .select(['h.id', 'h.address', 'h.headName', 'h.gridId', 'g.name as gridName'])
      .orderBy('h.address')
      .orderBy('h.id'),
    base,
    q,
  );
  return {
    items: rows.map((r) => ({
      householdId: String(r.id),
      address: r.address,
      headName: r.headName,
      gridId: String(r.gridId),
      gridName: r.gridName,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function findHouseholdLink(k: K, id: number) {
  return k
    .selectFrom('householdLinks as hl')
    .innerJoin('households as h', 'h.id', 'hl.householdId')
    .select(['hl.id', 'hl.accountId', 'hl.householdId', 'h.areaPath'])
    .where('hl.id', '=', id)
    .executeTakeFirst();
}

/** Area paths where the account holds `role` (to check "a party member on the household's grid or above"). */
export async function rolePaths(k: K, accountId: number, role: string) {
  const rows = await k
    .selectFrom('roleAssignments as r')
    .leftJoin('areas as a', 'a.id', 'r.areaId')
    .select(['r.id', 'a.path'])
    .where('r.accountId', '=', accountId)
    .where('r.role', '=', role)
    .execute();
  return rows;
}

/**
 * SQL of the five-level chain. Every read is a fixed number of queries whatever the number of people
 * (the chain view is five; the public page six), so a big community costs the same round trips as a small one.
 */

import { idsOfPath } from '@grassroots/shared/areas/areas.rules';
import { type ChainLevel, chainLevels } from '@grassroots/shared/auth/roles';
import { levelOfRole } from '@grassroots/shared/chain/chain.rules';
import { type Kysely, sql } from 'kysely';
import type { Area, Database } from '../../db/database.js';

type K = Kysely<Database>;

export interface ChainRow {
  level: ChainLevel;
  grantId: number;
  accountId: number;
  name: string;
  dutyPhone: string | null;
  dutyLabels: string[];
  areaId: number | null;
  areaName: string | null;
  /** Where the assignment sits (null for a leader shown through a 包联 link). */
  areaPath: string | null;
  via: 'assignment' | 'community_link';
}

export interface AreaChainContext {
  area: Area;
  streetId: number | null;
  communityId: number | null;
  ancestors: Pick<Area, 'id' | 'kind' | 'name'>[];
}

export const parseLabels = (json: string | null | undefined): string[] => {
  try {
    const v = JSON.parse(json ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/** The person and grant columns of a chain row, the same whichever query found it. */
const person = (r: {
  id: number;
  accountId: number;
  displayName: string;
  dutyPhone: string | null;
  dutyLabels: string;
  areaId: number | null;
  name: string | null;
}) => ({
  grantId: r.id,
  accountId: r.accountId,
  name: r.displayName,
  dutyPhone: r.dutyPhone,
  dutyLabels: parseLabels(r.dutyLabels),
  areaId: r.areaId,
  areaName: r.name,
});

export async function findArea(k: K, id: number) {
  return k.selectFrom('areas').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The area and its ancestors (one query), with the street and community it lies in. */
export async function loadAreaContext(k: K, area: Area): Promise<AreaChainContext> {
  const ids = idsOfPath(area.path).map(Number);
  const ancestors = await k.selectFrom('areas').select(['id', 'kind', 'name']).where('id', 'in', ids).execute();
  const byKind = (kind: string) => ancestors.find((a) => a.kind === kind)?.id ?? null;
  return { area, streetId: byKind('street'), communityId: byKind('community'), ancestors };
}

/**
 * People holding a chain role that belongs to the view of `ctx.area` — one query with one OR-branch per level:
 * above the area, the assignment on its street/community; at or below it, assignments in its subtree.
 */
export async function chainAssignments(k: K, ctx: AreaChainContext, levels: readonly ChainLevel[]) {
  const { area, streetId, communityId } = ctx;
  const below = `${area.path}%`;
  const rows = await k
    .selectFrom('roleAssignments as r')
    .innerJoin('accounts as c', 'c.id', 'r.accountId')
    .innerJoin('areas as a', 'a.id', 'r.areaId')
    .select([
      'r.id',
      'r.role',
      'r.accountId',
      'r.areaId',
      'r.dutyLabels',
      'c.displayName',
      'c.dutyPhone',
      'a.name',
      'a.path',
    ])
    .where('c.disabledAt', 'is', null)
    .where((eb) => {
      const branches = [];
      const within = (role: string, kind: string) =>
        eb.and([eb('r.role', '=', role), eb('a.path', 'like', below), eb('a.kind', '=', kind)]);
      if (levels.includes(1)) {
        if (area.kind === 'grid' || area.kind === 'community')
          branches.push(eb.and([eb('r.role', '=', 'leader'), eb('r.areaId', '=', streetId ?? -1)]));
        else branches.push(within('leader', 'street'));
      }
      if (levels.includes(2)) {
        if (area.kind === 'grid')
          branches.push(eb.and([eb('r.role', '=', 'community_secretary'), eb('r.areaId', '=', communityId ?? -1)]));
        else branches.push(within('community_secretary', 'community'));
      }
      const gridRoles = ([3, 4, 5] as const).filter((l) => levels.includes(l)).map((l) => chainLevels[l]);
      if (gridRoles.length && (area.kind === 'grid' || area.kind === 'community'))
        branches.push(eb.and([eb('r.role', 'in', gridRoles), eb('a.path', 'like', below), eb('a.kind', '=', 'grid')]));
      return branches.length ? eb.or(branches) : sql<boolean>`1 = 0`;
    })
    .orderBy('a.path')
    .orderBy('r.id')
    .execute();
  return rows.map(
    (r): ChainRow => ({ level: levelOfRole(r.role) as ChainLevel, ...person(r), areaPath: r.path, via: 'assignment' }),
  );
}

/** Leaders linked (包联) to the community, with their leader assignment (one query). */
export async function linkedLeaders(k: K, communityId: number): Promise<ChainRow[]> {
  const rows = await k
    .selectFrom('communityLinks as l')
    .innerJoin('accounts as c', 'c.id', 'l.accountId')
    .innerJoin('roleAssignments as r', (j) => j.onRef('r.accountId', '=', 'l.accountId').on('r.role', '=', 'leader'))
    .leftJoin('areas as a', 'a.id', 'r.areaId')
    .select(['r.id', 'l.accountId', 'r.areaId', 'r.dutyLabels', 'c.displayName', 'c.dutyPhone', 'a.name'])
    .where('l.areaId', '=', communityId)
    .where('c.disabledAt', 'is', null)
    .orderBy('r.id')
    .execute();
  const seen = new Set<number>();
  return rows
    .filter((r) => !seen.has(r.accountId) && seen.add(r.accountId))
    .map((r) => ({ level: 1, ...person(r), areaPath: null, via: 'community_link' }));
}

/** Households each party member is linked to inside the subtree (one grouped query). */
export async function linkedHouseholdCounts(k: K, areaPath: string) {
  const rows = await k
    .selectFrom('householdLinks as hl')
    .innerJoin('households as h', 'h.id', 'hl.householdId')
    .select(['hl.accountId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('h.areaPath', 'like', `${areaPath}%`)
    .groupBy('hl.accountId')
    .execute();
  return new Map(rows.map((r) => [r.accountId, Number(r.n)]));
}

/** Case-insensitive substring match with LIKE wildcards in the input escaped (both dialects). */
export { containsText } from '../../db/dialect.js';

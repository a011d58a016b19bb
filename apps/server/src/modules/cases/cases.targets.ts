/**
 * Whom a registrar may dispatch a case to (a person, an organisation) or assign it to (an area one tier down).
 * Each kind is ONE query builder used twice: by GET /api/cases/:id/dispatch-targets to list, and by the
 * dispatch/assign actions to validate a chosen target (the same builder plus `id = ?`), so the list and the
 * validation cannot disagree.
 * - people: enabled accounts holding an area role (not admin, not residents) on an area inside the dispatcher's
 *   scope; organisation staff are reached through their organisation;
 * - organisations: enabled ones of a kind that handles cases (吹哨派单 to a department is city-wide by design);
 * - areas: of the next lower tier's kind, inside the case's current area, containing its place when placed.
 */
import type { Role } from '@grassroots/shared/auth/roles';
import { type CaseTier, lowerTier } from '@grassroots/shared/cases/cases.lifecycle';
import type { DispatchTargets } from '@grassroots/shared/cases/cases.schema';
import { type Kysely, sql } from 'kysely';
import type { Principal } from '../../core/principal.js';
import { inAreas } from '../../core/scope.js';
import type { Database } from '../../db/database.js';
import { HANDLING_ORG_KINDS } from '../categories/categories.repository.js';
import type { CaseRow } from './cases.repository.js';

type K = Kysely<Database>;

/** Roles a case can be dispatched to as a person. */
export const DISPATCHABLE_ROLES: Role[] = [
  'grid_worker',
  'party_member',
  'volunteer',
  'cadre',
  'community_secretary',
  'leader',
  'center',
];
const MAX_ACCOUNTS = 200;
const MAX_ORGS = 300;

export const dispatchableAccounts = (k: K, p: Principal) =>
  k
    .selectFrom('roleAssignments as r')
    .innerJoin('accounts as a', 'a.id', 'r.accountId')
    .innerJoin('areas as ar', 'ar.id', 'r.areaId')
    .where('a.disabledAt', 'is', null)
    .where('r.role', 'in', DISPATCHABLE_ROLES)
    .where(inAreas(p.scope, 'ar.path'));

export const dispatchableOrgs = (k: K) =>
  k.selectFrom('organisations as o').where('o.disabled', '=', 0).where('o.kind', 'in', HANDLING_ORG_KINDS);

/** '/1/7/42/' → ['/1/', '/1/7/', '/1/7/42/'] */
const prefixesOf = (path: string) => {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
};

export function assignableAreas(k: K, row: Pick<CaseRow, 'tier' | 'areaPath' | 'placePath'>) {
  const tier = lowerTier(row.tier as CaseTier);
  let q = k
    .selectFrom('areas as ar')
    .where('ar.kind', '=', tier ?? '-none-')
    .where('ar.path', 'like', `${row.areaPath}%`);
  // Placed: only the area on the place's own path (at most one per kind).
  if (row.placePath) q = q.where('ar.path', 'in', prefixesOf(row.placePath));
  return q;
}

/** The lists for the dispatch/assign form; grid workers of the case's grid first, then people by role, name. */
export async function listTargets(k: K, p: Principal, row: CaseRow, defaultOrgId: number | null) {
  const placePath = row.placePath ?? '';
  // 0: a grid worker whose grant covers the case's place, 1: another grid worker, 2: everybody else.
  const rank = sql<number>`case when ${sql.ref('r.role')} = 'grid_worker' then (case when ${placePath} like ${sql.ref('ar.path')} || '%' then 0 else 1 end) else 2 end`;
  const [grants, orgs, areas] = await Promise.all([
    dispatchableAccounts(k, p)
      .select(['a.id', 'a.displayName', 'r.role', 'ar.name as areaName', rank.as('rank')])
      .orderBy(rank)
      .orderBy('a.displayName')
      .orderBy('a.id')
      .limit(MAX_ACCOUNTS)
      .execute(),
    dispatchableOrgs(k)
      .select(['o.id', 'o.name', 'o.kind'])
      .orderBy(sql<number>`case when ${sql.ref('o.id')} = ${defaultOrgId ?? -1} then 0 else 1 end`)
      .orderBy('o.kind')
      .orderBy('o.name')
      .limit(MAX_ORGS)
      .execute(),
    assignableAreas(k, row)
      .select(['ar.id', 'ar.name', 'ar.kind'])
      .orderBy('ar.sortOrder')
      .orderBy('ar.name')
      .execute(),
  ]);
  const seen = new Set<number>();
  const accounts: DispatchTargets['accounts'] = [];
  for (const g of grants) {
    if (seen.has(g.id)) continue; // an account with several grants: its best-ranked one
    seen.add(g.id);
    accounts.push({ id: String(g.id), name: g.displayName, role: g.role, areaName: g.areaName });
  }
  return {
    accounts,
    organisations: orgs.map((o) => ({ id: String(o.id), name: o.name, kind: o.kind })),
    areas: areas.map((a) => ({ id: String(a.id), name: a.name, kind: a.kind })),
  } satisfies DispatchTargets;
}

/** Validation side: is this id among the targets? */
export const isDispatchableAccount = async (k: K, p: Principal, id: number) =>
  !!(await dispatchableAccounts(k, p).select('a.id').where('a.id', '=', id).executeTakeFirst());
export const isDispatchableOrg = async (k: K, id: number) =>
  !!(await dispatchableOrgs(k).select('o.id').where('o.id', '=', id).executeTakeFirst());
export const findAssignableArea = (k: K, row: CaseRow, id: number) =>
  assignableAreas(k, row).select(['ar.id', 'ar.path']).where('ar.id', '=', id).executeTakeFirst();

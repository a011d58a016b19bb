/**
 * Who reaches what in a campaign. Managers (campaigns.manage) act on campaigns of their areas. Households of a
 * campaign are seen and visited through a Reach: the area subtrees of the caller's grants (a grid worker: their
 * grid) plus, for a party member (L5), only the households linked to them — as in the ledger. A campaign of a
 * wider area is readable by anyone whose areas lie inside it, but they see only their own households of it.
 */
import { collapsePaths } from '@grassroots/shared/areas/areas.rules';
import { can, type Permission, permissionRoles } from '@grassroots/shared/auth/permissions';
import { isAreaRole, type Role } from '@grassroots/shared/auth/roles';
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import type { Database } from '../../db/database.js';

export interface Reach {
  paths: string[];
  householdIds: number[];
}

const isAdmin = (p: Principal) => p.grants.some((g) => g.role === 'admin');
const isStaff = (p: Principal) =>
  p.kind === 'account' && (can(p.roles, 'campaigns.manage') || can(p.roles, 'campaigns.visit'));

/** Area subtrees of the grants whose role passes `keep` (party members never reach by area here). */
function grantPaths(p: Principal, keep: (r: Role) => boolean, adminSeesAll: boolean): string[] {
  if (adminSeesAll && isAdmin(p)) return ['/'];
  const paths = p.grants.filter((g) => g.areaPath && g.role !== 'party_member' && keep(g.role));
  return collapsePaths(paths.map((g) => g.areaPath as string));
}

export function permissionPaths(p: Principal, perm: Permission): string[] {
  if (p.kind !== 'account') return [];
  const roles = permissionRoles[perm];
  if (isAdmin(p)) return roles.includes('admin') ? ['/'] : [];
  return collapsePaths(p.grants.filter((g) => g.areaPath && roles.includes(g.role)).map((g) => g.areaPath as string));
}

export const canManage = (p: Principal, path: string) =>
  permissionPaths(p, 'campaigns.manage').some((m) => path.startsWith(m));

/** '/1/7/42/' → ['/1/', '/1/7/', '/1/7/42/']: the areas a campaign may cover to contain this one. */
export function selfAndAncestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

/** A campaign is readable by staff whose areas overlap its area; a draft only by those who may manage it. */
export function canSeeCampaign(p: Principal, c: { areaPath: string; status: string }) {
  if (!isStaff(p)) return false;
  if (c.status === 'draft') return canManage(p, c.areaPath);
  return coversPath(p.scope, c.areaPath) || p.scope.areaPaths.some((s) => s.startsWith(c.areaPath));
}

async function linkedHouseholds(k: Kysely<Database>, p: Principal, role: Role): Promise<number[]> {
  if (p.accountId == null || !p.grants.some((g) => g.role === role)) return [];
  const rows = await k
    .selectFrom('householdLinks')
    .select('householdId')
    .where('accountId', '=', p.accountId)
    .execute();
  return rows.map((r) => r.householdId);
}

/** The households a caller sees in any campaign (coverage, lists, export). */
export async function readReach(k: Kysely<Database>, p: Principal): Promise<Reach> {
  return { paths: grantPaths(p, isAreaRole, true), householdIds: await linkedHouseholds(k, p, 'party_member') };
}

/** The households a caller may record visits for (campaigns.visit grants only). */
export async function visitReach(k: Kysely<Database>, p: Principal): Promise<Reach> {
  if (!can(p.roles, 'campaigns.visit')) return { paths: [], householdIds: [] };
  const roles = permissionRoles['campaigns.visit'];
  const paths = grantPaths(p, (r) => roles.includes(r), false);
  return { paths, householdIds: roles.includes('party_member') ? await linkedHouseholds(k, p, 'party_member') : [] };
}

export const reachCovers = (r: Reach, row: { areaPath: string; householdId: number }) =>
  r.paths.some((x) => row.areaPath.startsWith(x)) || r.householdIds.includes(row.householdId);

// biome-ignore lint/suspicious/noExplicitAny: the filter works on any query that has the two columns
type AnyEb = ExpressionBuilder<any, any>;

/** `WHERE <path> LIKE '/1/7/%' OR … OR <household> IN (…)`; an empty reach matches nothing. */
export function inReach(r: Reach, pathColumn: string, householdColumn: string) {
  return (eb: AnyEb): Expression<SqlBool> => {
    if (r.paths.includes('/')) return sql<SqlBool>`1 = 1`;
    const terms = r.paths.map((x) => eb(eb.ref(pathColumn), 'like', `${x}%`));
    if (r.householdIds.length) terms.push(eb(eb.ref(householdColumn), 'in', r.householdIds));
    return terms.length ? eb.or(terms) : sql<SqlBool>`1 = 0`;
  };
}

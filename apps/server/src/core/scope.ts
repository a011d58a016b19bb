/**
 * The one place that turns a caller into a Scope (DOMAIN.md §2, ARCHITECTURE rule 4).
 * An assignment on an area covers its whole subtree; org roles reach their organisation;
 * residents reach themselves and their confirmed households. Repositories filter with the
 * Kysely helpers below — no route filters by hand.
 */

import { collapsePaths } from '@grassroots/shared/areas/areas.rules';
import type { Role } from '@grassroots/shared/auth/roles';
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/database.js';

export interface RoleGrant {
  assignmentId: number;
  role: Role;
  areaId: number | null;
  areaPath: string | null;
  orgId: number | null;
}

export interface Scope {
  /** Collapsed area subtrees (`/1/7/`), from area roles. `['/']` means everything (admin). */
  areaPaths: string[];
  orgIds: number[];
  accountId: number | null;
  householdIds: number[];
}

export const emptyScope = (): Scope => ({ areaPaths: [], orgIds: [], accountId: null, householdIds: [] });

export async function loadGrants(db: Kysely<Database>, accountId: number): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('roleAssignments as r')
    .leftJoin('areas as a', 'a.id', 'r.areaId')
    .select(['r.id', 'r.role', 'r.areaId', 'r.orgId', 'a.path'])
    .where('r.accountId', '=', accountId)
    .execute();
  return rows.map((r) => ({
    assignmentId: r.id,
    role: r.role as Role,
    areaId: r.areaId,
    areaPath: r.path ?? null,
    orgId: r.orgId,
  }));
}

export async function computeScope(db: Kysely<Database>, accountId: number, grants: RoleGrant[]): Promise<Scope> {
  const isAdmin = grants.some((g) => g.role === 'admin');
  // Any grant on an area reaches its subtree and any grant on an organisation reaches that organisation
  // (property_center may hold either); residents reach only their confirmed households.
  const areaPaths = isAdmin
    ? ['/']
    : collapsePaths(grants.filter((g) => g.role !== 'resident' && g.areaPath).map((g) => g.areaPath as string));
  const orgIds = [...new Set(grants.filter((g) => g.role !== 'resident' && g.orgId).map((g) => g.orgId as number))];
  const households = await db
    .selectFrom('residentLinks')
    .select('householdId')
    .where('accountId', '=', accountId)
    .where('status', '=', 'confirmed')
    .execute();
  return { areaPaths, orgIds, accountId, householdIds: households.map((h) => h.householdId) };
}

/** Scope of an API key: its organisation, plus the org's area subtree if it has one. */
export function apiKeyScope(orgId: number, orgAreaPath: string | null): Scope {
  return { areaPaths: orgAreaPath ? [orgAreaPath] : [], orgIds: [orgId], accountId: null, householdIds: [] };
}

export const coversPath = (scope: Scope, path: string | null | undefined) =>
  !!path && scope.areaPaths.some((p) => path.startsWith(p));

// The filters work on any table that has the column, so they take an untyped expression builder.
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyEb = ExpressionBuilder<any, any>;

/**
 * `WHERE <column> LIKE '/1/7/%' OR …` for the scope's subtrees. Empty scope ⇒ always false.
 * Paths consist of digits and slashes only, so no LIKE escaping is needed.
 * (The type parameters are accepted and ignored, for call sites that name their table.)
 */
export function inAreas<_DB = unknown, _TB = unknown>(scope: Scope, column: string) {
  return (eb: AnyEb): Expression<SqlBool> => {
    if (scope.areaPaths.includes('/')) return sql<SqlBool>`1 = 1`;
    if (scope.areaPaths.length === 0) return sql<SqlBool>`1 = 0`;
    return eb.or(scope.areaPaths.map((p) => eb(eb.ref(column), 'like', `${p}%`)));
  };
}

export function ofOrgs<_DB = unknown, _TB = unknown>(scope: Scope, column: string) {
  return (eb: AnyEb): Expression<SqlBool> =>
    scope.orgIds.length === 0 ? sql<SqlBool>`1 = 0` : eb(eb.ref(column), 'in', scope.orgIds);
}

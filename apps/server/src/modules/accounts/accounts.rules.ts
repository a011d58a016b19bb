/**
 * Who may hand out which grant where. Pure-ish checks shared by the account and grant services:
 * a grant's placement (area, or organisation of the matching kind), the caller's assignable roles,
 * and the caller's scope. Out-of-scope targets look like "not found" (404); a role or place the
 * caller may not hand out is FORBIDDEN (403).
 */
import { grantTargetOf, orgKindForRole } from '@grassroots/shared/accounts/accounts.schema';
import { assignableRolesFor, can } from '@grassroots/shared/auth/permissions';
import type { Role } from '@grassroots/shared/auth/roles';
import { AppError } from '@grassroots/shared/common/errors';
import type { Kysely } from 'kysely';
import { assertAccountCan, type Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import type { Database } from '../../db/database.js';
import type { AccountsRepository } from './accounts.repository.js';

export interface Placement {
  areaId: number | null;
  orgId: number | null;
  /** The area path the grant sits under (its area, or its organisation's area); null for none. */
  path: string | null;
}

export const isAdmin = (p: Principal) => p.roles.includes('admin');

export const requireAccountsManage = (p: Principal) => assertAccountCan(p, 'accounts.manage');

export function requireGrantManage(p: Principal) {
  if (p.kind !== 'account' || !(can(p.roles, 'accounts.manage') || can(p.roles, 'chain.write')))
    throw new AppError('FORBIDDEN');
}

/** Checks the role/area/org combination and returns where the grant sits. */
export async function resolvePlacement(
  repo: AccountsRepository,
  k: Kysely<Database>,
  role: Role,
  areaId: number | null,
  orgId: number | null,
): Promise<Placement> {
  const target = grantTargetOf(role);
  const bad = (reason: string) => new AppError('INVALID_GRANT', { role, reason });
  if (target === 'none') {
    if (areaId != null || orgId != null) throw bad('takes_no_area_or_org');
    return { areaId: null, orgId: null, path: null };
  }
  if (areaId != null && orgId != null) throw bad('area_or_org_not_both');
  if (orgId != null) {
    if (target === 'area') throw bad('needs_area');
    const org = await repo.findOrg(k, orgId);
    if (!org || org.kind !== orgKindForRole[role]) throw bad('org_kind_mismatch');
    if (org.disabled === 1) throw bad('org_disabled');
    return { areaId: null, orgId, path: org.areaPath ?? null };
  }
  if (areaId != null) {
    if (target === 'org') throw bad('needs_org');
    const area = await repo.findArea(k, areaId);
    if (!area) throw bad('area_missing');
    return { areaId, orgId: null, path: area.path };
  }
  throw bad(target === 'org' ? 'needs_org' : 'needs_area');
}

/**
 * The caller may hand out (or take back) this role at this place: the role is in its assignable set and,
 * unless it is an admin, the place lies in its scope. Residents carry no place: they follow the account.
 */
export function assertMayGrant(p: Principal, role: Role, placement: Placement) {
  if (isAdmin(p)) return;
  if (!assignableRolesFor(p.roles).includes(role)) throw new AppError('FORBIDDEN', { role });
  if (role === 'resident') return;
  if (!coversPath(p.scope, placement.path)) throw new AppError('FORBIDDEN', { reason: 'place_out_of_scope' });
}

/** The same rule as a question, for the `allowedActions` of responses. */
export function mayGrant(p: Principal, role: Role, path: string | null): boolean {
  if (isAdmin(p)) return true;
  if (!(can(p.roles, 'accounts.manage') || can(p.roles, 'chain.write'))) return false;
  if (!assignableRolesFor(p.roles).includes(role)) return false;
  return role === 'resident' || coversPath(p.scope, path);
}

/** The target account must be in the caller's scope (404 otherwise, so existence is not revealed). */
export async function assertAccountInScope(repo: AccountsRepository, k: Kysely<Database>, p: Principal, id: number) {
  const acc = await repo.findAccount(k, id);
  if (!acc) throw new AppError('NOT_FOUND');
  if (!isAdmin(p) && !(await repo.isInScope(k, p.scope, id))) throw new AppError('NOT_FOUND');
  return acc;
}

/** Leaders cannot act on peers or superiors: every role the target holds must be one the caller may grant. */
export function assertMayManageHolderOf(p: Principal, targetRoles: readonly Role[]) {
  const above = rolesAboveCaller(p, targetRoles);
  if (above.length > 0) throw new AppError('FORBIDDEN', { reason: 'target_outranks', roles: above });
}

function rolesAboveCaller(p: Principal, targetRoles: readonly Role[]) {
  if (isAdmin(p)) return [];
  const mine = assignableRolesFor(p.roles);
  return targetRoles.filter((r) => !mine.includes(r));
}

/** What the caller may do to an account it can see (the `allowedActions` of account responses). */
export function accountActionsFor(p: Principal, targetRoles: readonly Role[], disabled: boolean) {
  if (!can(p.roles, 'accounts.manage') || rolesAboveCaller(p, targetRoles).length > 0) return [];
  return ['edit', 'grants', 'resetPassword', disabled ? 'enable' : 'disable'] as const;
}

/** A path for audit rows about an account: a grant place the caller can see, else the first place. */
export function auditPathOf(p: Principal, paths: readonly (string | null)[]): string | null {
  const placed = paths.filter((x): x is string => !!x);
  return placed.find((x) => coversPath(p.scope, x)) ?? placed[0] ?? null;
}

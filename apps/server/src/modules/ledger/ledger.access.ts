/**
 * Who reaches which part of the ledger. Unlike the general Scope, a party member's (L5) area grant does NOT
 * open the ledger of that area: a party member sees only the households linked to them (党员包联户). Reading
 * needs ledger.read, writing ledger.write and unmasking ledger.unmask — each within the subtrees of the grants
 * whose role carries that permission (a grid worker who is also a party member elsewhere writes only in their
 * grid). Out of reach looks like not found (404); readable but not writable is forbidden (403).
 */

import { collapsePaths } from '@grassroots/shared/areas/areas.rules';
import { type Permission, permissionRoles } from '@grassroots/shared/auth/permissions';
import type { Role } from '@grassroots/shared/auth/roles';
import { AppError } from '@grassroots/shared/common/errors';
import { shanghaiDate } from '@grassroots/shared/common/shanghai-time';
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Principal } from '../../core/principal.js';
import type { Database } from '../../db/database.js';

export interface LedgerReach {
  read: string[];
  /** Households linked to the caller as a party member (readable whatever the areas). */
  linked: number[];
  write: string[];
  unmask: string[];
}

/** Subtrees of the caller's grants whose role carries `perm` (admin: everything, when admins hold it). */
function pathsOf(p: Principal, perm: Permission, except: Role[] = []): string[] {
  if (p.kind !== 'account') return [];
  const roles = permissionRoles[perm].filter((r) => !except.includes(r));
  if (roles.includes('admin') && p.grants.some((g) => g.role === 'admin')) return ['/'];
  return collapsePaths(p.grants.filter((g) => roles.includes(g.role) && g.areaPath).map((g) => g.areaPath as string));
}

export async function ledgerReach(k: Kysely<Database>, p: Principal): Promise<LedgerReach> {
  const isMember = p.kind === 'account' && p.accountId != null && p.grants.some((g) => g.role === 'party_member');
  const linked = isMember
    ? (
        await k
          .selectFrom('householdLinks')
          .select('householdId')
          .where('accountId', '=', p.accountId as number)
          .execute()
      ).map((r) => r.householdId)
    : [];
  return {
    read: pathsOf(p, 'ledger.read', ['party_member']),
    linked,
    write: pathsOf(p, 'ledger.write'),
    unmask: pathsOf(p, 'ledger.unmask'),
  };
}

const under = (paths: string[], path: string) => paths.some((w) => path.startsWith(w));

export const canSee = (r: LedgerReach, areaPath: string, householdId: number) =>
  under(r.read, areaPath) || r.linked.includes(householdId);
export const canWrite = (r: LedgerReach, areaPath: string) => under(r.write, areaPath);
export const canUnmask = (r: LedgerReach, areaPath: string) => under(r.unmask, areaPath);

/** A fetched row the caller may read; missing and out of reach both throw NOT_FOUND. */
export function seen<T extends { areaPath: string }>(r: LedgerReach, row: T | undefined, householdId?: number): T {
  const hid = householdId ?? (row as { householdId?: number } | undefined)?.householdId ?? -1;
  if (!row || !canSee(r, row.areaPath, hid)) throw new AppError('NOT_FOUND');
  return row;
}

export function assertWrite(r: LedgerReach, areaPath: string) {
  if (!canWrite(r, areaPath)) throw new AppError('FORBIDDEN', { permission: 'ledger.write' });
}

export function assertUnmask(r: LedgerReach, areaPath: string) {
  if (!canUnmask(r, areaPath)) throw new AppError('FORBIDDEN', { permission: 'ledger.unmask' });
}

// biome-ignore lint/suspicious/noExplicitAny: the filter works on any table set that has the two columns
type AnyEb = ExpressionBuilder<any, any>;

/** `path LIKE '/1/7/%' OR … OR household_id IN (linked)`; nothing reachable ⇒ always false. */
export function visibleTo(r: LedgerReach, pathColumn: string, householdColumn: string) {
  return (eb: AnyEb): Expression<SqlBool> => {
    if (r.read.includes('/')) return sql<SqlBool>`1 = 1`;
    const ors = r.read.map((p) => eb(eb.ref(pathColumn), 'like', `${p}%`));
    if (r.linked.length) ors.push(eb(eb.ref(householdColumn), 'in', r.linked));
    return ors.length ? eb.or(ors) : sql<SqlBool>`1 = 0`;
  };
}

/** `path LIKE …` over the given subtrees (write or unmask reach); empty ⇒ always false. */
export function withinPaths(paths: string[], pathColumn: string) {
  return (eb: AnyEb): Expression<SqlBool> => {
    if (paths.includes('/')) return sql<SqlBool>`1 = 1`;
    return paths.length ? eb.or(paths.map((p) => eb(eb.ref(pathColumn), 'like', `${p}%`))) : sql<SqlBool>`1 = 0`;
  };
}

/** The Shanghai calendar day of an instant (ages and ID birth dates are counted in it). */
export const shanghaiDay = shanghaiDate;

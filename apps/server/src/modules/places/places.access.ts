/**
 * Who may read and write places. Reading needs console access and the row inside the caller's scope;
 * writing needs a permission AND the row inside the areas of the grants that carry that permission —
 * so a grid worker who is also a party member elsewhere can only write where they are a grid worker.
 */
import { collapsePaths } from '@grassroots/shared/areas/areas.rules';
import { can, type Permission, permissionRoles } from '@grassroots/shared/auth/permissions';
import { AppError } from '@grassroots/shared/common/errors';
import type { AllowedAction } from '@grassroots/shared/places/places.schema';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';

export function writePaths(p: Principal, perm: Permission): string[] {
  const roles = permissionRoles[perm];
  if (p.grants.some((g) => g.role === 'admin') && roles.includes('admin')) return ['/'];
  return collapsePaths(p.grants.filter((g) => roles.includes(g.role) && g.areaPath).map((g) => g.areaPath as string));
}

export const canRead = (p: Principal, path: string) => can(p.roles, 'console.access') && coversPath(p.scope, path);

export const canWrite = (p: Principal, perm: Permission, path: string) =>
  can(p.roles, perm) && writePaths(p, perm).some((w) => path.startsWith(w));

/** Out of scope looks like not found (404); in scope but not writable is forbidden (403). */
export function assertRead(p: Principal, path: string) {
  if (!canRead(p, path)) throw new AppError('NOT_FOUND');
}

/** A fetched row the caller may read; missing and out of scope both throw NOT_FOUND. */
export function readable<T extends { areaPath: string }>(p: Principal, row: T | undefined): T {
  if (!row) throw new AppError('NOT_FOUND');
  assertRead(p, row.areaPath);
  return row;
}

export function assertWrite(p: Principal, perm: Permission, path: string) {
  assertRead(p, path);
  if (!canWrite(p, perm, path)) throw new AppError('FORBIDDEN', { permission: perm });
}

export const actionsFor = (p: Principal, perm: Permission, path: string): AllowedAction[] =>
  canWrite(p, perm, path) ? ['update', 'delete'] : [];

export const optId = (id: number | null | undefined) => (id == null ? null : String(id));

/**
 * Who may read and write which areas. Reading follows the caller's Scope (a role on an area covers its
 * subtree). Writing needs `areas.write` AND an assignment of a writing role on an ancestor-or-self:
 * a community secretary who is also a grid worker elsewhere may not edit that other grid.
 */
import { type AreaKind, childKindOf } from '@grassroots/shared/areas/areas.rules';
import type { AreaAction } from '@grassroots/shared/areas/areas.schema';
import { permissionRoles } from '@grassroots/shared/auth/permissions';
import { AppError } from '@grassroots/shared/common/errors';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import type { Area } from '../../db/database.js';

const writeRoles = permissionRoles['areas.write'];

export const isAdmin = (p: Principal) => p.roles.includes('admin');

/** Subtrees the caller may change. */
export function writePaths(p: Principal): string[] {
  if (isAdmin(p)) return ['/'];
  return p.grants.filter((g) => writeRoles.includes(g.role) && g.areaPath).map((g) => g.areaPath as string);
}

export const canWritePath = (p: Principal, path: string | null | undefined) =>
  !!path && writePaths(p).some((w) => path.startsWith(w));

/** Out of scope looks like not found (404). */
export function assertReadable(p: Principal, area: Area | undefined): asserts area is Area {
  if (!area || !coversPath(p.scope, area.path)) throw new AppError('NOT_FOUND');
}

/** Readable but not writable → 403; not readable → 404. */
export function assertWritable(p: Principal, area: Area | undefined): asserts area is Area {
  if (!area) throw new AppError('NOT_FOUND');
  if (!canWritePath(p, area.path)) {
    if (coversPath(p.scope, area.path)) throw new AppError('FORBIDDEN', { areaId: String(area.id) });
    throw new AppError('NOT_FOUND');
  }
}

/** The parent path of a path (`/1/7/42/` → `/1/7/`), null for a root. */
export const parentPathOf = (path: string) => {
  const cut = path.slice(0, -1).lastIndexOf('/');
  return cut <= 0 ? null : path.slice(0, cut + 1);
};

/**
 * Moving or deleting an area changes its parent's contents, so the caller must be able to write the
 * parent too: the root of a secretary's own scope (their community) can be renamed, not moved away.
 */
export const canWriteParentOf = (p: Principal, area: Area) => {
  const parent = parentPathOf(area.path);
  return parent === null ? isAdmin(p) : canWritePath(p, parent);
};

export function allowedActions(p: Principal, area: Area): AreaAction[] {
  if (!canWritePath(p, area.path)) return [];
  const out: AreaAction[] = ['update', 'editBoundary'];
  if (childKindOf(area.kind as AreaKind)) out.push('createChild');
  if (canWriteParentOf(p, area)) out.push('move', 'delete');
  if (area.kind === 'grid') out.push('manageElements');
  return out;
}

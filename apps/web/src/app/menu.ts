/**
 * Pure menu rules (unit-tested in menu.test.ts): which entries a user sees, in which order and section,
 * and which entry the current page belongs to.
 */
import type { MeResponse } from '@grassroots/shared/auth/auth.schema';
import type { AppRoute, MenuEntry } from './route-types';

export interface VisibleEntry extends MenuEntry {
  path: string;
}

export const menuGroups = [
  { key: 'governance', label: { 'zh-CN': '基层治理', en: 'Governance' } },
  { key: 'grid', label: { 'zh-CN': '网格管理', en: 'Grid management' } },
  { key: 'system', label: { 'zh-CN': '系统管理', en: 'System' } },
] as const;

/**
 * An entry is shown when it names no permission and no roles, or when the user has the permission or
 * one of the roles (either suffices). The server still checks every request; this only hides dead ends.
 */
export function isEntryVisible(entry: MenuEntry, me: MeResponse | null | undefined): boolean {
  if (!entry.permission && !entry.roles?.length) return true;
  if (!me) return false;
  const roles = me.roles;
  if (entry.permission && me.permissions.includes(entry.permission)) return true;
  return !!entry.roles?.some((r) => roles.includes(r));
}

export function visibleEntries(routes: AppRoute[], me: MeResponse | null | undefined): VisibleEntry[] {
  return routes
    .filter((r): r is AppRoute & { menu: MenuEntry } => !!r.menu && isEntryVisible(r.menu, me))
    .map((r) => ({ ...r.menu, path: r.path }))
    .sort((a, b) => a.order - b.order);
}

/** The menu entry whose path is the longest prefix of `pathname` (so detail pages light up their list). */
export function activeEntry(entries: VisibleEntry[], pathname: string): VisibleEntry | undefined {
  let best: VisibleEntry | undefined;
  for (const e of entries) {
    // A section root ('/console', '/h5') matches only itself, or every unknown page would light it up.
    const isRoot = e.path.split('/').filter(Boolean).length === 1;
    const hit = pathname === e.path || (!isRoot && pathname.startsWith(e.path.endsWith('/') ? e.path : `${e.path}/`));
    if (hit && (!best || e.path.length > best.path.length)) best = e;
  }
  return best;
}

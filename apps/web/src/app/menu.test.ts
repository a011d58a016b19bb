import type { MeResponse } from '@grassroots/shared/auth/auth.schema';
import { describe, expect, it } from 'vitest';
import { safeNext } from '../lib/auth';
import { activeEntry, isEntryVisible, visibleEntries } from './menu';
import type { AppRoute } from './route-types';

const me = (roles: MeResponse['roles'], permissions: string[]): MeResponse => ({
  account: { id: '1', username: 'u', displayName: 'U', phoneMasked: null, mustChangePassword: false },
  roles,
  grants: [],
  permissions,
  scope: { areaPaths: [], orgIds: [], accountId: '1', householdIds: [] },
  csrfToken: 'x',
});
const label = { 'zh-CN': 'x', en: 'x' };
const route = (path: string, order: number, extra: Partial<NonNullable<AppRoute['menu']>> = {}): AppRoute => ({
  path,
  element: null,
  menu: { key: path, label, order, ...extra },
});

describe('menu visibility', () => {
  const worker = me(['grid_worker'], ['console.access', 'residentLinks.confirm']);
  it('shows open entries to everyone signed in, and hides guarded ones without the permission or role', () => {
    expect(isEntryVisible({ key: 'a', label, order: 1 }, worker)).toBe(true);
    expect(isEntryVisible({ key: 'a', label, order: 1, permission: 'accounts.manage' }, worker)).toBe(false);
    expect(isEntryVisible({ key: 'a', label, order: 1, permission: 'residentLinks.confirm' }, worker)).toBe(true);
    expect(isEntryVisible({ key: 'a', label, order: 1, roles: ['leader'] }, worker)).toBe(false);
    expect(isEntryVisible({ key: 'a', label, order: 1, roles: ['leader', 'grid_worker'] }, worker)).toBe(true);
    // permission OR role: either one suffices
    expect(
      isEntryVisible({ key: 'a', label, order: 1, permission: 'audit.read', roles: ['grid_worker'] }, worker),
    ).toBe(true);
    expect(isEntryVisible({ key: 'a', label, order: 1, permission: 'audit.read' }, null)).toBe(false);
  });

  it('keeps only routes with a visible menu entry, ordered by `order`', () => {
    const routes = [
      route('/console/b', 20),
      route('/console/a', 10),
      { path: '/console/a/:id', element: null },
      route('/console/c', 5, { permission: 'apiKeys.manage' }),
    ];
    expect(visibleEntries(routes, worker).map((e) => e.path)).toEqual(['/console/a', '/console/b']);
  });
});

describe('active entry', () => {
  const entries = visibleEntries(
    [route('/console', 0), route('/console/areas', 1), route('/console/areas-map', 2)],
    null,
  );
  it('picks the longest matching path prefix, on segment boundaries', () => {
    expect(activeEntry(entries, '/console/areas')?.path).toBe('/console/areas');
    expect(activeEntry(entries, '/console/areas/42')?.path).toBe('/console/areas');
    expect(activeEntry(entries, '/console/areas-map')?.path).toBe('/console/areas-map');
    expect(activeEntry(entries, '/console')?.path).toBe('/console');
  });
  it('does not light up the section home for unknown pages', () => {
    expect(activeEntry(entries, '/console/nope')).toBeUndefined();
  });
});

describe('safeNext', () => {
  it('accepts same-origin paths only', () => {
    expect(safeNext('/console/areas?x=1')).toBe('/console/areas?x=1');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null, '/h5')).toBe('/h5');
  });
});

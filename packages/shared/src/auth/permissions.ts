import { roles as allRoles, type Role } from './roles.js';

/**
 * What each role may do, independent of scope. Scope (which areas / orgs) is checked on the server
 * by core/access.ts; this table answers only "may this kind of person ever do it".
 */
export const Permission = {
  areasWrite: 'areas.write',
  householdsWrite: 'households.write',
  chainWrite: 'chain.write',
  accountsManage: 'accounts.manage',
  orgsManage: 'orgs.manage',
  auditRead: 'audit.read',
  apiKeysManage: 'apiKeys.manage',
  residentLinksConfirm: 'residentLinks.confirm',
  consoleAccess: 'console.access',
  categoriesManage: 'categories.manage',
  worktimeManage: 'worktime.manage',
  /** The household ledger (住户台账) of one's areas, masked. */
  ledgerRead: 'ledger.read',
  ledgerWrite: 'ledger.write',
  /** Seeing ID numbers, phones and sensitive tags in clear: asks for a reason, logged. */
  ledgerUnmask: 'ledger.unmask',
  /** Deployment-defined person fields. */
  ledgerFieldsManage: 'ledgerFields.manage',
  campaignsManage: 'campaigns.manage',
  /** Recording door-to-door visits of a campaign. */
  campaignsVisit: 'campaigns.visit',
  /** Case figures (三率, rankings) of one's areas, or of one's organisation as handler. */
  analyticsRead: 'analytics.read',
  /** Acknowledging a 前响应 warning (hotspot, repeat cases) of one's areas, with a note. */
  warningsAck: 'warnings.ack',
  /** The command-centre wall (/screen) and its live stream of case happenings in one's areas. */
  screenView: 'screen.view',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

const staff: Role[] = ['admin', 'center', 'leader', 'community_secretary', 'cadre', 'grid_worker', 'party_member'];

export const permissionRoles: Record<Permission, readonly Role[]> = {
  'areas.write': ['admin', 'center', 'leader', 'community_secretary'],
  'households.write': ['admin', 'center', 'leader', 'community_secretary', 'cadre', 'grid_worker'],
  'chain.write': ['admin', 'center', 'leader', 'community_secretary'],
  'accounts.manage': ['admin', 'leader'],
  'orgs.manage': ['admin', 'center'],
  'audit.read': ['admin', 'center', 'leader'],
  'apiKeys.manage': ['admin'],
  'residentLinks.confirm': ['admin', 'community_secretary', 'cadre', 'grid_worker'],
  'worktime.manage': ['admin', 'center'],
  'console.access': [...staff, 'department', 'property_center', 'property_company', 'unit', 'volunteer'],
  'categories.manage': ['admin', 'center'],
  'ledger.read': ['admin', 'center', 'leader', 'community_secretary', 'cadre', 'grid_worker', 'party_member'],
  'ledger.write': ['admin', 'community_secretary', 'cadre', 'grid_worker'],
  'ledger.unmask': ['community_secretary', 'grid_worker'],
  'ledgerFields.manage': ['admin', 'center'],
  'campaigns.manage': ['admin', 'center', 'leader', 'community_secretary'],
  'campaigns.visit': ['community_secretary', 'cadre', 'grid_worker', 'party_member'],
  'warnings.ack': ['admin', 'center', 'leader', 'community_secretary', 'cadre'],
  'screen.view': ['admin', 'center', 'leader', 'community_secretary', 'cadre'],
  'analytics.read': [
    'admin',
    'center',
    'leader',
    'community_secretary',
    'cadre',
    'grid_worker',
    'department',
    'property_center',
    'property_company',
    'unit',
  ],
};

export const can = (roles: readonly Role[], p: Permission) => roles.some((r) => permissionRoles[p].includes(r));

/** Roles an account manager may hand out. Leaders cannot create peers or superiors. */
export const assignableRoles: Partial<Record<Role, readonly Role[]>> = {
  leader: ['community_secretary', 'cadre', 'grid_worker', 'party_member', 'volunteer', 'resident', 'unit'],
  // chain.write holders without accounts.manage: they staff the five-level chain of their own areas.
  center: ['leader', 'community_secretary', 'cadre', 'grid_worker', 'party_member', 'volunteer'],
  community_secretary: ['cadre', 'grid_worker', 'party_member', 'volunteer'],
};

/** Every role the holder of `roles` may grant or revoke (admin: all of them). */
export function assignableRolesFor(roles: readonly Role[]): Role[] {
  if (roles.includes('admin')) return [...allRoles];
  return [...new Set(roles.flatMap((r) => assignableRoles[r] ?? []))];
}

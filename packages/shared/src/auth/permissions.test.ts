import { describe, expect, it } from 'vitest';
import { ErrorCode, errorMessages, errorStatus } from '../common/errors.js';
import { assignableRoles, can, Permission, permissionRoles } from './permissions.js';
import { chainLevels, isAreaRole, isOrgRole, roleLabels, roles } from './roles.js';

describe('roles and permissions', () => {
  it('labels every role in both locales', () => {
    for (const r of roles) {
      expect(roleLabels[r]['zh-CN']).toBeTruthy();
      expect(roleLabels[r].en).toBeTruthy();
    }
  });
  it('classifies org roles and area roles disjointly', () => {
    for (const r of roles) expect(isOrgRole(r) && isAreaRole(r)).toBe(false);
    expect(isOrgRole('department')).toBe(true);
    expect(isAreaRole('grid_worker')).toBe(true);
    expect(isAreaRole('resident')).toBe(false);
  });
  it('maps the five chain levels to area roles', () => {
    expect(Object.values(chainLevels)).toEqual([
      'leader',
      'community_secretary',
      'cadre',
      'grid_worker',
      'party_member',
    ]);
    for (const r of Object.values(chainLevels)) expect(isAreaRole(r)).toBe(true);
  });
  it('gives residents no console permission, and admins all but clear personal data and field work', () => {
    // A system administrator runs the platform; seeing ID numbers in clear and knocking on doors belong to the
    // community's own staff.
    const notAdmin: string[] = [Permission.ledgerUnmask, Permission.campaignsVisit];
    for (const p of Object.values(Permission)) {
      expect(can(['resident'], p)).toBe(false);
      expect(can(['admin'], p)).toBe(!notAdmin.includes(p));
    }
  });
  it('only ever lets leaders hand out roles below their own', () => {
    const given = assignableRoles.leader ?? [];
    expect(given).not.toContain('admin');
    expect(given).not.toContain('center');
    expect(given).not.toContain('leader');
  });
  it('has a status and two messages for every error code', () => {
    for (const c of Object.values(ErrorCode)) {
      expect(errorStatus[c]).toBeGreaterThanOrEqual(400);
      expect(errorMessages[c]['zh-CN']).toBeTruthy();
      expect(errorMessages[c].en).toBeTruthy();
    }
    expect(Object.keys(permissionRoles).length).toBe(Object.values(Permission).length);
  });
});

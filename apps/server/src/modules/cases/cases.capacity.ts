/**
 * What the caller IS toward one case (the CaseCapacity of shared cases.lifecycle), from its grants and scope.
 * The transition table decides what each capacity may do; this file only decides who holds which.
 */
import type { Role } from '@grassroots/shared/auth/roles';
import { type CaseCapacity, type CaseTier, nextTier } from '@grassroots/shared/cases/cases.lifecycle';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';

/** The case facts capacities depend on. */
export interface CaseAccessFacts {
  tier: CaseTier;
  areaPath: string;
  placePath: string | null;
  isProperty: boolean;
  handlerAccountId: number | null;
  handlerOrgId: number | null;
  submitterAccountId: number | null;
  submitterKeyId: number | null;
  householdId: number | null;
  source: string;
}

/** A case row's access facts (picked, not spread: a spread of the whole row is slow on Node 20's V8). */
export const accessFactsOf = (
  row: Omit<CaseAccessFacts, 'tier' | 'isProperty'> & { tier: string },
  isProperty: boolean,
): CaseAccessFacts => ({
  tier: row.tier as CaseTier,
  areaPath: row.areaPath,
  placePath: row.placePath,
  isProperty,
  handlerAccountId: row.handlerAccountId,
  handlerOrgId: row.handlerOrgId,
  submitterAccountId: row.submitterAccountId,
  submitterKeyId: row.submitterKeyId,
  householdId: row.householdId,
  source: row.source,
});

/** The roles that register (立案) at a tier; property categories are registered at city tier by the property centre. */
export function registrarRoles(tier: CaseTier, isProperty: boolean): Role[] {
  if (tier === 'community') return ['community_secretary', 'cadre'];
  if (tier === 'street') return ['leader'];
  return isProperty ? ['property_center'] : ['center'];
}

const holdsOver = (p: Principal, roles: Role[], path: string | null) =>
  !!path && p.grants.some((g) => roles.includes(g.role) && !!g.areaPath && path.startsWith(g.areaPath));

export function capacitiesFor(p: Principal, c: CaseAccessFacts): CaseCapacity[] {
  const out: CaseCapacity[] = [];
  if (p.kind === 'account' && holdsOver(p, registrarRoles(c.tier, c.isProperty), c.areaPath)) out.push('registrar');
  const upper = nextTier(c.tier);
  // The upper registrar's grant covers the current area from above (a street leader covers its communities).
  if (p.kind === 'account' && upper && holdsOver(p, registrarRoles(upper, c.isProperty), c.areaPath))
    out.push('upperRegistrar');
  const isHandler =
    (p.accountId != null && c.handlerAccountId === p.accountId) ||
    (c.handlerOrgId != null && p.scope.orgIds.includes(c.handlerOrgId));
  if (isHandler) out.push('handler');
  // The grid's worker checks others' results (verify/rework), never their own.
  if (p.kind === 'account' && holdsOver(p, ['grid_worker'], c.placePath) && c.handlerAccountId !== p.accountId)
    out.push('gridWorker');
  // Staff who typed in a visit or a letter are not the complainant: only a resident's own submission, the
  // submitting system (API key) or the household it concerns may rate and reopen.
  const isSubmitter =
    (p.accountId != null && c.submitterAccountId === p.accountId && c.source === 'resident') ||
    (p.apiKeyId != null && p.kind === 'api_key' && c.submitterKeyId === p.apiKeyId) ||
    (c.householdId != null && p.scope.householdIds.includes(c.householdId));
  if (isSubmitter) out.push('submitter');
  return out;
}

/** Visible: the caller holds some capacity, filed it, or (staff) the case's area or place lies in its scope. */
export const canSee = (p: Principal, c: CaseAccessFacts, caps: readonly CaseCapacity[]) =>
  caps.length > 0 ||
  // Whoever filed it may follow it (a department's self-inspection), without becoming the complainant.
  (p.accountId != null && c.submitterAccountId === p.accountId) ||
  coversPath(p.scope, c.areaPath) ||
  coversPath(p.scope, c.placePath);

/**
 * The list views `tasks` and `mine` as SQL, mirroring cases.capacity.ts: a case is a task of the caller when a
 * capacity it holds toward the case has work to do in the case's status (the transition table's `who`):
 * - registrar of the case's tier over its area: submitted (register/reject/merge), registered (assign/dispatch),
 *   resolved (verify/rework), verified (close);
 * - upper registrar: an accepted case with a pending suspension request (approve/deny);
 * - handler (the account, or staff of the organisation): dispatched (accept/return), accepted (resolve),
 *   suspended (resume);
 * - grid worker of the case's grid: resolved (verify/rework), unless the worker handled it (someone else checks).
 * Submitter capacities (rate, reopen) are the `mine` view's business, not tasks.
 */
import { type CaseStatus, type CaseTier, caseTiers, lowerTier } from '@grassroots/shared/cases/cases.lifecycle';
import type { CaseListView } from '@grassroots/shared/cases/cases.schema';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Principal } from '../../core/principal.js';
import type { CasesTable, Database } from '../../db/database.js';
import { registrarRoles } from './cases.capacity.js';

export type Eb = ExpressionBuilder<Database & { c: CasesTable }, 'c'>;

const REGISTRAR_STATUSES: CaseStatus[] = ['submitted', 'registered', 'resolved', 'verified'];
const HANDLER_STATUSES: CaseStatus[] = ['dispatched', 'accepted', 'suspended'];
const never = () => sql<SqlBool>`1 = 0`;

/** Residents (no staff role) see their own cases by default; staff and API keys see everything in scope. */
export function defaultView(p: Principal): CaseListView {
  return p.kind === 'account' && !p.roles.some((r) => r !== 'resident') ? 'mine' : 'all';
}

/** For which property flags `role` registers at `tier` (both, one, or none). */
function propertyFlags(role: string, tier: CaseTier): boolean[] {
  return [false, true].filter((prop) => (registrarRoles(tier, prop) as string[]).includes(role));
}

/** `tier = t AND area_path under path` (AND the property flag when only one side applies). */
function atTier(eb: Eb, tier: CaseTier, path: string, props: boolean[]) {
  const parts: Expression<SqlBool>[] = [eb('c.tier', '=', tier), eb('c.areaPath', 'like', `${path}%`)];
  if (props.length === 1) {
    const property = eb.selectFrom('caseCategories').select('id').where('isProperty', '=', 1);
    parts.push(props[0] ? eb('c.categoryId', 'in', property) : eb('c.categoryId', 'not in', property));
  }
  return eb.and(parts);
}

function areaTasks(eb: Eb, p: Principal): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (p.kind !== 'account') return out;
  for (const g of p.grants) {
    if (!g.areaPath) continue;
    for (const tier of caseTiers) {
      const props = propertyFlags(g.role, tier);
      if (!props.length) continue;
      out.push(eb.and([atTier(eb, tier, g.areaPath, props), eb('c.status', 'in', REGISTRAR_STATUSES)]));
      // Registrar of `tier` is the upper registrar of the tier below it.
      const below = lowerTier(tier);
      if (below)
        out.push(
          eb.and([
            atTier(eb, below, g.areaPath, props),
            eb('c.status', '=', 'accepted'),
            eb('c.suspensionPending', '=', 1),
          ]),
        );
    }
    if (g.role === 'grid_worker') {
      const notMine =
        p.accountId == null
          ? sql<SqlBool>`1 = 1`
          : eb.or([eb('c.handlerAccountId', 'is', null), eb('c.handlerAccountId', '!=', p.accountId)]);
      out.push(eb.and([eb('c.placePath', 'like', `${g.areaPath}%`), eb('c.status', '=', 'resolved'), notMine]));
    }
  }
  return out;
}

function handlerTasks(eb: Eb, p: Principal): Expression<SqlBool>[] {
  const mine: Expression<SqlBool>[] = [];
  if (p.accountId != null) mine.push(eb('c.handlerAccountId', '=', p.accountId));
  if (p.scope.orgIds.length) mine.push(eb('c.handlerOrgId', 'in', p.scope.orgIds));
  return mine.length ? [eb.and([eb.or(mine), eb('c.status', 'in', HANDLER_STATUSES)])] : [];
}

export const tasksOf = (p: Principal) => (eb: Eb) => {
  const ors = [...areaTasks(eb, p), ...handlerTasks(eb, p)];
  return ors.length ? eb.or(ors) : never();
};

/** Cases the caller submitted (account or API key) or of its confirmed households. */
export const mineOf = (p: Principal) => (eb: Eb) => {
  const ors: Expression<SqlBool>[] = [];
  if (p.accountId != null) ors.push(eb('c.submitterAccountId', '=', p.accountId));
  if (p.kind === 'api_key' && p.apiKeyId != null) ors.push(eb('c.submitterKeyId', '=', p.apiKeyId));
  if (p.scope.householdIds.length) ors.push(eb('c.householdId', 'in', p.scope.householdIds));
  return ors.length ? eb.or(ors) : never();
};

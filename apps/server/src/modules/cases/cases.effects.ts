/**
 * What an allowed action writes besides the status: handler, tier and area, timestamps, deadlines.
 * The transition table already said the action is allowed; this only checks the inputs' referents.
 */
import type { CaseAction, CaseEffects, CaseStatus, CaseTier } from '@grassroots/shared/cases/cases.lifecycle';
import type { CaseActionBody } from '@grassroots/shared/cases/cases.schema';
import { AppError } from '@grassroots/shared/common/errors';
import type { WorkCalendar } from '@grassroots/shared/worktime/calendar';
import { addWorkingMs, deadlineFor, workingMsBetween } from '@grassroots/shared/worktime/worktime';
import type { Kysely, Updateable } from 'kysely';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import type { CasesTable, Database } from '../../db/database.js';
import { registrarArea } from './cases.placement.js';
import type { CaseRow } from './cases.repository.js';
import type { CasesDeps } from './cases.service.js';
import { findAssignableArea, isDispatchableAccount, isDispatchableOrg } from './cases.targets.js';

type K = Kysely<Database>;
type Set = Updateable<CasesTable>;
export interface ActionPlan {
  row: CaseRow;
  action: CaseAction;
  body: CaseActionBody;
  to: CaseStatus;
  effects: CaseEffects;
  now: number;
  p: Principal;
  /** Read before the transaction (the calendar cache reads through the pool). */
  cal: WorkCalendar;
}

const bad = (field: string, reason: string) => new AppError('VALIDATION_FAILED', [{ path: `body.${field}`, reason }]);
const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);

/** The chosen target must be one `GET …/dispatch-targets` lists (cases.targets.ts: the same query). */
async function dispatchTarget(k: K, b: CaseActionBody, p: Principal): Promise<Set> {
  const id = Number(b.target!.id);
  if (b.target!.kind === 'account') {
    if (!(await isDispatchableAccount(k, p, id))) throw bad('target', 'not a person you may dispatch to');
    return { handlerAccountId: id, handlerOrgId: null };
  }
  if (!(await isDispatchableOrg(k, id))) throw bad('target', 'unknown, disabled or non-handling organisation');
  return { handlerAccountId: null, handlerOrgId: id };
}

/** Deadlines counted afresh from `now` with the category's limits (a case that changed tier starts over). */
async function freshDeadlines(k: K, plan: ActionPlan, deps: CasesDeps): Promise<Set> {
  const cat = await deps.categories.getForIntake(plan.row.categoryId, k).catch(() => null);
  if (!cat) return {};
  const { cal, now } = plan;
  return {
    acceptBy: cat.limits.accept ? deadlineFor(cal, now, cat.limits.accept) : null,
    respondBy: deadlineFor(cal, now, cat.limits.respond),
    resolveBy: deadlineFor(cal, now, cat.limits.resolve),
  };
}

async function moveTier(k: K, plan: ActionPlan, tier: CaseTier, deps: CasesDeps): Promise<Set> {
  const { row, body } = plan;
  let area: { id: number; path: string };
  if (plan.action === 'assign') {
    // Down one tier, inside the current area, and (when placed) containing the place.
    const a = await findAssignableArea(k, row, Number(body.target!.id));
    if (!a) throw bad('target', `must be a ${tier} under the current area`);
    area = a;
  } else {
    area = (await registrarArea(k, row.placePath ?? row.areaPath, tier)).area;
  }
  return {
    tier,
    areaId: area.id,
    areaPath: area.path,
    handlerAccountId: null,
    handlerOrgId: null,
    ...(await freshDeadlines(k, plan, deps)),
  };
}

export async function planAction(k: K, plan: ActionPlan, deps: CasesDeps): Promise<Set> {
  const { row, action, body, now, effects } = plan;
  const set: Set = {};
  if (effects.suspensionPending !== undefined) set.suspensionPending = effects.suspensionPending ? 1 : 0;
  if (effects.tier) Object.assign(set, await moveTier(k, plan, effects.tier, deps));
  switch (action) {
    case 'merge': {
      const target = Number(body.duplicateOf);
      const dup = await k
        .selectFrom('cases')
        .select(['id', 'areaPath', 'placePath', 'status', 'mergedIntoId'])
        .where('id', '=', target)
        .executeTakeFirst();
      // Only into a case the registrar can see: merging must not reveal or touch another area's cases.
      const visible = dup && (coversPath(plan.p.scope, dup.areaPath) || coversPath(plan.p.scope, dup.placePath));
      if (!dup || !visible || target === row.id) throw bad('duplicateOf', 'unknown case');
      // Never into a rejected or merged case: A→B then B→A would leave the complaint with nobody.
      if (dup.status === 'rejected' || dup.mergedIntoId != null) throw bad('duplicateOf', 'case is rejected or merged');
      set.mergedIntoId = target;
      break;
    }
    case 'dispatch':
      Object.assign(set, await dispatchTarget(k, body, plan.p));
      // The handler's accept window starts at this dispatch (a re-dispatch must not inherit an expired one).
      set.acceptBy = body.acceptBy ? ms(body.acceptBy) : ((await freshDeadlines(k, plan, deps)).acceptBy ?? null);
      if (body.resolveBy) set.resolveBy = ms(body.resolveBy);
      break;
    case 'accept':
      if (row.firstAcceptAt == null) set.firstAcceptAt = now;
      break;
    case 'return':
    case 'reopen':
      // Back to the registrar; a reopened case keeps its closed_at for the record.
      set.handlerAccountId = null;
      set.handlerOrgId = null;
      break;
    case 'resolve':
      set.resolvedAt = now;
      break;
    case 'rework':
      set.resolvedAt = null;
      break;
    case 'close':
      set.closedAt = now;
      break;
    case 'rate':
      set.rating = body.rating;
      set.ratingComment = body.note || null;
      set.ratedAt = now;
      break;
    case 'approveSuspend':
      set.suspendedAt = now;
      break;
    case 'resume': {
      // The clock stood still while suspended: push the deadlines by the working time that passed.
      const cal = plan.cal;
      const paused = row.suspendedAt != null ? workingMsBetween(cal, row.suspendedAt, now) : 0;
      set.suspendedAt = null;
      set.respondBy = addWorkingMs(cal, row.respondBy, paused);
      set.resolveBy = addWorkingMs(cal, row.resolveBy, paused);
      if (row.acceptBy != null) set.acceptBy = addWorkingMs(cal, row.acceptBy, paused);
      break;
    }
    default:
      break;
  }
  return set;
}

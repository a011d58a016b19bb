/**
 * Checks stored case histories against the shared transition table (tests of the demo and of `--cases M`):
 * every history starts with `create`, chains from → to, is allowed by `transition()` at its time (guards
 * included), ends in the case's status at its version; closed cases were resolved and verified; every case
 * has its search terms; numbers are unique and the service's; nobody verifies their own result; merges point at
 * an earlier case of the same category. Returns the problems found (empty when fine).
 */
import {
  type CaseAction,
  type CaseStatus,
  type CaseTier,
  caseCapacities,
  lowerTier,
  nextTier,
  transition,
} from '@grassroots/shared/cases/cases.lifecycle';
import type { Kysely } from 'kysely';
import { CASE_SEARCH } from '../../modules/cases/cases.repository.js';
import type { Database } from '../database.js';
import { type Db, textIndexIds } from '../dialect.js';
import { dayKey } from './cases-intake.js';
import { caseNumber } from './cases-load.js';

type Row = {
  note: string | null;
  actorId: number | null;
  id: number;
  caseId: number;
  at: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  data: string;
};

export async function checkCaseHistories(
  db: Db,
  opts: { fromId?: number; toId?: number; limit?: number } = {},
): Promise<string[]> {
  const { fromId = 0, toId = 2_147_483_647, limit = 20 } = opts; // ids are int4 on PostgreSQL
  const k = db.kysely;
  const problems: string[] = [];
  const say = (msg: string) => problems.length < limit && problems.push(msg);
  const cases = await k
    .selectFrom('cases')
    .select(['id', 'number', 'status', 'version', 'tier', 'createdAt', 'mergedIntoId', 'categoryId'])
    .where('id', '>=', fromId)
    .where('id', '<=', toId)
    .orderBy('id')
    .execute();
  const events = (await k
    .selectFrom('caseEvents')
    .select(['id', 'caseId', 'at', 'action', 'fromStatus', 'toStatus', 'data', 'note', 'actorId'])
    .where('caseId', '>=', fromId)
    .where('caseId', '<=', toId)
    .orderBy('caseId')
    .orderBy('at')
    .orderBy('id')
    .execute()) as Row[];
  const byCase = new Map<number, Row[]>();
  for (const e of events) (byCase.get(e.caseId) ?? byCase.set(e.caseId, []).get(e.caseId)!).push(e);
  const withTerms = new Set(await textIndexIds(db, CASE_SEARCH, fromId, toId));
  const numbers = new Set<string>();
  for (const c of cases) {
    if (numbers.has(c.number)) say(`case ${c.id}: duplicate number ${c.number}`);
    numbers.add(c.number);
    if (c.number !== caseNumber(dayKey(c.createdAt), c.id)) say(`case ${c.id}: number ${c.number}`);
    if (!withTerms.has(c.id)) say(`case ${c.id}: no search terms`);
    const history = byCase.get(c.id) ?? [];
    const first = history[0];
    if (first?.action !== 'create' || first.toStatus !== 'submitted' || first.at !== c.createdAt) {
      say(`case ${c.id}: history does not start with create at created_at`);
      continue;
    }
    // The tier at intake is not in the events: the one before the first move, else the current one.
    const firstMove = history
      .map((e) => ({ e, tier: (JSON.parse(e.data) as { tier?: CaseTier }).tier }))
      .find((x) => x.tier);
    const start = firstMove
      ? firstMove.e.action === 'assign'
        ? nextTier(firstMove.tier!)
        : lowerTier(firstMove.tier!)
      : (c.tier as CaseTier);
    const f = {
      status: 'submitted' as CaseStatus,
      tier: start ?? 'community',
      pending: false,
      closedAt: null as number | null,
      ratedAt: null as number | null,
    };
    let resolvedBy: number | null = null;
    for (const e of history.slice(1)) {
      // Nobody checks their own result (cases.capacity: a grid worker verifies others' work only).
      if ((e.action === 'verify' || e.action === 'rework') && e.actorId != null && e.actorId === resolvedBy)
        say(`case ${c.id}: ${e.action} by the one who resolved it`);
      if (e.action === 'resolve') resolvedBy = e.actorId;
      if (e.fromStatus !== f.status) say(`case ${c.id}: ${e.action} from ${e.fromStatus}, but it was ${f.status}`);
      const facts = {
        status: f.status,
        tier: f.tier,
        suspensionPending: f.pending,
        closedAt: f.closedAt,
        ratedAt: f.ratedAt,
        now: e.at,
      };
      const res = transition(facts, e.action as CaseAction, caseCapacities);
      if (!res.ok || res.to !== e.toStatus)
        say(`case ${c.id}: ${e.action} ${e.fromStatus}→${e.toStatus} is not in the table`);
      if (!res.ok) break;
      f.status = res.to;
      if (res.effects.suspensionPending !== undefined) f.pending = res.effects.suspensionPending;
      if (res.effects.tier) f.tier = res.effects.tier;
      if (e.action === 'close') f.closedAt = e.at;
      if (e.action === 'rate') f.ratedAt = e.at;
    }
    if (f.tier !== c.tier) say(`case ${c.id}: tier ${c.tier}, but its events say ${f.tier}`);
    if (f.status !== c.status) say(`case ${c.id}: status ${c.status}, but its last event says ${f.status}`);
    if (c.version !== history.length - 1) say(`case ${c.id}: version ${c.version} after ${history.length - 1} actions`);
    const merge = history.find((e) => e.action === 'merge');
    if (merge && !(await mergedWell(k, c, merge))) say(`case ${c.id}: merged into ${c.mergedIntoId}, wrongly`);
    if (!merge && c.mergedIntoId != null) say(`case ${c.id}: merged_into_id without a merge event`);
    const did = new Set(history.map((e) => e.action));
    if (c.status === 'closed' && !(did.has('resolve') && did.has('verify')))
      say(`case ${c.id}: closed without resolve and verify`);
  }
  return problems;
}

/** The merge event names the case merged into, an earlier case of the same category, by id and by number. */
async function mergedWell(
  k: Kysely<Database>,
  c: { id: number; createdAt: number; mergedIntoId: number | null; categoryId: number },
  merge: Row,
) {
  const target = await k
    .selectFrom('cases')
    .select(['number', 'createdAt', 'categoryId'])
    .where('id', '=', c.mergedIntoId ?? -1)
    .executeTakeFirst();
  const data = JSON.parse(merge.data) as { duplicateOf?: string };
  return (
    !!target &&
    data.duplicateOf === String(c.mergedIntoId) &&
    target.createdAt < c.createdAt &&
    target.categoryId === c.categoryId &&
    (merge.note ?? '').includes(target.number)
  );
}

/**
 * The case figures of DOMAIN.md section 3 ("Figures"), pure. Rates are 0–1, or null when the denominator
 * is 0. The server condenses each case's events into a `CaseHistory`; everything here is arithmetic on it.
 */
import type { CaseRating, CaseStatus } from './cases.lifecycle.js';
import { type Period, periodKey } from './cases.periods.js';

/** One case, condensed from its events. Times are epoch ms. */
export interface CaseHistory {
  submittedAt: number;
  /** The current status. */
  status: CaseStatus;
  /** Reached `registered` at some point. */
  wasRegistered: boolean;
  /** Rejected, or merged as a duplicate. */
  rejected: boolean;
  /** The first `accept` event. */
  firstAcceptAt: number | null;
  /** Response deadline in force (the latest set), or null when none applies. */
  respondBy: number | null;
  /** The LAST `resolve` event (a rework sends the case back; the resolution that counts is the last one). */
  resolvedAt: number | null;
  /** Resolution deadline in force: the latest one set, extended by approved suspensions. */
  resolveBy: number | null;
  /** The last `close` event (kept when the case is reopened; `status` tells whether it is closed now). */
  closedAt: number | null;
  rating: CaseRating | null;
  /** Reopened at least once. */
  reopened: boolean;
  /** Number of `dispatch` events, and of `return` events (by a handler or by the accept-deadline job). */
  dispatches: number;
  returned: number;
  /** Its handling organisation, or the person for grid workers — see `handlerKey`. */
  handlerKey: string | null;
}

/** The one spelling of a handler key, shared with the list filter: 'organisation:7', 'account:12'. */
export const handlerKey = (kind: 'account' | 'organisation', id: string | number) => `${kind}:${id}`;

export interface CompositeWeights {
  response: number;
  resolution: number;
  satisfaction: number;
}
export const DEFAULT_COMPOSITE_WEIGHTS: CompositeWeights = { response: 0.1, resolution: 0.5, satisfaction: 0.4 };
/** 基本满意 counts as 0.9 of 满意. */
export const BASIC_SATISFACTION_WEIGHT = 0.9;

const HOUR_MS = 3600_000;
const DONE: readonly CaseStatus[] = ['resolved', 'verified', 'closed'];

export const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

export const isValid = (c: CaseHistory) => c.wasRegistered && !c.rejected;

/** First accept within the response deadline in force (the deadline instant itself counts as in time). */
export const isResponded = (c: CaseHistory) =>
  isValid(c) && c.firstAcceptAt !== null && (c.respondBy === null || c.firstAcceptAt <= c.respondBy);

export const isResolved = (c: CaseHistory) => isValid(c) && c.resolvedAt !== null;

/**
 * Missed its resolution deadline: resolved after it, or still unresolved past it. A suspended case is not
 * overdue (its clock is paused; the deadline moves when it resumes).
 */
export function isOverdue(c: CaseHistory, now: number): boolean {
  if (!isValid(c) || c.resolveBy === null || c.status === 'suspended') return false;
  const done = DONE.includes(c.status) && c.resolvedAt !== null;
  return (done ? c.resolvedAt! : now) > c.resolveBy;
}

/** In the 按期结案 cohort: its deadline has already fallen (suspended cases wait for their moved deadline). */
export const hasDeadlineFallen = (c: CaseHistory, now: number) =>
  isValid(c) && c.resolveBy !== null && c.resolveBy <= now && c.status !== 'suspended';

export const isClosedOnTime = (c: CaseHistory) =>
  c.status === 'closed' && c.closedAt !== null && c.resolveBy !== null && c.closedAt <= c.resolveBy;

/** Wall-clock hours from submission to the (last) resolution; null when unresolved. */
export const handlingHours = (c: CaseHistory): number | null =>
  isResolved(c) ? (c.resolvedAt! - c.submittedAt) / HOUR_MS : null;

export function satisfactionRate(ratings: readonly (CaseRating | null)[]): number | null {
  const rated = ratings.filter((r) => r !== null);
  const score = rated.reduce((s, r) => s + (r === 'satisfied' ? 1 : r === 'basic' ? BASIC_SATISFACTION_WEIGHT : 0), 0);
  return ratio(score, rated.length);
}

/** 综合 = Σ wᵢ·xᵢ / Σ wᵢ over the non-null components; null when none is left (or their weights sum to 0). */
export function compositeScore(
  parts: { response: number | null; resolution: number | null; satisfaction: number | null },
  weights: CompositeWeights = DEFAULT_COMPOSITE_WEIGHTS,
): number | null {
  let sum = 0;
  let weight = 0;
  for (const k of ['response', 'resolution', 'satisfaction'] as const) {
    const x = parts[k];
    if (x === null) continue;
    sum += weights[k] * x;
    weight += weights[k];
  }
  return weight > 0 ? sum / weight : null;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const mean = (xs: readonly number[]): number | null =>
  xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;

export interface CaseFigures {
  submitted: number;
  valid: number;
  responded: number;
  resolved: number;
  rated: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  composite: number | null;
  onTimeCloseRate: number | null;
  dispatchAccuracy: number | null;
  overdue: number;
  avgHandlingHours: number | null;
  medianHandlingHours: number | null;
  reopenRate: number | null;
}

export interface FigureOptions {
  now: number;
  weights?: CompositeWeights;
}

const count = <T>(xs: readonly T[], p: (x: T) => boolean) => xs.reduce((n, x) => n + (p(x) ? 1 : 0), 0);

/**
 * Figures of one group. `cases` are the cases counted in the group (by submission); `deadlineCohort` are the
 * cases whose resolution deadline fell in the group (按期结案率) — the same cases unless grouping by period.
 */
export function caseFigures(
  cases: readonly CaseHistory[],
  opts: FigureOptions,
  deadlineCohort: readonly CaseHistory[] = cases,
): CaseFigures {
  const valid = count(cases, isValid);
  const responded = count(cases, isResponded);
  const resolved = count(cases, isResolved);
  const ratings = cases.filter(isValid).map((c) => c.rating);
  const rated = count(ratings, (r) => r !== null);
  const responseRate = ratio(responded, valid);
  const resolutionRate = ratio(resolved, valid);
  const satisfaction = satisfactionRate(ratings);
  const due = deadlineCohort.filter((c) => hasDeadlineFallen(c, opts.now));
  const dispatches = cases.reduce((n, c) => n + c.dispatches, 0);
  const returned = cases.reduce((n, c) => n + Math.min(c.returned, c.dispatches), 0);
  const hours = cases.map(handlingHours).filter((h) => h !== null);
  return {
    submitted: cases.length,
    valid,
    responded,
    resolved,
    rated,
    responseRate,
    resolutionRate,
    satisfactionRate: satisfaction,
    composite: compositeScore({ response: responseRate, resolution: resolutionRate, satisfaction }, opts.weights),
    onTimeCloseRate: ratio(count(due, isClosedOnTime), due.length),
    dispatchAccuracy: ratio(dispatches - returned, dispatches),
    overdue: count(cases, (c) => isOverdue(c, opts.now)),
    avgHandlingHours: mean(hours),
    medianHandlingHours: median(hours),
    reopenRate: ratio(
      count(cases, (c) => c.reopened),
      count(cases, (c) => c.closedAt !== null || c.reopened),
    ),
  };
}

/** How cases fall into groups. A null key leaves the case out. */
export interface CaseGrouping {
  keyOf: (c: CaseHistory) => string | null;
  /** The group whose 按期结案 cohort holds the case; defaults to `keyOf`. */
  deadlineKeyOf?: (c: CaseHistory) => string | null;
}

/** By the period of submission; 按期结案 by the period in which the deadline fell. */
export const byPeriod = (period: Period): CaseGrouping => ({
  keyOf: (c) => periodKey(c.submittedAt, period),
  deadlineKeyOf: (c) => (c.resolveBy === null ? null : periodKey(c.resolveBy, period)),
});
export const byHandler: CaseGrouping = { keyOf: (c) => c.handlerKey };

const bucket = (cases: readonly CaseHistory[], keyOf: (c: CaseHistory) => string | null) => {
  const m = new Map<string, CaseHistory[]>();
  for (const c of cases) {
    const k = keyOf(c);
    if (k === null) continue;
    const list = m.get(k);
    if (list) list.push(c);
    else m.set(k, [c]);
  }
  return m;
};

/** Figures per group, sorted by key (period keys sort in time order). */
export function groupFigures(
  cases: readonly CaseHistory[],
  grouping: CaseGrouping,
  opts: FigureOptions,
): ({ key: string } & CaseFigures)[] {
  const bySubmission = bucket(cases, grouping.keyOf);
  const byDeadline = bucket(cases, grouping.deadlineKeyOf ?? grouping.keyOf);
  const keys = [...new Set([...bySubmission.keys(), ...byDeadline.keys()])].sort();
  return keys.map((key) => ({
    key,
    ...caseFigures(bySubmission.get(key) ?? [], opts, byDeadline.get(key) ?? []),
  }));
}

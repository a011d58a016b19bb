/**
 * Case facts for the analytics roll-ups (issue 5), pure. The server condenses each case's events into a
 * `CaseHistory` (cases.figures.ts), turns it into integer facts, and keeps daily roll-ups that are plain sums
 * of those facts, so every KPI is arithmetic on sums — never a scan of cases. The figures of a sum equal
 * `caseFigures` of the cases behind it (tested), except the median, which comes from an hours histogram.
 */
import {
  type CaseFigures,
  type CaseHistory,
  type CompositeWeights,
  compositeScore,
  handlerKey,
  hasDeadlineFallen,
  isClosedOnTime,
  isOverdue,
  isResolved,
  isResponded,
  isValid,
  ratio,
} from '../cases/cases.figures.js';
import type { CaseRating, CaseStatus } from '../cases/cases.lifecycle.js';
import { SHANGHAI_OFFSET_MS } from '../cases/cases.periods.js';

const DAY_MS = 24 * 3600_000;
const HOUR_MS = 3600_000;

/** Days since 1970-01-01 in Asia/Shanghai: the roll-ups' day key (an integer, so ranges are cheap). */
export const shanghaiDayNumber = (ms: number) => Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
/** The instant a Shanghai day number starts. */
export const dayNumberStart = (day: number) => day * DAY_MS - SHANGHAI_OFFSET_MS;
/** 'YYYY-MM-DD' → day number (the date read as a Shanghai day). */
export const dayNumberOfDate = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
/** Day number → 'YYYY-MM-DD'. */
export const dateOfDayNumber = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

// ── Condensing: a case's events (and the deadlines/handler its row holds now) → CaseHistory ──

/** One stored case event, as much of it as the figures need. `data` is the event's JSON data. */
export interface CaseEventFact {
  action: string;
  toStatus: string;
  at: number;
  data?: { rating?: CaseRating | null } | null;
}

/**
 * What the events do not carry: deadlines are computed from the category and the work calendar when an action
 * sets them, and only the case row keeps the ones in force (extended by suspensions); likewise its handler.
 */
export interface CaseSnapshot {
  createdAt: number;
  respondBy: number | null;
  resolveBy: number | null;
  handlerAccountId: number | null;
  handlerOrgId: number | null;
}

/** Events in the order they happened (the server reads them by at, id). */
export function condenseCase(snap: CaseSnapshot, events: readonly CaseEventFact[]): CaseHistory {
  let status: CaseStatus = 'submitted';
  let wasRegistered = false;
  let firstAcceptAt: number | null = null;
  let resolvedAt: number | null = null;
  let closedAt: number | null = null;
  let rating: CaseRating | null = null;
  let reopened = false;
  let dispatches = 0;
  let returned = 0;
  for (const e of events) {
    status = e.toStatus as CaseStatus;
    if (e.toStatus === 'registered') wasRegistered = true;
    switch (e.action) {
      case 'accept':
        firstAcceptAt ??= e.at;
        break;
      case 'resolve':
        resolvedAt = e.at;
        break;
      case 'close':
        closedAt = e.at;
        break;
      case 'rate':
        rating = e.data?.rating ?? rating;
        break;
      case 'reopen':
        reopened = true;
        break;
      case 'dispatch':
        dispatches++;
        break;
      case 'return':
        returned++;
        break;
    }
  }
  return {
    submittedAt: snap.createdAt,
    status,
    wasRegistered,
    rejected: status === 'rejected',
    firstAcceptAt,
    respondBy: snap.respondBy,
    resolvedAt,
    resolveBy: snap.resolveBy,
    closedAt,
    rating,
    reopened,
    dispatches,
    returned,
    handlerKey:
      snap.handlerOrgId != null
        ? handlerKey('organisation', snap.handlerOrgId)
        : snap.handlerAccountId != null
          ? handlerKey('account', snap.handlerAccountId)
          : null,
  };
}

// ── Handling-time histogram: fixed, log-spaced hour buckets (4 per doubling) ──

/** Bucket 0 is [0, 1/8 h); bucket b ≥ 1 is [2^((b−1)/4)/8, 2^(b/4)/8) hours; the last one is open. */
export const HOUR_BUCKETS = 72;
const BASE_HOURS = 1 / 8;

export function hoursBucket(ms: number): number {
  const h = Math.max(0, ms) / HOUR_MS;
  if (h < BASE_HOURS) return 0;
  return Math.min(HOUR_BUCKETS - 1, 1 + Math.floor(4 * Math.log2(h / BASE_HOURS) + 1e-9));
}

/** [lo, hi) hours of a bucket (hi is Infinity for the last one). */
export function bucketBounds(b: number): [number, number] {
  if (b <= 0) return [0, BASE_HOURS];
  const hi = b >= HOUR_BUCKETS - 1 ? Number.POSITIVE_INFINITY : BASE_HOURS * 2 ** (b / 4);
  return [BASE_HOURS * 2 ** ((b - 1) / 4), hi];
}

/**
 * The median of the values a histogram counts, interpolated linearly inside the bucket that holds the middle
 * rank (within that bucket's bounds of the exact median: ±19 % for the 4-per-doubling buckets).
 */
export function medianFromHistogram(hist: ReadonlyMap<number, number> | readonly [number, number][]): number | null {
  const entries = [...(hist instanceof Map ? hist.entries() : (hist as [number, number][]))]
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const target = total / 2;
  let before = 0;
  for (const [b, n] of entries) {
    if (before + n >= target) {
      const [lo, hi] = bucketBounds(b);
      if (!Number.isFinite(hi)) return lo;
      return lo + ((target - before) / n) * (hi - lo);
    }
    before += n;
  }
  return null;
}

// ── Facts: integers per case ──

/** Measures summed by the roll-up. Submission measures count on the submission day, `due`/`onTime` on the deadline day. */
export const SUBMISSION_MEASURES = [
  'submitted',
  'valid',
  'responded',
  'resolved',
  'rated',
  /** 10 per 满意, 9 per 基本满意 (BASIC_SATISFACTION_WEIGHT × 10), 0 per 不满意. */
  'satPoints',
  /** Closed at some point (or reopened): the reopen rate's denominator. */
  'closedEver',
  'reopened',
  'overdue',
  'dispatches',
  /** Returned dispatches, at most `dispatches`. */
  'returned',
  /** Resolved with a handling time; `handlingMs` sums those times. */
  'handled',
  'handlingMs',
] as const;
export const DEADLINE_MEASURES = ['due', 'onTime'] as const;
export const MEASURES = [...SUBMISSION_MEASURES, ...DEADLINE_MEASURES] as const;
export type Measure = (typeof MEASURES)[number];
export type Sums = Record<Measure, number>;

const ZERO_SUMS = Object.freeze(Object.fromEntries(MEASURES.map((m) => [m, 0])) as Sums);
/** A fresh all-zero Sums (a copy of one template: the roll-ups make one or two per case, millions a load). */
export const zeroSums = (): Sums => ({ ...ZERO_SUMS });

export interface CaseFacts extends Sums {
  /** Shanghai day number of the submission. */
  day: number;
  /** Shanghai day number of the deadline in force, when it has fallen (the 按期结案 cohort); else null. */
  dueDay: number | null;
  /** The deadline in force: when time passes it, `due`/`overdue` may change without an event. */
  resolveBy: number | null;
  /** Histogram bucket of the handling time, when handled. */
  hoursBucket: number | null;
}

const points: Record<CaseRating, number> = { satisfied: 10, basic: 9, unsatisfied: 0 };
const b = (x: boolean) => (x ? 1 : 0);

/** The facts of one case at `now` (overdue and the deadline cohort depend on the time). */
export function factsOf(c: CaseHistory, now: number): CaseFacts {
  const valid = isValid(c);
  const rated = valid && c.rating !== null;
  const due = hasDeadlineFallen(c, now);
  const handlingMs = isResolved(c) ? Math.max(0, c.resolvedAt! - c.submittedAt) : null;
  return {
    day: shanghaiDayNumber(c.submittedAt),
    dueDay: due ? shanghaiDayNumber(c.resolveBy!) : null,
    resolveBy: c.resolveBy,
    hoursBucket: handlingMs === null ? null : hoursBucket(handlingMs),
    submitted: 1,
    valid: b(valid),
    responded: b(isResponded(c)),
    resolved: b(isResolved(c)),
    rated: b(rated),
    satPoints: rated ? points[c.rating!] : 0,
    closedEver: b(c.closedAt !== null || c.reopened),
    reopened: b(c.reopened),
    overdue: b(isOverdue(c, now)),
    dispatches: c.dispatches,
    returned: Math.min(c.returned, c.dispatches),
    handled: b(handlingMs !== null),
    handlingMs: handlingMs ?? 0,
    due: b(due),
    onTime: b(due && isClosedOnTime(c)),
  };
}

/** What one case adds to the daily roll-up: its submission measures on `day`, its deadline measures on `dueDay`. */
export function contributions(f: CaseFacts): { day: number; sums: Sums }[] {
  return contributionVectors(f, 1).map(({ day, v }) => ({ day, sums: sumsOfVector(v) }));
}

/** Values in MEASURES order as Sums. */
export function sumsOfVector(v: readonly number[]): Sums {
  const sums = {} as Sums;
  for (let m = 0; m < MEASURES.length; m++) sums[MEASURES[m]!] = v[m]!;
  return sums;
}

const DUE = MEASURES.indexOf('due');
const ON_TIME = MEASURES.indexOf('onTime');

/**
 * contributions as values in MEASURES order, times `sign` — the form a bulk writer sums millions of times (no
 * Sums objects to build and copy per case).
 */
export function contributionVectors(f: CaseFacts, sign: 1 | -1): { day: number; v: number[] }[] {
  const v = new Array<number>(MEASURES.length);
  for (let m = 0; m < SUBMISSION_MEASURES.length; m++) v[m] = sign * f[SUBMISSION_MEASURES[m]!];
  v[DUE] = 0;
  v[ON_TIME] = 0;
  const out = [{ day: f.day, v }];
  if (f.dueDay !== null && f.due) {
    let at = v;
    if (f.dueDay !== f.day) {
      at = new Array<number>(MEASURES.length).fill(0);
      out.push({ day: f.dueDay, v: at });
    }
    at[DUE] = sign * f.due;
    at[ON_TIME] = sign * f.onTime;
  }
  return out;
}

export const addSums = (into: Sums, x: Sums, sign = 1) => {
  for (const m of MEASURES) into[m] += sign * x[m];
  return into;
};
export const isZero = (s: Sums) => MEASURES.every((m) => s[m] === 0);

/** The KPI figures of summed facts: the same numbers `caseFigures` gives for the cases behind the sums. */
export function figuresOfSums(s: Sums, hist: ReadonlyMap<number, number>, weights?: CompositeWeights): CaseFigures {
  const responseRate = ratio(s.responded, s.valid);
  const resolutionRate = ratio(s.resolved, s.valid);
  const satisfactionRate = ratio(s.satPoints / 10, s.rated);
  return {
    submitted: s.submitted,
    valid: s.valid,
    responded: s.responded,
    resolved: s.resolved,
    rated: s.rated,
    responseRate,
    resolutionRate,
    satisfactionRate,
    composite: compositeScore(
      { response: responseRate, resolution: resolutionRate, satisfaction: satisfactionRate },
      weights,
    ),
    onTimeCloseRate: ratio(s.onTime, s.due),
    dispatchAccuracy: ratio(s.dispatches - s.returned, s.dispatches),
    overdue: s.overdue,
    avgHandlingHours: s.handled ? s.handlingMs / s.handled / HOUR_MS : null,
    medianHandlingHours: medianFromHistogram(hist),
    reopenRate: ratio(s.reopened, s.closedEver),
  };
}

/**
 * Figures a case list can be narrowed to (`GET /api/cases?figure=`): each KPI count equals the total of the
 * list with the same filters and that figure. `due` and `closedOnTime` count in the period of the deadline, so
 * with them the list's from/to apply to the day the deadline fell.
 */
export const drillFigures = [
  'valid',
  'responded',
  'resolved',
  'rated',
  'overdue',
  'due',
  'closedOnTime',
  'reopened',
] as const;
export type DrillFigure = (typeof drillFigures)[number];
export const deadlineFigures: readonly DrillFigure[] = ['due', 'closedOnTime'];
/** The case_facts column (0/1) behind each drill-down figure. */
export const drillFigureColumn: Record<DrillFigure, Measure> = {
  valid: 'valid',
  responded: 'responded',
  resolved: 'resolved',
  rated: 'rated',
  overdue: 'overdue',
  due: 'due',
  closedOnTime: 'onTime',
  reopened: 'reopened',
};

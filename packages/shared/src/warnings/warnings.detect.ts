/**
 * 前响应 (proactive warnings), pure detection (DOMAIN.md §3, issue 5). The scan job (server
 * modules/warnings) reads bounded, grouped counts and hands them here; nothing here touches a database.
 *
 * Hotspots — why a Poisson upper tail and not a z-score: weekly counts of one area × category are small
 * integers (often 0–3). A z-score needs a standard deviation, which is 0 for a flat baseline (every week 1 →
 * any 2 is "infinitely" unusual) and is meaningless for 0–1 counts; the Poisson tail P(X ≥ observed | λ =
 * baseline mean) is defined for every baseline, grows sensibly with the baseline's size, and reads as "how
 * surprising is this week if nothing changed". Three guards keep it honest:
 *  - a minimum count (default 3), so 0 → 1 or 0 → 2 is never an alarm however small the p-value;
 *  - a floor on λ (default 0.2 a week), so a zero baseline does not make every case infinitely surprising;
 *  - a minimum history (default 4 weeks), so a pair (or a whole deployment) without a baseline stays quiet.
 * The sd of the baseline is reported next to the p-value for the reader, not used to decide.
 *
 * Repeats — the same building, compound or address (cases at no building, by their normalised address) with
 * ≥ N (default 3) cases of one category within a 30-day window.
 * Windows are day-aligned (Asia/Shanghai) and start on the day of the first case after the previous window
 * of that pair ended, so one cluster raises one warning (its count keeps growing until the window ends) and
 * the next cluster can only start after it.
 */
import { dayKey, periodRange } from '../cases/cases.periods.js';

export const DAY_MS = 24 * 3600_000;
export const WEEK_MS = 7 * DAY_MS;

export interface HotspotOptions {
  /** Trailing weeks that form a pair's baseline. */
  baselineWeeks: number;
  /** Fewer usable baseline weeks than this → no verdict (short history). */
  minHistoryWeeks: number;
  /** Raise when P(X ≥ observed) is strictly below this. */
  alpha: number;
  /** …and the week has at least this many cases. */
  minCount: number;
  /** λ never goes below this (cases per week), so a zero baseline is not infinitely surprising. */
  minRate: number;
}
export const defaultHotspotOptions: HotspotOptions = {
  baselineWeeks: 8,
  minHistoryWeeks: 4,
  alpha: 0.01,
  minCount: 3,
  minRate: 0.2,
};

export interface HotspotNumbers {
  observed: number;
  /** Mean of the baseline weeks. */
  baselineMean: number;
  baselineSd: number;
  /** The Poisson rate tested against: max(baselineMean, minRate). */
  expected: number;
  /** P(X ≥ observed | expected). */
  pValue: number;
  weeksUsed: number;
  /** Counts of the baseline weeks, oldest first. */
  baseline: number[];
  alpha: number;
  minCount: number;
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/** ln(n!) by summation: counts here are at most a few thousand, and exact sums beat a Stirling error. */
function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/**
 * P(X ≥ k) for X ~ Poisson(λ), accurate in the far tail (where alarms live): the terms are summed in log
 * space from k upwards until they stop mattering, never as 1 − (a sum close to 1).
 */
export function poissonUpperTail(k: number, lambda: number): number {
  if (!Number.isInteger(k) || k < 0) throw new Error(`k must be a non-negative integer: ${k}`);
  if (k === 0) return 1;
  if (lambda <= 0) return 0;
  if (k <= lambda) {
    // Not in the upper tail: 1 − P(X < k), with the lower terms summed the same way.
    let lower = 0;
    for (let i = 0; i < k; i++) lower += Math.exp(-lambda + i * Math.log(lambda) - logFactorial(i));
    return Math.min(1, Math.max(0, 1 - lower));
  }
  const logLambda = Math.log(lambda);
  let logTerm = -lambda + k * logLambda - logFactorial(k);
  let sum = 0;
  for (let i = k; i < k + 10_000; i++) {
    const term = Math.exp(logTerm);
    sum += term;
    if (term < sum * 1e-15) break;
    logTerm += logLambda - Math.log(i + 1);
  }
  return Math.min(1, sum);
}

/**
 * The verdict on one area × category week. `baseline` is the counts of the weeks before it (oldest first),
 * only weeks inside the known history; the last `baselineWeeks` of them are used. Null: no warning.
 */
export function hotspotVerdict(
  observed: number,
  baseline: readonly number[],
  opts: HotspotOptions = defaultHotspotOptions,
): HotspotNumbers | null {
  const used = baseline.slice(-opts.baselineWeeks);
  if (used.length < opts.minHistoryWeeks || observed < opts.minCount) return null;
  const numbers = hotspotNumbers(observed, used, opts);
  return numbers.pValue < opts.alpha ? numbers : null;
}

/** The numbers behind a verdict (also for a warning whose week is re-counted). */
export function hotspotNumbers(observed: number, used: readonly number[], opts: HotspotOptions): HotspotNumbers {
  const n = used.length;
  const mean = n ? used.reduce((a, b) => a + b, 0) / n : 0;
  const sd = n ? Math.sqrt(used.reduce((a, b) => a + (b - mean) ** 2, 0) / n) : 0;
  const expected = Math.max(mean, opts.minRate);
  return {
    observed,
    baselineMean: round(mean),
    baselineSd: round(sd),
    expected: round(expected),
    pValue: Number(poissonUpperTail(observed, expected).toPrecision(4)),
    weeksUsed: n,
    baseline: [...used],
    alpha: opts.alpha,
    minCount: opts.minCount,
  };
}

/** Weekly counts of one area × category, by week index (weekIndexOf). */
export interface HotspotSeries<K> {
  key: K;
  counts: ReadonlyMap<number, number>;
}

export interface HotspotHit<K> {
  key: K;
  /** Week index of the warned week. */
  week: number;
  numbers: HotspotNumbers;
}

/**
 * Evaluates each series at each of `weeks` (week indexes). Baseline weeks before `historyStart` (the first
 * week the deployment has any data) are left out, so a young deployment's empty past is not read as zeros.
 */
export function detectHotspots<K>(
  series: Iterable<HotspotSeries<K>>,
  weeks: readonly number[],
  historyStart: number,
  opts: HotspotOptions = defaultHotspotOptions,
): HotspotHit<K>[] {
  const hits: HotspotHit<K>[] = [];
  for (const s of series) {
    for (const week of weeks) {
      const observed = s.counts.get(week) ?? 0;
      if (observed < opts.minCount) continue;
      const baseline: number[] = [];
      for (let w = Math.max(historyStart, week - opts.baselineWeeks); w < week; w++)
        baseline.push(s.counts.get(w) ?? 0);
      const numbers = hotspotVerdict(observed, baseline, opts);
      if (numbers) hits.push({ key: s.key, week, numbers });
    }
  }
  return hits;
}

/**
 * ISO weeks (Monday 00:00 Asia/Shanghai) numbered from the one holding the epoch: the same index SQL computes
 * as (created_at + WEEK_SHIFT_MS) / WEEK_MS with integer division (1970-01-01 was a Thursday, 08:00 in Shanghai).
 */
export const WEEK_SHIFT_MS = 3 * DAY_MS + 8 * 3600_000;
export const weekIndexOf = (ms: number) => Math.floor((ms + WEEK_SHIFT_MS) / WEEK_MS);
export const weekStartOf = (index: number) => index * WEEK_MS - WEEK_SHIFT_MS;
/** Shanghai midnight starting the day that holds `ms`. */
export const dayStartOf = (ms: number) => periodRange(dayKey(ms)).start;

export interface RepeatOptions {
  minCount: number;
  windowDays: number;
}
export const defaultRepeatOptions: RepeatOptions = { minCount: 3, windowDays: 30 };

/** Cases of one subject (building, compound, address) and category; `count` cases at `at` (default 1). */
export interface RepeatEvent {
  pair: string;
  at: number;
  count?: number;
}
export interface Window {
  from: number;
  to: number;
}
export interface RepeatHit {
  pair: string;
  window: Window;
  observed: number;
  /** True when this re-counts a window that was already warned about. */
  existing: boolean;
}

/**
 * Repeat windows at `now`. `previous` holds each pair's latest warned window. A pair whose previous window
 * is still running gets it re-counted; otherwise a new window may start at the day of its first case after
 * both the previous window's end and the 30-day look-back — it holds every later case (all are before now,
 * and the window reaches past now), so it is a hit exactly when those cases number at least minCount.
 */
export function detectRepeats(
  events: readonly RepeatEvent[],
  now: number,
  previous: ReadonlyMap<string, Window>,
  opts: RepeatOptions = defaultRepeatOptions,
): RepeatHit[] {
  const byPair = new Map<string, RepeatEvent[]>();
  for (const e of events) {
    if (e.at > now) continue;
    const list = byPair.get(e.pair);
    if (list) list.push(e);
    else byPair.set(e.pair, [e]);
  }
  const lookBack = dayStartOf(now) - (opts.windowDays - 1) * DAY_MS;
  const hits: RepeatHit[] = [];
  for (const [pair, list] of byPair) {
    const prev = previous.get(pair);
    if (prev && prev.to > now) {
      const observed = sumIn(list, prev.from, prev.to);
      if (observed > 0) hits.push({ pair, window: prev, observed, existing: true });
      continue;
    }
    const cutoff = Math.max(lookBack, prev?.to ?? lookBack);
    const after = list.filter((e) => e.at >= cutoff);
    if (!after.length) continue;
    const first = Math.min(...after.map((e) => e.at));
    const from = dayStartOf(first);
    const window = { from, to: from + opts.windowDays * DAY_MS };
    const observed = sumIn(after, window.from, window.to);
    if (observed >= opts.minCount) hits.push({ pair, window, observed, existing: false });
  }
  return hits;
}

const sumIn = (list: readonly RepeatEvent[], from: number, to: number) =>
  list.reduce((s, e) => (e.at >= from && e.at < to ? s + (e.count ?? 1) : s), 0);

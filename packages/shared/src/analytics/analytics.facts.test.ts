import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CaseHistory, caseFigures, median } from '../cases/cases.figures.js';
import { caseStatuses } from '../cases/cases.lifecycle.js';
import {
  addSums,
  bucketBounds,
  condenseCase,
  contributions,
  contributionVectors,
  dateOfDayNumber,
  dayNumberOfDate,
  dayNumberStart,
  factsOf,
  figuresOfSums,
  HOUR_BUCKETS,
  hoursBucket,
  MEASURES,
  medianFromHistogram,
  shanghaiDayNumber,
  sumsOfVector,
  zeroSums,
} from './analytics.facts.js';

const H = 3600_000;
const T = Date.UTC(2025, 2, 3, 0, 0); // Monday 2025-03-03 08:00 Shanghai

describe('day numbers', () => {
  it('reads Shanghai days', () => {
    const d = shanghaiDayNumber(T);
    expect(dateOfDayNumber(d)).toBe('2025-03-03');
    expect(dayNumberOfDate('2025-03-03')).toBe(d);
    // 2025-03-02 23:59 Shanghai is the day before; 00:00 starts the day.
    expect(shanghaiDayNumber(dayNumberStart(d) - 1)).toBe(d - 1);
    expect(shanghaiDayNumber(dayNumberStart(d))).toBe(d);
  });
});

describe('condenseCase', () => {
  const snap = { createdAt: T, respondBy: T + 2 * H, resolveBy: T + 24 * H, handlerAccountId: 5, handlerOrgId: null };
  it('condenses a history with a return, a rework, a close, a rating and a reopen', () => {
    const ev = (action: string, toStatus: string, at: number, data?: object) => ({ action, toStatus, at, data });
    const c = condenseCase(snap, [
      ev('create', 'submitted', T),
      ev('register', 'registered', T + H / 2),
      ev('dispatch', 'dispatched', T + H),
      ev('return', 'registered', T + 1.5 * H),
      ev('dispatch', 'dispatched', T + 2 * H),
      ev('accept', 'accepted', T + 3 * H),
      ev('resolve', 'resolved', T + 5 * H),
      ev('rework', 'accepted', T + 6 * H),
      ev('resolve', 'resolved', T + 8 * H),
      ev('verify', 'verified', T + 9 * H),
      ev('close', 'closed', T + 10 * H),
      ev('rate', 'closed', T + 11 * H, { rating: 'basic' }),
    ]);
    expect(c).toEqual({
      submittedAt: T,
      status: 'closed',
      wasRegistered: true,
      rejected: false,
      firstAcceptAt: T + 3 * H,
      respondBy: T + 2 * H,
      resolvedAt: T + 8 * H,
      resolveBy: T + 24 * H,
      closedAt: T + 10 * H,
      rating: 'basic',
      reopened: false,
      dispatches: 2,
      returned: 1,
      handlerKey: 'account:5',
    });
    const f = factsOf(c, T + 48 * H);
    expect(f).toMatchObject({ valid: 1, responded: 0, resolved: 1, rated: 1, satPoints: 9, due: 1, onTime: 1 });
    expect(f).toMatchObject({ overdue: 0, dispatches: 2, returned: 1, handled: 1, handlingMs: 8 * H, closedEver: 1 });
  });
  it('treats a rejection as submitted only and prefers the organisation as handler', () => {
    const c = condenseCase({ ...snap, handlerOrgId: 3 }, [
      { action: 'create', toStatus: 'submitted', at: T },
      { action: 'reject', toStatus: 'rejected', at: T + H },
    ]);
    expect(c).toMatchObject({ status: 'rejected', rejected: true, wasRegistered: false, handlerKey: 'organisation:3' });
    const f = factsOf(c, T + 100 * H);
    expect(f).toMatchObject({ submitted: 1, valid: 0, due: 0, overdue: 0, dueDay: null });
  });
});

describe('hours histogram', () => {
  it('has monotone, contiguous buckets', () => {
    for (let i = 1; i < HOUR_BUCKETS - 1; i++) expect(bucketBounds(i)[0]).toBeCloseTo(bucketBounds(i - 1)[1], 12);
    expect(hoursBucket(0)).toBe(0);
    expect(hoursBucket(H / 8)).toBe(1);
    expect(hoursBucket(H / 4)).toBe(5);
    expect(hoursBucket(1e12)).toBe(HOUR_BUCKETS - 1);
  });
  it('puts every time inside its bucket', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 * H }), (ms) => {
        const [lo, hi] = bucketBounds(hoursBucket(ms));
        const h = ms / H;
        expect(h >= lo - 1e-9 && h < hi + 1e-9).toBe(true);
      }),
    );
  });
  it('gives a median inside the bucket bounds of the exact median', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 * H }), { minLength: 1, maxLength: 60 }), (xs) => {
        const hist = new Map<number, number>();
        for (const x of xs) hist.set(hoursBucket(x), (hist.get(hoursBucket(x)) ?? 0) + 1);
        const sorted = [...xs].sort((a, b) => a - b);
        const lo = bucketBounds(hoursBucket(sorted[(sorted.length - 1) >> 1]!))[0];
        const hi = bucketBounds(hoursBucket(sorted[sorted.length >> 1]!))[1];
        const m = medianFromHistogram(hist)!;
        expect(m).toBeGreaterThanOrEqual(lo - 1e-9);
        expect(m).toBeLessThanOrEqual(hi + 1e-9);
        expect(median(xs.map((x) => x / H))).not.toBeNull();
      }),
    );
    expect(medianFromHistogram(new Map())).toBeNull();
  });
});

const arbHistory: fc.Arbitrary<CaseHistory> = fc
  .record({
    status: fc.constantFrom(...caseStatuses),
    wasRegistered: fc.boolean(),
    accept: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    respond: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    resolved: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    resolve: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    closed: fc.option(fc.integer({ min: 0, max: 250 }), { nil: null }),
    rating: fc.constantFrom('satisfied', 'basic', 'unsatisfied', null),
    reopened: fc.boolean(),
    dispatches: fc.integer({ min: 0, max: 3 }),
    returned: fc.integer({ min: 0, max: 4 }),
    day: fc.integer({ min: 0, max: 40 }),
  })
  .map((r) => {
    const at = (h: number | null) => (h === null ? null : T + r.day * 24 * H + h * H);
    return {
      submittedAt: T + r.day * 24 * H,
      status: r.status,
      wasRegistered: r.wasRegistered,
      rejected: r.status === 'rejected',
      firstAcceptAt: at(r.accept),
      respondBy: at(r.respond),
      resolvedAt: at(r.resolved),
      resolveBy: at(r.resolve),
      closedAt: at(r.closed),
      rating: r.rating as CaseHistory['rating'],
      reopened: r.reopened,
      dispatches: r.dispatches,
      returned: r.returned,
      handlerKey: null,
    };
  });

describe('figures of summed facts equal caseFigures of the cases', () => {
  it('holds for random cases (all but the median, which is the histogram estimate)', () => {
    fc.assert(
      fc.property(fc.array(arbHistory, { maxLength: 40 }), fc.integer({ min: 0, max: 60 * 24 }), (cases, nowH) => {
        const now = T + nowH * H;
        const sums = zeroSums();
        const hist = new Map<number, number>();
        for (const c of cases) {
          const f = factsOf(c, now);
          for (const part of contributions(f)) addSums(sums, part.sums);
          if (f.hoursBucket !== null) hist.set(f.hoursBucket, (hist.get(f.hoursBucket) ?? 0) + 1);
        }
        const want = caseFigures(cases, { now });
        const got = figuresOfSums(sums, hist);
        for (const k of Object.keys(want) as (keyof typeof want)[]) {
          if (k === 'medianHandlingHours') continue;
          const [a, b] = [got[k], want[k]];
          if (a === null || b === null) expect(a).toBe(b);
          else expect(a).toBeCloseTo(b, 9);
        }
        expect(got.medianHandlingHours === null).toBe(want.medianHandlingHours === null);
      }),
      { numRuns: 300 },
    );
  });
  it('puts the deadline measures on the deadline day', () => {
    const c = condenseCase(
      { createdAt: T, respondBy: null, resolveBy: T + 50 * H, handlerAccountId: null, handlerOrgId: null },
      [
        { action: 'create', toStatus: 'submitted', at: T },
        { action: 'register', toStatus: 'registered', at: T + H },
      ],
    );
    const parts = contributions(factsOf(c, T + 100 * H));
    expect(parts.map((p) => [p.day - shanghaiDayNumber(T), p.sums.submitted, p.sums.due, p.sums.overdue])).toEqual([
      [0, 1, 0, 1],
      [2, 0, 1, 0],
    ]);
  });

  it('gives the same contributions as value vectors, negated for a case taken out', () => {
    const c = condenseCase(
      { createdAt: T, respondBy: null, resolveBy: T + 2 * H, handlerAccountId: null, handlerOrgId: null },
      [
        { action: 'create', toStatus: 'submitted', at: T },
        { action: 'register', toStatus: 'registered', at: T + H },
      ],
    );
    const f = factsOf(c, T + 10 * H);
    // The deadline fell on the submission day: one part carries both.
    expect(contributions(f)).toHaveLength(1);
    const taken = contributionVectors(f, -1);
    expect(taken.map((p) => ({ day: p.day, sums: sumsOfVector(p.v.map((x) => 0 - x)) }))).toEqual(contributions(f));
    expect(taken[0]!.v[MEASURES.indexOf('due')]).toBe(-1);
  });
});

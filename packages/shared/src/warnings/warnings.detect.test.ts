import { describe, expect, it } from 'vitest';
import { isoWeekKey, periodRange } from '../cases/cases.periods.js';
import {
  DAY_MS,
  dayStartOf,
  detectHotspots,
  detectRepeats,
  defaultHotspotOptions as H,
  hotspotVerdict,
  poissonUpperTail,
  type RepeatEvent,
  weekIndexOf,
  weekStartOf,
} from './warnings.detect.js';

describe('poissonUpperTail', () => {
  it('matches hand-computed tails', () => {
    // P(X ≥ 3 | 0.2) = 1 − e^-0.2 (1 + 0.2 + 0.02)
    expect(poissonUpperTail(3, 0.2)).toBeCloseTo(1 - Math.exp(-0.2) * 1.22, 10);
    // P(X ≥ 1 | 2) = 1 − e^-2
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(poissonUpperTail(0, 5)).toBe(1);
    expect(poissonUpperTail(4, 0)).toBe(0);
  });
  it('stays accurate far in the tail and for large rates', () => {
    // P(X ≥ 20 | 1) ≈ e^-1 / 20! · (1 + 1/21 + …) ≈ 1.5e-19: no cancellation to 0.
    const p = poissonUpperTail(20, 1);
    expect(p).toBeGreaterThan(1.5e-19);
    expect(p).toBeLessThan(1.7e-19);
    const big = poissonUpperTail(1200, 1000);
    expect(big).toBeGreaterThan(1e-10);
    expect(big).toBeLessThan(1e-8);
    expect(poissonUpperTail(1000, 1000)).toBeGreaterThan(0.49);
  });
  it('decreases as the count grows', () => {
    let last = 1;
    for (let k = 0; k < 30; k++) {
      const p = poissonUpperTail(k, 4.5);
      expect(p).toBeLessThanOrEqual(last);
      last = p;
    }
  });
});

describe('hotspotVerdict', () => {
  it('raises a clear spike with its numbers', () => {
    const n = hotspotVerdict(9, [1, 2, 1, 0, 2, 1, 1, 0]);
    expect(n).not.toBeNull();
    expect(n?.observed).toBe(9);
    expect(n?.baselineMean).toBe(1);
    expect(n?.baselineSd).toBeCloseTo(Math.sqrt(0.5), 4);
    expect(n?.weeksUsed).toBe(8);
    expect(n?.pValue).toBeLessThan(1e-5);
  });
  it('stays quiet for an ordinary week', () => {
    expect(hotspotVerdict(3, [2, 3, 2, 4, 3, 2, 3, 3])).toBeNull();
  });
  it('needs the minimum count: 0 → 2 is no alarm, 0 → 3 is', () => {
    expect(hotspotVerdict(2, [0, 0, 0, 0, 0, 0, 0, 0])).toBeNull();
    const n = hotspotVerdict(3, [0, 0, 0, 0, 0, 0, 0, 0]);
    expect(n?.expected).toBe(0.2); // the floor, not λ = 0
    expect(n?.pValue).toBeCloseTo(1 - Math.exp(-0.2) * 1.22, 4);
  });
  it('uses the threshold strictly (a tie with alpha is no alarm)', () => {
    const p = poissonUpperTail(5, 1);
    const base = [1, 1, 1, 1, 1, 1, 1, 1];
    expect(hotspotVerdict(5, base, { ...H, alpha: p })).toBeNull();
    expect(hotspotVerdict(5, base, { ...H, alpha: p * 1.0001 })).not.toBeNull();
  });
  it('gives no verdict on a short history', () => {
    expect(hotspotVerdict(20, [0, 0, 1])).toBeNull();
    expect(hotspotVerdict(20, [0, 0, 1, 0])?.weeksUsed).toBe(4);
  });
  it('uses only the last baselineWeeks weeks', () => {
    const n = hotspotVerdict(10, [50, 50, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(n?.baselineMean).toBe(1);
    expect(n?.baseline).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });
  it('follows configured thresholds', () => {
    const base = [1, 1, 1, 1, 1, 1, 1, 1];
    expect(hotspotVerdict(4, base)).toBeNull(); // p ≈ 0.019
    expect(hotspotVerdict(4, base, { ...H, alpha: 0.05 })).not.toBeNull();
    expect(hotspotVerdict(4, base, { ...H, alpha: 0.05, minCount: 5 })).toBeNull();
  });
});

describe('detectHotspots', () => {
  const now = Date.UTC(2026, 10, 18, 4); // Wed 18 Nov 2026, 12:00 Shanghai
  const w = weekIndexOf(now);
  it('numbers ISO weeks in Asia/Shanghai', () => {
    expect(periodRange(isoWeekKey(now)).start).toBe(weekStartOf(w));
    // Monday 00:00 Shanghai is Sunday 16:00 UTC: the first millisecond of the week, the last of the one before.
    const monday = weekStartOf(w);
    expect(weekIndexOf(monday)).toBe(w);
    expect(weekIndexOf(monday - 1)).toBe(w - 1);
    expect(isoWeekKey(monday)).toBe('2026-W47');
  });
  it('evaluates each requested week against its own trailing baseline', () => {
    const counts = new Map<number, number>();
    for (let i = 1; i <= 10; i++) counts.set(w - i, 1);
    counts.set(w - 1, 8); // last week spiked
    counts.set(w, 2);
    const hits = detectHotspots([{ key: 'a', counts }], [w - 1, w], w - 20);
    expect(hits.map((h) => h.week)).toEqual([w - 1]);
    expect(hits[0]?.numbers.baseline).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });
  it('counts missing weeks as zero inside the history and ignores weeks before it', () => {
    const counts = new Map([[w, 4]]);
    expect(detectHotspots([{ key: 'a', counts }], [w], w - 20)[0]?.numbers.baseline).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(detectHotspots([{ key: 'a', counts }], [w], w - 3)).toEqual([]); // 3 weeks of history only
    expect(detectHotspots([{ key: 'a', counts }], [w], w - 5)[0]?.numbers.weeksUsed).toBe(5);
  });
});

describe('detectRepeats', () => {
  const now = Date.UTC(2026, 10, 18, 4);
  const today = dayStartOf(now);
  const ev = (daysAgo: number, pair = 'b1', count = 1): RepeatEvent => ({ pair, at: now - daysAgo * DAY_MS, count });
  it('raises three cases of a pair within the window, from the day of the first', () => {
    const hits = detectRepeats([ev(20), ev(5), ev(0), ev(1, 'b2'), ev(2, 'b2')], now, new Map());
    expect(hits).toEqual([
      { pair: 'b1', window: { from: today - 20 * DAY_MS, to: today + 10 * DAY_MS }, observed: 3, existing: false },
    ]);
  });
  it('needs the cases inside the 30-day look-back', () => {
    expect(detectRepeats([ev(30), ev(5), ev(0)], now, new Map())).toEqual([]);
    expect(detectRepeats([ev(29), ev(5), ev(0)], now, new Map())).toHaveLength(1);
  });
  it('counts a grouped event by its count, at the threshold exactly', () => {
    expect(detectRepeats([ev(3, 'b1', 2)], now, new Map())).toEqual([]);
    expect(detectRepeats([ev(3, 'b1', 3)], now, new Map())[0]?.observed).toBe(3);
    expect(detectRepeats([ev(3, 'b1', 4)], now, new Map(), { minCount: 5, windowDays: 30 })).toEqual([]);
  });
  it('re-counts a running window instead of opening another', () => {
    const prev = { from: today - 10 * DAY_MS, to: today + 20 * DAY_MS };
    const hits = detectRepeats([ev(10), ev(9), ev(8), ev(0)], now, new Map([['b1', prev]]));
    expect(hits).toEqual([{ pair: 'b1', window: prev, observed: 4, existing: true }]);
  });
  it('starts the next window only after the previous one ended', () => {
    const prev = { from: today - 35 * DAY_MS, to: today - 5 * DAY_MS };
    // Cases 6 days ago belong to the old window; only the three since it ended count.
    expect(detectRepeats([ev(6), ev(6), ev(4), ev(2)], now, new Map([['b1', prev]]))).toEqual([]);
    const hits = detectRepeats([ev(6), ev(4), ev(3), ev(2)], now, new Map([['b1', prev]]));
    expect(hits[0]?.window.from).toBe(today - 4 * DAY_MS);
    expect(hits[0]?.observed).toBe(3);
  });
  it('ignores cases after now', () => {
    expect(detectRepeats([ev(1), ev(0), ev(-1)], now, new Map())).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import holidays from '../../../../apps/server/src/db/reference/holidays-cn.json' with { type: 'json' };
import { DAY_MS, dayOf, dayStartMs, MINUTE_MS } from './calendar.js';
import {
  addWorkingDays,
  addWorkingMinutes,
  calendarFromHolidayJson,
  isWorkingDay,
  isWorkingTime,
  nextWorkingInstant,
  shanghaiMs,
  workingMinutesBetween,
  workingMsBetween,
} from './worktime.js';

// Instants run past the calendar's end (2026) on purpose: the weekends-only fallback must obey the same laws.
const cal = calendarFromHolidayJson(holidays, undefined, () => {});
const FROM = shanghaiMs('2024-12-20');
const TO = shanghaiMs('2027-03-01');
const anyInstant = fc.integer({ min: FROM, max: TO });
const minuteInstant = fc.integer({ min: FROM / MINUTE_MS, max: TO / MINUTE_MS }).map((m) => m * MINUTE_MS);
const workingInstant = anyInstant.map((t) => nextWorkingInstant(cal, t));
const minutes = fc.integer({ min: 0, max: 30_000 }); // up to ~70 working days

const periodEnds = cal.periods.map(([, end]) => end * MINUTE_MS);
function isPeriodEndOfWorkingDay(ms: number): boolean {
  return isWorkingDay(cal, ms) && periodEnds.includes(ms - dayStartMs(dayOf(ms)));
}

/** Minute-by-minute reference: slow, obviously right (isWorkingTime itself is checked by concrete tests). */
function naiveAdd(start: number, m: number): number {
  let t = start;
  let left = m;
  while (left > 0) {
    if (isWorkingTime(cal, t)) left--;
    t += MINUTE_MS;
  }
  return t;
}
function naiveBetween(a: number, b: number): number {
  let n = 0;
  for (let t = a; t < b; t += MINUTE_MS) if (isWorkingTime(cal, t)) n++;
  return n;
}

describe('working-time laws (fast-check)', () => {
  it('addWorkingMinutes is strictly increasing in minutes', () => {
    fc.assert(
      fc.property(anyInstant, minutes, minutes, (t, a, b) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(addWorkingMinutes(cal, t, lo)).toBeLessThan(addWorkingMinutes(cal, t, hi));
      }),
    );
  });

  it('is additive from working time: add(add(t, a), b) = add(t, a + b)', () => {
    fc.assert(
      fc.property(workingInstant, minutes, minutes, (t, a, b) => {
        expect(addWorkingMinutes(cal, addWorkingMinutes(cal, t, a), b)).toBe(addWorkingMinutes(cal, t, a + b));
      }),
    );
  });

  it('workingMinutesBetween(t, add(t, m)) = m, from any instant', () => {
    fc.assert(
      fc.property(anyInstant, minutes, (t, m) => {
        expect(workingMinutesBetween(cal, t, addWorkingMinutes(cal, t, m))).toBe(m);
      }),
    );
  });

  it('results fall in working time or exactly at a period end of a working day', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: 1, max: 30_000 }), (t, m) => {
        const r = addWorkingMinutes(cal, t, m);
        expect(r).toBeGreaterThan(t);
        expect(isWorkingTime(cal, r) || isPeriodEndOfWorkingDay(r)).toBe(true);
      }),
    );
  });

  it('workingMinutesBetween is additive over a split point and bounded by the span', () => {
    fc.assert(
      fc.property(anyInstant, anyInstant, anyInstant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        const ab = workingMsBetween(cal, a, b);
        expect(ab + workingMsBetween(cal, b, c)).toBe(workingMsBetween(cal, a, c));
        expect(ab).toBeLessThanOrEqual(b - a);
        expect(workingMsBetween(cal, b, a)).toBe(0);
      }),
    );
  });

  it('agrees with a minute-by-minute reference on short spans', () => {
    fc.assert(
      fc.property(minuteInstant, fc.integer({ min: 0, max: 1_500 }), (t, m) => {
        expect(addWorkingMinutes(cal, t, m)).toBe(m === 0 ? t : naiveAdd(t, m));
      }),
      { numRuns: 60 },
    );
    fc.assert(
      fc.property(minuteInstant, fc.integer({ min: 0, max: 6 * 1440 }), (a, span) => {
        expect(workingMinutesBetween(cal, a, a + span * MINUTE_MS)).toBe(naiveBetween(a, a + span * MINUTE_MS));
      }),
      { numRuns: 60 },
    );
  });

  it('addWorkingDays ends a working day after the day of receipt, N working days later', () => {
    const dayWork = cal.periods.reduce((sum, [s, e]) => sum + e - s, 0);
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: 1, max: 60 }), (t, n) => {
        const r = addWorkingDays(cal, t, n);
        const lastEnd = cal.periods.at(-1)![1] * MINUTE_MS;
        expect(isWorkingDay(cal, r)).toBe(true);
        expect(r - dayStartMs(dayOf(r))).toBe(lastEnd);
        expect(dayOf(r)).toBeGreaterThan(dayOf(t));
        // Exactly n full working days from the start of the day after receipt up to the deadline.
        expect(workingMinutesBetween(cal, dayStartMs(dayOf(t) + 1), r)).toBe(n * dayWork);
        expect(addWorkingDays(cal, t, n + 1)).toBeGreaterThan(r);
      }),
    );
  });

  it('nextWorkingInstant is the earliest working instant at or after t', () => {
    fc.assert(
      fc.property(anyInstant, (t) => {
        const w = nextWorkingInstant(cal, t);
        expect(w).toBeGreaterThanOrEqual(t);
        expect(isWorkingTime(cal, w)).toBe(true);
        expect(workingMinutesBetween(cal, t, w)).toBe(0);
        expect(w - t).toBeLessThan(20 * DAY_MS);
      }),
    );
  });
});

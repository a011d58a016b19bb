import { describe, expect, it } from 'vitest';
import {
  byHandler,
  byPeriod,
  type CaseHistory,
  caseFigures,
  compositeScore,
  groupFigures,
  handlerKey,
  isOverdue,
  median,
  satisfactionRate,
} from './cases.figures.js';
import { dayKey, isoWeekKey, monthKey, periodKeysBetween, periodLabel, periodRange } from './cases.periods.js';

const H = 3600_000;
/** Monday 2025-03-03 08:00 in Shanghai. */
const T = Date.UTC(2025, 2, 3, 0, 0);

const base: CaseHistory = {
  submittedAt: T,
  status: 'registered',
  wasRegistered: true,
  rejected: false,
  firstAcceptAt: null,
  respondBy: T + 2 * H,
  resolvedAt: null,
  resolveBy: T + 24 * H,
  closedAt: null,
  rating: null,
  reopened: false,
  dispatches: 0,
  returned: 0,
  handlerKey: null,
};
const mk = (o: Partial<CaseHistory>): CaseHistory => ({ ...base, ...o });

// The hand-computed example (see the comments for each case's part).
const A = mk({
  status: 'closed',
  firstAcceptAt: T + H,
  resolvedAt: T + 10 * H,
  closedAt: T + 12 * H,
  rating: 'satisfied',
  dispatches: 1,
  handlerKey: 'organisation:1',
});
// Accepted late, resolved late (overdue), closed late, rated basic, one of two dispatches returned.
const B = mk({
  status: 'closed',
  firstAcceptAt: T + 3 * H,
  resolvedAt: T + 30 * H,
  closedAt: T + 40 * H,
  rating: 'basic',
  dispatches: 2,
  returned: 1,
  handlerKey: 'organisation:1',
});
// Accepted exactly at the response deadline (tie counts), still open past its resolution deadline.
const C = mk({
  status: 'accepted',
  firstAcceptAt: T + 2 * H,
  resolveBy: T + 48 * H,
  dispatches: 1,
  handlerKey: 'account:5',
});
// Rejected at intake: counts as submitted only.
const D = mk({ status: 'rejected', wasRegistered: false, rejected: true, respondBy: null, resolveBy: null });
// Closed exactly at the deadline (tie counts), after a reopen; rated unsatisfied.
const E = mk({
  status: 'closed',
  firstAcceptAt: T + H,
  resolvedAt: T + 20 * H,
  closedAt: T + 24 * H,
  rating: 'unsatisfied',
  reopened: true,
  dispatches: 1,
  handlerKey: 'account:5',
});
// No response deadline (any accept responds); suspended: not overdue, not yet in the on-time cohort.
const F = mk({
  status: 'suspended',
  firstAcceptAt: T + H,
  respondBy: null,
  resolveBy: T + 30 * H,
  dispatches: 1,
  handlerKey: 'account:5',
});
const NOW = T + 72 * H;

describe('case figures — hand-computed example', () => {
  const f = caseFigures([A, B, C, D, E, F], { now: NOW });
  it('counts', () => {
    expect(f).toMatchObject({ submitted: 6, valid: 5, responded: 4, resolved: 3, rated: 3, overdue: 2 });
  });
  it('rates', () => {
    expect(f.responseRate).toBeCloseTo(0.8, 12);
    expect(f.resolutionRate).toBeCloseTo(0.6, 12);
    expect(f.satisfactionRate).toBeCloseTo(1.9 / 3, 12);
    expect(f.composite).toBeCloseTo(0.08 + 0.3 + 0.4 * (1.9 / 3), 12);
    expect(f.onTimeCloseRate).toBeCloseTo(2 / 4, 12); // cohort A B C E; on time A, E
    expect(f.dispatchAccuracy).toBeCloseTo(5 / 6, 12);
    expect(f.reopenRate).toBeCloseTo(1 / 3, 12);
  });
  it('handling hours', () => {
    expect(f.avgHandlingHours).toBe(20); // 10, 30, 20
    expect(f.medianHandlingHours).toBe(20);
  });
});

describe('zero denominators and boundaries', () => {
  it('gives null rates and zero counts for no cases', () => {
    expect(caseFigures([], { now: NOW })).toEqual({
      submitted: 0,
      valid: 0,
      responded: 0,
      resolved: 0,
      rated: 0,
      responseRate: null,
      resolutionRate: null,
      satisfactionRate: null,
      composite: null,
      onTimeCloseRate: null,
      dispatchAccuracy: null,
      overdue: 0,
      avgHandlingHours: null,
      medianHandlingHours: null,
      reopenRate: null,
    });
  });
  it('gives null rates when every case was rejected', () => {
    const f = caseFigures([D, D], { now: NOW });
    expect(f.submitted).toBe(2);
    expect([f.responseRate, f.resolutionRate, f.satisfactionRate, f.composite, f.dispatchAccuracy]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
  it('judges deadlines inclusively, one millisecond decides', () => {
    expect(caseFigures([mk({ firstAcceptAt: T + 2 * H })], { now: NOW }).responded).toBe(1);
    expect(caseFigures([mk({ firstAcceptAt: T + 2 * H + 1 })], { now: NOW }).responded).toBe(0);
    expect(isOverdue(mk({}), T + 24 * H)).toBe(false);
    expect(isOverdue(mk({}), T + 24 * H + 1)).toBe(true);
    expect(isOverdue(mk({ status: 'resolved', resolvedAt: T + 24 * H }), NOW)).toBe(false);
    expect(isOverdue(mk({ status: 'verified', resolvedAt: T + 24 * H + 1 }), NOW)).toBe(true);
    // Reworked: the old resolution no longer counts, the clock runs on.
    expect(isOverdue(mk({ status: 'accepted', resolvedAt: T + H }), NOW)).toBe(true);
    expect(isOverdue(D, NOW)).toBe(false);
  });
  it('counts the on-time cohort only once the deadline has fallen', () => {
    const early = mk({ status: 'closed', resolvedAt: T + H, closedAt: T + 2 * H });
    expect(caseFigures([early], { now: T + 24 * H - 1 }).onTimeCloseRate).toBeNull();
    expect(caseFigures([early], { now: T + 24 * H }).onTimeCloseRate).toBe(1);
    // Reopened and not closed again: not closed on time.
    expect(caseFigures([{ ...early, status: 'registered', reopened: true }], { now: NOW }).onTimeCloseRate).toBe(0);
  });
  it('never lets returns exceed dispatches', () => {
    expect(caseFigures([mk({ dispatches: 1, returned: 3 })], { now: NOW }).dispatchAccuracy).toBe(0);
  });
});

describe('satisfaction and composite', () => {
  it('weighs 基本满意 at 0.9 and ignores unrated', () => {
    expect(satisfactionRate(['satisfied', 'basic', null, 'unsatisfied'])).toBeCloseTo(1.9 / 3, 12);
    expect(satisfactionRate(['basic'])).toBeCloseTo(0.9, 12);
    expect(satisfactionRate([null, null])).toBeNull();
  });
  it('renormalises the weights over non-null components', () => {
    expect(compositeScore({ response: 1, resolution: 0.5, satisfaction: null })).toBeCloseTo((0.1 + 0.25) / 0.6, 12);
    expect(compositeScore({ response: null, resolution: null, satisfaction: 0.7 })).toBeCloseTo(0.7, 12);
    expect(compositeScore({ response: null, resolution: null, satisfaction: null })).toBeNull();
    const w = { response: 1, resolution: 1, satisfaction: 2 };
    expect(compositeScore({ response: 1, resolution: 0, satisfaction: 0.5 }, w)).toBeCloseTo(0.5, 12);
    expect(compositeScore({ response: 1, resolution: 0, satisfaction: null }, w)).toBeCloseTo(0.5, 12);
    expect(
      compositeScore({ response: 1, resolution: 1, satisfaction: 1 }, { response: 0, resolution: 0, satisfaction: 0 }),
    ).toBeNull();
  });
  it('uses configured weights in caseFigures', () => {
    const f = caseFigures([A], { now: NOW, weights: { response: 0, resolution: 0, satisfaction: 1 } });
    expect(f.composite).toBe(1);
  });
  it('takes medians with ties and even counts', () => {
    expect(median([5, 1, 5, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });
});

describe('periods (Asia/Shanghai, +8 h)', () => {
  it('cuts days at Shanghai midnight', () => {
    expect(dayKey(Date.UTC(2025, 2, 2, 15, 59, 59, 999))).toBe('2025-03-02');
    expect(dayKey(Date.UTC(2025, 2, 2, 16))).toBe('2025-03-03');
    expect(monthKey(Date.UTC(2025, 11, 31, 16))).toBe('2026-01');
    expect(monthKey(Date.UTC(2025, 11, 31, 15, 59))).toBe('2025-12');
  });
  it('numbers ISO weeks by week-year', () => {
    expect(isoWeekKey(Date.UTC(2025, 2, 2, 12))).toBe('2025-W09'); // Sunday 20:00
    expect(isoWeekKey(Date.UTC(2025, 2, 2, 16))).toBe('2025-W10'); // Monday 00:00
    expect(isoWeekKey(Date.UTC(2024, 11, 30, 4))).toBe('2025-W01');
    expect(isoWeekKey(Date.UTC(2021, 0, 1, 4))).toBe('2020-W53');
    expect(isoWeekKey(Date.UTC(2026, 11, 31, 4))).toBe('2026-W53');
    expect(isoWeekKey(Date.UTC(2027, 0, 3, 4))).toBe('2026-W53');
    expect(isoWeekKey(Date.UTC(2027, 0, 3, 16))).toBe('2027-W01');
  });
  it('maps keys back to [start, end)', () => {
    expect(periodRange('2025-03-03')).toEqual({ start: Date.UTC(2025, 2, 2, 16), end: Date.UTC(2025, 2, 3, 16) });
    expect(periodRange('2025-W10')).toEqual({ start: Date.UTC(2025, 2, 2, 16), end: Date.UTC(2025, 2, 9, 16) });
    expect(periodRange('2020-W53').start).toBe(Date.UTC(2020, 11, 27, 16));
    expect(periodRange('2025-12')).toEqual({ start: Date.UTC(2025, 10, 30, 16), end: Date.UTC(2025, 11, 31, 16) });
    for (const key of ['2025-02-28', '2024-W52', '2025-W01', '2024-02']) {
      const { start, end } = periodRange(key);
      const of = key.includes('W') ? isoWeekKey : key.length === 7 ? monthKey : dayKey;
      expect([of(start), of(end - 1), of(end)].map((k) => k === key)).toEqual([true, true, false]);
    }
    expect(() => periodRange('2025/03')).toThrow();
  });
  it('lists keys between two instants and labels them', () => {
    expect(periodKeysBetween(Date.UTC(2024, 10, 15), Date.UTC(2025, 1, 1), 'month')).toEqual([
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
    ]);
    expect(periodKeysBetween(Date.UTC(2024, 11, 25), Date.UTC(2025, 0, 8), 'week')).toEqual([
      '2024-W52',
      '2025-W01',
      '2025-W02',
    ]);
    expect(periodLabel('2025-W09')).toEqual({ 'zh-CN': '2025年第9周', en: '2025 W09' });
    expect(periodLabel('2025-03')['zh-CN']).toBe('2025年3月');
    expect(periodLabel('2025-03-03')['zh-CN']).toBe('2025年3月3日');
  });
});

describe('grouping', () => {
  it('groups by submission period, and the on-time cohort by deadline period', () => {
    const feb = mk({
      submittedAt: Date.UTC(2025, 1, 27),
      resolveBy: Date.UTC(2025, 2, 3),
      status: 'closed',
      closedAt: Date.UTC(2025, 2, 1),
      resolvedAt: Date.UTC(2025, 1, 28),
    });
    const mar = mk({ submittedAt: Date.UTC(2025, 2, 10), resolveBy: Date.UTC(2025, 2, 11) });
    const groups = groupFigures([mar, feb], byPeriod('month'), { now: NOW * 2 });
    expect(groups.map((g) => [g.key, g.submitted, g.onTimeCloseRate])).toEqual([
      ['2025-02', 1, null],
      ['2025-03', 1, 0.5],
    ]);
  });
  it('groups by handler, leaving cases without one out', () => {
    const groups = groupFigures([A, B, C, D, E, F], byHandler, { now: NOW });
    expect(groups.map((g) => [g.key, g.submitted, g.resolved])).toEqual([
      ['account:5', 3, 1],
      ['organisation:1', 2, 2],
    ]);
    expect(groups[1]!.dispatchAccuracy).toBeCloseTo(2 / 3, 12);
    expect(handlerKey('organisation', 1)).toBe('organisation:1');
  });
});

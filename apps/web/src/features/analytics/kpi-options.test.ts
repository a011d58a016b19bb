import type { KpiGroup } from '@grassroots/shared/analytics/analytics.schema';
import { describe, expect, it } from 'vitest';
import { categoryOption, trendGrouping, trendOption } from './kpi-options';

const group = (key: string, submitted: number, rates: Partial<KpiGroup> = {}): KpiGroup =>
  ({
    key,
    label: `L${key}`,
    submitted,
    valid: submitted,
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
    ...rates,
  }) as KpiGroup;

const labels = {
  submitted: '受理量',
  responseRate: '响应率',
  resolutionRate: '解决率',
  satisfactionRate: '满意率',
  cases: '件',
  rate: '%',
};

describe('trendOption', () => {
  it('bars of cases and three rate lines in per cent, gaps where a rate has no denominator', () => {
    const o = trendOption([group('a', 4, { responseRate: 0.755 }), group('b', 0)], labels);
    expect(o.xAxis.data).toEqual(['La', 'Lb']);
    expect(o.series.map((s) => [s.name, s.type])).toEqual([
      ['受理量', 'bar'],
      ['响应率', 'line'],
      ['解决率', 'line'],
      ['满意率', 'line'],
    ]);
    expect(o.series[0]?.data).toEqual([4, 0]);
    expect(o.series[1]?.data).toEqual([75.5, null]);
    expect(o.yAxis[1]).toMatchObject({ min: 0, max: 100 });
  });
});

describe('categoryOption', () => {
  it('the largest categories on top, empty ones left out, at most `limit`', () => {
    const o = categoryOption([group('1', 3), group('2', 9), group('3', 0), group('4', 5)], labels, 2);
    // Drawn bottom-up: the largest is last.
    expect(o.yAxis.data).toEqual(['L4', 'L2']);
    expect(o.series[0]?.data).toEqual([
      { value: 5, key: '4' },
      { value: 9, key: '2' },
    ]);
  });
});

describe('trendGrouping', () => {
  it('days for a month, weeks for a quarter, months beyond', () => {
    expect(trendGrouping('2026-11-01', '2026-11-30')).toBe('day');
    expect(trendGrouping('2026-09-01', '2026-11-30')).toBe('week');
    expect(trendGrouping('2025-12-01', '2026-11-30')).toBe('month');
  });
});

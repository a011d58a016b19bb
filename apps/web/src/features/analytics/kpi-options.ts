/**
 * ECharts options of the analytics dashboard (ARCHITECTURE rule 11: options from pure, tested functions):
 * the trend (cases as bars, the three rates as lines on a 0–100 % axis) and the category breakdown.
 */
import type { KpiGroup } from '@grassroots/shared/analytics/analytics.schema';

export interface TrendLabels {
  submitted: string;
  responseRate: string;
  resolutionRate: string;
  satisfactionRate: string;
  cases: string;
  rate: string;
}

const rateLines = ['responseRate', 'resolutionRate', 'satisfactionRate'] as const;
/** Blue bars; green, orange and purple lines: apart for colour-blind readers, readable on white. */
export const trendColors = {
  submitted: '#4096ff',
  responseRate: '#389e0d',
  resolutionRate: '#d46b08',
  satisfactionRate: '#722ed1',
} as const;

/** A rate as a percentage with one decimal, null (a gap in the line) when it has no denominator. */
const pct = (v: number | null) => (v == null ? null : Math.round(v * 1000) / 10);

export function trendOption(groups: readonly KpiGroup[], labels: TrendLabels) {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [labels.submitted, ...rateLines.map((k) => labels[k])] },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: groups.map((g) => g.label) },
    yAxis: [
      { type: 'value', name: labels.cases, minInterval: 1 },
      { type: 'value', name: labels.rate, min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      {
        name: labels.submitted,
        type: 'bar',
        barMaxWidth: 28,
        itemStyle: { color: trendColors.submitted },
        data: groups.map((g) => g.submitted),
      },
      ...rateLines.map((k) => ({
        name: labels[k],
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        itemStyle: { color: trendColors[k] },
        data: groups.map((g) => pct(g[k])),
      })),
    ],
  };
}

/** Categories by volume, the largest on top, at most `limit` bars; the bar's value is the case count. */
export function categoryOption(groups: readonly KpiGroup[], labels: { submitted: string }, limit = 12) {
  const top = [...groups]
    .filter((g) => g.submitted > 0)
    .sort((a, b) => b.submitted - a.submitted || a.label.localeCompare(b.label))
    .slice(0, limit)
    .reverse(); // ECharts draws the first category at the bottom
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: top.map((g) => g.label), axisLabel: { width: 120, overflow: 'truncate' } },
    series: [
      {
        name: labels.submitted,
        type: 'bar',
        barMaxWidth: 22,
        itemStyle: { color: trendColors.submitted },
        label: { show: true, position: 'right' },
        data: top.map((g) => ({ value: g.submitted, key: g.key })),
      },
    ],
  };
}

/** Height of the category chart for `n` bars. */
export const categoryChartHeight = (n: number) => Math.max(160, 24 + Math.min(n, 12) * 30);

/** The grouping a trend over [from, to] reads best in: days up to a month, weeks up to ~4 months, else months. */
export function trendGrouping(from: string, to: string): 'day' | 'week' | 'month' {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  return days <= 31 ? 'day' : days <= 124 ? 'week' : 'month';
}

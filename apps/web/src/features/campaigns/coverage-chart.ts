/**
 * The coverage chart of a campaign (ARCHITECTURE rule 11: options from a pure, tested function): one
 * horizontal stacked bar per grid — visited, refused, not at home, not yet visited — first grid on top.
 */
import type { GridCoverage } from '@grassroots/shared/campaigns/campaigns.schema';

export interface CoverageLabels {
  visited: string;
  refused: string;
  notHome: string;
  pending: string;
  households: string;
}

/** Colours readable on white and apart for colour-blind readers (green, red-orange, gold, grey). */
export const coverageColors = {
  visited: '#389e0d',
  refused: '#d4380d',
  notHome: '#d48806',
  pending: '#8c8c8c',
} as const;

const keys = ['visited', 'refused', 'notHome', 'pending'] as const;

/** Height for `n` grids: a bar of ~36 px each plus room for the legend and the axis. */
export const coverageChartHeight = (n: number) => Math.max(180, 80 + n * 36);

export function coverageChartOption(grids: readonly GridCoverage[], labels: CoverageLabels) {
  // ECharts draws the first category at the bottom of a vertical category axis: reverse to list top-down.
  const rows = [...grids].reverse();
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: keys.map((k) => labels[k]) },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: labels.households, minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((g) => g.gridName), axisLabel: { width: 140, overflow: 'truncate' } },
    series: keys.map((k) => ({
      name: labels[k],
      type: 'bar',
      stack: 'households',
      barMaxWidth: 24,
      itemStyle: { color: coverageColors[k] },
      label: { show: false },
      data: rows.map((g) => g[k]),
    })),
  };
}

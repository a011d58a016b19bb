/**
 * The 标签统计 chart and table as pure functions of GET /api/ledger/counts: one stacked bar per grid, one
 * series per tag (or age group), keys in vocabulary order so colours and columns stay put between loads.
 */
import { orderCountKeys } from './ledger-labels';

export interface CountGroup {
  gridId: string;
  gridName: string;
  counts: Record<string, number>;
}

export interface CountTable {
  keys: string[];
  rows: { gridId: string; gridName: string; counts: Record<string, number>; total: number }[];
  totals: Record<string, number>;
  total: number;
}

export function countTable(groups: CountGroup[], by: 'tag' | 'ageGroup'): CountTable {
  const keys = orderCountKeys(
    groups.flatMap((g) =>
      Object.entries(g.counts)
        .filter(([, n]) => n > 0)
        .map(([k]) => k),
    ),
    by,
  );
  const totals: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  const rows = groups.map((g) => {
    let total = 0;
    for (const k of keys) {
      const n = g.counts[k] ?? 0;
      totals[k] = (totals[k] ?? 0) + n;
      total += n;
    }
    return { gridId: g.gridId, gridName: g.gridName, counts: g.counts, total };
  });
  return { keys, rows, totals, total: rows.reduce((s, r) => s + r.total, 0) };
}

/** ECharts option: grids on the category axis, one stacked series per key. */
export function buildCountsChartOption(table: CountTable, labelOf: (key: string) => string) {
  const horizontal = table.rows.length > 8; // many grids read better as rows
  const categories = table.rows.map((r) => r.gridName);
  const category = { type: 'category' as const, data: categories, axisLabel: { interval: 0 } };
  const value = { type: 'value' as const, minInterval: 1 };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 16, right: 24, top: 40, bottom: 16, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: table.keys.map((k) => ({
      name: labelOf(k),
      type: 'bar' as const,
      stack: 'total',
      barMaxWidth: 48,
      emphasis: { focus: 'series' as const },
      data: table.rows.map((r) => r.counts[k] ?? 0),
    })),
  };
}

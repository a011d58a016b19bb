import type { AreaTreeNode } from '@grassroots/shared/areas/areas.schema';
import { describe, expect, it } from 'vitest';
import {
  childFeatures,
  childOfIndex,
  defaultArea,
  formatRate,
  mapOption,
  mergeTicker,
  monthRange,
  parseKpi,
  pointsChange,
  rankingMetrics,
  rankingOption,
  rateColor,
  type ScreenKpiGroup,
  type TickerItem,
  withStatus,
} from './screen-options';

const group = (key: string, label: string, composite: number | null, extra: Partial<ScreenKpiGroup> = {}) => ({
  key,
  label,
  submitted: 10,
  overdue: 0,
  responseRate: composite,
  resolutionRate: composite,
  satisfactionRate: composite,
  composite,
  ...extra,
});

const node = (id: string, children: AreaTreeNode[] = [], readOnly = false): AreaTreeNode => ({
  id,
  parentId: null,
  kind: 'street',
  name: `区域${id}`,
  code: null,
  path: `/${id}/`,
  sortOrder: 0,
  hasBoundary: true,
  readOnly,
  children,
});

const square = (x: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, 0],
      [x + 1, 0],
      [x + 1, 1],
      [x, 1],
      [x, 0],
    ],
  ],
});
const fc = {
  type: 'FeatureCollection' as const,
  features: [
    {
      type: 'Feature' as const,
      geometry: square(0),
      properties: { id: '1', kind: 'street' as const, name: '甲', parentId: null },
    },
    {
      type: 'Feature' as const,
      geometry: square(0),
      properties: { id: '2', kind: 'community' as const, name: '乙', parentId: '1' },
    },
    {
      type: 'Feature' as const,
      geometry: square(2),
      properties: { id: '3', kind: 'community' as const, name: '丙', parentId: '1' },
    },
    {
      type: 'Feature' as const,
      geometry: null,
      properties: { id: '4', kind: 'community' as const, name: '丁', parentId: '1' },
    },
    {
      type: 'Feature' as const,
      geometry: square(4),
      properties: { id: '5', kind: 'grid' as const, name: '戊', parentId: '2' },
    },
  ],
};

describe('figures', () => {
  it('formats rates and their change, null-safe', () => {
    expect(formatRate(0.8754)).toBe('87.5%');
    expect(formatRate(null)).toBe('—');
    expect(pointsChange(0.9, 0.85)).toBe('+5.0');
    expect(pointsChange(0.8, 0.85)).toBe('-5.0');
    expect(pointsChange(0.8, null)).toBeNull();
    expect(rateColor(0.95)).not.toBe(rateColor(0.8));
    expect(rateColor(0.8)).not.toBe(rateColor(0.5));
    expect(rateColor(null)).not.toBe(rateColor(0.5));
  });

  it('reads the KPI from the URL, composite by default', () => {
    expect(parseKpi('satisfactionRate')).toBe('satisfactionRate');
    expect(parseKpi('nonsense')).toBe('composite');
    expect(parseKpi(null)).toBe('composite');
  });

  it('takes the Shanghai month up to today', () => {
    // 2026-11-30 20:00 UTC is already 1 December in Shanghai.
    expect(monthRange(Date.UTC(2026, 10, 30, 20))).toEqual({ from: '2026-12-01', to: '2026-12-01' });
    expect(monthRange(Date.UTC(2026, 10, 23, 3))).toEqual({ from: '2026-11-01', to: '2026-11-23' });
  });
});

describe('areas', () => {
  it('defaults to the top readable area, skipping single-child levels', () => {
    const streets = [node('3'), node('4')];
    expect(defaultArea([node('1', [node('2', streets)], true)])?.id).toBe('2');
    expect(defaultArea([node('1', [node('2', [node('9')])])])?.id).toBe('9');
    expect(defaultArea([node('7', streets)])?.id).toBe('7');
    expect(defaultArea([])).toBeNull();
  });

  it('maps every descendant to the child it lies in', () => {
    const idx = childOfIndex(node('1', [node('2', [node('5', [node('8')])]), node('3')]));
    expect(Object.fromEntries(idx)).toEqual({ '2': '2', '5': '2', '8': '2', '3': '3' });
  });

  it('keeps only the children with a boundary, named by id', () => {
    const c = childFeatures(fc, '1');
    expect(c.features.map((f) => [f.properties.name, f.properties.label])).toEqual([
      ['2', '乙'],
      ['3', '丙'],
    ]);
  });
});

describe('options', () => {
  it('ranks by the metric, best on top (ECharts draws category axes bottom-up)', () => {
    const groups = [group('a', '甲', 0.7), group('b', '乙', 0.95), group('c', '丙', null), group('d', '丁', 0.8)];
    const o = rankingOption(groups, rankingMetrics[0]);
    expect(o.yAxis.data).toEqual(['丙', '甲', '丁', '乙']);
    expect(o.series[0]?.data.map((d) => d.value)).toEqual([0, 0.7, 0.8, 0.95]);
    expect(o.xAxis.max).toBe(1);
    expect(o.grid.height).toBe('64%');
    const many = Array.from({ length: 9 }, (_, i) => group(String(i), `区${i}`, i / 10));
    expect(rankingOption(many, rankingMetrics[0]).yAxis.data).toEqual(['区3', '区4', '区5', '区6', '区7', '区8']);
    const label = o.series[0]?.label.formatter({ dataIndex: 3 });
    expect(label).toBe('95.0%');
    const counts = rankingOption(
      [group('a', '甲', 1, { overdue: 3 }), group('b', '乙', 1, { overdue: 0 })],
      rankingMetrics[2],
    );
    expect(counts.yAxis.data).toEqual(['乙', '甲']);
    expect(counts.xAxis.max).toBeUndefined();
    expect(counts.series[0]?.label.formatter({ dataIndex: 1 })).toBe('3');
  });

  it('colours child areas by the chosen KPI, clamps the fill, keeps true labels and pulses new cases', () => {
    const c = childFeatures(fc, '1');
    const groups = [group('2', '乙', 0.4, { satisfactionRate: 0.9 }), group('3', '丙', null)];
    const o = mapOption('m', c, groups, 'composite', [
      { childId: '3', number: 'n1' },
      { childId: '9', number: 'n2' },
    ]);
    expect(o.series[0]?.data).toEqual([
      { name: '2', value: 50 },
      { name: '3', value: null },
    ]);
    const labels = o.series[1]?.data as { name: string; value: [number, number, number | null] }[];
    expect(labels.map((d) => d.value[2])).toEqual([40, null]);
    expect(labels[0]?.value.slice(0, 2)).toEqual([0.5, 0.5]);
    expect(o.series[2]?.data).toEqual([{ name: '3', value: [2.5, 0.5] }]);
    const sat = mapOption('m', c, groups, 'satisfactionRate');
    expect(sat.series[0]?.data[0]).toEqual({ name: '2', value: 90 });
  });
});

describe('ticker', () => {
  const item = (number: string, createdAt: string, status = 'submitted'): TickerItem => ({
    number,
    categoryName: '漏水',
    areaId: '2',
    areaName: '乙',
    source: 'resident',
    status,
    createdAt,
  });

  it('keeps one line per case, newest first, at most max', () => {
    const a = item('20261123-000001', '2026-11-23T01:00:00.000Z');
    const b = item('20261123-000002', '2026-11-23T02:00:00.000Z');
    const c = item('20261123-000003', '2026-11-23T03:00:00.000Z');
    expect(mergeTicker([a], [c, b]).map((x) => x.number)).toEqual([c.number, b.number, a.number]);
    expect(mergeTicker([a, b], [{ ...a, status: 'registered' }]).find((x) => x.number === a.number)?.status).toBe(
      'registered',
    );
    expect(mergeTicker([a, b], [c], 2).map((x) => x.number)).toEqual([c.number, b.number]);
    expect(withStatus([a, b], b.number, 'closed').map((x) => x.status)).toEqual(['submitted', 'closed']);
  });
});

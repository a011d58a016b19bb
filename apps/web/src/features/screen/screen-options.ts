/**
 * The wall's figures and ECharts options as pure functions (ARCHITECTURE rule 11; tested in
 * screen-options.test.ts): KPI choice and formatting, the child-area map coloured by a KPI, rankings, the
 * ticker's merge rule and the default area. Dark palette made for a wall: high contrast, few colours.
 */
import type { AreaFeatureProps, AreaTreeNode, FeatureCollectionOf } from '@grassroots/shared/areas/areas.schema';
import { anchorOf, type BoundaryGeometry } from '@grassroots/shared/areas/geojson';
import { shanghaiDate } from '@grassroots/shared/common/shanghai-time';
import type { LiveCaseCreated } from '@grassroots/shared/live/live.schema';

/** The part of a KPI group the wall reads (GET /api/analytics/kpis). */
export interface ScreenKpiGroup {
  key: string;
  label: string;
  submitted: number;
  overdue: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  composite: number | null;
  onTimeCloseRate?: number | null;
}
export interface ScreenKpis {
  total: ScreenKpiGroup;
  groups: ScreenKpiGroup[];
  previous?: { total: ScreenKpiGroup };
  asOf?: string | null;
  lagSeconds?: number | null;
}

export const screenKpis = ['composite', 'responseRate', 'resolutionRate', 'satisfactionRate'] as const;
export type ScreenKpi = (typeof screenKpis)[number];
export const screenKpiLabels: Record<ScreenKpi, string> = {
  composite: '综合',
  responseRate: '响应率',
  resolutionRate: '解决率',
  satisfactionRate: '满意率',
};
export const parseKpi = (v: string | null): ScreenKpi =>
  (screenKpis as readonly string[]).includes(v ?? '') ? (v as ScreenKpi) : 'composite';

export const palette = {
  text: '#e6f4ff',
  dim: '#7f9bb8',
  accent: '#36e2ff',
  good: '#3ddc97',
  warn: '#ffb547',
  bad: '#ff5c5c',
  line: 'rgba(54,226,255,0.25)',
  none: '#2a3a50',
};

/** '87.5%' ; '—' when there is nothing to divide by. */
export const formatRate = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

/** Change against the previous period in percentage points: '+2.3' / '-0.8' / null when either side is null. */
export function pointsChange(now: number | null | undefined, before: number | null | undefined): string | null {
  if (now == null || before == null) return null;
  const d = (now - before) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(1)}`;
}

/** A rate's colour on the wall: green from 90 %, amber from 75 %, red below, grey without data. */
export function rateColor(v: number | null | undefined) {
  if (v == null) return palette.none;
  return v >= 0.9 ? palette.good : v >= 0.75 ? palette.warn : palette.bad;
}

/** The Shanghai month up to today: the period the headline shows. */
export function monthRange(now: number) {
  const today = shanghaiDate(now);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/** The wall's default area: the caller's top readable area, descending while it has a single child. */
export function defaultArea(nodes: AreaTreeNode[] | undefined): AreaTreeNode | null {
  let n = nodes?.[0];
  while (n && (n.readOnly || n.children.length === 1) && n.children.length > 0) n = n.children[0];
  return n && !n.readOnly ? n : null;
}

/** Every area under `root` mapped to the child of `root` it lies in (so a new case lights up its child). */
export function childOfIndex(root: AreaTreeNode): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (n: AreaTreeNode, child: string) => {
    out.set(n.id, child);
    for (const c of n.children) walk(c, child);
  };
  for (const c of root.children) walk(c, c.id);
  return out;
}

type AreaFC = FeatureCollectionOf<AreaFeatureProps>;

/** The child areas of `parentId` that have a boundary, named by id (names repeat across communities). */
export function childFeatures(fc: AreaFC, parentId: string) {
  return {
    type: 'FeatureCollection' as const,
    features: fc.features
      .filter((f) => f.properties.parentId === parentId && f.geometry)
      .map((f) => ({ ...f, properties: { ...f.properties, label: f.properties.name, name: f.properties.id } })),
  };
}

const sortedBy = (groups: ScreenKpiGroup[], value: (g: ScreenKpiGroup) => number | null) =>
  [...groups].sort((a, b) => (value(b) ?? -1) - (value(a) ?? -1) || a.label.localeCompare(b.label, 'zh-CN'));

/** What a ranking panel ranks by. */
export const rankingMetrics = [
  { key: 'composite', title: '综合指数排名', value: (g: ScreenKpiGroup) => g.composite, rate: true },
  { key: 'submitted', title: '本月受理量', value: (g: ScreenKpiGroup) => g.submitted, rate: false },
  { key: 'overdue', title: '超期件数', value: (g: ScreenKpiGroup) => g.overdue, rate: false },
] as const;
export type RankingMetric = (typeof rankingMetrics)[number];

/** Horizontal bars, best on top; rates coloured by their band, counts in the accent colour. */
export function rankingOption(groups: ScreenKpiGroup[], metric: RankingMetric, max = 6) {
  const rows = sortedBy(groups, metric.value).slice(0, max).reverse();
  const color = (g: ScreenKpiGroup) =>
    metric.rate
      ? rateColor(metric.value(g))
      : metric.key === 'overdue' && (metric.value(g) ?? 0) > 0
        ? palette.bad
        : palette.accent;
  return {
    animationDuration: 800,
    // A few rows keep their spacing instead of spreading over the whole panel.
    grid: { left: 8, right: 72, top: 8, height: `${Math.min(96, rows.length * 16)}%`, containLabel: true },
    xAxis: { type: 'value', show: false, max: metric.rate ? 1 : undefined },
    yAxis: {
      type: 'category',
      data: rows.map((g) => g.label),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: palette.text, fontSize: 20, width: 150, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        barWidth: 18,
        showBackground: true,
        backgroundStyle: { color: 'rgba(54,226,255,0.06)', borderRadius: 9 },
        data: rows.map((g) => ({ value: metric.value(g) ?? 0, itemStyle: { color: color(g), borderRadius: 9 } })),
        label: {
          show: true,
          position: 'right',
          color: palette.text,
          fontSize: 20,
          fontWeight: 'bold',
          formatter: (p: { dataIndex: number }) => {
            const g = rows[p.dataIndex];
            const v = g ? metric.value(g) : null;
            return metric.rate ? formatRate(v) : String(v ?? 0);
          },
        },
      },
    ],
  };
}

export interface MapPulse {
  childId: string;
  number: string;
}

/** The child areas filled by the KPI (red → amber → green), labelled with name and value; pulses for new cases. */
export function mapOption(
  mapName: string,
  fc: ReturnType<typeof childFeatures>,
  groups: ScreenKpiGroup[],
  kpi: ScreenKpi,
  pulses: MapPulse[] = [],
) {
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const labelOf = new Map(fc.features.map((f) => [f.properties.id, f.properties.label]));
  const anchors = new Map(fc.features.map((f) => [f.properties.id, anchorOf(f.geometry as BoundaryGeometry)]));
  const data = fc.features.map((f) => {
    const v = byKey.get(f.properties.id)?.[kpi] ?? null;
    return { name: f.properties.id, value: v == null ? null : Math.round(v * 1000) / 10 };
  });
  // Below the scale's floor is still "bad", not "no data": the fill clamps, the label keeps the true value.
  const fill = data.map((d) => ({ name: d.name, value: d.value == null ? null : Math.max(d.value, 50) }));
  const lit = [...new Set(pulses.map((p) => p.childId))].filter((id) => anchors.has(id));
  return {
    animationDurationUpdate: 600,
    visualMap: {
      type: 'continuous',
      min: 50,
      max: 100,
      left: 16,
      bottom: 16,
      itemHeight: 160,
      calculable: false,
      text: ['100%', '50%'],
      textStyle: { color: palette.text, fontSize: 16 },
      inRange: { color: [palette.bad, palette.warn, palette.good] },
      outOfRange: { color: palette.none },
      seriesIndex: 0,
    },
    geo: {
      map: mapName,
      roam: false,
      aspectScale: Math.cos((37.5 * Math.PI) / 180), // keeps shapes true at Lüliang's latitude
      layoutCenter: ['52%', '50%'],
      layoutSize: '86%', // leaves the colour scale in the lower left clear of the shapes
      silent: true,
      itemStyle: { areaColor: palette.none, borderColor: '#9fe8ff', borderWidth: 1.5 },
    },
    series: [
      {
        type: 'map',
        map: mapName,
        geoIndex: 0,
        data: fill,
      },
      {
        type: 'scatter',
        coordinateSystem: 'geo',
        symbolSize: 0,
        silent: true,
        label: {
          show: true,
          color: '#ffffff',
          fontSize: 22,
          lineHeight: 30,
          fontWeight: 'bold',
          textBorderColor: 'rgba(0,0,0,0.75)',
          textBorderWidth: 3,
          formatter: (p: { name: string; value: [number, number, number | null] }) =>
            `${labelOf.get(p.name) ?? ''}\n${p.value[2] == null ? '—' : `${p.value[2]}%`}`,
        },
        data: data.map((d) => ({ name: d.name, value: [...(anchors.get(d.name) ?? [0, 0]), d.value] })),
      },
      {
        type: 'effectScatter',
        coordinateSystem: 'geo',
        symbolSize: 22,
        rippleEffect: { scale: 4, brushType: 'stroke' },
        itemStyle: { color: palette.accent },
        silent: true,
        data: lit.map((id) => ({ name: id, value: anchors.get(id) })),
      },
    ],
  };
}

/** A ticker line: a new case (from the stream or from today's list). */
export type TickerItem = Omit<LiveCaseCreated, 'type'>;

/** Newest first, one line per case number (a later copy updates the earlier one), at most `max`. */
export function mergeTicker(list: TickerItem[], incoming: TickerItem[], max = 12): TickerItem[] {
  const byNumber = new Map(list.map((x) => [x.number, x]));
  for (const x of incoming) byNumber.set(x.number, { ...byNumber.get(x.number), ...x });
  return [...byNumber.values()]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.number.localeCompare(a.number))
    .slice(0, max);
}

/** A status change of a case already on the ticker. */
export const withStatus = (list: TickerItem[], number: string, status: string) =>
  list.map((x) => (x.number === number ? { ...x, status } : x));

/** The month by day: cases submitted (bars) and the resolution rate (line, right axis). Keys are 'YYYY-MM-DD'. */
export function trendOption(days: ScreenKpiGroup[]) {
  const axisText = { color: palette.dim, fontSize: 16 };
  return {
    animationDuration: 800,
    grid: { left: 8, right: 8, top: 40, bottom: 4, containLabel: true },
    legend: {
      top: 0,
      right: 0,
      itemWidth: 18,
      itemHeight: 10,
      textStyle: { color: palette.text, fontSize: 16 },
      data: ['受理量', '解决率'],
    },
    xAxis: {
      type: 'category',
      data: days.map((d) => `${Number(d.key.slice(8))}日`),
      axisLine: { lineStyle: { color: palette.line } },
      axisTick: { show: false },
      axisLabel: { ...axisText, interval: 'auto' },
    },
    yAxis: [
      { type: 'value', splitLine: { lineStyle: { color: 'rgba(54,226,255,0.08)' } }, axisLabel: axisText },
      {
        type: 'value',
        min: 0,
        max: 1,
        splitLine: { show: false },
        axisLabel: { ...axisText, formatter: (v: number) => `${v * 100}%` },
      },
    ],
    series: [
      {
        name: '受理量',
        type: 'bar',
        barMaxWidth: 14,
        itemStyle: { color: palette.accent, borderRadius: [4, 4, 0, 0] },
        data: days.map((d) => d.submitted),
      },
      {
        name: '解决率',
        type: 'line',
        yAxisIndex: 1,
        symbol: 'none',
        lineStyle: { color: palette.good, width: 3 },
        data: days.map((d) => d.resolutionRate),
      },
    ],
  };
}

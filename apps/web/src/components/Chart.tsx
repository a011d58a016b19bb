/**
 * THE ECharts wrapper. Tree-shaken `echarts/core`: add a chart or component type to `use([...])` here
 * when a page needs one (never import `echarts` whole). Canvas renderer, resizes with its container,
 * disposed on unmount, follows the UI language. Offline maps: `registerMap(name, geojson)` once, then
 * use `geo: { map: name }` or a `map` series.
 */
import { BarChart, EffectScatterChart, LineChart, LinesChart, MapChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef, useState } from 'react';
import { useI18n } from '../lib/i18n';

echarts.use([
  CanvasRenderer,
  GeoComponent,
  TooltipComponent,
  LegendComponent,
  GridComponent,
  TitleComponent,
  VisualMapComponent,
  DataZoomComponent,
  MapChart,
  ScatterChart,
  EffectScatterChart,
  LinesChart,
  BarChart,
  LineChart,
  PieChart,
]);

export type ChartOption = echarts.EChartsCoreOption;
export type ChartInstance = echarts.ECharts;
// biome-ignore lint/suspicious/noExplicitAny: ECharts event params differ per event type
export type ChartEvents = Record<string, (params: any, chart: ChartInstance) => void>;

/** Registers a GeoJSON FeatureCollection under `name` (idempotent; re-registering replaces it). */
export function registerMap(name: string, geojson: object) {
  // biome-ignore lint/suspicious/noExplicitAny: ECharts' GeoJSON type is stricter than what the API returns
  echarts.registerMap(name, geojson as any);
}
export const isMapRegistered = (name: string) => !!echarts.getMap(name);

export interface ChartProps {
  option: ChartOption;
  /** CSS height; default 320 px. Width always follows the container. */
  height?: number | string;
  onEvents?: ChartEvents;
  className?: string;
  style?: CSSProperties;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  ariaLabel?: string;
  /** Replace the whole option on change (default) or merge into the previous one. */
  notMerge?: boolean;
  loading?: boolean;
  /** Receives the instance once created (e.g. to dispatch actions). */
  onReady?: (chart: ChartInstance) => void;
}

export function Chart({
  option,
  height = 320,
  onEvents,
  className,
  style,
  ariaLabel,
  notMerge = true,
  loading,
  onReady,
}: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  // The instance is state so the effects below re-run on a fresh one (after a language change).
  const [chart, setChart] = useState<ChartInstance | null>(null);
  const { locale } = useI18n();
  const ready = useRef(onReady);
  ready.current = onReady;

  // (Re)create on mount and when the language changes (ECharts fixes its locale at init).
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const c = echarts.init(node, undefined, { renderer: 'canvas', locale: locale === 'en' ? 'EN' : 'ZH' });
    setChart(c);
    ready.current?.(c);
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(node);
    return () => {
      ro.disconnect();
      c.dispose();
      setChart(null);
    };
  }, [locale]);

  useEffect(() => {
    chart?.setOption(option, { notMerge });
  }, [chart, option, notMerge]);

  useEffect(() => {
    if (!chart || !onEvents) return;
    const bound = Object.entries(onEvents).map(([name, fn]) => {
      const h = (p: unknown) => fn(p, chart);
      chart.on(name, h);
      return [name, h] as const;
    });
    return () => {
      for (const [name, h] of bound) chart.off(name, h);
    };
  }, [chart, onEvents]);

  useEffect(() => {
    if (loading) chart?.showLoading();
    else chart?.hideLoading();
  }, [chart, loading]);

  return (
    <div ref={el} className={className} role="img" aria-label={ariaLabel} style={{ width: '100%', height, ...style }} />
  );
}

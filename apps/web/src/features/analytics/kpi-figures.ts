/**
 * The figures of GET /api/analytics/kpis as the dashboard shows them: label, how to format, which way is good,
 * and the case-list filter that lists exactly the cases a number counts (drill-down). Pure.
 */
import type { KpiGroup, KpiGrouping, KpiQuery } from '@grassroots/shared/analytics/analytics.schema';
import { periodRange } from '@grassroots/shared/cases/cases.periods';
import { shanghaiDate } from '@grassroots/shared/common/shanghai-time';
import type { Label } from '../../app/route-types';

export type FigureKey = Exclude<keyof KpiGroup, 'key' | 'label'>;
export type FigureKind = 'count' | 'rate' | 'hours';

export interface FigureDef {
  key: FigureKey;
  label: Label;
  kind: FigureKind;
  /** More is better (rates), less is better (overdue, reopens, handling time), or neither (volumes). */
  higherIsBetter: boolean | null;
  /** The case list's `figure=` filter that lists the cases this number counts (none: the period's cases). */
  drill?: string;
}

const f = (
  key: FigureKey,
  zh: string,
  en: string,
  kind: FigureKind,
  higherIsBetter: boolean | null,
  drill?: string,
): FigureDef => ({ key, label: { 'zh-CN': zh, en }, kind, higherIsBetter, drill });

export const figures: FigureDef[] = [
  f('submitted', '受理量', 'Submitted', 'count', null),
  f('valid', '有效诉求', 'Valid', 'count', null, 'valid'),
  f('responded', '按时响应', 'Responded in time', 'count', null, 'responded'),
  f('resolved', '已解决', 'Resolved', 'count', null, 'resolved'),
  f('rated', '已评价', 'Rated', 'count', null, 'rated'),
  f('responseRate', '响应率', 'Response rate', 'rate', true, 'responded'),
  f('resolutionRate', '解决率', 'Resolution rate', 'rate', true, 'resolved'),
  f('satisfactionRate', '满意率', 'Satisfaction', 'rate', true, 'rated'),
  f('composite', '综合得分', 'Composite', 'rate', true),
  f('onTimeCloseRate', '按期结案率', 'Closed on time', 'rate', true, 'closedOnTime'),
  f('dispatchAccuracy', '准确派遣率', 'Dispatch accuracy', 'rate', true),
  f('overdue', '超期', 'Overdue', 'count', false, 'overdue'),
  f('avgHandlingHours', '平均处理时长', 'Mean handling time', 'hours', false),
  f('medianHandlingHours', '处理时长中位数', 'Median handling time', 'hours', false),
  f('reopenRate', '重开率', 'Reopen rate', 'rate', false, 'reopened'),
];
export const figureByKey = Object.fromEntries(figures.map((d) => [d.key, d])) as Record<FigureKey, FigureDef>;

/** The headline cards and the ranking columns, in order. */
export const headline: FigureKey[] = [
  'submitted',
  'responseRate',
  'resolutionRate',
  'satisfactionRate',
  'composite',
  'onTimeCloseRate',
  'dispatchAccuracy',
  'overdue',
  'medianHandlingHours',
  'reopenRate',
];

/** A value as shown: rates in per cent with one decimal, hours with one decimal, '—' when there is none. */
export function formatFigure(value: number | null | undefined, kind: FigureKind, locale: 'zh-CN' | 'en'): string {
  if (value == null || Number.isNaN(value)) return '—';
  if (kind === 'rate') return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
  if (kind === 'hours') return locale === 'en' ? `${value.toFixed(1)} h` : `${value.toFixed(1)} 小时`;
  return value.toLocaleString(locale);
}

export interface Change {
  /** '+2.3 个百分点', '-12', '+0.5 小时'; null when either side is missing. */
  text: string | null;
  /** 'up' | 'down' | 'flat' as numbers go; `good` says whether that is good news. */
  direction: 'up' | 'down' | 'flat';
  good: boolean | null;
}

/** The change from the previous period: rates in percentage points, counts and hours as differences. */
export function changeOf(
  def: FigureDef,
  current: number | null | undefined,
  previous: number | null | undefined,
  locale: 'zh-CN' | 'en',
): Change {
  if (current == null || previous == null) return { text: null, direction: 'flat', good: null };
  const diff = def.kind === 'rate' ? (current - previous) * 100 : current - previous;
  const rounded = def.kind === 'count' ? Math.round(diff) : Math.round(diff * 10) / 10;
  if (rounded === 0) return { text: locale === 'en' ? 'no change' : '持平', direction: 'flat', good: null };
  const sign = rounded > 0 ? '+' : '';
  const unit =
    def.kind === 'rate'
      ? locale === 'en'
        ? ' pts'
        : ' 个百分点'
      : def.kind === 'hours'
        ? locale === 'en'
          ? ' h'
          : ' 小时'
        : '';
  const number = def.kind === 'count' ? rounded.toLocaleString(locale) : rounded.toFixed(1);
  const up = rounded > 0;
  const good = def.higherIsBetter === null ? null : up === def.higherIsBetter;
  return { text: `${sign}${number}${unit}`, direction: up ? 'up' : 'down', good };
}

/** The dashboard's query, as the KPI API and the case list both take it. */
export type DashboardQuery = Pick<KpiQuery, 'areaId' | 'from' | 'to' | 'category' | 'source' | 'handler'>;

/**
 * The case-list URL that lists exactly what one number counts: the dashboard's filters, the group's own key
 * (an area, category, source, handler or period) and the figure's `figure=` filter.
 */
export function drillUrl(q: DashboardQuery, def: FigureDef, group?: { groupBy: KpiGrouping; key: string }): string {
  const p = new URLSearchParams();
  let from = q.from;
  let to = q.to;
  let area = q.areaId;
  let category = q.category;
  let source: string | undefined = q.source;
  let handler = q.handler;
  if (group) {
    if (group.groupBy === 'area') area = group.key;
    else if (group.groupBy === 'category') category = group.key;
    else if (group.groupBy === 'source') source = group.key;
    else if (group.groupBy === 'handler') handler = group.key;
    else {
      // A period: its own days, within the dashboard's range.
      const { start, end } = periodRange(group.key);
      const first = shanghaiDate(start);
      const last = shanghaiDate(end - 1);
      from = from && from > first ? from : first;
      to = to && to < last ? to : last;
    }
  }
  if (area) p.set('area', area);
  if (category) p.set('category', category);
  if (source) p.set('source', source);
  if (handler) p.set('handler', handler);
  if (from) p.set('from', from);
  if (to) p.set('to', to);
  if (def.drill) p.set('figure', def.drill);
  return `/console/cases?${p.toString()}`;
}

/**
 * /screen — the command centre's 1920×1080 wall: headline KPIs of the month, today's intake and closures, the
 * child areas on our own map coloured by a KPI, rankings (rotating every ROTATE_MS), 前响应 warnings and the
 * live ticker. No console frame. `?areaId=` chooses the area (default: the caller's top area), `?kpi=` the map's
 * figure. It never goes blank: last figures stay up while the server is away, and the stream's reconnection
 * refetches everything.
 */

import type { LiveEvent } from '@grassroots/shared/live/live.schema';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../app/session';
import { Chart, registerMap } from '../../components/Chart';
import { useMe } from '../../lib/auth';
import { findNode } from '../areas/api';
import {
  isNotReady,
  useAreaTree,
  useChildGeo,
  useKpis,
  useLiveStream,
  useToday,
  useTrend,
  useWarnings,
  WARNINGS_PER_PAGE,
} from './api';
import { CountCard, Panel, PanelNote, RateCard, Ticker, Warnings } from './components/Panels';
import {
  childFeatures,
  childOfIndex,
  defaultArea,
  type MapPulse,
  mapOption,
  mergeTicker,
  monthRange,
  parseKpi,
  rankingMetrics,
  rankingOption,
  type ScreenKpi,
  type ScreenKpiGroup,
  screenKpiLabels,
  type TickerItem,
  trendOption,
  withStatus,
} from './screen-options';
import './screen.css';

const ROTATE_MS = 20_000;
const PULSE_MS = 120_000;
/** Ticker lines that fit the panel at 1080 p (a cut line at the bottom looks broken on a wall). */
const TICKER_LINES = 6;
const SHANGHAI = 'Asia/Shanghai';

/** The headline rates of the wall, the first one large. */
const headlineRates: { label: string; pick: (g: ScreenKpiGroup) => number | null }[] = [
  { label: '综合指数', pick: (g) => g.composite },
  { label: '响应率', pick: (g) => g.responseRate },
  { label: '解决率', pick: (g) => g.resolutionRate },
  { label: '满意率', pick: (g) => g.satisfactionRate },
];

export function ScreenPage() {
  const { data: me, isPending } = useMe();
  const [params] = useSearchParams();
  const loc = useLocation();
  useDocumentTitle('指挥中心大屏');
  if (isPending) return <Frame note="正在载入…" />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (!me.permissions.includes('screen.view')) return <Frame note="当前账号无权查看指挥中心大屏" />;
  // Keyed by the area: another area is another wall (its own ticker and pulses).
  const areaParam = params.get('areaId');
  return <Wall key={areaParam ?? ''} areaParam={areaParam} kpi={parseKpi(params.get('kpi'))} />;
}

const Frame = ({ note }: { note: string }) => (
  <div className="scr-root scr-root-note">
    <PanelNote>{note}</PanelNote>
  </div>
);

/** The clock of the wall (one tick a second): the header's time, pulses fading, the month rolling over. */
function useNow(ms = 1000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

function Wall({ areaParam, kpi }: { areaParam: string | null; kpi: ScreenKpi }) {
  const now = useNow();
  const qc = useQueryClient();
  const tree = useAreaTree();
  const area = areaParam ? findNode(tree.data?.nodes, areaParam) : defaultArea(tree.data?.nodes);
  const areaId = area?.id;
  const day = new Date(now).toDateString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the month range changes only with the day
  const range = useMemo(() => monthRange(now), [day]);
  const kpis = useKpis(areaId, range.from, range.to);
  const trend = useTrend(areaId, range.from, range.to);
  const today = useToday(areaId);
  const warnings = useWarnings(areaId);
  const geo = useChildGeo(areaId);
  const childOf = useMemo(() => (area ? childOfIndex(area) : new Map<string, string>()), [area]);

  const [ticker, setTicker] = useState<TickerItem[]>([]);
  const [pulses, setPulses] = useState<(MapPulse & { at: number })[]>([]);
  useEffect(() => {
    if (today.data) setTicker((t) => mergeTicker(t, today.data.latest));
  }, [today.data]);

  // Counts come from the server (exact, scoped); a burst of events refetches them once.
  const refetchTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refetchToday = useCallback(() => {
    clearTimeout(refetchTimer.current);
    refetchTimer.current = setTimeout(() => qc.invalidateQueries({ queryKey: ['screen', 'today'] }), 1500);
  }, [qc]);
  const onEvent = useCallback(
    (e: LiveEvent) => {
      if (e.type === 'case.created') {
        setTicker((t) => mergeTicker(t, [e]));
        const childId = childOf.get(e.areaId);
        if (childId) setPulses((p) => [...p, { childId, number: e.number, at: Date.now() }].slice(-30));
      } else setTicker((t) => withStatus(t, e.number, e.to));
      if (e.type === 'case.created' || e.to === 'closed') refetchToday();
    },
    [childOf, refetchToday],
  );
  const live = useLiveStream(areaId, onEvent);

  const [turn, setTurn] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTurn((x) => x + 1), ROTATE_MS);
    return () => clearInterval(t);
  }, []);
  const metric = rankingMetrics[turn % rankingMetrics.length] ?? rankingMetrics[0];
  const allWarnings = warnings.data?.items ?? [];
  const warningPages = Math.max(1, Math.ceil(allWarnings.length / WARNINGS_PER_PAGE));
  const warningPage = turn % warningPages;
  const shownWarnings = allWarnings.slice(warningPage * WARNINGS_PER_PAGE, (warningPage + 1) * WARNINGS_PER_PAGE);

  const kpiNote = kpis.data
    ? kpis.data.asOf === null
      ? '数据计算中' // the roll-up job has not run yet: no figure rather than a wrong one
      : null
    : isNotReady(kpis.error)
      ? '数据准备中'
      : kpis.error
        ? '数据暂不可用'
        : '载入中…';
  const asOf = kpis.data?.asOf
    ? new Date(kpis.data.asOf).toLocaleTimeString('zh-CN', {
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
        timeZone: SHANGHAI,
      })
    : null;
  const groups = kpis.data?.groups ?? [];
  const fc = useMemo(() => (geo.data && areaId ? childFeatures(geo.data, areaId) : null), [geo.data, areaId]);
  const mapName = `screen-${areaId}`;
  const livePulses = pulses.filter((p) => now - p.at < PULSE_MS);
  const pulseKey = livePulses.map((p) => p.number).join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: pulses change the option only when the set changes
  const map = useMemo(() => {
    if (!fc?.features.length) return null;
    registerMap(mapName, fc);
    return mapOption(mapName, fc, groups, kpi, livePulses);
  }, [fc, mapName, groups, kpi, pulseKey]);

  if (tree.isPending) return <Frame note="正在载入…" />;
  if (!area) return <Frame note={tree.error ? '无法载入区域，稍后自动重试' : '未找到该区域或无权查看'} />;
  const clock = new Date(now);

  return (
    <div className="scr-root" data-testid="screen-root">
      <header className="scr-header">
        <div className="scr-header-side">
          <span className="scr-area">{area.name}</span>
          <span className="scr-period">
            本月 {range.from.slice(5)} 至 {range.to.slice(5)}
          </span>
        </div>
        <h1 className="scr-title">基层治理一网通 · 指挥中心</h1>
        <div className="scr-header-side scr-header-right">
          <span className={`scr-live scr-live-${live}`} data-testid="screen-live">
            {live === 'live' ? '● 实时' : live === 'connecting' ? '连接中…' : '重新连接中…'}
          </span>
          <span className="scr-clock">
            {clock.toLocaleDateString('zh-CN', { month: 'long', day: 'numeric', weekday: 'short', timeZone: SHANGHAI })}{' '}
            <b>{clock.toLocaleTimeString('zh-CN', { hour12: false, timeZone: SHANGHAI })}</b>
          </span>
        </div>
      </header>

      <div className="scr-kpis">
        <CountCard label="今日受理" value={today.data?.intake ?? null} hint="件 · 实时" testId="screen-intake" />
        <CountCard label="今日结案" value={today.data?.closed ?? null} hint="件 · 实时" />
        {headlineRates.map((r, i) => (
          <RateCard
            key={r.label}
            label={r.label}
            main={i === 0}
            now={kpis.data?.total}
            before={kpis.data?.previous?.total}
            pick={r.pick}
            note={kpiNote}
          />
        ))}
      </div>

      <main className="scr-main">
        <div className="scr-left">
          <Panel
            title={metric.title}
            testId="screen-ranking"
            extra={
              <span className="scr-dots" aria-hidden>
                {rankingMetrics.map((m) => (
                  <i key={m.key} className={m.key === metric.key ? 'on' : ''} />
                ))}
              </span>
            }
          >
            {kpiNote || !groups.length ? (
              <PanelNote>{kpiNote ?? '暂无下级区域'}</PanelNote>
            ) : (
              <Chart option={rankingOption(groups, metric)} height="100%" ariaLabel={metric.title} />
            )}
          </Panel>
          <Panel title="本月每日受理与解决率" testId="screen-trend">
            {trend.data?.groups.length && trend.data.asOf !== null ? (
              <Chart option={trendOption(trend.data.groups)} height="100%" ariaLabel="本月每日受理量与解决率" />
            ) : (
              <PanelNote>
                {trend.data
                  ? '数据计算中'
                  : isNotReady(trend.error)
                    ? '数据准备中'
                    : trend.error
                      ? '数据暂不可用'
                      : '载入中…'}
              </PanelNote>
            )}
          </Panel>
        </div>

        <Panel
          title={`区域${screenKpiLabels[kpi]}分布`}
          className="scr-map"
          testId="screen-map"
          extra={asOf ? `本月 · 更新于 ${asOf}` : undefined}
        >
          {map ? (
            <Chart option={map} height="100%" ariaLabel={`${area.name}下级区域${screenKpiLabels[kpi]}地图`} />
          ) : (
            <PanelNote>{geo.isPending ? '载入中…' : '下级区域暂无边界数据'}</PanelNote>
          )}
          {map && kpiNote ? <div className="scr-map-note">{kpiNote}</div> : null}
        </Panel>

        <div className="scr-right">
          <Panel title="实时诉求" className="scr-ticker-panel" extra={`今日 ${today.data?.intake ?? '—'} 件`}>
            <Ticker items={ticker.slice(0, TICKER_LINES)} />
          </Panel>
          <Panel
            title="前响应预警"
            className="scr-warnings-panel"
            extra={warnings.data ? `${warnings.data.total} 条未处理 · ${warningPage + 1}/${warningPages}` : undefined}
          >
            {warnings.data ? (
              <Warnings key={warningPage} items={shownWarnings} />
            ) : (
              <PanelNote>
                {isNotReady(warnings.error) ? '数据准备中' : warnings.error ? '数据暂不可用' : '载入中…'}
              </PanelNote>
            )}
          </Panel>
        </div>
      </main>
    </div>
  );
}

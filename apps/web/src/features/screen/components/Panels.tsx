/** The wall's panels: framed boxes with a title, the KPI cards, the live ticker and the warnings list. */

import { type CaseStatus, caseStatusLabels } from '@grassroots/shared/cases/cases.lifecycle';
import { type CaseSource, caseSourceLabels } from '@grassroots/shared/cases/cases.schema';
import type { ReactNode } from 'react';
import type { ScreenWarning } from '../api';
import { formatRate, pointsChange, rateColor, type ScreenKpiGroup, type TickerItem } from '../screen-options';

export function Panel(props: {
  title: string;
  extra?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section className={`scr-panel ${props.className ?? ''}`} aria-label={props.title} data-testid={props.testId}>
      <header className="scr-panel-title">
        <span className="scr-panel-mark" aria-hidden />
        <h2>{props.title}</h2>
        {props.extra ? <span className="scr-panel-extra">{props.extra}</span> : null}
      </header>
      <div className="scr-panel-body">{props.children}</div>
    </section>
  );
}

/** A panel's state instead of numbers: the data is not there (yet), and the wall says so plainly. */
export const PanelNote = ({ children, tone = 'dim' }: { children: ReactNode; tone?: 'dim' | 'warn' }) => (
  <div className={`scr-note scr-note-${tone}`}>{children}</div>
);

export function CountCard(props: { label: string; value: number | null; hint?: string; testId?: string }) {
  const { label, value, hint } = props;
  return (
    <div className="scr-card scr-card-count" data-testid={props.testId}>
      <div className="scr-card-label">{label}</div>
      <div className="scr-card-value">{value == null ? '—' : value.toLocaleString('zh-CN')}</div>
      <div className="scr-card-hint">{hint ?? '\u00a0'}</div>
    </div>
  );
}

export function RateCard(props: {
  label: string;
  now: ScreenKpiGroup | undefined;
  before: ScreenKpiGroup | undefined;
  pick: (g: ScreenKpiGroup) => number | null;
  note?: string | null;
  main?: boolean;
}) {
  const v = props.now ? props.pick(props.now) : null;
  const change = pointsChange(v, props.before ? props.pick(props.before) : null);
  const up = change?.startsWith('+');
  return (
    <div className={`scr-card ${props.main ? 'scr-card-main' : ''}`}>
      <div className="scr-card-label">{props.label}</div>
      {props.note ? (
        <div className="scr-card-pending">{props.note}</div>
      ) : (
        <div className="scr-card-value" style={{ color: v == null ? undefined : rateColor(v) }}>
          {formatRate(v)}
        </div>
      )}
      <div className="scr-card-hint">
        {change && !props.note ? (
          <span className={up ? 'scr-up' : 'scr-down'}>
            {up ? '▲' : '▼'} {change.replace(/^[+-]/, '')} 个百分点 · 较上期
          </span>
        ) : (
          '\u00a0'
        )}
      </div>
    </div>
  );
}

const timeOf = (iso: string) =>
  new Date(iso).toLocaleTimeString('zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Asia/Shanghai',
  });
const statusLabel = (s: string) => caseStatusLabels[s as CaseStatus]?.['zh-CN'] ?? s;
const sourceLabel = (s: string) => caseSourceLabels[s as CaseSource]?.['zh-CN'] ?? s;

export function Ticker({ items }: { items: TickerItem[] }) {
  if (!items.length) return <PanelNote>今日暂无新诉求，新诉求将实时显示于此</PanelNote>;
  return (
    <ol className="scr-ticker" aria-live="polite" data-testid="screen-ticker">
      {items.map((x) => (
        <li key={x.number} className="scr-tick">
          <span className="scr-tick-time">{timeOf(x.createdAt)}</span>
          <span className="scr-tick-main">
            <span className="scr-tick-cat">{x.categoryName}</span>
            <span className="scr-tick-meta">
              <span className="scr-tick-no">{x.number}</span> · {x.areaName} · {sourceLabel(x.source)}
            </span>
          </span>
          <span className={`scr-tick-status scr-status-${x.status}`}>{statusLabel(x.status)}</span>
        </li>
      ))}
    </ol>
  );
}

export function Warnings({ items }: { items: ScreenWarning[] }) {
  if (!items.length) return <PanelNote>暂无未处理预警</PanelNote>;
  return (
    <ul className="scr-warnings">
      {items.map((w) => (
        <li key={w.id} className="scr-warning">
          <span className={`scr-warning-kind scr-warning-${w.kind}`}>{w.kind === 'hotspot' ? '热点' : '重复'}</span>
          <span className="scr-warning-main">
            <span className="scr-warning-title">{w.title}</span>
            <span className="scr-warning-meta">
              {w.areaName} · {w.categoryName} · 实际 {w.observed} / 基线 {Math.round(w.baseline * 10) / 10}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}

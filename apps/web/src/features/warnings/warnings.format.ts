/** How a warning's numbers read on the page (pure; zh-CN first, English second through `t`). */
import type { WarningView } from '@grassroots/shared/warnings/warnings.schema';

type T = (zh: string, en: string) => string;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A p-value as people read it: "< 0.0001" rather than 5.684e-5. */
export function formatP(p: number | null): string {
  if (p === null) return '—';
  if (p < 0.0001) return '< 0.0001';
  return p.toFixed(4);
}

/** The lines under a warning's count: what it was compared with and how surprising it is. */
export function numbersLines(w: Pick<WarningView, 'kind' | 'observed' | 'baseline' | 'numbers'>, t: T): string[] {
  const n = w.numbers;
  if (w.kind === 'hotspot') {
    const mean = num(n.baselineMean) ?? w.baseline;
    const weeks = num(n.weeksUsed) ?? 0;
    const sd = num(n.baselineSd);
    const expected = num(n.expected);
    const p = formatP(num(n.pValue));
    const alpha = num(n.alpha) ?? '—';
    // A zero or tiny baseline is tested against the floor rate: say so, or the p-value looks impossible.
    const floor = expected !== null && expected > mean ? expected.toFixed(2) : null;
    return [
      t(
        `当周 ${w.observed} 件 / 近 ${weeks} 周均值 ${mean.toFixed(2)}`,
        `${w.observed} that week / ${weeks}-week mean ${mean.toFixed(2)}`,
      ),
      t(
        `标准差 ${sd === null ? '—' : sd.toFixed(2)} · P 值 ${p}（阈值 ${alpha}）`,
        `sd ${sd === null ? '—' : sd.toFixed(2)} · p ${p} (threshold ${alpha})`,
      ),
      ...(floor ? [t(`基线过低，按每周 ${floor} 件计算`, `baseline below the floor; tested at ${floor} a week`)] : []),
    ];
  }
  const days = num(n.windowDays) ?? 30;
  return [
    t(
      `${days} 天内 ${w.observed} 件（≥ ${w.baseline} 件即预警）`,
      `${w.observed} in ${days} days (warns at ≥ ${w.baseline})`,
    ),
  ];
}

/** The case-list link that lists exactly the warning's cases. */
export const drillHref = (w: Pick<WarningView, 'drill'>) => `/console/cases?${new URLSearchParams(w.drill)}`;

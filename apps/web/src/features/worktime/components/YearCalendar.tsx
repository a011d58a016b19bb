/**
 * A compact 12-month view of one year: holidays (休) and make-up working days (班) marked with their names,
 * weekends greyed. Each date is a button; with worktime.manage a click opens the day editor.
 */
import { Flex, Typography } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../../lib/i18n';
import type { HolidayDay } from '../api';
import { isWeekendKey, monthWeeks, weekdayLabel } from '../month-grid';
import '../worktime.css';

const headZh = ['一', '二', '三', '四', '五', '六', '日'];
const headEn = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

/** "10/1–10/8 国庆节、中秋节" lines for one month: consecutive dates of one name and kind joined. */
function monthLegend(days: HolidayDay[]) {
  const out: { kind: HolidayDay['kind']; name: string; from: string; to: string }[] = [];
  for (const d of days) {
    const last = out.at(-1);
    const next = last && new Date(Date.parse(`${last.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (last && last.kind === d.kind && last.name === d.name && next === d.date) last.to = d.date;
    else out.push({ kind: d.kind, name: d.name, from: d.date, to: d.date });
  }
  return out;
}

const md = (date: string) => `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;

export function YearCalendar({
  year,
  days,
  onPick,
}: {
  year: number;
  days: HolidayDay[];
  onPick?: (date: string, current: HolidayDay | undefined) => void;
}) {
  const { t, locale } = useI18n();
  const byDate = useMemo(() => new Map(days.map((d) => [d.date, d])), [days]);
  const head = locale === 'en' ? headEn : headZh;

  return (
    <div className="wt-year">
      {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => {
        const inMonth = days.filter((d) => Number(d.date.slice(0, 4)) === year && Number(d.date.slice(5, 7)) === month);
        return (
          <section key={month} className="wt-month" aria-label={t(`${year}年${month}月`, `${year}-${month}`)}>
            <Typography.Title level={5} className="wt-month-title">
              {t(`${month} 月`, new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en', { month: 'long' }))}
            </Typography.Title>
            <table className="wt-grid">
              <thead>
                <tr>
                  {head.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {monthWeeks(year, month).map((week) => (
                  <tr key={week.find(Boolean) ?? ''}>
                    {week.map((date, j) => {
                      // biome-ignore lint/suspicious/noArrayIndexKey: padding cells are fixed by position
                      if (!date) return <td key={`pad-${j}`} />;
                      const d = byDate.get(date);
                      const cls = d ? `wt-day wt-${d.kind}` : isWeekendKey(date) ? 'wt-day wt-weekend' : 'wt-day';
                      const state = d
                        ? `${d.kind === 'off' ? t('休', 'off') : t('班', 'work')} ${d.name}`
                        : isWeekendKey(date)
                          ? t('周末', 'weekend')
                          : t('工作日', 'working day');
                      const label = `${date} ${weekdayLabel(date, locale)} ${state}`;
                      return (
                        <td key={date}>
                          <button
                            type="button"
                            className={cls}
                            title={label}
                            aria-label={label}
                            disabled={!onPick}
                            onClick={() => onPick?.(date, d)}
                          >
                            <span className="wt-num">{Number(date.slice(8, 10))}</span>
                            {d ? <span className="wt-mark">{d.kind === 'off' ? '休' : '班'}</span> : null}
                          </button>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
            <Flex vertical className="wt-legend">
              {monthLegend(inMonth).map((l) => (
                <Typography.Text key={l.from} className={`wt-legend-${l.kind}`}>
                  {l.from === l.to ? md(l.from) : `${md(l.from)}–${md(l.to)}`}{' '}
                  {l.kind === 'off' ? t('休', 'off') : t('上班', 'work')} {l.name}
                </Typography.Text>
              ))}
            </Flex>
          </section>
        );
      })}
    </div>
  );
}

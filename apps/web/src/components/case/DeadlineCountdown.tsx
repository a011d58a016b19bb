/**
 * A case deadline as a live countdown: 剩余 X天X小时 / 已超期 X小时 / 已暂停 (clock stopped while suspended) /
 * 已完成 (the step it guards is done). The exact deadline is in the tooltip and for screen readers.
 */
import { ClockCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

export interface DeadlineCountdownProps {
  /** ISO 8601 instant. */
  deadline: string;
  /** The clock is stopped (the case is suspended). */
  paused?: boolean;
  /** The step this deadline guards is finished: no countdown. */
  done?: boolean;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Under this much time left the countdown turns orange. */
const SOON_MS = DAY;

/** Milliseconds → '2天3小时' / '5小时' / '12分钟' (en: '2d 3h', '5h', '12 min'). Exported for tests. */
export function formatSpan(ms: number, locale: 'zh-CN' | 'en'): string {
  const abs = Math.max(0, Math.abs(ms));
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  if (days === 0 && hours === 0) {
    const minutes = Math.max(1, Math.floor(abs / 60_000));
    return locale === 'en' ? `${minutes} min` : `${minutes}分钟`;
  }
  if (locale === 'en') return days ? `${days}d ${hours}h` : `${hours}h`;
  return days ? `${days}天${hours}小时` : `${hours}小时`;
}

/** Re-renders every `ms` so the countdown stays current without a page reload. */
function useNow(ms: number, active: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms, active]);
  return now;
}

export function DeadlineCountdown({ deadline, paused, done }: DeadlineCountdownProps) {
  const { t, locale } = useI18n();
  const now = useNow(60_000, !paused && !done);
  const at = Date.parse(deadline);
  const when = formatDateTime(deadline);
  if (Number.isNaN(at)) return <span>—</span>;

  let tag: { color: string; text: string; icon: ReactNode };
  if (done) tag = { color: 'default', text: t('已完成', 'Done'), icon: null };
  else if (paused) tag = { color: 'purple', text: t('已暂停', 'Paused'), icon: <PauseCircleOutlined /> };
  else {
    const left = at - now;
    const span = formatSpan(left, locale);
    if (left < 0)
      tag = { color: 'red', text: t(`已超期 ${span}`, `Overdue by ${span}`), icon: <ClockCircleOutlined /> };
    else
      tag = {
        color: left < SOON_MS ? 'orange' : 'blue',
        text: t(`剩余 ${span}`, `${span} left`),
        icon: <ClockCircleOutlined />,
      };
  }
  return (
    <Tooltip title={t(`截止 ${when}`, `Due ${when}`)}>
      <Tag
        color={tag.color}
        icon={tag.icon}
        // antd's orange text is too light on its tag background for WCAG AA; orange-8 passes.
        style={{ marginInlineEnd: 0, ...(tag.color === 'orange' ? { color: '#ad4e00' } : {}) }}
      >
        {tag.text}
        <span className="gr-visually-hidden">{t(`（截止 ${when}）`, ` (due ${when})`)}</span>
      </Tag>
    </Tooltip>
  );
}

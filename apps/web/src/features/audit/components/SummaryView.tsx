/**
 * An audit summary rendered for people: `key: value` pairs, changes as `from → to`, roles by their
 * label. Unknown shapes fall back to compact JSON, so nothing is ever hidden.
 */
import { auditLabel, auditSummaryKeyLabels } from '@grassroots/shared/audit/audit.labels';
import { type Role, roleLabels } from '@grassroots/shared/auth/roles';
import { Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../../lib/i18n';

export function SummaryView({ summary }: { summary: Record<string, unknown> }) {
  const { t, tl } = useI18n();
  const label = (k: string) => {
    const found = auditLabel(auditSummaryKeyLabels, k);
    return found ? tl(found) : k;
  };
  const value = (k: string, v: unknown): ReactNode => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? t('是', 'yes') : t('否', 'no');
    if (k === 'role' && typeof v === 'string' && v in roleLabels) return tl(roleLabels[v as Role]);
    if (Array.isArray(v)) {
      if (v.every((x) => typeof x !== 'object' || x === null)) return v.join('、') || '—';
      return v
        .map((x) =>
          x && typeof x === 'object' && 'role' in x ? value('role', (x as { role: string }).role) : JSON.stringify(x),
        )
        .join('、');
    }
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('from' in o && 'to' in o) return `${value(k, o.from)} → ${value(k, o.to)}`;
      return JSON.stringify(o);
    }
    return String(v);
  };
  const entries = Object.entries(summary);
  if (entries.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      {entries.map(([k, v]) => (
        <span key={k}>
          <Typography.Text type="secondary">{label(k)}：</Typography.Text>
          {value(k, v)}
        </span>
      ))}
    </Space>
  );
}

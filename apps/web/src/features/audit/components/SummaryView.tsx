/**
 * An audit summary rendered for people: `key: value` pairs, changes as `from → to`, roles by their
 * label. Unknown shapes fall back to compact JSON, so nothing is ever hidden.
 */
import { type Role, roleLabels } from '@grassroots/shared/auth/roles';
import { Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../../lib/i18n';

const keyLabels: Record<string, { 'zh-CN': string; en: string }> = {
  username: { 'zh-CN': '用户名', en: 'Username' },
  displayName: { 'zh-CN': '姓名', en: 'Name' },
  role: { 'zh-CN': '角色', en: 'Role' },
  grants: { 'zh-CN': '角色', en: 'Roles' },
  reason: { 'zh-CN': '原因', en: 'Reason' },
  dutyPhone: { 'zh-CN': '值班电话', en: 'Duty phone' },
  phone: { 'zh-CN': '手机号', en: 'Mobile' },
  dutyLabels: { 'zh-CN': '职责', en: 'Duties' },
  name: { 'zh-CN': '名称', en: 'Name' },
  kind: { 'zh-CN': '类型', en: 'Kind' },
  scopes: { 'zh-CN': '权限范围', en: 'Scopes' },
  prefix: { 'zh-CN': '前缀', en: 'Prefix' },
  orgName: { 'zh-CN': '单位', en: 'Organisation' },
  expiresAt: { 'zh-CN': '有效期至', en: 'Expires' },
  from: { 'zh-CN': '原', en: 'From' },
  to: { 'zh-CN': '新', en: 'To' },
  locked: { 'zh-CN': '已锁定', en: 'Locked' },
  generatedPassword: { 'zh-CN': '生成初始密码', en: 'Generated password' },
};

export function SummaryView({ summary }: { summary: Record<string, unknown> }) {
  const { t, tl } = useI18n();
  const label = (k: string) => (keyLabels[k] ? tl(keyLabels[k]) : k);
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

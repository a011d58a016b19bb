/**
 * Whom a case goes to: a person or an organisation for 派遣 (with optional deadline overrides), a lower-tier
 * area for 指派. Options come from GET /api/cases/:id/dispatch-targets (grid workers of the case's grid first).
 */

import { areaKindTags } from '@grassroots/shared/areas/areas.rules';
import { roleLabels } from '@grassroots/shared/auth/roles';
import { type OrgKind, orgKindLabels } from '@grassroots/shared/organisations/organisations.schema';
import { DatePicker, Form, Select } from 'antd';
import dayjs from 'dayjs';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { useDispatchTargets } from './api';

type Labelled = { 'zh-CN': string; en: string };
const labelOf = (table: Record<string, Labelled>, key: string, locale: 'zh-CN' | 'en') => table[key]?.[locale] ?? key;

/** `target` is 'account:12' or 'organisation:7' (one select for both kinds). */
export function DispatchFields({ caseId }: { caseId: string }) {
  const { t, locale } = useI18n();
  const targets = useDispatchTargets(caseId, true);
  const accounts = targets.data?.accounts ?? [];
  const orgs = targets.data?.organisations ?? [];
  const options = [
    {
      label: t('人员', 'People'),
      title: 'people',
      options: accounts.map((a) => ({
        value: `account:${a.id}`,
        label: [a.name, labelOf(roleLabels, a.role, locale), a.areaName].filter(Boolean).join(' · '),
      })),
    },
    {
      label: t('单位 / 部门', 'Organisations'),
      title: 'organisations',
      options: orgs.map((o) => ({
        value: `organisation:${o.id}`,
        label: `${o.name} · ${labelOf(orgKindLabels as Record<OrgKind, Labelled>, o.kind, locale)}`,
      })),
    },
  ].filter((g) => g.options.length);
  const notPast = (d: dayjs.Dayjs) => d.isBefore(dayjs().startOf('day'));
  return (
    <>
      <ErrorAlert error={targets.error} onRetry={() => targets.refetch()} style={{ marginBottom: 12 }} />
      <Form.Item
        name="target"
        label={t('派遣对象', 'Dispatch to')}
        rules={[{ required: true, message: t('请选择派遣对象', 'Choose whom to dispatch to') }]}
        extra={t('可派给人员（如本网格网格员），或吹哨派单给部门、单位、物业企业', 'A person, or an organisation')}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={targets.isLoading}
          options={options}
          placeholder={t('选择人员或单位', 'Choose a person or an organisation')}
          notFoundContent={targets.isLoading ? undefined : t('没有可派遣的对象', 'Nobody to dispatch to')}
        />
      </Form.Item>
      <Form.Item
        name="acceptBy"
        label={t('接单期限（可选）', 'Accept by (optional)')}
        extra={t('不填则按分类规定的期限', "The category's limit applies when empty")}
      >
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={notPast} />
      </Form.Item>
      <Form.Item name="resolveBy" label={t('办结期限（可选）', 'Resolve by (optional)')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={notPast} />
      </Form.Item>
    </>
  );
}

export function AssignFields({ caseId }: { caseId: string }) {
  const { t, locale } = useI18n();
  const targets = useDispatchTargets(caseId, true);
  const areas = targets.data?.areas ?? [];
  return (
    <>
      <ErrorAlert error={targets.error} onRetry={() => targets.refetch()} style={{ marginBottom: 12 }} />
      <Form.Item
        name="areaId"
        label={t('指派到', 'Assign to')}
        rules={[{ required: true, message: t('请选择下级区域', 'Choose a lower-tier area') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={targets.isLoading}
          placeholder={t('选择下级区域', 'Choose an area')}
          options={areas.map((a) => ({
            value: a.id,
            label: `${a.name} · ${labelOf(areaKindTags, a.kind, locale)}`,
          }))}
          notFoundContent={targets.isLoading ? undefined : t('没有可指派的下级区域', 'No lower-tier area')}
        />
      </Form.Item>
    </>
  );
}

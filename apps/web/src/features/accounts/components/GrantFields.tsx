/**
 * The fields of one role grant: role (only roles the caller may hand out), then the place that role
 * needs — an area, an organisation of the matching kind, either (property centre), or nothing.
 * Used inside an antd Form; field names are prefixed by `name` (e.g. ['grant']).
 */

import { grantTargetOf, orgKindForRole } from '@grassroots/shared/accounts/accounts.schema';
import type { AreaKind } from '@grassroots/shared/areas/areas.rules';
import { assignableRolesFor } from '@grassroots/shared/auth/permissions';
import { dutyLabels, type Role, roleLabels } from '@grassroots/shared/auth/roles';
import { Form, Select } from 'antd';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { useMe } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { useOrgOptions } from '../api';

/** Which area levels fit a role (a UI hint; the server checks scope, not the level). */
const areaKindsFor: Partial<Record<Role, readonly AreaKind[]>> = {
  center: ['city', 'district'],
  leader: ['street'],
  community_secretary: ['community'],
  cadre: ['community', 'grid'],
  grid_worker: ['grid'],
  party_member: ['community', 'grid'],
};

export function GrantFields({ name, required = true }: { name: string; required?: boolean }) {
  const { t, tl } = useI18n();
  const { data: me } = useMe();
  const form = Form.useFormInstance();
  const role = Form.useWatch([name, 'role'], form) as Role | undefined;
  const target = role ? grantTargetOf(role) : 'none';
  const orgs = useOrgOptions(role && target !== 'area' && target !== 'none' ? orgKindForRole[role] : undefined);
  const roles = assignableRolesFor(me?.roles ?? []);
  const orgRequired = target === 'org';
  const areaRequired = target === 'area';
  return (
    <>
      <Form.Item
        name={[name, 'role']}
        label={t('角色', 'Role')}
        rules={required ? [{ required: true, message: t('请选择角色', 'Choose a role') }] : []}
      >
        <Select
          placeholder={t('选择角色', 'Choose a role')}
          options={roles.map((r) => ({ value: r, label: tl(roleLabels[r]) }))}
          onChange={() => {
            form.setFieldValue([name, 'areaId'], undefined);
            form.setFieldValue([name, 'orgId'], undefined);
          }}
          allowClear={!required}
        />
      </Form.Item>
      {target === 'area' || target === 'org_or_area' ? (
        <Form.Item
          name={[name, 'areaId']}
          label={t('区域', 'Area')}
          extra={target === 'org_or_area' ? t('区域与单位二选一', 'An area or an organisation') : undefined}
          rules={areaRequired ? [{ required: true, message: t('请选择区域', 'Choose an area') }] : []}
        >
          <AreaTreeSelect kinds={role ? areaKindsFor[role] : undefined} />
        </Form.Item>
      ) : null}
      {target === 'org' || target === 'org_or_area' ? (
        <Form.Item
          name={[name, 'orgId']}
          label={t('所属单位', 'Organisation')}
          rules={orgRequired ? [{ required: true, message: t('请选择单位', 'Choose an organisation') }] : []}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={orgs.isFetching}
            placeholder={t('选择单位', 'Choose an organisation')}
            options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            notFoundContent={t('没有该类型的单位，请先在「单位管理」中创建', 'No such organisation yet')}
            allowClear
          />
        </Form.Item>
      ) : null}
      {role && role !== 'admin' && role !== 'resident' ? (
        <Form.Item name={[name, 'dutyLabels']} label={t('岗位职责', 'Duty labels')}>
          <Select
            mode="tags"
            placeholder={t('可选，如 矛盾调解员', 'Optional, e.g. mediator')}
            options={dutyLabels.map((d) => ({ value: d, label: d }))}
          />
        </Form.Item>
      ) : null}
    </>
  );
}

/** Form values → request body (empty pickers are left out). */
export function grantBody(v: { role: Role; areaId?: string | null; orgId?: string | null; dutyLabels?: string[] }) {
  return {
    role: v.role,
    areaId: v.areaId || undefined,
    orgId: v.orgId || undefined,
    dutyLabels: v.dutyLabels?.length ? v.dutyLabels : undefined,
  };
}

/** Create or edit an organisation (kind is fixed once created). */
import { type OrgKind, orgKindLabels, orgKinds } from '@grassroots/shared/organisations/organisations.schema';
import { Form, Input, Select } from 'antd';
import { useMemo } from 'react';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { FormModal } from '../../../components/FormModal';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { type OrgView, useOrgMutation } from '../api';

interface Values {
  kind: OrgKind;
  name: string;
  code?: string;
  areaId?: string | null;
  contactName?: string;
  dutyPhone?: string;
}

export function OrgFormModal({ open, org, onClose }: { open: boolean; org: OrgView | null; onClose: () => void }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<Values>();
  const values = useMemo(
    () =>
      org
        ? {
            kind: org.kind,
            name: org.name,
            code: org.code ?? undefined,
            areaId: org.areaId,
            contactName: org.contactName ?? undefined,
            dutyPhone: org.dutyPhone ?? undefined,
          }
        : undefined,
    [org],
  );
  const save = useOrgMutation((v: Values) => {
    const body = {
      name: v.name,
      code: v.code || null,
      areaId: v.areaId || null,
      contactName: v.contactName || null,
      dutyPhone: v.dutyPhone || null,
    };
    return org
      ? api.patch(`/api/organisations/${org.id}`, { ...body, version: org.version })
      : api.post('/api/organisations', { ...body, kind: v.kind });
  });
  return (
    <FormModal
      open={open}
      title={org ? t('编辑单位', 'Edit organisation') : t('新建单位', 'New organisation')}
      form={form}
      values={values}
      onSave={save.mutateAsync}
      saving={save.isPending}
      done={t('已保存', 'Saved')}
      onClose={onClose}
      error={save.error}
      requiredMark="optional"
    >
      <Form.Item
        name="kind"
        label={t('类型', 'Kind')}
        rules={[{ required: true, message: t('请选择类型', 'Choose a kind') }]}
      >
        <Select disabled={!!org} options={orgKinds.map((k) => ({ value: k, label: tl(orgKindLabels[k]) }))} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('名称', 'Name')}
        rules={[{ required: true, message: t('请输入名称', 'Enter a name') }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="code" label={t('编码', 'Code')}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item
        name="areaId"
        label={t('服务/报到区域', 'Area served / reported to')}
        extra={t(
          '驻区单位填写报到的社区；部门可不填',
          'Units: the community they report to; departments may leave it empty',
        )}
      >
        <AreaTreeSelect />
      </Form.Item>
      <Form.Item name="contactName" label={t('联系人', 'Contact')}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="dutyPhone" label={t('值班电话', 'Duty phone')}>
        <Input inputMode="tel" maxLength={30} />
      </Form.Item>
    </FormModal>
  );
}

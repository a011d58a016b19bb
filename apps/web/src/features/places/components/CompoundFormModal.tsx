/** Create or edit a compound (小区): community, name, address, households, build year, management mode. */
import { managementModeLabels, managementModes } from '@grassroots/shared/places/places.rules';
import type { CreateCompoundBody } from '@grassroots/shared/places/places.schema';
import { Form, Input, InputNumber, Radio, Select } from 'antd';
import { useMemo } from 'react';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { FormModal } from '../../../components/FormModal';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { type CompoundView, usePlacesMutation, usePropertyCompanies } from '../api';

interface Props {
  open: boolean;
  compound?: CompoundView | null;
  onClose: () => void;
}

type Values = Omit<CreateCompoundBody, 'address'> & { address?: string | null };

export function CompoundFormModal({ open, compound, onClose }: Props) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('managementMode', form);
  const companies = usePropertyCompanies();
  const save = usePlacesMutation((v: Values) =>
    compound
      ? api.patch(`/api/compounds/${compound.id}`, { ...v, version: compound.version })
      : api.post('/api/compounds', v),
  );

  const values = useMemo(
    () =>
      compound
        ? {
            communityId: compound.communityId,
            name: compound.name,
            address: compound.address,
            householdCount: compound.householdCount,
            buildYear: compound.buildYear,
            managementMode: compound.managementMode,
            propertyCompanyId: compound.propertyCompanyId,
          }
        : { managementMode: 'company' as const },
    [compound],
  );

  return (
    <FormModal
      open={open}
      title={compound ? t('编辑小区', 'Edit compound') : t('新建小区', 'New compound')}
      form={form}
      values={values}
      onSave={(v) =>
        save.mutateAsync({ ...v, propertyCompanyId: v.managementMode === 'company' ? v.propertyCompanyId : null })
      }
      saving={save.isPending}
      done={compound ? t('已保存', 'Saved') : t('已创建', 'Created')}
      onClose={onClose}
    >
      <Form.Item
        name="communityId"
        label={t('所属社区', 'Community')}
        rules={[{ required: true, message: t('请选择社区', 'Choose a community') }]}
      >
        <AreaTreeSelect kinds={['community']} placeholder={t('选择社区/村', 'Choose a community')} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('小区名称', 'Name')}
        rules={[{ required: true, whitespace: true, max: 100, message: t('请填写小区名称', 'Enter a name') }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="address" label={t('地址', 'Address')} rules={[{ max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="householdCount" label={t('户数', 'Households')}>
        <InputNumber min={0} max={100000} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="buildYear" label={t('建成年份', 'Build year')}>
        <InputNumber min={1900} max={2100} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="managementMode" label={t('管理方式', 'Management')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={managementModes.map((m) => ({ value: m, label: tl(managementModeLabels[m]) }))}
        />
      </Form.Item>
      {mode === 'company' ? (
        <Form.Item name="propertyCompanyId" label={t('物业企业', 'Property company')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={companies.isLoading}
            placeholder={
              companies.isError ? t('物业企业加载失败', 'Could not load companies') : t('选择物业企业', 'Choose')
            }
            options={(companies.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            notFoundContent={t('暂无物业企业', 'No property companies')}
          />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}

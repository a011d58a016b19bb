/** Create or edit a custom person field; code and type are fixed after creation. */
import { customFieldTypes } from '@grassroots/shared/ledger/ledger.rules';
import type { CreateLedgerFieldBody, LedgerFieldView } from '@grassroots/shared/ledger/ledger.schema';
import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { useEffect, useMemo } from 'react';
import { FormModal } from '../../../components/FormModal';
import { useI18n } from '../../../lib/i18n';
import { useCreateField, useUpdateField } from '../api';

type FieldType = (typeof customFieldTypes)[number];
export const fieldTypeLabels: Record<FieldType, { 'zh-CN': string; en: string }> = {
  string: { 'zh-CN': '文本', en: 'Text' },
  number: { 'zh-CN': '数字', en: 'Number' },
  boolean: { 'zh-CN': '是/否', en: 'Yes / no' },
  date: { 'zh-CN': '日期', en: 'Date' },
  select: { 'zh-CN': '下拉选项', en: 'Choice' },
};

interface Values {
  code: string;
  label: string;
  labelEn?: string;
  datatype: FieldType;
  options?: string[];
  required: boolean;
  sortOrder: number;
}

export function FieldFormModal({
  open,
  field,
  onClose,
}: {
  open: boolean;
  field: LedgerFieldView | null;
  onClose: () => void;
}) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<Values>();
  const create = useCreateField();
  const update = useUpdateField();
  const m = field ? update : create;
  const { reset: r1 } = create;
  const { reset: r2 } = update;
  useEffect(() => {
    if (open) {
      r1();
      r2();
    }
  }, [open, r1, r2]);
  const datatype = Form.useWatch('datatype', form);
  const values = useMemo(
    () =>
      field
        ? { ...field, labelEn: field.labelEn ?? '' }
        : { datatype: 'string' as const, required: false, sortOrder: 0, options: [] },
    [field],
  );

  const save = (v: Values) => {
    const common = {
      label: v.label.trim(),
      labelEn: v.labelEn?.trim() || null,
      options: v.datatype === 'select' ? (v.options ?? []).map((o) => o.trim()).filter(Boolean) : [],
      required: v.required,
      sortOrder: v.sortOrder ?? 0,
    };
    return field
      ? update.mutateAsync({ id: field.id, body: { version: field.version, ...common } })
      : create.mutateAsync({ code: v.code.trim(), datatype: v.datatype, ...common } satisfies CreateLedgerFieldBody);
  };

  return (
    <FormModal<Values>
      open={open}
      title={field ? t(`编辑字段：${field.label}`, `Edit field: ${field.label}`) : t('新建字段', 'New field')}
      form={form}
      values={values}
      onSave={save}
      saving={m.isPending}
      error={m.error}
      done={t('已保存', 'Saved')}
      onClose={onClose}
    >
      <Form.Item name="label" label={t('名称', 'Label')} rules={[{ required: true, whitespace: true, max: 50 }]}>
        <Input placeholder={t('如：疫苗接种情况', 'e.g. 疫苗接种情况')} />
      </Form.Item>
      <Form.Item name="labelEn" label={t('英文名称', 'English label')} rules={[{ max: 80 }]}>
        <Input placeholder="Vaccination" />
      </Form.Item>
      <Form.Item
        name="code"
        label={t('编码', 'Code')}
        extra={t(
          '小写字母开头，可含数字和下划线；创建后不可修改',
          'Lower-case letter first, then letters, digits, _; fixed once created',
        )}
        rules={[
          { required: !field, message: t('请填写编码', 'Enter a code') },
          { pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('编码格式不正确', 'Not a valid code') },
        ]}
      >
        <Input disabled={!!field} placeholder="vaccination" />
      </Form.Item>
      <Form.Item name="datatype" label={t('类型', 'Type')} rules={[{ required: true }]}>
        <Select
          disabled={!!field}
          options={customFieldTypes.map((d) => ({ value: d, label: tl(fieldTypeLabels[d]) }))}
        />
      </Form.Item>
      {datatype === 'select' ? (
        <Form.Item
          name="options"
          label={t('选项', 'Options')}
          extra={t('输入后回车添加', 'Type and press Enter')}
          rules={[{ required: true, type: 'array', min: 1, message: t('至少一个选项', 'At least one option') }]}
        >
          <Select mode="tags" open={false} suffixIcon={null} />
        </Form.Item>
      ) : null}
      <Form.Item name="required" label={t('必填', 'Required')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="sortOrder" label={t('排序', 'Order')}>
        <InputNumber min={0} max={9999} />
      </Form.Item>
    </FormModal>
  );
}

/**
 * The form builder of a campaign: one row per question — its text, type, required, and for a choice the
 * options (one per line). Codes are given automatically (f1, f2 …) and kept when a draft is edited.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { campaignFieldTypeLabels, campaignFieldTypes } from '@grassroots/shared/campaigns/campaigns.rules';
import { Button, Checkbox, Form, Input, Select, Table, Typography } from 'antd';
import { useI18n } from '../../../lib/i18n';
import { type FieldRow, nextCode } from '../form-rows';

export function FieldsEditor() {
  const { t, tl } = useI18n();
  const form = Form.useFormInstance();
  // Watched so that the options cell appears as soon as 单选 is chosen.
  const rows = (Form.useWatch('fields', form) as FieldRow[] | undefined) ?? [];
  return (
    <Form.List
      name="fields"
      rules={[
        {
          validator: async (_, v?: FieldRow[]) => {
            if (!v?.length) throw new Error(t('至少添加一个问题', 'Add at least one question'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={fields}
            locale={{ emptyText: t('还没有问题', 'No questions yet') }}
            columns={[
              {
                title: t('问题', 'Question'),
                render: (_, f) => (
                  <>
                    <Form.Item name={[f.name, 'code']} hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'label']}
                      noStyle
                      rules={[{ required: true, whitespace: true, message: t('请填写问题', 'Enter the question') }]}
                    >
                      <Input aria-label={t(`问题 ${f.name + 1}`, `Question ${f.name + 1}`)} maxLength={50} />
                    </Form.Item>
                  </>
                ),
              },
              {
                title: t('类型', 'Type'),
                width: 120,
                render: (_, f) => (
                  <Form.Item name={[f.name, 'datatype']} noStyle>
                    <Select
                      aria-label={t(`问题 ${f.name + 1} 的类型`, `Type of question ${f.name + 1}`)}
                      style={{ width: '100%' }}
                      options={campaignFieldTypes.map((d) => ({ value: d, label: tl(campaignFieldTypeLabels[d]) }))}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('必填', 'Required'),
                width: 64,
                render: (_, f) => (
                  <Form.Item name={[f.name, 'required']} valuePropName="checked" noStyle>
                    <Checkbox aria-label={t(`问题 ${f.name + 1} 必填`, `Question ${f.name + 1} required`)} />
                  </Form.Item>
                ),
              },
              {
                title: t('选项（每行一个）', 'Options (one per line)'),
                width: 200,
                render: (_, f) =>
                  rows[f.name]?.datatype === 'select' ? (
                    <Form.Item
                      name={[f.name, 'optionsText']}
                      noStyle
                      rules={[{ required: true, message: t('请填写选项', 'Enter the options') }]}
                    >
                      <Input.TextArea
                        aria-label={t(`问题 ${f.name + 1} 的选项`, `Options of question ${f.name + 1}`)}
                        autoSize={{ minRows: 2, maxRows: 6 }}
                        placeholder={t('集中供暖\n煤炉', 'Central heating\nStove')}
                      />
                    </Form.Item>
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
              {
                title: '',
                width: 48,
                render: (_, f) => (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t(`删除问题 ${f.name + 1}`, `Remove question ${f.name + 1}`)}
                    onClick={() => remove(f.name)}
                  />
                ),
              },
            ]}
          />
          <Form.ErrorList errors={errors} />
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            onClick={() =>
              add({ code: nextCode(rows), label: '', datatype: 'string', required: false } satisfies FieldRow)
            }
          >
            {t('添加问题', 'Add a question')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

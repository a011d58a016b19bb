/**
 * The extra questions of a category (Open311 attributes) as a table inside the category form: code, text,
 * datatype, required, and the options of list datatypes as `key=名称` lines.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  isListDatatype,
  type QuestionDatatype,
  questionDatatypeLabels,
  questionDatatypes,
} from '@grassroots/shared/categories/categories.schema';
import { Button, Checkbox, Form, Input, Select, Table, Typography } from 'antd';
import { useI18n } from '../../../lib/i18n';

/** A question as the form holds it: options as text, one `key=名称` per line. */
export interface QuestionRow {
  code: string;
  description: string;
  datatype: QuestionDatatype;
  required: boolean;
  valuesText?: string;
}

export function valuesToText(values?: { key: string; name: string }[]) {
  return (values ?? []).map((v) => `${v.key}=${v.name}`).join('\n');
}

export function textToValues(text?: string) {
  return (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf('=');
      return i < 0 ? { key: l, name: l } : { key: l.slice(0, i).trim(), name: l.slice(i + 1).trim() };
    });
}

export function QuestionsEditor() {
  const { t, tl } = useI18n();
  const form = Form.useFormInstance();
  // Watched so that the options cell appears as soon as a list datatype is chosen.
  const rows = Form.useWatch('questions', form) as QuestionRow[] | undefined;
  return (
    <Form.List name="questions">
      {(fields, { add, remove }) => (
        <>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={fields}
            locale={{ emptyText: t('无补充问题', 'No extra questions') }}
            columns={[
              {
                title: t('编码', 'Code'),
                width: 120,
                render: (_, f) => (
                  <Form.Item
                    name={[f.name, 'code']}
                    noStyle
                    rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9_]{0,39}$/ }]}
                  >
                    <Input aria-label={t('问题编码', 'Question code')} placeholder="period" />
                  </Form.Item>
                ),
              },
              {
                title: t('问题', 'Question'),
                render: (_, f) => (
                  <Form.Item name={[f.name, 'description']} noStyle rules={[{ required: true }]}>
                    <Input aria-label={t('问题文字', 'Question text')} maxLength={200} />
                  </Form.Item>
                ),
              },
              {
                title: t('类型', 'Type'),
                width: 120,
                render: (_, f) => (
                  <Form.Item name={[f.name, 'datatype']} noStyle>
                    <Select
                      aria-label={t('数据类型', 'Datatype')}
                      style={{ width: '100%' }}
                      options={questionDatatypes.map((d) => ({ value: d, label: tl(questionDatatypeLabels[d]) }))}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('必填', 'Required'),
                width: 64,
                render: (_, f) => (
                  <Form.Item name={[f.name, 'required']} valuePropName="checked" noStyle>
                    <Checkbox aria-label={t('必填', 'Required')} />
                  </Form.Item>
                ),
              },
              {
                title: t('选项（每行 键=名称）', 'Options (key=name per line)'),
                width: 200,
                render: (_, f) => {
                  const datatype = rows?.[f.name]?.datatype;
                  if (!datatype || !isListDatatype(datatype))
                    return <Typography.Text type="secondary">—</Typography.Text>;
                  return (
                    <Form.Item
                      name={[f.name, 'valuesText']}
                      noStyle
                      rules={[{ required: true, message: t('请填写选项', 'Enter the options') }]}
                    >
                      <Input.TextArea
                        aria-label={t('选项', 'Options')}
                        autoSize={{ minRows: 1, maxRows: 6 }}
                        placeholder={'day=白天\nnight=夜间'}
                      />
                    </Form.Item>
                  );
                },
              },
              {
                title: '',
                width: 48,
                render: (_, f) => (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('删除问题', 'Remove question')}
                    onClick={() => remove(f.name)}
                  />
                ),
              },
            ]}
          />
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            onClick={() =>
              add({ code: '', description: '', datatype: 'string', required: false } satisfies QuestionRow)
            }
          >
            {t('添加问题', 'Add a question')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

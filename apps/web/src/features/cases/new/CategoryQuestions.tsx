/**
 * A category's extra questions (Open311-like attributes) as form fields under `answers.<code>`, one control
 * per datatype. Required ones are required here too; the server checks them again (shared/categories/answers).
 */
import type { CategoryQuestion } from '@grassroots/shared/categories/categories.schema';
import { Checkbox, DatePicker, Form, Input, InputNumber, Radio } from 'antd';
import { useI18n } from '../../../lib/i18n';

function control(q: CategoryQuestion) {
  const options = (q.values ?? []).map((v) => ({ value: v.key, label: v.name }));
  switch (q.datatype) {
    case 'string':
      return <Input maxLength={200} />;
    case 'text':
      return <Input.TextArea rows={3} maxLength={1000} showCount />;
    case 'number':
      return <InputNumber style={{ width: 200 }} />;
    case 'datetime':
      return <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />;
    case 'singlevaluelist':
      return <Radio.Group options={options} />;
    case 'multivaluelist':
      return <Checkbox.Group options={options} />;
  }
}

export function CategoryQuestions({ questions }: { questions: readonly CategoryQuestion[] }) {
  const { t } = useI18n();
  if (!questions.length) return null;
  return (
    <>
      {[...questions]
        .sort((a, b) => a.order - b.order)
        .map((q) => (
          <Form.Item
            key={q.code}
            name={['answers', q.code]}
            label={q.description}
            rules={q.required ? [{ required: true, message: t(`请填写：${q.description}`, 'Required') }] : []}
          >
            {control(q)}
          </Form.Item>
        ))}
    </>
  );
}

/**
 * The category's extra questions as form fields, by datatype (Open311-like attributes), under
 * `answers.<code>`. A datetime uses the phone's own picker (input type=datetime-local).
 */
import type { CategoryQuestion } from '@grassroots/shared/categories/categories.schema';
import { Checkbox, Flex, Form, Input, InputNumber, Radio } from 'antd';
import { useI18n } from '../../../lib/i18n';

export function QuestionFields({ questions }: { questions: CategoryQuestion[] }) {
  const { t } = useI18n();
  const sorted = [...questions].sort((a, b) => a.order - b.order);
  return (
    <>
      {sorted.map((q) => {
        const rules = q.required
          ? [{ required: true, message: t(`请填写：${q.description}`, `Please answer: ${q.description}`) }]
          : [];
        const common = { name: ['answers', q.code], label: q.description, rules };
        switch (q.datatype) {
          case 'number':
            return (
              <Form.Item key={q.code} {...common}>
                <InputNumber size="large" style={{ width: '100%' }} inputMode="decimal" />
              </Form.Item>
            );
          case 'datetime':
            return (
              <Form.Item key={q.code} {...common}>
                <Input size="large" type="datetime-local" />
              </Form.Item>
            );
          case 'text':
            return (
              <Form.Item key={q.code} {...common}>
                <Input.TextArea rows={3} maxLength={1000} />
              </Form.Item>
            );
          case 'singlevaluelist':
            return (
              <Form.Item key={q.code} {...common}>
                <Radio.Group>
                  <Flex vertical gap={4}>
                    {(q.values ?? []).map((v) => (
                      <Radio key={v.key} value={v.key} style={{ minHeight: 40, alignItems: 'center' }}>
                        {v.name}
                      </Radio>
                    ))}
                  </Flex>
                </Radio.Group>
              </Form.Item>
            );
          case 'multivaluelist':
            return (
              <Form.Item key={q.code} {...common}>
                <Checkbox.Group>
                  <Flex vertical gap={4}>
                    {(q.values ?? []).map((v) => (
                      <Checkbox key={v.key} value={v.key} style={{ minHeight: 40, alignItems: 'center' }}>
                        {v.name}
                      </Checkbox>
                    ))}
                  </Flex>
                </Checkbox.Group>
              </Form.Item>
            );
          default:
            return (
              <Form.Item key={q.code} {...common}>
                <Input size="large" maxLength={1000} />
              </Form.Item>
            );
        }
      })}
    </>
  );
}

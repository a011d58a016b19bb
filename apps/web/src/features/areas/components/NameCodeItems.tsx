/** The name (required, ≤ 100) and code (≤ 40) fields shared by the area and grid-element forms. */
import { Form, Input } from 'antd';
import { useI18n } from '../../../lib/i18n';

export function NameCodeItems({ codeLabel, autoFocus }: { codeLabel?: string; autoFocus?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name="name"
        label={t('名称', 'Name')}
        rules={[{ required: true, whitespace: true, max: 100, message: t('请输入名称', 'Enter a name') }]}
      >
        <Input autoFocus={autoFocus} />
      </Form.Item>
      <Form.Item name="code" label={codeLabel ?? t('编码', 'Code')} rules={[{ max: 40 }]}>
        <Input />
      </Form.Item>
    </>
  );
}

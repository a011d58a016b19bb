/**
 * 查看明文: asks why (required, logged with the fields chosen — never the values) and which fields, calls the
 * unmask endpoint, and shows the clear values in this dialog only. They live in component state, are not
 * cached anywhere, and are gone when the dialog closes.
 */
import { Alert, Button, Checkbox, Descriptions, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { useAction } from '../../../lib/use-action';
import { tagLabel } from '../ledger-labels';

type Field = 'idNumber' | 'phone' | 'sensitiveTags';
interface Clear {
  idNumber?: string | null;
  phone?: string | null;
  sensitiveTags?: string[];
}

export interface UnmaskDialogProps {
  open: boolean;
  /** e.g. `/api/persons/12/unmask` */
  url: string;
  /** Who or what, e.g. the person's name. */
  subject: string;
  fields: Field[];
  onClose: () => void;
}

export function UnmaskDialog(props: UnmaskDialogProps) {
  // Mounted only while open, so nothing of a previous viewing survives a close.
  return props.open ? <UnmaskBody {...props} /> : null;
}

function UnmaskBody({ url, subject, fields, onClose }: UnmaskDialogProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ reason: string; fields: Field[] }>();
  const [clear, setClear] = useState<Clear | null>(null);
  const action = useAction();
  const labels: Record<Field, string> = {
    idNumber: t('身份证号', 'ID number'),
    phone: t('电话', 'Phone'),
    sensitiveTags: t('敏感标签', 'Sensitive tags'),
  };

  const submit = async () => {
    let v: { reason: string; fields: Field[] };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    await action.run(async () => {
      setClear(await api.post<Clear>(url, { reason: v.reason.trim(), fields: v.fields }));
    });
  };

  const value = (f: Field) => {
    if (!clear) return null;
    if (f === 'sensitiveTags')
      return clear.sensitiveTags?.length
        ? clear.sensitiveTags.map((x) => tagLabel(x, locale)).join('、')
        : t('无', 'None');
    return clear[f] || t('未登记', 'Not recorded');
  };

  return (
    <Modal
      open
      title={t(`查看明文：${subject}`, `Show in clear: ${subject}`)}
      onCancel={onClose}
      destroyOnHidden
      footer={
        clear ? (
          <Button type="primary" onClick={onClose}>
            {t('关闭', 'Close')}
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
            <Button type="primary" loading={action.busy} onClick={submit}>
              {t('查看', 'Show')}
            </Button>
          </>
        )
      }
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t(
          '本次查看将记录在审计日志中（查看人、时间、事由和字段）。明文仅在此窗口显示，关闭后即清除。',
          'This viewing is logged (who, when, why and which fields). The clear values show only in this dialog and are gone when it closes.',
        )}
      />
      {action.error ? <ErrorAlert error={action.error} style={{ marginBottom: 16 }} /> : null}
      {clear ? (
        <Descriptions column={1} bordered size="small" data-testid="unmasked-values">
          {fields
            .filter((f) => f in clear)
            .map((f) => (
              <Descriptions.Item key={f} label={labels[f]}>
                <Typography.Text copyable={f !== 'sensitiveTags'} strong>
                  {value(f)}
                </Typography.Text>
              </Descriptions.Item>
            ))}
        </Descriptions>
      ) : (
        <Form form={form} layout="vertical" initialValues={{ fields: fields.filter((f) => f !== 'sensitiveTags') }}>
          <Form.Item
            name="fields"
            label={t('查看字段', 'Fields')}
            rules={[{ required: true, type: 'array', min: 1, message: t('至少选择一项', 'Choose at least one') }]}
          >
            <Checkbox.Group options={fields.map((f) => ({ value: f, label: labels[f] }))} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('查看事由', 'Reason')}
            rules={[
              { required: true, whitespace: true, message: t('请填写查看事由', 'Say why you need the clear values') },
              { min: 2, message: t('事由至少2个字', 'At least 2 characters') },
            ]}
          >
            <Input.TextArea
              rows={2}
              maxLength={200}
              showCount
              placeholder={t('如：核对低保申请材料', 'e.g. checking a benefit application')}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

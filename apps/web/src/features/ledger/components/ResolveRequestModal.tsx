/**
 * Handle a resident's request with a note. Doing an erasure anonymises the person for good, so that choice
 * asks once more and says exactly what will happen.
 */
import type { LedgerRequestView } from '@grassroots/shared/ledger/ledger.schema';
import { Alert, Form, Input, Radio, Typography } from 'antd';
import { useEffect } from 'react';
import { useConfirm } from '../../../components/ConfirmButton';
import { FormModal } from '../../../components/FormModal';
import { useI18n } from '../../../lib/i18n';
import { useResolveRequest } from '../api';

const initial = { status: 'done' as const };

interface Values {
  status: 'done' | 'rejected';
  resolution: string;
}

export interface ResolveRequestModalProps {
  open: boolean;
  request: LedgerRequestView | null;
  onClose: () => void;
}

export function ResolveRequestModal({ open, request, onClose }: ResolveRequestModalProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const resolve = useResolveRequest();
  const confirm = useConfirm();
  const { reset } = resolve;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);
  const status = Form.useWatch('status', form);
  const erasure = request?.kind === 'erasure';
  const who = request?.personName ?? t('该成员', 'the member');
  const consequence = t(
    `${who}的个人信息将被匿名化：姓名改为“已注销”，身份证号、电话、标签和自定义字段全部清除，且无法恢复。`,
    `${who} will be anonymised: the name becomes 已注销 and the ID number, phone, tags and custom fields are cleared for good.`,
  );

  const save = async (v: Values) => {
    if (!request) return;
    if (erasure && v.status === 'done') {
      const ok = await confirm({
        title: t('确认办理注销？', 'Erase this person?'),
        content: consequence,
        okText: t('确认注销', 'Erase'),
      });
      if (!ok) throw new Error(t('已取消', 'Cancelled'));
    }
    await resolve.mutateAsync({ id: request.id, body: { status: v.status, resolution: v.resolution.trim() } });
  };

  return (
    <FormModal<Values>
      open={open}
      title={
        erasure ? t('办理注销申请', 'Handle an erasure request') : t('办理更正申请', 'Handle a correction request')
      }
      form={form}
      values={initial}
      onSave={save}
      saving={resolve.isPending}
      error={resolve.error}
      done={t('已办理', 'Handled')}
      onClose={onClose}
    >
      {request ? (
        <Typography.Paragraph>
          <Typography.Text type="secondary">{t('申请内容：', 'Request: ')}</Typography.Text>
          {request.message}
        </Typography.Paragraph>
      ) : null}
      {!erasure ? (
        <Typography.Paragraph type="secondary">
          {t(
            '请先在住户台账中更正信息，再将申请标记为已办理。',
            'Correct the data in the ledger first, then mark the request done.',
          )}
        </Typography.Paragraph>
      ) : null}
      <Form.Item name="status" label={t('处理结果', 'Outcome')} rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: 'done', label: erasure ? t('同意并注销', 'Erase') : t('已更正', 'Corrected') },
            { value: 'rejected', label: t('驳回', 'Reject') },
          ]}
        />
      </Form.Item>
      {erasure && status === 'done' ? (
        <Alert type="warning" showIcon title={consequence} style={{ marginBottom: 16 }} />
      ) : null}
      <Form.Item
        name="resolution"
        label={t('处理说明（告知居民）', 'Note to the resident')}
        rules={[
          { required: true, whitespace: true, message: t('请填写处理说明', 'Write a note') },
          { min: 2, message: t('至少2个字', 'At least 2 characters') },
        ]}
      >
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
    </FormModal>
  );
}

/** 确认预警: a note on what is being done, sent with the version the user saw (stale → the server's 409 shown). */
import type { WarningView } from '@grassroots/shared/warnings/warnings.schema';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Typography } from 'antd';
import { FormModal } from '../../components/FormModal';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';

export function AcknowledgeModal({ warning, onClose }: { warning: WarningView | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ note: string }>();
  const qc = useQueryClient();
  const ack = useMutation({
    mutationFn: (v: { note: string }) =>
      api.post<WarningView>(`/api/analytics/warnings/${warning?.id}/acknowledge`, {
        version: warning?.version,
        note: v.note,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['warnings'] }),
  });
  return (
    <FormModal<{ note: string }>
      open={warning !== null}
      title={t('确认预警', 'Acknowledge warning')}
      form={form}
      onSave={(v) => ack.mutateAsync(v)}
      saving={ack.isPending}
      done={t('已确认', 'Acknowledged')}
      okText={t('确认预警', 'Acknowledge')}
      error={ack.error ?? undefined}
      onClose={() => {
        ack.reset();
        onClose();
      }}
    >
      <Typography.Paragraph>{warning?.title}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {t(
          '确认后预警转为“已确认”，说明将记入审计日志。',
          'The warning becomes “acknowledged”; your note is kept in the audit log.',
        )}
      </Typography.Paragraph>
      <Form.Item
        name="note"
        label={t('处理说明', 'Note')}
        rules={[{ required: true, whitespace: true, message: t('请填写处理说明', 'Please write a note') }]}
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          showCount
          placeholder={t('如：已安排网格员排查', 'e.g. grid worker sent to check')}
        />
      </Form.Item>
    </FormModal>
  );
}

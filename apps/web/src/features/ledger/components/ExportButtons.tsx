/**
 * 导出 Excel / CSV of the current person filters. Exports are masked; a holder of ledger.unmask may tick
 * 导出明文, which asks for a reason first (the server logs every export, with the reason for a clear one).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useCan } from '../../../lib/auth';
import { downloadFile } from '../../../lib/download';
import { useI18n } from '../../../lib/i18n';
import { useAction } from '../../../lib/use-action';
import { exportQuery, type PersonFilters } from '../persons-filters';

type Kind = 'xlsx' | 'csv';

export function ExportButtons({ filters }: { filters: PersonFilters }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { can } = useCan();
  const [clear, setClear] = useState(false);
  const [asking, setAsking] = useState<Kind | null>(null);
  const action = useAction();
  const [form] = Form.useForm<{ reason: string }>();

  const download = (kind: Kind, reason: string | null) =>
    action.run(async () => {
      const day = new Date().toISOString().slice(0, 10);
      const name = await downloadFile(
        `/api/persons/export.${kind}`,
        exportQuery(filters, reason ? { reason } : null),
        locale,
        `persons-${day}.${kind}`,
      );
      message.success(t(`已导出 ${name}`, `Exported ${name}`));
      setAsking(null);
    });

  const start = (kind: Kind) => {
    if (!clear) return download(kind, null);
    form.resetFields();
    setAsking(kind);
  };
  const confirmClear = async () => {
    const v = await form.validateFields().catch(() => null);
    if (v && asking) await download(asking, v.reason.trim());
  };

  return (
    <>
      {can('ledger.unmask') ? (
        <Checkbox checked={clear} onChange={(e) => setClear(e.target.checked)}>
          {t('导出明文', 'Export in clear')}
        </Checkbox>
      ) : null}
      <Button icon={<DownloadOutlined />} loading={action.busy && asking !== 'csv'} onClick={() => start('xlsx')}>
        {t('导出Excel', 'Export Excel')}
      </Button>
      <Button icon={<DownloadOutlined />} loading={action.busy && asking === 'csv'} onClick={() => start('csv')}>
        {t('导出CSV', 'Export CSV')}
      </Button>
      {action.error && !asking ? (
        <ErrorAlert error={action.error} title={t('导出失败', 'Export failed')} style={{ width: '100%' }} />
      ) : null}
      <Modal
        open={!!asking}
        title={t('导出明文', 'Export in clear')}
        okText={t('导出', 'Export')}
        cancelText={t('取消', 'Cancel')}
        confirmLoading={action.busy}
        onOk={confirmClear}
        onCancel={() => setAsking(null)}
        destroyOnHidden
      >
        <p>
          {t(
            '导出文件将包含完整身份证号、电话和敏感标签。本次导出及事由将记录在审计日志中，请妥善保管文件。',
            'The file will hold full ID numbers, phones and sensitive tags. The export and its reason are logged; keep the file safe.',
          )}
        </p>
        {action.error ? <ErrorAlert error={action.error} style={{ marginBottom: 16 }} /> : null}
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t('导出事由', 'Reason')}
            rules={[
              { required: true, whitespace: true, message: t('请填写导出事由', 'Say why') },
              { min: 2, message: t('事由至少2个字', 'At least 2 characters') },
            ]}
          >
            <Input.TextArea rows={2} maxLength={200} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

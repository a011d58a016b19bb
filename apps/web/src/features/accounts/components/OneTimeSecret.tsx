/** A secret (initial password, API key) shown exactly once, with a warning and a copy button. */
import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../../lib/i18n';

export interface OneTimeSecretProps {
  open: boolean;
  title: ReactNode;
  label: ReactNode;
  secret: string | null;
  onClose: () => void;
}

export function OneTimeSecret({ open, title, label, secret, onClose }: OneTimeSecretProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret ?? '');
      message.success(t('已复制', 'Copied'));
    } catch {
      message.warning(t('无法访问剪贴板，请手动选择复制', 'Clipboard unavailable; select and copy it by hand'));
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('我已妥善保存', 'I have saved it')}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('只显示这一次', 'Shown only this once')}
        description={t(
          '关闭后无法再次查看。请立即复制并通过安全渠道交给使用人。',
          'It cannot be shown again after closing. Copy it now and hand it over securely.',
        )}
      />
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Typography.Paragraph
        code
        style={{ fontSize: 15, wordBreak: 'break-all', marginTop: 4, marginBottom: 8 }}
        data-testid="one-time-secret"
      >
        {secret}
      </Typography.Paragraph>
      <Button icon={<CopyOutlined />} onClick={copy}>
        {t('复制', 'Copy')}
      </Button>
    </Modal>
  );
}

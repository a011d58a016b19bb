/**
 * 待上传 N 条: visits saved on the phone and not yet on the server, with a send-now button; below it, the
 * visits the server refused (closed campaign, household no longer yours …) with its reason, until dismissed.
 */
import { CloudUploadOutlined, DisconnectOutlined } from '@ant-design/icons';
import { Alert, Button, Flex } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { useOnline, useVisitQueue } from '../use-visit-queue';

export function QueueBanner({ campaignId }: { campaignId?: string }) {
  const { t } = useI18n();
  const { queue, state } = useVisitQueue();
  const online = useOnline();
  const [sending, setSending] = useState(false);
  const items = campaignId ? state.items.filter((i) => i.campaignId === campaignId) : state.items;
  const failed = campaignId ? state.failed.filter((f) => f.campaignId === campaignId) : state.failed;
  const sendNow = async () => {
    setSending(true);
    try {
      await queue.flush();
    } finally {
      setSending(false);
    }
  };
  return (
    <Flex vertical gap={8}>
      {!online ? (
        <Alert
          type="info"
          showIcon
          icon={<DisconnectOutlined />}
          title={t(
            '当前离线：走访记录先保存在手机上，联网后自动上传',
            'Offline: visits are kept on this phone and sent once online',
          )}
        />
      ) : null}
      {items.length ? (
        <Alert
          type="warning"
          showIcon
          data-testid="visit-queue"
          title={t(`待上传 ${items.length} 条`, `${items.length} waiting to upload`)}
          description={
            items.some((i) => i.lastError)
              ? t('上次上传未成功，将自动重试', 'The last upload failed; it will be retried automatically')
              : undefined
          }
          action={
            online ? (
              <Button size="small" icon={<CloudUploadOutlined />} loading={sending} onClick={sendNow}>
                {t('立即上传', 'Send now')}
              </Button>
            ) : undefined
          }
        />
      ) : null}
      {failed.map((f) => (
        <Alert
          key={f.clientRef}
          type="error"
          showIcon
          closable={{ 'aria-label': t('知道了', 'Dismiss') }}
          onClose={() => queue.dismissFailed(f.clientRef)}
          title={t(`未能上传：${f.address}`, `Not uploaded: ${f.address}`)}
          description={f.message}
        />
      ))}
    </Flex>
  );
}

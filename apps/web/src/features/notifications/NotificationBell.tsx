/**
 * The bell in the console header: unread count (polled every minute) and, on click, the latest
 * notifications with 全部已读. Opening one marks it read and follows its link.
 */
import { BellOutlined } from '@ant-design/icons';
import type {
  NotificationPage,
  NotificationView,
  UnreadCount,
} from '@grassroots/shared/notifications/notifications.schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Drawer, Empty, Grid, Popover, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

const keys = {
  all: ['notifications'] as const,
  count: ['notifications', 'unread-count'] as const,
  latest: ['notifications', 'latest'] as const,
};
const LATEST = 8;

export function NotificationBell() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const count = useQuery({
    queryKey: keys.count,
    queryFn: () => api.get<UnreadCount>('/api/notifications/unread-count'),
    refetchInterval: 60_000,
  });
  const n = count.data?.count ?? 0;
  // A popover anchored at the right of a phone-wide header would be cut off on the left: a drawer there.
  const narrow = !Grid.useBreakpoint().sm;
  const title = t('通知', 'Notifications');
  const list = open ? <NotificationList onNavigate={() => setOpen(false)} /> : null;
  const bell = (
    <Button
      type="text"
      data-testid="notification-bell"
      aria-label={n ? t(`通知，${n} 条未读`, `Notifications, ${n} unread`) : title}
      onClick={narrow ? () => setOpen(true) : undefined}
      icon={
        <Badge count={n} size="small" overflowCount={99} color="#fff" style={{ color: '#a50d25' }}>
          <BellOutlined style={{ color: '#fff', fontSize: 16 }} />
        </Badge>
      }
    />
  );
  if (narrow)
    return (
      <>
        {bell}
        <Drawer open={open} onClose={() => setOpen(false)} title={title} placement="right" size="100%">
          {list}
        </Drawer>
      </>
    );
  return (
    <Popover trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} title={title} content={list}>
      {bell}
    </Popover>
  );
}

function NotificationList({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const latest = useQuery({
    queryKey: keys.latest,
    queryFn: () => api.get<NotificationPage>('/api/notifications', { pageSize: LATEST }),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: keys.all });
  const readAll = useMutation({ mutationFn: () => api.post('/api/notifications/read-all'), onSuccess: refresh });
  const readOne = useMutation({
    mutationFn: (id: string) => api.post<NotificationView>(`/api/notifications/${id}/read`),
    onSuccess: refresh,
  });
  const open = (item: NotificationView) => {
    if (!item.readAt) readOne.mutate(item.id);
    if (item.link?.startsWith('/')) {
      onNavigate();
      navigate(item.link);
    }
  };

  if (latest.isPending) return <Spin style={{ display: 'block', margin: 24 }} />;
  if (latest.error) return <ErrorAlert error={latest.error} onRetry={() => latest.refetch()} />;
  const items = latest.data.items;
  return (
    <div style={{ width: 320, maxWidth: '100%' }}>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无通知', 'No notifications')} />
      ) : (
        <ul aria-label={t('最新通知', 'Latest notifications')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((item) => (
            <li key={item.id} style={{ borderBottom: '1px solid #f0f0f0' }}>
              <button
                type="button"
                onClick={() => open(item)}
                style={{
                  all: 'unset',
                  boxSizing: 'border-box',
                  display: 'block',
                  width: '100%',
                  padding: '8px 4px',
                  cursor: 'pointer',
                }}
              >
                <div>
                  <Typography.Text strong={!item.readAt}>
                    {item.readAt ? null : <Badge status="error" style={{ marginInlineEnd: 6 }} />}
                    {item.title}
                  </Typography.Text>
                </div>
                {item.body ? (
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                    {item.body}
                  </Typography.Paragraph>
                ) : null}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {formatDateTime(item.createdAt)}
                </Typography.Text>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`共 ${latest.data.total} 条`, `${latest.data.total} in total`)}
        </Typography.Text>
        <Button
          size="small"
          onClick={() => readAll.mutate()}
          loading={readAll.isPending}
          disabled={!items.some((i) => !i.readAt)}
        >
          {t('全部已读', 'Mark all read')}
        </Button>
      </div>
    </div>
  );
}

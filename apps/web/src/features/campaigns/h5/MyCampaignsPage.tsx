/**
 * /h5/campaigns 摸排任务 — the grid worker's running campaigns with households of their grid, each with their
 * own progress; a tap opens the household list. The visit queue is sent from here too (page load, online).
 */
import { Card, Empty, Flex, Skeleton, Typography } from 'antd';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { RequireLogin } from '../../../components/RequireLogin';
import { useI18n } from '../../../lib/i18n';
import { useMyCampaigns } from '../api';
import { ProgressLine } from '../components/ProgressLine';
import { useVisitQueueSync } from '../use-visit-queue';
import { QueueBanner } from './QueueBanner';

export function MyCampaignsPage() {
  return (
    <RequireLogin loginPath="/h5/login">
      <MyCampaigns />
    </RequireLogin>
  );
}

function MyCampaigns() {
  const { t } = useI18n();
  useVisitQueueSync();
  const mine = useMyCampaigns();
  return (
    <Flex vertical gap={12}>
      <QueueBanner />
      {mine.isPending ? <Skeleton active /> : null}
      {mine.error && !mine.data ? <ErrorAlert error={mine.error} onRetry={() => mine.refetch()} /> : null}
      {mine.data && !mine.data.items.length ? (
        <Empty description={t('暂无进行中的摸排任务', 'No campaign is running for you')} />
      ) : null}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 12 }}>
        {mine.data?.items.map((c) => (
          <li key={c.id}>
            <Link to={`/h5/campaigns/${c.id}`} style={{ display: 'block', color: 'inherit' }}>
              <Card hoverable data-campaign-id={c.id}>
                <Typography.Title level={2} style={{ fontSize: '1.15em', marginTop: 0 }}>
                  {c.name}
                </Typography.Title>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  {c.areaName} · {c.startsOn} ~ {c.endsOn}
                </Typography.Paragraph>
                <ProgressLine counts={c.progress} />
              </Card>
            </Link>
          </li>
        ))}
      </ul>
    </Flex>
  );
}

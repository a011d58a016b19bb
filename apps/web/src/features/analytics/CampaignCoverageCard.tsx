/**
 * 摸排覆盖 on the dashboard: the running door-to-door campaigns of the caller's reach and how far each has got
 * (the counts the campaign page shows, from the same list endpoint). The first coverage panel of DOMAIN.md's
 * list; 六有 and party-organisation coverage join it when their data exists.
 */
import { Card, Flex, List, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { useCampaigns } from '../campaigns/api';
import { ProgressLine } from '../campaigns/components/ProgressLine';

const SHOWN = 5;

/** Rendered only for those who work with campaigns (the page checks), so nobody else pays for its request. */
export function CampaignCoverageCard() {
  const { t } = useI18n();
  const q = useCampaigns({ status: 'active', page: 1, pageSize: SHOWN });
  const items = q.data?.items ?? [];
  const more = (q.data?.total ?? 0) - items.length;
  return (
    <Card
      size="small"
      title={t('摸排覆盖（进行中）', 'Campaign coverage (running)')}
      extra={<Link to="/console/campaigns">{t('全部摸排任务', 'All campaigns')}</Link>}
      loading={q.isLoading}
    >
      {q.error ? (
        <Typography.Text type="danger">{t('摸排数据加载失败', 'Could not load campaigns')}</Typography.Text>
      ) : (
        <List
          dataSource={items}
          // Ant's own empty text is too faint for the contrast check; plain text is not.
          locale={{ emptyText: <Typography.Text>{t('暂无进行中的摸排任务', 'No running campaign')}</Typography.Text> }}
          renderItem={(c) => (
            <List.Item>
              <Flex vertical style={{ width: '100%' }} gap={4}>
                <Flex justify="space-between" gap={8}>
                  <Link to={`/console/campaigns/${c.id}`}>{c.name}</Link>
                  <Typography.Text type="secondary">
                    {c.areaName} · {c.startsOn} ~ {c.endsOn}
                  </Typography.Text>
                </Flex>
                <ProgressLine counts={c.progress} label={c.name} />
              </Flex>
            </List.Item>
          )}
        />
      )}
      {more > 0 ? (
        <Typography.Text type="secondary">{t(`另有 ${more} 个进行中的任务`, `${more} more running`)}</Typography.Text>
      ) : null}
    </Card>
  );
}

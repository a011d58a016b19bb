/**
 * /h5/campaigns/:id — one campaign on the phone: my progress, my households still to knock on (search by
 * address or head), and a tap opens the visit form in place. Nothing here needs the network once loaded: the
 * form comes with the campaign, the household from the list, and a saved visit waits in the queue.
 */
import { SearchOutlined } from '@ant-design/icons';
import type { HouseholdStateFilter } from '@grassroots/shared/campaigns/campaigns.schema';
import { Button, Card, Empty, Flex, Input, Segmented, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { RequireLogin } from '../../../components/RequireLogin';
import { useI18n } from '../../../lib/i18n';
import { type CampaignHousehold, useCampaign, useCoverage, useHouseholdFeed } from '../api';
import { HouseholdStateTag } from '../components/CampaignStatusTag';
import { ProgressLine } from '../components/ProgressLine';
import { useVisitQueue, useVisitQueueSync } from '../use-visit-queue';
import { QueueBanner } from './QueueBanner';
import { VisitForm } from './VisitForm';

export function CampaignWorkPage() {
  return (
    <RequireLogin loginPath="/h5/login">
      <CampaignWork />
    </RequireLogin>
  );
}

function CampaignWork() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  useVisitQueueSync();
  const campaign = useCampaign(id);
  const coverage = useCoverage(id);
  const [selected, setSelected] = useState<CampaignHousehold | null>(null);

  if (campaign.isPending) return <Skeleton active />;
  if (!campaign.data) return <ErrorAlert error={campaign.error} onRetry={() => campaign.refetch()} />;
  const c = campaign.data;
  if (selected)
    return (
      <VisitForm
        campaign={c}
        household={selected}
        onDone={() => {
          setSelected(null);
          window.scrollTo(0, 0);
        }}
      />
    );
  return (
    <Flex vertical gap={12}>
      <Card>
        <Typography.Title level={2} style={{ fontSize: '1.15em', marginTop: 0 }}>
          {c.name}
        </Typography.Title>
        {c.description ? <Typography.Paragraph>{c.description}</Typography.Paragraph> : null}
        {coverage.data ? <ProgressLine counts={coverage.data} label={t('我的进度', 'My progress')} /> : null}
        {c.status !== 'active' ? (
          <Typography.Paragraph type="warning" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('该任务已结束，不能再登记走访', 'This campaign has ended; no more visits')}
          </Typography.Paragraph>
        ) : null}
      </Card>
      <QueueBanner campaignId={id} />
      <HouseholdList campaignId={id} onPick={c.status === 'active' ? setSelected : undefined} />
    </Flex>
  );
}

function HouseholdList({ campaignId, onPick }: { campaignId: string; onPick?: (h: CampaignHousehold) => void }) {
  const { t } = useI18n();
  const [state, setState] = useState<HouseholdStateFilter | 'all'>('todo');
  const [q, setQ] = useState('');
  const feed = useHouseholdFeed(campaignId, { state: state === 'all' ? undefined : state, q });
  const { state: queue } = useVisitQueue();
  const queued = new Set(queue.items.filter((i) => i.campaignId === campaignId).map((i) => i.body.householdId));
  const loaded = feed.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Flex vertical gap={10}>
      <Segmented
        block
        aria-label={t('住户筛选', 'Which households')}
        value={state}
        onChange={(v) => setState(v as HouseholdStateFilter | 'all')}
        options={[
          { value: 'todo', label: t('待走访', 'To visit') },
          { value: 'visited', label: t('已走访', 'Visited') },
          { value: 'refused', label: t('拒访', 'Refused') },
          { value: 'all', label: t('全部', 'All') },
        ]}
      />
      <Input.Search
        aria-label={t('搜索地址或户主', 'Search address or head')}
        placeholder={t('地址或户主姓名', 'Address or head of household')}
        allowClear
        enterButton={<SearchOutlined aria-label={t('搜索', 'Search')} />}
        onSearch={(v) => setQ(v.trim())}
      />
      {feed.isPending ? <Skeleton active /> : null}
      {feed.error && !feed.data ? <ErrorAlert error={feed.error} onRetry={() => feed.refetch()} /> : null}
      {feed.data && !loaded.length ? <Empty description={t('没有符合条件的住户', 'No household here')} /> : null}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 8 }}>
        {loaded.map((h) => (
          <li key={h.householdId}>
            <Card size="small" data-household-id={h.householdId}>
              <Flex justify="space-between" align="center" gap={8}>
                <div style={{ minWidth: 0 }}>
                  <div style={{ fontWeight: 600, fontSize: '1.05em' }}>{h.address}</div>
                  <Typography.Text type="secondary">
                    {h.headName ?? t('户主未登记', 'Head not recorded')}
                    {h.phone ? ` · ${h.phone}` : ''}
                  </Typography.Text>
                  <div style={{ marginTop: 4 }}>
                    <HouseholdStateTag state={h.state} />
                    {queued.has(h.householdId) ? <Tag color="orange">{t('待上传', 'Waiting')}</Tag> : null}
                    {h.noSmartphone ? <Tag>{t('无智能手机', 'No smartphone')}</Tag> : null}
                    {h.tags.map((tag) => (
                      <Tag key={tag}>{tag}</Tag>
                    ))}
                  </div>
                </div>
                {onPick ? (
                  <Button
                    type="primary"
                    size="large"
                    onClick={() => onPick(h)}
                    aria-label={t(`走访 ${h.address}`, `Visit ${h.address}`)}
                  >
                    {t('走访', 'Visit')}
                  </Button>
                ) : null}
              </Flex>
            </Card>
          </li>
        ))}
      </ul>
      {feed.hasNextPage ? (
        <Button size="large" block loading={feed.isFetchingNextPage} onClick={() => feed.fetchNextPage()}>
          {t('加载更多', 'Load more')}
        </Button>
      ) : null}
    </Flex>
  );
}

/** The households of a campaign by state — by default those not reached yet — with grid filter and search. */
import type { HouseholdStateFilter } from '@grassroots/shared/campaigns/campaigns.schema';
import { Card, Empty, Input, Segmented, Select, Tag } from 'antd';
import { useState } from 'react';
import { FilterBar, PagedTable } from '../../../components/PagedTable';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { usePaging } from '../../../lib/use-paging';
import { type CampaignHousehold, useCampaignHouseholds, useCoverage } from '../api';
import { HouseholdStateTag } from './CampaignStatusTag';

export function PendingHouseholds({ campaignId }: { campaignId: string }) {
  const { t } = useI18n();
  const paging = usePaging();
  const [state, setState] = useState<HouseholdStateFilter | 'all'>('pending');
  const [gridId, setGridId] = useState<string | undefined>(undefined);
  const [q, setQ] = useState('');
  const grids = useCoverage(campaignId).data?.grids ?? [];
  const list = useCampaignHouseholds(campaignId, {
    state: state === 'all' ? undefined : state,
    gridId,
    q,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  return (
    <Card title={t('住户清单', 'Households')}>
      <FilterBar>
        <Segmented
          aria-label={t('按走访状态筛选', 'Filter by state')}
          value={state}
          onChange={paging.resetting((v) => setState(v as HouseholdStateFilter | 'all'))}
          options={[
            { value: 'pending', label: t('尚未走访', 'Not reached') },
            { value: 'not_home', label: t('不在家', 'Not at home') },
            { value: 'visited', label: t('已走访', 'Visited') },
            { value: 'refused', label: t('拒访', 'Refused') },
            { value: 'all', label: t('全部', 'All') },
          ]}
        />
        <Select
          aria-label={t('按网格筛选', 'Filter by grid')}
          allowClear
          placeholder={t('全部网格', 'All grids')}
          value={gridId}
          onChange={paging.resetting(setGridId)}
          style={{ width: 200 }}
          options={grids.map((g) => ({ value: g.gridId, label: g.gridName }))}
        />
        <Input.Search
          aria-label={t('搜索地址或户主', 'Search address or head')}
          placeholder={t('地址或户主', 'Address or head')}
          allowClear
          onSearch={paging.resetting((v: string) => setQ(v.trim()))}
          style={{ width: 240 }}
        />
      </FilterBar>
      <PagedTable<CampaignHousehold>
        rowKey="householdId"
        query={list}
        paging={paging}
        empty={
          <Empty
            description={
              state === 'pending'
                ? t('所有住户都已走访过', 'Every household has been reached')
                : t('没有住户', 'No households')
            }
          />
        }
        total={(n) => t(`共 ${n} 户`, `${n} households`)}
        columns={[
          { title: t('网格', 'Grid'), dataIndex: 'gridName', width: 160 },
          { title: t('地址', 'Address'), dataIndex: 'address' },
          { title: t('户主', 'Head'), dataIndex: 'headName', width: 100 },
          { title: t('电话', 'Phone'), dataIndex: 'phone', width: 130 },
          {
            title: t('标签', 'Tags'),
            width: 180,
            render: (_, h) => (
              <>
                {h.noSmartphone ? <Tag>{t('无智能手机', 'No smartphone')}</Tag> : null}
                {h.tags.map((tag) => (
                  <Tag key={tag}>{tag}</Tag>
                ))}
              </>
            ),
          },
          { title: t('状态', 'State'), width: 100, render: (_, h) => <HouseholdStateTag state={h.state} /> },
          {
            title: t('最近走访', 'Last visit'),
            width: 160,
            render: (_, h) => (h.lastVisitAt ? formatDateTime(h.lastVisitAt) : '—'),
          },
        ]}
      />
    </Card>
  );
}

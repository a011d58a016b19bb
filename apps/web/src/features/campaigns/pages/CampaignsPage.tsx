/** /console/campaigns 摸排任务 — the campaigns of my areas: status, dates, progress; new and edit for managers. */
import { PlusOutlined } from '@ant-design/icons';
import {
  type CampaignStatus,
  campaignStatuses,
  campaignStatusLabels,
} from '@grassroots/shared/campaigns/campaigns.rules';
import { Button, Card, Empty, Input, Select } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FilterBar, PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { useCan } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { usePaging } from '../../../lib/use-paging';
import { type CampaignSummary, useCampaigns } from '../api';
import { CampaignFormModal } from '../components/CampaignFormModal';
import { CampaignStatusTag } from '../components/CampaignStatusTag';
import { ProgressLine } from '../components/ProgressLine';

export function CampaignsPage() {
  const { t, tl } = useI18n();
  const { can } = useCan();
  const navigate = useNavigate();
  const paging = usePaging();
  const [status, setStatus] = useState<CampaignStatus | undefined>(undefined);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useCampaigns({ status, q, page: paging.page, pageSize: paging.pageSize });

  return (
    <>
      <PageHeader
        title={t('摸排任务', 'Campaigns')}
        subtitle={t('地毯式入户摸排：不漏一户、不遗一人', 'Door-to-door campaigns: no household missed')}
        extra={
          can('campaigns.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('新建摸排任务', 'New campaign')}
            </Button>
          ) : null
        }
      />
      <Card>
        <FilterBar>
          <Select
            aria-label={t('按状态筛选', 'Filter by status')}
            allowClear
            placeholder={t('全部状态', 'Any status')}
            value={status}
            onChange={paging.resetting(setStatus)}
            style={{ width: 160 }}
            options={campaignStatuses.map((s) => ({ value: s, label: tl(campaignStatusLabels[s]) }))}
          />
          <Input.Search
            aria-label={t('搜索任务名称', 'Search by name')}
            placeholder={t('任务名称', 'Campaign name')}
            allowClear
            onSearch={paging.resetting((v: string) => setQ(v.trim()))}
            style={{ width: 260 }}
          />
        </FilterBar>
        <PagedTable<CampaignSummary>
          query={list}
          paging={paging}
          empty={<Empty description={t('暂无摸排任务', 'No campaigns yet')} />}
          total={(n) => t(`共 ${n} 个任务`, `${n} campaigns`)}
          columns={[
            {
              title: t('任务名称', 'Name'),
              render: (_, c) => <Link to={`/console/campaigns/${c.id}`}>{c.name}</Link>,
            },
            { title: t('范围', 'Area'), dataIndex: 'areaName', width: 160 },
            {
              title: t('状态', 'Status'),
              width: 100,
              render: (_, c) => <CampaignStatusTag status={c.status} />,
            },
            {
              title: t('日期', 'Dates'),
              width: 200,
              render: (_, c) => `${c.startsOn} ~ ${c.endsOn}`,
            },
            {
              title: t('进度', 'Progress'),
              width: 300,
              render: (_, c) =>
                c.status === 'draft' ? t('未启动', 'Not started') : <ProgressLine counts={c.progress} label={c.name} />,
            },
          ]}
        />
      </Card>
      <CampaignFormModal
        open={creating}
        campaign={null}
        onClose={() => setCreating(false)}
        onCreated={(c) => navigate(`/console/campaigns/${c.id}`)}
      />
    </>
  );
}

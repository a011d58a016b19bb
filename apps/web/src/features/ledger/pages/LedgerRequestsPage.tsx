/**
 * /console/ledger/requests — 居民申请: residents' requests to correct their household's data or to erase a
 * person's (PIPL), handled with a note the resident sees.
 */
import {
  type LedgerRequestStatus,
  type LedgerRequestView,
  ledgerRequestKindLabels,
  ledgerRequestStatuses,
  ledgerRequestStatusLabels,
} from '@grassroots/shared/ledger/ledger.schema';
import { Button, Card, Empty, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { FilterBar, PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { useCan } from '../../../lib/auth';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { usePaging } from '../../../lib/use-paging';
import { useLedgerRequests } from '../api';
import { ResolveRequestModal } from '../components/ResolveRequestModal';

const statusColours: Record<LedgerRequestStatus, string> = { open: 'gold', done: 'green', rejected: 'default' };

export function LedgerRequestsPage() {
  const { t, tl } = useI18n();
  const { can } = useCan();
  const paging = usePaging();
  const [status, setStatus] = useState<LedgerRequestStatus | 'all'>('open');
  const list = useLedgerRequests({
    status: status === 'all' ? undefined : status,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  // Kept after closing so the dialog's text does not change while it animates away.
  const [handling, setHandling] = useState<LedgerRequestView | null>(null);
  const [isOpen, setOpen] = useState(false);

  return (
    <>
      <PageHeader
        title={t('居民申请', 'Resident requests')}
        subtitle={t('居民对本户信息的更正申请和个人信息注销申请', 'Corrections and erasure requests from residents')}
      />
      <Card>
        <FilterBar>
          <Segmented<LedgerRequestStatus | 'all'>
            aria-label={t('状态', 'Status')}
            value={status}
            onChange={paging.resetting(setStatus)}
            options={[
              ...ledgerRequestStatuses.map((s) => ({ value: s, label: tl(ledgerRequestStatusLabels[s]) })),
              { value: 'all' as const, label: t('全部', 'All') },
            ]}
          />
        </FilterBar>
        <PagedTable<LedgerRequestView>
          query={list}
          paging={paging}
          size="middle"
          scroll={{ x: 1100 }}
          total={(n) => t(`共 ${n} 条`, `${n} requests`)}
          empty={
            <Empty
              description={status === 'open' ? t('没有待处理的申请', 'No open requests') : t('暂无申请', 'No requests')}
            />
          }
          columns={[
            {
              title: t('类型', 'Kind'),
              dataIndex: 'kind',
              width: 110,
              render: (k: LedgerRequestView['kind']) => (
                <Tag color={k === 'erasure' ? 'red' : 'blue'}>{tl(ledgerRequestKindLabels[k])}</Tag>
              ),
            },
            {
              title: t('住户', 'Household'),
              dataIndex: 'householdAddress',
              render: (v, r) => <Link to={`/console/ledger/households/${r.householdId}`}>{v}</Link>,
            },
            {
              title: t('成员', 'Member'),
              dataIndex: 'personName',
              width: 100,
              render: (v) => v ?? t('全户', 'Whole household'),
            },
            { title: t('申请内容', 'Request'), dataIndex: 'message', ellipsis: true },
            { title: t('申请人', 'By'), dataIndex: 'requestedBy', width: 100 },
            { title: t('提交时间', 'Submitted'), dataIndex: 'createdAt', width: 150, render: (v) => formatDateTime(v) },
            {
              title: t('状态', 'Status'),
              dataIndex: 'status',
              width: 150,
              render: (s: LedgerRequestStatus, r) => (
                <>
                  <Tag color={statusColours[s]}>{tl(ledgerRequestStatusLabels[s])}</Tag>
                  {r.resolution ? (
                    <Typography.Paragraph
                      type="secondary"
                      style={{ margin: 0 }}
                      ellipsis={{ rows: 2, tooltip: r.resolution }}
                    >
                      {r.resolution}
                    </Typography.Paragraph>
                  ) : null}
                </>
              ),
            },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              width: 90,
              render: (_v, r) =>
                r.status === 'open' && can('ledger.write') ? (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => {
                      setHandling(r);
                      setOpen(true);
                    }}
                  >
                    {t('办理', 'Handle')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <ResolveRequestModal open={isOpen} request={handling} onClose={() => setOpen(false)} />
    </>
  );
}

/** /console/audit — the append-only audit log with filters (time, action, entity, actor, text). */

import {
  type AuditLabel,
  auditActionLabels,
  auditActorKindLabels,
  auditEntityLabels,
  auditLabel,
} from '@grassroots/shared/audit/audit.labels';
import type { AuditPage as AuditPageData, AuditRowView } from '@grassroots/shared/audit/audit.schema';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Input, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { FilterBar, PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { api } from '../../../lib/api';
import { useCan } from '../../../lib/auth';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { usePaging } from '../../../lib/use-paging';
import { RemoteSelect } from '../../chain/components/RemoteSelect';
import { SummaryView } from '../components/SummaryView';

type Lookup = { id: string; username: string; displayName: string };

export function AuditPage() {
  const { t, tl } = useI18n();
  const { can } = useCan();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [action, setAction] = useState<string | undefined>();
  const [entityType, setEntityType] = useState<string | undefined>();
  const [actorId, setActorId] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const paging = usePaging();
  const query = {
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
    action,
    entityType,
    actorId,
    q,
    page: paging.page,
    pageSize: paging.pageSize,
  };
  const list = useQuery({
    queryKey: ['audit', query],
    queryFn: () => api.get<AuditPageData>('/api/audit', query),
    placeholderData: keepPreviousData,
  });
  const reset = paging.resetting;
  const canPickActor = can('accounts.manage') || can('chain.write');
  // Unknown codes are shown as they are, so nothing the server writes is ever hidden.
  const label = (map: Record<string, AuditLabel>, key: string) => {
    const found = auditLabel(map, key);
    return found ? tl(found) : key;
  };

  return (
    <>
      <PageHeader
        title={t('审计日志', 'Audit log')}
        subtitle={t('所有写操作与登录记录，只增不改', 'Every write and sign-in; append-only')}
      />
      <Card>
        <FilterBar>
          <DatePicker.RangePicker
            aria-label={t('时间范围', 'Date range')}
            value={range}
            onChange={(v) => reset(setRange)(v as [Dayjs | null, Dayjs | null] | null)}
          />
          <Select
            aria-label={t('按操作筛选', 'Filter by action')}
            placeholder={t('全部操作', 'All actions')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={action}
            onChange={reset(setAction)}
            options={Object.entries(auditActionLabels).map(([k, v]) => ({ value: k, label: tl(v) }))}
            style={{ width: 180 }}
          />
          <Select
            aria-label={t('按对象类型筛选', 'Filter by entity type')}
            placeholder={t('全部对象', 'All entities')}
            allowClear
            value={entityType}
            onChange={reset(setEntityType)}
            options={Object.entries(auditEntityLabels).map(([k, v]) => ({ value: k, label: tl(v) }))}
            style={{ width: 140 }}
          />
          {canPickActor ? (
            <div style={{ width: 200 }}>
              <RemoteSelect<Lookup>
                queryKey={['audit', 'actor-lookup']}
                search={async (s) => (await api.get<{ items: Lookup[] }>('/api/accounts/lookup', { q: s })).items}
                toOption={(a) => ({ value: a.id, label: `${a.displayName}（${a.username}）` })}
                value={actorId}
                onChange={reset(setActorId)}
                placeholder={t('操作人', 'Actor')}
              />
            </div>
          ) : null}
          <Input.Search
            aria-label={t('搜索操作人或内容', 'Search actor or content')}
            placeholder={t('搜索操作人或内容', 'Search actor or content')}
            allowClear
            onSearch={(v) => reset(setQ)(v.trim())}
            style={{ width: 220 }}
          />
        </FilterBar>
        <PagedTable<AuditRowView>
          query={list}
          paging={paging}
          empty={t('没有符合条件的记录', 'No matching entries')}
          total={(n) => t(`共 ${n} 条`, `${n} entries`)}
          size="middle"
          scroll={{ x: 1000 }}
          columns={[
            {
              title: t('时间', 'Time'),
              dataIndex: 'at',
              width: 170,
              render: (d: string) => formatDateTime(d, true),
            },
            {
              title: t('操作人', 'Actor'),
              key: 'actor',
              width: 160,
              render: (_, r) => (
                <div>
                  <div>{r.actorName ?? '—'}</div>
                  <Typography.Text type="secondary">{label(auditActorKindLabels, r.actorKind)}</Typography.Text>
                </div>
              ),
            },
            {
              title: t('操作', 'Action'),
              dataIndex: 'action',
              width: 140,
              render: (a: string) => label(auditActionLabels, a),
            },
            {
              title: t('对象', 'Entity'),
              key: 'entity',
              width: 120,
              render: (_, r) => `${label(auditEntityLabels, r.entityType)}${r.entityId ? ` #${r.entityId}` : ''}`,
            },
            {
              title: t('内容', 'Summary'),
              dataIndex: 'summary',
              render: (s: Record<string, unknown>) => <SummaryView summary={s} />,
            },
            { title: 'IP', dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? '—' },
          ]}
        />
      </Card>
    </>
  );
}

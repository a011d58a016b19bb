/**
 * /console/warnings — 前响应 预警: hotspots (an area × category far above its own weekly baseline) and
 * repeated cases (one building or compound), with the numbers that raised them, a link to exactly their cases
 * and 确认 with a note. The server scopes the list to the caller's areas.
 */
import {
  type WarningKind,
  type WarningPage,
  type WarningStatus,
  type WarningView,
  warningKindLabels,
  warningKinds,
  warningStatuses,
  warningStatusLabels,
  warningSubjectLabels,
} from '@grassroots/shared/warnings/warnings.schema';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { AreaTreeSelect } from '../../components/AreaTreeSelect';
import { FilterBar, PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { api } from '../../lib/api';
import { useCan } from '../../lib/auth';
import { formatDate, formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { usePaging } from '../../lib/use-paging';
import { AcknowledgeModal } from './AcknowledgeModal';
import { drillHref, numbersLines } from './warnings.format';

// Tag colours with enough contrast for their 12 px text (axe, WCAG AA).
const kindColor: Record<WarningKind, string> = { hotspot: 'magenta', repeat: 'blue' };

export function WarningsPage() {
  const { t, tl } = useI18n();
  const { can } = useCan();
  const [status, setStatus] = useState<WarningStatus | undefined>('open');
  const [kind, setKind] = useState<WarningKind | undefined>();
  const [areaId, setAreaId] = useState<string | null>(null);
  const [acking, setAcking] = useState<WarningView | null>(null);
  const paging = usePaging();
  const reset = paging.resetting;
  const query = { status, kind, areaId: areaId ?? undefined, page: paging.page, pageSize: paging.pageSize };
  const list = useQuery({
    queryKey: ['warnings', query],
    queryFn: () => api.get<WarningPage>('/api/analytics/warnings', query),
    placeholderData: keepPreviousData,
  });
  const canAck = can('warnings.ack');

  return (
    <>
      <PageHeader
        title={t('预警', 'Warnings')}
        subtitle={t(
          '前响应：某区域某类诉求远高于自身近 8 周水平（热点），或同一楼栋/小区 30 天内同类诉求反复出现（重复）',
          'Proactive: an area × category far above its own 8-week baseline (hotspot), or one building/compound with repeated cases of a category within 30 days',
        )}
      />
      <Card>
        <FilterBar>
          <Select
            aria-label={t('按状态筛选', 'Filter by status')}
            placeholder={t('全部状态', 'All statuses')}
            allowClear
            value={status}
            onChange={reset(setStatus)}
            options={warningStatuses.map((s) => ({ value: s, label: tl(warningStatusLabels[s]) }))}
            style={{ width: 140 }}
          />
          <Select
            aria-label={t('按类型筛选', 'Filter by kind')}
            placeholder={t('全部类型', 'All kinds')}
            allowClear
            value={kind}
            onChange={reset(setKind)}
            options={warningKinds.map((k) => ({ value: k, label: tl(warningKindLabels[k]) }))}
            style={{ width: 140 }}
          />
          <AreaTreeSelect
            aria-label={t('按区域筛选', 'Filter by area')}
            value={areaId}
            onChange={(id) => reset(setAreaId)(id)}
            placeholder={t('全部区域', 'All areas')}
            allowClear
            style={{ width: 220 }}
          />
        </FilterBar>
        <PagedTable<WarningView>
          query={list}
          paging={paging}
          empty={
            status === 'open'
              ? t('暂无待处理的预警', 'No open warnings')
              : t('没有符合条件的预警', 'No matching warnings')
          }
          total={(n) => t(`共 ${n} 条预警`, `${n} warnings`)}
          size="middle"
          scroll={{ x: 1100 }}
          columns={[
            {
              title: t('预警', 'Warning'),
              key: 'title',
              render: (_, w) => (
                <Space direction="vertical" size={2}>
                  <Tag color={kindColor[w.kind]}>{tl(warningKindLabels[w.kind])}</Tag>
                  <Typography.Text strong>{w.title}</Typography.Text>
                  <Typography.Text type="secondary">
                    {tl(warningSubjectLabels[w.subject.kind])}：{w.subject.name}
                    {w.subject.kind === 'area' ? '' : ` · ${w.areaName}`} · {w.categoryName}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('触发数据', 'Numbers'),
              key: 'numbers',
              width: 280,
              render: (_, w) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text style={{ fontSize: 20 }} strong data-testid="warning-observed">
                    {w.observed}
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {' '}
                      {t('件', 'cases')}
                    </Typography.Text>
                  </Typography.Text>
                  {numbersLines(w, t).map((line) => (
                    <Typography.Text key={line} type="secondary" style={{ fontSize: 12 }}>
                      {line}
                    </Typography.Text>
                  ))}
                </Space>
              ),
            },
            {
              title: t('时间窗', 'Window'),
              key: 'window',
              width: 200,
              render: (_, w) => (
                <Space direction="vertical" size={0}>
                  <span>
                    {w.drill.from} ~ {w.drill.to}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('发现于', 'Raised')} {formatDateTime(w.createdAt)}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('状态', 'Status'),
              key: 'status',
              width: 200,
              render: (_, w) =>
                w.status === 'open' ? (
                  <Tag color="red">{tl(warningStatusLabels.open)}</Tag>
                ) : (
                  <Space direction="vertical" size={0}>
                    <Tag color="green">{tl(warningStatusLabels.acknowledged)}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {w.acknowledgedBy} · {formatDate(w.acknowledgedAt)}
                    </Typography.Text>
                    <Typography.Text style={{ fontSize: 12 }}>{w.ackNote}</Typography.Text>
                  </Space>
                ),
            },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              width: 190,
              fixed: 'right',
              render: (_, w) => (
                <Flex gap={8} wrap>
                  <Link to={drillHref(w)}>{t(`查看 ${w.observed} 件诉求`, `View ${w.observed} cases`)}</Link>
                  {canAck && w.status === 'open' ? (
                    <Button size="small" type="primary" onClick={() => setAcking(w)}>
                      {t('确认', 'Acknowledge')}
                    </Button>
                  ) : null}
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      <AcknowledgeModal warning={acking} onClose={() => setAcking(null)} />
    </>
  );
}

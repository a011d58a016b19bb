/**
 * /console/ledger/counts — 标签统计: how many persons carry each tag (or fall in each age group), and how many
 * households carry each household tag, per grid of the chosen area. Sensitive tags are counted by the server
 * through their keyed hashes and appear here as numbers only.
 */
import { LockOutlined } from '@ant-design/icons';
import { Card, Empty, Segmented, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { Chart } from '../../../components/Chart';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FilterBar } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { useI18n } from '../../../lib/i18n';
import { useLedgerCounts } from '../api';
import { buildCountsChartOption, countTable } from '../counts-chart';
import { ageGroupLabel, isSensitiveTag, tagLabel } from '../ledger-labels';

type By = 'tag' | 'householdTag' | 'ageGroup';

export function LedgerCountsPage() {
  const { t, locale } = useI18n();
  const [areaId, setAreaId] = useState<string | null>(null);
  const [by, setBy] = useState<By>('tag');
  const q = useLedgerCounts({ areaId, by });
  const keysBy = by === 'ageGroup' ? 'ageGroup' : 'tag';
  const table = useMemo(() => countTable(q.data?.groups ?? [], keysBy), [q.data, keysBy]);
  const labelOf = (k: string) => (by === 'ageGroup' ? ageGroupLabel(k, locale) : tagLabel(k, locale));
  // biome-ignore lint/correctness/useExhaustiveDependencies: labelOf follows by and locale
  const option = useMemo(() => buildCountsChartOption(table, labelOf), [table, by, locale]);
  const unit = by === 'householdTag' ? t('户', ' households') : t('人', ' persons');

  return (
    <>
      <PageHeader
        title={t('标签统计', 'Tag counts')}
        subtitle={t('按网格统计；敏感标签只计数、不显示具体人员', 'Per grid; sensitive tags are counted, never listed')}
      />
      <Card>
        <FilterBar>
          <AreaTreeSelect
            aria-label={t('统计区域', 'Area')}
            placeholder={t('我的全部区域', 'All my areas')}
            value={areaId}
            onChange={setAreaId}
            style={{ width: 240 }}
          />
          <Segmented<By>
            aria-label={t('统计维度', 'Count by')}
            value={by}
            onChange={setBy}
            options={[
              { value: 'tag', label: t('人员标签', 'Person tags') },
              { value: 'householdTag', label: t('住户标签', 'Household tags') },
              { value: 'ageGroup', label: t('年龄段', 'Age groups') },
            ]}
          />
        </FilterBar>
        {q.error ? <ErrorAlert error={q.error} onRetry={() => q.refetch()} style={{ marginBottom: 16 }} /> : null}
        {table.rows.length && table.keys.length ? (
          <Chart
            option={option}
            height={Math.max(320, table.rows.length > 8 ? table.rows.length * 32 + 80 : 320)}
            loading={q.isFetching}
            ariaLabel={t('各网格标签人数堆叠柱状图', 'Stacked bars of counts per grid')}
          />
        ) : null}
        <Table
          rowKey="gridId"
          size="small"
          style={{ marginTop: 16 }}
          loading={q.isFetching}
          dataSource={table.rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('暂无统计数据', 'Nothing to count yet')} /> }}
          columns={[
            { title: t('网格', 'Grid'), dataIndex: 'gridName', fixed: 'left' },
            ...table.keys.map((k) => ({
              title: isSensitiveTag(k) ? (
                <span>
                  {labelOf(k)} <LockOutlined aria-label={t('敏感标签', 'sensitive tag')} />
                </span>
              ) : (
                labelOf(k)
              ),
              key: k,
              align: 'right' as const,
              render: (_v: unknown, r: (typeof table.rows)[number]) => r.counts[k] ?? 0,
            })),
            { title: t('合计', 'Total'), dataIndex: 'total', align: 'right' as const },
          ]}
          summary={() =>
            table.rows.length > 1 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('合计', 'Total')}</Typography.Text>
                </Table.Summary.Cell>
                {table.keys.map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 1} align="right">
                    {table.totals[k] ?? 0}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={table.keys.length + 1} align="right">
                  {table.total}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t(
            `单位：${unit}。一人（户）可有多个标签，合计为标签次数。`,
            `Unit:${unit}. One may carry several tags, so totals count tags. `,
          )}
          <LockOutlined aria-hidden /> {t('为敏感标签。', 'marks a sensitive tag.')}
        </Typography.Paragraph>
      </Card>
    </>
  );
}

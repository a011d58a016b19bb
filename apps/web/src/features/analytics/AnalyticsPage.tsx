/**
 * /console/analytics — 数据分析: the case figures of DOMAIN.md §3 for the caller's scope (any area, period,
 * category, source): headline cards with the change against the previous period, the trend, the category
 * breakdown and rankings of child areas, handling organisations and sources. Every number drills down to the
 * case list that it counts; every table exports to Excel. Filters live in the URL. Below: coverage panels.
 */
import { DownloadOutlined } from '@ant-design/icons';
import type { KpiGrouping } from '@grassroots/shared/analytics/analytics.schema';
import { caseSourceLabels, caseSources } from '@grassroots/shared/cases/cases.schema';
import { App, Button, Card, Col, DatePicker, Row, Select, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { AreaTreeSelect } from '../../components/AreaTreeSelect';
import { Chart } from '../../components/Chart';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { FilterBar } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../lib/auth';
import { downloadFile } from '../../lib/download';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { CategoryFilter } from '../cases/components/CategoryFilter';
import { useKpis } from './api';
import { CampaignCoverageCard } from './CampaignCoverageCard';
import { KpiCards } from './KpiCards';
import { type DashboardQuery, drillUrl, figureByKey } from './kpi-figures';
import { categoryChartHeight, categoryOption, trendGrouping, trendOption } from './kpi-options';
import { RankingTable } from './RankingTable';
import { thisMonth, useDashboardQuery } from './use-dashboard-query';

export function AnalyticsPage() {
  const { t } = useI18n();
  const { can } = useCan();
  const [query, change] = useDashboardQuery();
  const byArea = useKpis(query, 'area');
  const data = byArea.data;
  return (
    <>
      <PageHeader
        title={t('数据分析', 'Analytics')}
        subtitle={
          data?.asOf
            ? t(
                `数据截至 ${formatDateTime(data.asOf)}（滞后约 ${Math.round(data.lagSeconds ?? 0)} 秒）`,
                `Figures as of ${formatDateTime(data.asOf)} (about ${Math.round(data.lagSeconds ?? 0)} s behind)`,
              )
            : t('统计数据准备中，稍后自动刷新', 'Figures are being prepared; the page refreshes by itself')
        }
      />
      <DashboardFilters query={query} onChange={change} />
      {byArea.error ? (
        <ErrorAlert error={byArea.error} onRetry={() => byArea.refetch()} style={{ marginBottom: 16 }} />
      ) : null}
      {data ? (
        <KpiCards query={query} total={data.total} previous={data.previous.total} loading={byArea.isFetching} />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <TrendCard query={query} />
        </Col>
        <Col xs={24} xl={10}>
          <CategoryCard query={query} />
        </Col>
        <Col span={24}>
          <RankingsCard query={query} />
        </Col>
        {can('campaigns.manage') || can('campaigns.visit') ? (
          <Col span={24}>
            <CampaignCoverageCard />
          </Col>
        ) : null}
      </Row>
    </>
  );
}

function DashboardFilters({
  query,
  onChange,
}: {
  query: DashboardQuery;
  onChange: (p: Partial<DashboardQuery>) => void;
}) {
  const { t, tl } = useI18n();
  const today = dayjs();
  const presets = [
    { label: t('本月', 'This month'), value: [dayjs(thisMonth().from), today] as [dayjs.Dayjs, dayjs.Dayjs] },
    {
      label: t('上月', 'Last month'),
      value: [today.subtract(1, 'month').startOf('month'), today.subtract(1, 'month').endOf('month')] as [
        dayjs.Dayjs,
        dayjs.Dayjs,
      ],
    },
    { label: t('近 7 天', 'Last 7 days'), value: [today.subtract(6, 'day'), today] as [dayjs.Dayjs, dayjs.Dayjs] },
    { label: t('近 30 天', 'Last 30 days'), value: [today.subtract(29, 'day'), today] as [dayjs.Dayjs, dayjs.Dayjs] },
    {
      label: t('近 12 个月', 'Last 12 months'),
      value: [today.subtract(11, 'month').startOf('month'), today] as [dayjs.Dayjs, dayjs.Dayjs],
    },
  ];
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <FilterBar>
        <AreaTreeSelect
          aria-label={t('统计区域', 'Area')}
          placeholder={t('我的全部区域', 'All my areas')}
          value={query.areaId ?? null}
          onChange={(areaId) => onChange({ areaId: areaId ?? undefined })}
          style={{ width: 220 }}
        />
        <DatePicker.RangePicker
          aria-label={t('统计期间', 'Period')}
          allowClear={false}
          presets={presets}
          value={[dayjs(query.from), dayjs(query.to)]}
          onChange={(v) =>
            v?.[0] && v[1] && onChange({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })
          }
          style={{ width: 260 }}
        />
        <CategoryFilter value={query.category} onChange={(category) => onChange({ category })} />
        <Select
          aria-label={t('来源', 'Source')}
          placeholder={t('全部来源', 'All sources')}
          allowClear
          value={query.source}
          onChange={(source) => onChange({ source: source ?? undefined })}
          options={caseSources.map((s) => ({ value: s, label: tl(caseSourceLabels[s]) }))}
          style={{ width: 160 }}
        />
      </FilterBar>
    </Card>
  );
}

function TrendCard({ query }: { query: DashboardQuery }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const groupBy = trendGrouping(query.from ?? '', query.to ?? '');
  const q = useKpis(query, groupBy);
  const groups = q.data?.groups ?? [];
  const option = trendOption(groups, {
    submitted: t('受理量', 'Submitted'),
    responseRate: t('响应率', 'Response'),
    resolutionRate: t('解决率', 'Resolution'),
    satisfactionRate: t('满意率', 'Satisfaction'),
    cases: t('件', 'cases'),
    rate: '%',
  });
  return (
    <Card title={t('趋势', 'Trend')} size="small">
      {q.error ? <ErrorAlert error={q.error} onRetry={() => q.refetch()} /> : null}
      <Chart
        option={option}
        height={300}
        loading={q.isFetching}
        ariaLabel={t('受理量与三率趋势图', 'Cases and the three rates over time')}
        onEvents={{
          click: (p: { dataIndex: number }) => {
            const g = groups[p.dataIndex];
            if (g) navigate(drillUrl(query, figureByKey.submitted, { groupBy, key: g.key }));
          },
        }}
      />
    </Card>
  );
}

function CategoryCard({ query }: { query: DashboardQuery }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const q = useKpis(query, 'category');
  const groups = q.data?.groups ?? [];
  return (
    <Card title={t('分类构成', 'By category')} size="small">
      {q.error ? <ErrorAlert error={q.error} onRetry={() => q.refetch()} /> : null}
      {groups.some((g) => g.submitted > 0) ? (
        <Chart
          option={categoryOption(groups, { submitted: t('受理量', 'Submitted') })}
          height={categoryChartHeight(groups.length)}
          loading={q.isFetching}
          ariaLabel={t('各分类受理量条形图', 'Cases per category')}
          onEvents={{
            click: (p: { data?: { key?: string } }) => {
              if (p.data?.key)
                navigate(drillUrl(query, figureByKey.submitted, { groupBy: 'category', key: p.data.key }));
            },
          }}
        />
      ) : (
        <Typography.Paragraph type="secondary">{t('该期间暂无诉求', 'No cases in this period')}</Typography.Paragraph>
      )}
    </Card>
  );
}

const rankings: { groupBy: KpiGrouping; zh: string; en: string }[] = [
  { groupBy: 'area', zh: '区域排名', en: 'Areas' },
  { groupBy: 'handler', zh: '承办单位排名', en: 'Handlers' },
  { groupBy: 'category', zh: '分类', en: 'Categories' },
  { groupBy: 'source', zh: '来源', en: 'Sources' },
];

function RankingsCard({ query }: { query: DashboardQuery }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [groupBy, setGroupBy] = useState<KpiGrouping>('area');
  const q = useKpis(query, groupBy);
  const [exporting, setExporting] = useState(false);
  const exportXlsx = async () => {
    setExporting(true);
    try {
      const name = await downloadFile(
        '/api/analytics/kpis/export.xlsx',
        { ...query, groupBy },
        locale,
        'analytics.xlsx',
      );
      message.success(t(`已导出：${name}`, `Exported: ${name}`));
    } catch (e) {
      message.error(errorMessage(e, t('导出失败', 'Export failed')));
    } finally {
      setExporting(false);
    }
  };
  const current = rankings.find((r) => r.groupBy === groupBy) ?? rankings[0]!;
  return (
    <Card
      size="small"
      title={t('排名与明细', 'Rankings')}
      extra={
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx}>
          {t('导出 Excel', 'Export Excel')}
        </Button>
      }
    >
      <Tabs
        activeKey={groupBy}
        onChange={(k) => setGroupBy(k as KpiGrouping)}
        items={rankings.map((r) => ({ key: r.groupBy, label: t(r.zh, r.en) }))}
      />
      {q.error ? <ErrorAlert error={q.error} onRetry={() => q.refetch()} /> : null}
      <RankingTable
        query={query}
        groupBy={groupBy}
        groups={q.data?.groups ?? []}
        loading={q.isFetching}
        nameTitle={t(current.zh.replace('排名', ''), current.en)}
      />
    </Card>
  );
}

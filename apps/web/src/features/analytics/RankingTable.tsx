/**
 * A ranking of groups (child areas, handling organisations, categories, sources) by any figure: every column
 * sorts, every number links to the cases it counts. Rates without a denominator sort last.
 */
import type { KpiGroup, KpiGrouping } from '@grassroots/shared/analytics/analytics.schema';
import { Empty, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { type DashboardQuery, drillUrl, type FigureKey, figureByKey, formatFigure, headline } from './kpi-figures';

/** Numbers read as numbers (not as red brand links); the dotted underline says they open the cases. */
export const drillLinkStyle = { color: 'inherit', textDecoration: 'underline dotted' } as const;

/** Nulls last whatever the direction: a group with nothing to measure is not first or last on merit. */
const byFigure = (key: FigureKey) => (a: KpiGroup, b: KpiGroup) => (a[key] ?? -1) - (b[key] ?? -1);

interface Props {
  query: DashboardQuery;
  groupBy: KpiGrouping;
  groups: KpiGroup[];
  loading: boolean;
  nameTitle: string;
}

export function RankingTable({ query, groupBy, groups, loading, nameTitle }: Props) {
  const { t, tl, locale } = useI18n();
  const columns: ColumnsType<KpiGroup> = [
    {
      title: t('排名', 'Rank'),
      key: 'rank',
      width: 64,
      render: (_v, _g, i) => i + 1,
    },
    { title: nameTitle, dataIndex: 'label', fixed: 'left', sorter: (a, b) => a.label.localeCompare(b.label, 'zh-CN') },
    ...headline.map((key) => {
      const def = figureByKey[key];
      return {
        title: tl(def.label),
        dataIndex: key,
        align: 'right' as const,
        sorter: byFigure(key),
        defaultSortOrder: key === 'composite' ? ('descend' as const) : undefined,
        render: (_v: unknown, g: KpiGroup) => (
          <Link to={drillUrl(query, def, { groupBy, key: g.key })} style={drillLinkStyle}>
            {formatFigure(g[key], def.kind, locale)}
          </Link>
        ),
      };
    }),
  ];
  return (
    <Table
      rowKey="key"
      size="small"
      loading={loading}
      dataSource={groups}
      columns={columns}
      pagination={groups.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty description={t('该期间暂无诉求', 'No cases in this period')} /> }}
    />
  );
}

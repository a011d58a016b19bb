/** The household view's lower cards: the latest cases concerning it and the campaign visits (摸排) it had. */
import { type CaseStatus, caseStatuses } from '@grassroots/shared/cases/cases.lifecycle';
import type { LedgerHouseholdDetail } from '@grassroots/shared/ledger/ledger.schema';
import { Card, Empty, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { CaseStatusTag } from '../../../components/case/CaseStatusTag';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';

const outcomeLabels: Record<string, { 'zh-CN': string; en: string; color: string }> = {
  visited: { 'zh-CN': '已走访', en: 'Visited', color: 'green' },
  not_home: { 'zh-CN': '不在家', en: 'Not at home', color: 'gold' },
  refused: { 'zh-CN': '拒绝', en: 'Refused', color: 'red' },
};

export function HouseholdCases({ cases }: { cases: LedgerHouseholdDetail['cases'] }) {
  const { t } = useI18n();
  return (
    <Card title={t('相关诉求', 'Cases')} size="small">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={cases}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无诉求', 'No cases')} /> }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('编号', 'Number'),
            dataIndex: 'number',
            render: (v, c) => <Link to={`/console/cases/${c.id}`}>{v}</Link>,
          },
          {
            title: t('状态', 'Status'),
            dataIndex: 'status',
            render: (s: string) =>
              (caseStatuses as readonly string[]).includes(s) ? (
                <CaseStatusTag status={s as CaseStatus} />
              ) : (
                <Tag>{s}</Tag>
              ),
          },
          { title: t('分类', 'Category'), dataIndex: 'categoryName' },
          { title: t('描述', 'Description'), dataIndex: 'description', ellipsis: true },
          { title: t('提交时间', 'Submitted'), dataIndex: 'createdAt', render: (v) => formatDateTime(v) },
        ]}
      />
    </Card>
  );
}

export function HouseholdVisits({ visits }: { visits: LedgerHouseholdDetail['visits'] }) {
  const { t, locale } = useI18n();
  return (
    <Card title={t('走访记录', 'Visits')} size="small">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={visits}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无走访记录', 'No visits')} />,
        }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('摸排任务', 'Campaign'), dataIndex: 'campaignName' },
          {
            title: t('结果', 'Outcome'),
            dataIndex: 'outcome',
            render: (o: string) => {
              const l = outcomeLabels[o];
              return l ? <Tag color={l.color}>{l[locale]}</Tag> : <Tag>{o}</Tag>;
            },
          },
          { title: t('走访人', 'By'), dataIndex: 'visitedBy' },
          { title: t('时间', 'When'), dataIndex: 'visitedAt', render: (v) => formatDateTime(v) },
        ]}
      />
    </Card>
  );
}

/**
 * The columns of a case table, shared by the list (统一清单) and the workbench (我的待办): number (link to the
 * detail), status with its flags, category, source, area, description, handler, created and resolve-by with a
 * live 剩余 / 超期 hint. Callers pick the columns they show.
 */
import { isOpenStatus } from '@grassroots/shared/cases/cases.lifecycle';
import { caseSourceLabels } from '@grassroots/shared/cases/cases.schema';
import { Flex, type TableColumnType, Typography } from 'antd';
import { Link } from 'react-router';
import { findAreaNode, useAreaTree } from '../../../components/AreaTreeSelect';
import { CaseFlags, CaseStatusTag } from '../../../components/case/CaseStatusTag';
import { DeadlineCountdown } from '../../../components/case/DeadlineCountdown';
import { useCaseCategories } from '../../../components/case/use-case-categories';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import type { CaseRow } from '../api';

export type CaseColumnKey =
  | 'number'
  | 'status'
  | 'category'
  | 'source'
  | 'area'
  | 'description'
  | 'handler'
  | 'createdAt'
  | 'resolveBy';

export const caseDetailPath = (id: string) => `/console/cases/${encodeURIComponent(id)}`;

const dash = <Typography.Text type="secondary">—</Typography.Text>;

export function useCaseColumns(): Record<CaseColumnKey, TableColumnType<CaseRow>> {
  const { t, tl } = useI18n();
  const categories = useCaseCategories();
  const areas = useAreaTree();
  return {
    number: {
      title: t('编号', 'Number'),
      key: 'number',
      dataIndex: 'number',
      width: 150,
      fixed: 'left',
      render: (_, c) => <Link to={caseDetailPath(c.id)}>{c.number}</Link>,
    },
    status: {
      title: t('状态', 'Status'),
      key: 'status',
      width: 120,
      render: (_, c) => (
        <Flex gap={4} wrap>
          <CaseStatusTag status={c.status} />
          <CaseFlags overdue={c.overdue} unplaced={c.unplaced} suspensionPending={c.suspensionPending} />
        </Flex>
      ),
    },
    category: {
      title: t('分类', 'Category'),
      key: 'category',
      width: 140,
      // The full path in the current locale where the tree knows it; the server's (zh-CN) name otherwise.
      render: (_, c) => (categories.byId.has(c.categoryId) ? categories.nameOf(c.categoryId) : c.categoryName),
    },
    source: {
      title: t('来源', 'Source'),
      key: 'source',
      width: 130,
      render: (_, c) => tl(caseSourceLabels[c.source]),
    },
    area: {
      title: t('所属区域', 'Area'),
      key: 'area',
      width: 110,
      render: (_, c) => c.areaName || findAreaNode(areas.data?.nodes, c.areaId)?.name || dash,
    },
    description: {
      title: t('诉求描述', 'Description'),
      key: 'description',
      dataIndex: 'description',
      width: 220,
      ellipsis: true,
    },
    handler: {
      title: t('办理人', 'Handler'),
      key: 'handler',
      width: 100,
      render: (_, c) => c.handler?.name || dash,
    },
    createdAt: {
      title: t('登记时间', 'Created'),
      key: 'createdAt',
      dataIndex: 'createdAt',
      width: 135,
      render: (v: string) => formatDateTime(v),
    },
    resolveBy: {
      title: t('办结时限', 'Resolve by'),
      key: 'resolveBy',
      width: 150,
      render: (_, c) => (
        <Flex vertical gap={2} align="flex-start">
          <span>{formatDateTime(c.deadlines.resolveBy)}</span>
          {isOpenStatus(c.status) ? (
            <DeadlineCountdown deadline={c.deadlines.resolveBy} paused={c.status === 'suspended'} />
          ) : null}
        </Flex>
      ),
    },
  };
}

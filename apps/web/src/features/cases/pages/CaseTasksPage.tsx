/**
 * /console/cases/tasks — 我的待办: the cases waiting for the caller (GET /api/cases?view=tasks), one tab per thing
 * to do with its count, overdue first. `?tab=dispatched` opens a tab directly (links from the home page).
 */
import { ReloadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Empty, Flex, Table, Tabs } from 'antd';
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useI18n } from '../../../lib/i18n';
import { type CaseRow, TASKS_LIMIT, useCaseTasks } from '../api';
import { useCaseColumns } from '../components/case-columns';
import { NewCaseButton } from '../components/NewCaseButton';
import { firstBusyGroup, groupTasks, type TaskGroupKey, taskGroupKeys, taskGroupLabels } from '../tasks/groups';

export function CaseTasksPage() {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tasks = useCaseTasks();
  const cols = useCaseColumns();
  const groups = useMemo(() => groupTasks(tasks.data?.items ?? []), [tasks.data]);
  const asked = params.get('tab');
  const tab: TaskGroupKey =
    asked && (taskGroupKeys as readonly string[]).includes(asked) ? (asked as TaskGroupKey) : firstBusyGroup(groups);
  const total = tasks.data?.total ?? 0;
  // The deadline next to the status: on the workbench it decides what to do first.
  const columns = [cols.number, cols.status, cols.resolveBy, cols.category, cols.area, cols.description, cols.handler];

  return (
    <>
      <PageHeader
        title={t('我的待办', 'My tasks')}
        subtitle={t('等待我受理、派遣、办理、核查或审批的诉求，超期优先', 'Cases waiting for me, overdue first')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} loading={tasks.isFetching} onClick={() => tasks.refetch()}>
              {t('刷新', 'Refresh')}
            </Button>
            <Button icon={<UnorderedListOutlined />} onClick={() => navigate('/console/cases')}>
              {t('统一清单', 'All cases')}
            </Button>
            <NewCaseButton />
          </>
        }
      />
      {tasks.error ? (
        <ErrorAlert error={tasks.error} onRetry={() => tasks.refetch()} style={{ marginBottom: 16 }} />
      ) : null}
      {total > TASKS_LIMIT ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(
            `共 ${total} 件待办，这里显示最早到期的 ${TASKS_LIMIT} 件；其余请在统一清单中筛选`,
            `${total} tasks; the ${TASKS_LIMIT} due first are shown here, find the rest in the case list`,
          )}
        />
      ) : null}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={groups.map((g) => ({
            key: g.key,
            label: (
              <Flex align="center" gap={6}>
                <span>{tl(taskGroupLabels[g.key])}</span>
                <Badge
                  count={g.items.length}
                  showZero
                  overflowCount={999}
                  color={g.overdue ? '#cf1322' : g.items.length ? '#0958d9' : '#595959'}
                  title={
                    g.overdue
                      ? t(`${g.items.length} 件，其中超期 ${g.overdue} 件`, `${g.items.length}, ${g.overdue} overdue`)
                      : t(`${g.items.length} 件`, `${g.items.length}`)
                  }
                />
              </Flex>
            ),
            children: (
              <Table<CaseRow>
                rowKey="id"
                loading={tasks.isLoading}
                dataSource={g.items}
                columns={columns}
                size="middle"
                scroll={{ x: 990 }}
                pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
                locale={{
                  emptyText: (
                    <Empty
                      image={Empty.PRESENTED_IMAGE_SIMPLE}
                      description={t(`暂无${tl(taskGroupLabels[g.key])}的诉求`, 'Nothing to do here')}
                    />
                  ),
                }}
              />
            ),
          }))}
        />
      </Card>
    </>
  );
}

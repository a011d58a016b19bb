/**
 * /console/cases/:id — one case: its facts, deadlines with countdowns, household (masked), map, history, and
 * the buttons of the actions the server allows this user now, each with its form.
 */
import { ReloadOutlined } from '@ant-design/icons';
import type { CaseAction } from '@grassroots/shared/cases/cases.lifecycle';
import { Alert, Button, Card, Col, Flex, Result, Row, Skeleton } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { CaseFlags, CaseStatusTag } from '../../../components/case/CaseStatusTag';
import { CaseTimeline } from '../../../components/case/CaseTimeline';
import { useCaseCategories } from '../../../components/case/use-case-categories';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { ApiError } from '../../../lib/api';
import { useCase } from '../../../lib/cases-api';
import { useI18n } from '../../../lib/i18n';
import { ActionDialog } from './ActionDialog';
import { ActionsCard, DuplicatesCard } from './CaseActions';
import { CaseMapCard } from './CaseMapCard';
import { CaseFactsCard, DeadlinesCard, HouseholdCard } from './CasePanels';

const listPath = '/console/cases';

export function CaseDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useCase(id);
  const { nameOf } = useCaseCategories();
  const [dialog, setDialog] = useState<{ action: CaseAction; duplicateOf?: string } | null>(null);
  const [conflict, setConflict] = useState(false);

  if (query.isLoading) return <DetailSkeleton />;
  if (query.error instanceof ApiError && query.error.status === 404) return <CaseNotFound />;
  if (query.isError || !query.data)
    return (
      <>
        <PageHeader back={listPath} title={t('诉求详情', 'Case')} />
        <ErrorAlert error={query.error} onRetry={() => query.refetch()} />
      </>
    );
  const c = query.data;
  const reload = async () => {
    await query.refetch();
    setConflict(false);
  };

  return (
    <>
      <PageHeader
        back={listPath}
        title={
          <Flex gap={8} align="center" wrap>
            <span>{t(`诉求 ${c.number}`, `Case ${c.number}`)}</span>
            <CaseStatusTag status={c.status} />
            <CaseFlags overdue={c.overdue} unplaced={c.unplaced} suspensionPending={c.suspensionPending} />
          </Flex>
        }
        subtitle={[c.categoryName ?? nameOf(c.categoryId), c.areaName].filter(Boolean).join(' · ')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => query.refetch()} loading={query.isFetching}>
            {t('刷新', 'Refresh')}
          </Button>
        }
      />
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={t('该诉求已被他人更新或状态已变化', 'This case has been changed by someone else or has moved on')}
          description={t('请重新加载，查看最新状态后再操作。', 'Reload to see its current state, then try again.')}
          action={
            <Button type="primary" size="small" onClick={reload} loading={query.isFetching}>
              {t('重新加载', 'Reload')}
            </Button>
          }
        />
      ) : null}
      <Row gutter={[16, 0]}>
        <Col xs={24} xl={16}>
          <CaseFactsCard c={c} />
          <Card title={t('办理过程', 'History')} style={{ marginBottom: 16 }}>
            <CaseTimeline events={c.events} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <ActionsCard c={c} onAction={(action) => setDialog({ action })} />
          <DuplicatesCard c={c} onMerge={(duplicateOf) => setDialog({ action: 'merge', duplicateOf })} />
          <DeadlinesCard c={c} />
          <HouseholdCard c={c} />
          <CaseMapCard location={c.location} areaId={c.areaId} />
        </Col>
      </Row>
      {dialog ? (
        <ActionDialog
          key={`${dialog.action}-${dialog.duplicateOf ?? ''}`}
          view={c}
          action={dialog.action}
          duplicateOf={dialog.duplicateOf}
          onClose={() => setDialog(null)}
          onConflict={() => setConflict(true)}
        />
      ) : null}
    </>
  );
}

function DetailSkeleton() {
  return (
    <Row gutter={[16, 16]} aria-busy="true">
      <Col xs={24} xl={16}>
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card>
          <Skeleton active paragraph={{ rows: 4 }} />
        </Card>
      </Col>
    </Row>
  );
}

function CaseNotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={<h1 style={{ fontSize: '1.5em', margin: 0 }}>{t('诉求不存在', 'Case not found')}</h1>}
      subTitle={t(
        '该诉求不存在，或不在您的管辖范围内。',
        'This case does not exist, or it is outside the areas you look after.',
      )}
      extra={
        <Link to={listPath}>
          <Button type="primary">{t('返回诉求列表', 'Back to cases')}</Button>
        </Link>
      }
    />
  );
}

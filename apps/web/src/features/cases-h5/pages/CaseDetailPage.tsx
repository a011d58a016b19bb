/**
 * /h5/cases/:id — one case on a phone: status, what was reported (with photos), where, the running deadline,
 * the rating once given, the actions this person may take, and the history (CaseTimeline, compact).
 */
import { caseRatingLabels, isOpenStatus } from '@grassroots/shared/cases/cases.lifecycle';
import { Card, Descriptions, Flex, Result, Skeleton, Typography } from 'antd';
import { useParams } from 'react-router';
import { CaseFlags, CaseStatusTag } from '../../../components/case/CaseStatusTag';
import { CasePhotos, CaseTimeline } from '../../../components/case/CaseTimeline';
import { DeadlineCountdown } from '../../../components/case/DeadlineCountdown';
import { useCaseCategories } from '../../../components/case/use-case-categories';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { RequireLogin } from '../../../components/RequireLogin';
import { ApiError } from '../../../lib/api';
import { useCase } from '../../../lib/cases-api';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { currentDeadline } from '../cases-h5.rules';
import { CaseActions } from '../components/CaseActions';
import { CaseAnswers } from '../components/CaseAnswers';

export function CaseDetailPage() {
  return (
    <RequireLogin loginPath="/h5/login">
      <CaseDetail />
    </RequireLogin>
  );
}

function CaseDetail() {
  const { t, tl, locale } = useI18n();
  const { id = '' } = useParams();
  const q = useCase(id);
  const { byId } = useCaseCategories();
  if (q.isPending) return <Skeleton active />;
  if (q.error instanceof ApiError && q.error.status === 404)
    return <Result status="404" title={t('没有找到这件诉求', 'Case not found')} />;
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  const photos = c.attachmentIds ?? c.events.find((e) => e.action === 'create')?.attachmentIds ?? [];
  const deadline = isOpenStatus(c.status) ? currentDeadline(c) : null;
  return (
    <Flex vertical gap={12}>
      <Card>
        <Flex vertical gap={8}>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Typography.Title level={2} style={{ fontSize: '1.25em', margin: 0 }}>
              {(locale === 'en' && byId.get(c.categoryId)?.node.nameEn) || c.categoryName}
            </Typography.Title>
            <span>
              <CaseStatusTag status={c.status} />
              <CaseFlags overdue={c.overdue} suspensionPending={c.suspensionPending} />
            </span>
          </Flex>
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'number', label: t('编号', 'Number'), children: c.number },
              { key: 'created', label: t('提交时间', 'Filed'), children: formatDateTime(c.createdAt) },
              ...(c.address || c.household?.address
                ? [{ key: 'place', label: t('地点', 'Place'), children: c.household?.address ?? c.address }]
                : []),
              ...(c.handler ? [{ key: 'handler', label: t('承办', 'Handled by'), children: c.handler.name }] : []),
              ...(deadline
                ? [
                    {
                      key: 'deadline',
                      label: t('办理时限', 'Deadline'),
                      children: <DeadlineCountdown deadline={deadline} paused={c.status === 'suspended'} />,
                    },
                  ]
                : []),
            ]}
          />
        </Flex>
      </Card>
      <Card title={t('问题描述', 'Description')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
        <CaseAnswers c={c} />
        <CasePhotos ids={photos} size={88} label={t('问题照片', 'Photo')} />
      </Card>
      {c.rating ? (
        <Card title={t('居民评价', 'Rating')}>
          <Typography.Text strong>{tl(caseRatingLabels[c.rating])}</Typography.Text>
          {c.ratingComment ? (
            <Typography.Paragraph style={{ margin: '8px 0 0', whiteSpace: 'pre-wrap' }}>
              {c.ratingComment}
            </Typography.Paragraph>
          ) : null}
        </Card>
      ) : null}
      <CaseActions c={c} />
      <Card title={t('办理进度', 'Progress')}>
        <CaseTimeline events={c.events} compact />
      </Card>
    </Flex>
  );
}

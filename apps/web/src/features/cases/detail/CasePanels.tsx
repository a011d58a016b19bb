/**
 * The read-only panels of the case detail page: the case itself (facts, description, answers, photos), its
 * deadlines, and the household (contact masked by the server; never unmasked here).
 */
import {
  type CaseTier,
  caseRatingLabels,
  caseTierLabels,
  propertyTierLabels,
} from '@grassroots/shared/cases/cases.lifecycle';
import { caseSourceLabels } from '@grassroots/shared/cases/cases.schema';
import type { CategoryQuestion } from '@grassroots/shared/categories/categories.schema';
import { Card, Descriptions, Empty, Flex, Typography } from 'antd';
import { CasePhotos } from '../../../components/case/CaseTimeline';
import { DeadlineCountdown } from '../../../components/case/DeadlineCountdown';
import { useCaseCategories } from '../../../components/case/use-case-categories';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import type { CaseDetail } from './api';
import { deadlineRows } from './case-detail.rules';

/** The tier in the words of the category: property cases go 社区调处 → 街道调处 → 物业管理服务中心. */
export function useTierLabel() {
  const { tl } = useI18n();
  const { byId } = useCaseCategories();
  return (c: Pick<CaseDetail, 'tier' | 'categoryId' | 'isProperty'>) => {
    const property = c.isProperty ?? byId.get(c.categoryId)?.node.isProperty ?? false;
    return tl((property ? propertyTierLabels : caseTierLabels)[c.tier as CaseTier]);
  };
}

/** The submission's own photos: the case's attachments when the view lists them, else the create event's. */
const submissionPhotos = (c: CaseDetail) =>
  c.attachmentIds ?? c.events.find((e) => e.action === 'create')?.attachmentIds ?? [];

export function CaseFactsCard({ c }: { c: CaseDetail }) {
  const { t, tl } = useI18n();
  const tierLabel = useTierLabel();
  const { byId, nameOf } = useCaseCategories();
  const questions = byId.get(c.categoryId)?.node.questions ?? [];
  const photos = submissionPhotos(c);
  const handler = c.handler
    ? `${c.handler.name}${c.handler.kind === 'organisation' ? t('（单位）', ' (organisation)') : ''}`
    : '—';
  return (
    <Card title={t('诉求信息', 'Case')} style={{ marginBottom: 16 }}>
      <Descriptions column={{ xs: 1, sm: 2, xl: 3 }} size="small">
        <Descriptions.Item label={t('编号', 'Number')}>
          <Typography.Text copyable>{c.number}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('分类', 'Category')}>{c.categoryName ?? nameOf(c.categoryId)}</Descriptions.Item>
        <Descriptions.Item label={t('来源', 'Source')}>{tl(caseSourceLabels[c.source])}</Descriptions.Item>
        <Descriptions.Item label={t('处理层级', 'Tier')}>{tierLabel(c)}</Descriptions.Item>
        <Descriptions.Item label={t('所属区域', 'Area')}>{c.areaName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('当前处理', 'Handler')}>{handler}</Descriptions.Item>
        <Descriptions.Item label={t('提交时间', 'Submitted')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('提交人', 'Submitted by')}>{c.submitterName ?? '—'}</Descriptions.Item>
        {c.externalNo ? (
          <Descriptions.Item label={t('外部工单号', 'External no.')}>{c.externalNo}</Descriptions.Item>
        ) : null}
        {c.rating ? (
          <Descriptions.Item label={t('评价', 'Rating')}>
            {tl(caseRatingLabels[c.rating])}
            {c.ratingComment ? `：${c.ratingComment}` : ''}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
        {t('诉求描述', 'Description')}
      </Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t('地址：', 'Address: ')}</Typography.Text>
        {c.address ?? c.household?.address ?? '—'}
      </Typography.Paragraph>
      <Answers answers={c.answers} questions={questions} />
      {photos.length ? (
        <>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('现场照片', 'Photos')}
          </Typography.Title>
          <CasePhotos ids={photos} size={96} label={t('现场照片', 'Photo')} />
        </>
      ) : null}
    </Card>
  );
}

type AnswerValue = string | number | boolean | string[];

/** Answers to the category's extra questions, labelled by the question and with list keys as their names. */
function Answers({
  answers,
  questions,
}: {
  answers?: Record<string, AnswerValue> | null;
  questions: CategoryQuestion[];
}) {
  const { t } = useI18n();
  const entries = Object.entries(answers ?? {});
  if (!entries.length) return null;
  const byCode = new Map(questions.map((q) => [q.code, q]));
  const show = (code: string, v: AnswerValue) => {
    const q = byCode.get(code);
    const name = (k: string) => q?.values?.find((x) => x.key === k)?.name ?? k;
    if (Array.isArray(v)) return v.map(name).join('、');
    if (typeof v === 'boolean') return v ? t('是', 'Yes') : t('否', 'No');
    if (q?.datatype === 'datetime') return formatDateTime(String(v));
    return name(String(v));
  };
  return (
    <Descriptions
      title={<span style={{ fontSize: 16 }}>{t('补充信息', 'Additional answers')}</span>}
      column={{ xs: 1, sm: 2 }}
      size="small"
      style={{ marginBottom: 12 }}
      items={entries.map(([code, v]) => ({
        key: code,
        label: byCode.get(code)?.description ?? code,
        children: show(code, v),
      }))}
    />
  );
}

export function DeadlinesCard({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const labels = {
    accept: t('接单期限', 'Accept by'),
    respond: t('响应期限', 'Respond by'),
    resolve: t('办结期限', 'Resolve by'),
  };
  const rows = deadlineRows(c);
  return (
    <Card title={t('办理期限', 'Deadlines')} size="small" style={{ marginBottom: 16 }}>
      <Flex vertical gap={8}>
        {rows.map((r) => (
          <Flex key={r.key} justify="space-between" align="center" gap={8} wrap data-deadline={r.key}>
            <span>
              <Typography.Text>{labels[r.key]}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                {formatDateTime(r.at)}
              </Typography.Text>
            </span>
            <DeadlineCountdown deadline={r.at} paused={r.paused} done={r.done} />
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}

export function HouseholdCard({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const h = c.household;
  return (
    <Card title={t('关联住户', 'Household')} size="small" style={{ marginBottom: 16 }}>
      {h ? (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('住址', 'Address')}>{h.address}</Descriptions.Item>
          <Descriptions.Item label={t('户主', 'Head')}>{h.headName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('联系电话', 'Phone')}>{h.phone ?? '—'}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('未关联住户', 'No household linked')} />
      )}
    </Card>
  );
}

/**
 * /p/case and /p/case/:number 诉求进度查询 — no login: type the case number, see its status and the steps it
 * went through (GET /api/public/cases/:number). Progress only: the server sends no description, place,
 * names or photos, and this page shows nothing else.
 */
import { caseActionLabels, caseRatingLabels, caseStatusLabels } from '@grassroots/shared/cases/cases.lifecycle';
import { Card, Descriptions, Empty, Flex, Input, Result, Skeleton, Timeline } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { CaseStatusTag } from '../../../components/case/CaseStatusTag';
import { normaliseCaseNumber } from '../../../components/case/case-number';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ApiError } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { type PublicCase, usePublicCase } from '../api';

export function PublicCasePage() {
  const { t } = useI18n();
  const { number } = useParams();
  const navigate = useNavigate();
  const [text, setText] = useState(number ?? '');
  const q = usePublicCase(number);
  const search = (v: string) => {
    const n = normaliseCaseNumber(v);
    setText(n);
    if (n) navigate(`/p/case/${encodeURIComponent(n)}`);
  };
  return (
    <Flex vertical gap={12}>
      <Card>
        <label htmlFor="public-case-number" style={{ display: 'block', fontWeight: 600, marginBottom: 6 }}>
          {t('诉求编号', 'Case number')}
        </label>
        <Input.Search
          id="public-case-number"
          size="large"
          // Not "numeric": the iOS number pad has no '-'. 14 bare digits are split by normaliseCaseNumber.
          inputMode="text"
          autoComplete="off"
          placeholder={t('如 20261123-000042', 'e.g. 20261123-000042')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={search}
          enterButton={t('查询', 'Look up')}
        />
      </Card>
      {!number ? (
        <Empty description={t('输入提交诉求时得到的编号，查看办理进度', 'Enter the number you got when you filed')} />
      ) : q.isPending ? (
        <Skeleton active />
      ) : q.error instanceof ApiError && q.error.status === 404 ? (
        <Result status="warning" title={t('未找到该编号的诉求', 'No case with this number')} />
      ) : q.error ? (
        <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Progress c={q.data} />
      )}
    </Flex>
  );
}

function Progress({ c }: { c: PublicCase }) {
  const { t, tl } = useI18n();
  return (
    <>
      <Card>
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'number', label: t('编号', 'Number'), children: c.number },
            { key: 'status', label: t('状态', 'Status'), children: <CaseStatusTag status={c.status} /> },
            { key: 'category', label: t('类别', 'Category'), children: c.categoryName },
            { key: 'created', label: t('提交时间', 'Filed'), children: formatDateTime(c.createdAt) },
            ...(c.closedAt
              ? [{ key: 'closed', label: t('结案时间', 'Closed'), children: formatDateTime(c.closedAt) }]
              : []),
            ...(c.rating
              ? [{ key: 'rating', label: t('评价', 'Rating'), children: tl(caseRatingLabels[c.rating]) }]
              : []),
          ]}
        />
      </Card>
      <Card title={t('办理进度', 'Progress')}>
        <Timeline
          items={c.steps.map((s, i) => ({
            key: `${s.at}-${i}`,
            content: (
              <div data-step={s.action}>
                <strong>{s.action === 'create' ? t('提交诉求', 'Submitted') : tl(caseActionLabels[s.action])}</strong>
                {' · '}
                {tl(caseStatusLabels[s.to])}
                <div style={{ color: 'rgba(0,0,0,0.65)', fontSize: '0.9em' }}>
                  <time dateTime={s.at}>{formatDateTime(s.at)}</time>
                </div>
              </div>
            ),
          }))}
        />
      </Card>
    </>
  );
}

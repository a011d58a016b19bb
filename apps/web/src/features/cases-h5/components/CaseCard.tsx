/** One case in a phone list: status, category, what and when; tasks add the running deadline and place. */
import { Card, Flex, Typography } from 'antd';
import { Link } from 'react-router';
import { CaseFlags, CaseStatusTag } from '../../../components/case/CaseStatusTag';
import { DeadlineCountdown } from '../../../components/case/DeadlineCountdown';
import { useCaseCategories } from '../../../components/case/use-case-categories';
import { formatDate } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import type { H5CaseSummary } from '../api';
import { currentDeadline } from '../cases-h5.rules';

export function CaseCard({ c, task }: { c: H5CaseSummary; task?: boolean }) {
  const { t, locale } = useI18n();
  const { byId } = useCaseCategories();
  const deadline = task ? currentDeadline(c) : null;
  return (
    <Link to={`/h5/cases/${c.id}`} style={{ display: 'block' }} data-case-number={c.number}>
      <Card hoverable size="small" styles={{ body: { padding: 14 } }}>
        <Flex vertical gap={6}>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Typography.Text strong style={{ fontSize: '1.1em' }}>
              {(locale === 'en' && byId.get(c.categoryId)?.node.nameEn) || c.categoryName}
            </Typography.Text>
            <span>
              <CaseStatusTag status={c.status} />
              <CaseFlags overdue={c.overdue} suspensionPending={c.suspensionPending} />
            </span>
          </Flex>
          <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
            {c.description}
          </Typography.Paragraph>
          {task && c.address ? <Typography.Text type="secondary">{c.address}</Typography.Text> : null}
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Typography.Text type="secondary" style={{ fontSize: '0.9em' }}>
              {c.number} · {t('提交于', 'filed')} {formatDate(c.createdAt)}
            </Typography.Text>
            {deadline ? <DeadlineCountdown deadline={deadline} paused={c.status === 'suspended'} /> : null}
          </Flex>
        </Flex>
      </Card>
    </Link>
  );
}

/** A case's status as a coloured tag, plus the 超期 / 待定位 / 挂起待批 flags a list row needs. */
import { type CaseStatus, caseStatusLabels } from '@grassroots/shared/cases/cases.lifecycle';
import { Tag } from 'antd';
import { useI18n } from '../../lib/i18n';

// Dark enough text on the light tag backgrounds for WCAG AA (checked by the axe journeys).
const colours: Record<CaseStatus, string> = {
  submitted: 'gold',
  registered: 'blue',
  rejected: 'default',
  dispatched: 'geekblue',
  accepted: 'cyan',
  suspended: 'purple',
  resolved: 'lime',
  verified: 'green',
  closed: 'default',
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { tl } = useI18n();
  return <Tag color={colours[status]}>{tl(caseStatusLabels[status])}</Tag>;
}

export function CaseFlags({
  overdue,
  unplaced,
  suspensionPending,
}: {
  overdue?: boolean;
  unplaced?: boolean;
  suspensionPending?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      {overdue ? <Tag color="red">{t('超期', 'Overdue')}</Tag> : null}
      {unplaced ? <Tag color="orange">{t('待定位', 'Unplaced')}</Tag> : null}
      {suspensionPending ? <Tag color="purple">{t('挂起待批', 'Suspension pending')}</Tag> : null}
    </>
  );
}

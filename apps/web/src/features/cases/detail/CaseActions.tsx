/**
 * The action buttons — exactly the server's `allowedActions`, in its order — and the 可能重复 card a registrar
 * sees on a new case. Each button opens the action's form (ActionDialog).
 */
import { type CaseAction, caseActionLabels } from '@grassroots/shared/cases/cases.lifecycle';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useI18n } from '../../../lib/i18n';
import { type CaseDetail, useDuplicates } from './api';
import { consoleActions, destructiveActions } from './case-detail.rules';
import { DuplicateList } from './DuplicateList';

export function ActionsCard({ c, onAction }: { c: CaseDetail; onAction: (a: CaseAction) => void }) {
  const { t, tl } = useI18n();
  const actions = consoleActions(c.allowedActions);
  const primary = actions.find((a) => !destructiveActions.includes(a));
  return (
    <Card title={t('办理操作', 'Actions')} size="small" style={{ marginBottom: 16 }}>
      {actions.length ? (
        <Flex gap={8} wrap>
          {actions.map((a) => (
            <Button
              key={a}
              type={a === primary ? 'primary' : 'default'}
              danger={destructiveActions.includes(a)}
              onClick={() => onAction(a)}
              data-action={a}
            >
              {tl(caseActionLabels[a])}
            </Button>
          ))}
        </Flex>
      ) : (
        <Typography.Text type="secondary">
          {t('当前没有您可执行的操作', 'Nothing for you to do on this case now')}
        </Typography.Text>
      )}
      {c.suspensionPending ? (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          title={t('处置单位已申请挂起/延期，等待上级审批', 'A suspension has been requested and awaits a decision')}
        />
      ) : null}
    </Card>
  );
}

/** Actions only the registrar of the case's tier gets: they decide what happens to a new case. */
const registrarActions: readonly CaseAction[] = ['register', 'reject', 'merge', 'assign', 'dispatch'];

export function DuplicatesCard({ c, onMerge }: { c: CaseDetail; onMerge: (duplicateOf: string) => void }) {
  const { t } = useI18n();
  const isRegistrar = c.allowedActions.some((a) => registrarActions.includes(a));
  const relevant = isRegistrar && (c.status === 'submitted' || c.status === 'registered');
  const dups = useDuplicates(c.id, relevant);
  const items = dups.data?.items ?? [];
  if (!relevant || !items.length) return null;
  const canMerge = c.allowedActions.includes('merge');
  return (
    <Card
      size="small"
      style={{ marginBottom: 16, borderColor: '#ffd591' }}
      title={t(`可能重复（${items.length}）`, `Likely duplicates (${items.length})`)}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t(
          '同一分类、同一住户/楼栋或 300 米内、30 天内提交且仍在办理的诉求。',
          'Open cases of the same category, place (or within 300 m) submitted in the last 30 days.',
        )}
      </Typography.Paragraph>
      <DuplicateList items={items} onChoose={canMerge ? (d) => onMerge(d.id) : undefined} />
    </Card>
  );
}

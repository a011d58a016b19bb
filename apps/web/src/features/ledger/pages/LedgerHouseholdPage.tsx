/**
 * /console/ledger/households/:id — one household of the ledger: its facts (phone masked, sensitive tags as a
 * count), the members with add / edit / move out / move back / unmask, the cases concerning it and the
 * campaign visits it had. Buttons follow the server's allowedActions.
 */
import { EditOutlined, EyeOutlined, UserAddOutlined } from '@ant-design/icons';
import type { LedgerHouseholdDetail, PersonView } from '@grassroots/shared/ledger/ledger.schema';
import { Button, Card, Descriptions, Empty, Flex, Skeleton, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useI18n } from '../../../lib/i18n';
import { useLedgerFields, useLedgerHousehold } from '../api';
import { HouseholdLedgerModal } from '../components/HouseholdLedgerModal';
import { MembersTable, type PersonAct } from '../components/MembersTable';
import { MoveModal } from '../components/MoveModal';
import { PersonFormModal } from '../components/PersonFormModal';
import { TagList } from '../components/TagList';
import { UnmaskDialog } from '../components/UnmaskDialog';
import { HouseholdCases, HouseholdVisits } from '../household/HouseholdActivity';

type Dialog =
  | { kind: 'person'; person: PersonView | null }
  | { kind: 'move'; person: PersonView; direction: 'out' | 'in' }
  | { kind: 'unmask'; person: PersonView }
  | { kind: 'unmaskHousehold' }
  | { kind: 'household' }
  | null;

export function LedgerHouseholdPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const [showMovedOut, setShowMovedOut] = useState(false);
  const q = useLedgerHousehold(id, showMovedOut);
  const fields = useLedgerFields();

  if (q.isPending) return <Skeleton active />;
  if (!q.data)
    return (
      <>
        <PageHeader title={t('住户', 'Household')} back="/console/ledger" />
        <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
      </>
    );
  return (
    <HouseholdView
      h={q.data}
      fields={fields.data?.items ?? []}
      showMovedOut={showMovedOut}
      setShowMovedOut={setShowMovedOut}
      loading={q.isFetching}
      error={q.error}
    />
  );
}

interface ViewProps {
  h: LedgerHouseholdDetail;
  fields: NonNullable<ReturnType<typeof useLedgerFields>['data']>['items'];
  showMovedOut: boolean;
  setShowMovedOut: (v: boolean) => void;
  loading: boolean;
  error: unknown;
}

function HouseholdView({ h, fields, showMovedOut, setShowMovedOut, loading, error }: ViewProps) {
  const { t } = useI18n();
  // The last dialog stays in state after closing so its content does not change during the close animation.
  const [dialog, setDialogState] = useState<Dialog>(null);
  const [isOpen, setOpen] = useState(false);
  const setDialog = (d: Dialog) => {
    setDialogState(d);
    setOpen(true);
  };
  const close = () => setOpen(false);
  const shown = isOpen ? dialog : null;
  const can = new Set(h.allowedActions);
  const onAct = (act: PersonAct, p: PersonView) => {
    if (act === 'edit') setDialog({ kind: 'person', person: p });
    else if (act === 'unmask') setDialog({ kind: 'unmask', person: p });
    else setDialog({ kind: 'move', person: p, direction: act === 'moveOut' ? 'out' : 'in' });
  };

  return (
    <>
      <PageHeader
        back="/console/ledger"
        title={h.address}
        subtitle={h.gridName}
        extra={
          <>
            {can.has('unmask') ? (
              <Button icon={<EyeOutlined />} onClick={() => setDialog({ kind: 'unmaskHousehold' })}>
                {t('查看住户明文', 'Unmask household')}
              </Button>
            ) : null}
            {can.has('update') ? (
              <Button icon={<EditOutlined />} onClick={() => setDialog({ kind: 'household' })}>
                {t('编辑住户', 'Edit household')}
              </Button>
            ) : null}
          </>
        }
      />
      {error ? <ErrorAlert error={error} style={{ marginBottom: 16 }} /> : null}
      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
            <Descriptions.Item label={t('地址', 'Address')}>{h.address}</Descriptions.Item>
            <Descriptions.Item label={t('网格', 'Grid')}>{h.gridName}</Descriptions.Item>
            <Descriptions.Item label={t('户主', 'Head')}>{h.headName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('联系电话', 'Phone')}>{h.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('标签', 'Tags')}>
              <TagList tags={h.tags} sensitiveTagCount={h.sensitiveTagCount} />
            </Descriptions.Item>
            <Descriptions.Item label={t('智能手机', 'Smartphone')}>
              {h.noSmartphone ? t('无智能手机', 'None') : t('有', 'Yes')}
            </Descriptions.Item>
            <Descriptions.Item label={t('包联党员', 'Linked party member')}>
              {h.partyMember?.name ?? <Typography.Text type="secondary">{t('未包联', 'None')}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('在册人数', 'Members')}>{h.memberCount}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card
          size="small"
          title={t('家庭成员', 'Members')}
          extra={
            <Flex gap={12} align="center">
              <Flex gap={6} align="center">
                <Switch id="ledger-show-moved-out" size="small" checked={showMovedOut} onChange={setShowMovedOut} />
                <label htmlFor="ledger-show-moved-out">{t('显示已迁出', 'Show moved out')}</label>
              </Flex>
              {can.has('addPerson') ? (
                <Button
                  type="primary"
                  icon={<UserAddOutlined />}
                  onClick={() => setDialog({ kind: 'person', person: null })}
                >
                  {t('添加成员', 'Add a member')}
                </Button>
              ) : null}
            </Flex>
          }
        >
          <MembersTable
            items={h.members}
            fields={fields}
            loading={loading}
            onAct={onAct}
            locale={{ emptyText: <Empty description={t('暂无成员', 'No members')} /> }}
          />
        </Card>
        <HouseholdCases cases={h.cases} />
        <HouseholdVisits visits={h.visits} />
      </Flex>
      <PersonFormModal
        open={shown?.kind === 'person'}
        householdId={h.id}
        person={dialog?.kind === 'person' ? dialog.person : null}
        fields={fields}
        onClose={close}
      />
      <MoveModal
        open={shown?.kind === 'move'}
        person={dialog?.kind === 'move' ? dialog.person : null}
        direction={dialog?.kind === 'move' ? dialog.direction : 'out'}
        onClose={close}
      />
      <UnmaskDialog
        open={shown?.kind === 'unmask'}
        url={dialog?.kind === 'unmask' ? `/api/persons/${dialog.person.id}/unmask` : ''}
        subject={dialog?.kind === 'unmask' ? dialog.person.name : ''}
        fields={['idNumber', 'phone', 'sensitiveTags']}
        onClose={close}
      />
      <UnmaskDialog
        open={shown?.kind === 'unmaskHousehold'}
        url={`/api/ledger/households/${h.id}/unmask`}
        subject={h.address}
        fields={['phone', 'sensitiveTags']}
        onClose={close}
      />
      <HouseholdLedgerModal household={h} open={shown?.kind === 'household'} onClose={close} />
    </>
  );
}

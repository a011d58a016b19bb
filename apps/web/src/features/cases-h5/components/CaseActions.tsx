/**
 * The actions of one case that matter on a phone, as the server allows them (`allowedActions`): the
 * resident rates or reopens a closed case; the grid worker accepts, returns, resolves (result + photos),
 * escalates, and verifies or sends back work in their grid. Every call carries the shown `version`; on 409
 * the message is shown and the case reloads. Anything else is left to the console.
 */
import { type CaseAction, caseActionLabels } from '@grassroots/shared/cases/cases.lifecycle';
import { App, Button, Card, Flex, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ApiError } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { type ActionInput, type H5CaseView, useCaseAction } from '../api';
import { RateForm, ReasonForm, ResolveForm } from './ActionForms';

const phoneActions: CaseAction[] = ['rate', 'reopen', 'accept', 'return', 'resolve', 'verify', 'rework', 'escalate'];
/** Actions that need a small form before they are sent. */
type Open = 'return' | 'resolve' | 'rework' | 'reopen' | null;

export function CaseActions({ c }: { c: H5CaseView }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const act = useCaseAction(c);
  const [open, setOpen] = useState<Open>(null);
  const allowed = new Set(c.allowedActions);
  const here = phoneActions.filter((a) => allowed.has(a));
  const elsewhere = c.allowedActions.filter((a) => !phoneActions.includes(a));
  if (!here.length && !elsewhere.length) return null;

  const run = (action: CaseAction, body: ActionInput = {}) =>
    act.mutate(
      { action, body },
      {
        onSuccess: () => {
          setOpen(null);
          message.success(t(`已${tl(caseActionLabels[action])}`, `${tl(caseActionLabels[action])}: done`));
        },
        onError: (e) => {
          if (e instanceof ApiError && e.status === 409) {
            setOpen(null);
            message.warning(`${e.message}（${t('已显示最新状态', 'now showing the latest')}）`);
          }
        },
      },
    );
  const busy = act.isPending;
  const label = (a: CaseAction) => tl(caseActionLabels[a]);
  const conflict = act.error instanceof ApiError && act.error.status === 409;

  return (
    <Card title={t('办理', 'Actions')}>
      <Flex vertical gap={12}>
        {allowed.has('rate') ? <RateForm busy={busy} onSubmit={(v) => run('rate', v)} /> : null}
        {c.reopenUntil && allowed.has('reopen') ? (
          <Typography.Text type="secondary">
            {t(
              `${formatDateTime(c.reopenUntil)} 前可重新打开`,
              `You may reopen it until ${formatDateTime(c.reopenUntil)}`,
            )}
          </Typography.Text>
        ) : null}
        {open === 'reopen' ? (
          <ReasonForm
            label={t('重新打开的原因', 'Why reopen')}
            submit={t('确认重新打开', 'Reopen')}
            busy={busy}
            onCancel={() => setOpen(null)}
            onSubmit={(reason) => run('reopen', { reason })}
          />
        ) : open === 'return' ? (
          <ReasonForm
            label={t('退回原因', 'Why return it')}
            submit={t('确认退回', 'Return')}
            busy={busy}
            onCancel={() => setOpen(null)}
            onSubmit={(reason) => run('return', { reason })}
          />
        ) : open === 'rework' ? (
          <ReasonForm
            label={t('返工原因', 'What still needs doing')}
            submit={t('确认返工', 'Send back')}
            busy={busy}
            onCancel={() => setOpen(null)}
            onSubmit={(reason) => run('rework', { reason })}
          />
        ) : open === 'resolve' ? (
          <ResolveForm busy={busy} onCancel={() => setOpen(null)} onSubmit={(v) => run('resolve', v)} />
        ) : (
          <Flex vertical gap={8}>
            {allowed.has('accept') ? (
              <Button type="primary" size="large" block loading={busy} onClick={() => run('accept')}>
                {label('accept')}
              </Button>
            ) : null}
            {allowed.has('resolve') ? (
              <Button type="primary" size="large" block onClick={() => setOpen('resolve')}>
                {label('resolve')}
              </Button>
            ) : null}
            {allowed.has('verify') ? (
              <Popconfirm
                title={t('确认已核查，问题已解决？', 'Confirm the problem is solved?')}
                onConfirm={() => run('verify')}
              >
                <Button type="primary" size="large" block loading={busy}>
                  {label('verify')}
                </Button>
              </Popconfirm>
            ) : null}
            {allowed.has('rework') ? (
              <Button size="large" block onClick={() => setOpen('rework')}>
                {label('rework')}
              </Button>
            ) : null}
            {allowed.has('return') ? (
              <Button size="large" block danger onClick={() => setOpen('return')}>
                {label('return')}
              </Button>
            ) : null}
            {allowed.has('escalate') ? (
              <Popconfirm
                title={t('确认上报上一级处理？', 'Escalate to the next tier?')}
                onConfirm={() => run('escalate')}
              >
                <Button size="large" block loading={busy}>
                  {t('上报上级', 'Escalate')}
                </Button>
              </Popconfirm>
            ) : null}
            {allowed.has('reopen') ? (
              <Button size="large" block onClick={() => setOpen('reopen')}>
                {t('问题没有解决，重新打开', 'Not solved: reopen')}
              </Button>
            ) : null}
          </Flex>
        )}
        {act.error && !conflict ? <ErrorAlert error={act.error} /> : null}
        {elsewhere.length ? (
          <Typography.Text type="secondary">
            {t(
              `其他操作（${elsewhere.map(label).join('、')}）请在电脑端工作台办理`,
              `Other actions (${elsewhere.map(label).join(', ')}) are in the desktop console`,
            )}
          </Typography.Text>
        ) : null}
      </Flex>
    </Card>
  );
}

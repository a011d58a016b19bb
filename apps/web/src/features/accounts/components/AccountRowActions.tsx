/**
 * The actions of one account row, on one line: 编辑 and 角色 inline, the rarer 重置密码 / 停用 behind 更多.
 * Which ones show comes from the server's allowedActions; nobody disables their own account here.
 */
import { DownOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, type MenuProps, Space } from 'antd';
import { useConfirm } from '../../../components/ConfirmButton';
import { errorMessage } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import type { AccountView } from '../api';

export interface AccountRowActionsProps {
  account: AccountView;
  /** The signed-in user's own row. */
  self: boolean;
  onEdit: () => void;
  onGrants: () => void;
  onResetPassword: () => Promise<unknown>;
  onToggle: () => Promise<unknown>;
}

export function AccountRowActions(props: AccountRowActionsProps) {
  const { account: a, self, onEdit, onGrants, onResetPassword, onToggle } = props;
  const { t } = useI18n();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const may = (x: AccountView['allowedActions'][number]) => a.allowedActions.includes(x);
  const more: NonNullable<MenuProps['items']> = [];
  if (may('resetPassword')) more.push({ key: 'reset', label: t('重置密码', 'Reset password') });
  if (!self && (may('disable') || may('enable'))) {
    more.push({ key: 'toggle', danger: !a.disabled, label: a.disabled ? t('启用', 'Enable') : t('停用', 'Disable') });
  }
  // Menus close on click, so the question is a modal here rather than ConfirmButton's popover.
  const ask = async (key: string) => {
    const reset = key === 'reset';
    const ok = await confirm(
      reset
        ? {
            title: t(`重置「${a.displayName}」的密码？`, `Reset the password of ${a.displayName}?`),
            content: t('将生成临时密码并使其所有登录失效', 'A temporary password is issued and all sessions end'),
            danger: false,
          }
        : a.disabled
          ? { title: t(`启用「${a.displayName}」？`, `Enable ${a.displayName}?`), danger: false }
          : {
              title: t(`停用「${a.displayName}」？`, `Disable ${a.displayName}?`),
              content: t(
                '停用后立即退出登录，待办任务交回登记人',
                'Signs out at once; open tasks go back to the registrar',
              ),
            },
    );
    if (!ok) return;
    try {
      await (reset ? onResetPassword() : onToggle());
    } catch (e) {
      message.error(errorMessage(e, t('操作失败', 'Failed')));
    }
  };
  return (
    <Space size={0} style={{ whiteSpace: 'nowrap' }}>
      {may('edit') ? (
        <Button type="link" size="small" onClick={onEdit}>
          {t('编辑', 'Edit')}
        </Button>
      ) : null}
      {may('grants') ? (
        <Button type="link" size="small" onClick={onGrants}>
          {t('角色', 'Roles')}
        </Button>
      ) : null}
      {more.length ? (
        <Dropdown trigger={['click']} menu={{ items: more, onClick: ({ key }) => void ask(key) }}>
          <Button type="link" size="small">
            {t('更多', 'More')}
            <DownOutlined />
          </Button>
        </Dropdown>
      ) : null}
    </Space>
  );
}

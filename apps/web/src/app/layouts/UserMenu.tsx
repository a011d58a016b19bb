/** The signed-in user's button in a header: name, roles, change password, logout. */
import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import type { MeResponse } from '@grassroots/shared/auth/auth.schema';
import { roleLabels } from '@grassroots/shared/auth/roles';
import { Button, Dropdown } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { useLogout } from '../session';

export function UserMenu({
  me,
  loginPath = '/login',
  compact,
}: {
  me: MeResponse;
  loginPath?: string;
  compact?: boolean;
}) {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const logout = useLogout(loginPath);
  const roles = [...new Set(me.roles)].map((r) => tl(roleLabels[r])).join('、');
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'who', label: `${me.account.displayName}（${me.account.username}）`, disabled: true },
          ...(roles ? [{ key: 'roles', label: roles, disabled: true }] : []),
          { type: 'divider' as const },
          { key: 'password', icon: <KeyOutlined />, label: t('修改密码', 'Change password') },
          { key: 'logout', icon: <LogoutOutlined />, label: t('退出登录', 'Sign out'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'logout') void logout();
          if (key === 'password') navigate('/change-password');
        },
      }}
    >
      <Button
        type="text"
        data-testid="user-menu"
        aria-label={compact ? t('账号菜单', 'Account menu') : undefined}
        icon={<UserOutlined />}
      >
        {compact ? null : (
          <>
            <span>{me.account.displayName}</span>
            <DownOutlined style={{ fontSize: '0.7em' }} />
          </>
        )}
      </Button>
    </Dropdown>
  );
}

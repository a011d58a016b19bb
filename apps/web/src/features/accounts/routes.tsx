/** Accounts feature: /console/accounts (system menu, accounts.manage). */
import { TeamOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { AccountsPage } from './pages/AccountsPage';

export const accountsRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/accounts',
      element: <AccountsPage />,
      menu: {
        key: 'accounts',
        label: { 'zh-CN': '账号管理', en: 'Accounts' },
        icon: <TeamOutlined />,
        order: 10,
        group: 'system',
        permission: 'accounts.manage',
      },
    },
  ],
};

/** Organisations feature: /console/organisations (system menu; every console user may list). */
import { BankOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { OrganisationsPage } from './pages/OrganisationsPage';

export const organisationsRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/organisations',
      element: <OrganisationsPage />,
      menu: {
        key: 'organisations',
        label: { 'zh-CN': '单位管理', en: 'Organisations' },
        icon: <BankOutlined />,
        order: 20,
        group: 'system',
        permission: 'orgs.manage',
        roles: ['leader', 'community_secretary'],
      },
    },
  ],
};

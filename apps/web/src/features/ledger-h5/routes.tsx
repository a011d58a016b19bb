/** The resident's 我的家庭 phone page; its menu entry becomes a tile of the H5 home for residents. */
import { HomeOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { MyHouseholdPage } from './pages/MyHouseholdPage';

export const ledgerH5Routes: FeatureRoutes = {
  h5: [
    {
      path: '/h5/household',
      element: <MyHouseholdPage />,
      title: { 'zh-CN': '我的家庭', en: 'My household' },
      menu: {
        key: 'h5-household',
        label: { 'zh-CN': '我的家庭', en: 'My household' },
        icon: <HomeOutlined />,
        order: 12,
        roles: ['resident'],
      },
    },
  ],
};

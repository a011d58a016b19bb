/** Routes of the chain feature: the console chain page and the public 亮身份 pages. */
import { ApartmentOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { ChainPage } from './pages/ChainPage';
import { PublicDutyBuildingPage } from './pages/PublicDutyBuildingPage';
import { PublicDutySearchPage } from './pages/PublicDutySearchPage';

export const chainRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/chain',
      element: <ChainPage />,
      menu: {
        key: 'chain',
        label: { 'zh-CN': '五级责任链', en: 'Responsibility chain' },
        icon: <ApartmentOutlined />,
        order: 20,
        group: 'grid',
        permission: 'console.access',
      },
    },
  ],
  public: [
    {
      path: '/p/duty',
      element: <PublicDutySearchPage />,
      title: { 'zh-CN': '亮身份', en: 'Who is responsible' },
    },
    {
      path: '/p/duty/b/:code',
      element: <PublicDutyBuildingPage />,
      title: { 'zh-CN': '楼栋责任人', en: 'Building team' },
    },
  ],
};

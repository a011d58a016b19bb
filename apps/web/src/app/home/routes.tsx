/** The shell's own feature: the console home (工作台) and the default H5 home. */
import { HomeOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../route-types';
import { ConsoleHome } from './ConsoleHome';
import { H5Home } from './H5Home';

export const shellRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console',
      element: <ConsoleHome />,
      menu: {
        key: 'home',
        label: { 'zh-CN': '工作台', en: 'Home' },
        icon: <HomeOutlined />,
        order: 0,
        group: 'governance',
      },
    },
  ],
  h5: [{ path: '/h5', element: <H5Home />, title: { 'zh-CN': '基层治理一网通', en: 'Grassroots Governance' } }],
};

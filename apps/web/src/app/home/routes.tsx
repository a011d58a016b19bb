/** The shell's own feature: the console home (工作台). The H5 home (/h5) is the residents feature's. */
import { HomeOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../route-types';
import { ConsoleHome } from './ConsoleHome';

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
};

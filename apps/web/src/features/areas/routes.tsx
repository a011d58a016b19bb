/** Console routes of the areas feature (menu group 'grid'). */
import { ApartmentOutlined, EnvironmentOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { AreasPage } from './pages/AreasPage';
import { MapPage } from './pages/MapPage';

export const areasRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/areas',
      element: <AreasPage />,
      menu: {
        key: 'areas',
        label: { 'zh-CN': '区域网格', en: 'Areas' },
        icon: <ApartmentOutlined />,
        order: 10,
        group: 'grid',
        permission: 'console.access',
      },
    },
    {
      path: '/console/map',
      element: <MapPage />,
      menu: {
        key: 'map',
        label: { 'zh-CN': '网格地图', en: 'Grid map' },
        icon: <EnvironmentOutlined />,
        order: 11,
        group: 'grid',
        permission: 'console.access',
      },
    },
  ],
};

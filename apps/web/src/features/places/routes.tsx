/** Places feature: compounds (小区), buildings and rooms, households, and the printable QR sheet. */
import { ApartmentOutlined, HomeOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { BuildingDetailPage } from './pages/BuildingDetailPage';
import { CompoundDetailPage } from './pages/CompoundDetailPage';
import { CompoundsPage } from './pages/CompoundsPage';
import { HouseholdsPage } from './pages/HouseholdsPage';
import { QrSheetPage } from './pages/QrSheetPage';

export const placesRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/compounds',
      element: <CompoundsPage />,
      menu: {
        key: 'compounds',
        label: { 'zh-CN': '小区楼栋', en: 'Compounds' },
        icon: <ApartmentOutlined />,
        order: 20,
        group: 'grid',
        permission: 'console.access',
      },
    },
    {
      path: '/console/compounds/:id',
      element: <CompoundDetailPage />,
      title: { 'zh-CN': '小区详情', en: 'Compound' },
    },
    {
      path: '/console/compounds/:id/qr-sheet',
      element: <QrSheetPage />,
      title: { 'zh-CN': '楼栋二维码打印', en: 'Building QR sheet' },
    },
    {
      path: '/console/buildings/:id',
      element: <BuildingDetailPage />,
      title: { 'zh-CN': '楼栋详情', en: 'Building' },
    },
    {
      path: '/console/households',
      element: <HouseholdsPage />,
      menu: {
        key: 'households',
        label: { 'zh-CN': '住户', en: 'Households' },
        icon: <HomeOutlined />,
        order: 30,
        group: 'grid',
        permission: 'console.access',
      },
    },
  ],
};

/** Case categories feature: /console/case-categories (governance menu; admin and the command centre). */
import { ApartmentOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { CategoriesPage } from './pages/CategoriesPage';

export const categoriesRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/case-categories',
      element: <CategoriesPage />,
      menu: {
        key: 'case-categories',
        label: { 'zh-CN': '诉求分类', en: 'Case categories' },
        icon: <ApartmentOutlined />,
        order: 60,
        group: 'governance',
        permission: 'categories.manage',
      },
    },
  ],
};

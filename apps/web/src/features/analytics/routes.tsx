/** Analytics (console): 数据分析 — the case figures of the caller's scope, with drill-down to the case list. */
import { BarChartOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { AnalyticsPage } from './AnalyticsPage';

export const analyticsRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/analytics',
      element: <AnalyticsPage />,
      menu: {
        key: 'analytics',
        label: { 'zh-CN': '数据分析', en: 'Analytics' },
        icon: <BarChartOutlined />,
        order: 35,
        group: 'governance',
        permission: 'analytics.read',
      },
    },
  ],
};

/** 前响应 warnings (console): 预警 — hotspots and repeated cases of the caller's scope, acknowledged with a note. */
import { AlertOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { WarningsPage } from './WarningsPage';

export const warningsRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/warnings',
      element: <WarningsPage />,
      menu: {
        key: 'warnings',
        label: { 'zh-CN': '预警', en: 'Warnings' },
        icon: <AlertOutlined />,
        order: 36,
        group: 'governance',
        permission: 'analytics.read',
      },
    },
  ],
};

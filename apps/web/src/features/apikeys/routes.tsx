/** API keys feature: /console/api-keys (system menu, admin). */
import { KeyOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { ApiKeysPage } from './pages/ApiKeysPage';

export const apiKeysRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/api-keys',
      element: <ApiKeysPage />,
      menu: {
        key: 'api-keys',
        label: { 'zh-CN': '接口密钥', en: 'API keys' },
        icon: <KeyOutlined />,
        order: 30,
        group: 'system',
        permission: 'apiKeys.manage',
      },
    },
  ],
};

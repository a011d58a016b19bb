/** Audit feature: /console/audit (system menu, audit.read). */
import { AuditOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { AuditPage } from './pages/AuditPage';

export const auditRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/audit',
      element: <AuditPage />,
      menu: {
        key: 'audit',
        label: { 'zh-CN': '审计日志', en: 'Audit log' },
        icon: <AuditOutlined />,
        order: 40,
        group: 'system',
        permission: 'audit.read',
      },
    },
  ],
};

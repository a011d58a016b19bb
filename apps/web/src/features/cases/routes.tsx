/**
 * Cases feature (console): 我的待办 workbench, 统一清单 (the list), 登记诉求 (staff intake) and the case detail
 * (owned by detail/). Every console user may see the cases of their scope; the server decides which.
 */
import { FileAddOutlined, InboxOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { CaseDetailPage } from './detail/CaseDetailPage';
import { INTAKE_ROLES } from './new/intake';
import { CaseNewPage } from './pages/CaseNewPage';
import { CasesListPage } from './pages/CasesListPage';
import { CaseTasksPage } from './pages/CaseTasksPage';

export const casesRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/cases/tasks',
      element: <CaseTasksPage />,
      menu: {
        key: 'case-tasks',
        label: { 'zh-CN': '我的待办', en: 'My tasks' },
        icon: <ScheduleOutlined />,
        order: 10,
        group: 'governance',
        permission: 'console.access',
      },
    },
    {
      path: '/console/cases',
      element: <CasesListPage />,
      menu: {
        key: 'cases',
        label: { 'zh-CN': '诉求案件', en: 'Cases' },
        icon: <InboxOutlined />,
        order: 20,
        group: 'governance',
        permission: 'console.access',
      },
    },
    {
      path: '/console/cases/new',
      element: <CaseNewPage />,
      menu: {
        key: 'case-new',
        label: { 'zh-CN': '登记诉求', en: 'Register a case' },
        icon: <FileAddOutlined />,
        order: 30,
        group: 'governance',
        roles: INTAKE_ROLES,
      },
    },
    {
      path: '/console/cases/:id',
      element: <CaseDetailPage />,
      title: { 'zh-CN': '诉求详情', en: 'Case' },
    },
  ],
};

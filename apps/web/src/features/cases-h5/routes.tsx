/**
 * Routes of the phone case pages: residents report and follow their cases, grid workers work their tasks
 * and report for residents; anyone can look up a case's progress by its number (/p/case).
 * The menu entries become the tiles of the H5 home, shown by role.
 */
import { FileSearchOutlined, FormOutlined, ScheduleOutlined, TeamOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { CaseDetailPage } from './pages/CaseDetailPage';
import { MyCasesPage } from './pages/MyCasesPage';
import { NewCasePage } from './pages/NewCasePage';
import { PublicCasePage } from './pages/PublicCasePage';
import { TasksPage } from './pages/TasksPage';

const lookupTitle = { 'zh-CN': '诉求进度查询', en: 'Case progress' };

export const casesH5Routes: FeatureRoutes = {
  h5: [
    {
      path: '/h5/cases/new',
      element: <NewCasePage />,
      title: { 'zh-CN': '我要反映', en: 'Report a problem' },
      menu: {
        key: 'h5-case-new',
        label: { 'zh-CN': '我要反映', en: 'Report a problem' },
        icon: <FormOutlined />,
        order: 20,
        roles: ['resident'],
      },
    },
    {
      path: '/h5/cases',
      element: <MyCasesPage />,
      title: { 'zh-CN': '我的诉求', en: 'My cases' },
      menu: {
        key: 'h5-my-cases',
        label: { 'zh-CN': '我的诉求', en: 'My cases' },
        icon: <FileSearchOutlined />,
        order: 21,
        roles: ['resident'],
      },
    },
    {
      path: '/h5/tasks',
      element: <TasksPage />,
      title: { 'zh-CN': '我的任务', en: 'My tasks' },
      menu: {
        key: 'h5-tasks',
        label: { 'zh-CN': '我的任务', en: 'My tasks' },
        icon: <ScheduleOutlined />,
        order: 20,
        roles: ['grid_worker'],
      },
    },
    {
      path: '/h5/cases/on-behalf',
      element: <NewCasePage onBehalf />,
      title: { 'zh-CN': '代居民上报', en: 'Report for a resident' },
      menu: {
        key: 'h5-case-on-behalf',
        label: { 'zh-CN': '代居民上报', en: 'Report for a resident' },
        icon: <TeamOutlined />,
        order: 22,
        roles: ['grid_worker'],
      },
    },
    {
      path: '/h5/cases/:id',
      element: <CaseDetailPage />,
      title: { 'zh-CN': '诉求详情', en: 'Case' },
    },
  ],
  public: [
    {
      path: '/p/case',
      element: <PublicCasePage />,
      title: lookupTitle,
    },
    {
      path: '/p/case/:number',
      element: <PublicCasePage />,
      title: lookupTitle,
    },
  ],
};

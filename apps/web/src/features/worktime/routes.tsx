/** Working time feature: /console/worktime (system menu; every console user may look, worktime.manage edits). */
import { CalendarOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { WorktimePage } from './pages/WorktimePage';

export const worktimeRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/worktime',
      element: <WorktimePage />,
      menu: {
        key: 'worktime',
        label: { 'zh-CN': '工作时间与节假日', en: 'Working time' },
        icon: <CalendarOutlined />,
        order: 35,
        group: 'system',
        permission: 'worktime.manage', // everyone may read it (deadlines), but it is an administration page
      },
    },
  ],
};

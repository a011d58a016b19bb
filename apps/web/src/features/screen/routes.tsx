/** The command-centre wall: a full-window page outside the console frame (it checks the login itself). */
import type { FeatureRoutes } from '../../app/route-types';
import { ScreenPage } from './ScreenPage';

export const screenRoutes: FeatureRoutes = {
  screen: [{ path: '/screen', element: <ScreenPage />, title: { 'zh-CN': '指挥中心大屏', en: 'Command centre wall' } }],
};

/** Routes of the residents feature: the H5 self-service pages and the console confirmation queue. */
import { AuditOutlined, HomeOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { H5LoginPage, H5SignupPage } from './pages/H5AuthPages';
import { H5HomePage } from './pages/H5HomePage';
import { H5LinkPage } from './pages/H5LinkPage';
import { ResidentLinksPage } from './pages/ResidentLinksPage';

export const residentsRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/resident-links',
      element: <ResidentLinksPage />,
      menu: {
        key: 'resident-links',
        label: { 'zh-CN': '居民关联审核', en: 'Resident links' },
        icon: <AuditOutlined />,
        order: 40,
        group: 'grid',
        permission: 'residentLinks.confirm',
      },
    },
  ],
  h5: [
    { path: '/h5', element: <H5HomePage />, title: { 'zh-CN': '基层治理一网通', en: 'Grassroots Governance' } },
    { path: '/h5/login', element: <H5LoginPage />, title: { 'zh-CN': '居民登录', en: 'Sign in' } },
    { path: '/h5/signup', element: <H5SignupPage />, title: { 'zh-CN': '居民注册', en: 'Sign up' } },
    {
      path: '/h5/link',
      element: <H5LinkPage />,
      title: { 'zh-CN': '关联住户', en: 'Link my household' },
      menu: {
        key: 'h5-link',
        label: { 'zh-CN': '关联住户', en: 'Link my household' },
        icon: <HomeOutlined />,
        order: 10,
        roles: ['resident'],
      },
    },
  ],
};

/**
 * Door-to-door campaigns (地毯式摸排): console list and detail for managers; the phone pages where grid
 * workers go through their households (their menu entry becomes a tile of the H5 home).
 */
import { AuditOutlined, SolutionOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { CampaignWorkPage } from './h5/CampaignWorkPage';
import { MyCampaignsPage } from './h5/MyCampaignsPage';
import { CampaignDetailPage } from './pages/CampaignDetailPage';
import { CampaignsPage } from './pages/CampaignsPage';

const title = { 'zh-CN': '摸排任务', en: 'Campaigns' };

export const campaignsRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/campaigns',
      element: <CampaignsPage />,
      menu: {
        key: 'campaigns',
        label: title,
        icon: <AuditOutlined />,
        order: 40,
        group: 'grid',
        permission: 'campaigns.manage',
      },
    },
    {
      path: '/console/campaigns/:id',
      element: <CampaignDetailPage />,
      title: { 'zh-CN': '摸排任务详情', en: 'Campaign' },
    },
  ],
  h5: [
    {
      path: '/h5/campaigns',
      element: <MyCampaignsPage />,
      title,
      menu: {
        key: 'h5-campaigns',
        label: { 'zh-CN': '入户摸排', en: 'Door-to-door visits' },
        icon: <SolutionOutlined />,
        order: 23,
        permission: 'campaigns.visit',
      },
    },
    {
      path: '/h5/campaigns/:id',
      element: <CampaignWorkPage />,
      title: { 'zh-CN': '入户走访', en: 'Visits' },
    },
  ],
};

/**
 * The household ledger (住户台账) in the console: households and persons of one's grids (masked), a household's
 * view with its members, tag counts, custom fields and residents' requests. Grid-management menu section.
 */
import { BarChartOutlined, BookOutlined, FormOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { LedgerCountsPage } from './pages/LedgerCountsPage';
import { LedgerFieldsPage } from './pages/LedgerFieldsPage';
import { LedgerHouseholdPage } from './pages/LedgerHouseholdPage';
import { LedgerHouseholdsPage } from './pages/LedgerHouseholdsPage';
import { LedgerPersonsPage } from './pages/LedgerPersonsPage';
import { LedgerRequestsPage } from './pages/LedgerRequestsPage';

export const ledgerRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/ledger',
      element: <LedgerHouseholdsPage />,
      menu: {
        key: 'ledger',
        label: { 'zh-CN': '住户台账', en: 'Household ledger' },
        icon: <BookOutlined />,
        order: 31,
        group: 'grid',
        permission: 'ledger.read',
      },
    },
    {
      path: '/console/ledger/households/:id',
      element: <LedgerHouseholdPage />,
      title: { 'zh-CN': '住户详情', en: 'Household' },
    },
    {
      path: '/console/ledger/persons',
      element: <LedgerPersonsPage />,
      menu: {
        key: 'ledger-persons',
        label: { 'zh-CN': '人员台账', en: 'Persons' },
        icon: <TeamOutlined />,
        order: 32,
        group: 'grid',
        permission: 'ledger.read',
      },
    },
    {
      path: '/console/ledger/counts',
      element: <LedgerCountsPage />,
      menu: {
        key: 'ledger-counts',
        label: { 'zh-CN': '标签统计', en: 'Tag counts' },
        icon: <BarChartOutlined />,
        order: 33,
        group: 'grid',
        permission: 'ledger.read',
      },
    },
    {
      path: '/console/ledger/requests',
      element: <LedgerRequestsPage />,
      menu: {
        key: 'ledger-requests',
        label: { 'zh-CN': '居民申请', en: 'Resident requests' },
        icon: <SolutionOutlined />,
        order: 34,
        group: 'grid',
        permission: 'ledger.write',
      },
    },
    {
      path: '/console/ledger/fields',
      element: <LedgerFieldsPage />,
      menu: {
        key: 'ledger-fields',
        label: { 'zh-CN': '自定义字段', en: 'Custom fields' },
        icon: <FormOutlined />,
        order: 36,
        group: 'grid',
        permission: 'ledgerFields.manage',
      },
    },
  ],
};

/** Ledger import feature: /console/ledger/import (grid menu; grid workers, secretaries and cadres who write the ledger). */
import { FileExcelOutlined } from '@ant-design/icons';
import type { FeatureRoutes } from '../../app/route-types';
import { LedgerImportPage } from './pages/LedgerImportPage';

export const ledgerImportRoutes: FeatureRoutes = {
  console: [
    {
      path: '/console/ledger/import',
      element: <LedgerImportPage />,
      menu: {
        key: 'ledger-import',
        label: { 'zh-CN': '导入台账', en: 'Import ledger' },
        icon: <FileExcelOutlined />,
        order: 37,
        group: 'grid',
        permission: 'ledger.write',
      },
    },
  ],
};

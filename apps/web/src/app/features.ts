/** Every feature's routes. Add one import and one entry per feature folder. */
import { accountsRoutes } from '../features/accounts/routes';
import { analyticsRoutes } from '../features/analytics/routes';
import { apiKeysRoutes } from '../features/apikeys/routes';
import { areasRoutes } from '../features/areas/routes';
import { auditRoutes } from '../features/audit/routes';
import { campaignsRoutes } from '../features/campaigns/routes';
import { casesRoutes } from '../features/cases/routes';
import { casesH5Routes } from '../features/cases-h5/routes';
import { categoriesRoutes } from '../features/categories/routes';
import { chainRoutes } from '../features/chain/routes';
import { ledgerRoutes } from '../features/ledger/routes';
import { ledgerH5Routes } from '../features/ledger-h5/routes';
import { ledgerImportRoutes } from '../features/ledger-import/routes';
import { organisationsRoutes } from '../features/organisations/routes';
import { placesRoutes } from '../features/places/routes';
import { residentsRoutes } from '../features/residents/routes';
import { screenRoutes } from '../features/screen/routes';
import { warningsRoutes } from '../features/warnings/routes';
import { worktimeRoutes } from '../features/worktime/routes';
import type { FeatureRoutes } from './route-types';

export const features: FeatureRoutes[] = [
  areasRoutes,
  placesRoutes,
  chainRoutes,
  residentsRoutes,
  accountsRoutes,
  organisationsRoutes,
  apiKeysRoutes,
  auditRoutes,
  casesRoutes,
  categoriesRoutes,
  worktimeRoutes,
  casesH5Routes,
  campaignsRoutes,
  ledgerRoutes,
  ledgerH5Routes,
  ledgerImportRoutes,
  analyticsRoutes,
  warningsRoutes,
  screenRoutes,
];

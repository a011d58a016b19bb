/** The analytics API as the dashboard reads it (GET /api/analytics/kpis). */
import type { KpiGrouping, KpiResponse } from '@grassroots/shared/analytics/analytics.schema';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { DashboardQuery } from './kpi-figures';

export const analyticsKeys = {
  kpis: (q: DashboardQuery, groupBy: KpiGrouping) => ['analytics', 'kpis', groupBy, q] as const,
};

/** Figures of `q` grouped by `groupBy`; refreshed every minute (the roll-ups lag by seconds). */
export const useKpis = (q: DashboardQuery, groupBy: KpiGrouping, enabled = true) =>
  useQuery({
    queryKey: analyticsKeys.kpis(q, groupBy),
    queryFn: () => api.get<KpiResponse>('/api/analytics/kpis', { ...q, groupBy }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    enabled,
  });

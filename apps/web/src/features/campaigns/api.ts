/**
 * Data access of campaigns (地毯式摸排): console list/detail/coverage/households and their writes, the phone's
 * "my campaigns", and the Excel download. Query keys live under ['campaigns'] so any write refreshes them all.
 */
import type {
  CampaignCoverage,
  CampaignHousehold,
  CampaignSummary,
  CampaignTarget,
  CampaignView,
  CreateCampaignBody,
  UpdateCampaignBody,
} from '@grassroots/shared/campaigns/campaigns.schema';
import type { Page } from '@grassroots/shared/common/pagination';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { downloadFile } from '../../lib/download';

export type { CampaignCoverage, CampaignHousehold, CampaignSummary, CampaignView };

type Query = Record<string, string | number | boolean | undefined | null>;

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: (q: Query) => ['campaigns', 'list', q] as const,
  mine: () => ['campaigns', 'mine'] as const,
  one: (id: string) => ['campaigns', 'one', id] as const,
  coverage: (id: string) => ['campaigns', 'coverage', id] as const,
  households: (id: string, q: Query) => ['campaigns', 'households', id, q] as const,
  preview: (areaId: string, target: CampaignTarget) => ['campaigns', 'preview', areaId, target] as const,
};

export const useCampaigns = (q: Query) =>
  useQuery({
    queryKey: campaignKeys.list(q),
    queryFn: () => api.get<Page<CampaignSummary>>('/api/campaigns', q),
    placeholderData: keepPreviousData,
  });

export const useCampaign = (id: string) =>
  useQuery({ queryKey: campaignKeys.one(id), queryFn: () => api.get<CampaignView>(`/api/campaigns/${id}`) });

export const useCoverage = (id: string, enabled = true) =>
  useQuery({
    queryKey: campaignKeys.coverage(id),
    queryFn: () => api.get<CampaignCoverage>(`/api/campaigns/${id}/coverage`),
    enabled,
  });

export const useCampaignHouseholds = (id: string, q: Query, enabled = true) =>
  useQuery({
    queryKey: campaignKeys.households(id, q),
    queryFn: () => api.get<Page<CampaignHousehold>>(`/api/campaigns/${id}/households`, q),
    placeholderData: keepPreviousData,
    enabled,
  });

const FEED_PAGE = 20;

/** The phone's household list: pages appended with "加载更多". */
export const useHouseholdFeed = (id: string, q: Query) =>
  useInfiniteQuery({
    queryKey: [...campaignKeys.households(id, q), 'feed'],
    queryFn: ({ pageParam }) =>
      api.get<Page<CampaignHousehold>>(`/api/campaigns/${id}/households`, {
        ...q,
        page: pageParam,
        pageSize: FEED_PAGE,
      }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });

export const useMyCampaigns = () =>
  useQuery({
    queryKey: campaignKeys.mine(),
    queryFn: () => api.get<Page<CampaignSummary>>('/api/campaigns/mine', { pageSize: 50 }),
  });

export const useTargetPreview = (areaId: string | null | undefined, target: CampaignTarget, enabled: boolean) =>
  useQuery({
    queryKey: campaignKeys.preview(areaId ?? '', target),
    queryFn: () => api.post<{ households: number }>('/api/campaigns/preview', { areaId, target }),
    enabled: enabled && !!areaId,
    placeholderData: keepPreviousData,
  });

function useInvalidating<A>(fn: (a: A) => Promise<CampaignView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (c) => {
      qc.setQueryData(campaignKeys.one(c.id), c);
      return qc.invalidateQueries({ queryKey: campaignKeys.all });
    },
  });
}

export const useCreateCampaign = () =>
  useInvalidating((body: CreateCampaignBody) => api.post<CampaignView>('/api/campaigns', body));

export const useUpdateCampaign = (id: string) =>
  useInvalidating((body: UpdateCampaignBody) => api.patch<CampaignView>(`/api/campaigns/${id}`, body));

export const useCampaignTransition = (id: string) =>
  useInvalidating(({ action, version }: { action: 'start' | 'close'; version: number }) =>
    api.post<CampaignView>(`/api/campaigns/${id}/${action}`, { version }),
  );

/** The results workbook, saved as a download (see lib/download.ts). */
export const downloadCampaignXlsx = (id: string, locale: 'zh-CN' | 'en') =>
  downloadFile(`/api/campaigns/${id}/export.xlsx`, undefined, locale, `campaign-${id}.xlsx`);

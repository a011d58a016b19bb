/** Data access of the chain feature (TanStack Query keys + calls). Shapes come from the shared schemas. */
import type { ChainView, PublicDuty, PublicSearchHit } from '@grassroots/shared/chain/chain.schema';
import type { Page } from '@grassroots/shared/common/pagination';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export interface CommunityLink {
  id: string;
  accountId: string;
  name: string;
  dutyPhone: string | null;
  areaId: string;
  areaName: string;
  createdAt: string;
}
export interface HouseholdLink {
  id: string;
  accountId: string;
  memberName: string;
  householdId: string;
  address: string;
  headName: string | null;
  noSmartphone: boolean;
  gridId: string;
  gridName: string;
  createdAt: string;
}
export interface HouseholdGap {
  householdId: string;
  address: string;
  headName: string | null;
  gridId: string;
  gridName: string;
}
export interface LookupAccount {
  id: string;
  username: string;
  displayName: string;
  dutyPhone: string | null;
}
export interface HouseholdOption {
  id: string;
  address: string;
  headName: string | null;
  noSmartphone: boolean;
}

export const chainKeys = {
  all: ['chain'] as const,
  area: (id: string) => ['chain', 'area', id] as const,
  communityLinks: (areaId: string, page: number) => ['chain', 'community-links', areaId, page] as const,
  householdLinks: (gridId: string, page: number) => ['chain', 'household-links', gridId, page] as const,
  gaps: (gridId: string, page: number) => ['chain', 'gaps', gridId, page] as const,
};

export const useChain = (areaId: string | null) =>
  useQuery({
    queryKey: chainKeys.area(areaId ?? ''),
    queryFn: () => api.get<ChainView>(`/api/chain/areas/${areaId}`),
    enabled: !!areaId,
  });

export const useCommunityLinks = (areaId: string, page: number) =>
  useQuery({
    queryKey: chainKeys.communityLinks(areaId, page),
    queryFn: () => api.get<Page<CommunityLink>>('/api/chain/community-links', { areaId, page, pageSize: 10 }),
    placeholderData: keepPreviousData,
  });

export const useHouseholdLinks = (gridId: string, page: number) =>
  useQuery({
    queryKey: chainKeys.householdLinks(gridId, page),
    queryFn: () =>
      api.get<Page<HouseholdLink> & { unlinkedNoSmartphone: number }>('/api/chain/household-links', {
        gridId,
        page,
        pageSize: 10,
      }),
    placeholderData: keepPreviousData,
  });

export const useHouseholdGaps = (gridId: string, page: number) =>
  useQuery({
    queryKey: chainKeys.gaps(gridId, page),
    queryFn: () => api.get<Page<HouseholdGap>>('/api/chain/household-links/gaps', { gridId, page, pageSize: 10 }),
    placeholderData: keepPreviousData,
  });

/** Any chain write invalidates every chain query (views, links and gaps move together). */
export function useChainMutation<V>(fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: chainKeys.all }) });
}

export const lookupAccounts = (q: string) =>
  api.get<{ items: LookupAccount[] }>('/api/accounts/lookup', { q, limit: 20 }).then((r) => r.items);

export const searchHouseholds = (gridId: string, q: string, noSmartphone?: boolean) =>
  api
    .get<{ items: HouseholdOption[] }>('/api/households', { gridId, q, noSmartphone, pageSize: 20 })
    .then((r) => r.items);

// Public (no login)
export const usePublicDuty = (code: string, unit?: string, room?: string) =>
  useQuery({
    queryKey: ['public-duty', code, unit ?? '', room ?? ''],
    queryFn: () => api.get<PublicDuty>(`/api/public/duty/buildings/${encodeURIComponent(code)}`, { unit, room }),
    placeholderData: keepPreviousData,
    retry: false,
  });

export const usePublicSearch = (q: string) =>
  useQuery({
    queryKey: ['public-duty-search', q],
    queryFn: () => api.get<PublicSearchHit[]>('/api/public/duty/search', { q }),
    enabled: q.trim().length >= 2,
    retry: false,
  });

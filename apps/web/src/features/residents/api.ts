/** Data access of the residents feature: my link requests and households, and the staff confirmation queue. */
import type { Page } from '@grassroots/shared/common/pagination';
import type {
  MyHousehold,
  MyLinkRequest,
  ResidentLink,
  ResidentLinkStatus,
} from '@grassroots/shared/residents/residents.schema';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const residentKeys = {
  all: ['residents'] as const,
  myRequests: ['residents', 'me', 'requests'] as const,
  myHouseholds: ['residents', 'me', 'households'] as const,
  staff: (status: ResidentLinkStatus, page: number) => ['residents', 'staff', status, page] as const,
};

export const useMyRequests = (enabled = true) =>
  useQuery({
    queryKey: residentKeys.myRequests,
    queryFn: () => api.get<Page<MyLinkRequest>>('/api/residents/me/link-requests', { pageSize: 50 }),
    enabled,
  });

export const useMyHouseholds = (enabled = true) =>
  useQuery({
    queryKey: residentKeys.myHouseholds,
    queryFn: () => api.get<{ items: MyHousehold[] }>('/api/residents/me/households'),
    enabled,
  });

export interface LinkRequestInput {
  buildingCode?: string;
  unit?: string;
  room?: string;
  householdId?: string;
  note?: string;
}

export function useRequestLink() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LinkRequestInput) => api.post<MyLinkRequest>('/api/residents/me/link-requests', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: residentKeys.all }),
  });
}

export const useStaffLinks = (status: ResidentLinkStatus, page: number) =>
  useQuery({
    queryKey: residentKeys.staff(status, page),
    queryFn: () => api.get<Page<ResidentLink>>('/api/resident-links', { status, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });

export function useDecide() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; action: 'confirm' | 'reject'; note?: string }) =>
      api.post(`/api/resident-links/${v.id}/${v.action}`, { note: v.note || undefined }),
    onSuccess: () => qc.invalidateQueries({ queryKey: residentKeys.all }),
  });
}

/**
 * Data access of the phone case pages: my cases / my tasks (infinite "加载更多" lists), a case's actions and
 * the public progress look-up (one case and intake are shared with the console: lib/cases-api.ts). Query
 * keys live under ['cases'] so a write anywhere refreshes the console lists too.
 */
import type { CaseAction } from '@grassroots/shared/cases/cases.lifecycle';
import type { CaseActionBody, CaseSummary, CaseView, PublicCase } from '@grassroots/shared/cases/cases.schema';
import type { Page } from '@grassroots/shared/common/pagination';
import type { HouseholdDetail } from '@grassroots/shared/places/places.schema';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../lib/api';
import { caseKeys } from '../../lib/cases-api';

export type H5CaseSummary = CaseSummary;
export type H5CaseView = CaseView;
export type { PublicCase };

export const h5CaseKeys = {
  list: (view: 'mine' | 'tasks') => ['cases', 'h5', view] as const,
  public: (number: string) => ['public-case', number] as const,
};

const PAGE_SIZE = 10;

/** A list that grows with "加载更多": pages are fetched one by one and shown together. */
export function useCaseFeed(view: 'mine' | 'tasks', extra: Record<string, string> = {}) {
  return useInfiniteQuery({
    queryKey: [...h5CaseKeys.list(view), extra],
    queryFn: ({ pageParam }) =>
      api.get<Page<H5CaseSummary>>('/api/cases', { view, page: pageParam, pageSize: PAGE_SIZE, ...extra }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
}

export type ActionInput = Omit<CaseActionBody, 'version'>;

/** One action on a case, always with the version the page shows (the server answers 409 if it moved on). */
export function useCaseAction(c: Pick<CaseView, 'id' | 'version'>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: CaseAction; body: ActionInput }) =>
      api.post<H5CaseView>(`/api/cases/${c.id}/actions/${action}`, { ...body, version: c.version }),
    onSuccess: (view) => {
      qc.setQueryData(caseKeys.detail(c.id), view);
      return qc.invalidateQueries({ queryKey: caseKeys.all });
    },
    onError: (e) => {
      // Someone else acted first (or the case moved on): show the fresh case.
      if (e instanceof ApiError && e.status === 409) return qc.invalidateQueries({ queryKey: caseKeys.detail(c.id) });
    },
  });
}

export const usePublicCase = (number: string | undefined) =>
  useQuery({
    queryKey: h5CaseKeys.public(number ?? ''),
    queryFn: () => api.get<PublicCase>(`/api/public/cases/${encodeURIComponent(number ?? '')}`),
    enabled: !!number,
    retry: false,
  });

/** One household by id (a picker showing a value it did not choose itself); scoped by the server. */
export const useHousehold = (id: string | undefined) =>
  useQuery({
    queryKey: ['places', 'households', 'one', id ?? ''],
    queryFn: () => api.get<HouseholdDetail>(`/api/households/${encodeURIComponent(id ?? '')}`),
    enabled: !!id,
    retry: false,
  });

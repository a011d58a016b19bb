/**
 * Data access of the phone case pages: my cases / my tasks (infinite "加载更多" lists), one case, its
 * actions, intake, and the public progress look-up. Query keys live under ['cases'] so a write anywhere
 * refreshes the console lists too.
 */
import type { CaseAction } from '@grassroots/shared/cases/cases.lifecycle';
import type {
  CaseActionBody,
  CaseSummary,
  CaseView,
  CreateCaseBody,
  PublicCase,
} from '@grassroots/shared/cases/cases.schema';
import type { Page } from '@grassroots/shared/common/pagination';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../lib/api';

export type H5CaseSummary = CaseSummary;
export type H5CaseView = CaseView;
export type { PublicCase };

export const h5CaseKeys = {
  all: ['cases'] as const,
  list: (view: 'mine' | 'tasks') => ['cases', 'h5', view] as const,
  one: (id: string) => ['cases', 'detail', id] as const,
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

export const useCase = (id: string) =>
  useQuery({ queryKey: h5CaseKeys.one(id), queryFn: () => api.get<H5CaseView>(`/api/cases/${id}`) });

export type ActionInput = Omit<CaseActionBody, 'version'>;

/** One action on a case, always with the version the page shows (the server answers 409 if it moved on). */
export function useCaseAction(c: Pick<CaseView, 'id' | 'version'>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: CaseAction; body: ActionInput }) =>
      api.post<H5CaseView>(`/api/cases/${c.id}/actions/${action}`, { ...body, version: c.version }),
    onSuccess: (view) => {
      qc.setQueryData(h5CaseKeys.one(c.id), view);
      return qc.invalidateQueries({ queryKey: h5CaseKeys.all });
    },
    onError: (e) => {
      // Someone else acted first (or the case moved on): show the fresh case.
      if (e instanceof ApiError && e.status === 409) return qc.invalidateQueries({ queryKey: h5CaseKeys.one(c.id) });
    },
  });
}

export function useCreateCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CreateCaseBody; key: string }) =>
      api.post<H5CaseView>('/api/cases', body, { headers: { 'Idempotency-Key': key } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: h5CaseKeys.all }),
  });
}

export const usePublicCase = (number: string | undefined) =>
  useQuery({
    queryKey: h5CaseKeys.public(number ?? ''),
    queryFn: () => api.get<PublicCase>(`/api/public/cases/${encodeURIComponent(number ?? '')}`),
    enabled: !!number,
    retry: false,
  });

/** A UUID for Idempotency-Key; crypto.randomUUID needs a secure context, so fall back to random bytes. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

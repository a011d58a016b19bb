/**
 * Data access for the console case screens: the list (GET /api/cases, also `view=tasks`), the CSV export,
 * intake (POST /api/cases with an Idempotency-Key) and the pickers' option lists.
 */
import type { CaseSummary, CaseView, CreateCaseBody } from '@grassroots/shared/cases/cases.schema';
import type { Page } from '@grassroots/shared/common/pagination';
import type { OrgPage, OrgView } from '@grassroots/shared/organisations/organisations.schema';
import type { BuildingView, HouseholdView } from '@grassroots/shared/places/places.schema';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, toQueryString } from '../../lib/api';
import type { ApiQuery } from './list/filters';

export type CaseRow = CaseSummary;

export const casesKeys = {
  all: ['cases'] as const,
  list: (q: ApiQuery) => ['cases', 'list', q] as const,
  tasks: () => ['cases', 'tasks'] as const,
};

export const useCaseList = (q: ApiQuery) =>
  useQuery({
    queryKey: casesKeys.list(q),
    queryFn: () => api.get<Page<CaseRow>>('/api/cases', q),
    placeholderData: keepPreviousData,
  });

/** How many tasks the workbench loads at once, most urgent first (the server's page size limit). */
export const TASKS_LIMIT = 200;

export const useCaseTasks = () =>
  useQuery({
    queryKey: casesKeys.tasks(),
    queryFn: () =>
      api.get<Page<CaseRow>>('/api/cases', { view: 'tasks', sort: 'resolveBy', pageSize: TASKS_LIMIT, page: 1 }),
    // The workbench is where people come back to: keep it fresh without a manual reload.
    refetchInterval: 60_000,
  });

export function useCreateCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CreateCaseBody; key: string }) =>
      api.post<CaseView>('/api/cases', body, { headers: { 'Idempotency-Key': key } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: casesKeys.all }),
  });
}

const EXPORT_URL = '/api/cases/export.csv';

/** The file name from Content-Disposition, else one with today's date. */
function fileNameOf(res: Response): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1];
  if (star) return decodeURIComponent(star);
  const plain = /filename="?([^";]+)"?/i.exec(cd)?.[1];
  return plain ?? `cases-${new Date().toISOString().slice(0, 10)}.csv`;
}

/**
 * Fetches the CSV of the current filters and hands it to the browser as a download. A plain link would
 * navigate to the JSON error on 422 (too many rows); fetching first lets the page show the server's message.
 */
export async function downloadCasesCsv(q: ApiQuery, locale: 'zh-CN' | 'en'): Promise<string> {
  let res: Response;
  try {
    res = await fetch(EXPORT_URL + toQueryString(q), {
      credentials: 'same-origin',
      headers: { 'accept-language': locale },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', locale === 'en' ? 'Network error' : '网络连接失败，请稍后重试');
  }
  if (!res.ok) {
    const json = await res.json().catch(() => undefined);
    const e = json?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'INTERNAL', e.message ?? res.statusText, e.details);
  }
  const name = fileNameOf(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: the click only schedules the download.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** Organisations for the handler filter, searched on the server by name. */
export const useOrganisationOptions = (q: string) =>
  useQuery({
    queryKey: ['organisations', 'options', q],
    queryFn: () => api.get<OrgPage>('/api/organisations', { q: q || undefined, pageSize: 50 }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });

/** One organisation, to label a handler filter that came in through the URL. */
export const useOrganisation = (id: string | undefined) =>
  useQuery({
    queryKey: ['organisations', 'one', id],
    queryFn: () => api.get<OrgView>(`/api/organisations/${id}`),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });

export const useHouseholdOptions = (q: string, enabled: boolean) =>
  useQuery({
    queryKey: ['places', 'households', 'options', q],
    queryFn: () => api.get<Page<HouseholdView>>('/api/households', { q: q || undefined, pageSize: 20 }),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useBuildingOptions = (q: string, enabled: boolean) =>
  useQuery({
    queryKey: ['places', 'buildings', 'options', q],
    queryFn: () => api.get<Page<BuildingView>>('/api/buildings', { q: q || undefined, pageSize: 20 }),
    placeholderData: keepPreviousData,
    enabled,
  });

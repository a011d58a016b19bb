/**
 * Data access for the console case screens: the list (GET /api/cases, also `view=tasks`), the CSV export
 * and the pickers' option lists (intake itself: useCreateCase in lib/cases-api.ts).
 */
import type { CaseSummary } from '@grassroots/shared/cases/cases.schema';
import type { Page } from '@grassroots/shared/common/pagination';
import type { OrgPage, OrgView } from '@grassroots/shared/organisations/organisations.schema';
import type { BuildingView, HouseholdView } from '@grassroots/shared/places/places.schema';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { downloadFile } from '../../lib/download';
import type { ApiQuery } from './list/filters';

export type CaseRow = CaseSummary;

export const casesKeys = {
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

/** The CSV of the current filters, saved as a download (see lib/download.ts). */
export const downloadCasesCsv = (q: ApiQuery, locale: 'zh-CN' | 'en') =>
  downloadFile('/api/cases/export.csv', q, locale, `cases-${new Date().toISOString().slice(0, 10)}.csv`);

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

/** What each intake place picker searches (both lists are scoped to the caller's areas by the server). */
export interface PlaceOptionOf {
  households: HouseholdView;
  buildings: BuildingView;
}
export type PlaceKind = keyof PlaceOptionOf;

/** Households or buildings matching `q` (GET /api/households?q=, /api/buildings?q=). */
export const usePlaceOptions = <K extends PlaceKind>(kind: K, q: string) =>
  useQuery({
    queryKey: ['places', kind, 'options', q],
    queryFn: () => api.get<Page<PlaceOptionOf[K]>>(`/api/${kind}`, { q: q || undefined, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });

/**
 * Data access for the ledger screens: TanStack Query hooks over /api/ledger/* and /api/persons, and file
 * downloads (exports) fetched first so a refusal shows the server's message instead of navigating to JSON.
 * Unmasked values are NOT fetched through here: UnmaskDialog calls the API itself and keeps them in its own
 * state only, so they never enter the query cache.
 */
import type { Page } from '@grassroots/shared/common/pagination';
import type {
  CreateLedgerFieldBody,
  CreatePersonBody,
  LedgerCounts,
  LedgerFieldView,
  LedgerHouseholdDetail,
  LedgerHouseholdView,
  LedgerRequestView,
  MoveInBody,
  MoveOutBody,
  PersonView,
  ResolveLedgerRequestBody,
  UpdateLedgerFieldBody,
  UpdateLedgerHouseholdBody,
  UpdatePersonBody,
} from '@grassroots/shared/ledger/ledger.schema';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export type { LedgerFieldView, LedgerHouseholdDetail, LedgerHouseholdView, LedgerRequestView, PersonView };

export type Query = Record<string, string | number | boolean | string[] | undefined | null>;

export const ledgerKeys = {
  all: ['ledger'] as const,
  households: (q: Query) => ['ledger', 'households', q] as const,
  household: (id: string, movedOut: boolean) => ['ledger', 'household', id, movedOut] as const,
  persons: (q: Query) => ['ledger', 'persons', q] as const,
  counts: (q: Query) => ['ledger', 'counts', q] as const,
  fields: (all: boolean) => ['ledger', 'fields', all] as const,
  requests: (q: Query) => ['ledger', 'requests', q] as const,
};

export const useLedgerHouseholds = (q: Query) =>
  useQuery({
    queryKey: ledgerKeys.households(q),
    queryFn: () => api.get<Page<LedgerHouseholdView>>('/api/ledger/households', q),
    placeholderData: keepPreviousData,
  });

export const useLedgerHousehold = (id: string, includeMovedOut: boolean) =>
  useQuery({
    queryKey: ledgerKeys.household(id, includeMovedOut),
    queryFn: () =>
      api.get<LedgerHouseholdDetail>(`/api/ledger/households/${id}`, {
        includeMovedOut: includeMovedOut ? 'true' : undefined,
      }),
    placeholderData: keepPreviousData,
  });

export const usePersons = (q: Query) =>
  useQuery({
    queryKey: ledgerKeys.persons(q),
    queryFn: () => api.get<Page<PersonView>>('/api/persons', q),
    placeholderData: keepPreviousData,
  });

export const useLedgerCounts = (q: Query) =>
  useQuery({
    queryKey: ledgerKeys.counts(q),
    queryFn: () => api.get<LedgerCounts>('/api/ledger/counts', q),
    placeholderData: keepPreviousData,
  });

/** Custom person fields, in their sort order; the inactive ones only on the fields page. */
export const useLedgerFields = (includeInactive = false) =>
  useQuery({
    queryKey: ledgerKeys.fields(includeInactive),
    queryFn: () =>
      api.get<{ items: LedgerFieldView[] }>('/api/ledger/fields', {
        includeInactive: includeInactive ? 'true' : undefined,
      }),
    staleTime: 60_000,
  });

export const useLedgerRequests = (q: Query) =>
  useQuery({
    queryKey: ledgerKeys.requests(q),
    queryFn: () => api.get<Page<LedgerRequestView>>('/api/ledger/requests', q),
    placeholderData: keepPreviousData,
  });

/** Any ledger write refreshes every ledger query: lists, counts and the household view all move together. */
function useLedgerMutation<V, R = unknown>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ledgerKeys.all }) });
}

export const useCreatePerson = () =>
  useLedgerMutation((b: CreatePersonBody) => api.post<PersonView>('/api/persons', b));
export const useUpdatePerson = () =>
  useLedgerMutation(({ id, body }: { id: string; body: UpdatePersonBody }) =>
    api.patch<PersonView>(`/api/persons/${id}`, body),
  );
export const useMoveOut = () =>
  useLedgerMutation(({ id, body }: { id: string; body: MoveOutBody }) =>
    api.post<PersonView>(`/api/persons/${id}/move-out`, body),
  );
export const useMoveIn = () =>
  useLedgerMutation(({ id, body }: { id: string; body: MoveInBody }) =>
    api.post<PersonView>(`/api/persons/${id}/move-in`, body),
  );
export const useUpdateLedgerHousehold = () =>
  useLedgerMutation(({ id, body }: { id: string; body: UpdateLedgerHouseholdBody }) =>
    api.patch<LedgerHouseholdView>(`/api/ledger/households/${id}`, body),
  );
export const useCreateField = () =>
  useLedgerMutation((b: CreateLedgerFieldBody) => api.post<LedgerFieldView>('/api/ledger/fields', b));
export const useUpdateField = () =>
  useLedgerMutation(({ id, body }: { id: string; body: UpdateLedgerFieldBody }) =>
    api.patch<LedgerFieldView>(`/api/ledger/fields/${id}`, body),
  );
export const useResolveRequest = () =>
  useLedgerMutation(({ id, body }: { id: string; body: ResolveLedgerRequestBody }) =>
    api.post<LedgerRequestView>(`/api/ledger/requests/${id}/resolve`, body),
  );

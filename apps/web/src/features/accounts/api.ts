/** Data access for accounts: TanStack Query hooks over /api/accounts. */
import type { AccountPage, AccountView } from '@grassroots/shared/accounts/accounts.schema';
import type { OrgPage } from '@grassroots/shared/organisations/organisations.schema';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export type { AccountView };
export type Query = Record<string, string | number | boolean | undefined | null>;

export const accountKeys = {
  all: ['accounts'] as const,
  list: (q: Query) => ['accounts', 'list', q] as const,
  one: (id: string) => ['accounts', 'one', id] as const,
};

export const useAccounts = (q: Query) =>
  useQuery({
    queryKey: accountKeys.list(q),
    queryFn: () => api.get<AccountPage>('/api/accounts', q),
    placeholderData: keepPreviousData,
  });

export const useAccount = (id: string | null) =>
  useQuery({
    queryKey: accountKeys.one(id ?? ''),
    queryFn: () => api.get<AccountView>(`/api/accounts/${id}`),
    enabled: !!id,
  });

/** A mutation that refreshes every account query when it succeeds. */
export function useAccountsMutation<A, R>(fn: (args: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.all }) });
}

/** Organisations of one kind, for the org picker of org roles. */
export const useOrgOptions = (kind: string | undefined) =>
  useQuery({
    queryKey: ['organisations', 'options', kind],
    queryFn: () => api.get<OrgPage>('/api/organisations', { kind, status: 'active', pageSize: 200 }),
    enabled: !!kind,
    staleTime: 60_000,
  });

/** Data access for organisations: /api/organisations. */
import type { OrgPage, OrgView } from '@grassroots/shared/organisations/organisations.schema';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export type { OrgView };

type Query = Record<string, string | number | boolean | undefined | null>;

export const useOrganisations = (q: Query) =>
  useQuery({
    queryKey: ['organisations', 'list', q],
    queryFn: () => api.get<OrgPage>('/api/organisations', q),
    placeholderData: keepPreviousData,
  });

export function useOrgMutation<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['organisations'] }) });
}

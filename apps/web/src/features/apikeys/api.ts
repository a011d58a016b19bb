/** Data access for integration keys: /api/api-keys. */
import type {
  ApiKeyPage,
  ApiKeyUsePage,
  ApiKeyView,
  CreateApiKeyResponse,
} from '@grassroots/shared/apikeys/apikeys.schema';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export type { ApiKeyView, CreateApiKeyResponse };

type Query = Record<string, string | number | boolean | undefined | null>;

export const useApiKeys = (q: Query) =>
  useQuery({
    queryKey: ['api-keys', 'list', q],
    queryFn: () => api.get<ApiKeyPage>('/api/api-keys', q),
    placeholderData: keepPreviousData,
  });

export const useApiKeyUses = (id: string | null, page: number) =>
  useQuery({
    queryKey: ['api-keys', 'uses', id, page],
    queryFn: () => api.get<ApiKeyUsePage>(`/api/api-keys/${id}/uses`, { page, pageSize: 20 }),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });

export function useApiKeyMutation<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['api-keys'] }) });
}

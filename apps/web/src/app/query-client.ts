/**
 * One QueryClient for the app. Client errors (4xx) are answers, not glitches: never retried. A 401 on any
 * query means the session ended (expiry, logout elsewhere), so `me` is reset and the layouts send the user
 * to the login page.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api';
import { meQueryKey } from '../lib/auth';

const isClientError = (e: unknown) => e instanceof ApiError && e.status >= 400 && e.status < 500;

export function createQueryClient(): QueryClient {
  const onError = (e: unknown) => {
    // Only an absent/expired session (not e.g. a wrong password, also 401) means "signed out".
    if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') client.setQueryData(meQueryKey, null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: (count, e) => !isClientError(e) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
  return client;
}

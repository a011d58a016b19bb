/** The signed-in account (GET /api/me), kept in TanStack Query; also keeps the CSRF token current. */

import type { MeResponse } from '@grassroots/shared/auth/auth.schema';
import type { Permission } from '@grassroots/shared/auth/permissions';
import type { Role } from '@grassroots/shared/auth/roles';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from './api';

export const meQueryKey = ['me'] as const;

export async function fetchMe(): Promise<MeResponse | null> {
  try {
    const me = await api.get<MeResponse>('/api/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

export function useCan() {
  const { data } = useMe();
  return {
    can: (p: Permission) => !!data?.permissions.includes(p),
    hasRole: (...roles: Role[]) => !!data?.roles.some((r) => roles.includes(r)),
  };
}

/** Staff may enter the console; residents only (or nobody) go to the H5 pages. */
export const isStaff = (me: MeResponse | null | undefined) => !!me?.permissions.includes('console.access');

/**
 * Where to go after login: only same-origin paths (`/x`, never `//evil` or `https:`) to avoid an open
 * redirect through `?next=`.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

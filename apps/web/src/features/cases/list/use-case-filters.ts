/** The case list's filters as React state kept in the URL query (see filters.ts for the rules). */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Paging } from '../../../lib/use-paging';
import { type CaseFilters, parseCaseFilters, toSearchParams, withFilter } from './filters';

export type FilterChange = Partial<Omit<CaseFilters, 'page' | 'pageSize'>>;

export function useCaseFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseCaseFilters(params), [params]);
  const write = useCallback((f: CaseFilters) => setParams(toSearchParams(f)), [setParams]);
  const set = useCallback((change: FilterChange) => write(withFilter(filters, change)), [filters, write]);
  const reset = useCallback(() => write(parseCaseFilters(new URLSearchParams())), [write]);
  // PagedTable's paging, backed by the URL too, so "page 3" survives a reload or a shared link.
  const paging = useMemo<Paging>(
    () => ({
      page: filters.page,
      pageSize: filters.pageSize,
      onPage: (page, pageSize) => write({ ...filters, page: pageSize === filters.pageSize ? page : 1, pageSize }),
      resetting:
        <T>(fn: (v: T) => void) =>
        (v: T) =>
          fn(v),
    }),
    [filters, write],
  );
  return { filters, set, reset, paging };
}

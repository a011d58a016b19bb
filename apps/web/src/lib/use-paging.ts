/** Page and page size of a paginated list; a new filter goes back to page 1 (page 5 of the old results may not exist). */
import { useCallback, useState } from 'react';

export interface Paging {
  page: number;
  pageSize: number;
  /** For a table's pagination `onChange`. */
  onPage: (page: number, pageSize: number) => void;
  /** Wraps a filter setter so that a new filter value also returns to page 1. */
  resetting: <T>(set: (v: T) => void) => (v: T) => void;
}

export function usePaging(initialPageSize = 20): Paging {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const onPage = useCallback((p: number, s: number) => {
    setPage(p);
    setPageSize(s);
  }, []);
  const resetting = useCallback(
    <T>(set: (v: T) => void) =>
      (v: T) => {
        set(v);
        setPage(1);
      },
    [],
  );
  return { page, pageSize, onPage, resetting };
}

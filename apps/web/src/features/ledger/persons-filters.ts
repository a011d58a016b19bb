/**
 * The 人员台账 filters as one value, and the query strings they make: the list's (with page and sort) and the
 * export's (the same filters, no paging; a clear export adds `unmasked=true&reason=…`).
 */
import type { AgeGroup, Gender } from '@grassroots/shared/ledger/ledger.rules';
import type { PersonSort } from '@grassroots/shared/ledger/ledger.schema';

export interface PersonFilters {
  gridId: string | null;
  q: string;
  tags: string[];
  ageGroup: AgeGroup | null;
  gender: Gender | null;
  movedOut: 'false' | 'true' | 'all';
  sort: PersonSort;
  /** custom field code → value (as the server stores it: text, number, true/false, YYYY-MM-DD). */
  custom: Record<string, string>;
}

export const emptyPersonFilters: PersonFilters = {
  gridId: null,
  q: '',
  tags: [],
  ageGroup: null,
  gender: null,
  movedOut: 'false',
  // 按年龄段: the paper ledgers are kept oldest first (seed 002), so that is the default order.
  sort: 'birthDate',
  custom: {},
};

export type FilterQuery = Record<string, string | string[] | undefined>;

/** The filters as query parameters (blank ones left out; the default movedOut=false is implicit). */
export function filterQuery(f: PersonFilters): FilterQuery {
  const q: FilterQuery = {
    gridId: f.gridId ?? undefined,
    q: f.q.trim() || undefined,
    tag: f.tags.length ? f.tags : undefined,
    ageGroup: f.ageGroup ?? undefined,
    gender: f.gender ?? undefined,
    movedOut: f.movedOut === 'false' ? undefined : f.movedOut,
    sort: f.sort,
  };
  for (const [code, v] of Object.entries(f.custom)) if (v !== '') q[`custom.${code}`] = v;
  return q;
}

export const listQuery = (f: PersonFilters, page: number, pageSize: number) => ({ ...filterQuery(f), page, pageSize });

/** The export's query: the list's filters, clear values only with a reason. */
export function exportQuery(f: PersonFilters, clear: { reason: string } | null): FilterQuery {
  const q = filterQuery(f);
  return clear ? { ...q, unmasked: 'true', reason: clear.reason.trim() } : q;
}

export function activeFilterCount(f: PersonFilters): number {
  return (
    [f.gridId, f.q.trim(), f.ageGroup, f.gender].filter(Boolean).length +
    (f.tags.length ? 1 : 0) +
    (f.movedOut !== 'false' ? 1 : 0) +
    Object.values(f.custom).filter((v) => v !== '').length
  );
}

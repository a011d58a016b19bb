/**
 * Data of the case detail page (the case itself: useCase in lib/cases-api.ts). Every key lives under
 * ['cases'] so that invalidating ['cases'] after an action refreshes the lists and this page alike.
 */
import type { CaseAction } from '@grassroots/shared/cases/cases.lifecycle';
import type { CaseActionBody, CaseDuplicate, CaseView, DispatchTargets } from '@grassroots/shared/cases/cases.schema';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { caseKeys } from '../../../lib/cases-api';

/** The detail view: names, the masked household, the submitter, answers, submission photos, history. */
export type CaseDetail = CaseView;
export type { CaseDuplicate, DispatchTargets };

export const useDispatchTargets = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: ['cases', 'dispatch-targets', id],
    queryFn: () => api.get<DispatchTargets>(`/api/cases/${encodeURIComponent(id)}/dispatch-targets`),
    enabled,
  });

export const useDuplicates = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: ['cases', 'duplicates', id],
    queryFn: () => api.get<{ items: CaseDuplicate[] }>(`/api/cases/${encodeURIComponent(id)}/duplicates`),
    enabled,
  });

/**
 * Runs one action; on success the fresh case replaces the cached one and every other case query refetches. The
 * detail itself is not refetched: the answer is the case as it stands after the action, and an action can take
 * the case out of the caller's reach (a department returns it) — a refetch would then replace the outcome the
 * user just caused with "not found".
 */
export function useRunAction(id: string) {
  const qc = useQueryClient();
  return async (action: CaseAction, body: CaseActionBody) => {
    const view = await api.post<CaseDetail>(
      `/api/cases/${encodeURIComponent(id)}/actions/${encodeURIComponent(action)}`,
      body,
    );
    const detail = caseKeys.detail(id);
    qc.setQueryData(detail, view);
    await qc.invalidateQueries({
      queryKey: caseKeys.all,
      predicate: (q) => q.queryKey.length !== detail.length || q.queryKey.some((k, i) => k !== detail[i]),
    });
    return view;
  };
}

/** Data access for case categories: /api/case-categories (the editor always asks for inactive ones too). */
import type { CategoryList, CategoryView } from '@grassroots/shared/categories/categories.schema';
import type { OrgPage } from '@grassroots/shared/organisations/organisations.schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export type { CategoryView };

export const useCategoryTree = () =>
  useQuery({
    queryKey: ['case-categories', 'tree', 'all'],
    queryFn: () => api.get<CategoryList>('/api/case-categories', { includeInactive: true, tree: true }),
  });

/**
 * Refreshes the tree after a success only: after a version conflict the editor keeps the user's input until
 * they choose to reload.
 */
export function useCategoryMutation<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['case-categories'] }) });
}

/** Organisations that may handle cases by default (not external systems, not disabled). */
export const useHandlingOrgs = () =>
  useQuery({
    queryKey: ['organisations', 'list', 'handling'],
    queryFn: () => api.get<OrgPage>('/api/organisations', { status: 'active', pageSize: 200 }),
    select: (p) => p.items.filter((o) => o.kind !== 'external'),
    staleTime: 60_000,
  });

export function findCategory(nodes: CategoryView[] | undefined, id: string | null): CategoryView | undefined {
  if (!nodes || !id) return undefined;
  for (const n of nodes) {
    if (n.id === id) return n;
    const hit = findCategory(n.children, id);
    if (hit) return hit;
  }
  return undefined;
}

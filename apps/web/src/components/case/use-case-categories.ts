/**
 * The active case categories (GET /api/case-categories?tree=true) for pickers and for showing a category's name
 * from its id in lists, timelines and phone pages. Cached for a while: categories change rarely.
 */
import type { CategoryList, CategoryView } from '@grassroots/shared/categories/categories.schema';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';

export function useCaseCategories() {
  const { locale } = useI18n();
  const query = useQuery({
    queryKey: ['case-categories', 'tree', 'active'],
    queryFn: () => api.get<CategoryList>('/api/case-categories', { tree: true }),
    staleTime: 10 * 60_000,
  });
  const byId = useMemo(() => {
    const map = new Map<string, { node: CategoryView; path: string[] }>();
    const walk = (nodes: CategoryView[] | undefined, trail: string[]) => {
      for (const n of nodes ?? []) {
        const path = [...trail, locale === 'en' && n.nameEn ? n.nameEn : n.name];
        map.set(n.id, { node: n, path });
        walk(n.children, path);
      }
    };
    walk(query.data?.items, []);
    return map;
  }, [query.data, locale]);
  /** '物业服务 / 停车', or the id while the tree loads. */
  const nameOf = (id: string) => byId.get(id)?.path.join(' / ') ?? id;
  return { ...query, tree: query.data?.items ?? [], byId, nameOf };
}

/** Data access of the areas feature (TanStack Query keys live here; everything under ['areas']). */
import type {
  AreaDetail,
  AreaFeatureProps,
  AreaTreeNode,
  ElementFeatureProps,
  FeatureCollectionOf,
  GridElementView,
  LocateResponse,
} from '@grassroots/shared/areas/areas.schema';
import type { Page } from '@grassroots/shared/common/pagination';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export type { AreaDetail, AreaTreeNode, GridElementView, LocateResponse };
export type AreaFC = FeatureCollectionOf<AreaFeatureProps>;
export type ElementFC = FeatureCollectionOf<ElementFeatureProps>;

/** Same key as components/AreaTreeSelect so one refetch refreshes both. */
export const treeKey = ['areas', 'tree'] as const;

export const useTree = () =>
  useQuery({ queryKey: treeKey, queryFn: () => api.get<{ nodes: AreaTreeNode[] }>('/api/areas/tree') });

export const useAreaDetail = (id: string | null) =>
  useQuery({
    queryKey: ['areas', 'detail', id],
    queryFn: () => api.get<AreaDetail>(`/api/areas/${id}`),
    enabled: !!id,
  });

export const useElements = (areaId: string, f: { kind?: string; q?: string; page: number; pageSize: number }) =>
  useQuery({
    queryKey: ['areas', 'elements', areaId, f],
    queryFn: () => api.get<Page<GridElementView>>(`/api/areas/${areaId}/elements`, f),
    placeholderData: keepPreviousData,
  });

export const useAreaGeoJson = () =>
  useQuery({ queryKey: ['areas', 'geojson'], queryFn: () => api.get<AreaFC>('/api/areas/geojson') });

export const useElementsGeoJson = () =>
  useQuery({
    queryKey: ['areas', 'elements.geojson'],
    queryFn: () => api.get<ElementFC>('/api/areas/elements.geojson'),
  });

/** After any write: the tree, details, lists and maps may all have changed. */
export function useRefreshAreas() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['areas'] });
}

/** Finds a node anywhere in the tree. */
export function findNode(nodes: AreaTreeNode[] | undefined, id: string | null): AreaTreeNode | null {
  if (!nodes || !id) return null;
  for (const n of nodes) {
    if (n.id === id) return n;
    const hit = findNode(n.children, id);
    if (hit) return hit;
  }
  return null;
}

/** Ids of the nodes whose name contains `q`, plus their ancestors (to expand), for the tree search. */
export function searchTree(nodes: AreaTreeNode[], q: string): { matches: Set<string>; expand: Set<string> } {
  const matches = new Set<string>();
  const expand = new Set<string>();
  const needle = q.trim().toLowerCase();
  const walk = (list: AreaTreeNode[], trail: string[]): boolean => {
    let any = false;
    for (const n of list) {
      const self = !!needle && n.name.toLowerCase().includes(needle);
      const below = walk(n.children, [...trail, n.id]);
      if (self) matches.add(n.id);
      if (self || below) {
        for (const id of trail) expand.add(id);
        any = true;
      }
    }
    return any;
  };
  walk(nodes, []);
  return { matches, expand };
}

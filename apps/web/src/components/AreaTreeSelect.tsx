/**
 * Pick an area from the caller's area tree (GET /api/areas/tree, already scoped by the server).
 * `kinds` limits which levels can be chosen (e.g. ['grid']); other levels stay visible to expand.
 * Forwards `id` so an antd Form.Item label is associated with it.
 */
import type { AreaKind } from '@grassroots/shared/areas/areas.rules';
import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { api } from '../lib/api';
import { useI18n } from '../lib/i18n';

export interface AreaTreeNode {
  id: string;
  parentId: string | null;
  kind: AreaKind;
  name: string;
  path: string;
  children?: AreaTreeNode[];
}

export const areaTreeQueryKey = ['areas', 'tree'] as const;

export function useAreaTree() {
  return useQuery({
    queryKey: areaTreeQueryKey,
    queryFn: () => api.get<{ nodes: AreaTreeNode[] }>('/api/areas/tree'),
    staleTime: 5 * 60_000,
  });
}

interface Option {
  value: string;
  title: string;
  selectable: boolean;
  children?: Option[];
}

function toOptions(nodes: AreaTreeNode[], kinds?: readonly AreaKind[]): Option[] {
  return nodes.map((n) => ({
    value: n.id,
    title: n.name,
    selectable: !kinds || kinds.includes(n.kind),
    children: n.children?.length ? toOptions(n.children, kinds) : undefined,
  }));
}

/** Finds a node by id anywhere in the tree (for callers that need its kind or path). */
export function findAreaNode(nodes: AreaTreeNode[] | undefined, id: string | null | undefined): AreaTreeNode | null {
  if (!nodes || !id) return null;
  for (const n of nodes) {
    if (n.id === id) return n;
    const hit = findAreaNode(n.children, id);
    if (hit) return hit;
  }
  return null;
}

export interface AreaTreeSelectProps {
  value?: string | null;
  onChange?: (id: string | null, node: AreaTreeNode | null) => void;
  kinds?: readonly AreaKind[];
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  id?: string;
  style?: React.CSSProperties;
  'aria-label'?: string;
}

export function AreaTreeSelect({
  value,
  onChange,
  kinds,
  placeholder,
  allowClear = true,
  ...rest
}: AreaTreeSelectProps) {
  const { t } = useI18n();
  const { data, isLoading, isError } = useAreaTree();
  const treeData = useMemo(() => toOptions(data?.nodes ?? [], kinds), [data, kinds]);
  // Open the first two levels (city, district) so streets are one click away.
  const expanded = useMemo(
    () => (data?.nodes ?? []).flatMap((n) => [n.id, ...(n.children ?? []).map((c) => c.id)]),
    [data],
  );
  return (
    <TreeSelect
      style={{ width: '100%', ...rest.style }}
      id={rest.id}
      aria-label={rest['aria-label']}
      disabled={rest.disabled}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null, findAreaNode(data?.nodes, v))}
      treeData={treeData}
      treeDefaultExpandedKeys={expanded}
      loading={isLoading}
      status={isError ? 'error' : undefined}
      placeholder={
        isError ? t('区域加载失败', 'Could not load areas') : (placeholder ?? t('选择区域', 'Choose an area'))
      }
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      popupMatchSelectWidth={false}
      notFoundContent={t('无可选区域', 'No areas')}
    />
  );
}

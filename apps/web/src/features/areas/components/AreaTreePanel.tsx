/** The area tree with a name filter and level tags; ancestors outside the caller's scope are greyed. */
import { SearchOutlined } from '@ant-design/icons';
import { type AreaKind, areaKindTags } from '@grassroots/shared/areas/areas.rules';
import { Empty, Input, Skeleton, Tag, Tree, Typography } from 'antd';
import { type Key, useEffect, useMemo, useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { type AreaTreeNode, findNode, searchTree, useTree } from '../api';

export const kindTagColor: Record<AreaKind, string> = {
  city: 'default',
  district: 'purple',
  street: 'red',
  community: 'blue',
  grid: 'green',
};

interface TreeItem {
  key: string;
  title: string;
  node: AreaTreeNode;
  children?: TreeItem[];
}

function toItems(nodes: AreaTreeNode[], keep: (n: AreaTreeNode) => boolean): TreeItem[] {
  return nodes.filter(keep).map((n) => ({
    key: n.id,
    title: n.name,
    node: n,
    children: n.children.length ? toItems(n.children, keep) : undefined,
  }));
}

export function AreaTreePanel({
  selectedId,
  onSelect,
}: {
  selectedId: string | null;
  onSelect: (n: AreaTreeNode) => void;
}) {
  const { t, tl } = useI18n();
  const { data, isLoading, error, refetch } = useTree();
  const [q, setQ] = useState('');
  const nodes = data?.nodes ?? [];
  const { matches, expand } = useMemo(() => searchTree(nodes, q), [nodes, q]);
  // Open the top three levels by default (市 → 区县 → 街道), so communities are one click away.
  const defaultOpen = useMemo(
    () => nodes.flatMap((c) => [c.id, ...c.children.flatMap((d) => [d.id, ...d.children.map((s) => s.id)])]),
    [nodes],
  );
  const [expanded, setExpanded] = useState<Key[]>([]);
  useEffect(() => setExpanded(defaultOpen), [defaultOpen]);
  // Open the branch of the selected area (e.g. arriving from the map with ?id=).
  const selectedPath = useMemo(() => findNode(nodes, selectedId)?.path ?? null, [nodes, selectedId]);
  useEffect(() => {
    if (!selectedPath) return;
    const trail = selectedPath.split('/').filter(Boolean).slice(0, -1);
    setExpanded((prev) => [...new Set([...prev.map(String), ...trail])]);
  }, [selectedPath]);
  useEffect(() => {
    if (q.trim()) setExpanded([...expand]);
  }, [q, expand]);

  const searching = !!q.trim();
  const keep = (n: AreaTreeNode): boolean => !searching || matches.has(n.id) || expand.has(n.id);
  const items = toItems(nodes, keep);

  if (isLoading) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (error) return <ErrorAlert error={error} onRetry={() => refetch()} />;
  return (
    <>
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('按名称筛选', 'Filter by name')}
        aria-label={t('按名称筛选区域', 'Filter areas by name')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        style={{ marginBottom: 12 }}
      />
      {items.length === 0 ? (
        <Empty description={searching ? t('没有匹配的区域', 'No matching areas') : t('暂无区域', 'No areas yet')} />
      ) : (
        <Tree<TreeItem>
          blockNode
          showLine
          treeData={items}
          expandedKeys={expanded}
          onExpand={(keys) => setExpanded(keys)}
          selectedKeys={selectedId ? [selectedId] : []}
          onSelect={(_k, info) => onSelect(info.node.node)}
          titleRender={(item) => {
            const n = item.node;
            return (
              <span style={{ opacity: n.readOnly ? 0.6 : 1 }}>
                <Tag color={kindTagColor[n.kind]} style={{ marginInlineEnd: 6 }}>
                  {tl(areaKindTags[n.kind])}
                </Tag>
                <Typography.Text strong={matches.has(n.id)} mark={matches.has(n.id)}>
                  {n.name}
                </Typography.Text>
                {n.hasBoundary || n.kind !== 'grid' ? null : (
                  <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                    {t('无边界', 'no boundary')}
                  </Typography.Text>
                )}
              </span>
            );
          }}
        />
      )}
    </>
  );
}

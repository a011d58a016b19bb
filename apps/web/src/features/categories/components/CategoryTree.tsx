/** The category tree: property categories and inactive ones are tagged; a filter keeps matching branches. */
import { SearchOutlined } from '@ant-design/icons';
import { Empty, Input, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import type { CategoryView } from '../api';

interface Item {
  key: string;
  node: CategoryView;
  children?: Item[];
}

function toItems(nodes: CategoryView[], q: string): Item[] {
  return nodes.flatMap((n) => {
    const children = toItems(n.children ?? [], q);
    const hit = !q || n.name.includes(q) || (n.code ?? '').includes(q) || (n.nameEn ?? '').toLowerCase().includes(q);
    if (!hit && children.length === 0) return [];
    return [{ key: n.id, node: n, children: children.length ? children : undefined }];
  });
}

export function CategoryTree({
  nodes,
  selectedId,
  onSelect,
}: {
  nodes: CategoryView[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, locale } = useI18n();
  const [q, setQ] = useState('');
  const items = useMemo(() => toItems(nodes, q.trim().toLowerCase()), [nodes, q]);
  return (
    <>
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('按名称或编码筛选', 'Filter by name or code')}
        aria-label={t('按名称或编码筛选分类', 'Filter categories by name or code')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        style={{ marginBottom: 12 }}
      />
      {items.length === 0 ? (
        <Empty description={q ? t('没有匹配的分类', 'No matching categories') : t('暂无分类', 'No categories yet')} />
      ) : (
        <Tree<Item>
          blockNode
          showLine
          defaultExpandAll
          key={q /* re-expand everything when the filter changes */}
          treeData={items}
          selectedKeys={selectedId ? [selectedId] : []}
          onSelect={(_k, info) => onSelect(info.node.node.id)}
          titleRender={({ node: n }) => (
            <span style={{ opacity: n.effectiveActive ? 1 : 0.55 }}>
              <Typography.Text delete={!n.active}>{locale === 'en' && n.nameEn ? n.nameEn : n.name}</Typography.Text>
              {n.code ? (
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                  {n.code}
                </Typography.Text>
              ) : null}
              {n.isProperty ? (
                <Tag color="gold" style={{ marginInlineStart: 6 }}>
                  {t('物业', 'Property')}
                </Tag>
              ) : null}
              {n.active ? null : <Tag style={{ marginInlineStart: 6 }}>{t('已停用', 'Inactive')}</Tag>}
            </span>
          )}
        />
      )}
    </>
  );
}

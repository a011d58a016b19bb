/**
 * The category tree as TreeSelect options in the current locale: `title` (the node's own name) is shown and
 * searched in the tree, `label` (the path, 邻里纠纷 / 漏水) is shown once chosen (`treeNodeLabelProp="label"`).
 */
import type { CategoryView } from '@grassroots/shared/categories/categories.schema';

export interface CategoryOption {
  value: string;
  title: string;
  label: string;
  selectable?: boolean;
  children?: CategoryOption[];
}

export function categoryOptions(
  nodes: CategoryView[],
  locale: 'zh-CN' | 'en',
  leavesOnly = false,
  trail: string[] = [],
): CategoryOption[] {
  return nodes.map((n) => {
    const title = locale === 'en' && n.nameEn ? n.nameEn : n.name;
    const path = [...trail, title];
    return {
      value: n.id,
      title,
      label: path.join(' / '),
      // In a filter any level narrows the list (its sub-tree); a case is filed under a leaf only.
      ...(leavesOnly ? { selectable: n.isLeaf } : {}),
      children: n.children?.length ? categoryOptions(n.children, locale, leavesOnly, path) : undefined,
    };
  });
}

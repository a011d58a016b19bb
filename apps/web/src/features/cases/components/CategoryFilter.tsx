/** 诉求分类 as a list filter: the active category tree, searchable, any node (a node takes in its sub-tree). */
import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useCaseCategories } from '../../../components/case/use-case-categories';
import { useI18n } from '../../../lib/i18n';
import { categoryOptions } from './category-options';

export function CategoryFilter({ value, onChange }: { value?: string; onChange: (category?: string) => void }) {
  const { t, locale } = useI18n();
  const categories = useCaseCategories();
  const tree = useMemo(() => categoryOptions(categories.tree, locale), [categories.tree, locale]);
  return (
    <TreeSelect
      aria-label={t('诉求分类', 'Category')}
      placeholder={t('全部分类', 'All categories')}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      treeNodeLabelProp="label"
      value={value}
      onChange={(category?: string) => onChange(category ?? undefined)}
      treeData={tree}
      loading={categories.isLoading}
      popupMatchSelectWidth={false}
      style={{ width: 180 }}
    />
  );
}

/** /console/case-categories — the category tree on the left, the selected category's editor on the right. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Skeleton } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useI18n } from '../../../lib/i18n';
import { type CategoryView, findCategory, useCategoryTree } from '../api';
import { CategoryEditor } from '../components/CategoryEditor';
import { CategoryTree } from '../components/CategoryTree';

export function CategoriesPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id');
  // `undefined`: editing the selection; otherwise creating under that parent (null = top level).
  const [newUnder, setNewUnder] = useState<CategoryView | null | undefined>(undefined);
  const tree = useCategoryTree();
  const nodes = tree.data?.items ?? [];
  const node = findCategory(nodes, selectedId);
  const select = (id: string | null) => {
    setNewUnder(undefined);
    setParams(id ? { id } : {}, { replace: true });
  };

  const editor =
    newUnder !== undefined ? (
      <CategoryEditor
        target={{ kind: 'new', parent: newUnder }}
        onSaved={select}
        onDeleted={() => select(null)}
        onAddChild={setNewUnder}
        onReload={tree.refetch}
      />
    ) : node ? (
      <CategoryEditor
        target={{ kind: 'edit', node }}
        onSaved={select}
        onDeleted={() => select(null)}
        onAddChild={setNewUnder}
        onReload={tree.refetch}
      />
    ) : (
      <Card>
        <Empty description={t('请在左侧选择一个分类，或新建分类', 'Choose a category on the left, or create one')} />
      </Card>
    );

  return (
    <>
      <PageHeader
        title={t('诉求分类', 'Case categories')}
        subtitle={t(
          '分类树、默认办理层级与单位、受理/响应/办结时限（工作时间）和补充问题',
          'The category tree, default tier and organisation, time limits (working time) and extra questions',
        )}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setNewUnder(null)}>
            {t('新建顶级分类', 'New top-level category')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={9} xl={7}>
          <Card
            title={t('分类树', 'Category tree')}
            styles={{ body: { maxHeight: 'calc(100vh - 240px)', overflow: 'auto' } }}
          >
            {tree.isLoading ? (
              <Skeleton active paragraph={{ rows: 8 }} />
            ) : tree.error ? (
              <ErrorAlert error={tree.error} onRetry={() => tree.refetch()} />
            ) : (
              <CategoryTree nodes={nodes} selectedId={newUnder === undefined ? selectedId : null} onSelect={select} />
            )}
          </Card>
        </Col>
        <Col xs={24} md={15} xl={17}>
          {editor}
        </Col>
      </Row>
    </>
  );
}

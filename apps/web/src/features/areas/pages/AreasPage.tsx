/** /console/areas — the area tree on the left, the selected area on the right (`?id=` keeps the selection). */
import { Card, Col, Row } from 'antd';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { useI18n } from '../../../lib/i18n';
import { findNode, useTree } from '../api';
import { AreaDetailPanel } from '../components/AreaDetailPanel';
import { AreaTreePanel } from '../components/AreaTreePanel';

export function AreasPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id');
  const { data } = useTree();
  const node = findNode(data?.nodes, selectedId);
  const select = (id: string | null) => setParams(id ? { id } : {}, { replace: true });
  return (
    <>
      <PageHeader
        title={t('区域网格', 'Areas and grids')}
        subtitle={t('市 → 区县 → 街道 → 社区/村 → 网格', 'City → district → street → community → grid')}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={9} xl={7}>
          <Card
            title={t('区域树', 'Area tree')}
            styles={{ body: { maxHeight: 'calc(100vh - 240px)', overflow: 'auto' } }}
          >
            <AreaTreePanel selectedId={selectedId} onSelect={(n) => select(n.id)} />
          </Card>
        </Col>
        <Col xs={24} md={15} xl={17}>
          <AreaDetailPanel node={node} onSelect={select} />
        </Col>
      </Row>
    </>
  );
}

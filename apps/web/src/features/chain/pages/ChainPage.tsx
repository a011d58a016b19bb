/** /console/chain — the five-level chain (五级网格矩阵) of an area, with 包联 links to communities and households. */
import { PlusOutlined } from '@ant-design/icons';
import { areaKindLabels } from '@grassroots/shared/areas/areas.rules';
import { Button, Card, Empty, Flex, Skeleton, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useCan, useMe } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { useChain } from '../api';
import { AddMemberModal } from '../components/AddMemberModal';
import { CommunityLinksTab } from '../components/CommunityLinksTab';
import { HouseholdLinksTab } from '../components/HouseholdLinksTab';
import { LevelsBoard } from '../components/LevelsBoard';

export function ChainPage() {
  const { t, tl } = useI18n();
  const { data: me } = useMe();
  const { can } = useCan();
  const [params, setParams] = useSearchParams();
  const areaId = params.get('area') ?? me?.grants.find((g) => g.areaId)?.areaId ?? null;
  const [adding, setAdding] = useState(false);
  const chain = useChain(areaId);
  const view = chain.data;
  const canWrite = can('chain.write');
  // The server says at which levels the caller may add people here.
  const assignable = view ? view.levels.filter((l) => l.canAdd).map((l) => l.level) : [];
  const members = view?.levels.find((l) => l.level === 5)?.people ?? [];

  return (
    <>
      <PageHeader
        title={t('五级网格责任链', 'Five-level responsibility chain')}
        subtitle={t('亮身份：每个区域由谁负责、如何联系', 'Who is responsible for each area, and how to reach them')}
        extra={
          assignable.length ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('添加责任人', 'Add a person')}
            </Button>
          ) : null
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={12} align="center" wrap>
          <label htmlFor="chain-area">{t('区域', 'Area')}</label>
          <AreaTreeSelect
            id="chain-area"
            value={areaId}
            allowClear={false}
            onChange={(id) => id && setParams({ area: id })}
            style={{ maxWidth: 420 }}
          />
          {view ? <Tag>{tl(areaKindLabels[view.area.kind])}</Tag> : null}
        </Flex>
      </Card>
      {!areaId ? (
        <Empty description={t('请选择一个区域', 'Choose an area')} />
      ) : chain.error ? (
        <ErrorAlert error={chain.error} onRetry={() => chain.refetch()} />
      ) : !view ? (
        <Skeleton active />
      ) : (
        <Tabs
          items={[
            {
              key: 'levels',
              label: t('五级责任人', 'Five levels'),
              children: <LevelsBoard view={view} />,
            },
            {
              key: 'communities',
              label: t('领导包联社区', 'Leaders ↔ communities'),
              children: <CommunityLinksTab areaId={view.area.id} canWrite={canWrite} />,
            },
            {
              key: 'households',
              label:
                view.area.kind === 'grid'
                  ? t('党员包联户', 'Members ↔ households')
                  : t('党员包联户（请选择网格）', 'Members ↔ households (choose a grid)'),
              disabled: view.area.kind !== 'grid',
              children:
                view.area.kind === 'grid' ? (
                  <HouseholdLinksTab gridId={view.area.id} members={members} canWrite={canWrite} />
                ) : null,
            },
          ]}
        />
      )}
      {view && adding ? (
        <AddMemberModal areaId={view.area.id} levels={assignable} open={adding} onClose={() => setAdding(false)} />
      ) : null}
    </>
  );
}

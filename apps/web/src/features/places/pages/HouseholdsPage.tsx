/** /console/households — households with grid filter, search (address, head, exact phone), no-smartphone filter. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select } from 'antd';
import { useState } from 'react';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FilterBar } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { useCan } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { usePaging } from '../../../lib/use-paging';
import { type HouseholdView, useHouseholds } from '../api';
import { HouseholdFormModal } from '../components/HouseholdFormModal';
import { HouseholdsTable } from '../components/HouseholdsTable';

export function HouseholdsPage() {
  const { t } = useI18n();
  const { can } = useCan();
  const [gridId, setGridId] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [noSmartphone, setNoSmartphone] = useState<string | undefined>(undefined);
  const paging = usePaging();
  const [editing, setEditing] = useState<HouseholdView | null | undefined>(undefined);
  const list = useHouseholds({ gridId, q, noSmartphone, page: paging.page, pageSize: paging.pageSize });

  return (
    <>
      <PageHeader
        title={t('住户', 'Households')}
        subtitle={t('地址信息；完整台账在后续版本', 'Addresses; the full ledger comes later')}
        extra={
          can('households.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('新建住户', 'New household')}
            </Button>
          ) : null
        }
      />
      <Card>
        <FilterBar>
          <AreaTreeSelect
            kinds={['grid']}
            aria-label={t('按网格筛选', 'Filter by grid')}
            placeholder={t('全部网格', 'All grids')}
            value={gridId}
            onChange={paging.resetting(setGridId)}
            style={{ width: 240 }}
          />
          <Input.Search
            aria-label={t('搜索地址、户主或完整电话', 'Search address, head or full phone')}
            placeholder={t('地址、户主或完整电话号码', 'Address, head or full phone')}
            allowClear
            onSearch={paging.resetting((v: string) => setQ(v.trim()))}
            style={{ width: 300 }}
          />
          <Select
            aria-label={t('智能手机', 'Smartphone')}
            allowClear
            placeholder={t('全部住户', 'All households')}
            value={noSmartphone}
            onChange={paging.resetting(setNoSmartphone)}
            style={{ width: 180 }}
            options={[
              { value: 'true', label: t('仅无智能手机户', 'No smartphone only') },
              { value: 'false', label: t('有智能手机', 'Has a smartphone') },
            ]}
          />
        </FilterBar>
        {list.isError ? (
          <ErrorAlert error={list.error} onRetry={() => list.refetch()} style={{ marginBottom: 16 }} />
        ) : null}
        <HouseholdsTable
          items={list.data?.items ?? []}
          loading={list.isFetching}
          total={list.data?.total ?? 0}
          page={paging.page}
          pageSize={paging.pageSize}
          onPage={paging.onPage}
          onEdit={setEditing}
        />
      </Card>
      <HouseholdFormModal open={editing !== undefined} household={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}

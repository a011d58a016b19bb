/** /console/compounds — searchable, paginated compounds (小区) with create / edit / delete. */
import { PlusOutlined } from '@ant-design/icons';
import { managementModeLabels } from '@grassroots/shared/places/places.rules';
import { Button, Card, Input, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { FilterBar, PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { api } from '../../../lib/api';
import { useCan } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { usePaging } from '../../../lib/use-paging';
import { type CompoundView, useCompounds, usePlacesMutation } from '../api';
import { CompoundFormModal } from '../components/CompoundFormModal';

export function CompoundsPage() {
  const { t, tl } = useI18n();
  const { can } = useCan();
  const [areaId, setAreaId] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const paging = usePaging();
  const [editing, setEditing] = useState<CompoundView | null | undefined>(undefined);
  const list = useCompounds({ areaId, q, page: paging.page, pageSize: paging.pageSize });
  const remove = usePlacesMutation((id: string) => api.delete(`/api/compounds/${id}`));

  return (
    <>
      <PageHeader
        title={t('小区管理', 'Compounds')}
        subtitle={t('小区属于社区；楼栋属于网格与小区', 'A compound belongs to a community; buildings to a grid')}
        extra={
          can('areas.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('新建小区', 'New compound')}
            </Button>
          ) : null
        }
      />
      <Card>
        <FilterBar>
          <AreaTreeSelect
            aria-label={t('按区域筛选', 'Filter by area')}
            placeholder={t('全部区域', 'All areas')}
            value={areaId}
            onChange={paging.resetting(setAreaId)}
            style={{ width: 260 }}
          />
          <Input.Search
            aria-label={t('搜索小区名称或地址', 'Search name or address')}
            placeholder={t('搜索小区名称或地址', 'Search name or address')}
            allowClear
            onSearch={paging.resetting((v: string) => setQ(v.trim()))}
            style={{ width: 280 }}
          />
        </FilterBar>
        <PagedTable<CompoundView>
          query={list}
          paging={paging}
          empty={t('暂无小区', 'No compounds')}
          total={(n) => t(`共 ${n} 个小区`, `${n} compounds`)}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('小区名称', 'Name'),
              dataIndex: 'name',
              render: (name: string, c) => <Link to={`/console/compounds/${c.id}`}>{name}</Link>,
            },
            { title: t('所属社区', 'Community'), dataIndex: 'communityName' },
            { title: t('地址', 'Address'), dataIndex: 'address', render: (a: string | null) => a ?? '—' },
            {
              title: t('管理方式', 'Management'),
              dataIndex: 'managementMode',
              render: (m: CompoundView['managementMode']) => tl(managementModeLabels[m]),
            },
            {
              title: t('物业企业', 'Company'),
              dataIndex: 'propertyCompanyName',
              render: (n: string | null) => n ?? '—',
            },
            {
              title: t('户数', 'Households'),
              dataIndex: 'householdCount',
              width: 100,
              align: 'right',
              render: (n) => n ?? '—',
            },
            { title: t('楼栋', 'Buildings'), dataIndex: 'buildingCount', width: 90, align: 'right' },
            { title: t('建成', 'Built'), dataIndex: 'buildYear', width: 80, render: (n) => n ?? '—' },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              // Room for 查看 · 编辑 · 删除 on one line: the fixed table layout gives width-less columns equal shares.
              width: 176,
              fixed: 'right',
              render: (_, c) => (
                <Space size={4} style={{ whiteSpace: 'nowrap' }}>
                  <Link to={`/console/compounds/${c.id}`}>{t('查看', 'Open')}</Link>
                  {c.allowedActions.includes('update') ? (
                    <Button type="link" size="small" onClick={() => setEditing(c)}>
                      {t('编辑', 'Edit')}
                    </Button>
                  ) : null}
                  {c.allowedActions.includes('delete') ? (
                    <ConfirmButton
                      type="link"
                      size="small"
                      confirm={t(`确定删除小区「${c.name}」？`, `Delete ${c.name}?`)}
                      description={t('只有没有楼栋的小区才能删除', 'Only a compound without buildings can be deleted')}
                      onConfirm={() => remove.mutateAsync(c.id)}
                    >
                      {t('删除', 'Delete')}
                    </ConfirmButton>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <CompoundFormModal open={editing !== undefined} compound={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}

/** /console/compounds/:id — a compound with its buildings (create / edit / delete) and the QR sheet link. */
import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { managementModeLabels } from '@grassroots/shared/places/places.rules';
import { Button, Card, Descriptions, Empty, Space, Spin, Table } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { type BuildingView, useBuildings, useCompound, usePlacesMutation } from '../api';
import { BuildingFormModal } from '../components/BuildingFormModal';

export function CompoundDetailPage() {
  const { id = '' } = useParams();
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<BuildingView | null | undefined>(undefined);
  const compound = useCompound(id);
  const buildings = useBuildings({ compoundId: id, page, pageSize: 20 });
  const remove = usePlacesMutation((bid: string) => api.delete(`/api/buildings/${bid}`));

  if (compound.isLoading) return <Spin />;
  if (compound.isError || !compound.data)
    return <ErrorAlert error={compound.error} onRetry={() => compound.refetch()} />;
  const c = compound.data;
  const canWrite = c.allowedActions.includes('update');

  return (
    <>
      <PageHeader
        back="/console/compounds"
        title={c.name}
        subtitle={[c.streetName, c.communityName].filter(Boolean).join(' · ')}
        extra={
          <Button icon={<PrinterOutlined />} onClick={() => navigate(`/console/compounds/${c.id}/qr-sheet`)}>
            {t('打印楼栋二维码', 'Print building QR codes')}
          </Button>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('所属社区', 'Community')}>{c.communityName}</Descriptions.Item>
          <Descriptions.Item label={t('地址', 'Address')}>{c.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('建成年份', 'Build year')}>{c.buildYear ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('管理方式', 'Management')}>
            {tl(managementModeLabels[c.managementMode])}
          </Descriptions.Item>
          <Descriptions.Item label={t('物业企业', 'Property company')}>
            {c.propertyCompanyName ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('户数（登记/台账）', 'Households (declared / ledger)')}>
            {c.householdCount ?? '—'} / {c.registeredHouseholds}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t(`楼栋（${c.buildingCount}）`, `Buildings (${c.buildingCount})`)}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('新建楼栋', 'New building')}
            </Button>
          ) : null
        }
      >
        {buildings.isError ? <ErrorAlert error={buildings.error} onRetry={() => buildings.refetch()} /> : null}
        <Table<BuildingView>
          rowKey="id"
          loading={buildings.isFetching}
          dataSource={buildings.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('还没有楼栋', 'No buildings yet')} /> }}
          scroll={{ x: 760 }}
          pagination={{
            current: page,
            pageSize: 20,
            total: buildings.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
          }}
          columns={[
            {
              title: t('楼栋', 'Building'),
              dataIndex: 'name',
              render: (n: string, b) => <Link to={`/console/buildings/${b.id}`}>{n}</Link>,
            },
            { title: t('网格', 'Grid'), dataIndex: 'gridName' },
            { title: t('单元 × 楼层', 'Units × floors'), key: 'size', render: (_, b) => `${b.units} × ${b.floors}` },
            { title: t('房间', 'Rooms'), dataIndex: 'roomCount', align: 'right' },
            { title: t('住户', 'Households'), dataIndex: 'householdCount', align: 'right' },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              render: (_, b) => (
                <Space size={4}>
                  <Link to={`/console/buildings/${b.id}`}>{t('房间', 'Rooms')}</Link>
                  {b.allowedActions.includes('update') ? (
                    <Button type="link" size="small" onClick={() => setEditing(b)}>
                      {t('编辑', 'Edit')}
                    </Button>
                  ) : null}
                  {b.allowedActions.includes('delete') ? (
                    <ConfirmButton
                      type="link"
                      size="small"
                      confirm={t(`确定删除「${b.name}」？`, `Delete ${b.name}?`)}
                      description={t('只有没有房间和住户的楼栋才能删除', 'Only an empty building can be deleted')}
                      onConfirm={() => remove.mutateAsync(b.id)}
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
      <BuildingFormModal
        open={editing !== undefined}
        compound={{ id: c.id, communityId: c.communityId, name: c.name }}
        building={editing}
        onClose={() => setEditing(undefined)}
      />
    </>
  );
}

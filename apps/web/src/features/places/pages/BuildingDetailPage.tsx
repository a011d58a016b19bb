/** /console/buildings/:id — rooms by unit and floor (area, owner), bulk generation, households, 亮身份 link. */
import { AppstoreAddOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { buildingPublicPath } from '@grassroots/shared/places/places.rules';
import { Button, Card, Descriptions, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useCan } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { type HouseholdView, type RoomView, useBuilding, useHouseholds, useRooms } from '../api';
import { HouseholdFormModal } from '../components/HouseholdFormModal';
import { HouseholdsTable } from '../components/HouseholdsTable';
import { AddRoomModal, EditRoomModal, GenerateRoomsModal } from '../components/RoomModals';
import { RoomsGrid } from '../components/RoomsGrid';
import '../places.css';

export function BuildingDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { can } = useCan();
  const building = useBuilding(id);
  const rooms = useRooms(id);
  const [hhPage, setHhPage] = useState({ page: 1, pageSize: 10 });
  const households = useHouseholds({ buildingId: id, ...hhPage });
  const [dialog, setDialog] = useState<'generate' | 'add' | null>(null);
  const [room, setRoom] = useState<RoomView | null>(null);
  const [household, setHousehold] = useState<HouseholdView | null | undefined>(undefined);

  if (building.isLoading) return <Spin />;
  if (building.isError || !building.data)
    return <ErrorAlert error={building.error} onRetry={() => building.refetch()} />;
  const b = building.data;
  const canWrite = b.allowedActions.includes('update');
  const publicPath = buildingPublicPath(b.publicCode);

  return (
    <>
      <PageHeader
        back={b.compoundId ? `/console/compounds/${b.compoundId}` : true}
        title={[b.compoundName, b.name].filter(Boolean).join(' · ')}
        subtitle={[b.streetName, b.communityName, b.gridName].filter(Boolean).join(' · ')}
        extra={
          <a href={publicPath} target="_blank" rel="noreferrer">
            <Button icon={<LinkOutlined />}>{t('亮身份页面', 'Public duty page')}</Button>
          </a>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('小区', 'Compound')}>
            {b.compoundId ? <Link to={`/console/compounds/${b.compoundId}`}>{b.compoundName}</Link> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('网格', 'Grid')}>{b.gridName}</Descriptions.Item>
          <Descriptions.Item label={t('地址', 'Address')}>{b.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('单元 × 楼层', 'Units × floors')}>
            {b.units} × {b.floors}
          </Descriptions.Item>
          <Descriptions.Item label={t('房间 / 住户', 'Rooms / households')}>
            {b.roomCount} / {b.householdCount}
          </Descriptions.Item>
          <Descriptions.Item label={t('亮身份链接', 'Public link')}>
            <Typography.Text copyable={{ text: `${window.location.origin}${publicPath}` }}>
              <a href={publicPath} target="_blank" rel="noreferrer">
                {publicPath}
              </a>
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('房间', 'Rooms')}
        style={{ marginBottom: 16 }}
        extra={
          canWrite ? (
            <Space wrap>
              <Button icon={<AppstoreAddOutlined />} onClick={() => setDialog('generate')}>
                {t('批量生成房间', 'Generate rooms')}
              </Button>
              <Button icon={<PlusOutlined />} onClick={() => setDialog('add')}>
                {t('新增房间', 'Add a room')}
              </Button>
            </Space>
          ) : null
        }
      >
        {rooms.isError ? <ErrorAlert error={rooms.error} onRetry={() => rooms.refetch()} /> : null}
        {rooms.isLoading ? <Spin /> : <RoomsGrid rooms={rooms.data?.items ?? []} onOpen={setRoom} />}
      </Card>
      <Card
        title={t('本楼住户', 'Households in this building')}
        extra={
          can('households.write') ? (
            <Button icon={<PlusOutlined />} onClick={() => setHousehold(null)}>
              {t('新建住户', 'New household')}
            </Button>
          ) : null
        }
      >
        {households.isError ? <ErrorAlert error={households.error} /> : null}
        <HouseholdsTable
          items={households.data?.items ?? []}
          loading={households.isFetching}
          total={households.data?.total ?? 0}
          page={hhPage.page}
          pageSize={hhPage.pageSize}
          onPage={(page, pageSize) => setHhPage({ page, pageSize })}
          onEdit={setHousehold}
          showGrid={false}
        />
      </Card>
      <GenerateRoomsModal open={dialog === 'generate'} onClose={() => setDialog(null)} building={b} />
      <AddRoomModal open={dialog === 'add'} onClose={() => setDialog(null)} buildingId={b.id} />
      <EditRoomModal room={room} onClose={() => setRoom(null)} canWrite={canWrite} />
      <HouseholdFormModal
        open={household !== undefined}
        household={household}
        buildingId={b.id}
        buildingName={[b.compoundName, b.name].filter(Boolean).join(' ')}
        onClose={() => setHousehold(undefined)}
      />
    </>
  );
}

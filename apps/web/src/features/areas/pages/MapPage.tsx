/**
 * /console/map — the offline grid map, drawn with ECharts from OUR GeoJSON only (no online tiles):
 * outlined streets/communities/grids with a level switch, grid elements coloured by kind, click a region
 * for its details, and "locate a point" (GET /api/areas/locate) which highlights the grid.
 */
import { AimOutlined } from '@ant-design/icons';
import { areaKindTags } from '@grassroots/shared/areas/areas.rules';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Row,
  Segmented,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Chart, type ChartEvents, registerMap } from '../../../components/Chart';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { type LocateResponse, useAreaDetail, useAreaGeoJson, useElementsGeoJson } from '../api';
import { kindTagColor } from '../components/AreaTreePanel';
import { buildAreaMapOption, geoJsonForLevel, type MapLevel, mapNameFor, parseLngLat } from '../map-options';

export function MapPage() {
  const { t, locale } = useI18n();
  const areas = useAreaGeoJson();
  const elements = useElementsGeoJson();
  const [level, setLevel] = useState<MapLevel>('all');
  const [selected, setSelected] = useState<string | null>(null);
  const [located, setLocated] = useState<LocateResponse | null>(null);
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [lng, setLng] = useState('');
  const [lat, setLat] = useState('');
  const [locateError, setLocateError] = useState<unknown>(null);
  const [locating, setLocating] = useState(false);

  const option = useMemo(() => {
    if (!areas.data) return null;
    registerMap(mapNameFor(level), geoJsonForLevel(areas.data, level));
    return buildAreaMapOption({
      areas: areas.data,
      elements: elements.data ?? { type: 'FeatureCollection', features: [] },
      level,
      locale,
      selectedId: selected,
      highlightId: located?.id ?? null,
      point,
    });
  }, [areas.data, elements.data, level, locale, selected, located, point]);

  const onEvents = useMemo<ChartEvents>(
    () => ({
      click: (p: { componentType?: string; name?: string }) => {
        if (p.componentType === 'geo' && p.name) setSelected(p.name);
      },
    }),
    [],
  );

  const locate = async () => {
    setLocateError(null);
    const pos = parseLngLat(lng, lat);
    if (!pos) {
      setLocateError(
        new Error(
          t(
            '请输入有效的经纬度（经度 -180~180，纬度 -90~90）',
            'Enter a valid longitude (-180…180) and latitude (-90…90)',
          ),
        ),
      );
      return;
    }
    setLocating(true);
    try {
      const r = await api.get<LocateResponse>('/api/areas/locate', { lng: pos[0], lat: pos[1] });
      setLocated(r);
      setSelected(r.id);
      if (level !== 'all' && level !== 'grid') setLevel('grid');
    } catch (e) {
      setLocated(null);
      setLocateError(e);
    } finally {
      setPoint(pos);
      setLocating(false);
    }
  };

  const levels = [
    { value: 'all', label: t('全部', 'All') },
    { value: 'street', label: t('街道', 'Streets') },
    { value: 'community', label: t('社区', 'Communities') },
    { value: 'grid', label: t('网格', 'Grids') },
  ];
  const empty = areas.data && areas.data.features.length === 0;
  return (
    <>
      <PageHeader
        title={t('网格地图', 'Grid map')}
        subtitle={t('离线地图：仅使用本系统的边界数据', 'Offline map drawn from our own boundaries')}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          <Card
            title={
              <Segmented
                aria-label={t('显示层级', 'Level shown')}
                options={levels}
                value={level}
                onChange={(v) => setLevel(v as MapLevel)}
              />
            }
            extra={
              <Flex gap={8} wrap align="center">
                <Input
                  aria-label={t('经度', 'Longitude')}
                  placeholder={t('经度 如 111.14', 'Lng e.g. 111.14')}
                  value={lng}
                  onChange={(e) => setLng(e.target.value)}
                  style={{ width: 140 }}
                  onPressEnter={locate}
                />
                <Input
                  aria-label={t('纬度', 'Latitude')}
                  placeholder={t('纬度 如 37.52', 'Lat e.g. 37.52')}
                  value={lat}
                  onChange={(e) => setLat(e.target.value)}
                  style={{ width: 140 }}
                  onPressEnter={locate}
                />
                <Button type="primary" icon={<AimOutlined />} loading={locating} onClick={locate}>
                  {t('定位网格', 'Locate grid')}
                </Button>
              </Flex>
            }
          >
            <ErrorAlert
              error={areas.error ?? elements.error}
              onRetry={() => {
                void areas.refetch();
                void elements.refetch();
              }}
              style={{ marginBottom: 12 }}
            />
            {areas.isLoading ? (
              <Skeleton active paragraph={{ rows: 12 }} />
            ) : empty ? (
              <Empty
                description={t(
                  '范围内还没有任何边界，请先在「区域网格」上传 GeoJSON 边界。',
                  'No boundaries in your scope yet; upload GeoJSON on the Areas page.',
                )}
              >
                <Link to="/console/areas">{t('前往区域网格', 'Go to Areas')}</Link>
              </Empty>
            ) : option ? (
              <Chart option={option} height={620} onEvents={onEvents} ariaLabel={t('网格地图', 'Grid map')} />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Flex vertical gap={16}>
            <LocateCard located={located} point={point} error={locateError} />
            <SelectedCard id={selected} />
          </Flex>
        </Col>
      </Row>
    </>
  );
}

function LocateCard({
  located,
  point,
  error,
}: {
  located: LocateResponse | null;
  point: [number, number] | null;
  error: unknown;
}) {
  const { t } = useI18n();
  if (!point && !error) return null;
  return (
    <Card size="small" title={t('定位结果', 'Location result')}>
      {error ? <ErrorAlert error={error} /> : null}
      {located ? (
        <Alert
          type="success"
          showIcon
          title={located.name}
          description={[...located.ancestors.map((a) => a.name), located.name].join(' › ')}
        />
      ) : null}
      {point ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          WGS-84：{point[0]}, {point[1]}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

function SelectedCard({ id }: { id: string | null }) {
  const { t, tl } = useI18n();
  const { data, isLoading, error } = useAreaDetail(id);
  if (!id)
    return (
      <Card size="small">
        <Empty description={t('点击地图上的区域查看详情', 'Click a region on the map for its details')} />
      </Card>
    );
  if (isLoading)
    return (
      <Card size="small">
        <Skeleton active />
      </Card>
    );
  if (error || !data)
    return (
      <Card size="small">
        <ErrorAlert error={error} />
      </Card>
    );
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <Tag color={kindTagColor[data.kind]}>{tl(areaKindTags[data.kind])}</Tag>
          {data.name}
        </Flex>
      }
      extra={<Link to={`/console/areas?id=${data.id}`}>{t('查看/编辑', 'Open')}</Link>}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {data.ancestors.map((a) => a.name).join(' › ')}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        column={2}
        items={[
          { key: 'c', label: t('下级', 'Children'), children: data.counts.children },
          { key: 'co', label: t('小区', 'Compounds'), children: data.counts.compounds },
          { key: 'b', label: t('楼栋', 'Buildings'), children: data.counts.buildings },
          { key: 'h', label: t('住户', 'Households'), children: data.counts.households },
          { key: 'e', label: t('网格要素', 'Elements'), children: data.counts.gridElements },
          { key: 's', label: t('人员', 'Staff'), children: data.counts.staff },
        ]}
      />
    </Card>
  );
}

/**
 * Tap our offline grid map to mark where the problem is (WGS-84 lng/lat). The map is the areas feature's
 * (map-options.ts through components/Chart), at grid level; the grid under the point is named below it.
 * Only accounts that may read the area boundaries see it (staff); the caller decides whether to show it.
 */
import { AimOutlined } from '@ant-design/icons';
import type { LocateResponse } from '@grassroots/shared/areas/areas.schema';
import { Button, Flex, Skeleton, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Chart, type ChartInstance, registerMap } from '../../../components/Chart';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { useAreaGeoJson } from '../../areas/api';
import { buildAreaMapOption, geoJsonForLevel, mapNameFor } from '../../areas/map-options';

export interface LngLat {
  lng: number;
  lat: number;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const noElements = { type: 'FeatureCollection' as const, features: [] };

export function MapPointPicker({ value, onChange }: { value?: LngLat; onChange?: (v: LngLat) => void }) {
  const { t, locale } = useI18n();
  const areas = useAreaGeoJson();
  const [grid, setGrid] = useState<string | null>(null);

  const pick = (p: LngLat) => {
    onChange?.(p);
    api
      .get<LocateResponse>('/api/areas/locate', { lng: p.lng, lat: p.lat })
      .then((g) => setGrid(g.name))
      .catch(() => setGrid(''));
  };
  // The chart keeps the click handler from its creation; it must reach the latest `pick`.
  const pickRef = useRef(pick);
  pickRef.current = pick;

  const option = useMemo(() => {
    if (!areas.data) return null;
    registerMap(mapNameFor('grid'), geoJsonForLevel(areas.data, 'grid'));
    const point: [number, number] | null = value ? [value.lng, value.lat] : null;
    const base = buildAreaMapOption({ areas: areas.data, elements: noElements, level: 'grid', locale, point });
    // On a phone a tap marks the point; a tooltip popping up under the finger would only hide it.
    return { ...base, tooltip: { show: false } };
  }, [areas.data, locale, value]);

  // A tap anywhere on the map (not only on a region) becomes a point: zrender sees every click.
  const onReady = (chart: ChartInstance) => {
    chart.getZr().on('click', (e) => {
      const xy = chart.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]) as number[] | undefined;
      if (xy && Number.isFinite(xy[0]) && Number.isFinite(xy[1]))
        pickRef.current({ lng: round(xy[0]!), lat: round(xy[1]!) });
    });
  };

  if (areas.error) return <ErrorAlert error={areas.error} onRetry={() => areas.refetch()} />;
  return (
    <Flex vertical gap={8}>
      {option ? (
        <Chart
          option={option}
          notMerge={false}
          height={260}
          onReady={onReady}
          ariaLabel={t('网格地图：点击地图标出位置', 'Grid map: tap to mark the place')}
        />
      ) : (
        <Skeleton.Node active style={{ width: '100%', height: 260 }} />
      )}
      <PointStatus value={value} grid={grid} />
      <CurrentPositionButton onChange={pick} />
    </Flex>
  );
}

function PointStatus({ value, grid }: { value?: LngLat; grid?: string | null }) {
  const { t } = useI18n();
  return (
    <Typography.Text type="secondary" aria-live="polite">
      {value
        ? t(
            `已标记：经度 ${value.lng}，纬度 ${value.lat}${grid ? `（${grid}）` : ''}`,
            `Marked: ${value.lng}, ${value.lat}${grid ? ` (${grid})` : ''}`,
          )
        : t('尚未标记位置', 'No position marked yet')}
    </Typography.Text>
  );
}

/** The phone's own position (browsers report WGS-84, which is what the server stores). */
export function CurrentPositionButton({ onChange }: { onChange: (v: LngLat) => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  if (typeof navigator === 'undefined' || !('geolocation' in navigator)) return null;
  const locate = () => {
    setBusy(true);
    setFailed(false);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setBusy(false);
        onChange({ lng: round(pos.coords.longitude), lat: round(pos.coords.latitude) });
      },
      () => {
        setBusy(false);
        setFailed(true);
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };
  return (
    <Flex vertical gap={4}>
      <Button icon={<AimOutlined />} size="large" block loading={busy} onClick={locate}>
        {t('使用我当前的位置', 'Use my current position')}
      </Button>
      {failed ? (
        <Typography.Text type="danger" role="alert">
          {t(
            '无法获取位置，请检查定位权限，或用文字说明地点',
            'Could not get your position; describe the place instead',
          )}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** Position without the map (residents may not read the area boundaries): the phone's position only. */
export function PositionOnly({ value, onChange }: { value?: LngLat; onChange?: (v: LngLat) => void }) {
  return (
    <Flex vertical gap={8}>
      <CurrentPositionButton onChange={(v) => onChange?.(v)} />
      {value ? <PointStatus value={value} /> : null}
    </Flex>
  );
}

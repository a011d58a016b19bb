/**
 * Where the case is: its point on the OFFLINE grid map (our own boundaries, no tiles), the case's handling
 * area tinted, framed on that area. Uses the areas feature's option builder; only the framing is added.
 */
import type { CaseSummary } from '@grassroots/shared/cases/cases.schema';
import { Card, Empty, Skeleton, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart, registerMap } from '../../../components/Chart';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { useAreaGeoJson } from '../../areas/api';
import { buildAreaMapOption, geoJsonForLevel, mapNameFor } from '../../areas/map-options';
import { areaSubtree } from './case-detail.rules';

const CASE_MAP = `${mapNameFor('all')}-case`;

const noElements = { type: 'FeatureCollection' as const, features: [] };

export interface CaseMapCardProps {
  location?: { lng: number; lat: number } | null;
  areaId: CaseSummary['areaId'];
}

export function CaseMapCard({ location, areaId }: CaseMapCardProps) {
  const { t, locale } = useI18n();
  const lng = location?.lng;
  const lat = location?.lat;
  const point = lng != null && lat != null ? ([lng, lat] as [number, number]) : null;
  const areas = useAreaGeoJson();
  const option = useMemo(() => {
    if (!areas.data || lng == null || lat == null || !areas.data.features.length) return null;
    const point: [number, number] = [lng, lat];
    const shown = areaSubtree(areas.data, areaId);
    // Its own map name: the map page registers the whole scope under mapNameFor('all').
    registerMap(CASE_MAP, geoJsonForLevel(shown, 'all'));
    const base = buildAreaMapOption({
      areas: shown,
      elements: noElements,
      level: 'all',
      locale,
      selectedId: areaId,
      point,
    });
    return { ...base, legend: undefined, geo: { ...base.geo, map: CASE_MAP } };
  }, [areas.data, lng, lat, areaId, locale]);

  return (
    <Card title={t('位置', 'Location')} size="small" style={{ marginBottom: 16 }}>
      {!point ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('未定位', 'No location')} />
      ) : (
        <>
          <ErrorAlert error={areas.error} onRetry={() => areas.refetch()} style={{ marginBottom: 8 }} />
          {areas.isLoading ? (
            <Skeleton.Node active style={{ width: '100%', height: 260 }} />
          ) : option ? (
            <Chart option={option} height={280} ariaLabel={t('诉求位置地图', 'Map of the case location')} />
          ) : (
            <Typography.Text type="secondary">
              {t('范围内没有边界数据，无法绘制地图', 'No boundaries to draw')}
            </Typography.Text>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
            WGS-84：{point[0].toFixed(6)}, {point[1].toFixed(6)}
          </Typography.Text>
        </>
      )}
    </Card>
  );
}

/**
 * ECharts options for the offline area map, as pure functions (ARCHITECTURE rule 11). The map is drawn
 * from OUR GeoJSON only (registerMap + `geo`), never online tiles. Regions are registered under their
 * area id (names are not unique: two communities may both have a 第一网格), labels come from `label`.
 */
import {
  type AreaKind,
  areaKindTags,
  type GridElementKind,
  gridElementKindLabels,
  gridElementKinds,
} from '@grassroots/shared/areas/areas.rules';
import type { AreaFeatureProps, ElementFeatureProps, FeatureCollectionOf } from '@grassroots/shared/areas/areas.schema';
import { anchorOf, type BoundaryGeometry, type ElementGeometry } from '@grassroots/shared/areas/geojson';

export type Locale = 'zh-CN' | 'en';
export type MapLevel = 'all' | 'street' | 'community' | 'grid';
export const mapLevels: MapLevel[] = ['all', 'street', 'community', 'grid'];

const levelKinds: Record<MapLevel, AreaKind[]> = {
  all: ['street', 'community', 'grid'], // the city and district outlines would dwarf the grids
  street: ['street'],
  community: ['community'],
  grid: ['grid'],
};

/** Outline style per level: coarser levels draw heavier lines so nesting stays readable. */
export const kindStyle: Record<AreaKind, { borderColor: string; borderWidth: number; areaColor: string }> = {
  city: { borderColor: '#1f1f1f', borderWidth: 3, areaColor: 'rgba(0,0,0,0)' },
  district: { borderColor: '#434343', borderWidth: 2.5, areaColor: 'rgba(0,0,0,0)' },
  street: { borderColor: '#a8071a', borderWidth: 2, areaColor: 'rgba(245,34,45,0.04)' },
  community: { borderColor: '#0958d9', borderWidth: 1.5, areaColor: 'rgba(22,119,255,0.06)' },
  grid: { borderColor: '#389e0d', borderWidth: 1, areaColor: 'rgba(82,196,26,0.10)' },
};

/** One colour per element kind (distinguishable, readable on a light map). */
export const elementColors: Record<GridElementKind, string> = {
  institution: '#cf1322',
  enterprise: '#d46b08',
  shop: '#d4b106',
  school: '#389e0d',
  hospital: '#eb2f96',
  road: '#595959',
  well: '#08979c',
  river: '#1677ff',
  forest: '#237804',
  field: '#7cb305',
  mine: '#613400',
  other: '#722ed1',
};

export const HIGHLIGHT_COLOR = 'rgba(250,140,22,0.55)';
export const SELECTED_COLOR = 'rgba(22,119,255,0.35)';

export const mapNameFor = (level: MapLevel) => `grassroots-areas-${level}`;

type AreaFC = FeatureCollectionOf<AreaFeatureProps>;
type ElementFC = FeatureCollectionOf<ElementFeatureProps>;

/** The features of one level, renamed to their id so ECharts regions are unique. */
export function geoJsonForLevel(
  fc: AreaFC,
  level: MapLevel,
): FeatureCollectionOf<AreaFeatureProps & { label: string }> {
  const kinds = levelKinds[level];
  return {
    type: 'FeatureCollection',
    features: fc.features
      .filter((f) => kinds.includes(f.properties.kind))
      .map((f) => ({ ...f, properties: { ...f.properties, label: f.properties.name, name: f.properties.id } })),
  };
}

/** Markers for elements: a Point is itself, a line or polygon is shown at its bbox centre. */
export function elementSeriesData(fc: ElementFC) {
  const byKind = new Map<GridElementKind, { name: string; value: [number, number]; id: string }[]>();
  for (const f of fc.features) {
    if (!f.geometry) continue;
    const [lng, lat] = anchorOf(f.geometry as ElementGeometry);
    const list = byKind.get(f.properties.kind) ?? [];
    list.push({ name: f.properties.name, value: [lng, lat], id: f.properties.id });
    byKind.set(f.properties.kind, list);
  }
  return gridElementKinds.filter((k) => byKind.has(k)).map((kind) => ({ kind, data: byKind.get(kind) ?? [] }));
}

export interface AreaMapInput {
  areas: AreaFC;
  elements: ElementFC;
  level: MapLevel;
  locale: Locale;
  selectedId?: string | null;
  /** The grid found by "locate a point". */
  highlightId?: string | null;
  point?: [number, number] | null;
}

/** The full option of the map page: outlined regions, element scatter by kind with a legend, located point. */
export function buildAreaMapOption(input: AreaMapInput) {
  const { areas, elements, level, locale, selectedId, highlightId, point } = input;
  const shown = geoJsonForLevel(areas, level).features;
  const labelOf = new Map(shown.map((f) => [f.properties.id, f.properties]));
  const regions = shown.map((f) => {
    const style = kindStyle[f.properties.kind];
    const fill =
      f.properties.id === highlightId
        ? HIGHLIGHT_COLOR
        : f.properties.id === selectedId
          ? SELECTED_COLOR
          : style.areaColor;
    return { name: f.properties.id, itemStyle: { ...style, areaColor: fill } };
  });
  const groups = elementSeriesData(elements);
  const pointName = locale === 'en' ? 'Located point' : '定位点';
  return {
    backgroundColor: '#fafafa',
    tooltip: {
      trigger: 'item',
      formatter: (p: { componentType: string; name: string; seriesName?: string }) => {
        if (p.componentType === 'geo') {
          const props = labelOf.get(p.name);
          return props ? `${areaKindTags[props.kind][locale]} · ${escapeHtml(props.label)}` : '';
        }
        return `${escapeHtml(p.seriesName ?? '')} · ${escapeHtml(p.name)}`;
      },
    },
    legend: groups.length
      ? { bottom: 8, left: 'center', data: groups.map((g) => gridElementKindLabels[g.kind][locale]) }
      : undefined,
    geo: {
      map: mapNameFor(level),
      roam: true,
      aspectScale: Math.cos((37.5 * Math.PI) / 180), // keeps shapes true at Lüliang's latitude
      layoutCenter: ['50%', '48%'],
      layoutSize: '92%',
      label: { show: false },
      itemStyle: { areaColor: 'rgba(0,0,0,0)', borderColor: '#8c8c8c', borderWidth: 1 },
      emphasis: { label: { show: false }, itemStyle: { areaColor: 'rgba(22,119,255,0.18)' } },
      select: { disabled: true },
      regions,
    },
    series: [
      ...groups.map((g) => ({
        type: 'scatter',
        name: gridElementKindLabels[g.kind][locale],
        coordinateSystem: 'geo',
        symbolSize: 9,
        itemStyle: { color: elementColors[g.kind], borderColor: '#fff', borderWidth: 1 },
        data: g.data,
        zlevel: 1,
      })),
      ...(point
        ? [
            {
              type: 'effectScatter',
              name: pointName,
              coordinateSystem: 'geo',
              symbolSize: 14,
              itemStyle: { color: '#fa541c' },
              data: [{ name: `${point[0]}, ${point[1]}`, value: point }],
              zlevel: 2,
            },
          ]
        : []),
    ],
  };
}

/** The small preview of one boundary in the detail panel (no roam, no tooltip). */
export function buildBoundaryPreviewOption(mapName: string, kind: AreaKind) {
  const style = kindStyle[kind];
  return {
    backgroundColor: '#fafafa',
    geo: {
      map: mapName,
      roam: false,
      aspectScale: Math.cos((37.5 * Math.PI) / 180),
      layoutCenter: ['50%', '50%'],
      layoutSize: '90%',
      silent: true,
      itemStyle: { borderColor: style.borderColor, borderWidth: 2, areaColor: 'rgba(22,119,255,0.15)' },
    },
  };
}

/** A one-feature collection for registerMap from a stored boundary. */
export const previewGeoJson = (id: string, boundary: BoundaryGeometry) => ({
  type: 'FeatureCollection' as const,
  features: [{ type: 'Feature' as const, properties: { name: id }, geometry: boundary }],
});

/** Parses the lng/lat boxes of "locate a point"; null when they are not a WGS-84 position. */
export function parseLngLat(lng: string, lat: string): [number, number] | null {
  if (!lng.trim() || !lat.trim()) return null;
  const x = Number(lng);
  const y = Number(lat);
  if (!Number.isFinite(x) || !Number.isFinite(y) || x < -180 || x > 180 || y < -90 || y > 90) return null;
  return [x, y];
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

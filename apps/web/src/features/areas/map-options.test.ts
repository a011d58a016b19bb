import { describe, expect, it } from 'vitest';
import {
  buildAreaMapOption,
  buildBoundaryPreviewOption,
  elementColors,
  elementSeriesData,
  geoJsonForLevel,
  HIGHLIGHT_COLOR,
  mapNameFor,
  parseLngLat,
  SELECTED_COLOR,
} from './map-options';

const sq = (x: number, y: number, s = 0.01) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + s, y],
      [x + s, y + s],
      [x, y + s],
      [x, y],
    ],
  ],
});

const areas = {
  type: 'FeatureCollection' as const,
  features: [
    {
      type: 'Feature' as const,
      geometry: sq(111.1, 37.5, 0.1),
      properties: { id: '3', kind: 'street' as const, name: '交口街道', parentId: '2' },
    },
    {
      type: 'Feature' as const,
      geometry: sq(111.1, 37.5, 0.05),
      properties: { id: '4', kind: 'community' as const, name: '高家沟社区', parentId: '3' },
    },
    {
      type: 'Feature' as const,
      geometry: sq(111.1, 37.5),
      properties: { id: '5', kind: 'grid' as const, name: '第一网格', parentId: '4' },
    },
    {
      type: 'Feature' as const,
      geometry: sq(111.12, 37.5),
      properties: { id: '6', kind: 'grid' as const, name: '第一网格', parentId: '7' },
    },
  ],
};
const elements = {
  type: 'FeatureCollection' as const,
  features: [
    {
      type: 'Feature' as const,
      geometry: { type: 'Point', coordinates: [111.105, 37.505] },
      properties: { id: '1', kind: 'shop' as const, name: '超市', gridId: '5' },
    },
    {
      type: 'Feature' as const,
      geometry: {
        type: 'LineString',
        coordinates: [
          [111.1, 37.5],
          [111.2, 37.6],
        ],
      },
      properties: { id: '2', kind: 'road' as const, name: '滨河路', gridId: '5' },
    },
    {
      type: 'Feature' as const,
      geometry: { type: 'Point', coordinates: [111.11, 37.51] },
      properties: { id: '3', kind: 'shop' as const, name: '药店', gridId: '6' },
    },
  ],
};

describe('geoJsonForLevel', () => {
  it('keeps the features of the level, named by id (grid names repeat) with the real name as label', () => {
    const grids = geoJsonForLevel(areas, 'grid');
    expect(grids.features.map((f) => f.properties.name)).toEqual(['5', '6']);
    expect(grids.features.map((f) => f.properties.label)).toEqual(['第一网格', '第一网格']);
    expect(geoJsonForLevel(areas, 'street').features).toHaveLength(1);
    expect(geoJsonForLevel(areas, 'all').features).toHaveLength(4);
  });
});

describe('elementSeriesData', () => {
  it('groups by kind in the shared kind order and anchors lines at their bbox centre', () => {
    const groups = elementSeriesData(elements);
    expect(groups.map((g) => g.kind)).toEqual(['shop', 'road']);
    expect(groups[0]?.data.map((d) => d.name)).toEqual(['超市', '药店']);
    expect(groups[1]?.data[0]?.value).toEqual([111.15, 37.55]);
  });
});

describe('buildAreaMapOption', () => {
  it('draws our own GeoJSON through a roaming geo component, one scatter series per element kind', () => {
    const o = buildAreaMapOption({ areas, elements, level: 'all', locale: 'zh-CN' });
    expect(o.geo.map).toBe(mapNameFor('all'));
    expect(o.geo.roam).toBe(true);
    expect(o.geo.regions).toHaveLength(4);
    expect(o.series.map((s) => s.name)).toEqual(['商铺', '道路']);
    expect(o.series[0]).toMatchObject({
      type: 'scatter',
      coordinateSystem: 'geo',
      itemStyle: { color: elementColors.shop },
    });
    expect(o.legend?.data).toEqual(['商铺', '道路']);
    expect(JSON.stringify(o)).not.toMatch(/https?:\/\//);
  });

  it('highlights the located grid, marks the selected region, adds the point, and speaks English', () => {
    const o = buildAreaMapOption({
      areas,
      elements,
      level: 'grid',
      locale: 'en',
      selectedId: '6',
      highlightId: '5',
      point: [111.105, 37.505],
    });
    const fill = Object.fromEntries(o.geo.regions.map((r) => [r.name, r.itemStyle.areaColor]));
    expect(fill).toEqual({ '5': HIGHLIGHT_COLOR, '6': SELECTED_COLOR });
    const last = o.series[o.series.length - 1];
    expect(last).toMatchObject({ type: 'effectScatter', name: 'Located point', data: [{ value: [111.105, 37.505] }] });
    expect(o.legend?.data).toEqual(['Shop', 'Road']);
    const tip = o.tooltip.formatter({ componentType: 'geo', name: '5' });
    expect(tip).toBe('Grid · 第一网格');
  });

  it('omits the legend when there are no elements and escapes names in tooltips', () => {
    const evil = {
      type: 'FeatureCollection' as const,
      features: [{ ...areas.features[2], properties: { ...areas.features[2]!.properties, name: '<b>x</b>' } }],
    };
    const o = buildAreaMapOption({
      areas: evil as never,
      elements: { type: 'FeatureCollection', features: [] },
      level: 'grid',
      locale: 'zh-CN',
    });
    expect(o.legend).toBeUndefined();
    expect(o.series).toEqual([]);
    expect(o.tooltip.formatter({ componentType: 'geo', name: '5' })).toBe('网格 · &#60;b&#62;x&#60;/b&#62;');
  });
});

describe('preview and inputs', () => {
  it('builds a still preview of one boundary', () => {
    const o = buildBoundaryPreviewOption('preview-5', 'grid');
    expect(o.geo).toMatchObject({ map: 'preview-5', roam: false, silent: true });
  });
  it('parses lng/lat boxes', () => {
    expect(parseLngLat('111.15', '37.52')).toEqual([111.15, 37.52]);
    expect(parseLngLat('', '37')).toBeNull();
    expect(parseLngLat('181', '37')).toBeNull();
    expect(parseLngLat('abc', '37')).toBeNull();
  });
});

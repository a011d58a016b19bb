import { describe, expect, it } from 'vitest';
import { childKindOf, parentKindOf, pathAndAncestors, rekeyPath } from './areas.rules.js';
import { anchorOf, bboxOf, MAX_POSITIONS, parseBoundary, parseElementGeometry } from './geojson.js';

const square = [
  [111.1, 37.5],
  [111.2, 37.5],
  [111.2, 37.6],
  [111.1, 37.6],
  [111.1, 37.5],
];
const poly = { type: 'Polygon', coordinates: [square] };

describe('parseBoundary', () => {
  it('accepts a Polygon and computes its bbox', () => {
    const r = parseBoundary(poly);
    expect(r).toEqual({
      ok: true,
      geometry: poly,
      bbox: { minLng: 111.1, minLat: 37.5, maxLng: 111.2, maxLat: 37.6 },
    });
  });

  it('unwraps a Feature and merges a FeatureCollection into one MultiPolygon', () => {
    expect(parseBoundary({ type: 'Feature', properties: {}, geometry: poly })).toMatchObject({
      ok: true,
      geometry: poly,
    });
    const shifted = square.map(([x, y]) => [(x as number) + 1, y]);
    const r = parseBoundary({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {}, geometry: poly },
        { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[shifted]] } },
      ],
    });
    expect(r.ok && r.geometry.type).toBe('MultiPolygon');
    expect(r.ok && r.geometry.coordinates.length).toBe(2);
    expect(r.ok && r.bbox).toEqual({ minLng: 111.1, minLat: 37.5, maxLng: 112.2, maxLat: 37.6 });
  });

  it('drops altitude and rounds to 7 decimals', () => {
    const r = parseBoundary({
      type: 'Polygon',
      coordinates: [square.map(([x, y]) => [(x as number) + 1e-9, y, 900])],
    });
    expect(r.ok && r.geometry.coordinates[0]).toEqual(square);
  });

  it.each([
    ['not an object', 'hello', 'expected a GeoJSON object'],
    ['a Point', { type: 'Point', coordinates: [1, 2] }, 'not a Polygon'],
    ['an open ring', { type: 'Polygon', coordinates: [square.slice(0, 4).concat([[111.3, 37.7]])] }, 'not closed'],
    ['a short ring', { type: 'Polygon', coordinates: [[square[0], square[1], square[0]]] }, 'at least 4'],
    ['longitude out of range', { type: 'Polygon', coordinates: [square.map(([, y]) => [181, y])] }, 'longitude'],
    ['latitude out of range', { type: 'Polygon', coordinates: [square.map(([x]) => [x, -91])] }, 'latitude'],
    ['a string coordinate', { type: 'Polygon', coordinates: [[['1', 2], ...square.slice(1)]] }, 'finite numbers'],
    ['no rings', { type: 'Polygon', coordinates: [] }, 'at least one ring'],
    ['empty collection', { type: 'FeatureCollection', features: [] }, 'empty'],
    ['a null geometry', { type: 'Feature', geometry: null }, 'expected a geometry'],
  ])('rejects %s with a reason', (_label, input, reason) => {
    const r = parseBoundary(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(reason);
  });

  it('rejects NaN/Infinity and too many positions', () => {
    expect(parseBoundary({ type: 'Polygon', coordinates: [[[Number.NaN, 1], ...square.slice(1)]] }).ok).toBe(false);
    const n = MAX_POSITIONS + 10;
    const ring = Array.from({ length: n }, (_, i) => [100 + (i / n) * 10, 30 + Math.sin(i) * 0.001]);
    ring.push(ring[0] as number[]);
    const r = parseBoundary({ type: 'Polygon', coordinates: [ring] });
    expect(!r.ok && r.reason).toContain('too many positions');
  });
});

describe('parseElementGeometry', () => {
  it('accepts Point, LineString and Polygon', () => {
    expect(parseElementGeometry({ type: 'Point', coordinates: [111.15, 37.52] })).toMatchObject({
      ok: true,
      bbox: { minLng: 111.15, maxLng: 111.15 },
    });
    expect(parseElementGeometry({ type: 'LineString', coordinates: [square[0], square[2]] }).ok).toBe(true);
    expect(parseElementGeometry(poly).ok).toBe(true);
  });
  it('rejects other types and one-point lines', () => {
    expect(parseElementGeometry({ type: 'MultiPoint', coordinates: [] }).ok).toBe(false);
    expect(parseElementGeometry({ type: 'LineString', coordinates: [square[0]] }).ok).toBe(false);
    expect(parseElementGeometry({ type: 'Point', coordinates: [200, 0] }).ok).toBe(false);
  });
});

describe('bbox and anchor', () => {
  it('computes the bbox and centre', () => {
    expect(bboxOf({ type: 'Polygon', coordinates: [square as [number, number][]] })).toEqual({
      minLng: 111.1,
      minLat: 37.5,
      maxLng: 111.2,
      maxLat: 37.6,
    });
    expect(anchorOf({ type: 'Polygon', coordinates: [square as [number, number][]] })).toEqual([111.15, 37.55]);
  });
});

describe('area rules', () => {
  it('derives child and parent kinds', () => {
    expect(childKindOf('community')).toBe('grid');
    expect(childKindOf('grid')).toBeNull();
    expect(parentKindOf('grid')).toBe('community');
    expect(parentKindOf('city')).toBeNull();
  });
  it('re-keys descendants only', () => {
    expect(rekeyPath('/1/2/5/9/', '/1/2/5/', '/1/3/5/')).toBe('/1/3/5/9/');
    expect(rekeyPath('/1/2/50/', '/1/2/5/', '/1/3/5/')).toBe('/1/2/50/');
    expect(pathAndAncestors('/1/7/42/')).toEqual(['/', '/1/', '/1/7/', '/1/7/42/']);
    expect(pathAndAncestors('/')).toEqual(['/']);
  });
});

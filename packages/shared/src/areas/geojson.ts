/**
 * GeoJSON validation, normalisation and bounding boxes (pure; WGS-84 `[lng, lat]` everywhere).
 * Area boundaries accept Polygon, MultiPolygon, or a Feature / FeatureCollection of those, and are
 * stored as ONE geometry. Grid elements accept Point, LineString or Polygon. Every failure is a
 * `{ ok: false, reason }` — the server turns it into 400 INVALID_GEOJSON, never a 500.
 */

export type Position = [number, number];
export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}
export interface LineStringGeometry {
  type: 'LineString';
  coordinates: Position[];
}
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export type BoundaryGeometry = PolygonGeometry | MultiPolygonGeometry;
export type ElementGeometry = PointGeometry | LineStringGeometry | PolygonGeometry;
export interface BBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

export type Parsed<T> = { ok: true; geometry: T; bbox: BBox } | { ok: false; reason: string };

/** Upper bound on positions in one geometry (keeps requests and the in-memory index small). */
export const MAX_POSITIONS = 50_000;
/** Seven decimals ≈ 1 cm: more precision is noise and bloats the stored JSON. */
const round = (n: number) => Math.round(n * 1e7) / 1e7;

class GeoError extends Error {}
function fail(reason: string): never {
  throw new GeoError(reason);
}

interface Counter {
  n: number;
}

function position(v: unknown, where: string, count: Counter): Position {
  if (!Array.isArray(v) || v.length < 2 || v.length > 3) fail(`${where}: a position is [lng, lat]`);
  const [lng, lat] = v as unknown[];
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat))
    fail(`${where}: coordinates must be finite numbers`);
  if ((lng as number) < -180 || (lng as number) > 180) fail(`${where}: longitude ${lng} is outside -180..180`);
  if ((lat as number) < -90 || (lat as number) > 90) fail(`${where}: latitude ${lat} is outside -90..90`);
  if (++count.n > MAX_POSITIONS) fail(`too many positions (limit ${MAX_POSITIONS})`);
  return [round(lng as number), round(lat as number)];
}

function positions(v: unknown, where: string, count: Counter, min: number): Position[] {
  if (!Array.isArray(v)) fail(`${where}: expected an array of positions`);
  const arr = v as unknown[];
  if (arr.length < min) fail(`${where}: needs at least ${min} positions`);
  return arr.map((p, i) => position(p, `${where}[${i}]`, count));
}

function ring(v: unknown, where: string, count: Counter): Position[] {
  const ps = positions(v, where, count, 4);
  const a = ps[0] as Position;
  const b = ps[ps.length - 1] as Position;
  if (a[0] !== b[0] || a[1] !== b[1]) fail(`${where}: ring is not closed (first and last positions differ)`);
  return ps;
}

function polygon(v: unknown, where: string, count: Counter): Position[][] {
  if (!Array.isArray(v) || v.length === 0) fail(`${where}: a polygon needs at least one ring`);
  return (v as unknown[]).map((r, i) => ring(r, `${where}[${i}]`, count));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Polygons of one geometry object (Polygon or MultiPolygon). */
function polygonsOf(g: unknown, where: string, count: Counter): Position[][][] {
  if (!isObject(g)) fail(`${where}: expected a geometry object`);
  const geo = g as Record<string, unknown>;
  if (geo.type === 'Polygon') return [polygon(geo.coordinates, `${where}.coordinates`, count)];
  if (geo.type === 'MultiPolygon') {
    if (!Array.isArray(geo.coordinates) || geo.coordinates.length === 0)
      fail(`${where}.coordinates: a MultiPolygon needs at least one polygon`);
    return (geo.coordinates as unknown[]).map((p, i) => polygon(p, `${where}.coordinates[${i}]`, count));
  }
  return fail(`${where}: type ${String(geo.type)} is not a Polygon or MultiPolygon`);
}

function collectPolygons(input: unknown, count: Counter): Position[][][] {
  if (!isObject(input)) fail('expected a GeoJSON object');
  const o = input as Record<string, unknown>;
  if (o.type === 'FeatureCollection') {
    if (!Array.isArray(o.features) || o.features.length === 0) fail('features: the collection is empty');
    return (o.features as unknown[]).flatMap((f, i) => {
      if (!isObject(f) || f.type !== 'Feature') fail(`features[${i}]: expected a Feature`);
      return polygonsOf((f as Record<string, unknown>).geometry, `features[${i}].geometry`, count);
    });
  }
  if (o.type === 'Feature') return polygonsOf(o.geometry, 'geometry', count);
  return polygonsOf(o, 'geometry', count);
}

export function bboxOfPositions(ps: Iterable<Position>): BBox {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const [x, y] of ps) {
    if (x < minLng) minLng = x;
    if (x > maxLng) maxLng = x;
    if (y < minLat) minLat = y;
    if (y > maxLat) maxLat = y;
  }
  return { minLng, minLat, maxLng, maxLat };
}

function* positionsOf(g: BoundaryGeometry | ElementGeometry): Generator<Position> {
  if (g.type === 'Point') yield g.coordinates;
  else if (g.type === 'LineString') yield* g.coordinates;
  else if (g.type === 'Polygon') for (const r of g.coordinates) yield* r;
  else for (const p of g.coordinates) for (const r of p) yield* r;
}

export const bboxOf = (g: BoundaryGeometry | ElementGeometry): BBox => bboxOfPositions(positionsOf(g));

/** Validates an uploaded boundary and normalises it to one Polygon or MultiPolygon (altitude dropped). */
export function parseBoundary(input: unknown): Parsed<BoundaryGeometry> {
  try {
    const polys = collectPolygons(input, { n: 0 });
    const geometry: BoundaryGeometry =
      polys.length === 1
        ? { type: 'Polygon', coordinates: polys[0] as Position[][] }
        : { type: 'MultiPolygon', coordinates: polys };
    return { ok: true, geometry, bbox: bboxOf(geometry) };
  } catch (e) {
    if (e instanceof GeoError) return { ok: false, reason: e.message };
    throw e;
  }
}

/** Validates a grid element's geometry: Point, LineString or Polygon (a Feature wrapper is unwrapped). */
export function parseElementGeometry(input: unknown): Parsed<ElementGeometry> {
  try {
    if (!isObject(input)) fail('expected a GeoJSON geometry');
    const o = (input as Record<string, unknown>).type === 'Feature' ? (input as { geometry: unknown }).geometry : input;
    if (!isObject(o)) fail('geometry: expected a geometry object');
    const g = o as Record<string, unknown>;
    const count = { n: 0 };
    let geometry: ElementGeometry;
    if (g.type === 'Point') geometry = { type: 'Point', coordinates: position(g.coordinates, 'coordinates', count) };
    else if (g.type === 'LineString')
      geometry = { type: 'LineString', coordinates: positions(g.coordinates, 'coordinates', count, 2) };
    else if (g.type === 'Polygon')
      geometry = { type: 'Polygon', coordinates: polygon(g.coordinates, 'coordinates', count) };
    else return fail(`type ${String(g.type)} is not a Point, LineString or Polygon`);
    return { ok: true, geometry, bbox: bboxOf(geometry) };
  } catch (e) {
    if (e instanceof GeoError) return { ok: false, reason: e.message };
    throw e;
  }
}

/** A representative point for labels and map markers: the bbox centre (Points are themselves). */
export function anchorOf(g: BoundaryGeometry | ElementGeometry): Position {
  if (g.type === 'Point') return g.coordinates;
  const b = bboxOf(g);
  return [round((b.minLng + b.maxLng) / 2), round((b.minLat + b.maxLat) / 2)];
}

/**
 * Plausible boundaries for generated areas: a parent's convex polygon is cut recursively by slightly
 * tilted straight lines into k convex pieces of about equal area. The pieces tile the parent exactly
 * (each cut's two sides share the same computed points), never overlap, and — being convex — contain
 * their own centroid, which gives every grid a safe interior point for `GET /api/areas/locate`.
 * Coordinates are WGS-84 `[lng, lat]`; rings are kept open in memory and closed in GeoJSON.
 */
import type { Rng } from './random.js';

export type Pt = [number, number];
export type Ring = Pt[];

/** 离石区, roughly: lng 111.10–111.20, lat 37.48–37.56, corners cut so it is not a plain box. */
export const lishiOutline: Ring = [
  [111.112, 37.48],
  [111.19, 37.482],
  [111.2, 37.497],
  [111.198, 37.548],
  [111.184, 37.56],
  [111.115, 37.558],
  [111.1, 37.541],
  [111.101, 37.492],
];

/** 吕梁市, very roughly (only the tree's root; nothing is located by it). */
export const lvliangOutline: Ring = [
  [110.6, 36.7],
  [111.9, 36.75],
  [112.3, 37.4],
  [112.1, 38.4],
  [111.3, 38.7],
  [110.4, 38.1],
  [110.35, 37.3],
];

export function ringArea(r: Ring): number {
  let a = 0;
  for (let i = 0; i < r.length; i++) {
    const [x1, y1] = r[i] as Pt;
    const [x2, y2] = r[(i + 1) % r.length] as Pt;
    a += x1 * y2 - x2 * y1;
  }
  return a / 2;
}

export function centroid(r: Ring): Pt {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < r.length; i++) {
    const [x1, y1] = r[i] as Pt;
    const [x2, y2] = r[(i + 1) % r.length] as Pt;
    const f = x1 * y2 - x2 * y1;
    a += f;
    cx += (x1 + x2) * f;
    cy += (y1 + y2) * f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

export function bboxOfRing(r: Ring) {
  const xs = r.map((p) => p[0]);
  const ys = r.map((p) => p[1]);
  return { minLng: Math.min(...xs), minLat: Math.min(...ys), maxLng: Math.max(...xs), maxLat: Math.max(...ys) };
}

/** Sutherland–Hodgman against the half-plane `n·p ≤ t` (side -1) or `n·p ≥ t` (side 1). */
function clip(r: Ring, n: Pt, t: number, side: -1 | 1): Ring {
  const out: Ring = [];
  for (let i = 0; i < r.length; i++) {
    const a = r[i] as Pt;
    const b = r[(i + 1) % r.length] as Pt;
    const da = n[0] * a[0] + n[1] * a[1] - t;
    const db = n[0] * b[0] + n[1] * b[1] - t;
    if (side * da >= 0) out.push(a);
    if ((da < 0 && db > 0) || (da > 0 && db < 0)) {
      const s = da / (da - db);
      out.push([a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s]);
    }
  }
  return out;
}

/**
 * Cuts `r` into one convex piece per weight, each with about its weight's share of the area. Pieces
 * come out west → east and north → south (the first half of every cut is its west or north side),
 * which is the order they are numbered in (第一网格, 第二网格 …).
 */
export function splitRing(r: Ring, weights: readonly number[], rng: Rng): Ring[] {
  const k = weights.length;
  if (k <= 1) return [r];
  const k1 = Math.floor(k / 2);
  const sum = (ws: readonly number[]) => ws.reduce((a, b) => a + b, 0);
  const want = sum(weights.slice(0, k1)) / sum(weights);
  const box = bboxOfRing(r);
  // Work in a locally metric frame: a degree of longitude is cos(lat) as long as a degree of latitude.
  const c = Math.cos((((box.minLat + box.maxLat) / 2) * Math.PI) / 180);
  const wide = (box.maxLng - box.minLng) * c >= box.maxLat - box.minLat;
  const angle = (wide ? 0 : -Math.PI / 2) + (rng.next() - 0.5) * 0.5;
  const n: Pt = [Math.cos(angle) * c, Math.sin(angle)];
  const proj = r.map((p) => n[0] * p[0] + n[1] * p[1]);
  let lo = Math.min(...proj);
  let hi = Math.max(...proj);
  const total = ringArea(r);
  for (let i = 0; i < 48; i++) {
    const mid = (lo + hi) / 2;
    if (ringArea(clip(r, n, mid, -1)) / total < want) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  return [
    ...splitRing(clip(r, n, t, -1), weights.slice(0, k1), rng),
    ...splitRing(clip(r, n, t, 1), weights.slice(k1), rng),
  ];
}

/** A random point well inside a convex ring (shrunk towards the centroid, away from the edges). */
export function pointIn(r: Ring, rng: Rng, shrink = 0.75): Pt {
  const c = centroid(r);
  const tris = r.map((a, i) => {
    const b = r[(i + 1) % r.length] as Pt;
    return { a, b, w: Math.abs((a[0] - c[0]) * (b[1] - c[1]) - (b[0] - c[0]) * (a[1] - c[1])) };
  });
  let pick = rng.next() * tris.reduce((s, t) => s + t.w, 0);
  let tri = tris[tris.length - 1] as (typeof tris)[number];
  for (const t of tris) {
    pick -= t.w;
    if (pick <= 0) {
      tri = t;
      break;
    }
  }
  let u = rng.next();
  let v = rng.next();
  if (u + v > 1) [u, v] = [1 - u, 1 - v];
  const x = c[0] + (tri.a[0] - c[0]) * u + (tri.b[0] - c[0]) * v;
  const y = c[1] + (tri.a[1] - c[1]) * u + (tri.b[1] - c[1]) * v;
  return [round7(c[0] + (x - c[0]) * shrink), round7(c[1] + (y - c[1]) * shrink)];
}

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

/** GeoJSON Polygon text (closed ring, counter-clockwise exterior per RFC 7946). */
export function polygonJson(r: Ring): string {
  const ccw = ringArea(r) >= 0 ? r : [...r].reverse();
  const ring = [...ccw, ccw[0] as Pt].map((p) => [round7(p[0]), round7(p[1])]);
  return JSON.stringify({ type: 'Polygon', coordinates: [ring] });
}

export const pointJson = (p: Pt) => JSON.stringify({ type: 'Point', coordinates: p });
export const lineJson = (ps: Pt[]) => JSON.stringify({ type: 'LineString', coordinates: ps });

/**
 * Point → grid benchmark: 5,000 irregular grid polygons tiling a city-sized region, the SAME GridLocator
 * class the server uses, ≥ 100,000 random lookups after a warm-up. Prints p50/p99/max and lookups/s;
 * exits 1 when p99 ≥ 0.1 ms.   Run: npx tsx bench/locate.ts [--grids 5000] [--lookups 200000]
 */
import type { Position } from '@grassroots/shared/areas/geojson';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { GridLocator, type LocatorGrid } from '../apps/server/src/modules/areas/grid-locator.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const GRIDS = arg('grids', 5000);
const LOOKUPS = Math.max(100_000, arg('lookups', 200_000));
const WARMUP = 20_000;
const P99_LIMIT_MS = 0.1;

// A Lüliang-sized region (≈ 40 × 33 km around 离石区), split into COLS × ROWS cells.
const REGION = { minLng: 110.95, minLat: 37.4, maxLng: 111.4, maxLat: 37.7 };
const COLS = Math.ceil(Math.sqrt(GRIDS * 2));
const ROWS = Math.ceil(GRIDS / COLS);
const cellW = (REGION.maxLng - REGION.minLng) / COLS;
const cellH = (REGION.maxLat - REGION.minLat) / ROWS;

/** Deterministic pseudo-random in [0, 1) from integers (so shared corners/edges agree on both sides). */
function hash(...xs: number[]) {
  let h = 2166136261;
  for (const x of xs) h = Math.imul(h ^ (x | 0), 16777619) ^ (h >>> 13);
  return ((h >>> 0) % 1_000_003) / 1_000_003;
}

/** Lattice corner (i, j), jittered — border corners stay on the region's edge so the tiling is exact. */
function corner(i: number, j: number): Position {
  const jx = i === 0 || i === COLS ? 0 : (hash(1, i, j) - 0.5) * 0.5 * cellW;
  const jy = j === 0 || j === ROWS ? 0 : (hash(2, i, j) - 0.5) * 0.5 * cellH;
  return [REGION.minLng + i * cellW + jx, REGION.minLat + j * cellH + jy];
}

/**
 * Points strictly inside the edge a→b, bent sideways. The edge key makes both neighbours generate the
 * same points, so polygons share edges (a true tiling, no gaps or overlaps). 3–7 segments per edge.
 */
function edgePoints(a: Position, b: Position, key: number[]): Position[] {
  const segments = 3 + Math.floor(hash(3, ...key) * 5);
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const out: Position[] = [];
  for (let s = 1; s < segments; s++) {
    const t = s / segments;
    const bend = (hash(4, s, ...key) - 0.5) * 0.12; // sideways, relative to the edge length
    out.push([a[0] + dx * t - dy * bend, a[1] + dy * t + dx * bend]);
  }
  return out;
}

/** Edge between lattice corners, walked in the requested direction. */
function edge(i1: number, j1: number, i2: number, j2: number): Position[] {
  const forward = i1 < i2 || (i1 === i2 && j1 < j2);
  const [a, b] = forward
    ? [
        [i1, j1],
        [i2, j2],
      ]
    : [
        [i2, j2],
        [i1, j1],
      ];
  const pts = edgePoints(corner(a[0] as number, a[1] as number), corner(b[0] as number, b[1] as number), [
    ...(a as number[]),
    ...(b as number[]),
  ]);
  return forward ? pts : pts.reverse();
}

function cellPolygon(i: number, j: number): Position[] {
  const ring: Position[] = [];
  const walk: [number, number][] = [
    [i, j],
    [i + 1, j],
    [i + 1, j + 1],
    [i, j + 1],
  ];
  walk.forEach(([ci, cj], n) => {
    const [ni, nj] = walk[(n + 1) % 4] as [number, number];
    ring.push(corner(ci, cj), ...edge(ci, cj, ni, nj));
  });
  ring.push(ring[0] as Position);
  return ring;
}

function buildGrids(): LocatorGrid[] {
  const grids: LocatorGrid[] = [];
  for (let j = 0; j < ROWS; j++)
    for (let i = 0; i < COLS && grids.length < GRIDS; i++)
      grids.push({ id: grids.length + 1, geometry: { type: 'Polygon', coordinates: [cellPolygon(i, j)] } });
  return grids;
}

function percentile(sorted: Float64Array, p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

function main() {
  const grids = buildGrids();
  const vertices = grids.map((g) => (g.geometry.coordinates[0] as Position[]).length - 1);
  const t0 = performance.now();
  const locator = new GridLocator(grids);
  const buildMs = performance.now() - t0;

  // Points over the region's bbox plus a 2 % margin (some lookups miss, as real ones do).
  let seed = 42;
  const rnd = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const mLng = (REGION.maxLng - REGION.minLng) * 0.02;
  const mLat = (REGION.maxLat - REGION.minLat) * 0.02;
  const point = () =>
    [
      REGION.minLng - mLng + rnd() * (REGION.maxLng - REGION.minLng + 2 * mLng),
      REGION.minLat - mLat + rnd() * (REGION.maxLat - REGION.minLat + 2 * mLat),
    ] as const;

  for (let n = 0; n < WARMUP; n++) locator.locate(...point());

  const points = Array.from({ length: LOOKUPS }, point);
  const times = new Float64Array(LOOKUPS);
  let hits = 0;
  const start = process.hrtime.bigint();
  for (let n = 0; n < LOOKUPS; n++) {
    const [lng, lat] = points[n] as readonly [number, number];
    const s = process.hrtime.bigint();
    if (locator.locate(lng, lat) !== null) hits++;
    times[n] = Number(process.hrtime.bigint() - s) / 1e6;
  }
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  times.sort();
  const p50 = percentile(times, 0.5);
  const p99 = percentile(times, 0.99);
  const max = times[times.length - 1] as number;
  const insideShare =
    ((REGION.maxLng - REGION.minLng) * (REGION.maxLat - REGION.minLat)) /
    ((REGION.maxLng - REGION.minLng + 2 * mLng) * (REGION.maxLat - REGION.minLat + 2 * mLat));

  console.log(
    `locate bench: ${grids.length} grids (${COLS}×${ROWS} lattice, ${Math.min(...vertices)}–${Math.max(...vertices)} vertices, mean ${(vertices.reduce((a, b) => a + b, 0) / vertices.length).toFixed(1)})`,
  );
  console.log(`  index build   ${buildMs.toFixed(1)} ms`);
  console.log(
    `  lookups       ${LOOKUPS} after ${WARMUP} warm-up; hits ${hits} (${((hits / LOOKUPS) * 100).toFixed(1)} %, expected ≈ ${(insideShare * 100).toFixed(1)} %)`,
  );
  console.log(`  p50           ${(p50 * 1000).toFixed(2)} µs`);
  console.log(`  p99           ${(p99 * 1000).toFixed(2)} µs  (limit ${P99_LIMIT_MS * 1000} µs)`);
  console.log(`  max           ${(max * 1000).toFixed(2)} µs`);
  console.log(`  throughput    ${Math.round(LOOKUPS / (totalMs / 1000)).toLocaleString('en')} lookups/s (timed loop)`);
  if (!(p99 < P99_LIMIT_MS)) {
    console.error(`FAIL: p99 ${p99.toFixed(4)} ms ≥ ${P99_LIMIT_MS} ms`);
    process.exit(1);
  }
  // Every point inside the region must land in exactly one grid (a tiling has no holes).
  if (Math.abs(hits / LOOKUPS - insideShare) > 0.01) {
    console.error('FAIL: hit rate does not match the tiled share of the region — the tiling or the locator is wrong');
    process.exit(1);
  }
  // Baseline in the same run: the same answer without the R-tree (bbox test on every grid, then the exact test).
  const baseline = baselineLookupsPerSecond(grids, points.slice(0, 2_000));
  const indexed = LOOKUPS / (totalMs / 1000);
  console.log(
    `  baseline      ${Math.round(baseline).toLocaleString('en')} lookups/s (linear scan) — index is ${(indexed / baseline).toFixed(0)}× faster`,
  );
  console.log('OK: p99 < 0.1 ms');
}

function baselineLookupsPerSecond(grids: LocatorGrid[], points: (readonly [number, number])[]) {
  const boxes = grids.map((g) => {
    const ring = g.geometry.coordinates[0] as Position[];
    const xs = ring.map((p) => p[0] as number);
    const ys = ring.map((p) => p[1] as number);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const;
  });
  const start = performance.now();
  for (const [lng, lat] of points) {
    for (let i = 0; i < grids.length; i++) {
      const b = boxes[i] as readonly number[];
      if (lng < (b[0] as number) || lat < (b[1] as number) || lng > (b[2] as number) || lat > (b[3] as number))
        continue;
      if (booleanPointInPolygon([lng, lat], (grids[i] as LocatorGrid).geometry)) break;
    }
  }
  return points.length / ((performance.now() - start) / 1000);
}

main();

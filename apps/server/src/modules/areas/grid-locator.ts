/**
 * Point → grid. An in-memory Flatbush R-tree over the bboxes of grid boundaries narrows a lookup to
 * a handful of candidates; @turf/boolean-point-in-polygon decides. Pure (no DB): the server builds it
 * from the grids' boundaries, bench/locate.ts builds it from generated polygons — same class.
 */

import { type BoundaryGeometry, bboxOf } from '@grassroots/shared/areas/geojson';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';

export interface LocatorGrid<Id = number> {
  id: Id;
  geometry: BoundaryGeometry;
}

export class GridLocator<Id = number> {
  private readonly index: Flatbush | null;
  private readonly ids: Id[] = [];
  private readonly geometries: BoundaryGeometry[] = [];
  private readonly areas: number[] = [];
  /** Tie-break rank when two candidates have the same bbox area: the input order sorted by id. */
  private readonly ranks: number[] = [];

  constructor(grids: readonly LocatorGrid<Id>[]) {
    const sorted = [...grids].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.index = sorted.length ? new Flatbush(sorted.length) : null;
    sorted.forEach((g, i) => {
      const b = bboxOf(g.geometry);
      this.index?.add(b.minLng, b.minLat, b.maxLng, b.maxLat);
      this.ids.push(g.id);
      this.geometries.push(g.geometry);
      this.areas.push((b.maxLng - b.minLng) * (b.maxLat - b.minLat));
      this.ranks.push(i);
    });
    this.index?.finish();
  }

  get size() {
    return this.ids.length;
  }

  /**
   * The grid containing `[lng, lat]` (boundary inclusive), or null. When grids overlap the choice is
   * deterministic: the smallest bbox area wins (the more specific grid), then the lowest id.
   */
  locate(lng: number, lat: number): Id | null {
    if (!this.index) return null;
    const candidates = this.index.search(lng, lat, lng, lat);
    let best = -1;
    const point: [number, number] = [lng, lat];
    for (const i of candidates) {
      if (best >= 0 && !this.isBetter(i, best)) continue;
      if (booleanPointInPolygon(point, this.geometries[i] as BoundaryGeometry)) best = i;
    }
    return best < 0 ? null : (this.ids[best] as Id);
  }

  private isBetter(i: number, than: number) {
    const a = this.areas[i] as number;
    const b = this.areas[than] as number;
    return a < b || (a === b && (this.ranks[i] as number) < (this.ranks[than] as number));
  }
}

/**
 * A value rebuilt when a shared version counter changes — the multi-node cache of the locator.
 * Every node reads the counter (`settings['areas.geo_version']`) at most once per `everyMs`, so a
 * boundary change on one node reaches the others within that time; local writes call invalidate().
 */
export class VersionedCache<T> {
  private value: T | null = null;
  private version: string | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<T> | null = null;

  constructor(
    private readonly opts: {
      now: () => number;
      readVersion: () => Promise<string>;
      build: () => Promise<T>;
      everyMs?: number;
    },
  ) {}

  get(): Promise<T> {
    if (this.pending) return this.pending;
    const now = this.opts.now();
    if (this.value !== null && now - this.checkedAt < (this.opts.everyMs ?? 1000)) return Promise.resolve(this.value);
    this.pending = this.refresh(now).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forces a version check and a rebuild on the next get() (after a local change committed). */
  invalidate() {
    this.version = null;
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  private async refresh(now: number): Promise<T> {
    // Read the version BEFORE loading: a change committed in between only causes one extra rebuild.
    const v = await this.opts.readVersion();
    this.checkedAt = now;
    if (this.value === null || v !== this.version) {
      this.value = await this.opts.build();
      this.version = v;
    }
    return this.value;
  }
}

/**
 * The area tree (市 → 区/县 → 街道 → 社区/村 → 网格): reading in scope, create/rename/move/delete with
 * hierarchy rules and optimistic versions, GeoJSON boundaries, and point → grid location.
 * Every write and its audit row commit in one transaction, with the area's path as areaPath.
 */
import { type AreaKind, childKindOf, isMoveIntoSelf } from '@grassroots/shared/areas/areas.rules';
import type {
  AreaDetail,
  AreaFeatureProps,
  AreaTreeNode,
  CreateAreaBody,
  FeatureCollectionOf,
  LocateResponse,
  MoveAreaBody,
  UpdateAreaBody,
} from '@grassroots/shared/areas/areas.schema';
import { type BoundaryGeometry, parseBoundary } from '@grassroots/shared/areas/geojson';
import { AppError } from '@grassroots/shared/common/errors';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { EventBus } from '../../core/events.js';
import type { Principal } from '../../core/principal.js';
import { updateVersioned } from '../../core/versioned-update.js';
import type { Area } from '../../db/database.js';
import { allowedActions, assertReadable, assertWritable, canWriteParentOf, isAdmin } from './areas.access.js';
import { AreasRepository } from './areas.repository.js';
import { GridElementsService } from './grid-elements.service.js';
import { GridLocator, VersionedCache } from './grid-locator.js';

interface LocatorState {
  locator: GridLocator<number>;
  byId: Map<number, { id: number; kind: string; name: string; path: string }>;
}

export class AreasService {
  readonly repo = new AreasRepository();
  readonly elements: GridElementsService;
  private readonly locator: VersionedCache<LocatorState>;

  constructor(
    private ctx: AppContext,
    private events: EventBus,
  ) {
    this.elements = new GridElementsService(ctx, this);
    this.locator = new VersionedCache({
      now: () => ctx.clock.now(),
      readVersion: () => this.repo.geoVersion(ctx.db.kysely),
      build: () => this.buildLocator(),
    });
  }

  private get k() {
    return this.ctx.db.kysely;
  }

  async tree(p: Principal): Promise<AreaTreeNode[]> {
    const rows = await this.repo.listForTree(this.k, p.scope);
    const nodes = new Map<number, AreaTreeNode>();
    for (const r of rows) {
      const readOnly = !p.scope.areaPaths.some((s) => r.path.startsWith(s));
      nodes.set(r.id, {
        id: String(r.id),
        parentId: r.parentId == null ? null : String(r.parentId),
        kind: r.kind as AreaKind,
        name: r.name,
        code: r.code,
        path: r.path,
        sortOrder: r.sortOrder,
        hasBoundary: Number(r.hasBoundary) === 1,
        ...(readOnly ? { readOnly: true } : {}),
        children: [],
      });
    }
    const roots: AreaTreeNode[] = [];
    for (const r of rows) {
      const node = nodes.get(r.id) as AreaTreeNode;
      const parent = r.parentId == null ? undefined : nodes.get(r.parentId);
      (parent ? parent.children : roots).push(node);
    }
    return roots;
  }

  /** Readable area or 404. Other modules use this for single-area access. */
  async getReadable(p: Principal, id: number): Promise<Area> {
    const area = await this.repo.findById(this.k, id);
    assertReadable(p, area);
    return area;
  }

  async getWritable(p: Principal, id: number): Promise<Area> {
    const area = await this.repo.findById(this.k, id);
    assertWritable(p, area);
    return area;
  }

  async detail(p: Principal, id: number): Promise<AreaDetail> {
    const area = await this.getReadable(p, id);
    const [ancestors, counts] = await Promise.all([
      this.repo.ancestorsOf(this.k, area.path),
      this.repo.countsOf(this.k, area),
    ]);
    const hasBox = area.minLng != null && area.minLat != null && area.maxLng != null && area.maxLat != null;
    return {
      id: String(area.id),
      parentId: area.parentId == null ? null : String(area.parentId),
      kind: area.kind as AreaKind,
      childKind: childKindOf(area.kind as AreaKind),
      name: area.name,
      code: area.code,
      path: area.path,
      sortOrder: area.sortOrder,
      version: area.version,
      boundary: area.boundary ? (JSON.parse(area.boundary) as unknown) : null,
      bbox: hasBox ? ([area.minLng, area.minLat, area.maxLng, area.maxLat].map(Number) as never) : null,
      ancestors: ancestors.map((a) => ({ id: String(a.id), kind: a.kind as AreaKind, name: a.name })),
      counts,
      allowedActions: allowedActions(p, area),
      updatedAt: new Date(area.updatedAt).toISOString(),
    };
  }

  async create(p: Principal, actor: Actor, body: CreateAreaBody): Promise<AreaDetail> {
    let parent: Area | null = null;
    if (body.parentId === null) {
      if (!isAdmin(p)) throw new AppError('FORBIDDEN', { reason: 'only an administrator creates a city' });
    } else {
      parent = await this.getWritable(p, Number(body.parentId));
    }
    const kind = childKindOf((parent?.kind ?? null) as AreaKind | null);
    if (!kind || (body.kind && body.kind !== kind))
      throw new AppError('INVALID_HIERARCHY', { parentKind: parent?.kind ?? null, expected: kind, got: body.kind });
    const created = await this.k.transaction().execute(async (trx) => {
      const now = this.ctx.clock.now();
      const row = await this.repo.insert(trx, {
        parentId: parent?.id ?? null,
        parentPath: parent?.path ?? null,
        kind,
        name: body.name,
        code: body.code ?? null,
        now,
      });
      await this.ctx.audit.write(trx, actor, {
        action: 'area.create',
        entityType: 'area',
        entityId: row.id,
        areaPath: row.path,
        summary: { kind, name: body.name, code: body.code ?? null, parentId: parent?.id ?? null },
      });
      return row;
    });
    return this.detail(p, created.id);
  }

  async update(p: Principal, actor: Actor, id: number, body: UpdateAreaBody): Promise<AreaDetail> {
    const area = await this.getWritable(p, id);
    const set = { name: body.name, code: body.code === undefined ? undefined : body.code, sortOrder: body.sortOrder };
    await this.k.transaction().execute(async (trx) => {
      const conflict = { current: area.version };
      await updateVersioned(trx, 'areas', id, body.version, { ...set, updatedAt: this.ctx.clock.now() }, conflict);
      const changes = Object.fromEntries(
        Object.entries(set)
          .filter(([key, v]) => v !== undefined && area[key as keyof Area] !== v)
          .map(([key, v]) => [key, { from: area[key as keyof Area], to: v }]),
      );
      await this.ctx.audit.write(trx, actor, {
        action: 'area.update',
        entityType: 'area',
        entityId: id,
        areaPath: area.path,
        summary: changes,
      });
    });
    return this.detail(p, id);
  }

  /** Moves a subtree under a new parent of the right level, re-keying every path in one transaction. */
  async move(p: Principal, actor: Actor, id: number, body: MoveAreaBody): Promise<AreaDetail> {
    const area = await this.getWritable(p, id);
    const target = await this.getWritable(p, Number(body.parentId));
    if (!canWriteParentOf(p, area))
      throw new AppError('FORBIDDEN', { reason: 'the current parent is outside your scope' });
    if (isMoveIntoSelf(area.path, target.path)) throw new AppError('INVALID_MOVE');
    if (childKindOf(target.kind as AreaKind) !== area.kind)
      throw new AppError('INVALID_HIERARCHY', { parentKind: target.kind, kind: area.kind });
    const oldPath = area.path;
    const newPath = `${target.path}${area.id}/`;
    await this.k.transaction().execute(async (trx) => {
      const now = this.ctx.clock.now();
      const set = { parentId: target.id, updatedAt: now };
      await updateVersioned(trx, 'areas', id, body.version, set, { current: area.version });
      await this.repo.rekeySubtree(trx, oldPath, newPath);
      await this.events.emit('area.moved', { oldPath, newPath }, trx);
      await this.repo.bumpGeoVersion(trx, now);
      await this.ctx.audit.write(trx, actor, {
        action: 'area.move',
        entityType: 'area',
        entityId: id,
        areaPath: newPath,
        summary: { fromParentId: area.parentId, toParentId: target.id, fromPath: oldPath, toPath: newPath },
      });
    });
    this.locator.invalidate();
    return this.detail(p, id);
  }

  async remove(p: Principal, actor: Actor, id: number) {
    const area = await this.getWritable(p, id);
    if (!canWriteParentOf(p, area)) throw new AppError('FORBIDDEN', { reason: 'the parent is outside your scope' });
    await this.k.transaction().execute(async (trx) => {
      const deps = await this.repo.dependentsOf(trx, id);
      if (Object.values(deps).some((n) => n > 0)) throw new AppError('AREA_NOT_EMPTY', deps);
      await this.repo.delete(trx, id);
      await this.repo.bumpGeoVersion(trx, this.ctx.clock.now());
      await this.ctx.audit.write(trx, actor, {
        action: 'area.delete',
        entityType: 'area',
        entityId: id,
        areaPath: area.path,
        summary: { kind: area.kind, name: area.name, parentId: area.parentId },
      });
    });
    this.locator.invalidate();
  }

  async putBoundary(p: Principal, actor: Actor, id: number, input: unknown): Promise<AreaDetail> {
    const area = await this.getWritable(p, id);
    const parsed = parseBoundary(input);
    if (!parsed.ok) throw new AppError('INVALID_GEOJSON', { reason: parsed.reason });
    await this.writeBoundary(actor, area, parsed.geometry, parsed.bbox);
    return this.detail(p, id);
  }

  async deleteBoundary(p: Principal, actor: Actor, id: number): Promise<AreaDetail> {
    const area = await this.getWritable(p, id);
    await this.writeBoundary(actor, area, null, null);
    return this.detail(p, id);
  }

  private async writeBoundary(
    actor: Actor,
    area: Area,
    geometry: BoundaryGeometry | null,
    bbox: Parameters<AreasRepository['setBoundary']>[3],
  ) {
    await this.k.transaction().execute(async (trx) => {
      const now = this.ctx.clock.now();
      await this.repo.setBoundary(trx, area.id, geometry ? JSON.stringify(geometry) : null, bbox, now);
      await this.repo.bumpGeoVersion(trx, now);
      await this.ctx.audit.write(trx, actor, {
        action: geometry ? 'area.boundary_set' : 'area.boundary_removed',
        entityType: 'area',
        entityId: area.id,
        areaPath: area.path,
        summary: geometry ? { type: geometry.type, bbox } : {},
      });
    });
    this.locator.invalidate();
  }

  /** The grid containing a WGS-84 point, with its ancestors; 404 AREA_NOT_FOUND when none. */
  async locate(lng: number, lat: number): Promise<LocateResponse> {
    const { locator, byId } = await this.locator.get();
    const id = locator.locate(lng, lat);
    const grid = id == null ? undefined : byId.get(id);
    if (!grid) throw new AppError('AREA_NOT_FOUND', { lng, lat });
    const ancestors = grid.path
      .split('/')
      .filter(Boolean)
      .slice(0, -1)
      .map((a) => byId.get(Number(a)))
      .filter((a) => a !== undefined)
      .map((a) => ({ id: String(a.id), kind: a.kind as AreaKind, name: a.name }));
    return { id: String(grid.id), name: grid.name, path: grid.path, ancestors };
  }

  private async buildLocator(): Promise<LocatorState> {
    const { grids, names } = await this.repo.locatorSource(this.k);
    const locator = new GridLocator(
      grids.map((g) => ({ id: g.id, geometry: JSON.parse(g.boundary as string) as BoundaryGeometry })),
    );
    return { locator, byId: new Map(names.map((n) => [n.id, n])) };
  }

  /** Boundaries in scope as a FeatureCollection for the offline map. */
  async geojson(p: Principal, rootId: number | undefined, kinds: AreaKind[] | undefined) {
    const root = rootId ? await this.getReadable(p, rootId) : null;
    const rows = await this.repo.boundaries(this.k, p.scope, root?.path ?? null, kinds);
    const fc: FeatureCollectionOf<AreaFeatureProps> = {
      type: 'FeatureCollection',
      features: rows.map((r) => ({
        type: 'Feature',
        id: String(r.id),
        geometry: JSON.parse(r.boundary as string) as unknown,
        properties: {
          id: String(r.id),
          kind: r.kind as AreaKind,
          name: r.name,
          parentId: r.parentId == null ? null : String(r.parentId),
        },
      })),
    };
    return fc;
  }
}

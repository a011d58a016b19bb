/**
 * Grid elements (网格要素, "全要素一网通管"): institutions, shops, roads, wells, rivers … each in one grid,
 * with a kind, code, optional geometry and a responsible person (a duty phone, public by nature).
 * Access goes through the grid: read in scope, write with areas.write on the grid's subtree.
 */

import type { GridElementKind } from '@grassroots/shared/areas/areas.rules';
import type {
  ElementFeatureProps,
  FeatureCollectionOf,
  GridElementBody,
  GridElementView,
  UpdateGridElementBody,
} from '@grassroots/shared/areas/areas.schema';
import { parseElementGeometry } from '@grassroots/shared/areas/geojson';
import { AppError } from '@grassroots/shared/common/errors';
import type { Page } from '@grassroots/shared/common/pagination';
import type { Actor } from '../../core/audit.js';
import { diff } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import type { Area } from '../../db/database.js';
import type { AreasService } from './areas.service.js';
import { type GridElementRow, GridElementsRepository } from './grid-elements.repository.js';

const toView = (r: GridElementRow): GridElementView => ({
  id: String(r.id),
  gridId: String(r.gridId),
  gridName: r.gridName,
  kind: r.kind as GridElementKind,
  name: r.name,
  code: r.code,
  geometry: r.geometry ? (JSON.parse(r.geometry) as unknown) : null,
  responsibleName: r.responsibleName,
  responsiblePhone: r.responsiblePhone,
  updatedAt: new Date(r.updatedAt).toISOString(),
});

function geometryJson(input: Record<string, unknown> | null | undefined) {
  if (input == null) return null;
  const parsed = parseElementGeometry(input);
  if (!parsed.ok) throw new AppError('INVALID_GEOJSON', { reason: parsed.reason });
  return JSON.stringify(parsed.geometry);
}

export class GridElementsService {
  private readonly repo: GridElementsRepository;

  constructor(
    private ctx: AppContext,
    private areas: AreasService,
  ) {
    this.repo = new GridElementsRepository(ctx.db);
  }

  /** Elements under an area (a grid, or any area: its whole subtree). */
  async list(
    p: Principal,
    areaId: number,
    f: { kind?: string; q?: string; page: number; pageSize: number },
  ): Promise<Page<GridElementView>> {
    const area = await this.areas.getReadable(p, areaId);
    const { items, total } = await this.repo.page(p.scope, area.path, f);
    return { items: items.map(toView), total, page: f.page, pageSize: f.pageSize };
  }

  private async writableGrid(p: Principal, gridId: number): Promise<Area> {
    const grid = await this.areas.getWritable(p, gridId);
    if (grid.kind !== 'grid') throw new AppError('INVALID_HIERARCHY', { reason: 'grid elements belong to a grid' });
    return grid;
  }

  private async writableElement(p: Principal, id: number) {
    const row = await this.repo.find(this.ctx.db.kysely, id);
    if (!row || !coversPath(p.scope, row.areaPath)) throw new AppError('NOT_FOUND');
    await this.writableGrid(p, row.gridId);
    return row;
  }

  async create(p: Principal, actor: Actor, body: GridElementBody): Promise<GridElementView> {
    const grid = await this.writableGrid(p, Number(body.gridId));
    const geometry = geometryJson(body.geometry);
    const k = this.ctx.db.kysely;
    const id = await k.transaction().execute(async (trx) => {
      const now = this.ctx.clock.now();
      const newId = await this.repo.insert(trx, {
        gridId: grid.id,
        areaPath: grid.path,
        kind: body.kind,
        name: body.name,
        code: body.code ?? null,
        geometry,
        responsibleName: body.responsibleName ?? null,
        responsiblePhone: body.responsiblePhone ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await this.ctx.audit.write(trx, actor, {
        action: 'grid_element.create',
        entityType: 'grid_element',
        entityId: newId,
        areaPath: grid.path,
        summary: { kind: body.kind, name: body.name, gridId: grid.id },
      });
      return newId;
    });
    return toView((await this.repo.find(k, id)) as GridElementRow);
  }

  async update(p: Principal, actor: Actor, id: number, body: UpdateGridElementBody): Promise<GridElementView> {
    const row = await this.writableElement(p, id);
    const grid = body.gridId ? await this.writableGrid(p, Number(body.gridId)) : null;
    const set = {
      gridId: grid?.id,
      areaPath: grid?.path,
      kind: body.kind,
      name: body.name,
      code: body.code,
      geometry: body.geometry === undefined ? undefined : geometryJson(body.geometry),
      responsibleName: body.responsibleName,
      responsiblePhone: body.responsiblePhone,
    };
    const k = this.ctx.db.kysely;
    await k.transaction().execute(async (trx) => {
      await this.repo.update(trx, id, { ...set, updatedAt: this.ctx.clock.now() });
      const { geometry: _g, ...summary } = diff(row as unknown as Record<string, unknown>, set);
      await this.ctx.audit.write(trx, actor, {
        action: 'grid_element.update',
        entityType: 'grid_element',
        entityId: id,
        areaPath: grid?.path ?? row.areaPath,
        summary: { ...summary, ...(_g ? { geometry: 'changed' } : {}) },
      });
    });
    return toView((await this.repo.find(k, id)) as GridElementRow);
  }

  async remove(p: Principal, actor: Actor, id: number) {
    const row = await this.writableElement(p, id);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await this.repo.delete(trx, id);
      await this.ctx.audit.write(trx, actor, {
        action: 'grid_element.delete',
        entityType: 'grid_element',
        entityId: id,
        areaPath: row.areaPath,
        summary: { kind: row.kind, name: row.name, gridId: row.gridId },
      });
    });
  }

  async geojson(p: Principal, rootId: number | undefined): Promise<FeatureCollectionOf<ElementFeatureProps>> {
    const root = rootId ? await this.areas.getReadable(p, rootId) : null;
    const rows = await this.repo.withGeometry(p.scope, root?.path ?? null);
    return {
      type: 'FeatureCollection',
      features: rows.map((r) => ({
        type: 'Feature',
        id: String(r.id),
        geometry: JSON.parse(r.geometry as string) as unknown,
        properties: { id: String(r.id), kind: r.kind as GridElementKind, name: r.name, gridId: String(r.gridId) },
      })),
    };
  }
}

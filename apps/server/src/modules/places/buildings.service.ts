/** Buildings (楼栋): in a grid, optionally in a compound of that grid's community; rooms with area and owner. */
import { randomBytes } from 'node:crypto';
import { AppError } from '@grassroots/shared/common/errors';
import { publicCodeFrom } from '@grassroots/shared/places/places.rules';
import type {
  BuildingDetail,
  BuildingView,
  CreateBuildingBody,
  UpdateBuildingBody,
} from '@grassroots/shared/places/places.schema';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import { diff } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { updateVersioned } from '../../core/versioned-update.js';
import type { Database } from '../../db/database.js';
import { BuildingsRepository } from './buildings.repository.js';
import { actionsFor, assertWrite, canRead, optId, readable } from './places.access.js';

export type BuildingRow = NonNullable<Awaited<ReturnType<BuildingsRepository['find']>>>;
type Input = { gridId?: string; compoundId?: string | null };

/** 12 base32 characters = 60 random bits: unguessable, short enough for a QR code on a door. */
export const newPublicCode = () => publicCodeFrom(randomBytes(16));

export class BuildingsService {
  readonly repo: BuildingsRepository;
  constructor(private ctx: AppContext) {
    this.repo = new BuildingsRepository(ctx.db);
  }

  view(p: Principal, r: BuildingRow): BuildingView {
    return {
      id: String(r.id),
      name: r.name,
      address: r.address,
      gridId: String(r.gridId),
      gridName: r.gridName,
      compoundId: optId(r.compoundId),
      compoundName: r.compoundName ?? null,
      units: r.units,
      floors: r.floors,
      lng: r.lng,
      lat: r.lat,
      publicCode: r.publicCode,
      roomCount: Number(r.roomCount ?? 0),
      householdCount: Number(r.householdCount ?? 0),
      version: r.version,
      allowedActions: actionsFor(p, 'areas.write', r.areaPath),
    };
  }

  async list(p: Principal, f: { compoundId?: string; gridId?: string; q?: string; page: number; pageSize: number }) {
    const { rows, total } = await this.repo.list(p.scope, {
      compoundId: f.compoundId ? Number(f.compoundId) : undefined,
      gridId: f.gridId ? Number(f.gridId) : undefined,
      q: f.q,
      page: f.page,
      pageSize: f.pageSize,
    });
    return { items: rows.map((r) => this.view(p, r)), total, page: f.page, pageSize: f.pageSize };
  }

  async getRow(p: Principal, id: number) {
    return readable(p, await this.repo.find(id));
  }

  async get(p: Principal, id: number): Promise<BuildingDetail> {
    const r = await this.getRow(p, id);
    const names = await this.repo.ancestry(r.communityId);
    return { ...this.view(p, r), communityId: optId(r.communityId), ...names };
  }

  /** The grid must be writable; a compound must belong to the grid's community (PLACE_MISMATCH otherwise). */
  private async resolve(k: Kysely<Database>, p: Principal, input: Input, before?: BuildingRow) {
    const gridId = input.gridId ? Number(input.gridId) : (before?.gridId as number);
    const grid = await this.repo.area(k, gridId);
    if (!grid || !canRead(p, grid.path)) throw new AppError('NOT_FOUND', { gridId: input.gridId });
    if (grid.kind !== 'grid') throw new AppError('VALIDATION_FAILED', [{ path: 'body.gridId', message: '请选择网格' }]);
    assertWrite(p, 'areas.write', grid.path);
    const compoundId =
      input.compoundId !== undefined
        ? input.compoundId
          ? Number(input.compoundId)
          : null
        : (before?.compoundId ?? null);
    if (compoundId != null) {
      const compound = await this.repo.compound(k, compoundId);
      if (!compound) throw new AppError('NOT_FOUND', { compoundId });
      if (compound.areaId !== grid.parentId) throw new AppError('PLACE_MISMATCH', { compoundId, gridId });
    }
    return { gridId: grid.id, areaPath: grid.path, compoundId };
  }

  async create(p: Principal, actor: Actor, body: CreateBuildingBody) {
    const { db, clock, audit } = this.ctx;
    const id = await db.kysely.transaction().execute(async (trx) => {
      const place = await this.resolve(trx, p, body);
      const now = clock.now();
      const id = await this.repo.insert(trx, {
        ...place,
        name: body.name,
        address: body.address ?? null,
        units: body.units,
        floors: body.floors,
        lng: body.lng ?? null,
        lat: body.lat ?? null,
        publicCode: newPublicCode(),
        createdAt: now,
        updatedAt: now,
      });
      await audit.write(trx, actor, {
        action: 'building.create',
        entityType: 'building',
        entityId: id,
        areaPath: place.areaPath,
        summary: { name: body.name, gridId: place.gridId, compoundId: place.compoundId },
      });
      return id;
    });
    return this.get(p, id);
  }

  async update(p: Principal, actor: Actor, id: number, body: UpdateBuildingBody) {
    const { db, clock, audit } = this.ctx;
    const before = await this.getRow(p, id);
    assertWrite(p, 'areas.write', before.areaPath);
    await db.kysely.transaction().execute(async (trx) => {
      const place = await this.resolve(trx, p, body, before);
      const now = clock.now();
      const change = {
        ...place,
        name: body.name,
        address: body.address,
        units: body.units,
        floors: body.floors,
        lng: body.lng,
        lat: body.lat,
      };
      await updateVersioned(trx, 'buildings', id, body.version, { ...change, updatedAt: now });
      if (place.gridId !== before.gridId) await this.repo.moveHouseholds(trx, id, place.gridId, place.areaPath, now);
      await audit.write(trx, actor, {
        action: 'building.update',
        entityType: 'building',
        entityId: id,
        areaPath: place.areaPath,
        summary: diff(before as unknown as Record<string, unknown>, change),
      });
    });
    return this.get(p, id);
  }

  async delete(p: Principal, actor: Actor, id: number) {
    const { db, audit } = this.ctx;
    const before = await this.getRow(p, id);
    assertWrite(p, 'areas.write', before.areaPath);
    await db.kysely.transaction().execute(async (trx) => {
      if (!(await this.repo.isEmpty(trx, id))) throw new AppError('NOT_EMPTY', { roomsOrHouseholds: true });
      await this.repo.delete(trx, id);
      await audit.write(trx, actor, {
        action: 'building.delete',
        entityType: 'building',
        entityId: id,
        areaPath: before.areaPath,
        summary: { name: before.name },
      });
    });
  }
}

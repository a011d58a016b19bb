/** Rooms of a building: generated in bulk (idempotent) or one by one; floor area and owner editable. */
import { AppError } from '@grassroots/shared/common/errors';
import { MAX_GENERATED_ROOMS, planRooms } from '@grassroots/shared/places/places.rules';
import type { CreateRoomBody, RoomView, UpdateRoomBody } from '@grassroots/shared/places/places.schema';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import type { BuildingsService } from './buildings.service.js';
import { assertWrite, readable } from './places.access.js';

export class RoomsService {
  constructor(
    private ctx: AppContext,
    private buildings: BuildingsService,
  ) {}

  private get repo() {
    return this.buildings.repo;
  }

  async list(p: Principal, buildingId: number, roomId?: number): Promise<{ items: RoomView[] }> {
    await this.buildings.getRow(p, buildingId);
    const rows = await this.repo.rooms(buildingId, roomId);
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        buildingId: String(r.buildingId),
        unit: r.unit,
        number: r.number,
        floor: r.floor,
        floorArea: r.floorArea,
        ownerName: r.ownerName,
        householdCount: Number(r.householdCount ?? 0),
      })),
    };
  }

  /** Creates every unit × floor × room that does not exist yet; running it twice creates nothing new. */
  async generate(
    p: Principal,
    actor: Actor,
    buildingId: number,
    body: { roomsPerFloor: number; defaultFloorArea?: number | null },
  ) {
    const b = await this.buildings.getRow(p, buildingId);
    assertWrite(p, 'areas.write', b.areaPath);
    const plan = planRooms(b.units, b.floors, body.roomsPerFloor);
    if (plan.length > MAX_GENERATED_ROOMS)
      throw new AppError('VALIDATION_FAILED', [
        { path: 'body.roomsPerFloor', message: `最多生成 ${MAX_GENERATED_ROOMS} 间` },
      ]);
    return this.ctx.db.kysely.transaction().execute(async (trx) => {
      const existing = new Set((await this.repo.roomKeys(trx, buildingId)).map((r) => `${r.unit}|${r.number}`));
      const now = this.ctx.clock.now();
      const rows = plan
        .filter((r) => !existing.has(`${r.unit}|${r.number}`))
        .map((r) => ({ ...r, buildingId, floorArea: body.defaultFloorArea ?? null, createdAt: now }));
      await this.repo.insertRooms(trx, rows);
      await this.ctx.audit.write(trx, actor, {
        action: 'room.generate',
        entityType: 'building',
        entityId: buildingId,
        areaPath: b.areaPath,
        summary: { roomsPerFloor: body.roomsPerFloor, created: rows.length },
      });
      return { created: rows.length, skipped: plan.length - rows.length };
    });
  }

  async create(p: Principal, actor: Actor, buildingId: number, body: CreateRoomBody) {
    const b = await this.buildings.getRow(p, buildingId);
    assertWrite(p, 'areas.write', b.areaPath);
    const unit = body.unit.trim();
    const number = body.number.trim();
    const id = await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const keys = await this.repo.roomKeys(trx, buildingId);
      if (keys.some((k) => k.unit === unit && k.number === number)) throw new AppError('DUPLICATE', { unit, number });
      const id = await this.repo.insertRoom(trx, {
        buildingId,
        unit,
        number,
        floor: body.floor ?? null,
        floorArea: body.floorArea ?? null,
        ownerName: body.ownerName ?? null,
        createdAt: this.ctx.clock.now(),
      });
      await this.ctx.audit.write(trx, actor, {
        action: 'room.create',
        entityType: 'room',
        entityId: id,
        areaPath: b.areaPath,
        summary: { buildingId, unit, number },
      });
      return id;
    });
    return this.getView(p, id);
  }

  private async getRoomRow(p: Principal, id: number) {
    return readable(p, await this.repo.room(id));
  }

  async getView(p: Principal, id: number): Promise<RoomView> {
    const r = await this.getRoomRow(p, id);
    const all = await this.list(p, r.buildingId, id);
    const v = all.items.find((x) => x.id === String(id));
    if (!v) throw new AppError('NOT_FOUND');
    return v;
  }

  async update(p: Principal, actor: Actor, id: number, body: UpdateRoomBody) {
    const r = await this.getRoomRow(p, id);
    assertWrite(p, 'areas.write', r.areaPath);
    const change = { floorArea: body.floorArea, ownerName: body.ownerName };
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await this.repo.updateRoom(trx, id, change);
      await this.ctx.audit.write(trx, actor, {
        action: 'room.update',
        entityType: 'room',
        entityId: id,
        areaPath: r.areaPath,
        // Owner names are personal data: record that it changed, not the names.
        summary: {
          floorArea: change.floorArea === undefined ? undefined : { from: r.floorArea, to: change.floorArea },
          ownerChanged: change.ownerName !== undefined && change.ownerName !== r.ownerName,
        },
      });
    });
    return this.getView(p, id);
  }

  async delete(p: Principal, actor: Actor, id: number) {
    const r = await this.getRoomRow(p, id);
    assertWrite(p, 'areas.write', r.areaPath);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      if (await this.repo.roomHasHousehold(trx, id)) throw new AppError('NOT_EMPTY', { households: true });
      await this.repo.deleteRoom(trx, id);
      await this.ctx.audit.write(trx, actor, {
        action: 'room.delete',
        entityType: 'room',
        entityId: id,
        areaPath: r.areaPath,
        summary: { buildingId: r.buildingId, unit: r.unit, number: r.number },
      });
    });
  }
}

/**
 * Households (户): in a room of a building (address derived) or, rural, under a grid with a free address.
 * Phones are encrypted at rest with a keyed hash for exact search and leave the server only masked.
 */
import { AppError } from '@grassroots/shared/common/errors';
import { isPhoneQuery, normalisePhone, roomAddress } from '@grassroots/shared/places/places.rules';
import type {
  CreateHouseholdBody,
  HouseholdDetail,
  HouseholdView,
  UpdateHouseholdBody,
} from '@grassroots/shared/places/places.schema';
import { maskPhone } from '@grassroots/shared/privacy/masking';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { updateVersioned } from '../../core/versioned-update.js';
import type { Database } from '../../db/database.js';
import { HouseholdsRepository } from './households.repository.js';
import { actionsFor, assertWrite, canRead, optId, readable } from './places.access.js';

export type HouseholdRow = NonNullable<Awaited<ReturnType<HouseholdsRepository['find']>>>;
type Location = { buildingId?: string; roomId?: string; gridId?: string; address?: string };

const parseTags = (s: string): string[] => {
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

export class HouseholdsService {
  readonly repo: HouseholdsRepository;
  constructor(private ctx: AppContext) {
    this.repo = new HouseholdsRepository(ctx.db);
  }

  private view(p: Principal, r: HouseholdRow): HouseholdView {
    return {
      id: String(r.id),
      address: r.address,
      headName: r.headName,
      phoneMasked: r.phoneEnc ? maskPhone(this.ctx.pii.decrypt(r.phoneEnc)) : null,
      tags: parseTags(r.tags),
      noSmartphone: r.noSmartphone === 1,
      gridId: String(r.gridId),
      gridName: r.gridName,
      buildingId: optId(r.buildingId),
      roomId: optId(r.roomId),
      version: r.version,
      allowedActions: actionsFor(p, 'households.write', r.areaPath),
    };
  }

  private detail(p: Principal, r: HouseholdRow): HouseholdDetail {
    return {
      ...this.view(p, r),
      buildingName: r.buildingName ?? null,
      compoundName: r.compoundName ?? null,
      roomUnit: r.roomUnit ?? null,
      roomNumber: r.roomNumber ?? null,
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
    };
  }

  async list(
    p: Principal,
    f: { gridId?: string; buildingId?: string; q?: string; noSmartphone?: boolean; page: number; pageSize: number },
  ) {
    const phoneHash = f.q && isPhoneQuery(f.q) ? this.ctx.pii.hash(normalisePhone(f.q)) : undefined;
    const { rows, total } = await this.repo.list(p.scope, {
      gridId: f.gridId ? Number(f.gridId) : undefined,
      buildingId: f.buildingId ? Number(f.buildingId) : undefined,
      q: f.q,
      phoneHash,
      noSmartphone: f.noSmartphone,
      page: f.page,
      pageSize: f.pageSize,
    });
    return { items: rows.map((r) => this.view(p, r)), total, page: f.page, pageSize: f.pageSize };
  }

  async getRow(p: Principal, id: number) {
    return readable(p, await this.repo.find(id));
  }

  async get(p: Principal, id: number) {
    return this.detail(p, await this.getRow(p, id));
  }

  /** Where the household lives → grid, path, building, room and address; the target must be writable. */
  private async place(k: Kysely<Database>, p: Principal, loc: Location) {
    if (loc.buildingId && loc.roomId) {
      const b = await this.repo.buildingExists(k, Number(loc.buildingId));
      if (!b || !canRead(p, b.areaPath)) throw new AppError('NOT_FOUND', { buildingId: loc.buildingId });
      const room = await this.repo.roomPlace(k, b.id, Number(loc.roomId));
      if (!room) throw new AppError('PLACE_MISMATCH', { roomId: loc.roomId, buildingId: loc.buildingId });
      assertWrite(p, 'households.write', room.areaPath);
      return {
        gridId: room.gridId,
        areaPath: room.areaPath,
        buildingId: room.buildingId,
        roomId: room.id,
        address: roomAddress(room.compoundName, room.buildingName, room.unit, room.number),
      };
    }
    const grid = loc.gridId ? await this.repo.area(k, Number(loc.gridId)) : undefined;
    if (!grid || !canRead(p, grid.path)) throw new AppError('NOT_FOUND', { gridId: loc.gridId });
    if (grid.kind !== 'grid') throw new AppError('VALIDATION_FAILED', [{ path: 'body.gridId', message: '请选择网格' }]);
    assertWrite(p, 'households.write', grid.path);
    return { gridId: grid.id, areaPath: grid.path, buildingId: null, roomId: null, address: loc.address as string };
  }

  private phoneColumns(phone: string | null | undefined) {
    if (phone === undefined) return {};
    if (!phone) return { phoneEnc: null, phoneHash: null };
    const n = normalisePhone(phone);
    return { phoneEnc: this.ctx.pii.encrypt(n), phoneHash: this.ctx.pii.hash(n) };
  }

  async create(p: Principal, actor: Actor, body: CreateHouseholdBody) {
    const { db, clock, audit } = this.ctx;
    const id = await db.kysely.transaction().execute(async (trx) => {
      const place = await this.place(trx, p, body);
      const now = clock.now();
      const id = await this.repo.insert(trx, {
        ...place,
        ...this.phoneColumns(body.phone),
        headName: body.headName ?? null,
        tags: JSON.stringify(body.tags ?? []),
        noSmartphone: body.noSmartphone ? 1 : 0,
        createdAt: now,
        updatedAt: now,
      });
      await audit.write(trx, actor, {
        action: 'household.create',
        entityType: 'household',
        entityId: id,
        areaPath: place.areaPath,
        summary: { address: place.address, gridId: place.gridId, hasPhone: !!body.phone },
      });
      return id;
    });
    return this.get(p, id);
  }

  async update(p: Principal, actor: Actor, id: number, body: UpdateHouseholdBody) {
    const { db, clock, audit } = this.ctx;
    const before = await this.getRow(p, id);
    assertWrite(p, 'households.write', before.areaPath);
    await db.kysely.transaction().execute(async (trx) => {
      const moved = body.buildingId !== undefined || body.gridId !== undefined;
      const place = moved ? await this.place(trx, p, body) : null;
      const change = {
        ...(place ?? {}),
        ...this.phoneColumns(body.phone),
        headName: body.headName,
        tags: body.tags ? JSON.stringify(body.tags) : undefined,
        noSmartphone: body.noSmartphone === undefined ? undefined : body.noSmartphone ? 1 : 0,
      };
      await updateVersioned(trx, 'households', id, body.version, { ...change, updatedAt: clock.now() });
      if (place && place.areaPath !== before.areaPath) await this.repo.rekeyLinks(trx, id, place.areaPath);
      await audit.write(trx, actor, {
        action: 'household.update',
        entityType: 'household',
        entityId: id,
        areaPath: place?.areaPath ?? before.areaPath,
        // Field names only: phones and names are personal data and stay out of the audit log.
        summary: { changed: Object.keys(body).filter((k) => (body as Record<string, unknown>)[k] !== undefined) },
      });
    });
    return this.get(p, id);
  }

  async delete(p: Principal, actor: Actor, id: number) {
    const { db, audit } = this.ctx;
    const before = await this.getRow(p, id);
    assertWrite(p, 'households.write', before.areaPath);
    await db.kysely.transaction().execute(async (trx) => {
      if (await this.repo.isLinked(trx, id)) throw new AppError('NOT_EMPTY', { links: true });
      await this.repo.delete(trx, id);
      await audit.write(trx, actor, {
        action: 'household.delete',
        entityType: 'household',
        entityId: id,
        areaPath: before.areaPath,
        summary: { address: before.address },
      });
    });
  }
}

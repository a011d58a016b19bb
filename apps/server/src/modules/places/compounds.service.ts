/** Compounds (小区): belong to a community; optionally managed by a property company. */
import { can } from '@grassroots/shared/auth/permissions';
import { AppError } from '@grassroots/shared/common/errors';
import type { ManagementMode } from '@grassroots/shared/places/places.rules';
import type {
  CompoundDetail,
  CompoundView,
  CreateCompoundBody,
  QrSheet,
  UpdateCompoundBody,
} from '@grassroots/shared/places/places.schema';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import { diff } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { updateVersioned } from '../../core/versioned-update.js';
import type { Database } from '../../db/database.js';
import { CompoundsRepository } from './compounds.repository.js';
import { actionsFor, assertWrite, canRead, optId } from './places.access.js';

type Row = NonNullable<Awaited<ReturnType<CompoundsRepository['find']>>>;
type Input = { [K in keyof CreateCompoundBody]?: CreateCompoundBody[K] };

export class CompoundsService {
  readonly repo: CompoundsRepository;
  constructor(private ctx: AppContext) {
    this.repo = new CompoundsRepository(ctx.db);
  }

  private view(p: Principal, r: Row): CompoundView {
    return {
      id: String(r.id),
      communityId: String(r.areaId),
      communityName: r.communityName,
      name: r.name,
      address: r.address,
      householdCount: r.householdCount,
      buildYear: r.buildYear,
      managementMode: r.managementMode as ManagementMode,
      propertyCompanyId: optId(r.propertyCompanyId),
      propertyCompanyName: r.propertyCompanyName ?? null,
      buildingCount: Number(r.buildingCount ?? 0),
      version: r.version,
      allowedActions: actionsFor(p, 'areas.write', r.areaPath),
    };
  }

  async list(p: Principal, f: { areaId?: string; q?: string; page: number; pageSize: number }) {
    let areaPath: string | undefined;
    if (f.areaId) {
      const area = await this.repo.area(this.ctx.db.kysely, Number(f.areaId));
      if (!area) throw new AppError('NOT_FOUND', { areaId: f.areaId });
      areaPath = area.path;
    }
    const { rows, total } = await this.repo.list(p.scope, { areaPath, q: f.q, page: f.page, pageSize: f.pageSize });
    return { items: rows.map((r) => this.view(p, r)), total, page: f.page, pageSize: f.pageSize };
  }

  /** Scoped read; throws NOT_FOUND when missing or out of the caller's scope. */
  async getRow(p: Principal, id: number) {
    const r = await this.repo.find(id);
    if (!r) throw new AppError('NOT_FOUND');
    if (canRead(p, r.areaPath)) return r;
    if (can(p.roles, 'console.access') && (await this.repo.hasBuildingInScope(p.scope, id))) return r;
    throw new AppError('NOT_FOUND');
  }

  async get(p: Principal, id: number): Promise<CompoundDetail> {
    const r = await this.getRow(p, id);
    const [streetName, registeredHouseholds] = await Promise.all([
      this.repo.streetName(r.streetId),
      this.repo.registeredHouseholds(id),
    ]);
    return { ...this.view(p, r), streetName, registeredHouseholds };
  }

  /** Checks community and property company; returns the normalised column values. */
  private async resolve(k: Kysely<Database>, p: Principal, input: Input, before?: Row) {
    const communityId = input.communityId ? Number(input.communityId) : before?.areaId;
    const community = communityId ? await this.repo.area(k, communityId) : undefined;
    if (!community || !canRead(p, community.path)) throw new AppError('NOT_FOUND', { communityId });
    if (community.kind !== 'community')
      throw new AppError('VALIDATION_FAILED', [{ path: 'body.communityId', message: '请选择社区/村' }]);
    assertWrite(p, 'areas.write', community.path);
    const mode = input.managementMode ?? (before?.managementMode as ManagementMode | undefined) ?? 'company';
    let companyId =
      input.propertyCompanyId !== undefined
        ? input.propertyCompanyId
          ? Number(input.propertyCompanyId)
          : null
        : (before?.propertyCompanyId ?? null);
    // Only a compound managed by a company has one; switching to 自管/无物业 drops it.
    if (mode !== 'company') companyId = null;
    if (companyId != null) {
      const org = await this.repo.organisation(k, companyId);
      if (org?.kind !== 'property_company')
        throw new AppError('VALIDATION_FAILED', [{ path: 'body.propertyCompanyId', message: '请选择物业企业' }]);
    }
    return { areaId: community.id, areaPath: community.path, managementMode: mode, propertyCompanyId: companyId };
  }

  async create(p: Principal, actor: Actor, body: CreateCompoundBody) {
    const { db, clock, audit } = this.ctx;
    const id = await db.kysely.transaction().execute(async (trx) => {
      const place = await this.resolve(trx, p, body);
      const now = clock.now();
      const id = await this.repo.insert(trx, {
        ...place,
        name: body.name,
        address: body.address ?? null,
        householdCount: body.householdCount ?? null,
        buildYear: body.buildYear ?? null,
        boundary: null,
        createdAt: now,
        updatedAt: now,
      });
      await audit.write(trx, actor, {
        action: 'compound.create',
        entityType: 'compound',
        entityId: id,
        areaPath: place.areaPath,
        summary: { name: body.name, communityId: place.areaId, managementMode: place.managementMode },
      });
      return id;
    });
    return this.get(p, id);
  }

  async update(p: Principal, actor: Actor, id: number, body: UpdateCompoundBody) {
    const { db, clock, audit } = this.ctx;
    const before = await this.getRow(p, id);
    assertWrite(p, 'areas.write', before.areaPath);
    await db.kysely.transaction().execute(async (trx) => {
      const place = await this.resolve(trx, p, body, before);
      // Its buildings' grids belong to the old community: moving it would break the compound/grid rule.
      if (place.areaId !== before.areaId && (await this.repo.hasBuildings(trx, id)))
        throw new AppError('PLACE_MISMATCH', { communityId: body.communityId });
      const change = {
        ...place,
        name: body.name,
        address: body.address,
        householdCount: body.householdCount,
        buildYear: body.buildYear,
      };
      await updateVersioned(trx, 'compounds', id, body.version, { ...change, updatedAt: clock.now() });
      await audit.write(trx, actor, {
        action: 'compound.update',
        entityType: 'compound',
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
      if (await this.repo.hasBuildings(trx, id)) throw new AppError('NOT_EMPTY', { buildings: true });
      await this.repo.delete(trx, id);
      await audit.write(trx, actor, {
        action: 'compound.delete',
        entityType: 'compound',
        entityId: id,
        areaPath: before.areaPath,
        summary: { name: before.name },
      });
    });
  }

  async qrSheet(p: Principal, id: number): Promise<QrSheet> {
    const c = await this.getRow(p, id);
    const buildings = await this.repo.buildingsForSheet(id);
    return {
      compound: { id: String(c.id), name: c.name, address: c.address },
      buildings: buildings.map((b) => ({
        id: String(b.id),
        name: b.name,
        address: b.address,
        publicCode: b.publicCode,
      })),
    };
  }
}

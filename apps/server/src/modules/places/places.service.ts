/**
 * The places module's service (`app.services.places`): compounds, buildings, rooms, households,
 * plus two UNSCOPED internal reads for other modules (the public 亮身份 page, the ledger, cases).
 */
import { AppError } from '@grassroots/shared/common/errors';
import type { AppContext } from '../../core/context.js';
import { BuildingsService } from './buildings.service.js';
import { CompoundsService } from './compounds.service.js';
import { HouseholdsService } from './households.service.js';
import { RoomsService } from './rooms.service.js';

export interface InternalBuilding {
  id: number;
  name: string;
  address: string | null;
  gridId: number;
  areaPath: string;
  compoundId: number | null;
  compoundName: string | null;
  publicCode: string;
}

export interface InternalHousehold {
  id: number;
  gridId: number;
  areaPath: string;
  buildingId: number | null;
  roomId: number | null;
  address: string;
  headName: string | null;
  noSmartphone: boolean;
  tags: string[];
}

export class PlacesService {
  readonly compounds: CompoundsService;
  readonly buildings: BuildingsService;
  readonly rooms: RoomsService;
  readonly households: HouseholdsService;

  constructor(ctx: AppContext) {
    this.compounds = new CompoundsService(ctx);
    this.buildings = new BuildingsService(ctx);
    this.rooms = new RoomsService(ctx, this.buildings);
    this.households = new HouseholdsService(ctx);
  }

  /**
   * INTERNAL, UNSCOPED: the building behind a QR code. The caller (e.g. the public 亮身份 page) decides
   * what of it may be shown; null for an unknown or malformed code.
   */
  async findBuildingByPublicCode(code: string): Promise<InternalBuilding | null> {
    // Shape check only (our codes are base32, fixtures and imports may use other safe characters).
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(code)) return null;
    const r = await this.buildings.repo.findByPublicCode(code);
    if (!r) return null;
    return {
      id: r.id,
      name: r.name,
      address: r.address,
      gridId: r.gridId,
      areaPath: r.areaPath,
      compoundId: r.compoundId,
      compoundName: r.compoundName ?? null,
      publicCode: r.publicCode,
    };
  }

  /**
   * INTERNAL, UNSCOPED: a household by id (no phone). Throws NOT_FOUND when missing. Callers that answer
   * a user must check scope themselves (coversPath on areaPath, or the resident's householdIds).
   */
  async getHousehold(id: number): Promise<InternalHousehold> {
    const r = await this.households.repo.find(id);
    if (!r) throw new AppError('NOT_FOUND');
    return {
      id: r.id,
      gridId: r.gridId,
      areaPath: r.areaPath,
      buildingId: r.buildingId,
      roomId: r.roomId,
      address: r.address,
      headName: r.headName,
      noSmartphone: r.noSmartphone === 1,
      tags: JSON.parse(r.tags) as string[],
    };
  }
}

/**
 * The public 亮身份 page of a building (opened from its QR code, no login): who is responsible at each
 * level and how to reach them. Only duty phones are ever read here; private phones stay encrypted elsewhere.
 */
import type { ChainLevel } from '@grassroots/shared/auth/roles';
import { chainLevelLabels } from '@grassroots/shared/chain/chain.rules';
import type { PublicDuty, PublicSearchHit } from '@grassroots/shared/chain/chain.schema';
import { AppError } from '@grassroots/shared/common/errors';
import type { AppContext } from '../../core/context.js';
import { findArea, loadAreaContext } from './chain.repository.js';
import type { ChainService, Locale } from './chain.service.js';
import { findBuildingByCode, linkedMembersOfBuilding, roomsOfBuilding, searchBuildings } from './duty.repository.js';

const gridLevels: ChainLevel[] = [1, 2, 3, 4];

export class PublicDutyService {
  constructor(
    private ctx: AppContext,
    private chain: ChainService,
  ) {}

  async building(code: string, where: { unit?: string; room?: string }, locale: Locale): Promise<PublicDuty> {
    const k = this.ctx.db.kysely;
    const b = await findBuildingByCode(k, code);
    if (!b) throw new AppError('NOT_FOUND');
    const { rows: rooms, units } = await roomsOfBuilding(k, b.id);
    let roomId: number | null = null;
    if (where.unit && where.room) {
      const room = rooms.find((r) => r.unit === where.unit && r.number === where.room);
      if (!room) throw new AppError('NOT_FOUND', { unit: where.unit, room: where.room });
      roomId = room.id;
    }
    const grid = await findArea(k, b.gridId);
    const actx = grid ? await loadAreaContext(k, grid) : null;
    const byLevel = actx ? await this.chain.chainRows(actx, gridLevels) : new Map();
    const members = await linkedMembersOfBuilding(k, b.id, roomId);
    const name = (kind: string) => actx?.ancestors.find((a) => a.kind === kind)?.name ?? null;
    const names = { grid: name('grid'), community: name('community'), street: name('street') };
    const people = (level: ChainLevel) =>
      ((byLevel.get(level) ?? []) as { name: string; dutyLabels: string[]; dutyPhone: string | null }[]).map((r) => ({
        name: r.name,
        dutyLabels: r.dutyLabels,
        dutyPhone: r.dutyPhone,
      }));
    return {
      building: {
        code: b.publicCode,
        name: b.name,
        address: b.address,
        compound: b.compoundName ?? null,
        ...names,
      },
      units,
      household: roomId != null && where.unit && where.room ? { unit: where.unit, room: where.room } : null,
      levels: [
        ...gridLevels.map((level) => ({ level, label: chainLevelLabels[level][locale], people: people(level) })),
        { level: 5 as const, label: chainLevelLabels[5][locale], people: members },
      ],
    };
  }

  async search(q: string): Promise<PublicSearchHit[]> {
    const rows = await searchBuildings(this.ctx.db, q);
    return rows.map((r) => ({
      code: r.publicCode,
      building: r.name,
      compound: r.compoundName ?? null,
      address: r.address ?? r.compoundAddress ?? null,
    }));
  }
}

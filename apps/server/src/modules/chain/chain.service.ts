/**
 * The five-level chain (五级网格矩阵) of an area, and its maintenance. Role assignments belong to the accounts
 * module: adding, relabelling and removing a chain member goes through its service (`grants` below), after
 * this service checked what is particular to the chain — the level fits the area kind, the area is in scope.
 */
import { type ChainLevel, chainLevels, type Role } from '@grassroots/shared/auth/roles';
import { chainLevelLabels, levelFitsArea, levelOfRole, levelsShownFor } from '@grassroots/shared/chain/chain.rules';
import type { ChainView } from '@grassroots/shared/chain/chain.schema';
import { AppError } from '@grassroots/shared/common/errors';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import { mayGrant } from '../accounts/accounts.rules.js';
import {
  type AreaChainContext,
  type ChainRow,
  chainAssignments,
  findArea,
  linkedHouseholdCounts,
  linkedLeaders,
  loadAreaContext,
} from './chain.repository.js';
import { PublicDutyService } from './duty.service.js';
import { ChainLinksService } from './links.service.js';

/** What the chain needs from the accounts module (its service satisfies this). */
export interface GrantWriter {
  addGrant(
    p: Principal,
    actor: Actor,
    input: { accountId: number; role: Role; areaId?: number | null; dutyLabels?: string[] },
  ): Promise<{ id: number }>;
  removeGrant(p: Principal, actor: Actor, grantId: number): Promise<unknown>;
  updateDutyLabels(p: Principal, actor: Actor, grantId: number, labels: string[]): Promise<unknown>;
}

export type Locale = 'zh-CN' | 'en';

export class ChainService {
  readonly links: ChainLinksService;
  readonly duty: PublicDutyService;

  constructor(
    private ctx: AppContext,
    private grants: GrantWriter,
  ) {
    this.links = new ChainLinksService(ctx);
    this.duty = new PublicDutyService(ctx, this);
  }

  private get k() {
    return this.ctx.db.kysely;
  }

  /** An area the caller may see; out of scope looks like not found. */
  async getAreaInScope(p: Principal, areaId: number) {
    const area = await findArea(this.k, areaId);
    if (!area || !coversPath(p.scope, area.path)) throw new AppError('NOT_FOUND');
    return area;
  }

  /** Rows of the chain of an area, grouped by level (fixed number of queries). */
  async chainRows(ctx: AreaChainContext, levels: readonly ChainLevel[]) {
    const rows = await chainAssignments(this.k, ctx, levels);
    const { area, communityId } = ctx;
    if (levels.includes(1) && communityId != null && (area.kind === 'grid' || area.kind === 'community')) {
      const own = new Set(rows.filter((r) => r.level === 1).map((r) => r.accountId));
      for (const r of await linkedLeaders(this.k, communityId)) if (!own.has(r.accountId)) rows.push(r);
    }
    const byLevel = new Map<ChainLevel, ChainRow[]>(levels.map((l) => [l, []]));
    for (const r of rows) byLevel.get(r.level)?.push(r);
    return byLevel;
  }

  async view(p: Principal, areaId: number, locale: Locale): Promise<ChainView> {
    const area = await this.getAreaInScope(p, areaId);
    const actx = await loadAreaContext(this.k, area);
    const levels = levelsShownFor(area.kind);
    const byLevel = await this.chainRows(actx, levels);
    const counts = levels.includes(5) ? await linkedHouseholdCounts(this.k, area.path) : new Map<number, number>();
    return {
      area: { id: String(area.id), kind: area.kind as ChainView['area']['kind'], name: area.name, path: area.path },
      levels: levels.map((level) => ({
        level,
        role: chainLevels[level],
        label: chainLevelLabels[level][locale],
        canAdd: levelFitsArea(level, area.kind) && mayGrant(p, chainLevels[level], area.path),
        people: (byLevel.get(level) ?? []).map((r) => ({
          grantId: String(r.grantId),
          accountId: String(r.accountId),
          name: r.name,
          dutyPhone: r.dutyPhone,
          dutyLabels: r.dutyLabels,
          areaId: r.areaId == null ? null : String(r.areaId),
          areaName: r.areaName,
          via: r.via,
          // Assignments inherited from an area above (the street leader on a grid's chain) are managed there.
          allowedActions:
            r.via === 'assignment' && r.areaPath?.startsWith(area.path) && mayGrant(p, chainLevels[level], r.areaPath)
              ? (['editLabels', 'remove'] as const).slice()
              : [],
          ...(level === 5 ? { linkedHouseholds: counts.get(r.accountId) ?? 0 } : {}),
        })),
      })),
    };
  }

  async addMember(
    p: Principal,
    actor: Actor,
    areaId: number,
    input: { accountId: string; level: ChainLevel; dutyLabels?: string[] },
  ) {
    const area = await this.getAreaInScope(p, areaId);
    if (!levelFitsArea(input.level, area.kind))
      throw new AppError('INVALID_HIERARCHY', { level: input.level, areaKind: area.kind });
    return this.grants.addGrant(p, actor, {
      accountId: Number(input.accountId),
      role: chainLevels[input.level],
      areaId: area.id,
      dutyLabels: input.dutyLabels ?? [],
    });
  }

  /** A chain-role assignment on an area the caller covers; anything else is not found. */
  private async getChainGrant(p: Principal, grantId: number) {
    const g = await this.k
      .selectFrom('roleAssignments as r')
      .innerJoin('areas as a', 'a.id', 'r.areaId')
      .select(['r.id', 'r.role', 'a.path'])
      .where('r.id', '=', grantId)
      .executeTakeFirst();
    if (!g || levelOfRole(g.role) == null || !coversPath(p.scope, g.path)) throw new AppError('NOT_FOUND');
    return g;
  }

  async updateLabels(p: Principal, actor: Actor, grantId: number, labels: string[]) {
    await this.getChainGrant(p, grantId);
    await this.grants.updateDutyLabels(p, actor, grantId, labels);
  }

  async removeMember(p: Principal, actor: Actor, grantId: number) {
    await this.getChainGrant(p, grantId);
    await this.grants.removeGrant(p, actor, grantId);
  }
}

/**
 * 包联 links: leaders ↔ communities (领导包联社区) and party members ↔ households (党员包联户, above all
 * households without a smartphone). Each write checks scope and role, and is audited in its transaction.
 */
import { isWithin } from '@grassroots/shared/areas/areas.rules';
import { AppError } from '@grassroots/shared/common/errors';
import type { PageQuery } from '@grassroots/shared/common/pagination';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import { findArea } from './chain.repository.js';
import {
  findCommunityLink,
  findHouseholdLink,
  listCommunityLinks,
  listHouseholdGaps,
  listHouseholdLinks,
  rolePaths,
} from './links.repository.js';

export class ChainLinksService {
  constructor(private ctx: AppContext) {}

  private get k() {
    return this.ctx.db.kysely;
  }

  async listCommunityLinks(p: Principal, q: PageQuery & { areaId?: number }) {
    let underPath: string | undefined;
    if (q.areaId != null) {
      const area = await findArea(this.k, q.areaId);
      if (!area || !coversPath(p.scope, area.path)) throw new AppError('NOT_FOUND');
      underPath = area.path;
    }
    return listCommunityLinks(this.k, p.scope, { ...q, underPath });
  }

  async linkCommunity(p: Principal, actor: Actor, accountId: number, areaId: number) {
    const area = await findArea(this.k, areaId);
    if (!area || !coversPath(p.scope, area.path)) throw new AppError('NOT_FOUND');
    if (area.kind !== 'community') throw new AppError('INVALID_HIERARCHY', { areaKind: area.kind });
    if ((await rolePaths(this.k, accountId, 'leader')).length === 0)
      throw new AppError('ROLE_REQUIRED', { role: 'leader' });
    const dup = await this.k
      .selectFrom('communityLinks')
      .select('id')
      .where('accountId', '=', accountId)
      .where('areaId', '=', areaId)
      .executeTakeFirst();
    if (dup) throw new AppError('DUPLICATE');
    return this.k.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('communityLinks')
        .values({ accountId, areaId, createdAt: this.ctx.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.write(trx, actor, {
        action: 'chain.community_linked',
        entityType: 'community_link',
        entityId: row.id,
        areaPath: area.path,
        summary: { accountId, areaId, areaName: area.name },
      });
      return { id: String(row.id) };
    });
  }

  async unlinkCommunity(p: Principal, actor: Actor, id: number) {
    const link = await findCommunityLink(this.k, id);
    if (!link || !coversPath(p.scope, link.path)) throw new AppError('NOT_FOUND');
    await this.k.transaction().execute(async (trx) => {
      await trx.deleteFrom('communityLinks').where('id', '=', id).execute();
      await this.ctx.audit.write(trx, actor, {
        action: 'chain.community_unlinked',
        entityType: 'community_link',
        entityId: id,
        areaPath: link.path,
        summary: { accountId: link.accountId, areaId: link.areaId },
      });
    });
  }

  async listHouseholdLinks(p: Principal, q: PageQuery & { gridId?: number; accountId?: number }) {
    return listHouseholdLinks(this.k, p.scope, q);
  }

  async listGaps(p: Principal, q: PageQuery & { gridId?: number }) {
    return listHouseholdGaps(this.k, p.scope, q);
  }

  /** The member must be a party member on the household's grid or an area above it. */
  async linkHousehold(p: Principal, actor: Actor, accountId: number, householdId: number) {
    const h = await this.k
      .selectFrom('households')
      .select(['id', 'areaPath', 'address'])
      .where('id', '=', householdId)
      .executeTakeFirst();
    if (!h || !coversPath(p.scope, h.areaPath)) throw new AppError('NOT_FOUND');
    const paths = await rolePaths(this.k, accountId, 'party_member');
    if (!paths.some((r) => r.path && isWithin(h.areaPath, r.path)))
      throw new AppError('ROLE_REQUIRED', { role: 'party_member' });
    const dup = await this.k
      .selectFrom('householdLinks')
      .select('id')
      .where('accountId', '=', accountId)
      .where('householdId', '=', householdId)
      .executeTakeFirst();
    if (dup) throw new AppError('DUPLICATE');
    return this.k.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('householdLinks')
        .values({ accountId, householdId, createdAt: this.ctx.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.write(trx, actor, {
        action: 'chain.household_linked',
        entityType: 'household_link',
        entityId: row.id,
        areaPath: h.areaPath,
        summary: { accountId, householdId },
      });
      return { id: String(row.id) };
    });
  }

  async unlinkHousehold(p: Principal, actor: Actor, id: number) {
    const link = await findHouseholdLink(this.k, id);
    if (!link || !coversPath(p.scope, link.areaPath)) throw new AppError('NOT_FOUND');
    await this.k.transaction().execute(async (trx) => {
      await trx.deleteFrom('householdLinks').where('id', '=', id).execute();
      await this.ctx.audit.write(trx, actor, {
        action: 'chain.household_unlinked',
        entityType: 'household_link',
        entityId: id,
        areaPath: link.areaPath,
        summary: { accountId: link.accountId, householdId: link.householdId },
      });
    });
  }
}

/**
 * Role grants (role, area) or (role, organisation). Used by the accounts routes and — through
 * app.services.accounts — by the five-level chain module. Every change is audited in its transaction
 * and revokes the target's sessions: a privilege change forces a fresh login, i.e. a new session.
 */
import type { Role } from '@grassroots/shared/auth/roles';
import { AppError } from '@grassroots/shared/common/errors';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import type { Database } from '../../db/database.js';
import type { AccountsRepository } from './accounts.repository.js';
import {
  assertAccountInScope,
  assertMayGrant,
  isAdmin,
  type Placement,
  requireGrantManage,
  resolvePlacement,
} from './accounts.rules.js';

export interface AddGrantInput {
  accountId: number;
  role: Role;
  areaId?: number | null;
  orgId?: number | null;
  dutyLabels?: string[];
}

export class GrantsService {
  constructor(
    private ctx: AppContext,
    private repo: AccountsRepository,
  ) {}

  async addGrant(p: Principal, actor: Actor, input: AddGrantInput): Promise<{ id: number }> {
    requireGrantManage(p);
    return this.ctx.db.kysely.transaction().execute(async (trx) => {
      await assertAccountInScope(this.repo, trx, p, input.accountId);
      const placement = await resolvePlacement(this.repo, trx, input.role, input.areaId ?? null, input.orgId ?? null);
      assertMayGrant(p, input.role, placement);
      const id = await this.insertGrant(trx, input.accountId, input.role, placement, input.dutyLabels ?? []);
      await this.privilegeChanged(trx, actor, 'account.grant_added', input.accountId, placement.path, {
        grantId: id,
        role: input.role,
        areaId: placement.areaId,
        orgId: placement.orgId,
        dutyLabels: input.dutyLabels ?? [],
      });
      return { id };
    });
  }

  /** A privilege changed: the account's sessions end (its next login carries the new rights); audited in `trx`. */
  private async privilegeChanged(
    trx: Kysely<Database>,
    actor: Actor,
    action: string,
    accountId: number,
    areaPath: string | null,
    summary: Record<string, unknown>,
  ) {
    await trx.deleteFrom('sessions').where('accountId', '=', accountId).execute();
    await this.ctx.audit.write(trx, actor, { action, entityType: 'account', entityId: accountId, areaPath, summary });
  }

  /** Inserts a grant after its placement was checked; refuses an identical existing grant. */
  async insertGrant(trx: Kysely<Database>, accountId: number, role: Role, pl: Placement, dutyLabels: string[]) {
    const same = await trx
      .selectFrom('roleAssignments')
      .select('id')
      .where('accountId', '=', accountId)
      .where('role', '=', role)
      .where((eb) => (pl.areaId == null ? eb('areaId', 'is', null) : eb('areaId', '=', pl.areaId)))
      .where((eb) => (pl.orgId == null ? eb('orgId', 'is', null) : eb('orgId', '=', pl.orgId)))
      .executeTakeFirst();
    if (same) throw new AppError('DUPLICATE', { grantId: String(same.id) });
    const row = await trx
      .insertInto('roleAssignments')
      .values({
        accountId,
        role,
        areaId: pl.areaId,
        orgId: pl.orgId,
        dutyLabels: JSON.stringify(dutyLabels),
        createdAt: this.ctx.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** `accountId`, when given, must own the grant (the URL names both). */
  async removeGrant(p: Principal, actor: Actor, grantId: number, accountId?: number): Promise<void> {
    requireGrantManage(p);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const g = await this.getGrantInScope(trx, p, grantId, accountId);
      await trx.deleteFrom('roleAssignments').where('id', '=', grantId).execute();
      await this.privilegeChanged(trx, actor, 'account.grant_removed', g.accountId, g.placementPath, {
        grantId,
        role: g.role,
        areaId: g.areaId,
        orgId: g.orgId,
      });
    });
  }

  /** Duty labels are not a privilege: sessions stay valid. */
  async updateDutyLabels(
    p: Principal,
    actor: Actor,
    grantId: number,
    dutyLabels: string[],
    accountId?: number,
  ): Promise<void> {
    requireGrantManage(p);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const g = await this.getGrantInScope(trx, p, grantId, accountId);
      await trx
        .updateTable('roleAssignments')
        .set({ dutyLabels: JSON.stringify(dutyLabels) })
        .where('id', '=', grantId)
        .execute();
      await this.ctx.audit.write(trx, actor, {
        action: 'account.duty_labels_changed',
        entityType: 'account',
        entityId: g.accountId,
        areaPath: g.placementPath,
        summary: { grantId, role: g.role, from: JSON.parse(g.dutyLabels) as string[], to: dutyLabels },
      });
    });
  }

  /**
   * A grant the caller may manage: it exists, its place (or, for a resident grant, its account) is in the
   * caller's scope — else 404 — and its role is one the caller may hand out — else 403.
   */
  async getGrantInScope(trx: Kysely<Database>, p: Principal, grantId: number, accountId?: number) {
    const g = await this.repo.findGrant(trx, grantId);
    if (!g || (accountId !== undefined && g.accountId !== accountId)) throw new AppError('NOT_FOUND');
    if (!isAdmin(p)) {
      const visible =
        g.role === 'resident'
          ? await this.repo.isInScope(trx, p.scope, g.accountId)
          : coversPath(p.scope, g.placementPath);
      if (!visible) throw new AppError('NOT_FOUND');
    }
    assertMayGrant(p, g.role as Role, { areaId: g.areaId, orgId: g.orgId, path: g.placementPath });
    return g;
  }
}

/**
 * Account management (admin everywhere, leaders within their scope). Personal phones are stored
 * encrypted with a keyed hash and only ever shown masked. Every write is audited in its transaction.
 * Disabling an account kills its sessions and emits 'account.disabled' inside the same transaction.
 */
import { randomInt } from 'node:crypto';
import type {
  AccountListQuery,
  AccountView,
  CreateAccountBody,
  UpdateAccountBody,
} from '@grassroots/shared/accounts/accounts.schema';
import type { Role } from '@grassroots/shared/auth/roles';
import { AppError } from '@grassroots/shared/common/errors';
import type { Page } from '@grassroots/shared/common/pagination';
import { maskPhone } from '@grassroots/shared/privacy/masking';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { EventBus } from '../../core/events.js';
import { hashPassword } from '../../core/passwords.js';
import type { Principal } from '../../core/principal.js';
import { updateVersioned } from '../../core/versioned-update.js';
import type { Account, Database } from '../../db/database.js';
import { assertAcceptablePassword } from '../auth/auth.service.js';
import { type AddGrantInput, GrantsService } from './accounts.grants.js';
import { AccountsRepository } from './accounts.repository.js';
import {
  accountActionsFor,
  assertAccountInScope,
  assertMayGrant,
  assertMayManageHolderOf,
  auditPathOf,
  isAdmin,
  requireAccountsManage,
  requireGrantManage,
  resolvePlacement,
} from './accounts.rules.js';

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
/** A random initial/temporary password (12 chars, ~70 bits), shown once and never stored in clear. */
export const generatePassword = () => Array.from({ length: 12 }, () => PASSWORD_ALPHABET[randomInt(56)]).join('');

type GrantRow = Awaited<ReturnType<AccountsRepository['grantsOf']>>[number];

export class AccountsService {
  readonly repo: AccountsRepository;
  private grants: GrantsService;

  constructor(
    private ctx: AppContext,
    private events: EventBus,
  ) {
    this.repo = new AccountsRepository(ctx.db);
    this.grants = new GrantsService(ctx, this.repo);
  }

  // --- grants (called by the chain module too; signatures are a contract) ---
  addGrant(p: Principal, actor: Actor, input: AddGrantInput): Promise<{ id: number }> {
    return this.grants.addGrant(p, actor, input);
  }
  removeGrant(p: Principal, actor: Actor, grantId: number, accountId?: number): Promise<void> {
    return this.grants.removeGrant(p, actor, grantId, accountId);
  }
  updateDutyLabels(p: Principal, actor: Actor, grantId: number, dutyLabels: string[], accountId?: number) {
    return this.grants.updateDutyLabels(p, actor, grantId, dutyLabels, accountId);
  }

  /** People picker: active accounts in the caller's scope (no private data). */
  async lookup(p: Principal, q: string, limit = 20) {
    requireGrantManage(p);
    const rows = await this.repo.lookup(p.scope, q.trim(), Math.min(Math.max(limit, 1), 50));
    return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.displayName, dutyPhone: r.dutyPhone }));
  }

  async list(p: Principal, q: AccountListQuery): Promise<Page<AccountView>> {
    requireAccountsManage(p);
    const k = this.ctx.db.kysely;
    let areaPath: string | undefined;
    if (q.areaId) {
      const area = await this.repo.findArea(k, Number(q.areaId));
      if (!area) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
      areaPath = area.path;
    }
    const phoneHash = q.q && /^1[3-9]\d{9}$/.test(q.q) ? this.ctx.pii.hash(q.q) : undefined;
    const filters = { q: q.q || undefined, role: q.role, status: q.status, areaPath, phoneHash };
    const { rows, total } = await this.repo.list(p.scope, filters, q.page, q.pageSize);
    const grants = await this.repo.grantsOf(
      k,
      rows.map((r) => r.id),
    );
    return { items: rows.map((r) => this.view(p, r, grants)), total, page: q.page, pageSize: q.pageSize };
  }

  async get(p: Principal, id: number): Promise<AccountView> {
    requireAccountsManage(p);
    const k = this.ctx.db.kysely;
    const acc = await assertAccountInScope(this.repo, k, p, id);
    return this.view(p, acc, await this.repo.grantsOf(k, [id]));
  }

  async create(p: Principal, actor: Actor, input: CreateAccountBody) {
    requireAccountsManage(p);
    const generated = input.password === undefined || input.password === '';
    const password = generated ? generatePassword() : (input.password as string);
    assertAcceptablePassword(password);
    const grants = input.grants ?? [];
    // A scoped manager must place the new account inside its scope, or it could never see it again.
    if (!isAdmin(p) && !grants.some((g) => g.role !== 'resident'))
      throw new AppError('INVALID_GRANT', { reason: 'needs_grant_in_scope' });
    const passwordHash = await hashPassword(password);
    const { pii, clock, audit } = this.ctx;
    const id = await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', input.username)
        .executeTakeFirst();
      if (taken) throw new AppError('DUPLICATE', { field: 'username' });
      const placements = [];
      for (const g of grants) {
        const pl = await resolvePlacement(this.repo, trx, g.role, toId(g.areaId), toId(g.orgId));
        assertMayGrant(p, g.role, pl);
        placements.push({ g, pl });
      }
      const now = clock.now();
      const row = await trx
        .insertInto('accounts')
        .values({
          username: input.username,
          displayName: input.displayName,
          phoneEnc: input.phone ? pii.encrypt(input.phone) : null,
          phoneHash: input.phone ? pii.hash(input.phone) : null,
          dutyPhone: input.dutyPhone ?? null,
          passwordHash,
          mustChangePassword: generated ? 1 : 0,
          passwordChangedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const { g, pl } of placements) await this.grants.insertGrant(trx, row.id, g.role, pl, g.dutyLabels ?? []);
      await audit.write(trx, actor, {
        action: 'account.created',
        entityType: 'account',
        entityId: row.id,
        areaPath: auditPathOf(
          p,
          placements.map((x) => x.pl.path),
        ),
        summary: {
          username: input.username,
          displayName: input.displayName,
          generatedPassword: generated,
          grants: placements.map(({ g, pl }) => ({ role: g.role, areaId: pl.areaId, orgId: pl.orgId })),
        },
      });
      return row.id;
    });
    return { account: await this.get(p, id), initialPassword: generated ? password : undefined };
  }

  async update(p: Principal, actor: Actor, id: number, input: UpdateAccountBody): Promise<AccountView> {
    await this.manageable(p, id, async (trx, acc, paths) => {
      const { pii, clock } = this.ctx;
      const set: Partial<Account> = { updatedAt: clock.now() };
      const changed: Record<string, unknown> = {};
      if (input.displayName !== undefined && input.displayName !== acc.displayName) {
        set.displayName = input.displayName;
        changed.displayName = { from: acc.displayName, to: input.displayName };
      }
      if (input.dutyPhone !== undefined && input.dutyPhone !== acc.dutyPhone) {
        set.dutyPhone = input.dutyPhone;
        changed.dutyPhone = { from: acc.dutyPhone, to: input.dutyPhone };
      }
      if (input.phone !== undefined) {
        set.phoneEnc = input.phone ? pii.encrypt(input.phone) : null;
        set.phoneHash = input.phone ? pii.hash(input.phone) : null;
        changed.phone = 'changed'; // never the number itself
      }
      await updateVersioned(trx, 'accounts', id, input.version, set, { version: acc.version });
      await this.audit(trx, actor, 'account.updated', id, auditPathOf(p, paths), changed);
    });
    return this.get(p, id);
  }

  async disable(p: Principal, actor: Actor, id: number): Promise<AccountView> {
    if (id === p.accountId) throw new AppError('FORBIDDEN', { reason: 'self' });
    await this.manageable(p, id, async (trx, acc, paths) => {
      if (acc.disabledAt != null) return;
      const now = this.ctx.clock.now();
      await trx
        .updateTable('accounts')
        .set({ disabledAt: now, updatedAt: now, version: acc.version + 1 })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('sessions').where('accountId', '=', id).execute();
      await this.audit(trx, actor, 'account.disabled', id, auditPathOf(p, paths), { username: acc.username });
      await this.events.emit('account.disabled', { accountId: id, actor }, trx);
    });
    return this.get(p, id);
  }

  async enable(p: Principal, actor: Actor, id: number): Promise<AccountView> {
    await this.manageable(p, id, async (trx, acc, paths) => {
      if (acc.disabledAt == null) return;
      const now = this.ctx.clock.now();
      await trx
        .updateTable('accounts')
        .set({ disabledAt: null, failedLogins: 0, lockedUntil: null, updatedAt: now, version: acc.version + 1 })
        .where('id', '=', id)
        .execute();
      await this.audit(trx, actor, 'account.enabled', id, auditPathOf(p, paths), { username: acc.username });
    });
    return this.get(p, id);
  }

  /** A temporary password, returned once; the account must change it and all its sessions end. */
  async resetPassword(p: Principal, actor: Actor, id: number): Promise<{ temporaryPassword: string }> {
    const temporaryPassword = generatePassword();
    const passwordHash = await hashPassword(temporaryPassword);
    await this.manageable(p, id, async (trx, acc, paths) => {
      const now = this.ctx.clock.now();
      await trx
        .updateTable('accounts')
        .set({
          passwordHash,
          mustChangePassword: 1,
          passwordChangedAt: now,
          failedLogins: 0,
          lockedUntil: null,
          isDemo: 0,
          updatedAt: now,
          version: acc.version + 1,
        })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('sessions').where('accountId', '=', id).execute();
      await this.audit(trx, actor, 'account.password_reset', id, auditPathOf(p, paths), { username: acc.username });
    });
    return { temporaryPassword };
  }

  /** Runs `fn` in a transaction for an account the caller may manage (in scope, not a peer/superior). */
  private async manageable(
    p: Principal,
    id: number,
    fn: (trx: Kysely<Database>, acc: Account, paths: (string | null)[]) => Promise<void>,
  ) {
    requireAccountsManage(p);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const acc = await assertAccountInScope(this.repo, trx, p, id);
      const grants = await this.repo.grantsOf(trx, [id]);
      assertMayManageHolderOf(
        p,
        grants.map((g) => g.role as Role),
      );
      await fn(
        trx,
        acc,
        grants.map((g) => g.placementPath),
      );
    });
  }

  private audit(
    trx: Kysely<Database>,
    actor: Actor,
    action: string,
    id: number,
    areaPath: string | null,
    summary: Record<string, unknown>,
  ) {
    return this.ctx.audit.write(trx, actor, { action, entityType: 'account', entityId: id, areaPath, summary });
  }

  private view(p: Principal, acc: Account, grants: GrantRow[]): AccountView {
    const own = grants.filter((g) => g.accountId === acc.id);
    return {
      allowedActions: [
        ...accountActionsFor(
          p,
          own.map((g) => g.role as Role),
          acc.disabledAt != null,
        ),
      ],
      id: String(acc.id),
      username: acc.username,
      displayName: acc.displayName,
      phoneMasked: acc.phoneEnc ? maskPhone(this.ctx.pii.decrypt(acc.phoneEnc)) : null,
      dutyPhone: acc.dutyPhone,
      disabled: acc.disabledAt != null,
      mustChangePassword: acc.mustChangePassword === 1,
      version: acc.version,
      createdAt: new Date(acc.createdAt).toISOString(),
      grants: own.map((g) => ({
        id: String(g.id),
        role: g.role as Role,
        areaId: g.areaId == null ? null : String(g.areaId),
        areaName: g.areaName ?? null,
        orgId: g.orgId == null ? null : String(g.orgId),
        orgName: g.orgName ?? null,
        dutyLabels: JSON.parse(g.dutyLabels) as string[],
      })),
    };
  }
}

const toId = (s: string | null | undefined) => (s == null ? null : Number(s));

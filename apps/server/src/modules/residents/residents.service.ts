/**
 * Resident self-service: a resident asks to be linked to a household; a grid worker (or other confirmer)
 * of that household's area confirms it against the ledger. A confirmed link puts the household in the
 * resident's scope (core/scope.ts reads confirmed resident_links on every request).
 */

import { AppError } from '@grassroots/shared/common/errors';
import type { PageQuery } from '@grassroots/shared/common/pagination';
import { maskPhone } from '@grassroots/shared/privacy/masking';
import type { LinkRequestBody, ResidentLinkStatus } from '@grassroots/shared/residents/residents.schema';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import {
  findLink,
  findOpenLink,
  findTargetHousehold,
  iso,
  listMyHouseholds,
  listMyRequests,
  listStaffLinks,
} from './residents.repository.js';

export class ResidentsService {
  constructor(private ctx: AppContext) {}

  private get k() {
    return this.ctx.db.kysely;
  }

  async requestLink(accountId: number, actor: Actor, body: LinkRequestBody) {
    const h = await findTargetHousehold(this.k, {
      householdId: body.householdId == null ? undefined : Number(body.householdId),
      buildingCode: body.buildingCode,
      unit: body.unit,
      room: body.room,
    });
    if (!h) throw new AppError('NOT_FOUND');
    const open = await findOpenLink(this.k, accountId, h.id);
    if (open) throw new AppError('DUPLICATE', { status: open.status });
    const now = this.ctx.clock.now();
    return this.k.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('residentLinks')
        .values({
          accountId,
          householdId: h.id,
          areaPath: h.areaPath,
          status: 'pending',
          note: body.note ?? null,
          createdAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.write(trx, actor, {
        action: 'resident_link.requested',
        entityType: 'resident_link',
        entityId: row.id,
        areaPath: h.areaPath,
        summary: { householdId: h.id },
      });
      return {
        id: String(row.id),
        householdId: String(h.id),
        address: h.address,
        status: 'pending' as const,
        note: body.note ?? null,
        decisionNote: null,
        createdAt: iso(now) as string,
        decidedAt: null,
      };
    });
  }

  myRequests(accountId: number, q: PageQuery) {
    return listMyRequests(this.k, accountId, q);
  }

  async myHouseholds(accountId: number) {
    return { items: await listMyHouseholds(this.k, accountId) };
  }

  async listForStaff(p: Principal, q: PageQuery & { status: ResidentLinkStatus }) {
    const { rows, total } = await listStaffLinks(this.k, p.scope, q);
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        status: r.status as ResidentLinkStatus,
        accountId: String(r.accountId),
        accountName: r.displayName,
        // Staff see the resident's phone masked only; the clear number never leaves the server here.
        phoneMasked: r.phoneEnc ? maskPhone(this.ctx.pii.decrypt(r.phoneEnc)) : null,
        householdId: String(r.householdId),
        address: r.address,
        headName: r.headName,
        gridName: r.gridName ?? null,
        note: r.note,
        decisionNote: r.decisionNote,
        createdAt: iso(r.createdAt) as string,
        decidedAt: iso(r.decidedAt),
        decidedByName: r.decidedByName ?? null,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Confirm or reject a pending request in the caller's scope; the status guard makes a race a 409. */
  async decide(p: Principal, actor: Actor, id: number, decision: 'confirmed' | 'rejected', note?: string) {
    const link = await findLink(this.k, id);
    if (!link || !coversPath(p.scope, link.areaPath)) throw new AppError('NOT_FOUND');
    if (link.status !== 'pending') throw new AppError('INVALID_TRANSITION', { status: link.status });
    const now = this.ctx.clock.now();
    await this.k.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('residentLinks')
        .set({ status: decision, decidedBy: p.accountId, decidedAt: now, decisionNote: note ?? null })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('INVALID_TRANSITION', { status: 'changed' });
      await this.ctx.audit.write(trx, actor, {
        action: decision === 'confirmed' ? 'resident_link.confirmed' : 'resident_link.rejected',
        entityType: 'resident_link',
        entityId: id,
        areaPath: link.areaPath,
        summary: { accountId: link.accountId, householdId: link.householdId, note: note ?? null },
      });
    });
    return { ok: true as const, status: decision };
  }
}

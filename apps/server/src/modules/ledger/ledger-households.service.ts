/**
 * The ledger's households: scoped list and detail (members, latest cases and visits, the linked party member),
 * the ledger's part of a household (head, phone, smartphone flag, open and sensitive tags — address and place
 * stay with the places module) and the logged unmask of its phone and sensitive tags.
 */
import { can } from '@grassroots/shared/auth/permissions';
import { AppError } from '@grassroots/shared/common/errors';
import { isSensitiveTag } from '@grassroots/shared/ledger/ledger.rules';
import type {
  HouseholdUnmaskBody,
  LedgerHouseholdDetail,
  LedgerHouseholdQuery,
  LedgerHouseholdView,
  UnmaskResult,
  UpdateLedgerHouseholdBody,
} from '@grassroots/shared/ledger/ledger.schema';
import { isPhoneQuery, normalisePhone } from '@grassroots/shared/places/places.rules';
import { maskPhone } from '@grassroots/shared/privacy/masking';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { updateVersioned } from '../../core/versioned-update.js';
import {
  assertUnmask,
  assertWrite,
  canUnmask,
  canWrite,
  type LedgerReach,
  ledgerReach,
  seen,
} from './ledger.access.js';
import { type LedgerHouseholdRow, LedgerHouseholdsRepository } from './ledger-households.repository.js';
import { decodeSensitiveTags, tagKey } from './person-codec.js';
import type { PersonsService } from './persons.service.js';
import { parseJson } from './persons.view.js';

const iso = (ms: number) => new Date(ms).toISOString();
type Ref = { id: string; name: string } | null;

export class LedgerHouseholdsService {
  readonly repo: LedgerHouseholdsRepository;

  constructor(
    private ctx: AppContext,
    private persons: PersonsService,
  ) {
    this.repo = new LedgerHouseholdsRepository(ctx.db);
  }

  private get k() {
    return this.ctx.db.kysely;
  }

  private view(p: Principal, reach: LedgerReach, r: LedgerHouseholdRow, member: Ref): LedgerHouseholdView {
    const actions: LedgerHouseholdView['allowedActions'] = [];
    if (canWrite(reach, r.areaPath)) actions.push('update', 'addPerson');
    if (can(p.roles, 'ledger.unmask') && canUnmask(reach, r.areaPath)) actions.push('unmask');
    return {
      id: String(r.id),
      address: r.address,
      gridId: String(r.gridId),
      gridName: r.gridName,
      headName: r.headName,
      phone: r.phoneEnc ? maskPhone(this.ctx.pii.decrypt(r.phoneEnc)) : null,
      tags: parseJson<string[]>(r.tags, []).filter((t) => !isSensitiveTag(t)),
      sensitiveTagCount: Number(r.sensitiveTagCount ?? 0),
      noSmartphone: r.noSmartphone === 1,
      memberCount: Number(r.memberCount ?? 0),
      partyMember: member,
      version: r.version,
      allowedActions: actions,
    };
  }

  async list(p: Principal, q: LedgerHouseholdQuery) {
    const reach = await ledgerReach(this.k, p);
    const phone = q.q && isPhoneQuery(q.q) ? this.ctx.pii.hash(normalisePhone(q.q)) : undefined;
    const underPath = q.areaId
      ? (await this.k.selectFrom('areas').select('path').where('id', '=', Number(q.areaId)).executeTakeFirst())?.path
      : undefined;
    if (q.areaId && !underPath) throw new AppError('NOT_FOUND', { areaId: q.areaId });
    const { rows, total } = await this.repo.list(reach, {
      underPath,
      gridId: q.gridId ? Number(q.gridId) : undefined,
      phoneHash: phone,
      text: phone ? undefined : q.q,
      tags: q.tag?.map((tag) => ({ tag, key: tagKey(this.ctx.pii, tag) })),
      noSmartphone: q.noSmartphone === undefined ? undefined : q.noSmartphone === 'true',
      page: q.page,
      pageSize: q.pageSize,
    });
    const members = await this.repo.partyMembers(rows.map((r) => r.id));
    return {
      items: rows.map((r) => this.view(p, reach, r, members.get(r.id) ?? null)),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  private async row(reach: LedgerReach, id: number) {
    const r = seen(reach, await this.repo.find(id), id);
    return r;
  }

  async get(p: Principal, id: number, includeMovedOut: boolean): Promise<LedgerHouseholdDetail> {
    const reach = await ledgerReach(this.k, p);
    const r = await this.row(reach, id);
    const [members, cases, visits, party] = await Promise.all([
      this.persons.repo.members(id, includeMovedOut),
      this.repo.latestCases(id),
      this.repo.latestVisits(id),
      this.repo.partyMembers([id]),
    ]);
    return {
      ...this.view(p, reach, r, party.get(id) ?? null),
      buildingId: r.buildingId == null ? null : String(r.buildingId),
      roomId: r.roomId == null ? null : String(r.roomId),
      members: members.map((m) => this.persons.view(p, reach, m)),
      cases: cases.map((c) => ({
        id: String(c.id),
        number: c.number,
        status: c.status,
        categoryName: c.categoryName,
        description: c.description.slice(0, 80),
        createdAt: iso(c.createdAt),
      })),
      visits: visits.map((v) => ({
        id: String(v.id),
        campaignId: String(v.campaignId),
        campaignName: v.campaignName,
        outcome: v.outcome,
        visitedAt: iso(v.visitedAt),
        visitedBy: v.displayName,
      })),
    };
  }

  /**
   * The ledger's part of a household. Open tags stay in households.tags (as the places module keeps them);
   * sensitive ones are encrypted in sensitive_tags_enc; both get their ledger_tags rows (sensitive by hash).
   */
  async update(p: Principal, actor: Actor, id: number, b: UpdateLedgerHouseholdBody) {
    const reach = await ledgerReach(this.k, p);
    const before = await this.row(reach, id);
    assertWrite(reach, before.areaPath);
    const pii = this.ctx.pii;
    await this.k.transaction().execute(async (trx) => {
      const open = b.tags ?? parseJson<string[]>(before.tags, []);
      const sensitive = b.sensitiveTags ?? decodeSensitiveTags(pii, before.sensitiveTagsEnc);
      const phone = b.phone === undefined ? undefined : b.phone ? normalisePhone(b.phone) : null;
      await updateVersioned(trx, 'households', id, b.version, {
        headName: b.headName,
        noSmartphone: b.noSmartphone === undefined ? undefined : b.noSmartphone ? 1 : 0,
        tags: JSON.stringify([...new Set(open)]),
        sensitiveTagsEnc: sensitive.length ? pii.encrypt(JSON.stringify([...new Set(sensitive)])) : null,
        ...(phone === undefined
          ? {}
          : { phoneEnc: phone ? pii.encrypt(phone) : null, phoneHash: phone ? pii.hash(phone) : null }),
        updatedAt: this.ctx.clock.now(),
      });
      await this.persons.repo.setTags(
        trx,
        'household',
        id,
        before.areaPath,
        [...open, ...sensitive].map((t) => tagKey(pii, t)),
      );
      await this.ctx.audit.write(trx, actor, {
        action: 'household.ledger_update',
        entityType: 'household',
        entityId: id,
        areaPath: before.areaPath,
        summary: {
          changed: Object.keys(b).filter((k) => k !== 'version' && (b as Record<string, unknown>)[k] !== undefined),
        },
      });
    });
    return this.get(p, id, false);
  }

  async unmask(p: Principal, actor: Actor, id: number, b: HouseholdUnmaskBody): Promise<UnmaskResult> {
    const reach = await ledgerReach(this.k, p);
    const r = await this.row(reach, id);
    assertUnmask(reach, r.areaPath);
    const fields = [...new Set(b.fields)];
    await this.k.transaction().execute((trx) =>
      this.ctx.audit.write(trx, actor, {
        action: 'household.unmask',
        entityType: 'household',
        entityId: id,
        areaPath: r.areaPath,
        summary: { reason: b.reason, fields },
      }),
    );
    const out: UnmaskResult = {};
    if (fields.includes('phone')) out.phone = r.phoneEnc ? this.ctx.pii.decrypt(r.phoneEnc) : null;
    if (fields.includes('sensitiveTags')) out.sensitiveTags = decodeSensitiveTags(this.ctx.pii, r.sensitiveTagsEnc);
    return out;
  }
}

/**
 * Residents and their own data (PIPL): a resident sees their confirmed household(s), asks for a correction or
 * an erasure, and downloads everything the ledger holds about their household (audited). Staff with
 * ledger.write on the household's area handle the requests; an erasure done anonymises the person.
 */
import { AppError } from '@grassroots/shared/common/errors';
import type {
  CreateLedgerRequestBody,
  LedgerRequestKind,
  LedgerRequestStatus,
  LedgerRequestView,
  ResolveLedgerRequestBody,
} from '@grassroots/shared/ledger/ledger.schema';
import { maskPhone } from '@grassroots/shared/privacy/masking';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import type { Database } from '../../db/database.js';
import { anonymisePerson } from './anonymise.js';
import { assertWrite, type LedgerReach, ledgerReach, withinPaths } from './ledger.access.js';
import { decodeContact, decodeSensitiveTags } from './person-codec.js';
import { parseJson } from './persons.view.js';

type K = Kysely<Database>;
const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

function selectRequests(k: K) {
  return k
    .selectFrom('ledgerRequests as r')
    .innerJoin('households as h', 'h.id', 'r.householdId')
    .innerJoin('accounts as a', 'a.id', 'r.accountId')
    .leftJoin('persons as p', 'p.id', 'r.personId')
    .leftJoin('accounts as hb', 'hb.id', 'r.handledBy')
    .selectAll('r')
    .select(['h.address', 'p.name as personName', 'a.displayName as requestedBy', 'hb.displayName as handledByName']);
}
type RequestRow = Awaited<ReturnType<ReturnType<typeof selectRequests>['executeTakeFirstOrThrow']>>;

export class LedgerRequestsService {
  constructor(private ctx: AppContext) {}

  private get k() {
    return this.ctx.db.kysely;
  }

  private view(r: RequestRow): LedgerRequestView {
    return {
      id: String(r.id),
      kind: r.kind as LedgerRequestKind,
      status: r.status as LedgerRequestStatus,
      householdId: String(r.householdId),
      householdAddress: r.address,
      personId: r.personId == null ? null : String(r.personId),
      personName: r.personName ?? null,
      message: this.ctx.pii.decrypt(r.bodyEnc),
      resolution: r.resolution,
      requestedBy: r.requestedBy,
      handledBy: r.handledByName ?? null,
      handledAt: iso(r.handledAt),
      createdAt: iso(r.createdAt) as string,
    };
  }

  // ── the resident's side ─────────────────────────────────────────────────────

  /** The resident's confirmed households with current members (masked here too) and their own requests. */
  async myHouseholds(p: Principal & { accountId: number }) {
    const ids = p.scope.householdIds;
    if (!ids.length) return { items: [] };
    const [households, members, requests] = await Promise.all([
      this.k
        .selectFrom('households as h')
        .innerJoin('areas as g', 'g.id', 'h.gridId')
        .select(['h.id', 'h.address', 'g.name as gridName', 'h.headName', 'h.phoneEnc', 'h.tags'])
        .where('h.id', 'in', ids)
        .orderBy('h.id')
        .execute(),
      this.k
        .selectFrom('persons')
        .selectAll()
        .where('householdId', 'in', ids)
        .where('movedOutOn', 'is', null)
        .orderBy('id')
        .execute(),
      selectRequests(this.k).where('r.accountId', '=', p.accountId).orderBy('r.id', 'desc').limit(100).execute(),
    ]);
    return {
      items: households.map((h) => ({
        id: String(h.id),
        address: h.address,
        gridName: h.gridName,
        headName: h.headName,
        phone: h.phoneEnc ? maskPhone(this.ctx.pii.decrypt(h.phoneEnc)) : null,
        tags: parseJson<string[]>(h.tags, []),
        members: members
          .filter((m) => m.householdId === h.id)
          .map((m) => ({
            id: String(m.id),
            name: m.name,
            idNumber: m.idNoMasked,
            phone: m.phoneMasked,
            birthDate: m.birthDate,
            gender: (m.gender === 'male' || m.gender === 'female' ? m.gender : null) as 'male' | 'female' | null,
            relation: m.relation as 'other',
            tags: parseJson<string[]>(m.tags, []),
            movedInOn: m.movedInOn,
          })),
        requests: requests.filter((r) => r.householdId === h.id).map((r) => this.view(r)),
      })),
    };
  }

  async create(p: Principal & { accountId: number }, actor: Actor, b: CreateLedgerRequestBody) {
    const mine = p.scope.householdIds;
    let householdId: number;
    let personId: number | null = null;
    if (b.personId) {
      const person = await this.k
        .selectFrom('persons')
        .select(['id', 'householdId', 'anonymisedAt'])
        .where('id', '=', Number(b.personId))
        .executeTakeFirst();
      if (!person || !mine.includes(person.householdId)) throw new AppError('NOT_FOUND', { personId: b.personId });
      if (person.anonymisedAt != null) throw new AppError('INVALID_TRANSITION', { anonymised: true });
      householdId = person.householdId;
      personId = person.id;
    } else if (b.kind === 'erasure') {
      throw new AppError('VALIDATION_FAILED', [{ path: 'body.personId', message: '请选择要删除信息的人员' }]);
    } else if (b.householdId) {
      if (!mine.includes(Number(b.householdId))) throw new AppError('NOT_FOUND', { householdId: b.householdId });
      householdId = Number(b.householdId);
    } else if (mine.length === 1) {
      householdId = mine[0] as number;
    } else {
      throw new AppError(mine.length ? 'VALIDATION_FAILED' : 'NOT_FOUND', [
        { path: 'body.householdId', message: '请选择住户' },
      ]);
    }
    const h = await this.k
      .selectFrom('households')
      .select('areaPath')
      .where('id', '=', householdId)
      .executeTakeFirstOrThrow();
    const id = await this.k.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('ledgerRequests')
        .values({
          kind: b.kind,
          status: 'open',
          accountId: p.accountId,
          householdId,
          personId,
          areaPath: h.areaPath,
          // What to correct may itself be personal data (a new phone, an ID number): encrypted at rest.
          bodyEnc: this.ctx.pii.encrypt(b.message),
          createdAt: this.ctx.clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.write(trx, actor, {
        action: 'ledger_request.create',
        entityType: 'ledger_request',
        entityId: row.id,
        areaPath: h.areaPath,
        summary: { kind: b.kind, householdId, personId },
      });
      return row.id;
    });
    return this.view(await selectRequests(this.k).where('r.id', '=', id).executeTakeFirstOrThrow());
  }

  /** Everything the ledger holds about the resident's household(s), in clear (their own data); audited. */
  async export(p: Principal & { accountId: number }, actor: Actor) {
    const ids = p.scope.householdIds;
    const pii = this.ctx.pii;
    const [households, persons] = ids.length
      ? await Promise.all([
          this.k
            .selectFrom('households as h')
            .innerJoin('areas as g', 'g.id', 'h.gridId')
            .selectAll('h')
            .select('g.name as gridName')
            .where('h.id', 'in', ids)
            .orderBy('h.id')
            .execute(),
          this.k
            .selectFrom('persons')
            .selectAll()
            .where('householdId', 'in', ids)
            .where('anonymisedAt', 'is', null)
            .orderBy('id')
            .execute(),
        ])
      : [[], []];
    const requests = ids.length
      ? await selectRequests(this.k).where('r.accountId', '=', p.accountId).orderBy('r.id').execute()
      : [];
    await this.k.transaction().execute((trx) =>
      this.ctx.audit.write(trx, actor, {
        action: 'ledger.self_export',
        entityType: 'account',
        entityId: p.accountId,
        summary: { householdIds: ids, persons: persons.length },
      }),
    );
    return {
      exportedAt: new Date(this.ctx.clock.now()).toISOString(),
      households: households.map((h) => ({
        id: String(h.id),
        address: h.address,
        gridName: h.gridName,
        headName: h.headName,
        phone: decodeContact(pii, h).phone,
        tags: parseJson<string[]>(h.tags, []),
        sensitiveTags: decodeSensitiveTags(pii, h.sensitiveTagsEnc),
        noSmartphone: h.noSmartphone === 1,
        members: persons
          .filter((m) => m.householdId === h.id)
          .map((m) => ({
            id: String(m.id),
            name: m.name,
            ...decodeContact(pii, m),
            birthDate: m.birthDate,
            gender: m.gender,
            relation: m.relation,
            tags: parseJson<string[]>(m.tags, []),
            sensitiveTags: decodeSensitiveTags(pii, m.sensitiveTagsEnc),
            custom: parseJson<Record<string, unknown>>(m.custom, {}),
            movedInOn: m.movedInOn,
            movedOutOn: m.movedOutOn,
          })),
        requests: requests.filter((r) => r.householdId === h.id).map((r) => this.view(r)),
      })),
    };
  }

  // ── the staff's side ────────────────────────────────────────────────────────

  async list(p: Principal, q: { status?: LedgerRequestStatus; areaId?: string; page: number; pageSize: number }) {
    const reach = await ledgerReach(this.k, p);
    let under: string | undefined;
    if (q.areaId) {
      under = (await this.k.selectFrom('areas').select('path').where('id', '=', Number(q.areaId)).executeTakeFirst())
        ?.path;
      if (!under) throw new AppError('NOT_FOUND', { areaId: q.areaId });
    }
    const base = selectRequests(this.k)
      .where(withinPaths(reach.read, 'r.areaPath'))
      .$if(!!q.status, (b) => b.where('r.status', '=', q.status as string))
      .$if(!!under, (b) => b.where('r.areaPath', 'like', `${under}%`));
    const [rows, count] = await Promise.all([
      base
        .orderBy('r.id', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
      this.k
        .selectFrom('ledgerRequests as r')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(withinPaths(reach.read, 'r.areaPath'))
        .$if(!!q.status, (b) => b.where('r.status', '=', q.status as string))
        .$if(!!under, (b) => b.where('r.areaPath', 'like', `${under}%`))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => this.view(r)), total: Number(count.n), page: q.page, pageSize: q.pageSize };
  }

  private async visibleRequest(reach: LedgerReach, id: number, k: K = this.k) {
    const r = await selectRequests(k).where('r.id', '=', id).executeTakeFirst();
    if (!r || !reach.read.some((path) => r.areaPath.startsWith(path))) throw new AppError('NOT_FOUND');
    return r;
  }

  /** done | rejected, once; an erasure done anonymises the person in the same transaction. */
  async resolve(p: Principal, actor: Actor, id: number, b: ResolveLedgerRequestBody) {
    const reach = await ledgerReach(this.k, p);
    await this.k.transaction().execute(async (trx) => {
      const r = await this.visibleRequest(reach, id, trx);
      assertWrite(reach, r.areaPath);
      const now = this.ctx.clock.now();
      const done = await trx
        .updateTable('ledgerRequests')
        .set({ status: b.status, resolution: b.resolution, handledBy: p.accountId, handledAt: now })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw new AppError('INVALID_TRANSITION', { status: r.status });
      if (r.kind === 'erasure' && b.status === 'done' && r.personId != null) {
        const person = await trx
          .selectFrom('persons')
          .select(['id', 'areaPath', 'householdId', 'movedOutOn', 'movedOutAt'])
          .where('id', '=', r.personId)
          .executeTakeFirstOrThrow();
        await anonymisePerson(this.ctx, trx, actor, person, 'erasure', { requestId: id });
      }
      await this.ctx.audit.write(trx, actor, {
        action: 'ledger_request.resolve',
        entityType: 'ledger_request',
        entityId: id,
        areaPath: r.areaPath,
        summary: { kind: r.kind, status: b.status, personId: r.personId },
      });
    });
    return this.view(await this.visibleRequest(reach, id));
  }
}

/**
 * Persons of the ledger: scoped list and detail (masked), create and change with ID-number validation and
 * duplicate detection by keyed hash, move-out / move-in (never a delete), and the logged unmask. Every write
 * encodes through person-codec and rewrites the person's ledger_tags rows in the same transaction as its audit.
 */
import { can } from '@grassroots/shared/auth/permissions';
import { AppError } from '@grassroots/shared/common/errors';
import { isCalendarDate, normaliseIdNumber, parseIdNumber } from '@grassroots/shared/ledger/idcard';
import {
  type CreatePersonBody,
  type CustomValue,
  customFiltersOf,
  type MoveInBody,
  type MoveOutBody,
  type PersonListQuery,
  type UnmaskBody,
  type UnmaskResult,
  type UpdatePersonBody,
} from '@grassroots/shared/ledger/ledger.schema';
import { isPhoneQuery } from '@grassroots/shared/places/places.rules';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import type { Database } from '../../db/database.js';
import type { LedgerFieldsService } from './fields.service.js';
import { filterLiteral } from './fields.service.js';
import {
  assertUnmask,
  assertWrite,
  canSee,
  type LedgerReach,
  ledgerReach,
  seen,
  shanghaiDay,
} from './ledger.access.js';
import { decodeContact, decodeSensitiveTags, encodePerson, idNumberHash, phoneHash } from './person-codec.js';
import { type PersonRow, PersonsRepository } from './persons.repository.js';
import { parseJson, personActions, toPersonView } from './persons.view.js';

type K = Kysely<Database>;
const bad = (path: string, message: string) => new AppError('VALIDATION_FAILED', [{ path, message }]);

function checkDay(path: string, day: string | null | undefined, today: string) {
  if (day && (!isCalendarDate(day) || day > today)) throw bad(path, '日期无效或晚于今天');
}

/**
 * The stored ID number, birth date and gender: a valid ID number decides birth date and gender; given ones
 * must agree with it (400 INVALID_ID_NUMBER with the problem).
 */
export function resolveIdentity(
  today: string,
  v: { idNumber?: string | null; birthDate?: string | null; gender?: string | null },
) {
  if (!v.idNumber) {
    checkDay('body.birthDate', v.birthDate, today);
    return { idNumber: null, birthDate: v.birthDate ?? null, gender: v.gender ?? null };
  }
  const id = parseIdNumber(v.idNumber, today);
  if (!id.ok) throw new AppError('INVALID_ID_NUMBER', { problem: id.problem });
  if (v.birthDate && v.birthDate !== id.birthDate)
    throw new AppError('INVALID_ID_NUMBER', { problem: 'birthDateMismatch', birthDate: id.birthDate });
  if (v.gender && v.gender !== id.gender) throw new AppError('INVALID_ID_NUMBER', { problem: 'genderMismatch' });
  return { idNumber: id.id, birthDate: id.birthDate, gender: id.gender };
}

export class PersonsService {
  readonly repo: PersonsRepository;

  constructor(
    private ctx: AppContext,
    private fields: LedgerFieldsService,
  ) {
    this.repo = new PersonsRepository(ctx.db);
  }

  private get k() {
    return this.ctx.db.kysely;
  }
  private today() {
    return shanghaiDay(this.ctx.clock.now());
  }

  reach(p: Principal) {
    return ledgerReach(this.k, p);
  }

  view(p: Principal, reach: LedgerReach, r: PersonRow) {
    return toPersonView(r, this.today(), personActions(reach, can(p.roles, 'ledger.unmask'), r));
  }

  async list(p: Principal, q: PersonListQuery) {
    const reach = await this.reach(p);
    const today = this.today();
    const search = q.q ? this.searchOf(q.q) : {};
    const { rows, total } = await this.repo.list(reach, {
      underPath: q.areaId ? await this.areaPath(Number(q.areaId)) : undefined,
      gridId: q.gridId ? Number(q.gridId) : undefined,
      householdId: q.householdId ? Number(q.householdId) : undefined,
      ...search,
      tagKeys: q.tag?.map((t) => this.tagKeyOf(t)),
      ageGroup: q.ageGroup,
      today,
      gender: q.gender,
      relation: q.relation,
      movedOut: q.movedOut,
      custom: await this.customFilters(q),
      sort: q.sort,
      page: q.page,
      pageSize: q.pageSize,
    });
    const unmaskable = can(p.roles, 'ledger.unmask');
    return {
      items: rows.map((r) => toPersonView(r, today, personActions(reach, unmaskable, r))),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  private tagKeyOf(tag: string) {
    return encodePerson(this.ctx.pii, { name: '', tags: [tag] }).tagKeys[0] as string;
  }

  /** q: an exact full ID number or phone (keyed hash, never LIKE), else part of a name. */
  private searchOf(q: string) {
    const id = normaliseIdNumber(q);
    if (/^\d{17}[\dX]$/.test(id)) return { idNoHash: idNumberHash(this.ctx.pii, id) };
    if (isPhoneQuery(q)) return { phoneHash: phoneHash(this.ctx.pii, q) };
    return { name: q };
  }

  private async areaPath(id: number) {
    const a = await this.k.selectFrom('areas').select('path').where('id', '=', id).executeTakeFirst();
    if (!a) throw new AppError('NOT_FOUND', { areaId: String(id) });
    return a.path;
  }

  private async customFilters(q: PersonListQuery): Promise<[string, string][] | undefined> {
    const wanted = Object.entries(customFiltersOf(q));
    if (!wanted.length) return undefined;
    const fields = new Map((await this.fields.rows(this.k, true)).map((f) => [f.code, f]));
    return wanted.map(([code, value]) => {
      const f = fields.get(code);
      const literal = f ? filterLiteral(f, value) : null;
      if (!f || literal === null) throw bad(`query.custom.${code}`, f ? '取值不符合字段类型' : '未定义的自定义字段');
      return [code, literal];
    });
  }

  /** A person the caller may read (404 otherwise). */
  async getRow(reach: LedgerReach, id: number, k: K = this.k) {
    return seen(reach, await this.repo.find(id, k));
  }

  async get(p: Principal, id: number) {
    const reach = await this.reach(p);
    return this.view(p, reach, await this.getRow(reach, id));
  }

  /** The target household: readable (404) and writable (403). */
  private async writableHousehold(k: K, reach: LedgerReach, id: number) {
    const h = await this.repo.household(k, id);
    if (!h || !canSee(reach, h.areaPath, h.id)) throw new AppError('NOT_FOUND', { householdId: String(id) });
    assertWrite(reach, h.areaPath);
    return h;
  }

  /** 409 DUPLICATE_PERSON when another person has this ID number (their id only if the caller may see them). */
  private async assertUnique(k: K, reach: LedgerReach, idNumber: string | null, exceptId?: number) {
    if (!idNumber) return;
    const other = await this.repo.findByIdHash(k, idNumberHash(this.ctx.pii, idNumber), exceptId);
    if (other)
      throw new AppError('DUPLICATE_PERSON', {
        personId: canSee(reach, other.areaPath, other.householdId) ? String(other.id) : null,
      });
  }

  async create(p: Principal, actor: Actor, b: CreatePersonBody) {
    const reach = await this.reach(p);
    const today = this.today();
    const identity = resolveIdentity(today, b);
    checkDay('body.movedInOn', b.movedInOn, today);
    const id = await this.k.transaction().execute(async (trx) => {
      const h = await this.writableHousehold(trx, reach, Number(b.householdId));
      await this.assertUnique(trx, reach, identity.idNumber, undefined);
      const custom = await this.fields.validate(trx, b.custom ?? {}, true);
      const { columns, tagKeys } = encodePerson(this.ctx.pii, {
        ...b,
        ...identity,
        tags: [...(b.tags ?? []), ...(b.sensitiveTags ?? [])],
        custom,
      });
      const now = this.ctx.clock.now();
      const id = await this.repo.insert(trx, {
        ...columns,
        householdId: h.id,
        areaPath: h.areaPath,
        createdAt: now,
        updatedAt: now,
      });
      await this.repo.setTags(trx, 'person', id, h.areaPath, tagKeys);
      await this.ctx.audit.write(trx, actor, {
        action: 'person.create',
        entityType: 'person',
        entityId: id,
        areaPath: h.areaPath,
        // Field names only: the values are personal data and stay out of the audit log.
        summary: { householdId: h.id, fields: Object.keys(b).filter((k) => k !== 'householdId') },
      });
      return id;
    });
    return this.view(p, reach, await this.getRow(reach, id));
  }

  /** A person the caller may change: readable (404), writable (403), not anonymised (409). */
  private async writableRow(k: K, reach: LedgerReach, id: number) {
    const row = await this.getRow(reach, id, k);
    assertWrite(reach, row.areaPath);
    if (row.anonymisedAt != null) throw new AppError('INVALID_TRANSITION', { anonymised: true });
    return row;
  }

  async update(p: Principal, actor: Actor, id: number, b: UpdatePersonBody) {
    const reach = await this.reach(p);
    const today = this.today();
    checkDay('body.movedInOn', b.movedInOn, today);
    await this.k.transaction().execute(async (trx) => {
      const row = await this.writableRow(trx, reach, id);
      const h = b.householdId ? await this.writableHousehold(trx, reach, Number(b.householdId)) : null;
      const pii = this.ctx.pii;
      const clear = decodeContact(pii, row);
      const idChanged =
        b.idNumber !== undefined && (b.idNumber ? normaliseIdNumber(b.idNumber) : null) !== clear.idNumber;
      const identity = resolveIdentity(today, {
        idNumber: b.idNumber !== undefined ? b.idNumber : clear.idNumber,
        // A new ID number decides the birth date and gender unless they are sent along with it.
        birthDate: b.birthDate !== undefined ? b.birthDate : idChanged ? undefined : row.birthDate,
        gender: b.gender !== undefined ? b.gender : idChanged ? undefined : row.gender,
      });
      if (idChanged) await this.assertUnique(trx, reach, identity.idNumber, id);
      const sensitive = decodeSensitiveTags(pii, row.sensitiveTagsEnc);
      const custom = {
        ...parseJson<Record<string, CustomValue>>(row.custom, {}),
        ...(b.custom ? await this.fields.validate(trx, b.custom, false) : {}),
      };
      for (const [code, v] of Object.entries(b.custom ?? {})) if (v === null || v === '') delete custom[code];
      const { columns, tagKeys } = encodePerson(pii, {
        name: b.name ?? row.name,
        ...identity,
        phone: b.phone !== undefined ? b.phone : clear.phone,
        relation: b.relation ?? row.relation,
        tags: [...(b.tags ?? parseJson<string[]>(row.tags, [])), ...(b.sensitiveTags ?? sensitive)],
        custom,
        movedInOn: b.movedInOn !== undefined ? b.movedInOn : row.movedInOn,
      });
      const areaPath = h?.areaPath ?? row.areaPath;
      await this.repo.updateVersioned(trx, id, b.version, {
        ...columns,
        householdId: h?.id ?? row.householdId,
        areaPath,
        updatedAt: this.ctx.clock.now(),
      });
      await this.repo.setTags(trx, 'person', id, areaPath, tagKeys);
      await this.ctx.audit.write(trx, actor, {
        action: 'person.update',
        entityType: 'person',
        entityId: id,
        areaPath,
        summary: {
          householdId: h?.id ?? row.householdId,
          changed: Object.keys(b).filter((k) => k !== 'version' && (b as Record<string, unknown>)[k] !== undefined),
        },
      });
    });
    return this.view(p, reach, await this.getRow(reach, id));
  }

  async moveOut(p: Principal, actor: Actor, id: number, b: MoveOutBody) {
    const reach = await this.reach(p);
    checkDay('body.movedOutOn', b.movedOutOn, this.today());
    await this.k.transaction().execute(async (trx) => {
      const row = await this.writableRow(trx, reach, id);
      if (row.movedOutOn) throw new AppError('INVALID_TRANSITION', { movedOutOn: row.movedOutOn });
      const now = this.ctx.clock.now();
      // moved_out_at (when it was recorded) is what the retention period counts from.
      await this.repo.updateVersioned(trx, id, b.version, {
        movedOutOn: b.movedOutOn,
        movedOutAt: now,
        moveNote: b.note ?? null,
        updatedAt: now,
      });
      await this.ctx.audit.write(trx, actor, {
        action: 'person.move_out',
        entityType: 'person',
        entityId: id,
        areaPath: row.areaPath,
        summary: { householdId: row.householdId, movedOutOn: b.movedOutOn },
      });
    });
    return this.view(p, reach, await this.getRow(reach, id));
  }

  async moveIn(p: Principal, actor: Actor, id: number, b: MoveInBody) {
    const reach = await this.reach(p);
    checkDay('body.movedInOn', b.movedInOn, this.today());
    await this.k.transaction().execute(async (trx) => {
      const row = await this.writableRow(trx, reach, id);
      if (!row.movedOutOn) throw new AppError('INVALID_TRANSITION', { movedOutOn: null });
      await this.repo.updateVersioned(trx, id, b.version, {
        movedInOn: b.movedInOn,
        movedOutOn: null,
        movedOutAt: null,
        moveNote: b.note ?? null,
        updatedAt: this.ctx.clock.now(),
      });
      await this.ctx.audit.write(trx, actor, {
        action: 'person.move_in',
        entityType: 'person',
        entityId: id,
        areaPath: row.areaPath,
        summary: { householdId: row.householdId, movedInOn: b.movedInOn },
      });
    });
    return this.view(p, reach, await this.getRow(reach, id));
  }

  /** The clear values asked for; needs the unmask reach on the person's area; logged with the reason only. */
  async unmask(p: Principal, actor: Actor, id: number, b: UnmaskBody): Promise<UnmaskResult> {
    const reach = await this.reach(p);
    return this.k.transaction().execute(async (trx) => {
      const row = await this.getRow(reach, id, trx);
      assertUnmask(reach, row.areaPath);
      const fields = [...new Set(b.fields)];
      await this.ctx.audit.write(trx, actor, {
        action: 'person.unmask',
        entityType: 'person',
        entityId: id,
        areaPath: row.areaPath,
        summary: { reason: b.reason, fields },
      });
      const clear = decodeContact(this.ctx.pii, row);
      const out: UnmaskResult = {};
      if (fields.includes('idNumber')) out.idNumber = clear.idNumber;
      if (fields.includes('phone')) out.phone = clear.phone;
      if (fields.includes('sensitiveTags')) out.sensitiveTags = decodeSensitiveTags(this.ctx.pii, row.sensitiveTagsEnc);
      return out;
    });
  }
}

/**
 * SQL of persons. Lists take the caller's LedgerReach; ID numbers and phones are matched only through their
 * keyed hashes, tags through ledger_tags (sensitive ones by hash), age groups through an indexed birth-date
 * range, custom fields by their JSON literal in persons.custom (written by one JSON.stringify, so the text
 * `"code":<literal>` followed by `,` or `}` is exactly "the field has this value").
 */

import { AppError } from '@grassroots/shared/common/errors';
import { type AgeGroup, birthDateRange } from '@grassroots/shared/ledger/ledger.rules';
import type { PersonSort } from '@grassroots/shared/ledger/ledger.schema';
import { type Expression, type Insertable, type Kysely, type SqlBool, sql, type Updateable } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import type { Database, PersonsTable } from '../../db/database.js';
import { containsText, type Db, likeEscape } from '../../db/dialect.js';
import { type LedgerReach, visibleTo } from './ledger.access.js';

type K = Kysely<Database>;

export interface PersonFilter {
  underPath?: string;
  gridId?: number;
  householdId?: number;
  name?: string;
  idNoHash?: string;
  phoneHash?: string;
  /** ledger_tags keys (the tag, or 's:' + hash); every one must be present. */
  tagKeys?: string[];
  ageGroup?: AgeGroup;
  today: string;
  gender?: string;
  relation?: string;
  movedOut: 'true' | 'false' | 'all';
  /** JSON key → JSON literal of the value. */
  custom?: [string, string][];
  sort: PersonSort;
  page: number;
  pageSize: number;
}

/** A person with the household address, grid and the number of sensitive tags (never which). */
export function selectPersons(k: K) {
  return k
    .selectFrom('persons as p')
    .innerJoin('households as h', 'h.id', 'p.householdId')
    .innerJoin('areas as g', 'g.id', 'h.gridId')
    .selectAll('p')
    .select(['h.address as householdAddress', 'h.gridId', 'g.name as gridName'])
    .select((eb) =>
      eb
        .selectFrom('ledgerTags as t')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('t.entityKind', '=', 'person')
        .whereRef('t.entityId', '=', 'p.id')
        .where('t.tagKey', 'like', 's:%')
        .as('sensitiveTagCount'),
    );
}
export type PersonRow = Awaited<ReturnType<ReturnType<typeof selectPersons>['executeTakeFirstOrThrow']>>;

/** `"code":<literal>` followed by `,` or `}` in the stored JSON. */
const customIs = (code: string, literal: string): Expression<SqlBool> => {
  const base = likeEscape(`"${code}":${literal}`);
  return sql<SqlBool>`(p.custom LIKE ${`%${base},%`} ESCAPE '\\' OR p.custom LIKE ${`%${base}}`} ESCAPE '\\')`;
};

export class PersonsRepository {
  constructor(private db: Db) {}

  private get k() {
    return this.db.kysely;
  }

  async list(reach: LedgerReach, f: PersonFilter) {
    let q = this.k
      .selectFrom('persons as p')
      .innerJoin('households as h', 'h.id', 'p.householdId')
      .where(visibleTo(reach, 'p.areaPath', 'p.householdId'));
    if (f.underPath) q = q.where('p.areaPath', 'like', `${f.underPath}%`);
    if (f.gridId) q = q.where('h.gridId', '=', f.gridId);
    if (f.householdId) q = q.where('p.householdId', '=', f.householdId);
    if (f.idNoHash) q = q.where('p.idNoHash', '=', f.idNoHash);
    if (f.phoneHash) q = q.where('p.phoneHash', '=', f.phoneHash);
    if (f.name) q = q.where(containsText(this.db, 'p.name', f.name));
    for (const key of f.tagKeys ?? [])
      q = q.where('p.id', 'in', (eb) =>
        eb
          .selectFrom('ledgerTags as t')
          .select('t.entityId')
          .where('t.entityKind', '=', 'person')
          .where('t.tagKey', '=', key),
      );
    if (f.ageGroup) {
      const r = birthDateRange(f.ageGroup, f.today);
      q = q.where('p.birthDate', '>', r.after).where('p.birthDate', '<=', r.upTo);
    }
    if (f.gender) q = q.where('p.gender', '=', f.gender);
    if (f.relation) q = q.where('p.relation', '=', f.relation);
    if (f.movedOut === 'false') q = q.where('p.movedOutOn', 'is', null);
    if (f.movedOut === 'true') q = q.where('p.movedOutOn', 'is not', null);
    for (const [code, literal] of f.custom ?? []) q = q.where(customIs(code, literal));

    let rows = selectPersons(this.k).where('p.id', 'in', q.select('p.id'));
    if (f.sort === 'name') rows = rows.orderBy('p.name').orderBy('p.id');
    else if (f.sort === 'birthDate') rows = rows.orderBy('p.birthDate').orderBy('p.id');
    else if (f.sort === '-birthDate') rows = rows.orderBy('p.birthDate', 'desc').orderBy('p.id');
    else if (f.sort === '-createdAt') rows = rows.orderBy('p.id', 'desc');
    else rows = this.byAddress(rows);
    return fetchPage(rows, q, f);
  }

  /** Building, room, household, then the head first: reads like the paper ledger. */
  private byAddress(q: ReturnType<typeof selectPersons>) {
    return q
      .orderBy('h.areaPath')
      .orderBy((eb) => eb.fn.coalesce('h.buildingId', eb.lit(0)))
      .orderBy((eb) => eb.fn.coalesce('h.roomId', eb.lit(0)))
      .orderBy('h.address')
      .orderBy('h.id')
      .orderBy(sql`CASE WHEN p.relation = 'head' THEN 0 ELSE 1 END`)
      .orderBy('p.id');
  }

  find(id: number, k: K = this.k) {
    return selectPersons(k).where('p.id', '=', id).executeTakeFirst();
  }

  /** Members of one household (current, or all). */
  members(householdId: number, includeMovedOut: boolean, k: K = this.k) {
    return this.byAddress(
      selectPersons(k)
        .where('p.householdId', '=', householdId)
        .$if(!includeMovedOut, (q) => q.where('p.movedOutOn', 'is', null)),
    ).execute();
  }

  /** Another person with this ID number (any state): a create or an ID change would duplicate them. */
  async findByIdHash(k: K, hash: string, exceptId?: number) {
    return k
      .selectFrom('persons')
      .select(['id', 'areaPath', 'householdId'])
      .where('idNoHash', '=', hash)
      .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId as number))
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
  }

  household(k: K, id: number) {
    return k
      .selectFrom('households')
      .select(['id', 'areaPath', 'gridId', 'archivedAt'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async insert(k: K, v: Insertable<PersonsTable>) {
    return (await k.insertInto('persons').values(v).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** `UPDATE persons … WHERE id = ? AND version = ?`; 0 rows ⇒ someone changed it since: VERSION_CONFLICT. */
  async updateVersioned(k: K, id: number, version: number, set: Updateable<PersonsTable>) {
    const r = await k
      .updateTable('persons')
      .set({ ...set, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
  }

  /** Replaces the ledger_tags rows of an entity (the index of its open and hashed sensitive tags). */
  async setTags(k: K, kind: 'person' | 'household', id: number, areaPath: string, keys: string[]) {
    await k.deleteFrom('ledgerTags').where('entityKind', '=', kind).where('entityId', '=', id).execute();
    const unique = [...new Set(keys)];
    if (unique.length)
      await k
        .insertInto('ledgerTags')
        .values(unique.map((tagKey) => ({ entityKind: kind, entityId: id, areaPath, tagKey })))
        .execute();
  }
}

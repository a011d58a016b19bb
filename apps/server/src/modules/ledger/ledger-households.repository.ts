/**
 * SQL of the ledger's view of households: scoped lists with member counts and the number of sensitive tags
 * (never which), the linked party member, and a household's latest cases and campaign visits (read-only).
 * Open household tags filter on households.tags itself (the places module writes them without ledger_tags
 * rows); sensitive ones only through their keyed hash in ledger_tags.
 */
import { isSensitiveTag } from '@grassroots/shared/ledger/ledger.rules';
import type { Kysely } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import type { Database } from '../../db/database.js';
import { containsText, type Db } from '../../db/dialect.js';
import { type LedgerReach, visibleTo } from './ledger.access.js';

type K = Kysely<Database>;

export interface LedgerHouseholdFilter {
  underPath?: string;
  gridId?: number;
  text?: string;
  phoneHash?: string;
  /** Open tags in clear and sensitive ones as their ledger_tags key; every one must be present. */
  tags?: { tag: string; key: string }[];
  noSmartphone?: boolean;
  page: number;
  pageSize: number;
}

export function selectHouseholds(k: K) {
  return k
    .selectFrom('households as h')
    .innerJoin('areas as g', 'g.id', 'h.gridId')
    .select([
      'h.id',
      'h.areaPath',
      'h.gridId',
      'g.name as gridName',
      'h.buildingId',
      'h.roomId',
      'h.address',
      'h.headName',
      'h.phoneEnc',
      'h.tags',
      'h.sensitiveTagsEnc',
      'h.noSmartphone',
      'h.version',
    ])
    .select((eb) => [
      eb
        .selectFrom('persons as m')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('m.householdId', '=', 'h.id')
        .where('m.movedOutOn', 'is', null)
        .as('memberCount'),
      eb
        .selectFrom('ledgerTags as t')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('t.entityKind', '=', 'household')
        .whereRef('t.entityId', '=', 'h.id')
        .where('t.tagKey', 'like', 's:%')
        .as('sensitiveTagCount'),
    ]);
}
export type LedgerHouseholdRow = Awaited<ReturnType<ReturnType<typeof selectHouseholds>['executeTakeFirstOrThrow']>>;

export class LedgerHouseholdsRepository {
  constructor(private db: Db) {}

  private get k() {
    return this.db.kysely;
  }

  async list(reach: LedgerReach, f: LedgerHouseholdFilter) {
    let q = this.k
      .selectFrom('households as h')
      .where(visibleTo(reach, 'h.areaPath', 'h.id'))
      .where('h.archivedAt', 'is', null);
    if (f.underPath) q = q.where('h.areaPath', 'like', `${f.underPath}%`);
    if (f.gridId) q = q.where('h.gridId', '=', f.gridId);
    if (f.noSmartphone !== undefined) q = q.where('h.noSmartphone', '=', f.noSmartphone ? 1 : 0);
    if (f.phoneHash) q = q.where('h.phoneHash', '=', f.phoneHash);
    else if (f.text) {
      const text = f.text;
      q = q.where((eb) => eb.or([containsText(this.db, 'h.address', text), containsText(this.db, 'h.headName', text)]));
    }
    for (const { tag, key } of f.tags ?? []) {
      if (isSensitiveTag(tag))
        q = q.where('h.id', 'in', (eb) =>
          eb
            .selectFrom('ledgerTags as t')
            .select('t.entityId')
            .where('t.entityKind', '=', 'household')
            .where('t.tagKey', '=', key),
        );
      // Tags are a closed vocabulary (no LIKE wildcards) stored as a compact JSON array: `"tag"` matches
      // only that element.
      else q = q.where('h.tags', 'like', `%${JSON.stringify(tag)}%`);
    }
    const rows = selectHouseholds(this.k)
      .where('h.id', 'in', q.select('h.id'))
      .orderBy('h.areaPath')
      .orderBy((eb) => eb.fn.coalesce('h.buildingId', eb.lit(0)))
      .orderBy((eb) => eb.fn.coalesce('h.roomId', eb.lit(0)))
      .orderBy('h.address')
      .orderBy('h.id');
    return fetchPage(rows, q, f);
  }

  find(id: number, k: K = this.k) {
    return selectHouseholds(k).where('h.id', '=', id).executeTakeFirst();
  }

  /** The party members (L5) linked to these households, first linked first. */
  async partyMembers(ids: number[], k: K = this.k) {
    if (!ids.length) return new Map<number, { id: string; name: string }>();
    const rows = await k
      .selectFrom('householdLinks as l')
      .innerJoin('accounts as a', 'a.id', 'l.accountId')
      .select(['l.householdId', 'a.id', 'a.displayName'])
      .where('l.householdId', 'in', ids)
      .orderBy('l.id')
      .execute();
    const out = new Map<number, { id: string; name: string }>();
    for (const r of rows)
      if (!out.has(r.householdId)) out.set(r.householdId, { id: String(r.id), name: r.displayName });
    return out;
  }

  latestCases(householdId: number) {
    return this.k
      .selectFrom('cases as c')
      .innerJoin('caseCategories as cat', 'cat.id', 'c.categoryId')
      .select(['c.id', 'c.number', 'c.status', 'cat.name as categoryName', 'c.description', 'c.createdAt'])
      .where('c.householdId', '=', householdId)
      .orderBy('c.createdAt', 'desc')
      .orderBy('c.id', 'desc')
      .limit(20)
      .execute();
  }

  latestVisits(householdId: number) {
    return this.k
      .selectFrom('campaignVisits as v')
      .innerJoin('campaigns as c', 'c.id', 'v.campaignId')
      .innerJoin('accounts as a', 'a.id', 'v.visitedBy')
      .select(['v.id', 'v.campaignId', 'c.name as campaignName', 'v.outcome', 'v.visitedAt', 'a.displayName'])
      .where('v.householdId', '=', householdId)
      .orderBy('v.visitedAt', 'desc')
      .orderBy('v.id', 'desc')
      .limit(20)
      .execute();
  }
}

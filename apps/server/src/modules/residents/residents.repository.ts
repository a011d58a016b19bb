/** SQL of resident ↔ household links (resident_links). Staff lists are scoped by the household's area path. */

import type { PageQuery } from '@grassroots/shared/common/pagination';
import type { ResidentLinkStatus } from '@grassroots/shared/residents/residents.schema';
import type { Kysely } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import { inAreas, type Scope } from '../../core/scope.js';
import type { Database } from '../../db/database.js';

type K = Kysely<Database>;
export const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

/** The household a request names: by id, or by building code + unit + room. */
export async function findTargetHousehold(
  k: K,
  by: { householdId?: number; buildingCode?: string; unit?: string; room?: string },
) {
  let q = k.selectFrom('households as h').select(['h.id', 'h.areaPath', 'h.address']);
  if (by.householdId != null) q = q.where('h.id', '=', by.householdId);
  else
    q = q
      .innerJoin('rooms as r', 'r.id', 'h.roomId')
      .innerJoin('buildings as b', 'b.id', 'r.buildingId')
      .where('b.publicCode', '=', by.buildingCode ?? '')
      .where('r.unit', '=', by.unit ?? '')
      .where('r.number', '=', by.room ?? '');
  return q.orderBy('h.id').executeTakeFirst();
}

export async function findOpenLink(k: K, accountId: number, householdId: number) {
  return k
    .selectFrom('residentLinks')
    .select(['id', 'status'])
    .where('accountId', '=', accountId)
    .where('householdId', '=', householdId)
    .where('status', 'in', ['pending', 'confirmed'])
    .executeTakeFirst();
}

export async function listMyRequests(k: K, accountId: number, q: PageQuery) {
  const base = k
    .selectFrom('residentLinks as l')
    .innerJoin('households as h', 'h.id', 'l.householdId')
    .where('l.accountId', '=', accountId);
  const { rows, total } = await fetchPage(
    base
      .select([
        'l.id',
        'l.householdId',
        'l.status',
        'l.note',
        'l.decisionNote',
        'l.createdAt',
        'l.decidedAt',
        'h.address',
      ])
      .orderBy('l.id', 'desc'),
    base,
    q,
  );
  return {
    items: rows.map((r) => ({
      id: String(r.id),
      householdId: String(r.householdId),
      address: r.address,
      status: r.status as ResidentLinkStatus,
      note: r.note,
      decisionNote: r.decisionNote,
      createdAt: iso(r.createdAt) as string,
      decidedAt: iso(r.decidedAt),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function listMyHouseholds(k: K, accountId: number) {
  const rows = await k
    .selectFrom('residentLinks as l')
    .innerJoin('households as h', 'h.id', 'l.householdId')
    .leftJoin('areas as g', 'g.id', 'h.gridId')
    .leftJoin('buildings as b', 'b.id', 'h.buildingId')
    .select(['h.id', 'h.address', 'g.name as gridName', 'b.publicCode'])
    .where('l.accountId', '=', accountId)
    .where('l.status', '=', 'confirmed')
    .orderBy('h.id')
    .execute();
  return rows.map((r) => ({
    householdId: String(r.id),
    address: r.address,
    gridName: r.gridName ?? null,
    buildingCode: r.publicCode ?? null,
  }));
}

export async function listStaffLinks(k: K, scope: Scope, q: PageQuery & { status: ResidentLinkStatus }) {
  const base = k
    .selectFrom('residentLinks as l')
    .innerJoin('households as h', 'h.id', 'l.householdId')
    .innerJoin('accounts as c', 'c.id', 'l.accountId')
    .leftJoin('areas as g', 'g.id', 'h.gridId')
    .leftJoin('accounts as d', 'd.id', 'l.decidedBy')
    .where(inAreas(scope, 'l.areaPath'))
    .where('l.status', '=', q.status);
  const { rows, total } = await fetchPage(
    base
      .select([
        'l.id',
        'l.status',
        'l.accountId',
        'l.householdId',
        'l.note',
        'l.decisionNote',
        'l.createdAt',
        'l.decidedAt',
        'c.displayName',
        'c.phoneEnc',
        'h.address',
        'h.headName',
        'g.name as gridName',
        'd.displayName as decidedByName',
      ])
      .orderBy('l.id', q.status === 'pending' ? 'asc' : 'desc'),
    base,
    q,
  );
  return { rows, total };
}

export async function findLink(k: K, id: number) {
  return k.selectFrom('residentLinks').selectAll().where('id', '=', id).executeTakeFirst();
}

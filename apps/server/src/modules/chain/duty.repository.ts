/**
 * Reads of the public 亮身份 page. These run without a session, so they select only what the page may show:
 * names, duty labels and duty phones — never `accounts.phone_enc`, never household heads or owners.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Db } from '../../db/dialect.js';
import { containsText, parseLabels } from './chain.repository.js';

type K = Kysely<Database>;

export async function findBuildingByCode(k: K, code: string) {
  return k
    .selectFrom('buildings as b')
    .leftJoin('compounds as cp', 'cp.id', 'b.compoundId')
    .select(['b.id', 'b.gridId', 'b.name', 'b.address', 'b.publicCode', 'cp.name as compoundName'])
    .where('b.publicCode', '=', code)
    .executeTakeFirst();
}

export async function roomsOfBuilding(k: K, buildingId: number) {
  const rows = await k
    .selectFrom('rooms')
    .select(['id', 'unit', 'number'])
    .where('buildingId', '=', buildingId)
    .orderBy('unit')
    .orderBy('number')
    .execute();
  const units = new Map<string, string[]>();
  for (const r of rows) units.set(r.unit, [...(units.get(r.unit) ?? []), r.number]);
  // Natural order (2 before 10) so the selector reads like the doors do.
  const nat = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });
  return {
    rows,
    units: [...units.entries()]
      .sort(([a], [b]) => nat(a, b))
      .map(([unit, rooms]) => ({ unit, rooms: rooms.sort(nat) })),
  };
}

/** Party members linked to households of the building (or of one room), with their party_member labels. */
export async function linkedMembersOfBuilding(k: K, buildingId: number, roomId: number | null) {
  let q = k
    .selectFrom('householdLinks as hl')
    .innerJoin('households as h', 'h.id', 'hl.householdId')
    .innerJoin('accounts as c', 'c.id', 'hl.accountId')
    .leftJoin('roleAssignments as r', (j) => j.onRef('r.accountId', '=', 'c.id').on('r.role', '=', 'party_member'))
    .select(['c.id', 'c.displayName', 'c.dutyPhone', 'r.dutyLabels'])
    .where('h.buildingId', '=', buildingId)
    .where('c.disabledAt', 'is', null);
  if (roomId != null) q = q.where('h.roomId', '=', roomId);
  const rows = await q.orderBy('c.id').execute();
  const people = new Map<number, { name: string; dutyPhone: string | null; dutyLabels: Set<string> }>();
  for (const r of rows) {
    const p = people.get(r.id) ?? { name: r.displayName, dutyPhone: r.dutyPhone, dutyLabels: new Set<string>() };
    for (const l of parseLabels(r.dutyLabels)) p.dutyLabels.add(l);
    people.set(r.id, p);
  }
  return [...people.values()].map((p) => ({ name: p.name, dutyPhone: p.dutyPhone, dutyLabels: [...p.dutyLabels] }));
}

/** Address search over compounds and buildings; at most 20 hits. */
export async function searchBuildings(db: Db, q: string) {
  return db.kysely
    .selectFrom('buildings as b')
    .leftJoin('compounds as cp', 'cp.id', 'b.compoundId')
    .select(['b.publicCode', 'b.name', 'b.address', 'cp.name as compoundName', 'cp.address as compoundAddress'])
    .where((eb) =>
      eb.or([
        containsText(db, 'b.name', q),
        containsText(db, 'b.address', q),
        containsText(db, 'cp.name', q),
        containsText(db, 'cp.address', q),
      ]),
    )
    .orderBy('cp.name')
    .orderBy('b.name')
    .orderBy('b.id')
    .limit(20)
    .execute();
}

/** Ledger fixtures: two streets with households, the staff of street A, a linked party member and resident. */
import { idCheckChar } from '@grassroots/shared/ledger/idcard';
import { encodePerson, type PersonFields } from '../src/modules/ledger/person-codec.js';
import { makeAccount, makeTwoStreets } from './factories.js';
import { makeHousehold } from './factories.places.js';
import type { Agent, TestApp } from './harness.js';

/** A valid 18-character ID number (GB 11643 check character) born on `birth` (YYYY-MM-DD); odd seq ⇒ male. */
export function idNumberOf(birth: string, seq = 123, region = '142601') {
  const first17 = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return `${first17}${idCheckChar(first17)}`;
}

export type LedgerWorld = Awaited<ReturnType<typeof makeLedgerWorld>>;

/** `prefix` namespaces the usernames so several worlds can share a database. */
export async function makeLedgerWorld(t: TestApp, prefix = 'l') {
  const areas = await makeTwoStreets(t.db);
  const hA1 = (await makeHousehold(t.db, areas.gridA, { address: `${prefix}高家沟1号楼101`, noSmartphone: true })).id;
  const hA2 = (await makeHousehold(t.db, areas.gridA, { address: `${prefix}高家沟1号楼102` })).id;
  const hB1 = (await makeHousehold(t.db, areas.gridB, { address: `${prefix}站前2号楼201` })).id;
  const acc = {
    admin: await makeAccount(t.db, `${prefix}_admin`, [{ role: 'admin' }]),
    secA: await makeAccount(t.db, `${prefix}_secA`, [{ role: 'community_secretary', areaId: areas.communityA.id }]),
    workerA: await makeAccount(t.db, `${prefix}_workerA`, [{ role: 'grid_worker', areaId: areas.gridA.id }]),
    workerB: await makeAccount(t.db, `${prefix}_workerB`, [{ role: 'grid_worker', areaId: areas.gridB.id }]),
    leaderA: await makeAccount(t.db, `${prefix}_leaderA`, [{ role: 'leader', areaId: areas.streetA.id }]),
    member: await makeAccount(t.db, `${prefix}_member`, [{ role: 'party_member', areaId: areas.gridA.id }], {
      displayName: '党员王',
    }),
    resident: await makeAccount(t.db, `${prefix}_resident`, [{ role: 'resident' }]),
  };
  const now = Date.now();
  await t.db.kysely
    .insertInto('householdLinks')
    .values({ accountId: acc.member.id, householdId: hA1, createdAt: now })
    .execute();
  await t.db.kysely
    .insertInto('residentLinks')
    .values({
      accountId: acc.resident.id,
      householdId: hA1,
      areaPath: areas.gridA.path,
      status: 'confirmed',
      createdAt: now,
    })
    .execute();
  const names = Object.keys(acc) as (keyof typeof acc)[];
  const agents = {} as Record<keyof typeof acc, Agent>;
  for (const n of names) agents[n] = await t.login(`${prefix}_${n}`);
  return { areas, households: { hA1, hA2, hB1 }, ids: acc, agents };
}

/** A person inserted directly the way the ledger stores one (through the codec), with its tag rows. */
export async function insertPerson(
  t: TestApp,
  householdId: number,
  f: PersonFields & { movedOutOn?: string; movedOutAt?: number },
) {
  const h = await t.db.kysely
    .selectFrom('households')
    .select('areaPath')
    .where('id', '=', householdId)
    .executeTakeFirstOrThrow();
  const { columns, tagKeys } = encodePerson(t.app.ctx.pii, f);
  const now = Date.now();
  const row = await t.db.kysely
    .insertInto('persons')
    .values({
      ...columns,
      householdId,
      areaPath: h.areaPath,
      movedOutOn: f.movedOutOn ?? null,
      movedOutAt: f.movedOutAt ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const tagKey of tagKeys)
    await t.db.kysely
      .insertInto('ledgerTags')
      .values({ entityKind: 'person', entityId: row.id, areaPath: h.areaPath, tagKey })
      .execute();
  return row.id;
}

/** Fixtures for the chain and residents tests: 包联 links and duty labels (places come from factories.places). */
import type { Pii } from '../src/core/pii.js';
import type { Db } from '../src/db/dialect.js';

const now = () => Date.now();

export { makeBuilding, makeCompound, makeHousehold } from './factories.places.js';

export async function linkHousehold(db: Db, accountId: number, householdId: number) {
  await db.kysely.insertInto('householdLinks').values({ accountId, householdId, createdAt: now() }).execute();
}

export async function linkCommunity(db: Db, accountId: number, areaId: number) {
  await db.kysely.insertInto('communityLinks').values({ accountId, areaId, createdAt: now() }).execute();
}

export async function setDutyLabels(db: Db, accountId: number, role: string, labels: string[]) {
  await db.kysely
    .updateTable('roleAssignments')
    .set({ dutyLabels: JSON.stringify(labels) })
    .where('accountId', '=', accountId)
    .where('role', '=', role)
    .execute();
}

/** A private phone as the accounts module stores it (encrypted + keyed hash): public pages must never show it. */
export async function setPrivatePhone(db: Db, pii: Pii, accountId: number, phone: string) {
  await db.kysely
    .updateTable('accounts')
    .set({ phoneEnc: pii.encrypt(phone), phoneHash: pii.hash(phone) })
    .where('id', '=', accountId)
    .execute();
}

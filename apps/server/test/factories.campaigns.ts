/**
 * A small world for campaign tests: two streets (A, B); community A has two grids, each with a few households
 * (tagged, without smartphone, with an elderly member), and staff at every level. Direct inserts.
 */
import type { Pii } from '../src/core/pii.js';
import type { Db } from '../src/db/dialect.js';
import { tagKey } from '../src/modules/ledger/person-codec.js';
import { makeAccount, makeArea, makeTwoStreets } from './factories.js';
import { makeHousehold } from './factories.places.js';
import type { Agent } from './harness.js';

type AreaRef = { id: number; path: string };

export async function tagHousehold(db: Db, pii: Pii, h: { id: number }, area: AreaRef, tags: string[]) {
  const open = tags.filter((t) => !tagKey(pii, t).startsWith('s:'));
  await db.kysely
    .updateTable('households')
    .set({ tags: JSON.stringify(open) })
    .where('id', '=', h.id)
    .execute();
  // Sensitive tags exist only as keyed hashes in ledger_tags (never in clear).
  for (const t of tags.filter((x) => !open.includes(x)))
    await db.kysely
      .insertInto('ledgerTags')
      .values({ entityKind: 'household', entityId: h.id, areaPath: area.path, tagKey: tagKey(pii, t) })
      .execute();
}

export async function addPerson(db: Db, h: { id: number }, area: AreaRef, name: string, birthDate: string) {
  const t = Date.now();
  await db.kysely
    .insertInto('persons')
    .values({ householdId: h.id, areaPath: area.path, name, birthDate, relation: 'head', createdAt: t, updatedAt: t })
    .execute();
}

export async function makeCampaignWorld(db: Db, pii: Pii) {
  const areas = await makeTwoStreets(db);
  const gridA2 = await makeArea(db, 'grid', '高家沟第二网格', areas.communityA);
  const house = (grid: AreaRef, address: string, extra: { noSmartphone?: boolean; head?: string } = {}) =>
    makeHousehold(db, grid, { address, head: extra.head ?? '王建国', noSmartphone: extra.noSmartphone });

  // Grid A: 4 households. a1 独居老人 + no smartphone + an 82-year-old; a2 低保户 (sensitive); a3 plain; a4 archived.
  const a1 = await house(areas.gridA, '高家沟 1号楼101', { noSmartphone: true, head: '李桂兰' });
  const a2 = await house(areas.gridA, '高家沟 1号楼102');
  const a3 = await house(areas.gridA, '高家沟 1号楼103');
  const a4 = await house(areas.gridA, '高家沟 1号楼104');
  await tagHousehold(db, pii, a1, areas.gridA, ['独居老人']);
  await tagHousehold(db, pii, a2, areas.gridA, ['低保户']);
  await db.kysely.updateTable('households').set({ archivedAt: Date.now() }).where('id', '=', a4.id).execute();
  await addPerson(db, a1, areas.gridA, '李桂兰', '1944-03-02');
  await addPerson(db, a3, areas.gridA, '赵小明', '1995-07-01');
  // Grid A2: 2 households, one 独居老人.
  const b1 = await house(gridA2, '高家沟 2号楼201');
  const b2 = await house(gridA2, '高家沟 2号楼202', { noSmartphone: true });
  await tagHousehold(db, pii, b1, gridA2, ['独居老人', '党员户']);
  // Street B: 1 household.
  const c1 = await house(areas.gridB, '站前 3号楼301');
  await tagHousehold(db, pii, c1, areas.gridB, ['独居老人']);

  const acc = {
    admin: await makeAccount(db, 'admin', [{ role: 'admin' }]),
    leaderA: await makeAccount(db, 'leaderA', [{ role: 'leader', areaId: areas.streetA.id }]),
    secA: await makeAccount(db, 'secA', [{ role: 'community_secretary', areaId: areas.communityA.id }]),
    secB: await makeAccount(db, 'secB', [{ role: 'community_secretary', areaId: areas.communityB.id }]),
    workerA: await makeAccount(db, 'workerA', [{ role: 'grid_worker', areaId: areas.gridA.id }], {
      displayName: '张丽娟',
    }),
    workerA2: await makeAccount(db, 'workerA2', [{ role: 'grid_worker', areaId: gridA2.id }]),
    workerB: await makeAccount(db, 'workerB', [{ role: 'grid_worker', areaId: areas.gridB.id }]),
    memberA: await makeAccount(db, 'memberA', [{ role: 'party_member', areaId: areas.gridA.id }]),
    resident: await makeAccount(db, 'residentA', [{ role: 'resident' }]),
  };
  // The party member is linked to one household only: that is all they may visit.
  await db.kysely
    .insertInto('householdLinks')
    .values({ accountId: acc.memberA.id, householdId: a1.id, createdAt: Date.now() })
    .execute();
  return { areas: { ...areas, gridA2 }, households: { a1, a2, a3, a4, b1, b2, c1 }, acc };
}

export type CampaignWorld = Awaited<ReturnType<typeof makeCampaignWorld>>;

/** A valid create body for `areaId` with two fields (one required select, one optional number). */
export const campaignBody = (areaId: number, over: Record<string, unknown> = {}) => ({
  name: '独居老人冬季走访',
  description: '入户了解取暖情况',
  areaId: String(areaId),
  target: {},
  form: [
    { code: 'heating', label: '取暖方式', datatype: 'select', required: true, options: ['集中供暖', '煤炉', '电暖'] },
    { code: 'members', label: '在家人数', datatype: 'number' },
  ],
  startsOn: '2026-01-05',
  endsOn: '2026-01-31',
  ...over,
});

// A real 1×1 PNG, posted as multipart by hand (app.inject needs no form library).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Uploads one photo as `agent`; returns its attachment id. */
export async function uploadPhoto(agent: Agent) {
  const boundary = `----grcampaign${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="door.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await agent.post('/api/attachments', body, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  });
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode}`);
  return (res.json() as { items: { id: string }[] }).items[0]?.id as string;
}

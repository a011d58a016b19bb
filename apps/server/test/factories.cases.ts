/** Case-loop fixtures shared by case tests: two streets, the 漏水 category, a resident with a household, staff. */
import type { Db } from '../src/db/dialect.js';
import { ensureDefaultCategories } from '../src/db/reference/categories.js';
import { makeAccount, makeOrg, makeTwoStreets } from './factories.js';
import { makeHousehold } from './factories.places.js';
import type { Agent, TestApp } from './harness.js';

export type CaseWorld = Awaited<ReturnType<typeof makeCaseWorld>>;

/** `prefix` namespaces the usernames. */
export async function makeCaseWorld(t: TestApp, prefix = 'c') {
  const areas = await makeTwoStreets(t.db);
  await ensureDefaultCategories(t.app.ctx);
  const cat = await t.db.kysely
    .selectFrom('caseCategories')
    .select('id')
    .where('code', '=', 'lj.leak')
    .executeTakeFirstOrThrow();
  const householdA = (await makeHousehold(t.db, areas.gridA, { address: '高家沟1号楼101' })).id;
  const resident = await makeAccount(t.db, `${prefix}_resident`, [{ role: 'resident' }]);
  await linkResident(t.db, resident.id, householdA, areas.gridA.path);
  const secA = await makeAccount(t.db, `${prefix}_secA`, [
    { role: 'community_secretary', areaId: areas.communityA.id },
  ]);
  const worker = await makeAccount(t.db, `${prefix}_worker`, [{ role: 'grid_worker', areaId: areas.gridA.id }]);
  const leaderA = await makeAccount(t.db, `${prefix}_leaderA`, [{ role: 'leader', areaId: areas.streetA.id }]);
  const agents = {
    resident: await t.login(`${prefix}_resident`),
    secA: await t.login(`${prefix}_secA`),
    worker: await t.login(`${prefix}_worker`),
    leaderA: await t.login(`${prefix}_leaderA`),
  };
  return { areas, leakId: String(cat.id), householdA, ids: { resident, secA, worker, leaderA }, agents };
}

async function linkResident(db: Db, accountId: number, householdId: number, path: string) {
  await db.kysely
    .insertInto('residentLinks')
    .values({ accountId, householdId, areaPath: path, status: 'confirmed', createdAt: Date.now() })
    .execute();
}

export const actOn = (who: Agent, id: string, action: string, body: Record<string, unknown>) =>
  who.post(`/api/cases/${id}/actions/${action}`, body);

/** Submits a 漏水 case as the resident and returns its view. */
export async function submitLeak(w: CaseWorld) {
  const res = await w.agents.resident.post('/api/cases', {
    categoryId: w.leakId,
    description: '楼上漏水到我家卫生间',
    householdId: String(w.householdA),
  });
  if (res.statusCode !== 201) throw new Error(`submit failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Submit → register → dispatch to the grid worker (optionally with an explicit accept deadline). */
export async function dispatchedLeak(w: CaseWorld, extra: Record<string, unknown> = {}) {
  const c = await submitLeak(w);
  const reg = (await actOn(w.agents.secA, c.id, 'register', { version: 0 })).json();
  const d = await actOn(w.agents.secA, c.id, 'dispatch', {
    version: reg.version,
    target: { kind: 'account', id: String(w.ids.worker.id) },
    ...extra,
  });
  if (d.statusCode !== 200) throw new Error(`dispatch failed: ${d.statusCode} ${d.body}`);
  return d.json();
}

/** The id (as a string) of a seeded category by its code. */
export async function categoryIdOf(t: TestApp, code: string) {
  const c = await t.db.kysely
    .selectFrom('caseCategories')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return String(c.id);
}

/** Files a case as `who` and returns its view (throws unless 201). */
export async function fileCase(who: Agent, body: Record<string, unknown>) {
  const res = await who.post('/api/cases', body);
  if (res.statusCode !== 201) throw new Error(`file failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Gives a household a head and an encrypted phone, the way the ledger stores them. */
export async function setHouseholdContact(t: TestApp, householdId: number, head: string, phone: string) {
  await t.db.kysely
    .updateTable('households')
    .set({ headName: head, phoneEnc: t.app.ctx.pii.encrypt(phone), phoneHash: t.app.ctx.pii.hash(phone) })
    .where('id', '=', householdId)
    .execute();
}

/** A department (城建局-like) with one staff account; `username` logs in. */
export async function makeDepartment(t: TestApp, username: string, name: string) {
  const org = await makeOrg(t.db, 'department', name);
  const staff = await makeAccount(t.db, username, [{ role: 'department', orgId: org.id }]);
  return { org, staff, agent: await t.login(username) };
}

/** Runs `fn` counting the SQL statements the app sends meanwhile (a Kysely plugin sees each one). */
export async function countQueries<T>(t: TestApp, fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const db = t.app.ctx.db;
  const original = db.kysely;
  let queries = 0;
  db.kysely = original.withPlugin({
    transformQuery: (args) => {
      queries++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  try {
    return { result: await fn(), queries };
  } finally {
    db.kysely = original;
  }
}

import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, categoryIdOf, fileCase, makeCaseWorld } from '../../../test/factories.cases.js';
import { makeAccount } from '../../../test/factories.js';
import { makeBuilding, makeCompound, makeHousehold } from '../../../test/factories.places.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';
import { addressKey } from './warnings.address.js';
import { commonAreaPath } from './warnings.repeats.js';
import { WARNINGS_JOB } from './warnings.scan.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
// Wednesday 11 March 2026, 12:00 in Shanghai; its ISO week (W11) starts Monday 9 March.
const NOW = Date.UTC(2026, 2, 11, 4);
const MONDAY = Date.UTC(2026, 2, 8, 16);
const clock = new ManualClock(NOW - 70 * DAY);
let t: TestApp;
let w: CaseWorld;
let secB: Agent;
let workerB: Agent;
let leaderB: Agent;
let bldX: number;
let bldX2: number;
let bldY: number;
let compoundK: number;
let inX: number;

type Item = Record<string, unknown> & {
  id: string;
  kind: string;
  subject: { kind: string; id: string; name: string };
  observed: number;
  version: number;
  drill: Record<string, string>;
  numbers: Record<string, unknown>;
};
const list = async (who: Agent, q = '') =>
  (await who.get(`/api/analytics/warnings${q}`)).json() as { items: Item[]; total: number };

/** Files a case at `at` (the clock moved there) through the real API. */
async function fileAt(who: Agent, at: number, body: Record<string, unknown>) {
  clock.set(at);
  return fileCase(who, { source: 'visit', description: '卫生间漏水', ...body });
}

beforeAll(async () => {
  t = await createTestApp({ clock, config: { sessionTtlMs: 3650 * DAY } });
  w = await makeCaseWorld(t, 'wn');
  const { gridA, gridB, communityA, communityB } = w.areas;
  await makeAccount(t.db, 'wn_secB', [{ role: 'community_secretary', areaId: communityB.id }]);
  await makeAccount(t.db, 'wn_workerB', [{ role: 'grid_worker', areaId: gridB.id }]);
  await makeAccount(t.db, 'wn_leaderB', [{ role: 'leader', areaId: w.areas.streetB.id }]);
  secB = await t.login('wn_secB');
  workerB = await t.login('wn_workerB');
  leaderB = await t.login('wn_leaderB');
  compoundK = (await makeCompound(t.db, communityA, '新城壹号')).id;
  bldX = (await makeBuilding(t.db, gridA, { name: '3号楼', compoundId: compoundK })).id;
  bldX2 = (await makeBuilding(t.db, gridA, { name: '5号楼', compoundId: compoundK })).id;
  bldY = (await makeBuilding(t.db, gridB, { name: '站前1号楼' })).id;
  inX = (await makeHousehold(t.db, gridA, { address: '新城壹号3号楼101', buildingId: bldX })).id;
  const leak = w.leakId;
  // Nine weeks of history in community A: one leak a week at a household without a building — the last four
  // (within 30 days) also repeat at its address, 高家沟1号楼101.
  for (let i = 9; i >= 1; i--)
    await fileAt(w.agents.secA, MONDAY - i * 7 * DAY + 2 * DAY, {
      categoryId: leak,
      householdId: String(w.householdA),
    });
  // This week: five leaks at building X (one through a household living in it) → hotspot + repeats.
  for (let i = 0; i < 4; i++)
    await fileAt(w.agents.secA, MONDAY + i * 10 * HOUR, { categoryId: leak, buildingId: String(bldX) });
  await fileAt(w.agents.secA, MONDAY + 41 * HOUR, { categoryId: leak, householdId: String(inX) });
  // Community B: three leaks at building Y this week (zero baseline: the minimum count decides).
  for (let i = 0; i < 3; i++) await fileAt(secB, MONDAY + i * 5 * HOUR, { categoryId: leak, buildingId: String(bldY) });
  // 12345-style tickets with only an address, spelled three ways (unplaced: at street B), and one case at
  // building Y with the same address, which counts at the building, not at the address.
  for (const [i, address] of [' 站前路８号  3单元', '站前路8号 3单元 ', '站前路8号\u30003单元'].entries())
    await fileAt(secB, MONDAY + (i + 1) * 3 * HOUR, { categoryId: leak, address });
  await fileAt(secB, MONDAY + 20 * HOUR, { categoryId: leak, buildingId: String(bldY), address: '站前路8号 3单元' });
  // Three weeks ago, 下水道 at two buildings of compound K: no building reaches 3, the compound does.
  const sewer = await categoryIdOf(t, 'sz.sewer');
  for (const b of [bldX, bldX, bldX2])
    await fileAt(w.agents.secA, MONDAY - 20 * DAY, { categoryId: sewer, buildingId: String(b) });
  clock.set(NOW);
});
afterAll(() => t.close());

describe('warnings scan', () => {
  it('runs as a job and raises hotspots and repeats with their numbers, audited, registrars told', async () => {
    const out = await t.app.services.jobs.runDue(NOW);
    expect(out[WARNINGS_JOB]).toBe('ran');
    const rows = await t.db.kysely.selectFrom('warnings').selectAll().orderBy('id').execute();
    const brief = rows.map((r) => `${r.kind}:${r.subjectKind}:${r.subjectName}:${r.observed}`).sort();
    // Compound K's 漏水 are exactly building X's: no second warning for them. Its 下水道 span two buildings.
    expect(brief).toEqual(
      [
        'hotspot:area:高家沟社区:5',
        'hotspot:area:站前社区:4',
        'repeat:building:新城壹号 3号楼:5',
        'repeat:building:站前1号楼:4',
        'repeat:compound:新城壹号:3',
        'repeat:address:高家沟1号楼101:4',
        'repeat:address:站前路8号 3单元:3',
      ].sort(),
    );
    const byName = (name: string) => rows.find((r) => r.subjectName === name)!;
    expect(byName('新城壹号').categoryId).toBe(Number(await categoryIdOf(t, 'sz.sewer')));
    // An address warning sits at the deepest area holding all its cases: the grid of the household, and street
    // B for the unplaced tickets (handled there); its subject is the address key's id.
    expect(byName('高家沟1号楼101').areaId).toBe(w.areas.gridA.id);
    expect(byName('站前路8号 3单元').areaId).toBe(w.areas.streetB.id);
    const keys = await t.db.kysely.selectFrom('warningAddresses').selectAll().orderBy('address').execute();
    expect(keys.map((k) => k.address).sort()).toEqual(['站前路8号 3单元', '高家沟1号楼101'].sort());
    expect(byName('站前路8号 3单元').subjectId).toBe(keys.find((k) => k.address === '站前路8号 3单元')!.id);
    const hotA = rows.find((r) => r.kind === 'hotspot' && r.subjectId === w.areas.communityA.id)!;
    expect(JSON.parse(hotA.numbers)).toMatchObject({
      observed: 5,
      baselineMean: 1,
      baselineSd: 0,
      weeksUsed: 8,
      baseline: [1, 1, 1, 1, 1, 1, 1, 1],
      week: '2026-W11',
    });
    expect(JSON.parse(hotA.numbers).pValue).toBeCloseTo(0.00366, 4);
    expect(Number(hotA.windowFrom)).toBe(MONDAY);
    const audit = await t.db.kysely.selectFrom('auditLog').selectAll().where('action', '=', 'warning.raise').execute();
    expect(audit).toHaveLength(7);
    expect(audit.every((a) => a.actorKind === 'system')).toBe(true);
    const notes = await t.db.kysely.selectFrom('outbox').selectAll().where('topic', 'like', 'warning.%').execute();
    const secAId = w.ids.secA.id;
    expect(notes.filter((n) => n.accountId === secAId)).toHaveLength(4);
    expect(notes).toHaveLength(7); // secA 4, secB 2, street B's leader 1
    expect(notes.every((n) => n.channel === 'in_app' && n.link === '/console/warnings')).toBe(true);
  });

  it('stays quiet when the job is not due again within its interval (one run per lease and interval)', async () => {
    const out = await t.app.services.jobs.runDue(NOW + 60_000);
    expect(out[WARNINGS_JOB]).toBe('not_due');
  });

  it('is idempotent, and a new case refreshes the numbers instead of adding a warning', async () => {
    const scan = t.app.services.warnings.scan;
    expect(await scan.run(NOW + HOUR)).toMatchObject({ created: [], updated: 0, found: 7 });
    await fileAt(w.agents.secA, NOW + 2 * HOUR, { categoryId: w.leakId, buildingId: String(bldX) });
    const again = await scan.run(NOW + 3 * HOUR);
    expect(again.created).toEqual([]);
    expect(again.updated).toBe(2); // hotspot A, building X (compound K's 漏水 still are building X's)
    expect(await t.db.kysely.selectFrom('warnings').select('id').execute()).toHaveLength(7);
    const notes = await t.db.kysely.selectFrom('outbox').select('id').where('topic', 'like', 'warning.%').execute();
    expect(notes).toHaveLength(7);
  });

  it('drills down to exactly the cases it counted', async () => {
    const { items } = await list(w.agents.leaderA);
    expect(items.length).toBe(4);
    const { items: bItems } = await list(leaderB);
    expect(bItems.length).toBe(3);
    for (const [who, it] of [
      ...items.map((i) => [w.agents.leaderA, i] as const),
      ...bItems.map((i) => [leaderB, i] as const),
      ...(await list(secB)).items.map((i) => [secB, i] as const),
      ...(await list(w.agents.worker)).items.map((i) => [w.agents.worker, i] as const),
    ]) {
      const res = await who.get(`/api/cases?${new URLSearchParams({ ...it.drill, pageSize: '100' })}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().total, `${it.kind} ${it.subject.kind}`).toBe(it.observed);
    }
    const hot = items.find((i) => i.kind === 'hotspot')!;
    expect(hot.drill).toEqual({
      area: String(w.areas.communityA.id),
      category: w.leakId,
      from: '2026-03-09',
      to: '2026-03-15',
    });
    expect(hot.observed).toBe(6);
    expect(hot.title).toContain('高家沟社区');
  });

  it('drills into an address by its key: any spelling, only cases at no building', async () => {
    const it = (await list(leaderB, '?kind=repeat')).items.find((i) => i.subject.kind === 'address')!;
    expect(it).toMatchObject({ observed: 3, subject: { name: '站前路8号 3单元' }, areaName: '城北街道' });
    expect(it.title).toBe('站前路8号 3单元「漏水」30 天内 3 件重复诉求');
    expect(it.drill).toEqual({ address: '站前路8号 3单元', category: w.leakId, from: '2026-03-09', to: '2026-04-07' });
    const total = async (q: Record<string, string>) =>
      (await leaderB.get(`/api/cases?${new URLSearchParams(q)}`)).json().total;
    // The case at building Y with the same address counts at the building.
    expect(await total({ address: '站前路8号 3单元' })).toBe(3);
    expect(await total({ address: '\t站前路８号\u3000\u30003单元' })).toBe(3);
    expect(await total({ address: '站前路8号3单元' })).toBe(0);
    expect(await total({ building: String(bldY) })).toBe(4);
    // Community B's secretary does not cover street B, where the unplaced tickets are handled.
    expect((await list(secB)).items.map((i) => i.subject.kind)).not.toContain('address');
    for (const bad of ['', ' ', 'x'.repeat(201)])
      expect((await leaderB.get(`/api/cases?${new URLSearchParams({ address: bad })}`)).statusCode).toBe(400);
  });

  it('finds an address key through the expression index cases_address_key, not a scan', async () => {
    const c = t.db.kysely
      .selectFrom('cases as c')
      .select('c.id')
      .where(addressKey(sql.ref('c.address')), '=', addressKey(sql.val('站前路８号 3单元')))
      .compile();
    const plan = await t.db.kysely.connection().execute(async (conn) => {
      const pg = t.db.dialect === 'postgres';
      // A handful of rows makes a sequential scan cheapest for PostgreSQL: switched off in this session, the
      // plan shows the index the query can use.
      if (pg) await conn.executeQuery(CompiledQuery.raw('SET enable_seqscan = off'));
      try {
        const rows = await conn.executeQuery<Record<string, string>>(
          CompiledQuery.raw(`${pg ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${c.sql}`, [...c.parameters]),
        );
        return rows.rows.map((r) => r.detail ?? r['QUERY PLAN']).join('\n');
      } finally {
        if (pg) await conn.executeQuery(CompiledQuery.raw('RESET enable_seqscan'));
      }
    });
    expect(plan).toMatch(/cases_address_key/);
  });
});

describe('the area of an address warning', () => {
  it('is the deepest area path above every case’s path', () => {
    expect(commonAreaPath(['/1/7/42/', '/1/7/43/'])).toBe('/1/7/');
    expect(commonAreaPath(['/1/7/42/', '/1/7/'])).toBe('/1/7/');
    expect(commonAreaPath(['/1/7/42/', '/1/7/42/'])).toBe('/1/7/42/');
    // '/1/7/' and '/1/70/' share the characters '/1/7' but only the area '/1/'.
    expect(commonAreaPath(['/1/7/', '/1/70/'])).toBe('/1/');
    expect(commonAreaPath(['/1/', '/2/'])).toBe('/');
  });
});

describe('warnings API scope', () => {
  it('lists only the caller’s areas, with filters', async () => {
    expect((await list(w.agents.secA)).items.map((i) => i.subject.kind).sort()).toEqual([
      'address',
      'area',
      'building',
      'compound',
    ]);
    expect((await list(secB)).items.map((i) => i.subject.kind).sort()).toEqual(['area', 'building']);
    // A grid worker sees the repeats at a building and an address of the grid, not the community's hotspot or
    // compound.
    expect((await list(w.agents.worker)).items.map((i) => i.subject.name).sort()).toEqual([
      '新城壹号 3号楼',
      '高家沟1号楼101',
    ]);
    expect((await list(workerB)).items.map((i) => i.subject.id)).toEqual([String(bldY)]);
    expect((await list(w.agents.leaderA, '?kind=repeat')).total).toBe(3);
    expect((await list(w.agents.leaderA, `?areaId=${w.areas.gridA.id}`)).total).toBe(2);
    expect((await list(w.agents.leaderA, `?areaId=${w.areas.communityB.id}`)).total).toBe(0);
    expect((await w.agents.resident.get('/api/analytics/warnings')).statusCode).toBe(403);
    expect((await t.anon().get('/api/analytics/warnings')).statusCode).toBe(401);
  });

  it('acknowledges with a note (audited), 409 when stale, 404 out of scope, 403 without the permission', async () => {
    const [bWarning] = (await list(secB, '?kind=hotspot')).items;
    const [aWarning] = (await list(w.agents.secA, '?kind=hotspot')).items;
    const ack = (who: Agent, it: Item, body: Record<string, unknown>) =>
      who.post(`/api/analytics/warnings/${it.id}/acknowledge`, body);
    // Community A cannot see or acknowledge B's warning (and the other way round).
    expect((await ack(w.agents.secA, bWarning!, { version: 0, note: '已知悉' })).statusCode).toBe(404);
    expect((await ack(secB, aWarning!, { version: 0, note: '已知悉' })).statusCode).toBe(404);
    expect((await ack(w.agents.worker, aWarning!, { version: 0, note: '已知悉' })).statusCode).toBe(403);
    expect((await ack(w.agents.secA, aWarning!, { version: 0, note: '' })).statusCode).toBe(400);
    expect((await ack(w.agents.secA, { ...aWarning!, id: '999999' }, { version: 0, note: 'x' })).statusCode).toBe(404);

    const ok = await ack(w.agents.secA, aWarning!, { version: 0, note: '已安排排查漏水管道' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'acknowledged',
      version: 1,
      ackNote: '已安排排查漏水管道',
      acknowledgedBy: expect.any(String),
    });
    expect((await ack(w.agents.secA, aWarning!, { version: 0, note: '再次' })).json().error.code).toBe(
      'VERSION_CONFLICT',
    );
    const twice = await ack(w.agents.leaderA, aWarning!, { version: 1, note: '再次' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('INVALID_TRANSITION');
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'warning.acknowledge')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: 'warning', entityId: aWarning!.id, actorId: w.ids.secA.id });
    expect((await list(w.agents.secA, '?status=open')).total).toBe(3);
    expect((await list(w.agents.secA, '?status=acknowledged')).items[0]?.id).toBe(aWarning!.id);
    // A later scan refreshes numbers but keeps the acknowledgement.
    await t.app.services.warnings.scan.run(NOW + 4 * HOUR);
    expect((await list(w.agents.secA, '?status=acknowledged')).total).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeTwoStreets } from '../../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';

let t: TestApp;
const clock = new ManualClock();
let areas: Awaited<ReturnType<typeof makeTwoStreets>>;
let admin: Agent;
let leaderA: Agent;
let adminId: number;
const ids: Record<string, string> = {};

type Row = { action: string; entityId: string | null; areaPath: string | null; actorName: string | null };

beforeAll(async () => {
  t = await createTestApp({ clock });
  areas = await makeTwoStreets(t.db);
  adminId = (await makeAccount(t.db, 'admin', [{ role: 'admin' }], { displayName: '管理员' })).id;
  await makeAccount(t.db, 'leaderA', [{ role: 'leader', areaId: areas.streetA.id }], { displayName: '甲领导' });
  await makeAccount(t.db, 'center', [{ role: 'center', areaId: areas.city.id }]);
  await makeAccount(t.db, 'worker', [{ role: 'grid_worker', areaId: areas.gridA.id }]);
  admin = await t.login('admin');
  leaderA = await t.login('leaderA');
  // One account created in each street, an hour apart.
  for (const [name, grid] of [
    ['inA', areas.gridA],
    ['inB', areas.gridB],
  ] as const) {
    const res = await admin.post('/api/accounts', {
      username: name,
      displayName: `网格员${name}`,
      grants: [{ role: 'grid_worker', areaId: String(grid.id) }],
    });
    ids[name] = res.json().account.id;
    clock.advance(3600_000);
  }
  await leaderA.patch(`/api/accounts/${ids.inA}`, { version: 1, displayName: '改名网格员' });
});
afterAll(() => t.close());

describe('audit log', () => {
  it('admin reads every row newest first, with actor, ip and a parsed summary', async () => {
    const res = await admin.get('/api/audit?pageSize=100');
    expect(res.statusCode).toBe(200);
    const items: Array<Row & { at: string; summary: Record<string, unknown>; ip: string | null }> = res.json().items;
    expect(items.map((i) => i.action)).toEqual(
      expect.arrayContaining(['auth.login', 'account.created', 'account.updated']),
    );
    const ats = items.map((i) => Date.parse(i.at));
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);
    const created = items.find((i) => i.action === 'account.created' && i.entityId === ids.inB);
    expect(created).toMatchObject({ actorName: '管理员', areaPath: areas.gridB.path, summary: { username: 'inB' } });
    expect(created?.ip).toBeTruthy();
  });

  it('a leader reads only rows of its own street', async () => {
    const items: Row[] = (await leaderA.get('/api/audit?pageSize=100')).json().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.areaPath?.startsWith(areas.streetA.path))).toBe(true);
    expect(items.some((i) => i.entityId === ids.inA && i.action === 'account.created')).toBe(true);
    expect(items.some((i) => i.entityId === ids.inB)).toBe(false);
    // Filtering on a row of the other street does not reveal it.
    const other = (await leaderA.get(`/api/audit?entityType=account&entityId=${ids.inB}`)).json();
    expect(other.total).toBe(0);
  });

  it('the centre reads the city; a grid worker and anonymous callers cannot read', async () => {
    const center = await t.login('center');
    const items: Row[] = (await center.get('/api/audit?action=account.created')).json().items;
    expect(items.map((i) => i.entityId).sort()).toEqual([ids.inA, ids.inB].sort());
    const worker = await t.login('worker');
    expect((await worker.get('/api/audit')).statusCode).toBe(403);
    expect((await t.anon().get('/api/audit')).statusCode).toBe(401);
  });

  it('filters by actor, action, entity, time range and text, and paginates', async () => {
    const byActor = (await admin.get(`/api/audit?actorId=${adminId}&action=account.created`)).json();
    expect(byActor.total).toBe(2);
    const byEntity = (await admin.get(`/api/audit?entityType=account&entityId=${ids.inA}`)).json();
    expect(byEntity.items.map((i: Row) => i.action).sort()).toEqual(['account.created', 'account.updated']);
    const start = new Date(Date.UTC(2026, 0, 5, 1, 0)).toISOString();
    const beforeSecond = new Date(Date.UTC(2026, 0, 5, 1, 30)).toISOString();
    const window = (await admin.get(`/api/audit?action=account.created&from=${start}&to=${beforeSecond}`)).json();
    expect(window.items.map((i: Row) => i.entityId)).toEqual([ids.inA]);
    const text = (await admin.get(`/api/audit?q=${encodeURIComponent('改名')}`)).json();
    expect(text.items.map((i: Row) => i.action)).toEqual(['account.updated']);
    const paged = (await admin.get('/api/audit?pageSize=1&page=2')).json();
    expect(paged.items).toHaveLength(1);
    expect(paged.total).toBeGreaterThan(2);
    expect((await admin.get('/api/audit?from=not-a-date')).statusCode).toBe(400);
  });
});

import type { AreaTreeNode } from '@grassroots/shared/areas/areas.schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillGrid } from '../../../test/factories.areas.js';
import { makeAccount, makeArea, makeTwoStreets } from '../../../test/factories.js';
import { insertPerson } from '../../../test/factories.ledger.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { ensureDefaultCategories } from '../../db/reference/categories.js';

let t: TestApp;
let a: Awaited<ReturnType<typeof makeTwoStreets>>;
let residentId: number;

const flatten = (nodes: AreaTreeNode[]): AreaTreeNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);
const area = (id: number) => t.db.kysely.selectFrom('areas').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await createTestApp();
  a = await makeTwoStreets(t.db);
  await makeAccount(t.db, 'admin', [{ role: 'admin' }]);
  await makeAccount(t.db, 'leaderA', [{ role: 'leader', areaId: a.streetA.id }]);
  await makeAccount(t.db, 'leaderB', [{ role: 'leader', areaId: a.streetB.id }]);
  await makeAccount(t.db, 'secA', [{ role: 'community_secretary', areaId: a.communityA.id }]);
  await makeAccount(t.db, 'workerA', [{ role: 'grid_worker', areaId: a.gridA.id }]);
  residentId = (await makeAccount(t.db, 'resident', [{ role: 'resident' }])).id;
});
afterAll(() => t.close());

describe('GET /api/areas/tree', () => {
  it('gives a leader their street plus read-only ancestors, rooted at the city', async () => {
    const res = await (await t.login('leaderA')).get('/api/areas/tree');
    expect(res.statusCode).toBe(200);
    const { nodes } = res.json() as { nodes: AreaTreeNode[] };
    expect(nodes.map((n) => n.name)).toEqual(['吕梁市']);
    expect(nodes[0]?.readOnly).toBe(true);
    const all = flatten(nodes);
    expect(all.find((n) => n.id === String(a.district.id))?.readOnly).toBe(true);
    expect(all.find((n) => n.id === String(a.streetA.id))?.readOnly).toBeUndefined();
    expect(all.map((n) => n.name)).toContain('高家沟第一网格');
    expect(all.map((n) => n.id)).not.toContain(String(a.streetB.id));
    expect(all.map((n) => n.id)).not.toContain(String(a.gridB.id));
  });

  it('gives the admin everything and refuses residents', async () => {
    const all = flatten((await (await t.login('admin')).get('/api/areas/tree')).json().nodes);
    expect(all.map((n) => n.id)).toEqual(expect.arrayContaining([String(a.gridA.id), String(a.gridB.id)]));
    expect(all.every((n) => !n.readOnly)).toBe(true);
    expect((await (await t.login('resident')).get('/api/areas/tree')).statusCode).toBe(403);
    expect((await t.anon().get('/api/areas/tree')).statusCode).toBe(401);
  });
});

describe('GET /api/areas/:id', () => {
  it('returns detail with ancestors, counts and allowed actions', async () => {
    const res = await (await t.login('leaderA')).get(`/api/areas/${a.communityA.id}`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.kind).toBe('community');
    expect(d.childKind).toBe('grid');
    expect(d.ancestors.map((x: { name: string }) => x.name)).toEqual(['吕梁市', '离石区', '交口街道']);
    expect(d.counts.children).toBe(1);
    expect(d.allowedActions).toEqual(expect.arrayContaining(['update', 'createChild', 'move', 'delete']));
  });

  it('answers 404 for another street and for read-only ancestors; a grid worker reads but cannot write', async () => {
    const leader = await t.login('leaderA');
    expect((await leader.get(`/api/areas/${a.streetB.id}`)).statusCode).toBe(404);
    expect((await leader.get(`/api/areas/${a.gridB.id}`)).statusCode).toBe(404);
    expect((await leader.get(`/api/areas/${a.city.id}`)).statusCode).toBe(404);
    const worker = await t.login('workerA');
    const d = (await worker.get(`/api/areas/${a.gridA.id}`)).json();
    expect(d.allowedActions).toEqual([]);
  });
});

describe('POST /api/areas', () => {
  it('lets a secretary create a grid in their community (kind derived), audited with its path', async () => {
    const res = await (await t.login('secA')).post('/api/areas', { parentId: String(a.communityA.id), name: '新网格' });
    expect(res.statusCode).toBe(201);
    const d = res.json();
    expect(d.kind).toBe('grid');
    expect(d.path).toBe(`${a.communityA.path}${d.id}/`);
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'area.create')
      .where('entityId', '=', d.id)
      .executeTakeFirstOrThrow();
    expect(audit.areaPath).toBe(d.path);
  });

  it('refuses a secretary under another community, a grid worker, and wrong levels', async () => {
    const sec = await t.login('secA');
    const other = await sec.post('/api/areas', { parentId: String(a.communityB.id), name: 'x' });
    expect(other.statusCode).toBe(404);
    const street = await sec.post('/api/areas', { parentId: String(a.streetA.id), name: 'x' });
    expect(street.statusCode).toBe(404);
    const worker = await (await t.login('workerA')).post('/api/areas', { parentId: String(a.gridA.id), name: 'x' });
    expect(worker.statusCode).toBe(403);
    const wrongKind = await sec.post('/api/areas', { parentId: String(a.communityA.id), name: 'x', kind: 'street' });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.code).toBe('INVALID_HIERARCHY');
    const underGrid = await sec.post('/api/areas', { parentId: String(a.gridA.id), name: 'x' });
    expect(underGrid.json().error.code).toBe('INVALID_HIERARCHY');
  });

  it('creates a root city only for the admin', async () => {
    expect((await (await t.login('leaderA')).post('/api/areas', { parentId: null, name: '太原市' })).statusCode).toBe(
      403,
    );
    const res = await (await t.login('admin')).post('/api/areas', { parentId: null, name: '太原市' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'city', ancestors: [] });
  });
});

describe('PATCH /api/areas/:id', () => {
  it('renames with the current version and bumps it; a stale version is 409', async () => {
    const leader = await t.login('leaderA');
    const before = (await leader.get(`/api/areas/${a.communityA.id}`)).json();
    const res = await leader.patch(`/api/areas/${a.communityA.id}`, {
      version: before.version,
      name: '高家沟社区（新）',
      code: 'GJG',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '高家沟社区（新）', code: 'GJG', version: before.version + 1 });
    const stale = await leader.patch(`/api/areas/${a.communityA.id}`, { version: before.version, name: 'again' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await area(a.communityA.id)).name).toBe('高家沟社区（新）');
  });

  it('refuses another street (404) and a grid worker (403)', async () => {
    expect(
      (await (await t.login('leaderA')).patch(`/api/areas/${a.streetB.id}`, { version: 1, name: 'x' })).statusCode,
    ).toBe(404);
    expect(
      (await (await t.login('workerA')).patch(`/api/areas/${a.gridA.id}`, { version: 1, name: 'x' })).statusCode,
    ).toBe(403);
    expect((await area(a.streetB.id)).name).toBe('城北街道');
  });
});

describe('POST /api/areas/:id/move', () => {
  it('re-keys the subtree and everything under it in every table; scope follows the move', async () => {
    const community = await makeArea(t.db, 'community', '移动社区', a.streetA);
    const grid = await makeArea(t.db, 'grid', '移动网格', community);
    await fillGrid(t.db, community, grid, residentId);
    // A person of the ledger (with a tag row) and a case placed in the grid must move with it.
    const household = await t.db.kysely
      .selectFrom('households')
      .select('id')
      .where('gridId', '=', grid.id)
      .executeTakeFirstOrThrow();
    await insertPerson(t, household.id, { name: '随迁居民', tags: ['党员'] });
    await ensureDefaultCategories(t.app.ctx);
    const cat = await t.db.kysely.selectFrom('caseCategories').select('id').executeTakeFirstOrThrow();
    await t.db.kysely
      .insertInto('cases')
      .values({
        number: `move-${community.id}`,
        status: 'registered',
        tier: 'community',
        areaId: community.id,
        areaPath: community.path,
        gridId: grid.id,
        placePath: grid.path,
        categoryId: cat.id,
        source: 'visit',
        description: '随迁诉求',
        respondBy: 1,
        resolveBy: 1,
        createdAt: 1,
        updatedAt: 1,
      })
      .execute();
    const leaderA = await t.login('leaderA');
    const leaderB = await t.login('leaderB');
    expect((await leaderA.get(`/api/areas/${grid.id}`)).statusCode).toBe(200);
    expect((await leaderB.get(`/api/areas/${grid.id}`)).statusCode).toBe(404);

    const admin = await t.login('admin');
    const res = await admin.post(`/api/areas/${community.id}/move`, { parentId: String(a.streetB.id), version: 1 });
    expect(res.statusCode).toBe(200);
    const newCommunity = `${a.streetB.path}${community.id}/`;
    const newGrid = `${newCommunity}${grid.id}/`;
    expect(res.json()).toMatchObject({ path: newCommunity, parentId: String(a.streetB.id), version: 2 });
    expect((await area(grid.id)).path).toBe(newGrid);
    const k = t.db.kysely;
    expect(
      (await k.selectFrom('compounds').select('areaPath').where('areaId', '=', community.id).execute()).map(
        (r) => r.areaPath,
      ),
    ).toEqual([newCommunity]);
    for (const table of ['buildings', 'households', 'gridElements'] as const) {
      const rows = await k.selectFrom(table).select('areaPath').where('gridId', '=', grid.id).execute();
      expect(rows.map((r) => r.areaPath)).toEqual([newGrid]);
    }
    const links = await k.selectFrom('residentLinks').select('areaPath').where('accountId', '=', residentId).execute();
    expect(links.map((r) => r.areaPath)).toEqual([newGrid]);
    const person = await k.selectFrom('persons').select('areaPath').where('name', '=', '随迁居民').execute();
    expect(person.map((r) => r.areaPath)).toEqual([newGrid]);
    const tags = await k
      .selectFrom('ledgerTags')
      .select('areaPath')
      .where('areaPath', 'like', `%/${grid.id}/`)
      .execute();
    expect(tags.map((r) => r.areaPath)).toEqual([newGrid]);
    const moved = await k
      .selectFrom('cases')
      .select(['areaPath', 'placePath'])
      .where('number', '=', `move-${community.id}`)
      .executeTakeFirstOrThrow();
    expect(moved).toEqual({ areaPath: newCommunity, placePath: newGrid });
    expect(
      await k
        .selectFrom('buildings')
        .select('id')
        .where('areaPath', 'like', `${a.streetA.path}${community.id}/%`)
        .execute(),
    ).toEqual([]);

    expect((await leaderA.get(`/api/areas/${grid.id}`)).statusCode).toBe(404);
    expect((await leaderB.get(`/api/areas/${grid.id}`)).statusCode).toBe(200);
    const treeB = flatten((await leaderB.get('/api/areas/tree')).json().nodes);
    expect(treeB.map((n) => n.id)).toContain(String(grid.id));
    const treeA = flatten((await leaderA.get('/api/areas/tree')).json().nodes);
    expect(treeA.map((n) => n.id)).not.toContain(String(grid.id));
    const audit = await k
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'area.move')
      .executeTakeFirstOrThrow();
    expect(audit.areaPath).toBe(newCommunity);
  });

  it('refuses moves into itself, to the wrong level, with a stale version, and across scopes', async () => {
    const admin = await t.login('admin');
    const intoSelf = await admin.post(`/api/areas/${a.streetA.id}/move`, { parentId: String(a.gridA.id), version: 1 });
    expect(intoSelf.statusCode).toBe(409);
    expect(intoSelf.json().error.code).toBe('INVALID_MOVE');
    const wrong = await admin.post(`/api/areas/${a.gridA.id}/move`, { parentId: String(a.streetB.id), version: 1 });
    expect(wrong.json().error.code).toBe('INVALID_HIERARCHY');
    const stale = await admin.post(`/api/areas/${a.gridA.id}/move`, { parentId: String(a.communityB.id), version: 99 });
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const leaderA = await t.login('leaderA');
    const across = await leaderA.post(`/api/areas/${a.gridA.id}/move`, {
      parentId: String(a.communityB.id),
      version: 1,
    });
    expect(across.statusCode).toBe(404);
    const own = await (await t.login('secA')).post(`/api/areas/${a.communityA.id}/move`, {
      parentId: String(a.streetA.id),
      version: 2,
    });
    expect(own.statusCode).toBe(404);
    expect((await area(a.gridA.id)).path).toBe(a.gridA.path);
  });

  it('moves a grid between two communities of the same street for its leader', async () => {
    const other = await makeArea(t.db, 'community', '另一社区', a.streetA);
    const grid = await makeArea(t.db, 'grid', '待移网格', a.communityA);
    const res = await (await t.login('leaderA')).post(`/api/areas/${grid.id}/move`, {
      parentId: String(other.id),
      version: 1,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().path).toBe(`${other.path}${grid.id}/`);
  });
});

describe('DELETE /api/areas/:id', () => {
  it('refuses a non-empty area with the counts, deletes an empty one', async () => {
    const admin = await t.login('admin');
    const full = await admin.delete(`/api/areas/${a.communityB.id}`);
    expect(full.statusCode).toBe(409);
    expect(full.json().error).toMatchObject({ code: 'AREA_NOT_EMPTY', details: { children: 1 } });
    const withWorker = await admin.delete(`/api/areas/${a.gridA.id}`);
    expect(withWorker.json().error.details.roleAssignments).toBe(1);

    const grid = await makeArea(t.db, 'grid', '空网格', a.communityA);
    expect((await (await t.login('workerA')).delete(`/api/areas/${grid.id}`)).statusCode).toBe(403);
    expect((await (await t.login('leaderB')).delete(`/api/areas/${grid.id}`)).statusCode).toBe(404);
    const res = await (await t.login('secA')).delete(`/api/areas/${grid.id}`);
    expect(res.statusCode).toBe(200);
    expect(await t.db.kysely.selectFrom('areas').select('id').where('id', '=', grid.id).execute()).toEqual([]);
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select('areaPath')
      .where('action', '=', 'area.delete')
      .where('entityId', '=', String(grid.id))
      .executeTakeFirstOrThrow();
    expect(audit.areaPath).toBe(grid.path);
  });

  it('does not let a secretary delete their own community', async () => {
    const res = await (await t.login('secA')).delete(`/api/areas/${a.communityA.id}`);
    expect(res.statusCode).toBe(403);
  });
});

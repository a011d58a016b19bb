import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeTwoStreets } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let a: Awaited<ReturnType<typeof makeTwoStreets>>;

beforeAll(async () => {
  t = await createTestApp();
  a = await makeTwoStreets(t.db);
  await makeAccount(t.db, 'admin', [{ role: 'admin' }]);
  await makeAccount(t.db, 'leaderA', [{ role: 'leader', areaId: a.streetA.id }]);
  await makeAccount(t.db, 'secA', [{ role: 'community_secretary', areaId: a.communityA.id }]);
  await makeAccount(t.db, 'workerA', [{ role: 'grid_worker', areaId: a.gridA.id }]);
});
afterAll(() => t.close());

const shop = (gridId: number, extra: Record<string, unknown> = {}) => ({
  gridId: String(gridId),
  kind: 'shop',
  name: '便民超市',
  code: 'S-001',
  geometry: { type: 'Point', coordinates: [111.105, 37.505] },
  responsibleName: '王店长',
  responsiblePhone: '0358-1234567',
  ...extra,
});

describe('grid elements', () => {
  it('creates, lists (filter + search + pagination), updates and deletes, each audited', async () => {
    const sec = await t.login('secA');
    const created = await sec.post('/api/grid-elements', shop(a.gridA.id));
    expect(created.statusCode).toBe(201);
    const el = created.json();
    expect(el).toMatchObject({ kind: 'shop', gridName: '高家沟第一网格', geometry: { type: 'Point' } });
    await sec.post(
      '/api/grid-elements',
      shop(a.gridA.id, {
        kind: 'road',
        name: '滨河路',
        code: null,
        geometry: {
          type: 'LineString',
          coordinates: [
            [111.1, 37.5],
            [111.11, 37.51],
          ],
        },
      }),
    );
    await sec.post('/api/grid-elements', shop(a.gridA.id, { kind: 'well', name: '100%_井', geometry: null }));

    const all = (await sec.get(`/api/areas/${a.gridA.id}/elements`)).json();
    expect(all.total).toBe(3);
    expect(
      (await sec.get(`/api/areas/${a.gridA.id}/elements?kind=road`)).json().items.map((i: { name: string }) => i.name),
    ).toEqual(['滨河路']);
    expect((await sec.get(`/api/areas/${a.gridA.id}/elements?q=超市`)).json().total).toBe(1);
    expect(
      (await sec.get(`/api/areas/${a.gridA.id}/elements?q=%25_`)).json().items.map((i: { name: string }) => i.name),
    ).toEqual(['100%_井']);
    const page2 = (await sec.get(`/api/areas/${a.gridA.id}/elements?page=2&pageSize=2`)).json();
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.items).toHaveLength(1);
    // The community lists everything under it.
    expect((await sec.get(`/api/areas/${a.communityA.id}/elements`)).json().total).toBe(3);

    const patched = await sec.patch(`/api/grid-elements/${el.id}`, {
      name: '惠民超市',
      responsiblePhone: '13800000000',
    });
    expect(patched.json()).toMatchObject({ name: '惠民超市', responsiblePhone: '13800000000', code: 'S-001' });
    expect((await sec.delete(`/api/grid-elements/${el.id}`)).statusCode).toBe(200);
    expect((await sec.get(`/api/areas/${a.gridA.id}/elements`)).json().total).toBe(2);
    const actions = await t.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'areaPath'])
      .where('entityType', '=', 'grid_element')
      .where('entityId', '=', el.id)
      .execute();
    expect(actions.map((x) => x.action).sort()).toEqual([
      'grid_element.create',
      'grid_element.delete',
      'grid_element.update',
    ]);
    expect(actions.every((x) => x.areaPath === a.gridA.path)).toBe(true);
  });

  it('validates kind, geometry and the target area level', async () => {
    const sec = await t.login('secA');
    expect((await sec.post('/api/grid-elements', shop(a.gridA.id, { kind: 'castle' }))).statusCode).toBe(400);
    const geo = await sec.post(
      '/api/grid-elements',
      shop(a.gridA.id, { geometry: { type: 'Point', coordinates: [500, 1] } }),
    );
    expect(geo.json().error.code).toBe('INVALID_GEOJSON');
    const notGrid = await sec.post('/api/grid-elements', shop(a.communityA.id));
    expect(notGrid.json().error.code).toBe('INVALID_HIERARCHY');
  });

  it('keeps scopes apart: other communities are 404, grid workers read but cannot write', async () => {
    const admin = await t.login('admin');
    const b = (await admin.post('/api/grid-elements', shop(a.gridB.id, { name: 'B店' }))).json();
    const sec = await t.login('secA');
    expect((await sec.post('/api/grid-elements', shop(a.gridB.id))).statusCode).toBe(404);
    expect((await sec.get(`/api/areas/${a.gridB.id}/elements`)).statusCode).toBe(404);
    expect((await sec.patch(`/api/grid-elements/${b.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await sec.delete(`/api/grid-elements/${b.id}`)).statusCode).toBe(404);
    expect((await (await t.login('leaderA')).patch(`/api/grid-elements/${b.id}`, { name: 'x' })).statusCode).toBe(404);

    const worker = await t.login('workerA');
    const mine = (await worker.get(`/api/areas/${a.gridA.id}/elements`)).json();
    expect(mine.total).toBe(2);
    expect((await worker.post('/api/grid-elements', shop(a.gridA.id))).statusCode).toBe(403);
    expect((await worker.delete(`/api/grid-elements/${mine.items[0].id}`)).statusCode).toBe(403);
  });

  it('serves element geometries in scope as GeoJSON', async () => {
    const fc = (await (await t.login('leaderA')).get('/api/areas/elements.geojson')).json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: { properties: { kind: string } }) => f.properties.kind)).toEqual(['road']);
    const all = (await (await t.login('admin')).get('/api/areas/elements.geojson')).json();
    expect(all.features.map((f: { properties: { name: string } }) => f.properties.name)).toContain('B店');
    expect(
      (await (await t.login('leaderA')).get(`/api/areas/elements.geojson?rootId=${a.streetB.id}`)).statusCode,
    ).toBe(404);
  });
});

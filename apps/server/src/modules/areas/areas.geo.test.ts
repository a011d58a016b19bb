import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, square } from '../../../test/factories.areas.js';
import { makeAccount, makeOrg, makeTwoStreets } from '../../../test/factories.js';
import { Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';

let t: TestApp;
let a: Awaited<ReturnType<typeof makeTwoStreets>>;
const clock = new ManualClock();

beforeAll(async () => {
  t = await createTestApp({ clock });
  a = await makeTwoStreets(t.db);
  await makeAccount(t.db, 'admin', [{ role: 'admin' }]);
  await makeAccount(t.db, 'leaderA', [{ role: 'leader', areaId: a.streetA.id }]);
  await makeAccount(t.db, 'workerA', [{ role: 'grid_worker', areaId: a.gridA.id }]);
  await makeAccount(t.db, 'resident', [{ role: 'resident' }]);
});
afterAll(() => t.close());

describe('PUT /api/areas/:id/boundary', () => {
  it.each([
    ['a Point', { type: 'Point', coordinates: [111.1, 37.5] }, 'not a Polygon'],
    [
      'an open ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [111, 37],
            [112, 37],
            [112, 38],
            [111, 38],
          ],
        ],
      },
      'not closed',
    ],
    [
      'a short ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [111, 37],
            [112, 37],
            [111, 37],
          ],
        ],
      },
      'at least 4',
    ],
    [
      'latitude 95',
      {
        type: 'Polygon',
        coordinates: [
          [
            [111, 95],
            [112, 95],
            [112, 96],
            [111, 95],
          ],
        ],
      },
      'latitude',
    ],
    ['strings', { type: 'Polygon', coordinates: 'nope' }, 'a polygon needs'],
    ['an empty collection', { type: 'FeatureCollection', features: [] }, 'empty'],
    ['garbage', { hello: 'world' }, 'not a Polygon'],
  ])('refuses %s with 400 INVALID_GEOJSON and a reason', async (_label, body, reason) => {
    const res = await (await t.login('leaderA')).put(`/api/areas/${a.gridA.id}/boundary`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_GEOJSON');
    expect(res.json().error.details.reason).toContain(reason);
  });

  it('refuses a non-object body and malformed JSON with 400, never 500', async () => {
    const leader = await t.login('leaderA');
    expect((await leader.put(`/api/areas/${a.gridA.id}/boundary`, [1, 2])).statusCode).toBe(400);
    const bad = await leader.request('PUT', `/api/areas/${a.gridA.id}/boundary`, '{"type":', {
      'content-type': 'application/json',
    });
    expect(bad.statusCode).toBe(400);
  });

  it('stores a Feature as a normalised geometry with its bbox, audited; refuses out-of-scope and grid workers', async () => {
    const leader = await t.login('leaderA');
    const res = await leader.put(`/api/areas/${a.gridA.id}/boundary`, {
      type: 'Feature',
      properties: { name: 'x' },
      geometry: square(111.1, 37.5),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().boundary).toEqual(square(111.1, 37.5));
    expect(res.json().bbox).toEqual([111.1, 37.5, 111.11, 37.51]);
    const row = await t.db.kysely
      .selectFrom('areas')
      .selectAll()
      .where('id', '=', a.gridA.id)
      .executeTakeFirstOrThrow();
    expect([row.minLng, row.minLat, row.maxLng, row.maxLat]).toEqual([111.1, 37.5, 111.11, 37.51]);
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'area.boundary_set')
      .execute();
    expect(audit.map((r) => r.areaPath)).toContain(a.gridA.path);
    expect((await leader.put(`/api/areas/${a.gridB.id}/boundary`, square(111.2, 37.5))).statusCode).toBe(404);
    expect((await (await t.login('workerA')).put(`/api/areas/${a.gridA.id}/boundary`, square(1, 1))).statusCode).toBe(
      403,
    );
  });
});

describe('GET /api/areas/locate', () => {
  it('finds the grid containing a point, with ancestors; outside is 404 AREA_NOT_FOUND', async () => {
    const admin = await t.login('admin');
    await admin.put(`/api/areas/${a.gridB.id}/boundary`, square(111.2, 37.5));
    const res = await admin.get('/api/areas/locate?lng=111.105&lat=37.505');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: String(a.gridA.id), name: '高家沟第一网格', path: a.gridA.path });
    expect(res.json().ancestors.map((x: { kind: string }) => x.kind)).toEqual([
      'city',
      'district',
      'street',
      'community',
    ]);
    expect((await admin.get('/api/areas/locate?lng=111.205&lat=37.505')).json().id).toBe(String(a.gridB.id));
    const outside = await admin.get('/api/areas/locate?lng=100&lat=30');
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('AREA_NOT_FOUND');
  });

  it('validates the coordinates (400) and needs a principal; residents and API keys may locate', async () => {
    const r = await t.login('resident');
    expect((await r.get('/api/areas/locate?lng=181&lat=37')).statusCode).toBe(400);
    expect((await r.get('/api/areas/locate?lng=abc&lat=37')).statusCode).toBe(400);
    expect((await r.get('/api/areas/locate?lat=37')).statusCode).toBe(400);
    expect((await r.get('/api/areas/locate?lng=111.105&lat=37.505')).statusCode).toBe(200);
    expect((await t.anon().get('/api/areas/locate?lng=111.105&lat=37.505')).statusCode).toBe(401);
    const org = await makeOrg(t.db, 'external', '12345 热线');
    const key = Agent.withApiKey(t.app, await makeApiKey(t.db, org.id, ['cases:write']));
    expect((await key.get('/api/areas/locate?lng=111.105&lat=37.505')).json().id).toBe(String(a.gridA.id));
  });

  it('rebuilds its index after a boundary change on this node', async () => {
    const admin = await t.login('admin');
    expect((await admin.get('/api/areas/locate?lng=111.305&lat=37.505')).statusCode).toBe(404);
    await admin.put(`/api/areas/${a.gridA.id}/boundary`, square(111.3, 37.5));
    expect((await admin.get('/api/areas/locate?lng=111.305&lat=37.505')).json().id).toBe(String(a.gridA.id));
    expect((await admin.get('/api/areas/locate?lng=111.105&lat=37.505')).statusCode).toBe(404);
  });

  it('picks up a change made by another node within a second (settings counter)', async () => {
    const admin = await t.login('admin');
    expect((await admin.get('/api/areas/locate?lng=111.405&lat=37.505')).statusCode).toBe(404);
    // Another node: writes the boundary and bumps the counter in the database, behind this node's back.
    const k = t.db.kysely;
    await k
      .updateTable('areas')
      .set({
        boundary: JSON.stringify(square(111.4, 37.5)),
        minLng: 111.4,
        minLat: 37.5,
        maxLng: 111.41,
        maxLat: 37.51,
      })
      .where('id', '=', a.gridB.id)
      .execute();
    await t.app.services.areas.repo.bumpGeoVersion(k, clock.now());
    clock.advance(200);
    expect((await admin.get('/api/areas/locate?lng=111.405&lat=37.505')).statusCode).toBe(404);
    clock.advance(1000);
    expect((await admin.get('/api/areas/locate?lng=111.405&lat=37.505')).json().id).toBe(String(a.gridB.id));
    const v = await k
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'areas.geo_version')
      .executeTakeFirstOrThrow();
    expect(Number(v.value)).toBeGreaterThanOrEqual(4);
  });

  it('chooses the smallest grid deterministically when boundaries overlap', async () => {
    const admin = await t.login('admin');
    await admin.put(`/api/areas/${a.gridA.id}/boundary`, square(111.4, 37.5, 0.005));
    expect((await admin.get('/api/areas/locate?lng=111.401&lat=37.501')).json().id).toBe(String(a.gridA.id));
    expect((await admin.get('/api/areas/locate?lng=111.408&lat=37.508')).json().id).toBe(String(a.gridB.id));
  });
});

describe('GET /api/areas/geojson and DELETE boundary', () => {
  it('returns only boundaries in scope, filtered by kind and root', async () => {
    const admin = await t.login('admin');
    await admin.put(`/api/areas/${a.streetA.id}/boundary`, square(111.0, 37.4, 0.5));
    const leader = await t.login('leaderA');
    const fc = (await leader.get('/api/areas/geojson')).json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: { properties: { id: string } }) => f.properties.id).sort()).toEqual(
      [String(a.streetA.id), String(a.gridA.id)].sort(),
    );
    const grids = (await leader.get('/api/areas/geojson?kinds=grid')).json();
    expect(grids.features).toHaveLength(1);
    expect(grids.features[0].properties).toMatchObject({
      kind: 'grid',
      name: '高家沟第一网格',
      parentId: String(a.communityA.id),
    });
    expect((await leader.get(`/api/areas/geojson?rootId=${a.streetB.id}`)).statusCode).toBe(404);
    expect((await leader.get('/api/areas/geojson?kinds=planet')).statusCode).toBe(400);
    expect((await (await t.login('admin')).get('/api/areas/geojson')).json().features).toHaveLength(3);
  });

  it('removes a boundary and the grid is no longer located', async () => {
    const leader = await t.login('leaderA');
    const res = await leader.delete(`/api/areas/${a.gridA.id}/boundary`);
    expect(res.statusCode).toBe(200);
    expect(res.json().boundary).toBeNull();
    const located = await leader.get('/api/areas/locate?lng=111.401&lat=37.501');
    expect(located.json().id).toBe(String(a.gridB.id));
    expect((await leader.delete(`/api/areas/${a.gridB.id}/boundary`)).statusCode).toBe(404);
  });
});

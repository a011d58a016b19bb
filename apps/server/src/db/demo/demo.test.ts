/**
 * Demo data: loads once, the demo chain is one line, the seed figures hold, every grid has a boundary
 * that locates, boundaries tile the district, phones are encrypted at rest, every demo account logs in;
 * and the scale generator builds exactly N households on a fresh database.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { centroid, type Pt } from './geo.js';
import { createRng } from './random.js';
import { demoAccounts, isEmptyDatabase, loadDemoData, loadScaleData } from './seed.js';

const polygonOf = (boundary: string | null) => JSON.parse(boundary ?? 'null') as { coordinates: Pt[][] };

describe('demo data', () => {
  let t: TestApp;
  let loadedFirst: boolean;
  let loadMs: number;

  beforeAll(async () => {
    t = await createTestApp();
    const started = performance.now();
    loadedFirst = await loadDemoData(t.app.ctx);
    loadMs = performance.now() - started;
  });
  afterAll(() => t.close());

  it('loads once, quickly, with one demo.loaded audit row carrying the counts', async () => {
    expect(loadedFirst).toBe(true);
    expect(loadMs).toBeLessThan(20_000);
    expect(await loadDemoData(t.app.ctx)).toBe(false);
    const audit = await t.db.kysely.selectFrom('auditLog').selectAll().where('action', '=', 'demo.loaded').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorKind).toBe('system');
    const summary = JSON.parse(audit[0]?.summary ?? '{}');
    const households = await t.db.kysely
      .selectFrom('households')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(summary.households).toBe(Number(households.n));
    expect(summary.grids).toBeGreaterThanOrEqual(30);
  });

  it('keeps the demo chain on one line: leader ⊃ secretary ⊃ grid of cadre/worker/member ∋ resident home', async () => {
    const k = t.db.kysely;
    const grant = (username: string) =>
      k
        .selectFrom('roleAssignments as r')
        .innerJoin('accounts as a', 'a.id', 'r.accountId')
        .leftJoin('areas as ar', 'ar.id', 'r.areaId')
        .leftJoin('organisations as o', 'o.id', 'r.orgId')
        .select([
          'r.role',
          'ar.id as areaId',
          'ar.path',
          'ar.kind',
          'ar.name',
          'o.id as orgId',
          'o.name as org',
          'r.dutyLabels',
        ])
        .where('a.username', '=', username)
        .executeTakeFirstOrThrow();
    const [leader, secretary, cadre, worker, member, company] = await Promise.all(
      ['leader', 'secretary', 'cadre', 'worker', 'member', 'company'].map(grant),
    );
    expect([leader?.kind, leader?.name]).toEqual(['street', '交口街道']);
    expect([secretary?.kind, secretary?.name]).toEqual(['community', '高家沟社区']);
    expect(secretary?.path?.startsWith(leader?.path as string)).toBe(true);
    expect([cadre?.kind, cadre?.name]).toEqual(['grid', '高家沟社区第一网格']);
    expect(cadre?.path?.startsWith(secretary?.path as string)).toBe(true);
    expect(worker?.areaId).toBe(cadre?.areaId);
    expect(member?.areaId).toBe(cadre?.areaId);
    expect(JSON.parse(worker?.dutyLabels ?? '[]')).toEqual(['信息采集员', '矛盾调解员', '安全隐患排查员']);
    expect(company?.org).toBe('留义物业');

    const home = await k
      .selectFrom('residentLinks as l')
      .innerJoin('accounts as a', 'a.id', 'l.accountId')
      .innerJoin('households as h', 'h.id', 'l.householdId')
      .innerJoin('buildings as b', 'b.id', 'h.buildingId')
      .innerJoin('compounds as c', 'c.id', 'b.compoundId')
      .select([
        'h.gridId',
        'h.areaPath',
        'l.areaPath as linkPath',
        'c.name',
        'c.propertyCompanyId',
        'b.gridId as buildingGrid',
      ])
      .where('a.username', '=', 'resident')
      .where('l.status', '=', 'confirmed')
      .executeTakeFirstOrThrow();
    expect(home.gridId).toBe(cadre?.areaId);
    expect(home.buildingGrid).toBe(cadre?.areaId);
    expect(home.areaPath).toBe(cadre?.path);
    expect(home.linkPath).toBe(cadre?.path);
    expect(home.name).toBe('新城壹号');
    expect(home.propertyCompanyId).toBe(company?.orgId);

    const leaderLinks = await k
      .selectFrom('communityLinks as l')
      .innerJoin('accounts as a', 'a.id', 'l.accountId')
      .select('l.areaId')
      .where('a.username', '=', 'leader')
      .execute();
    expect(leaderLinks.map((l) => l.areaId)).toEqual([secretary?.areaId]);
  });

  it('links the party member to no-smartphone households of the grid and queues pending link requests', async () => {
    const k = t.db.kysely;
    const linked = await k
      .selectFrom('householdLinks as l')
      .innerJoin('accounts as a', 'a.id', 'l.accountId')
      .innerJoin('households as h', 'h.id', 'l.householdId')
      .innerJoin('areas as g', 'g.id', 'h.gridId')
      .select(['h.noSmartphone', 'g.name'])
      .where('a.username', '=', 'member')
      .execute();
    expect(linked.length).toBeGreaterThanOrEqual(3);
    expect(linked.every((h) => h.noSmartphone === 1 && h.name === '高家沟社区第一网格')).toBe(true);
    const pending = await k
      .selectFrom('residentLinks as l')
      .innerJoin('areas as g', 'g.path', 'l.areaPath')
      .select(['g.name'])
      .where('l.status', '=', 'pending')
      .execute();
    expect(pending.map((p) => p.name)).toEqual(['高家沟社区第一网格', '高家沟社区第一网格']);
  });

  it('matches the seed figures', async () => {
    const rows = await t.db.kysely
      .selectFrom('compounds as c')
      .innerJoin('buildings as b', 'b.compoundId', 'c.id')
      .innerJoin('households as h', 'h.buildingId', 'b.id')
      .leftJoin('organisations as o', 'o.id', 'c.propertyCompanyId')
      .select((eb) => ['c.name', 'c.managementMode', 'c.householdCount', 'o.name as company', eb.fn.countAll().as('n')])
      .where('c.name', 'in', ['新城壹号', '工行小区', '滨河佳苑', '泛华盛世', '城东小区'])
      .groupBy(['c.name', 'c.managementMode', 'c.householdCount', 'o.name'])
      .execute();
    const by = Object.fromEntries(rows.map((r) => [r.name, { ...r, n: Number(r.n) }]));
    expect(by.新城壹号).toMatchObject({ n: 1260, householdCount: 1260, company: '留义物业' });
    expect(by.工行小区).toMatchObject({ n: 120, householdCount: 120, managementMode: 'self', company: null });
    expect(by.滨河佳苑).toMatchObject({ n: 162, householdCount: 162 });
    expect(Object.keys(by).sort()).toEqual(['城东小区', '工行小区', '新城壹号', '泛华盛世', '滨河佳苑']);
    const rooms = await t.db.kysely
      .selectFrom('rooms')
      .select((eb) => [eb.fn.min('floorArea').as('min'), eb.fn.max('floorArea').as('max')])
      .executeTakeFirstOrThrow();
    expect(Number(rooms.min)).toBeGreaterThanOrEqual(70);
    expect(Number(rooms.max)).toBeLessThanOrEqual(140);
    const codes = await t.db.kysely.selectFrom('buildings').select('publicCode').execute();
    expect(codes.every((c) => /^[a-z2-7]{12}$/.test(c.publicCode))).toBe(true);
  });

  it('gives every grid a boundary whose bbox holds its centroid, and locate finds the grid there', async () => {
    const grids = await t.db.kysely.selectFrom('areas').selectAll().where('kind', '=', 'grid').execute();
    expect(grids.length).toBeGreaterThanOrEqual(30);
    const admin = await t.login('admin');
    for (const g of grids) {
      const ring = polygonOf(g.boundary).coordinates[0] as Pt[];
      const [lng, lat] = centroid(ring.slice(0, -1));
      expect(lng).toBeGreaterThan(g.minLng as number);
      expect(lng).toBeLessThan(g.maxLng as number);
      expect(lat).toBeGreaterThan(g.minLat as number);
      expect(lat).toBeLessThan(g.maxLat as number);
      const res = await admin.get(`/api/areas/locate?lng=${lng}&lat=${lat}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().id).toBe(String(g.id));
    }
  });

  it('tiles the district: a point of the district lies in exactly one grid', async () => {
    const k = t.db.kysely;
    const district = await k.selectFrom('areas').selectAll().where('kind', '=', 'district').executeTakeFirstOrThrow();
    const grids = await k.selectFrom('areas').select('boundary').where('kind', '=', 'grid').execute();
    const shapes = grids.map((g) => ({ type: 'Polygon' as const, coordinates: polygonOf(g.boundary).coordinates }));
    const outline = { type: 'Polygon' as const, coordinates: polygonOf(district.boundary).coordinates };
    const rng = createRng(7);
    let tested = 0;
    while (tested < 300) {
      const p: Pt = [
        (district.minLng as number) + rng.next() * ((district.maxLng as number) - (district.minLng as number)),
        (district.minLat as number) + rng.next() * ((district.maxLat as number) - (district.minLat as number)),
      ];
      if (!booleanPointInPolygon(p, outline)) continue;
      tested++;
      expect(shapes.filter((s) => booleanPointInPolygon(p, s)).length).toBe(1);
    }
  });

  it('stores phones encrypted (and hashed) at rest', async () => {
    const k = t.db.kysely;
    const { pii } = t.app.ctx;
    const homes = await k.selectFrom('households').select(['phoneEnc', 'phoneHash']).limit(50).execute();
    const people = await k.selectFrom('accounts').select(['phoneEnc', 'phoneHash', 'dutyPhone']).limit(50).execute();
    for (const row of [...homes, ...people]) {
      expect(row.phoneEnc).toMatch(/^v1\./);
      const phone = pii.decrypt(row.phoneEnc as string);
      expect(phone).toMatch(/^1\d{10}$/);
      expect(row.phoneEnc).not.toContain(phone);
      expect(row.phoneHash).toBe(pii.hash(phone));
    }
    expect(people.filter((p) => p.dutyPhone).every((p) => /^0358-\d{7}$/.test(p.dutyPhone as string))).toBe(true);
  });

  it('lets every demo account log in with the demo password', async () => {
    for (const a of demoAccounts) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: a.username, password: 'grassroots' },
      });
      expect(res.statusCode, a.username).toBe(200);
    }
  });
});

describe('scale generator', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates exactly N households on a fresh database, with the demo chain in place', async () => {
    expect(await isEmptyDatabase(t.app.ctx)).toBe(true);
    const phases = new Set<string>();
    const { counts } = await loadScaleData(t.app.ctx, { households: 3000, progress: (p) => phases.add(p) });
    expect(counts.households).toBe(3000);
    const n = await t.db.kysely
      .selectFrom('households')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3000);
    expect(counts.grids).toBe(10);
    expect([...phases]).toEqual(['buildings', 'rooms', 'households']);
    expect(await isEmptyDatabase(t.app.ctx)).toBe(false);
    expect(await loadDemoData(t.app.ctx)).toBe(false);
    expect((await t.login('worker')).cookie).toBeTruthy();
  });
});

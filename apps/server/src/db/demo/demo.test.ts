/**
 * Demo data: loads once, the demo chain is one line, the seed figures hold, every grid has a boundary
 * that locates, boundaries tile the district, phones are encrypted at rest, every demo account logs in;
 * a year of case history that the shared transition table accepts, over every channel, category and state,
 * with work waiting for each demo account; a household ledger for every household (valid ID numbers, nothing in
 * clear, one head, tag rows matching the encrypted tags, seed 002's 162/440 in 滨河佳苑, the resident's family,
 * masked through the API, work for the retention job); and the scale generator builds exactly N households with
 * their ledger on a fresh database.
 */
import { caseTransitions } from '@grassroots/shared/cases/cases.lifecycle';
import { ageOn } from '@grassroots/shared/ledger/ledger.rules';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { checkCaseHistories } from './cases-check.js';
import { scriptedCount } from './cases-script.js';
import { centroid, type Pt } from './geo.js';
import { checkLedger } from './ledger-check.js';
import { createRng } from './random.js';
import { DEMO_CASES, demoAccounts, isEmptyDatabase, loadDemoData, loadScaleData } from './seed.js';

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
    expect(loadMs).toBeLessThan(40_000);
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

  it('writes a year of case history that the shared transition table accepts, over every channel, category and state', async () => {
    const k = t.db.kysely;
    expect(await checkCaseHistories(t.db)).toEqual([]);
    const now = t.app.ctx.clock.now();
    const cases = await k
      .selectFrom('cases')
      .select(['status', 'source', 'categoryId', 'createdAt', 'resolveBy', 'rating', 'externalNo', 'unplaced'])
      .execute();
    expect(cases).toHaveLength(DEMO_CASES + scriptedCount);
    const created = cases.map((c) => c.createdAt);
    expect(Math.min(...created)).toBeGreaterThanOrEqual(now - 366 * 86_400_000);
    expect(Math.max(...created)).toBeLessThanOrEqual(now);
    const set = (xs: (string | number | null)[]) => [...new Set(xs)].sort();
    expect(set(cases.map((c) => c.source))).toEqual(
      ['hotline', 'letter', 'on_behalf', 'resident', 'self_inspection', 'superior', 'visit'].sort(),
    );
    expect(set(cases.map((c) => c.status))).toEqual(
      [
        'accepted',
        'closed',
        'dispatched',
        'registered',
        'rejected',
        'resolved',
        'submitted',
        'suspended',
        'verified',
      ].sort(),
    );
    expect(set(cases.map((c) => c.rating))).toEqual([null, 'basic', 'satisfied', 'unsatisfied'].sort());
    const leaves = await k
      .selectFrom('caseCategories as c')
      .select('c.id')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('caseCategories as ch').select('ch.id').whereRef('ch.parentId', '=', 'c.id'))),
      )
      .execute();
    expect(set(cases.map((c) => c.categoryId))).toEqual(set(leaves.map((l) => l.id)));
    expect(cases.filter((c) => c.source === 'hotline').every((c) => /^LS\d{15}$/.test(c.externalNo ?? ''))).toBe(true);
    expect(cases.some((c) => c.unplaced === 1)).toBe(true);
    const open = ['submitted', 'registered', 'dispatched', 'accepted'];
    expect(cases.filter((c) => open.includes(c.status) && c.resolveBy < now).length).toBeGreaterThan(0);
    // Most rated cases are 满意 (satisfied), as in the seed reports' 群众满意.
    const rated = cases.filter((c) => c.rating);
    expect(rated.filter((c) => c.rating === 'satisfied').length / rated.length).toBeGreaterThan(0.7);
    const actions = await k.selectFrom('caseEvents').select('action').distinct().execute();
    expect(set(actions.map((a) => a.action))).toEqual(set(['create', ...Object.keys(caseTransitions)]));
  });

  it('leaves work waiting for each demo account, with the actions the service allows them', async () => {
    const k = t.db.kysely;
    const ids: Record<string, number> = Object.fromEntries(
      (await k.selectFrom('accounts').select(['id', 'username']).execute()).map((a) => [a.username, a.id]),
    );
    const now = t.app.ctx.clock.now();
    const allowed = async (username: string, id: number) =>
      (await (await t.login(username)).get(`/api/cases/${id}`)).json().allowedActions as string[];

    const mine = await k.selectFrom('cases').selectAll().where('submitterAccountId', '=', ids.resident!).execute();
    expect(mine.length).toBeGreaterThanOrEqual(5);
    const toRate = mine.find((c) => c.status === 'closed' && c.ratedAt === null && c.closedAt! > now - 7 * 86_400_000);
    expect(toRate).toBeDefined();
    expect(await allowed('resident', toRate!.id)).toEqual(expect.arrayContaining(['rate', 'reopen']));
    expect(mine.some((c) => c.status === 'accepted')).toBe(true);

    const tasks = await k.selectFrom('cases').selectAll().where('handlerAccountId', '=', ids.worker!).execute();
    const dispatched = tasks.filter((c) => c.status === 'dispatched');
    expect(dispatched.length).toBeGreaterThanOrEqual(2);
    expect(tasks.filter((c) => c.status === 'accepted').length).toBeGreaterThanOrEqual(2);
    expect(await allowed('worker', dispatched[0]!.id)).toContain('accept');

    const community = await k
      .selectFrom('areas')
      .select('path')
      .where('name', '=', '高家沟社区')
      .executeTakeFirstOrThrow();
    const queue = await k
      .selectFrom('cases')
      .selectAll()
      .where('areaPath', '=', community.path)
      .where('tier', '=', 'community')
      .execute();
    for (const [status, action] of [
      ['submitted', 'register'],
      ['registered', 'dispatch'],
      ['resolved', 'verify'],
      ['verified', 'close'],
    ] as const) {
      const waiting = queue.filter((c) => c.status === status);
      expect(waiting.length, status).toBeGreaterThanOrEqual(2);
      expect(await allowed('secretary', waiting[0]!.id)).toContain(action);
    }
    const pending = queue.filter((c) => c.suspensionPending === 1);
    expect(pending.length).toBeGreaterThanOrEqual(1);
    expect(await allowed('leader', pending[0]!.id)).toContain('approveSuspend');
  });

  it('indexes every demo case for search, as the service does', async () => {
    const secretary = await t.login('secretary');
    const res = await secretary.get('/api/cases?q=漏水&pageSize=5');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBeGreaterThan(0);
    expect(
      res
        .json()
        .items.every((c: { description: string; address: string | null }) =>
          `${c.description}${c.address}`.includes('漏水'),
        ),
    ).toBe(true);
  });

  it('fills the household ledger: valid unique ID numbers, nothing in clear, one head each, consistent tag rows', async () => {
    const { problems, figures } = await checkLedger(t.app.ctx);
    expect(problems).toEqual([]);
    // Every household has 1–5 people, about 2.7 on average (seed 002: 162 households, 440 people).
    expect(Object.keys(figures.sizes).map(Number).sort()).toEqual([1, 2, 3, 4, 5]);
    const perHousehold = figures.current / figures.households;
    expect(perHousehold).toBeGreaterThan(2.55);
    expect(perHousehold).toBeLessThan(2.85);
    // Every age group, and open and sensitive tags at realistic rates.
    for (const [group, n] of Object.entries(figures.ageGroups)) expect(n, group).toBeGreaterThan(figures.current / 50);
    const share = (tag: string) => (figures.tags[tag] ?? 0) / figures.current;
    expect(share('党员')).toBeGreaterThan(0.04);
    expect(share('党员')).toBeLessThan(0.12);
    expect(share('慢性病')).toBeGreaterThan(0.05);
    expect(share('慢性病')).toBeLessThan(0.25);
    for (const tag of [
      '退役军人',
      '志愿者',
      '独居',
      '留守儿童',
      '新市民',
      '流动人口',
      '残疾',
      '低保',
      '特困',
      '孕产妇',
    ])
      expect(share(tag), tag).toBeGreaterThan(0);
    expect(share('社区矫正') + share('刑满释放')).toBeLessThan(0.005);
  });

  it('puts seed 002 in 滨河佳苑 (162 households, 440 people) and the elderly in 独居老人 households', async () => {
    const k = t.db.kysely;
    const today = new Date(t.app.ctx.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const binhe = await k
      .selectFrom('persons as p')
      .innerJoin('households as h', 'h.id', 'p.householdId')
      .innerJoin('buildings as b', 'b.id', 'h.buildingId')
      .innerJoin('compounds as c', 'c.id', 'b.compoundId')
      .select((eb) => [eb.fn.count('p.id').as('people'), eb.fn.count('h.id').distinct().as('households')])
      .where('c.name', '=', '滨河佳苑')
      .where('p.movedOutOn', 'is', null)
      .executeTakeFirstOrThrow();
    expect([Number(binhe.households), Number(binhe.people)]).toEqual([162, 440]);
    const people = await k
      .selectFrom('persons as p')
      .innerJoin('households as h', 'h.id', 'p.householdId')
      .select(['p.birthDate', 'h.tags', 'p.householdId'])
      .where('p.movedOutOn', 'is', null)
      .execute();
    const old = (rows: typeof people) =>
      rows.filter((p) => ageOn(p.birthDate as string, today) >= 60).length / rows.length;
    const alone = people.filter((p) => p.tags.includes('独居老人'));
    expect(alone.length).toBe(new Set(alone.map((p) => p.householdId)).size); // one person each
    expect(old(alone)).toBe(1);
    expect(old(people)).toBeLessThan(0.35);
  });

  it('defines 疫苗接种情况 with values, and has people who moved out long ago (for retention) and recently', async () => {
    const k = t.db.kysely;
    const field = await k
      .selectFrom('ledgerFields')
      .selectAll()
      .where('code', '=', 'vaccination')
      .executeTakeFirstOrThrow();
    expect([field.label, field.datatype, JSON.parse(field.options)]).toEqual([
      '疫苗接种情况',
      'select',
      ['已全程接种', '部分接种', '未接种'],
    ]);
    const admin = await t.login('admin');
    const partly = (await admin.get('/api/persons?custom.vaccination=部分接种&pageSize=1')).json();
    expect(partly.total).toBeGreaterThan(0);
    const now = t.app.ctx.clock.now();
    const cutoff = now - t.app.ctx.config.ledgerRetentionDays * 86_400_000;
    const moved = await k.selectFrom('persons').select(['movedOutAt']).where('movedOutAt', 'is not', null).execute();
    const old = moved.filter((p) => Number(p.movedOutAt) <= cutoff).length;
    expect(old).toBeGreaterThanOrEqual(10);
    expect(moved.length - old).toBeGreaterThanOrEqual(10);
    expect(moved.length).toBeLessThan(500);
  });

  it('gives the demo resident their household with family, the resident at its head', async () => {
    const resident = await t.login('resident');
    const res = await resident.get('/api/me/household');
    expect(res.statusCode).toBe(200);
    const home = res.json().items[0];
    expect(home.headName).toBe('赵丽萍');
    expect(home.members.length).toBeGreaterThanOrEqual(3);
    expect(home.members.find((m: { name: string }) => m.name === '赵丽萍')).toMatchObject({
      relation: 'head',
      gender: 'female',
    });
    for (const m of home.members) expect(m.idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
  });

  it('lists the ledger to the demo worker, masked, and finds a person by the full ID number', async () => {
    const worker = await t.login('worker');
    const res = await worker.get('/api/persons?pageSize=100');
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.total).toBeGreaterThan(300);
    expect(page.items).toHaveLength(100);
    for (const p of page.items) {
      expect(p.gridName).toBe('高家沟社区第一网格');
      expect(p.idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      if (p.phone !== null) expect(p.phone).toMatch(/^1[3-9]\d\*{4}\d{4}$/);
      expect(p.sensitiveTags).toBeNull();
    }
    const row = await t.db.kysely
      .selectFrom('persons')
      .select(['idNoEnc', 'phoneEnc'])
      .where('id', '=', Number(page.items[0].id))
      .executeTakeFirstOrThrow();
    const id = t.app.ctx.pii.decrypt(row.idNoEnc as string);
    expect(res.body).not.toContain(id);
    if (row.phoneEnc) expect(res.body).not.toContain(t.app.ctx.pii.decrypt(row.phoneEnc));
    const found = (await worker.get(`/api/persons?q=${id}`)).json();
    expect(found.items.map((p: { id: string }) => p.id)).toEqual([page.items[0].id]);
  });

  it('leaves the retention job the people who moved out more than three years ago', async () => {
    const k = t.db.kysely;
    const now = t.app.ctx.clock.now();
    const cutoff = now - t.app.ctx.config.ledgerRetentionDays * 86_400_000;
    const due = await k.selectFrom('persons').select('id').where('movedOutAt', '<=', cutoff).orderBy('id').execute();
    const done = await t.app.services.ledger.retention.run(now);
    expect(done).toEqual(due.map((p) => p.id));
    expect(await checkLedger(t.app.ctx).then((r) => r.problems)).toEqual([]);
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
    expect([...phases]).toEqual(['buildings', 'rooms', 'households', 'persons']);
    // The ledger: about 2.7 persons a household, all valid; seed 002's ratio in the demo worker's grid.
    const persons = counts.persons ?? 0;
    expect(persons / 3000).toBeGreaterThan(2.55);
    expect(persons / 3000).toBeLessThan(2.9);
    const { problems, figures } = await checkLedger(t.app.ctx);
    expect(problems).toEqual([]);
    expect(figures.current + figures.movedOut).toBe(persons);
    const k = t.db.kysely;
    const grid = await k
      .selectFrom('roleAssignments as r')
      .innerJoin('accounts as a', 'a.id', 'r.accountId')
      .select('r.areaId')
      .where('a.username', '=', 'worker')
      .executeTakeFirstOrThrow();
    const inGrid = await k
      .selectFrom('households as h')
      .leftJoin('persons as p', (j) => j.onRef('p.householdId', '=', 'h.id').on('p.movedOutOn', 'is', null))
      .select((eb) => [eb.fn.count('h.id').distinct().as('households'), eb.fn.count('p.id').as('people')])
      .where('h.gridId', '=', grid.areaId as number)
      .executeTakeFirstOrThrow();
    expect(Number(inGrid.households)).toBeGreaterThan(200);
    expect(Number(inGrid.people)).toBe(Math.round((Number(inGrid.households) * 440) / 162));
    // The check sees what it should: a head turned spouse with a wrong birth date, a lost tag row.
    const head = await k
      .selectFrom('persons')
      .select(['id', 'householdId'])
      .where('relation', '=', 'head')
      .executeTakeFirstOrThrow();
    await k
      .updateTable('persons')
      .set({ relation: 'spouse', birthDate: '1901-01-01' })
      .where('id', '=', head.id)
      .execute();
    const tag = await k
      .selectFrom('ledgerTags')
      .selectAll()
      .where('entityKind', '=', 'person')
      .executeTakeFirstOrThrow();
    await k.deleteFrom('ledgerTags').where('entityId', '=', tag.entityId).where('tagKey', '=', tag.tagKey).execute();
    const broken = (await checkLedger(t.app.ctx, 100)).problems.join('\n');
    expect(broken).toContain(`person ${head.id}: ID number says`);
    expect(broken).toContain(`household ${head.householdId}: 0 heads`);
    expect(broken).toContain(`missing tag row person|${tag.entityId}|`);
    expect(await isEmptyDatabase(t.app.ctx)).toBe(false);
    expect(await loadDemoData(t.app.ctx)).toBe(false);
    expect((await t.login('worker')).cookie).toBeTruthy();
  });
});

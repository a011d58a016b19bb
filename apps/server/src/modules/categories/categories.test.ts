import { AppError } from '@grassroots/shared/common/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeOrg, makeTwoStreets } from '../../../test/factories.js';
import { Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { defaultCategoryTree, ensureDefaultCategories } from '../../db/reference/categories.js';

let t: TestApp;
let admin: Agent;
let center: Agent;
let leader: Agent;
let resident: Agent;
let keyAgent: Agent;
let cityWorks: number;
let hotline: number;

type View = { id: string; code: string | null; name: string; version: number; [k: string]: unknown };
const byCode = async (agent: Agent, code: string, q = '') => {
  const items: View[] = (await agent.get(`/api/case-categories${q}`)).json().items;
  return items.find((c) => c.code === code);
};
const leafBody = (extra: object = {}) => ({
  name: `测试分类${Math.random().toString(36).slice(2, 8)}`,
  limits: { respond: { amount: 1, unit: 'days' }, resolve: { amount: 5, unit: 'days' } },
  ...extra,
});
const expectCode = (res: { statusCode: number; json(): { error: { code: string } } }, status: number, code: string) => {
  expect(res.statusCode).toBe(status);
  expect(res.json().error.code).toBe(code);
};

beforeAll(async () => {
  t = await createTestApp();
  const areas = await makeTwoStreets(t.db);
  cityWorks = (await makeOrg(t.db, 'department', '城建局', areas.district.id)).id;
  hotline = (await makeOrg(t.db, 'external', '12345 热线', areas.city.id)).id;
  await makeAccount(t.db, 'admin', [{ role: 'admin' }]);
  await makeAccount(t.db, 'center', [{ role: 'center', areaId: areas.city.id }]);
  await makeAccount(t.db, 'leader', [{ role: 'leader', areaId: areas.streetA.id }]);
  await makeAccount(t.db, 'resident', [{ role: 'resident' }]);
  admin = await t.login('admin');
  center = await t.login('center');
  leader = await t.login('leader');
  resident = await t.login('resident');
  const key = await admin.post('/api/api-keys', { orgId: String(hotline), name: '12345', scopes: ['cases:write'] });
  keyAgent = Agent.withApiKey(t.app, key.json().key);
});
afterAll(() => t.close());

describe('default category tree', () => {
  it('loads into an empty table once, resolving default organisations that exist', async () => {
    const first = await ensureDefaultCategories(t.app.ctx);
    const expected = defaultCategoryTree.reduce((n, c) => n + 1 + (c.children?.length ?? 0), 0);
    expect(first).toBe(expected);
    expect(await ensureDefaultCategories(t.app.ctx)).toBe(0);
    const rows = await t.db.kysely.selectFrom('caseCategories').selectAll().execute();
    expect(rows).toHaveLength(expected);
    const sewer = rows.find((r) => r.code === 'sz.sewer');
    expect(sewer).toMatchObject({ defaultOrgId: cityWorks, defaultTier: 'street', respondUnit: 'days' });
    // 住建局 does not exist here: left empty rather than failing.
    expect(rows.find((r) => r.code === 'sz.road')?.defaultOrgId).toBeNull();
    const parking = rows.find((r) => r.code === 'wy.parking');
    const property = rows.find((r) => r.code === 'wy');
    expect(parking?.isProperty).toBe(1);
    expect(parking?.path).toBe(`${property?.path}${parking?.id}/`);
    const seeded = await t.db.kysely
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'category.seeded')
      .execute();
    expect(seeded).toHaveLength(1);
  });
});

describe('GET /api/case-categories', () => {
  it('serves the active tree to residents and API keys, flat or nested', async () => {
    for (const agent of [resident, keyAgent]) {
      const res = await agent.get('/api/case-categories');
      expect(res.statusCode).toBe(200);
      const noise = res.json().items.find((c: View) => c.code === 'lj.noise');
      expect(noise).toMatchObject({
        name: '噪音',
        isLeaf: true,
        defaultTier: 'community',
        limits: { accept: { amount: 2, unit: 'hours' }, respond: { amount: 1, unit: 'days' } },
      });
      expect(noise.questions[0]).toMatchObject({ code: 'period', datatype: 'singlevaluelist', required: true });
    }
    const tree = (await resident.get('/api/case-categories?tree=true')).json().items;
    const wy = tree.find((c: View) => c.code === 'wy');
    expect(wy.children.map((c: View) => c.code)).toEqual([
      'wy.parking',
      'wy.lift',
      'wy.cleaning',
      'wy.greening',
      'wy.fees',
      'wy.repair',
    ]);
    expect(wy.isLeaf).toBe(false);
    expect((await t.anon().get('/api/case-categories')).statusCode).toBe(401);
  });

  it('includeInactive is for managers only', async () => {
    expectCode(await resident.get('/api/case-categories?includeInactive=true'), 403, 'FORBIDDEN');
    expectCode(await leader.get('/api/case-categories?includeInactive=true'), 403, 'FORBIDDEN');
    expect((await center.get('/api/case-categories?includeInactive=true')).statusCode).toBe(200);
  });
});

describe('managing categories', () => {
  it('creates, edits with version, deactivates, activates and deletes, all audited', async () => {
    const parent = await byCode(admin, 'lj');
    const created = await center.post('/api/case-categories', {
      parentId: parent?.id,
      code: 'lj.smell',
      name: '油烟异味',
      nameEn: 'Cooking fumes',
      defaultOrgId: String(cityWorks),
      limits: {
        accept: { amount: 2, unit: 'hours' },
        respond: { amount: 1, unit: 'days' },
        resolve: { amount: 5, unit: 'days' },
      },
      questions: [{ code: 'floor', datatype: 'number', required: false, order: 1, description: '楼层' }],
    });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ parentId: parent?.id, defaultOrgName: '城建局', isLeaf: true, active: true, version: 1 });

    const patched = await admin.patch(`/api/case-categories/${c.id}`, {
      version: 1,
      name: '油烟扰民',
      limits: { resolve: { amount: 8, unit: 'days' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: '油烟扰民', version: 2, limits: { resolve: { amount: 8 } } });
    expect(patched.json().limits.respond).toEqual({ amount: 1, unit: 'days' });
    const stale = await center.patch(`/api/case-categories/${c.id}`, { version: 1, name: '别的名字' });
    expectCode(stale, 409, 'VERSION_CONFLICT');

    const off = await center.post(`/api/case-categories/${c.id}/deactivate`);
    expect(off.json()).toMatchObject({ active: false, effectiveActive: false });
    expect(await byCode(resident, 'lj.smell')).toBeUndefined();
    expectCode(await resident.get(`/api/case-categories/${c.id}`), 404, 'NOT_FOUND');
    expect(await byCode(admin, 'lj.smell', '?includeInactive=true')).toMatchObject({ active: false });
    expect((await center.post(`/api/case-categories/${c.id}/activate`)).json().active).toBe(true);
    expect(await byCode(resident, 'lj.smell')).toBeDefined();

    expectCode(await admin.delete(`/api/case-categories/${parent?.id}`), 409, 'NOT_EMPTY');
    expect((await admin.delete(`/api/case-categories/${c.id}`)).statusCode).toBe(204);
    expect(await byCode(admin, 'lj.smell', '?includeInactive=true')).toBeUndefined();

    const actions = await t.db.kysely
      .selectFrom('auditLog')
      .select('action')
      .where('entityType', '=', 'case_category')
      .where('entityId', '=', c.id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'category.created',
      'category.updated',
      'category.deactivated',
      'category.activated',
      'category.deleted',
    ]);
  });

  it('deactivating a parent hides its whole branch', async () => {
    const hj = await byCode(admin, 'hj');
    await admin.post(`/api/case-categories/${hj?.id}/deactivate`);
    expect(await byCode(resident, 'hj.garbage')).toBeUndefined();
    expect(await byCode(admin, 'hj.garbage', '?includeInactive=true')).toMatchObject({
      active: true,
      effectiveActive: false,
    });
    await expect(
      t.app.services.categories.getForIntake(Number((await byCode(admin, 'hj.garbage', '?includeInactive=true'))?.id)),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'categoryId', reason: 'category inactive' },
    });
    await admin.post(`/api/case-categories/${hj?.id}/activate`);
    expect(await byCode(resident, 'hj.garbage')).toBeDefined();
  });

  it('refuses invalid input with 4xx codes, never 500', async () => {
    const post = (body: object) => admin.post('/api/case-categories', body);
    const cases: [object, number, string][] = [
      [{ name: '无时限' }, 400, 'VALIDATION_FAILED'],
      [leafBody({ limits: { respond: { amount: 1, unit: 'days' } } }), 400, 'VALIDATION_FAILED'],
      [
        leafBody({ limits: { respond: { amount: 0, unit: 'days' }, resolve: { amount: 1, unit: 'days' } } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        leafBody({ limits: { respond: { amount: 1.5, unit: 'days' }, resolve: { amount: 1, unit: 'days' } } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        leafBody({ limits: { respond: { amount: 1, unit: 'weeks' }, resolve: { amount: 1, unit: 'days' } } }),
        400,
        'VALIDATION_FAILED',
      ],
      [leafBody({ code: 'sz.sewer' }), 409, 'DUPLICATE'],
      [leafBody({ code: 'bad code!' }), 400, 'VALIDATION_FAILED'],
      [leafBody({ name: '其他' }), 409, 'DUPLICATE'],
      [leafBody({ parentId: '999999' }), 400, 'VALIDATION_FAILED'],
      [leafBody({ defaultOrgId: String(hotline) }), 400, 'VALIDATION_FAILED'],
      [leafBody({ defaultOrgId: '999999' }), 400, 'VALIDATION_FAILED'],
      [leafBody({ defaultTier: 'province' }), 400, 'VALIDATION_FAILED'],
      [
        leafBody({
          questions: [
            { code: 'a', datatype: 'string', required: false, order: 1, description: 'A' },
            { code: 'a', datatype: 'text', required: false, order: 2, description: 'B' },
          ],
        }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        leafBody({
          questions: [{ code: 'k', datatype: 'singlevaluelist', required: true, order: 1, description: 'K' }],
        }),
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [body, status, code] of cases) expectCode(await post(body), status, code);
    const noise = await byCode(admin, 'lj.noise');
    const clear = await admin.patch(`/api/case-categories/${noise?.id}`, {
      version: noise?.version,
      limits: { respond: null },
    });
    expectCode(clear, 400, 'VALIDATION_FAILED');
    expectCode(await admin.patch('/api/case-categories/999999', { version: 1, name: 'x' }), 404, 'NOT_FOUND');
    expectCode(await admin.patch(`/api/case-categories/${noise?.id}`, { name: 'x' }), 400, 'VALIDATION_FAILED');
  });

  it('a parent keeps its last child while it has no time limits of its own', async () => {
    const parent = (await admin.post('/api/case-categories', { ...leafBody(), code: 'tmp.parent' })).json();
    const child = (await admin.post('/api/case-categories', leafBody({ parentId: parent.id }))).json();
    // Now a parent, its limits may be cleared …
    const cleared = await admin.patch(`/api/case-categories/${parent.id}`, {
      version: 1,
      limits: { respond: null, resolve: null },
    });
    expect(cleared.statusCode).toBe(200);
    // … and then its only child cannot go.
    expectCode(await admin.delete(`/api/case-categories/${child.id}`), 400, 'VALIDATION_FAILED');
  });

  it('non-managers get 403 on every write', async () => {
    const other = await byCode(admin, 'other');
    for (const agent of [leader, resident, keyAgent]) {
      expectCode(await agent.post('/api/case-categories', leafBody()), 403, 'FORBIDDEN');
      expectCode(await agent.patch(`/api/case-categories/${other?.id}`, { version: 1, name: 'x' }), 403, 'FORBIDDEN');
      expectCode(await agent.post(`/api/case-categories/${other?.id}/deactivate`), 403, 'FORBIDDEN');
      expectCode(await agent.post(`/api/case-categories/${other?.id}/activate`), 403, 'FORBIDDEN');
      expectCode(await agent.delete(`/api/case-categories/${other?.id}`), 403, 'FORBIDDEN');
    }
    expect(await byCode(admin, 'other')).toMatchObject({ name: '其他', active: true, version: 1 });
  });
});

describe('intake helpers', () => {
  it('getForIntake returns an active leaf with parsed limits and questions, and refuses the rest', async () => {
    const svc = t.app.services.categories;
    const noise = await byCode(admin, 'lj.noise');
    const cat = await svc.getForIntake(Number(noise?.id));
    expect(cat).toMatchObject({
      code: 'lj.noise',
      defaultTier: 'community',
      isProperty: false,
      limits: {
        accept: { amount: 2, unit: 'hours' },
        respond: { amount: 1, unit: 'days' },
        resolve: { amount: 5, unit: 'days' },
      },
    });
    expect(cat.questions.map((q) => q.code)).toEqual(['period']);
    const wy = await byCode(admin, 'wy');
    const reasonOf = async (id: number) => {
      try {
        await svc.getForIntake(id);
        return 'accepted';
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe('VALIDATION_FAILED');
        return ((e as AppError).details as { field: string; reason: string }).reason;
      }
    };
    expect(await reasonOf(Number(wy?.id))).toBe('not a leaf category');
    expect(await reasonOf(999999)).toBe('unknown category');
    const pets = await byCode(admin, 'lj.pets');
    await admin.post(`/api/case-categories/${pets?.id}/deactivate`);
    expect(await reasonOf(Number(pets?.id))).toBe('category inactive');
    await admin.post(`/api/case-categories/${pets?.id}/activate`);
    expect(await reasonOf(Number(pets?.id))).toBe('accepted');
  });

  it('intake sees a change made by another node (straight in the table) within a second', async () => {
    const svc = t.app.services.categories;
    const pets = Number((await byCode(admin, 'lj.pets'))?.id);
    expect((await svc.getForIntake(pets)).id).toBe(pets); // cached now
    await t.db.kysely
      .updateTable('caseCategories')
      .set((eb) => ({ active: 0, version: eb('version', '+', 1), updatedAt: Date.now() }))
      .where('id', '=', pets)
      .execute();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(svc.getForIntake(pets)).rejects.toMatchObject({ details: { reason: 'category inactive' } });
    await t.db.kysely
      .updateTable('caseCategories')
      .set((eb) => ({ active: 1, version: eb('version', '+', 1), updatedAt: Date.now() }))
      .where('id', '=', pets)
      .execute();
  });

  it('validateAnswers checks required answers and datatypes against the category', async () => {
    const svc = t.app.services.categories;
    const noise = await svc.getForIntake(Number((await byCode(admin, 'lj.noise'))?.id));
    expect(svc.validateAnswers(noise, { period: 'night' })).toEqual({ period: 'night' });
    try {
      svc.validateAnswers(noise, { period: 'noon', extra: 1 });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('VALIDATION_FAILED');
      expect(((e as AppError).details as { path: string }[]).map((d) => d.path).sort()).toEqual([
        'body.answers.extra',
        'body.answers.period',
      ]);
    }
  });
});

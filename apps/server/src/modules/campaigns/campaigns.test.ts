import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignWorld, campaignBody, makeCampaignWorld } from '../../../test/factories.campaigns.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let w: CampaignWorld;
let secA: Agent;
beforeAll(async () => {
  t = await createTestApp();
  w = await makeCampaignWorld(t.db, t.app.ctx.pii);
  secA = await t.login('secA');
});
afterAll(() => t.close());

const snapshot = async (campaignId: string) =>
  (
    await t.db.kysely
      .selectFrom('campaignHouseholds')
      .select(['householdId', 'gridId', 'lastOutcome'])
      .where('campaignId', '=', Number(campaignId))
      .orderBy('householdId')
      .execute()
  ).map((r) => r.householdId);

async function started(target: Record<string, unknown>, areaId = w.areas.communityA.id, as = secA) {
  const c = await as.post('/api/campaigns', campaignBody(areaId, { target }));
  expect(c.statusCode).toBe(201);
  const s = await as.post(`/api/campaigns/${c.json().id}/start`, {});
  return { id: c.json().id as string, res: s };
}

describe('campaign lifecycle', () => {
  it('a secretary creates a draft, edits it, starts it (snapshot + audit) and closes it', async () => {
    const res = await secA.post('/api/campaigns', campaignBody(w.areas.communityA.id));
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      name: '独居老人冬季走访',
      areaName: '高家沟社区',
      status: 'draft',
      version: 1,
      progress: { total: 0, visited: 0, notHome: 0, refused: 0, pending: 0 },
      allowedActions: ['update', 'start'],
    });
    expect(c.form).toEqual([
      {
        code: 'heating',
        label: '取暖方式',
        labelEn: null,
        datatype: 'select',
        required: true,
        options: ['集中供暖', '煤炉', '电暖'],
      },
      { code: 'members', label: '在家人数', labelEn: null, datatype: 'number', required: false, options: [] },
    ]);

    const stale = await secA.patch(`/api/campaigns/${c.id}`, { version: 7, name: 'x' });
    expect(stale.statusCode).toBe(409);
    const edited = await secA.patch(`/api/campaigns/${c.id}`, {
      version: 1,
      name: '冬季走访',
      target: { tags: ['独居老人'] },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ name: '冬季走访', version: 2, target: { tags: ['独居老人'] } });

    const start = await secA.post(`/api/campaigns/${c.id}/start`, { version: 2 });
    expect(start.statusCode).toBe(200);
    expect(start.json()).toMatchObject({
      status: 'active',
      version: 3,
      progress: { total: 2, pending: 2 },
      allowedActions: ['close', 'visit', 'export'],
    });
    expect(await snapshot(c.id)).toEqual([w.households.a1.id, w.households.b1.id]);
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'summary', 'areaPath'])
      .where('entityType', '=', 'campaign')
      .where('entityId', '=', c.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['campaign.create', 'campaign.update', 'campaign.start']);
    expect(JSON.parse(audit[2]?.summary ?? '{}')).toMatchObject({ households: 2 });
    expect(audit[2]?.areaPath).toBe(w.areas.communityA.path);

    // Started: no more edits, no second start.
    expect((await secA.patch(`/api/campaigns/${c.id}`, { version: 3, name: 'y' })).statusCode).toBe(409);
    expect((await secA.post(`/api/campaigns/${c.id}/start`, {})).json().error.code).toBe('INVALID_TRANSITION');
    const closed = await secA.post(`/api/campaigns/${c.id}/close`, {});
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', allowedActions: ['export'] });
    expect((await secA.post(`/api/campaigns/${c.id}/close`, {})).statusCode).toBe(409);
    // The snapshot stays as it was.
    expect(await snapshot(c.id)).toEqual([w.households.a1.id, w.households.b1.id]);
  });

  it('a draft cannot be closed, and a target with no household refuses to start (the draft stays)', async () => {
    const c = (await secA.post('/api/campaigns', campaignBody(w.areas.communityA.id))).json();
    expect((await secA.post(`/api/campaigns/${c.id}/close`, {})).json().error.code).toBe('INVALID_TRANSITION');
    const { id, res } = await started({ tags: ['留守儿童'] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CAMPAIGN_EMPTY');
    expect((await secA.get(`/api/campaigns/${id}`)).json().status).toBe('draft');
    expect(await snapshot(id)).toEqual([]);
  });

  it('validates the form, the dates and the target', async () => {
    const bad = async (over: Record<string, unknown>) => {
      const r = await secA.post('/api/campaigns', campaignBody(w.areas.communityA.id, over));
      expect(r.statusCode).toBe(400);
      return r.json().error;
    };
    const dup = [
      { code: 'a', label: 'A', datatype: 'string' },
      { code: 'a', label: 'B', datatype: 'number' },
    ];
    expect(JSON.stringify(await bad({ form: dup }))).toContain('字段编码重复');
    expect(
      JSON.stringify(await bad({ form: [{ code: 's', label: 'S', datatype: 'select', options: ['x'] }] })),
    ).toContain('至少需要两个选项');
    expect((await bad({ form: [] })).code).toBe('VALIDATION_FAILED');
    expect((await bad({ form: [{ code: 'Bad-Code', label: 'x', datatype: 'string' }] })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await bad({ form: [{ code: 'x', label: 'x', datatype: 'photo' }] })).code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(await bad({ startsOn: '2026-02-01', endsOn: '2026-01-01' }))).toContain('endsOn');
    expect((await bad({ startsOn: '2026-02-30' })).code).toBe('VALIDATION_FAILED');
    expect((await bad({ target: { tags: ['不存在的标签'] } })).code).toBe('VALIDATION_FAILED');
    expect((await bad({ target: { ageGroup: '100+' } })).code).toBe('VALIDATION_FAILED');
  });
});

describe('target snapshot', () => {
  const ids = () => w.households;

  it('empty target: every household of the area that is not archived', async () => {
    const { id, res } = await started({});
    expect(res.statusCode).toBe(200);
    const h = ids();
    expect(await snapshot(id)).toEqual([h.a1.id, h.a2.id, h.a3.id, h.b1.id, h.b2.id]);
    const grids = await t.db.kysely
      .selectFrom('campaignHouseholds')
      .select(['householdId', 'gridId', 'areaPath'])
      .where('campaignId', '=', Number(id))
      .where('householdId', '=', h.b2.id)
      .executeTakeFirstOrThrow();
    expect(grids).toEqual({ householdId: h.b2.id, gridId: w.areas.gridA2.id, areaPath: w.areas.gridA2.path });
  });

  it('open tags match any of the tags, in the area only', async () => {
    const h = ids();
    expect(await snapshot((await started({ tags: ['独居老人'] })).id)).toEqual([h.a1.id, h.b1.id]);
    expect(await snapshot((await started({ tags: ['党员户', '独居老人'] }, w.areas.gridA2.id)).id)).toEqual([h.b1.id]);
  });

  it('a sensitive tag matches through its keyed hash in ledger_tags', async () => {
    const h = ids();
    expect(await snapshot((await started({ tags: ['低保户'] })).id)).toEqual([h.a2.id]);
    expect(await snapshot((await started({ tags: ['低保户', '党员户'] })).id)).toEqual([h.a2.id, h.b1.id]);
  });

  it('no smartphone, age group, and kinds combined with AND', async () => {
    const h = ids();
    expect(await snapshot((await started({ noSmartphone: true })).id)).toEqual([h.a1.id, h.b2.id]);
    expect(await snapshot((await started({ ageGroup: '80+' })).id)).toEqual([h.a1.id]);
    expect(await snapshot((await started({ ageGroup: '18-34' })).id)).toEqual([h.a3.id]);
    expect(await snapshot((await started({ tags: ['独居老人'], noSmartphone: true })).id)).toEqual([h.a1.id]);
    const none = await started({ tags: ['党员户'], ageGroup: '80+' });
    expect(none.res.json().error.code).toBe('CAMPAIGN_EMPTY');
  });

  it('a moved-out member no longer puts the household in an age group', async () => {
    await t.db.kysely
      .updateTable('persons')
      .set({ movedOutOn: '2025-12-01' })
      .where('householdId', '=', w.households.a3.id)
      .execute();
    const r = await started({ ageGroup: '18-34' });
    expect(r.res.json().error.code).toBe('CAMPAIGN_EMPTY');
    await t.db.kysely
      .updateTable('persons')
      .set({ movedOutOn: null })
      .where('householdId', '=', w.households.a3.id)
      .execute();
  });

  it('previews how many households a target covers', async () => {
    const r = await secA.post('/api/campaigns/preview', {
      areaId: String(w.areas.communityA.id),
      target: { noSmartphone: true },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ households: 2 });
    const out = await secA.post('/api/campaigns/preview', { areaId: String(w.areas.communityB.id), target: {} });
    expect(out.statusCode).toBe(404);
    const worker = await t.login('workerA');
    expect((await worker.post('/api/campaigns/preview', { areaId: String(w.areas.gridA.id) })).statusCode).toBe(403);
  });
});

describe('campaign scope', () => {
  let activeA = '';
  let draftA = '';
  beforeAll(async () => {
    activeA = (await started({}, w.areas.gridA.id)).id;
    draftA = (await secA.post('/api/campaigns', campaignBody(w.areas.gridA.id, { name: '草稿任务' }))).json().id;
  });

  it('another community cannot read, change, start or close it (404), nor create in its area', async () => {
    const secB = await t.login('secB');
    for (const id of [activeA, draftA]) {
      expect((await secB.get(`/api/campaigns/${id}`)).statusCode).toBe(404);
      expect((await secB.get(`/api/campaigns/${id}/coverage`)).statusCode).toBe(404);
      expect((await secB.get(`/api/campaigns/${id}/households`)).statusCode).toBe(404);
      expect((await secB.patch(`/api/campaigns/${id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
      expect((await secB.post(`/api/campaigns/${id}/start`, {})).statusCode).toBe(404);
      expect((await secB.post(`/api/campaigns/${id}/close`, {})).statusCode).toBe(404);
      expect((await secB.get(`/api/campaigns/${id}/export.xlsx`)).statusCode).toBe(404);
    }
    const list = (await secB.get('/api/campaigns?pageSize=100')).json();
    expect(list.items.map((c: { id: string }) => c.id)).not.toContain(activeA);
    expect((await secB.post('/api/campaigns', campaignBody(w.areas.communityA.id))).statusCode).toBe(404);
    const workerB = await t.login('workerB');
    expect((await workerB.get(`/api/campaigns/${activeA}`)).statusCode).toBe(404);
  });

  it('a worker reads active campaigns over their grid but not drafts, and cannot manage (403)', async () => {
    const worker = await t.login('workerA');
    expect((await worker.get(`/api/campaigns/${activeA}`)).json()).toMatchObject({ allowedActions: ['visit'] });
    expect((await worker.get(`/api/campaigns/${draftA}`)).statusCode).toBe(404);
    const list = (await worker.get('/api/campaigns?pageSize=100')).json();
    const seen = list.items.map((c: { id: string }) => c.id);
    expect(seen).toContain(activeA);
    expect(seen).not.toContain(draftA);
    expect(list.items.every((c: { status: string }) => c.status !== 'draft')).toBe(true);
    expect((await worker.post('/api/campaigns', campaignBody(w.areas.gridA.id))).statusCode).toBe(403);
    expect((await worker.post(`/api/campaigns/${activeA}/close`, {})).statusCode).toBe(403);
    // A grid worker of the other grid of the community does not see a campaign of grid A.
    const workerA2 = await t.login('workerA2');
    expect((await workerA2.get(`/api/campaigns/${activeA}`)).statusCode).toBe(404);
  });

  it('a leader of the street manages the community campaign; residents and departments are refused', async () => {
    const leader = await t.login('leaderA');
    expect((await leader.get(`/api/campaigns/${draftA}`)).json().allowedActions).toEqual(['update', 'start']);
    const resident = await t.login('residentA');
    expect((await resident.get('/api/campaigns')).statusCode).toBe(403);
    expect((await resident.get(`/api/campaigns/${activeA}`)).statusCode).toBe(403);
    expect((await t.anon().get('/api/campaigns')).statusCode).toBe(401);
  });

  it('lists filter by status and name', async () => {
    const list = (await secA.get('/api/campaigns?status=draft&q=草稿&pageSize=100')).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([draftA]);
    expect(list.total).toBe(1);
  });
});

import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignWorld, campaignBody, makeCampaignWorld, uploadPhoto } from '../../../test/factories.campaigns.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let w: CampaignWorld;
let secA: Agent;
let workerA: Agent;
let campaignId = '';
beforeAll(async () => {
  t = await createTestApp();
  w = await makeCampaignWorld(t.db, t.app.ctx.pii);
  await t.db.kysely
    .updateTable('households')
    .set({ phoneEnc: t.app.ctx.pii.encrypt('13812345678') })
    .where('id', '=', w.households.a1.id)
    .execute();
  secA = await t.login('secA');
  workerA = await t.login('workerA');
  const c = await secA.post('/api/campaigns', campaignBody(w.areas.communityA.id));
  campaignId = c.json().id;
  expect((await secA.post(`/api/campaigns/${campaignId}/start`, {})).statusCode).toBe(200);
});
afterAll(() => t.close());

const h = () => w.households;
const visit = (over: Record<string, unknown> = {}) => ({
  clientRef: randomUUID(),
  householdId: String(h().a1.id),
  outcome: 'visited',
  answers: { heating: '煤炉', members: '2' },
  visitedAt: new Date(Date.now() - 60_000).toISOString(),
  ...over,
});
const visitRows = (clientRef?: string) => {
  let q = t.db.kysely.selectFrom('campaignVisits').selectAll().where('campaignId', '=', Number(campaignId));
  if (clientRef) q = q.where('clientRef', '=', clientRef);
  return q.execute();
};
const state = async (householdId: number) =>
  t.db.kysely
    .selectFrom('campaignHouseholds')
    .select(['lastOutcome', 'lastVisitAt'])
    .where('campaignId', '=', Number(campaignId))
    .where('householdId', '=', householdId)
    .executeTakeFirstOrThrow();

describe('visits', () => {
  it('records a visit once: the same clientRef again answers 200 with the stored visit and no second row', async () => {
    const body = visit();
    const first = await workerA.post(`/api/campaigns/${campaignId}/visits`, body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      campaignId,
      householdId: String(h().a1.id),
      clientRef: body.clientRef,
      outcome: 'visited',
      answers: { heating: '煤炉', members: 2 },
      visitedBy: { name: '张丽娟' },
      visitedAt: body.visitedAt,
      photos: [],
    });
    const again = await workerA.post(`/api/campaigns/${campaignId}/visits`, {
      ...body,
      outcome: 'refused',
      answers: {},
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await visitRows(body.clientRef)).toHaveLength(1);
    expect(await state(h().a1.id)).toEqual({ lastOutcome: 'visited', lastVisitAt: Date.parse(body.visitedAt) });
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select(['summary', 'areaPath'])
      .where('action', '=', 'campaign.visit')
      .where('entityId', '=', first.json().id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.summary ?? '{}')).toEqual({
      campaignId,
      householdId: String(h().a1.id),
      outcome: 'visited',
      photos: 0,
    });
    expect(audit[0]?.areaPath).toBe(w.areas.gridA.path);
  });

  it('two sends of one visit at once still store it once', async () => {
    const body = visit({ householdId: String(h().a3.id), outcome: 'not_home', answers: {} });
    const [a, b] = await Promise.all([
      workerA.post(`/api/campaigns/${campaignId}/visits`, body),
      workerA.post(`/api/campaigns/${campaignId}/visits`, body),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(await visitRows(body.clientRef)).toHaveLength(1);
  });

  it('another account reusing a clientRef gets 409, not the stored visit', async () => {
    const body = visit();
    expect((await workerA.post(`/api/campaigns/${campaignId}/visits`, body)).statusCode).toBe(201);
    const sec = await secA.post(`/api/campaigns/${campaignId}/visits`, body);
    expect(sec.statusCode).toBe(409);
    expect(sec.json().error.code).toBe('DUPLICATE');
  });

  it('validates answers against the form: required only when visited, types, options, unknown codes', async () => {
    const post = (over: Record<string, unknown>) => workerA.post(`/api/campaigns/${campaignId}/visits`, visit(over));
    const missing = await post({ answers: { members: 3 } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([
      { path: 'body.answers.heating', message: '请填写：取暖方式', reason: 'required' },
    ]);
    const wrong = await post({ answers: { heating: '地暖', members: 'two', extra: 'x' } });
    expect(wrong.json().error.details.map((d: { path: string; reason: string }) => [d.path, d.reason])).toEqual([
      ['body.answers.extra', 'unknown'],
      ['body.answers.heating', 'option'],
      ['body.answers.members', 'type'],
    ]);
    expect((await post({ outcome: 'not_home', answers: {} })).statusCode).toBe(201);
    expect((await post({ outcome: 'refused', answers: { members: 'x' } })).statusCode).toBe(400);
    expect((await post({ outcome: 'gone' })).statusCode).toBe(400);
    expect((await post({ clientRef: 'short' })).statusCode).toBe(400);
    const future = await post({ visitedAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(future.json().error.details[0].path).toBe('body.visitedAt');
    expect((await post({ visitedAt: 'yesterday' })).statusCode).toBe(400);
  });

  it('the latest visit by the phone time wins, whatever order they arrive in', async () => {
    const hid = h().a2.id;
    const late = Date.now() - 60_000;
    const early = late - 3600_000;
    const post = (outcome: string, at: number) =>
      workerA.post(
        `/api/campaigns/${campaignId}/visits`,
        visit({
          householdId: String(hid),
          outcome,
          answers: outcome === 'visited' ? { heating: '电暖' } : {},
          visitedAt: new Date(at).toISOString(),
        }),
      );
    expect((await post('visited', late)).statusCode).toBe(201);
    expect((await post('not_home', early)).statusCode).toBe(201); // queued offline, arrives after
    expect(await state(hid)).toEqual({ lastOutcome: 'visited', lastVisitAt: late });
    const detail = (await workerA.get(`/api/campaigns/${campaignId}/households/${hid}`)).json();
    expect(detail.household).toMatchObject({ state: 'visited', address: '高家沟 1号楼102' });
    expect(detail.visits.map((v: { outcome: string }) => v.outcome)).toEqual(['visited', 'not_home']);
  });

  it('binds photos to the visit; the worker and the secretary can read them, another grid cannot', async () => {
    const photo = await uploadPhoto(workerA);
    const res = await workerA.post(
      `/api/campaigns/${campaignId}/visits`,
      visit({ attachmentIds: [photo], outcome: 'refused', answers: {} }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().photos).toEqual([{ id: photo, url: `/api/attachments/${photo}` }]);
    expect((await secA.get(`/api/attachments/${photo}`)).statusCode).toBe(200);
    const workerB = await t.login('workerB');
    expect((await workerB.get(`/api/attachments/${photo}`)).statusCode).toBe(404);
    // Someone else's upload cannot be adopted.
    const other = await uploadPhoto(secA);
    const stolen = await workerA.post(`/api/campaigns/${campaignId}/visits`, visit({ attachmentIds: [other] }));
    expect(stolen.statusCode).toBe(404);
  });
});

describe('visit scope', () => {
  it('a worker of grid A cannot visit a household of grid A2 or of street B (404)', async () => {
    for (const hid of [h().b1.id, h().c1.id, h().a4.id, 999_999]) {
      const r = await workerA.post(`/api/campaigns/${campaignId}/visits`, visit({ householdId: String(hid) }));
      expect(r.statusCode).toBe(404);
    }
    expect((await workerA.get(`/api/campaigns/${campaignId}/households/${h().b1.id}`)).statusCode).toBe(404);
    const workerB = await t.login('workerB');
    const r = await workerB.post(`/api/campaigns/${campaignId}/visits`, visit({ householdId: String(h().c1.id) }));
    expect(r.statusCode).toBe(404);
  });

  it('a party member visits only the households linked to them', async () => {
    const member = await t.login('memberA');
    const a3 = await member.post(`/api/campaigns/${campaignId}/visits`, visit({ householdId: String(h().a3.id) }));
    expect(a3.statusCode).toBe(404);
    const a1 = await member.post(`/api/campaigns/${campaignId}/visits`, visit({ outcome: 'not_home', answers: {} }));
    expect(a1.statusCode).toBe(201);
    const list = (await member.get(`/api/campaigns/${campaignId}/households`)).json();
    expect(list.items.map((x: { householdId: string }) => x.householdId)).toEqual([String(h().a1.id)]);
  });

  it('a leader (manage, no visit permission) cannot record visits (403)', async () => {
    const leader = await t.login('leaderA');
    expect((await leader.post(`/api/campaigns/${campaignId}/visits`, visit())).statusCode).toBe(403);
  });
});

describe('coverage, lists, mine, export', () => {
  it('coverage per grid counts the households by their latest outcome', async () => {
    const cov = (await secA.get(`/api/campaigns/${campaignId}/coverage`)).json();
    // a1: not_home (the member's visit is the latest), a2: visited, a3: not_home, b1, b2: pending.
    expect(cov).toEqual({
      total: 5,
      visited: 1,
      notHome: 2,
      refused: 0,
      pending: 2,
      grids: [
        {
          gridId: String(w.areas.gridA.id),
          gridName: '高家沟第一网格',
          total: 3,
          visited: 1,
          notHome: 2,
          refused: 0,
          pending: 0,
        },
        {
          gridId: String(w.areas.gridA2.id),
          gridName: '高家沟第二网格',
          total: 2,
          visited: 0,
          notHome: 0,
          refused: 0,
          pending: 2,
        },
      ],
    });
    const mine = (await workerA.get(`/api/campaigns/${campaignId}/coverage`)).json();
    expect(mine).toMatchObject({ total: 3, pending: 0, grids: [{ gridName: '高家沟第一网格' }] });
    expect(mine.grids).toHaveLength(1);
  });

  it('lists the households not yet reached, by grid and state, with phones masked', async () => {
    const pending = (await secA.get(`/api/campaigns/${campaignId}/households?state=pending`)).json();
    expect(pending.items.map((x: { address: string }) => x.address)).toEqual(['高家沟 2号楼201', '高家沟 2号楼202']);
    expect(pending.total).toBe(2);
    const todo = (await workerA.get(`/api/campaigns/${campaignId}/households?state=todo`)).json();
    expect(todo.items.map((x: { householdId: string }) => x.householdId)).toEqual([
      String(h().a1.id),
      String(h().a3.id),
    ]);
    expect(todo.items[0]).toMatchObject({
      phone: '138****5678',
      headName: '李桂兰',
      tags: ['独居老人'],
      noSmartphone: true,
      state: 'not_home',
    });
    const search = (await secA.get(`/api/campaigns/${campaignId}/households?q=李桂`)).json();
    expect(search.items.map((x: { householdId: string }) => x.householdId)).toEqual([String(h().a1.id)]);
    const byGrid = (
      await secA.get(`/api/campaigns/${campaignId}/households?gridId=${w.areas.gridA2.id}&pageSize=1`)
    ).json();
    expect([byGrid.total, byGrid.items.length]).toEqual([2, 1]);
    expect((await secA.get(`/api/campaigns/${campaignId}/households?state=lost`)).statusCode).toBe(400);
  });

  it('mine: active campaigns with the caller’s households and the caller’s own progress', async () => {
    const mine = (await workerA.get('/api/campaigns/mine')).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ id: campaignId, progress: { total: 3, visited: 1, notHome: 2, pending: 0 } });
    const workerB = await t.login('workerB');
    expect((await workerB.get('/api/campaigns/mine')).json()).toMatchObject({ items: [], total: 0 });
  });

  it('exports the results to Excel with masked contact data, audited; workers may not export', async () => {
    expect((await workerA.get(`/api/campaigns/${campaignId}/export.xlsx`)).statusCode).toBe(403);
    const res = await secA.get(`/api/campaigns/${campaignId}/export.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)?.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const results = rows('走访结果');
    expect(results[0]).toEqual([
      '网格',
      '地址',
      '户主',
      '联系电话',
      '状态',
      '最近走访时间',
      '走访人',
      '取暖方式',
      '在家人数',
    ]);
    expect(results).toHaveLength(6);
    const a2 = results.find((r) => r[1] === '高家沟 1号楼102');
    expect(a2?.slice(0, 5)).toEqual(['高家沟第一网格', '高家沟 1号楼102', '王**', undefined, '已走访']);
    expect(a2?.[7]).toBe('电暖');
    const a1 = results.find((r) => r[1] === '高家沟 1号楼101');
    expect(a1?.slice(2, 5)).toEqual(['李**', '138****5678', '不在家']);
    expect(JSON.stringify(results)).not.toContain('13812345678');
    const log = rows('走访记录');
    expect(log.length - 1).toBe((await visitRows()).length);
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select('summary')
      .where('action', '=', 'campaign.export')
      .where('entityId', '=', campaignId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.summary)).toMatchObject({ rows: 5 });
  });

  it('a closed campaign takes no new visit (409) but still answers a resend of a stored one (200)', async () => {
    const body = visit({ householdId: String(h().a3.id) });
    expect((await workerA.post(`/api/campaigns/${campaignId}/visits`, body)).statusCode).toBe(201);
    expect((await secA.post(`/api/campaigns/${campaignId}/close`, {})).statusCode).toBe(200);
    expect((await workerA.post(`/api/campaigns/${campaignId}/visits`, body)).statusCode).toBe(200);
    const fresh = await workerA.post(`/api/campaigns/${campaignId}/visits`, visit());
    expect(fresh.statusCode).toBe(409);
    expect(fresh.json().error.code).toBe('CAMPAIGN_NOT_ACTIVE');
    expect((await workerA.get('/api/campaigns/mine')).json().items).toEqual([]);
  });
});

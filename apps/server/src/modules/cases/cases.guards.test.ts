/**
 * Guards found in review: staff cannot file as a resident (and so rate their own work), ids beyond what the
 * database stores are bad input rather than a 500, a filer can follow their own case, the grid worker never
 * verifies their own result, and nothing is merged into a rejected case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actOn,
  type CaseWorld,
  dispatchedLeak,
  fileCase,
  makeCaseWorld,
  makeDepartment,
  submitLeak,
} from '../../../test/factories.cases.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let w: CaseWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeCaseWorld(t, 'cg');
});
afterAll(() => t.close());

describe('case guards', () => {
  it('staff may not claim a resident or system source; on_behalf is for grid workers', async () => {
    const body = { categoryId: w.leakId, description: '楼道灯坏了', householdId: String(w.householdA) };
    for (const source of ['resident', 'open311', 'on_behalf']) {
      const res = await w.agents.secA.post('/api/cases', { ...body, source, onBehalfReason: '无智能手机' });
      expect(res.statusCode, source).toBe(403);
    }
    const ok = await w.agents.worker.post('/api/cases', { ...body, source: 'on_behalf', onBehalfReason: '无智能手机' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().source).toBe('on_behalf');
  });

  it('ids beyond a 32-bit integer and odd case numbers are 400, never 500', async () => {
    for (const url of [
      '/api/cases/99999999999',
      '/api/cases/2147483648/duplicates',
      '/api/cases?category=99999999999',
      '/api/cases?handler=account:99999999999',
    ])
      expect((await w.agents.secA.get(url)).statusCode, url).toBe(400);
    expect((await w.agents.secA.get('/api/cases/2147483647')).statusCode).toBe(404);
    expect((await t.anon().get('/api/public/cases/%00abc')).statusCode).toBe(400);
  });

  it('a department that filed a self-inspection can open it, without rating rights', async () => {
    const dept = await makeDepartment(t, 'cg_dept', '城管局（自查）');
    const c = await fileCase(dept.agent, {
      categoryId: w.leakId,
      description: '巡查发现井盖缺失',
      source: 'self_inspection',
      address: '高家沟路口',
    });
    const seen = await dept.agent.get(`/api/cases/${c.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().allowedActions).toEqual([]);
  });

  it('the grid worker who resolved a case may not verify it', async () => {
    const d = await dispatchedLeak(w);
    let v = (await actOn(w.agents.worker, d.id, 'accept', { version: d.version })).json();
    v = (await actOn(w.agents.worker, d.id, 'resolve', { version: v.version, note: '已修' })).json();
    expect(v.allowedActions).not.toContain('verify');
    expect((await actOn(w.agents.worker, d.id, 'verify', { version: v.version })).statusCode).toBe(403);
    expect((await actOn(w.agents.secA, d.id, 'verify', { version: v.version })).statusCode).toBe(200);
  });

  it('a case is never merged into a rejected or merged one', async () => {
    const a = await submitLeak(w);
    const b = await submitLeak(w);
    const merged = await actOn(w.agents.secA, a.id, 'merge', { version: a.version, duplicateOf: b.id });
    expect(merged.statusCode).toBe(200);
    const back = await actOn(w.agents.secA, b.id, 'merge', { version: b.version, duplicateOf: a.id });
    expect(back.statusCode).toBe(400);
    expect((await w.agents.secA.get(`/api/cases/${b.id}`)).json().status).toBe('submitted');
  });
});

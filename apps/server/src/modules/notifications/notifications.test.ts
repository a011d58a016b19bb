/** Outbox + in-app notifications: transactional enqueue, who sees what, read marks, webhook delivery job. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeArea, makeOrg } from '../../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';
import type { NewNotification } from './notifications.service.js';

let t: TestApp;
const clock = new ManualClock(Date.UTC(2026, 2, 3, 2, 0));
let ids: { alice: number; bob: number; carol: number; orgA: number; orgB: number };
let alice: Agent;
let bob: Agent;
let carol: Agent;

const enqueue = (n: Partial<NewNotification>) =>
  t.app.services.notifications.enqueue(t.db.kysely, { channel: 'in_app', topic: 'test', title: 'T', ...n });

beforeAll(async () => {
  t = await createTestApp({ clock });
  const street = await makeArea(t.db, 'street', '通知街道');
  const orgA = await makeOrg(t.db, 'department', '城管科', street.id);
  const orgB = await makeOrg(t.db, 'department', '水务科', street.id);
  const a = await makeAccount(t.db, 'nt_alice', [{ role: 'department', orgId: orgA.id }]);
  const b = await makeAccount(t.db, 'nt_bob', [{ role: 'department', orgId: orgA.id }]);
  const c = await makeAccount(t.db, 'nt_carol', [{ role: 'department', orgId: orgB.id }]);
  ids = { alice: a.id, bob: b.id, carol: c.id, orgA: orgA.id, orgB: orgB.id };
  [alice, bob, carol] = await Promise.all([t.login('nt_alice'), t.login('nt_bob'), t.login('nt_carol')]);
});
afterAll(() => t?.close());

describe('enqueue', () => {
  it('belongs to the caller transaction: a rollback leaves nothing', async () => {
    const before = await t.db.kysely
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        await t.app.services.notifications.enqueue(trx, {
          channel: 'in_app',
          accountId: ids.alice,
          topic: 'test',
          title: '回滚',
        });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const after = await t.db.kysely
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await alice.get('/api/notifications')).json().total).toBe(0);
  });

  it('refuses an in-app row with no recipient and a webhook row with no url', async () => {
    await expect(enqueue({})).rejects.toThrow(/accountId or orgId/);
    await expect(enqueue({ channel: 'webhook', orgId: ids.orgA })).rejects.toThrow(/payload.url/);
  });
});

describe('in-app notifications', () => {
  let forAlice: number;
  let forOrgA: number;
  let forCarol: number;
  beforeAll(async () => {
    forAlice = await enqueue({
      accountId: ids.alice,
      title: '给张三',
      body: '正文',
      link: '/console',
      payload: { caseId: '7' },
    });
    clock.advance(1000);
    forOrgA = await enqueue({ orgId: ids.orgA, title: '给城管科' });
    clock.advance(1000);
    forCarol = await enqueue({ accountId: ids.carol, title: '给王五' });
    await enqueue({ orgId: ids.orgB, title: '给水务科' });
    await enqueue({ channel: 'webhook', orgId: ids.orgA, title: '外部', payload: { url: 'http://127.0.0.1:9/' } });
  });

  it('a user sees its own and its organisations’ rows, newest first, and nobody else’s', async () => {
    const res = await alice.get('/api/notifications');
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(page.items.map((i: { title: string }) => i.title)).toEqual(['给城管科', '给张三']);
    expect(page.items[1]).toEqual({
      id: String(forAlice),
      topic: 'test',
      title: '给张三',
      body: '正文',
      link: '/console',
      orgId: null,
      data: { caseId: '7' },
      createdAt: new Date(clock.now() - 2000).toISOString(),
      readAt: null,
    });
    expect((await bob.get('/api/notifications')).json().items.map((i: { id: string }) => i.id)).toEqual([
      String(forOrgA),
    ]);
    expect(
      (await carol.get('/api/notifications'))
        .json()
        .items.map((i: { title: string }) => i.title)
        .sort(),
    ).toEqual(['给水务科', '给王五'].sort());
  });

  it('unread count, then reading one; others’ ids are 404', async () => {
    expect((await alice.get('/api/notifications/unread-count')).json()).toEqual({ count: 2 });
    expect((await alice.post(`/api/notifications/${forCarol}/read`)).statusCode).toBe(404);
    expect((await alice.post('/api/notifications/99999999/read')).statusCode).toBe(404);
    expect((await alice.post('/api/notifications/abc/read')).statusCode).toBe(400);
    const read = await alice.post(`/api/notifications/${forAlice}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: String(forAlice), readAt: new Date(clock.now()).toISOString() });
    // reading again keeps the first time
    clock.advance(5000);
    expect((await alice.post(`/api/notifications/${forAlice}/read`)).json().readAt).toBe(read.json().readAt);
    expect((await alice.get('/api/notifications/unread-count')).json()).toEqual({ count: 1 });
    const unread = (await alice.get('/api/notifications?unread=true')).json();
    expect(unread.items.map((i: { id: string }) => i.id)).toEqual([String(forOrgA)]);
    // carol's row is untouched
    expect((await carol.get('/api/notifications?unread=true')).json().total).toBe(2);
  });

  it('read-all clears the caller’s rows only; an organisation’s row is read for all its members', async () => {
    expect((await alice.post('/api/notifications/read-all')).json()).toEqual({ updated: 1 });
    expect((await alice.get('/api/notifications/unread-count')).json()).toEqual({ count: 0 });
    expect((await bob.get('/api/notifications/unread-count')).json()).toEqual({ count: 0 });
    expect((await carol.get('/api/notifications/unread-count')).json()).toEqual({ count: 2 });
    expect((await carol.post('/api/notifications/read-all')).json()).toEqual({ updated: 2 });
  });

  it('pages the list', async () => {
    for (let i = 0; i < 3; i++) await enqueue({ accountId: ids.bob, title: `分页${i}` });
    const p2 = (await bob.get('/api/notifications?page=2&pageSize=2')).json();
    expect(p2).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(p2.items).toHaveLength(2);
  });

  it('needs a signed-in account', async () => {
    expect((await t.anon().get('/api/notifications')).statusCode).toBe(401);
    expect((await t.anon().get('/api/notifications/unread-count')).statusCode).toBe(401);
  });
});

describe('outbox.deliver job', () => {
  let server: Server;
  let base: string;
  const hits: { path: string; body: Record<string, unknown> }[] = [];
  const failuresLeft = new Map<string, number>([['/flaky', 1]]);

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const path = req.url ?? '';
      hits.push({ path, body: JSON.parse(raw) });
      if (path === '/hang') return; // never answers: the deliverer's timeout must end the attempt
      const left = failuresLeft.get(path) ?? 0;
      failuresLeft.set(path, left - 1);
      res.statusCode = left > 0 ? 500 : 204;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t.app.services.notifications.deliveryOptions = { timeoutMs: 300 };
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const row = (id: number) =>
    t.db.kysely.selectFrom('outbox').select(['deliveredAt', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow();
  const tick = () => {
    clock.advance(30_000);
    return t.app.services.jobs.runDue(clock.now());
  };

  it('marks in-app rows delivered and POSTs webhooks with retry and backoff', async () => {
    await t.db.kysely.updateTable('outbox').set({ deliveredAt: 1 }).where('channel', '=', 'webhook').execute();
    const inApp = await enqueue({ accountId: ids.alice, title: '站内' });
    const ok = await enqueue({ channel: 'webhook', title: '成功', payload: { url: `${base}/ok`, caseId: '9' } });
    const flaky = await enqueue({ channel: 'webhook', title: '重试', payload: { url: `${base}/flaky` } });
    const hang = await enqueue({ channel: 'webhook', title: '超时', payload: { url: `${base}/hang` } });
    const created = clock.now();

    expect(await tick()).toMatchObject({ 'outbox.deliver': 'ran' });
    expect((await row(inApp)).deliveredAt).toBe(clock.now());
    expect(await row(ok)).toEqual({ deliveredAt: clock.now(), attempts: 1 });
    expect(await row(flaky)).toEqual({ deliveredAt: null, attempts: 1 });
    expect(await row(hang)).toEqual({ deliveredAt: null, attempts: 1 });
    expect(hits.find((h) => h.path === '/ok')?.body).toMatchObject({
      id: String(ok),
      topic: 'test',
      title: '成功',
      data: { caseId: '9' },
    });

    // The second attempt may start 30 s after creation; the third only 90 s after.
    expect(clock.now()).toBe(created + 30_000);
    await tick(); // created + 60 s: second attempts
    expect(await row(flaky)).toMatchObject({ attempts: 2, deliveredAt: clock.now() });
    expect((await row(hang)).attempts).toBe(2);
    await tick(); // created + 90 s: third attempt for the hanging one
    expect((await row(hang)).attempts).toBe(3);
    await tick(); // created + 120 s: not yet due (next at 210 s)
    expect((await row(hang)).attempts).toBe(3);
    expect(hits.filter((h) => h.path === '/ok')).toHaveLength(1);
    expect(hits.filter((h) => h.path === '/flaky')).toHaveLength(2);
  });
});

/**
 * The live path end to end over real HTTP (app.listen + fetch): the SSE stream's headers and frames, scope,
 * no personal data, no event for a replay or a rejected write, and today's figures. On PostgreSQL also two app
 * instances sharing one database (LISTEN/NOTIFY): a case filed through A reaches a stream on B exactly once,
 * and B's LISTEN connection comes back by itself after the server kills it.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actOn, type CaseWorld, makeCaseWorld, submitLeak } from '../../../test/factories.cases.js';
import { makeAccount } from '../../../test/factories.js';
import { makeHousehold } from '../../../test/factories.places.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { buildApp } from '../../app.js';
import { LiveHub, packPayloads } from './live.hub.js';

interface Frame {
  event: string;
  data: Record<string, unknown>;
}

async function listen(app: FastifyInstance) {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Opens the stream and collects its frames until closed. */
async function openStream(base: string, cookie: string | null, query = '') {
  const ctl = new AbortController();
  const res = await fetch(`${base}/api/live/stream${query}`, {
    headers: cookie ? { cookie } : {},
    signal: ctl.signal,
  });
  const frames: Frame[] = [];
  let raw = '';
  let buf = '';
  const reader = res.body?.getReader();
  const dec = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const r = await reader!.read();
        if (r.done) break;
        const text = dec.decode(r.value, { stream: true });
        raw += text;
        buf += text;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) frames.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted
    }
  })();
  const waitFor = async (pred: (f: Frame) => boolean, ms = 5000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const hit = frames.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no matching frame in ${ms} ms; got ${JSON.stringify(frames)}`);
  };
  await waitFor((f) => f.event === 'ready');
  return { res, frames, raw: () => raw, waitFor, close: () => ctl.abort() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const createdWith = (n: string) => (f: Frame) => f.event === 'case.created' && f.data.number === n;
const isPg = inject('dialect') === 'postgres';

describe('live stream and today', () => {
  let t: TestApp;
  let w: CaseWorld;
  let base: string;
  let cookieA: string;
  let fileInB: () => Promise<{ id: string; number: string }>;

  beforeAll(async () => {
    t = await createTestApp({ config: { liveHeartbeatMs: 200 } });
    w = await makeCaseWorld(t, 'lv');
    const householdB = (await makeHousehold(t.db, w.areas.gridB, { address: '站前2号楼202' })).id;
    await makeAccount(t.db, 'lv_secB', [{ role: 'community_secretary', areaId: w.areas.communityB.id }]);
    const secB = await t.login('lv_secB');
    fileInB = async () => {
      const res = await secB.post('/api/cases', {
        categoryId: w.leakId,
        description: '站前楼道灯坏了',
        source: 'visit',
        householdId: String(householdB),
      });
      expect(res.statusCode).toBe(201);
      return res.json();
    };
    cookieA = w.agents.leaderA.cookie as string;
    base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('streams a new case to a wall of its area, with SSE headers and no personal data', async () => {
    const s = await openStream(base, cookieA);
    expect(s.res.status).toBe(200);
    expect(s.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(s.res.headers.get('cache-control')).toContain('no-cache');
    expect(s.res.headers.get('x-accel-buffering')).toBe('no');
    expect(s.raw()).toMatch(/^retry: \d+\n/);
    const c = await submitLeak(w);
    const f = await s.waitFor(createdWith(c.number));
    expect(f.data).toEqual({
      type: 'case.created',
      number: c.number,
      categoryName: c.categoryName,
      areaId: c.areaId,
      areaName: c.areaName,
      source: 'resident',
      status: 'submitted',
      createdAt: c.createdAt,
    });
    // Personal data never reaches the wall: not the description, the address, a name or a phone.
    expect(s.raw()).not.toContain('漏水到我家');
    expect(s.raw()).not.toContain('高家沟1号楼');
    expect(s.raw()).not.toContain('lv_resident');
    s.close();
  });

  it('moves on each action (case.changed) and counts today’s intake and closures', async () => {
    const before = (await w.agents.leaderA.get('/api/live/today')).json();
    const s = await openStream(base, cookieA);
    const c = await submitLeak(w);
    let v = (await actOn(w.agents.secA, c.id, 'register', { version: 0 })).json();
    v = (
      await actOn(w.agents.secA, c.id, 'dispatch', {
        version: v.version,
        target: { kind: 'account', id: String(w.ids.worker.id) },
      })
    ).json();
    v = (await actOn(w.agents.worker, c.id, 'accept', { version: v.version })).json();
    v = (await actOn(w.agents.worker, c.id, 'resolve', { version: v.version, note: '已修复' })).json();
    v = (await actOn(w.agents.secA, c.id, 'verify', { version: v.version })).json();
    v = (await actOn(w.agents.secA, c.id, 'close', { version: v.version })).json();
    expect(v.status).toBe('closed');
    const closed = await s.waitFor(
      (f) => f.event === 'case.changed' && f.data.number === c.number && f.data.to === 'closed',
    );
    expect(closed.data).toMatchObject({ action: 'close', from: 'verified', to: 'closed', areaId: c.areaId });
    expect(s.frames.filter((f) => f.data.number === c.number).map((f) => f.data.to ?? f.data.status)).toEqual([
      'submitted',
      'registered',
      'dispatched',
      'accepted',
      'resolved',
      'verified',
      'closed',
    ]);
    s.close();
    const after = (await w.agents.leaderA.get('/api/live/today')).json();
    expect(after.intake).toBe(before.intake + 1);
    expect(after.closed).toBe(before.closed + 1);
    expect(after.latest[0]).toEqual({
      number: c.number,
      categoryName: c.categoryName,
      areaId: c.areaId,
      areaName: c.areaName,
      source: 'resident',
      status: 'closed',
      createdAt: c.createdAt,
    });
    expect(after.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('keeps each wall to its scope (stream and today), and a chosen area must be in scope', async () => {
    const s = await openStream(base, cookieA);
    const b = await fileInB();
    const a = await submitLeak(w);
    await s.waitFor(createdWith(a.number));
    await sleep(100);
    expect(s.frames.some((f) => f.data.number === b.number)).toBe(false);
    s.close();
    const todayA = (await w.agents.leaderA.get('/api/live/today')).json();
    expect(todayA.latest.map((x: { number: string }) => x.number)).not.toContain(b.number);
    // A community of A narrows the wall further; B's areas are unknown to A (404, as for any out-of-scope row).
    const narrow = (await w.agents.leaderA.get(`/api/live/today?areaId=${w.areas.communityA.id}`)).json();
    expect(narrow.latest[0].number).toBe(a.number);
    expect((await w.agents.leaderA.get(`/api/live/today?areaId=${w.areas.streetB.id}`)).statusCode).toBe(404);
    expect((await w.agents.leaderA.get(`/api/live/stream?areaId=${w.areas.streetB.id}`)).statusCode).toBe(404);
    const wallB = await openStream(base, cookieA, `?areaId=${w.areas.gridA.id}`);
    const a2 = await submitLeak(w);
    await wallB.waitFor(createdWith(a2.number));
    wallB.close();
  });

  it('refuses callers without screen.view (403) and anonymous ones (401)', async () => {
    expect((await w.agents.worker.get('/api/live/stream')).statusCode).toBe(403);
    expect((await w.agents.resident.get('/api/live/today')).statusCode).toBe(403);
    expect((await t.anon().get('/api/live/stream')).statusCode).toBe(401);
    expect((await t.anon().get('/api/live/today')).statusCode).toBe(401);
  });

  it('announces only committed cases: a replayed Idempotency-Key or a rejected create says nothing', async () => {
    const seen: { number: string; found: Promise<boolean> }[] = [];
    const cases = t.app.services.cases;
    const relay = cases.onCommitted;
    cases.onCommitted = (c) => {
      // Read through the pool: on PostgreSQL another connection, which sees only committed rows.
      const found = t.db.kysely.selectFrom('cases').select('id').where('number', '=', c.row.number).executeTakeFirst();
      seen.push({ number: c.row.number, found: found.then((r) => !!r) });
      relay(c);
    };
    try {
      const s = await openStream(base, cookieA);
      const body = { categoryId: w.leakId, description: '重复提交', householdId: String(w.householdA) };
      const key = { 'idempotency-key': crypto.randomUUID() };
      const first = await w.agents.resident.post('/api/cases', body, key);
      const again = await w.agents.resident.post('/api/cases', body, key);
      expect(first.statusCode).toBe(201);
      expect(again.json().number).toBe(first.json().number);
      const bad = await w.agents.resident.post('/api/cases', { ...body, categoryId: '999999' });
      expect(bad.statusCode).toBeGreaterThanOrEqual(400);
      await s.waitFor(createdWith(first.json().number));
      await sleep(150);
      expect(s.frames.filter((f) => f.event === 'case.created').map((f) => f.data.number)).toEqual([
        first.json().number,
      ]);
      expect(seen.map((x) => x.number)).toEqual([first.json().number]);
      expect(await seen[0]?.found).toBe(true);
      s.close();
    } finally {
      cases.onCommitted = relay;
    }
  });

  it('sends a heartbeat comment on an idle stream', async () => {
    const s = await openStream(base, cookieA);
    await sleep(700);
    expect(s.raw().match(/^: heartbeat$/gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
    s.close();
  });

  it('forgets a wall that disconnects', async () => {
    const hub = t.app.services.live.hub;
    const s = await openStream(base, cookieA);
    expect(hub.subscriberCount).toBeGreaterThan(0);
    s.close();
    const until = Date.now() + 3000;
    while (hub.subscriberCount > 0 && Date.now() < until) await sleep(20);
    expect(hub.subscriberCount).toBe(0);
  });

  it('ends a stream opened while the hub is closing instead of keeping it', async () => {
    const hub = new LiveHub(t.db, () => {});
    await hub.close();
    let ended = 0;
    const unsubscribe = hub.subscribe({ covers: () => true, send: () => {}, end: () => ended++ });
    expect(ended).toBe(1);
    unsubscribe();
  });

  it('packs NOTIFY payloads under the 8000-byte limit', () => {
    const env = (i: number) => ({
      paths: ['/1/2/3/'],
      event: {
        type: 'case.changed' as const,
        number: `20261123-${i}`,
        areaId: '3',
        action: 'register',
        from: 'submitted',
        to: 'registered',
        at: new Date(0).toISOString(),
      },
    });
    const payloads = packPayloads(
      'node',
      Array.from({ length: 200 }, (_, i) => env(i)),
    );
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    const back = payloads.flatMap((p) => JSON.parse(p).e.map((e: { event: { number: string } }) => e.event.number));
    expect(back).toEqual(Array.from({ length: 200 }, (_, i) => `20261123-${i}`));
    // Packed full, counted in bytes (not characters), and each payload is the JSON of its object.
    const cn = Array.from({ length: 60 }, (_, i) => ({ ...env(i), paths: ['/街道社区网格/'] }));
    const packed = packPayloads('节点', cn, 1000);
    for (const [i, p] of packed.entries()) {
      const msg = JSON.parse(p) as { n: string; e: unknown[] };
      expect(p).toBe(JSON.stringify(msg));
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(1000);
      const next = packed[i + 1] && (JSON.parse(packed[i + 1] as string) as { e: unknown[] }).e[0];
      if (next) expect(Buffer.byteLength(JSON.stringify({ n: '节点', e: [...msg.e, next] }))).toBeGreaterThan(1000);
    }
    expect(packed.flatMap((p) => JSON.parse(p).e)).toEqual(cn);
  });

  it.runIf(isPg)('asks its walls to resync when its LISTEN connection comes back after a loss', async () => {
    const s = await openStream(base, cookieA);
    expect(await t.app.services.live.hub.listening(5000)).toBe(true);
    expect(s.frames.some((f) => f.event === 'resync')).toBe(false);
    // What other nodes published while this node was not listening is lost to it: its walls must refetch.
    await killListeners(t);
    const f = await s.waitFor((x) => x.event === 'resync', 8000);
    expect(f.data).toEqual({ type: 'resync', at: expect.any(String) });
    expect(s.frames.filter((x) => x.event === 'resync')).toHaveLength(1);
    // And it hears happenings again.
    const c = await submitLeak(w);
    await s.waitFor(createdWith(c.number));
    s.close();
  });

  it.runIf(isPg)('fans out across two app nodes sharing the database, exactly once per wall', async () => {
    const b = await buildApp(t.config, { db: t.db, migrate: false, logger: false });
    try {
      await b.ready();
      const baseB = await listen(b);
      const onB = await openStream(baseB, cookieA);
      const onA = await openStream(base, cookieA);
      const c = await submitLeak(w); // through A
      await onB.waitFor(createdWith(c.number));
      await onA.waitFor(createdWith(c.number));
      await sleep(300);
      expect(onB.frames.filter(createdWith(c.number))).toHaveLength(1);
      expect(onA.frames.filter(createdWith(c.number))).toHaveLength(1);

      // The server drops B's LISTEN connection: B reconnects by itself and hears A again.
      await killListeners(t);
      await sleep(100);
      expect(await b.services.live.hub.listening(5000)).toBe(true);
      const d = await submitLeak(w);
      await onB.waitFor(createdWith(d.number), 8000);
      onA.close();
      onB.close();
    } finally {
      await b.close();
    }
  });
});

/** Terminates every LISTEN connection on this database (what a failover or an admin would do). */
async function killListeners(t: TestApp) {
  const r = await sql<{ pid: number }>`select pid from pg_stat_activity
    where datname = current_database() and query ilike 'LISTEN %' and pid <> pg_backend_pid()`.execute(t.db.kysely);
  expect(r.rows.length).toBeGreaterThan(0);
  for (const row of r.rows) await sql`select pg_terminate_backend(${row.pid})`.execute(t.db.kysely);
}

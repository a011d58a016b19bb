/**
 * Group intake (cases.intake-batch.ts): submissions held until they are all waiting, then written as ONE batch.
 * Each must still get its own right answer: a retried key replays, a repeated 12345 ticket is the same case, and
 * a case that fails (before or while the batch writes) fails alone.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey } from '../../../test/factories.areas.js';
import { uploadPhoto } from '../../../test/factories.campaigns.js';
import { type CaseWorld, makeCaseWorld } from '../../../test/factories.cases.js';
import { makeAccount, makeOrg } from '../../../test/factories.js';
import { makeBuilding } from '../../../test/factories.places.js';
import { Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { requestHash } from '../../core/idempotency.js';
import { startSqliteWriter, textIndexIds } from '../../db/dialect.js';
import { storedCase } from './cases.replay.js';
import { CASE_SEARCH } from './cases.repository.js';

let t: TestApp;
let w: CaseWorld;
let hotline: Agent;
let hotlineKey: string;
let buildingId: string;

beforeAll(async () => {
  t = await createTestApp();
  // SQLite: the writer thread a server starts after its first thousand commits, at once (PostgreSQL has none).
  expect(startSqliteWriter(t.db)).toBe(t.db.dialect === 'sqlite');
  w = await makeCaseWorld(t, 'ib');
  const org = await makeOrg(t.db, 'external', '12345 市民热线', w.areas.city.id);
  hotlineKey = await makeApiKey(t.db, org.id, ['cases:write']);
  hotline = Agent.withApiKey(t.app, hotlineKey);
  buildingId = String((await makeBuilding(t.db, w.areas.gridA, { name: '高家沟9号楼' })).id);
});
afterAll(() => t.close());

const intake = () => t.app.services.cases.intake;
const body = (externalNo: string, extra: Record<string, unknown> = {}) => ({
  categoryId: w.leakId,
  description: `热线转办：楼道水管漏水 ${externalNo}`,
  buildingId,
  externalNo,
  ...extra,
});

/** Sends the submissions while intake is held, releases it once all wait: they are written as one batch. */
async function oneBatch(sends: (() => Promise<LightMyRequestResponse>)[]) {
  const release = intake().hold();
  const replies = sends.map((send) => send());
  for (let i = 0; i < 200 && intake().waiting < sends.length; i++) await new Promise((r) => setTimeout(r, 5));
  expect(intake().waiting).toBe(sends.length);
  const before = intake().batches.length;
  release();
  const out = await Promise.all(replies);
  expect(intake().batches[before]?.size).toBe(sends.length);
  return out;
}
/** Before a batch: a ticket filed (`first`), and a case filed with a key (`original`, whose retry replays). */
async function filedBefore() {
  const filed = `IB-${randomUUID()}`;
  const first = await hotline.post('/api/cases', body(filed));
  const key = { 'idempotency-key': randomUUID() };
  const keyed = `IB-${randomUUID()}`;
  const original = await hotline.post('/api/cases', body(keyed), key);
  return { filed, first, key, keyed, original };
}
/** The id of an API key (its secret's prefix names it). */
const keyIdOf = async (key: string) =>
  (
    await t.db.kysely
      .selectFrom('apiKeys')
      .select('id')
      .where('prefix', '=', key.split('_')[1]!)
      .executeTakeFirstOrThrow()
  ).id;
/** The batch `oneBatch` just wrote: how many it took, how many of them it left to run alone. */
const lastBatch = () => intake().batches.at(-1);

const casesOf = (externalNo: string) =>
  t.db.kysely.selectFrom('cases').select(['id', 'number']).where('externalNo', '=', externalNo).execute();

async function stored(id: string) {
  const k = t.db.kysely;
  const events = await k.selectFrom('caseEvents').select('action').where('caseId', '=', Number(id)).execute();
  const audit = await k
    .selectFrom('auditLog')
    .select(['action', 'actorKind'])
    .where('entityType', '=', 'case')
    .where('entityId', '=', id)
    .execute();
  return { events: events.map((e) => e.action), audit };
}

describe('a batch of intakes', () => {
  it('writes every case with its number, event, audit row and search document', async () => {
    const nos = [0, 1, 2, 3].map(() => `IB-${randomUUID()}`);
    const out = await oneBatch(nos.map((no) => () => hotline.post('/api/cases', body(no))));
    const ids = out.map((r) => {
      expect(r.statusCode).toBe(201);
      return r.json().id as string;
    });
    expect(new Set(ids).size).toBe(4);
    for (const [i, r] of out.entries()) {
      const v = r.json();
      expect(v.number).toMatch(new RegExp(`-${v.id.padStart(6, '0')}$`));
      expect(v.externalNo).toBe(nos[i]);
      expect(await stored(v.id)).toEqual({
        events: ['create'],
        audit: [{ action: 'case.create', actorKind: 'api_key' }],
      });
      const read = await hotline.get(`/api/cases/${v.id}`);
      expect(read.json()).toEqual(v);
    }
    const numeric = ids.map(Number).sort((a, b) => a - b);
    expect(await textIndexIds(t.db, CASE_SEARCH, numeric[0]!, numeric.at(-1)!)).toEqual(
      expect.arrayContaining(numeric),
    );
  });

  it('a retry with the same Idempotency-Key in the same batch replays the first answer: one case', async () => {
    const no = `IB-${randomUUID()}`;
    const headers = { 'idempotency-key': randomUUID() };
    const [a, b] = await oneBatch([
      () => hotline.post('/api/cases', body(no), headers),
      () => hotline.post('/api/cases', body(no), headers),
    ]);
    // Either may reach the batch first: one is filed, the other replays its answer.
    expect([a!.statusCode, b!.statusCode]).toEqual([201, 201]);
    expect([a!.headers['idempotent-replayed'], b!.headers['idempotent-replayed']].sort()).toEqual(['true', undefined]);
    expect(b!.json()).toEqual(a!.json());
    expect(await casesOf(no)).toHaveLength(1);
  });

  it('the same key with another body in the same batch is refused (422), the first is filed', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const [a, b] = await oneBatch([
      () => hotline.post('/api/cases', body(`IB-${randomUUID()}`), headers),
      () => hotline.post('/api/cases', body(`IB-${randomUUID()}`), headers),
    ]);
    const [filed, refused] = a!.statusCode === 201 ? [a!, b!] : [b!, a!];
    expect(filed.statusCode).toBe(201);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('the same 12345 ticket twice in one batch (other keys) is one case: 201 then 200 with it', async () => {
    const no = `IB-${randomUUID()}`;
    const [a, b] = await oneBatch([
      () => hotline.post('/api/cases', body(no), { 'idempotency-key': randomUUID() }),
      () => hotline.post('/api/cases', body(no), { 'idempotency-key': randomUUID() }),
    ]);
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([200, 201]);
    expect(b!.json().id).toBe(a!.json().id);
    expect(await casesOf(no)).toHaveLength(1);
    // A ticket filed in an earlier batch is found too, next to a new case; its key is claimed for that answer.
    const key = { 'idempotency-key': randomUUID() };
    const other = `IB-${randomUUID()}`;
    const [c, d] = await oneBatch([
      () => hotline.post('/api/cases', body(no), key),
      () => hotline.post('/api/cases', body(other)),
    ]);
    expect(c!.statusCode).toBe(200);
    expect(c!.json().id).toBe(a!.json().id);
    expect(d!.statusCode).toBe(201);
    expect(await casesOf(other)).toHaveLength(1);
    const again = await hotline.post('/api/cases', body(no), key);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect([again.statusCode, again.json().id]).toEqual([200, a!.json().id]);
  });

  it('a case refused before the writes (unknown building) fails alone; its neighbours are filed', async () => {
    const [n1, n2, n3] = [0, 1, 2].map(() => `IB-${randomUUID()}`);
    const [a, bad, c] = await oneBatch([
      () => hotline.post('/api/cases', body(n1!)),
      () => hotline.post('/api/cases', body(n2!, { buildingId: '987654321' })),
      () => hotline.post('/api/cases', body(n3!)),
    ]);
    expect(bad!.statusCode).toBe(400);
    expect(bad!.json().error.code).toBe('VALIDATION_FAILED');
    expect([a!.statusCode, c!.statusCode]).toEqual([201, 201]);
    expect(await casesOf(n2!)).toHaveLength(0);
    expect((await stored(a!.json().id)).events).toEqual(['create']);
  });

  it('a case with an unknown attachment leaves the batch before its writes (404); the others stay in it', async () => {
    const [n1, n2, n3] = [0, 1, 2].map(() => `IB-${randomUUID()}`);
    const key = { 'idempotency-key': randomUUID() };
    const [a, bad, c] = await oneBatch([
      () => hotline.post('/api/cases', body(n1!), key),
      () => hotline.post('/api/cases', body(n2!, { attachmentIds: ['987654321'] })),
      () => hotline.post('/api/cases', body(n3!)),
    ]);
    expect(lastBatch()).toEqual({ size: 3, alone: 1 });
    expect(bad!.statusCode).toBe(404);
    expect(bad!.json().error).toMatchObject({ code: 'NOT_FOUND', details: { attachmentIds: ['987654321'] } });
    expect([a!.statusCode, c!.statusCode]).toEqual([201, 201]);
    expect(await casesOf(n2!)).toHaveLength(0);
    for (const r of [a!, c!])
      expect(await stored(r.json().id)).toEqual({
        events: ['create'],
        audit: [{ action: 'case.create', actorKind: 'api_key' }],
      });
    const again = await hotline.post('/api/cases', body(n1!), key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(a!.json().id);
  });

  it('one upload named by two cases of a batch goes to the first; the second gets 404 alone', async () => {
    const photo = await uploadPhoto(hotline);
    const [n1, n2, n3] = [0, 1, 2].map(() => `IB-${randomUUID()}`);
    const out = await oneBatch([
      () => hotline.post('/api/cases', body(n1!, { attachmentIds: [photo] })),
      () => hotline.post('/api/cases', body(n2!, { attachmentIds: [photo] })),
      () => hotline.post('/api/cases', body(n3!)),
    ]);
    expect(lastBatch()).toEqual({ size: 3, alone: 1 });
    // Either of the two may reach the batch first.
    const [won, lost] = out[0]!.statusCode === 201 ? [out[0]!, out[1]!] : [out[1]!, out[0]!];
    expect([won.statusCode, lost.statusCode, out[2]!.statusCode]).toEqual([201, 404, 201]);
    expect(lost.json().error).toMatchObject({ code: 'NOT_FOUND', details: { attachmentIds: [photo] } });
    const row = await t.db.kysely
      .selectFrom('attachments')
      .select(['ownerType', 'ownerId'])
      .where('id', '=', Number(photo))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ ownerType: 'case', ownerId: Number(won.json().id) });
    const event = await t.db.kysely
      .selectFrom('caseEvents')
      .select('attachmentIds')
      .where('caseId', '=', Number(won.json().id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.attachmentIds)).toEqual([Number(photo)]);
    expect((await casesOf(n1!)).length + (await casesOf(n2!)).length).toBe(1);
  });

  it('a batch whose every case leaves it files nothing itself; each gets its own answer', async () => {
    const { filed, first, key, keyed, original } = await filedBefore();
    const othersPhoto = await uploadPhoto(w.agents.resident);
    const [n1, n2] = [0, 1].map(() => `IB-${randomUUID()}`);
    const count = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('cases')
            .select((e) => e.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const ticketKey = { 'idempotency-key': randomUUID() };
    const [unknown, foreign, again, retry] = await oneBatch([
      () => hotline.post('/api/cases', body(n1!, { buildingId: '987654321' })),
      () => hotline.post('/api/cases', body(n2!, { attachmentIds: [othersPhoto] })),
      () => hotline.post('/api/cases', body(filed), ticketKey),
      () => hotline.post('/api/cases', body(keyed), key),
    ]);
    // The replay is answered inside the batch; the other three after it, alone.
    expect(lastBatch()).toEqual({ size: 4, alone: 3 });
    expect([unknown!.statusCode, unknown!.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect([foreign!.statusCode, foreign!.json().error.code]).toEqual([404, 'NOT_FOUND']);
    expect([again!.statusCode, again!.json().id]).toEqual([200, first.json().id]);
    expect([retry!.statusCode, retry!.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect(retry!.json()).toEqual(original.json());
    expect(await count()).toBe(before);
    // The ticket's key was given back by the batch and claimed alone for its answer: it replays that.
    const replay = await hotline.post('/api/cases', body(filed), ticketKey);
    expect([replay.statusCode, replay.headers['idempotent-replayed'], replay.json().id]).toEqual([
      200,
      'true',
      first.json().id,
    ]);
  });
});

describe('a batch written at once (without uploads: PostgreSQL one statement, SQLite the writer thread)', () => {
  it('a key answered before and a ticket filed before run alone; their neighbour is filed', async () => {
    const { filed, first, key, keyed, original } = await filedBefore();
    const fresh = `IB-${randomUUID()}`;
    const [again, retry, filedNow] = await oneBatch([
      () => hotline.post('/api/cases', body(filed), { 'idempotency-key': randomUUID() }),
      () => hotline.post('/api/cases', body(keyed), key),
      () => hotline.post('/api/cases', body(fresh)),
    ]);
    expect([again!.statusCode, again!.json().id]).toEqual([200, first.json().id]);
    expect([retry!.statusCode, retry!.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect(retry!.json()).toEqual(original.json());
    expect(filedNow!.statusCode).toBe(201);
    for (const no of [filed, keyed, fresh]) expect(await casesOf(no)).toHaveLength(1);
    expect(await stored(filedNow!.json().id)).toEqual({
      events: ['create'],
      audit: [{ action: 'case.create', actorKind: 'api_key' }],
    });
  });

  // Batches place by copies of households and buildings (cases.place-cache.ts); a stale copy must never show.
  const placeOf = (id: string) =>
    t.db.kysely
      .selectFrom('cases')
      .select(['gridId', 'address'])
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
  /** The case after a change runs alone (its copy was stale), the next one is back in the batch. */
  const expectAlone = (alone: number) => expect(lastBatch()).toEqual({ size: 1, alone });

  it('a building moved and readdressed after intake copied it: later cases go by its new grid and address', async () => {
    const b = await makeBuilding(t.db, w.areas.gridA, { name: '高家沟7号楼', address: '高家沟路7号' });
    const file = () => hotline.post('/api/cases', body(`IB-${randomUUID()}`, { buildingId: String(b.id) }));
    const first = await file();
    expect(await placeOf(first.json().id)).toEqual({ gridId: w.areas.gridA.id, address: '高家沟路7号' });
    // As the ledger's edit of a building does.
    await t.db.kysely
      .updateTable('buildings')
      .set({ gridId: w.areas.gridB.id, areaPath: w.areas.gridB.path, address: '站前路7号' })
      .where('id', '=', b.id)
      .execute();
    for (const alone of [1, 0]) {
      const next = await file();
      expect(next.statusCode).toBe(201);
      expect(await placeOf(next.json().id)).toEqual({ gridId: w.areas.gridB.id, address: '站前路7号' });
      expect(next.json().address).toBe('站前路7号');
      expectAlone(alone);
    }
  });

  it('a household’s contact edited after intake copied it: the next answer shows the new one', async () => {
    const file = () =>
      w.agents.resident.post('/api/cases', {
        categoryId: w.leakId,
        description: '厨房水管漏水',
        householdId: String(w.householdA),
      });
    await file();
    await t.db.kysely
      .updateTable('households')
      .set({ headName: '欧阳明', phoneEnc: t.app.ctx.pii.encrypt('13900001111') })
      .where('id', '=', w.householdA)
      .execute();
    for (const alone of [1, 0]) {
      const next = await file();
      expect(next.json().household).toMatchObject({ headName: '欧**', phone: '139****1111' });
      expectAlone(alone);
    }
  });

  /** `sends` as one batch while another transaction holds a claim of `key` (uncommitted until the batch waits on
   * it), with that claim's request hash and answer. */
  async function whileKeyHeld(
    key: string,
    claim: { requestHash: string; status: number; response: string },
    sends: (() => Promise<LightMyRequestResponse>)[],
  ) {
    const keyId = await keyIdOf(hotlineKey);
    let replies: Promise<LightMyRequestResponse[]> | undefined;
    await t.db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('idempotencyKeys')
        .values({ caller: `k:${keyId}`, key, ...claim, createdAt: Date.now() })
        .execute();
      replies = oneBatch(sends);
      // The batch's statement waits on the claimed key until this transaction ends.
      for (let i = 0; i < 100 && intake().waiting > 0; i++) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 100));
    });
    return replies!;
  }

  it('a key claimed meanwhile by another transaction fails the batch; alone, each gets its own answer', async () => {
    if (t.db.dialect !== 'postgres') return; // one SQLite connection: no other transaction can hold a claim
    const key = randomUUID();
    const [keyed, neighbour] = [`IB-${randomUUID()}`, `IB-${randomUUID()}`];
    // Another request's claim of the same key, for another body.
    const [a, b] = await whileKeyHeld(key, { requestHash: 'another request', status: 0, response: '' }, [
      () => hotline.post('/api/cases', body(keyed), { 'idempotency-key': key }),
      () => hotline.post('/api/cases', body(neighbour)),
    ]);
    expect(lastBatch()).toEqual({ size: 2, alone: 2 });
    expect([a!.statusCode, a!.json().error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(b!.statusCode).toBe(201);
    expect(await casesOf(keyed)).toHaveLength(0);
    expect(await casesOf(neighbour)).toHaveLength(1);
  });

  it('a batch of one whose key the same request, sent before, is answering meanwhile replays that answer', async () => {
    if (t.db.dialect !== 'postgres') return;
    const key = randomUUID();
    const request = body(`IB-${randomUUID()}`);
    const before = await hotline.post('/api/cases', body(`IB-${randomUUID()}`));
    const claim = { requestHash: requestHash('POST', '/api/cases', request), status: 201 };
    const [again] = await whileKeyHeld(key, { ...claim, response: storedCase(Number(before.json().id)) }, [
      () => hotline.post('/api/cases', request, { 'idempotency-key': key }),
    ]);
    expect(lastBatch()).toEqual({ size: 1, alone: 1 });
    expect([again!.statusCode, again!.headers['idempotent-replayed'], again!.json().id]).toEqual([
      201,
      'true',
      before.json().id,
    ]);
    expect(await casesOf(request.externalNo)).toHaveLength(0);
  });
});

describe('batches in flight together', () => {
  it('a batch started while the one before waits to be written takes ids and numbers of its own', async () => {
    const send = () => hotline.post('/api/cases', body(`IB-${randomUUID()}`));
    // Reads done first (the key, the category, the building, the next id): they would wait for the transaction.
    expect((await send()).statusCode).toBe(201);
    // A transaction holds SQLite's connection, so the first batch cannot finish before the second starts.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const holding = t.db.kysely.transaction().execute(async (trx) => {
      await trx.selectFrom('cases').select('id').limit(1).execute();
      await gate;
    });
    const before = intake().batches.length;
    const held = async (n: number) => {
      const release = intake().hold();
      const replies = Array.from({ length: n }, send);
      for (let i = 0; i < 200 && intake().waiting < n; i++) await new Promise((r) => setTimeout(r, 5));
      release();
      for (let i = 0; i < 200 && intake().waiting > 0; i++) await new Promise((r) => setTimeout(r, 5));
      return replies;
    };
    let first: Promise<LightMyRequestResponse>[];
    let second: Promise<LightMyRequestResponse>[];
    try {
      first = await held(3);
      second = await held(3);
      expect(intake().batches.length - before).toBe(2);
    } finally {
      open();
      await holding;
    }
    const out = await Promise.all([...first, ...second]);
    expect(out.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    const views = out.map((r) => r.json());
    expect(new Set(views.map((v) => v.id)).size).toBe(6);
    expect(new Set(views.map((v) => v.number)).size).toBe(6);
    // Written by their batches, none alone after an id taken twice.
    expect(intake().batches.slice(before)).toEqual([
      { size: 3, alone: 0 },
      { size: 3, alone: 0 },
    ]);
    for (const v of views) {
      expect((await hotline.get(`/api/cases/${v.id}`)).json()).toEqual(v);
      expect((await stored(v.id)).events).toEqual(['create']);
    }
  });
});

describe('API keys in a batch', () => {
  it('an expired or revoked key is refused (401) and never joins the batch; its neighbours are filed', async () => {
    const org = await makeOrg(t.db, 'external', '12345 热线二', w.areas.city.id);
    const expiredKey = await makeApiKey(t.db, org.id, ['cases:write']);
    await t.db.kysely
      .updateTable('apiKeys')
      .set({ expiresAt: Date.now() - 60_000 })
      .where('id', '=', await keyIdOf(expiredKey))
      .execute();
    const revokedKey = await makeApiKey(t.db, org.id, ['cases:write']);
    const revoked = Agent.withApiKey(t.app, revokedKey);
    const expired = Agent.withApiKey(t.app, expiredKey);
    // The revoked key files a case in a batch first (so its row is in the node's key cache), then is revoked.
    const [before] = await oneBatch([() => revoked.post('/api/cases', body(`IB-${randomUUID()}`))]);
    expect(before!.statusCode).toBe(201);
    await makeAccount(t.db, 'ib_admin', [{ role: 'admin' }]);
    const admin = await t.login('ib_admin');
    const revokedId = await keyIdOf(revokedKey);
    expect((await admin.post(`/api/api-keys/${revokedId}/revoke`, {})).statusCode).toBe(200);

    const [n1, n2, n3, n4] = [0, 1, 2, 3].map(() => `IB-${randomUUID()}`);
    const release = intake().hold();
    const replies = [
      hotline.post('/api/cases', body(n1!)),
      revoked.post('/api/cases', body(n2!)),
      expired.post('/api/cases', body(n3!)),
      hotline.post('/api/cases', body(n4!)),
    ];
    for (let i = 0; i < 200 && intake().waiting < 2; i++) await new Promise((r) => setTimeout(r, 5));
    release();
    const [a, r, e, b] = await Promise.all(replies);
    expect(lastBatch()).toEqual({ size: 2, alone: 0 });
    for (const refused of [r!, e!]) {
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('API_KEY_INVALID');
    }
    expect([a!.statusCode, b!.statusCode]).toEqual([201, 201]);
    expect(await casesOf(n2!)).toHaveLength(0);
    expect(await casesOf(n3!)).toHaveLength(0);
    // The batched use log: the revoked key's one use before its revocation, none for the expired key.
    const uses = async (key: string) =>
      (await admin.get(`/api/api-keys/${await keyIdOf(key)}/uses`))
        .json()
        .items.map((u: { status: number }) => u.status);
    expect(await uses(revokedKey)).toEqual([201]);
    expect(await uses(expiredKey)).toEqual([]);
    const hotlineUses = await admin.get(`/api/api-keys/${await keyIdOf(hotlineKey)}`);
    expect(hotlineUses.json().lastUsedAt).not.toBeNull();
  });
});

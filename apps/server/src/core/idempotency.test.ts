import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTemplateDb } from '../../test/harness.js';
import type { Db } from '../db/dialect.js';
import { ManualClock } from './clock.js';
import {
  canonicalJson,
  claimMany,
  IDEMPOTENCY_TTL_MS,
  type IdempotentResult,
  pruneIdempotencyKeys,
  recordMany,
  releaseMany,
  requestHash,
  runIdempotent,
  runIdempotentInTransaction,
  type StoredKey,
} from './idempotency.js';

let db: Db;
const clock = new ManualClock();
let n = 0;
/** A fresh key per test so tests do not see each other's rows. */
const req = (over: { caller?: string; key?: string; hash?: string } = {}) => ({
  db,
  clock,
  caller: 'a:1',
  key: `key-${++n}`,
  hash: 'h1',
  ...over,
});
const deferred = <T>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};
const rowOf = (caller: string, key: string) =>
  db.kysely
    .selectFrom('idempotencyKeys')
    .selectAll()
    .where('caller', '=', caller)
    .where('key', '=', key)
    .executeTakeFirst();

beforeAll(async () => {
  db = (await cloneTemplateDb()).db;
});
afterAll(() => db.close());

describe('request hash', () => {
  it('ignores object key order but not values, method or url', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: null }], a: 'x', u: undefined })).toBe(
      '{"a":"x","b":[1,{"c":null,"d":2}]}',
    );
    const h = requestHash('POST', '/api/cases', { a: 1, b: 2 });
    expect(requestHash('post', '/api/cases', { b: 2, a: 1 })).toBe(h);
    expect(requestHash('POST', '/api/cases', { a: 1, b: 3 })).not.toBe(h);
    expect(requestHash('PUT', '/api/cases', { a: 1, b: 2 })).not.toBe(h);
    expect(requestHash('POST', '/api/cases?x=1', { a: 1, b: 2 })).not.toBe(h);
  });
});

describe('runIdempotent', () => {
  it('acts once and replays the stored answer for the same request', async () => {
    const r = req();
    let calls = 0;
    const handler = async () => ({ status: 201, body: { id: String(++calls) } });
    expect(await runIdempotent(r, handler)).toEqual({ status: 201, body: { id: '1' }, replayed: false });
    expect(await runIdempotent(r, handler)).toEqual({ status: 201, body: { id: '1' }, replayed: true });
    expect(calls).toBe(1);
    expect(await rowOf('a:1', r.key)).toMatchObject({ status: 201, requestHash: 'h1', response: '{"id":"1"}' });
  });

  it('refuses the same key for a different request with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const r = req();
    await runIdempotent(r, async () => ({ status: 201, body: { id: '7' } }));
    await expect(runIdempotent({ ...r, hash: 'h2' }, async () => ({ status: 201, body: {} }))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      status: 422,
    });
  });

  it('keeps keys apart per caller', async () => {
    const r = req();
    await runIdempotent(r, async () => ({ status: 201, body: { who: 'account' } }));
    const other = await runIdempotent({ ...r, caller: 'k:1', hash: 'h2' }, async () => ({
      status: 201,
      body: { who: 'key' },
    }));
    expect(other).toEqual({ status: 201, body: { who: 'key' }, replayed: false });
  });

  it('lets exactly one of two simultaneous identical requests act; the other gets 409, then the replay', async () => {
    const r = req();
    const gate = deferred<void>();
    let calls = 0;
    const handler = async (): Promise<IdempotentResult> => {
      calls++;
      await gate.promise;
      return { status: 201, body: { id: '42' } };
    };
    const first = runIdempotent(r, handler);
    const second = runIdempotent(r, handler);
    const settledSecond = await Promise.race([
      second.then(
        () => 'resolved',
        (e) => e.code,
      ),
      new Promise((res) => setTimeout(() => res('still waiting'), 2000)),
    ]);
    expect(settledSecond).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(calls).toBe(1);
    gate.resolve();
    expect(await first).toEqual({ status: 201, body: { id: '42' }, replayed: false });
    expect(await runIdempotent(r, handler)).toEqual({ status: 201, body: { id: '42' }, replayed: true });
    expect(calls).toBe(1);
  });

  it('frees the key when the handler fails, so a retry acts', async () => {
    const r = req();
    await expect(
      runIdempotent(r, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await rowOf('a:1', r.key)).toBeUndefined();
    expect(await runIdempotent(r, async () => ({ status: 201, body: 'ok' }))).toMatchObject({ replayed: false });
  });

  it('records the answer inside the handler transaction when asked (atomic with the work)', async () => {
    const r = req();
    const out = await runIdempotent(r, (tx) =>
      db.kysely.transaction().execute(async (trx) => {
        await tx.record(trx, { status: 201, body: { inTrx: true } });
        return { status: 201, body: { inTrx: true } };
      }),
    );
    expect(out.replayed).toBe(false);
    expect(await rowOf('a:1', r.key)).toMatchObject({ status: 201, response: '{"inTrx":true}' });
    // A rolled-back transaction takes the record with it, and the placeholder is freed.
    const r2 = req();
    await expect(
      runIdempotent(r2, (tx) =>
        db.kysely.transaction().execute(async (trx) => {
          await tx.record(trx, { status: 201, body: {} });
          throw new Error('rolled back');
        }),
      ),
    ).rejects.toThrow('rolled back');
    expect(await rowOf('a:1', r2.key)).toBeUndefined();
  });

  it('forgets keys after 24 hours (lazily and through pruneIdempotencyKeys)', async () => {
    const r = req();
    await runIdempotent(r, async () => ({ status: 201, body: 1 }));
    clock.advance(IDEMPOTENCY_TTL_MS + 1);
    // Expired: a different request may now use the key.
    expect(await runIdempotent({ ...r, hash: 'h2' }, async () => ({ status: 201, body: 2 }))).toEqual({
      status: 201,
      body: 2,
      replayed: false,
    });
    const old = req();
    await runIdempotent(old, async () => ({ status: 201, body: 3 }));
    clock.advance(IDEMPOTENCY_TTL_MS + 1);
    expect(await pruneIdempotencyKeys({ db }, clock.now())).toBeGreaterThanOrEqual(1);
    expect(await rowOf('a:1', old.key)).toBeUndefined();
  });
});

describe('many keys at once (group intake)', () => {
  const stored = (): StoredKey => ({ caller: 'k:9', key: `many-${++n}`, requestHash: 'h1' });

  it('claims each new key once (the first of two alike), not one that exists; records and releases them', async () => {
    const [a, b, old] = [stored(), stored(), stored()];
    await runIdempotent({ db, clock, caller: old.caller, key: old.key, hash: old.requestHash }, async () => ({
      status: 201,
      body: 'old',
    }));
    const twin = { ...a };
    const claimed = await db.kysely.transaction().execute((trx) => claimMany(db, trx, [b, a, twin, old], clock.now()));
    expect(claimed).toEqual(new Set([a, b]));
    expect(await rowOf(a.caller, a.key)).toMatchObject({ status: 0, response: '', requestHash: 'h1' });

    await db.kysely.executeQuery(
      recordMany(
        db,
        [
          [a, { status: 201, body: { id: 'a' } }],
          [b, { status: 200, body: null }],
        ],
        clock.now(),
      ),
    );
    expect(await rowOf(a.caller, a.key)).toMatchObject({ status: 201, response: '{"id":"a"}' });
    expect(await rowOf(b.caller, b.key)).toMatchObject({ status: 200, response: 'null' });
    // The stored answer is what the key replays.
    const replay = await runIdempotentInTransaction({ db, clock, caller: a.caller, key: a.key, hash: 'h1' }, (tx) =>
      db.kysely.transaction().execute(async (trx) => (await tx.claim(trx)) ?? { status: 500, body: 'acted' }),
    );
    expect(replay).toEqual({ status: 201, body: { id: 'a' }, replayed: true });

    await releaseMany(db.kysely, [a, b]);
    expect(await rowOf(a.caller, a.key)).toBeUndefined();
    expect(await rowOf(b.caller, b.key)).toBeUndefined();
    expect(await rowOf(old.caller, old.key)).toMatchObject({ status: 201 });
  });

  it('a claim rolled back with its transaction leaves no row', async () => {
    const a = stored();
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        expect(await claimMany(db, trx, [a], clock.now())).toEqual(new Set([a]));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await rowOf(a.caller, a.key)).toBeUndefined();
  });
});

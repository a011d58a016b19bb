/** The API-key cache and the batched usage log (core/api-keys.ts). */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey } from '../../test/factories.areas.js';
import { makeOrg } from '../../test/factories.js';
import { cloneTemplateDb } from '../../test/harness.js';
import { type Db, startSqliteWriter } from '../db/dialect.js';
import { type CachedKey, KeyCache, UsageLog } from './api-keys.js';

const row = (id: number): CachedKey => ({
  id,
  keyHash: 'h',
  scopes: [],
  expiresAt: null,
  revokedAt: null,
  name: 'k',
  orgId: 1,
  orgName: 'o',
  orgDisabled: false,
  rateLimit: 10,
  orgAreaPath: null,
});

describe('KeyCache', () => {
  it('serves a key for its TTL, then reads it again (a revocation elsewhere shows by then)', async () => {
    const cache = new KeyCache(40);
    let loads = 0;
    const load = async () => ({ ...row(1), revokedAt: ++loads > 1 ? 123 : null });
    expect((await cache.get('abc', load))?.revokedAt).toBeNull();
    expect((await cache.get('abc', load))?.revokedAt).toBeNull();
    expect(loads).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await cache.get('abc', load))?.revokedAt).toBe(123);
    expect(loads).toBe(2);
  });

  it('forgets a key at once when this node changes it, and never caches an unknown prefix', async () => {
    const cache = new KeyCache();
    let loads = 0;
    const load = async () => {
      loads++;
      return row(7);
    };
    await cache.get('abc', load);
    cache.invalidate(7);
    await cache.get('abc', load);
    expect(loads).toBe(2);
    let misses = 0;
    const miss = async () => {
      misses++;
      return undefined;
    };
    await cache.get('nope', miss);
    await cache.get('nope', miss);
    expect(misses).toBe(2);
  });
});

describe('UsageLog', () => {
  let db: Db;
  let keyId: number;
  beforeAll(async () => {
    db = (await cloneTemplateDb()).db;
    const org = await makeOrg(db, 'external', '热线');
    await makeApiKey(db, org.id, []);
    keyId = (await db.kysely.selectFrom('apiKeys').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => db.close());

  it('writes every use added before flush(), with the key’s last use', async () => {
    const log = new UsageLog(db);
    for (let i = 0; i < 30; i++)
      log.add({ keyId, at: 1000 + i, method: 'POST', path: '/api/cases', status: i % 2 ? 201 : 409, ip: '127.0.0.1' });
    await log.flush();
    const uses = await db.kysely.selectFrom('apiKeyUses').select(['at', 'status']).where('keyId', '=', keyId).execute();
    expect(uses).toHaveLength(30);
    expect(uses.filter((u) => u.status === 201)).toHaveLength(15);
    const key = await db.kysely.selectFrom('apiKeys').select('lastUsedAt').where('id', '=', keyId).executeTakeFirst();
    expect(key?.lastUsedAt).toBe(1029);
  });

  it('reports a failed batch and goes on with the next one', async () => {
    const errors: unknown[] = [];
    const log = new UsageLog(db, (e) => errors.push(e));
    log.add({ keyId: 987654, at: 1, method: 'GET', path: '/x', status: 200, ip: null }); // no such key: FK fails
    await log.flush();
    expect(errors).toHaveLength(1);
    log.add({ keyId, at: 2000, method: 'GET', path: '/y', status: 200, ip: null });
    await log.flush();
    expect(await db.kysely.selectFrom('apiKeyUses').select('path').where('path', '=', '/y').execute()).toHaveLength(1);
  });

  it('is written off the event loop once SQLite’s writer thread runs (not on the app’s connection)', async () => {
    const sqlite = db.dialect === 'sqlite';
    // SQLite's count of rows changed on the app's connection (PostgreSQL has no thread: nothing to compare).
    const changes = async () =>
      sqlite ? Number((await sql<{ n: number }>`select total_changes() as n`.execute(db.kysely)).rows[0]?.n) : 0;
    expect(startSqliteWriter(db)).toBe(sqlite);
    const before = await changes();
    const log = new UsageLog(db);
    for (let i = 0; i < 3; i++)
      log.add({ keyId, at: 5000 + i, method: 'POST', path: '/thread', status: 201, ip: null });
    await log.flush();
    expect(await db.kysely.selectFrom('apiKeyUses').select('at').where('path', '=', '/thread').execute()).toHaveLength(
      3,
    );
    const key = await db.kysely.selectFrom('apiKeys').select('lastUsedAt').where('id', '=', keyId).executeTakeFirst();
    expect(key?.lastUsedAt).toBe(5002);
    expect(await changes()).toBe(before);
  });
});

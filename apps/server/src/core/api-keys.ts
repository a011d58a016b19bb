/**
 * The per-node state behind API-key authentication, kept per database (one per app instance):
 *
 * - `KeyCache`: the key row with its organisation, by prefix, for KEY_TTL_MS. Every request still proves the
 *   whole key against the cached SHA-256 and checks expiry against the clock; what the cache may serve stale is
 *   a revocation or an organisation's disabling made on ANOTHER node, for at most KEY_TTL_MS. On this node a
 *   revocation drops the entry in the same call (`invalidate`), so it takes effect at once.
 * - `UsageLog`: every use of a key (after the response, so its status is known) is queued and written in
 *   batches: one multi-row INSERT of the uses and one UPDATE of `last_used_at` per key, in one transaction,
 *   GATHER_MS after the first use it holds (or at once when a reader flushes). Under load that is one write for
 *   hundreds of requests instead of two autocommits per request. Reads of the log call `flush()` first, so they
 *   see every use answered before.
 */
import type { CompiledQuery, Insertable } from 'kysely';
import type { ApiKeyUsesTable } from '../db/database.js';
import { type Db, insertRows, writeTogether } from '../db/dialect.js';

export const KEY_TTL_MS = 5_000;
/** Uses written per statement (6 parameters each stays far below either database's parameter limit). */
const USES_PER_INSERT = 500;
/** How long the first queued use waits for others before the batch is written. */
const GATHER_MS = 20;
const USE_COLUMNS = ['key_id', 'at', 'method', 'path', 'status', 'ip'];

export interface CachedKey {
  id: number;
  keyHash: string;
  scopes: string[];
  expiresAt: number | null;
  revokedAt: number | null;
  name: string;
  orgId: number;
  orgName: string;
  orgDisabled: boolean;
  rateLimit: number;
  orgAreaPath: string | null;
}

export class KeyCache {
  private entries = new Map<string, { key: CachedKey; until: number }>();
  constructor(private ttlMs = KEY_TTL_MS) {}

  /** The cached row of `prefix`, else `load()` (not cached when missing: unknown prefixes stay uncached). */
  async get(prefix: string, load: () => Promise<CachedKey | undefined>): Promise<CachedKey | undefined> {
    const now = performance.now();
    const hit = this.entries.get(prefix);
    if (hit && hit.until > now) return hit.key;
    const key = await load();
    if (key) {
      // Bounded: keys are few, but a flood of valid-looking prefixes must not grow the map.
      if (this.entries.size >= 10_000) this.entries.clear();
      this.entries.set(prefix, { key, until: now + this.ttlMs });
    } else this.entries.delete(prefix);
    return key;
  }

  /** After a change to a key on this node (revocation): the next request reads the row again. */
  invalidate(keyId?: number) {
    if (keyId === undefined) return this.entries.clear();
    for (const [prefix, e] of this.entries) if (e.key.id === keyId) this.entries.delete(prefix);
  }
}

export type KeyUse = Insertable<ApiKeyUsesTable> & { at: number };

export class UsageLog {
  private queue: KeyUse[] = [];
  private draining: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Readers waiting in flush(): no gathering meanwhile. */
  private flushing = 0;

  constructor(
    private db: Db,
    private onError: (err: unknown) => void = (err) => console.error('api key usage log:', err),
  ) {}

  add(use: KeyUse) {
    this.queue.push(use);
    this.draining ??= this.drain();
  }

  /** Resolves once every use added before the call is written (or its write failed and was reported). */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      this.wake?.();
      while (this.draining) await this.draining;
    } finally {
      this.flushing--;
    }
  }

  private async drain() {
    try {
      // Each write gathers the uses of GATHER_MS first (under load: of several batches of answers), also the
      // uses that came while the one before waited for the connection: at most one write per GATHER_MS.
      while (this.queue.length > 0) {
        await this.gather();
        const batch = this.queue;
        this.queue = [];
        await this.write(batch).catch(this.onError);
      }
    } finally {
      this.draining = null;
    }
  }

  /** GATHER_MS, or less when a reader flushes. */
  private gather() {
    if (this.flushing > 0) return;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, GATHER_MS);
      this.wake = done;
    });
  }

  /** One transaction, off the event loop where SQLite's writer thread runs (db/dialect.ts writeTogether). */
  private async write(batch: KeyUse[]) {
    const lastUse = new Map<number, number>();
    for (const u of batch) lastUse.set(u.keyId, Math.max(lastUse.get(u.keyId) ?? 0, u.at));
    const queries: CompiledQuery[] = [];
    // Raw multi-row INSERTs: building a query tree of hundreds of rows costs more than writing them.
    for (let i = 0; i < batch.length; i += USES_PER_INSERT) {
      const rows = batch
        .slice(i, i + USES_PER_INSERT)
        .map((u) => [u.keyId, u.at, u.method, u.path, u.status, u.ip ?? null]);
      queries.push(insertRows(this.db, 'api_key_uses', USE_COLUMNS, rows));
    }
    for (const [keyId, at] of lastUse)
      queries.push(this.db.kysely.updateTable('apiKeys').set({ lastUsedAt: at }).where('id', '=', keyId).compile());
    await writeTogether(this.db, queries);
  }
}

const stores = new WeakMap<Db, { keys: KeyCache; uses: UsageLog }>();

/** The key cache and the usage log of one database (shared by the auth plugin and the API-keys module). */
export function apiKeyStore(db: Db) {
  let s = stores.get(db);
  if (!s) {
    s = { keys: new KeyCache(), uses: new UsageLog(db) };
    stores.set(db, s);
  }
  return s;
}

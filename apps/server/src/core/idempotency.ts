/**
 * Idempotent creates (`Idempotency-Key` header): a retried request returns the first answer instead of acting
 * twice. The core (`runIdempotent`) is pure over `{ db, caller, key, hash }`; `withIdempotency` adapts it to a
 * Fastify route.
 *
 * Protocol, per (caller, key):
 *  1. INSERT a placeholder row (status 0) — one autocommitted statement, so it is visible to every other
 *     request at once. The primary key decides the race: exactly one request inserts it and acts.
 *  2. The winner runs the handler, then stores `{ status, body }` in the row (or, better, inside the handler's
 *     own transaction through `tx.record(trx, result)`, so "acted" and "remembered" commit together).
 *     A handler that throws deletes the placeholder: nothing was done, the client may retry.
 *  3. A loser reads the row: other request hash → 422 IDEMPOTENCY_KEY_REUSED; still status 0 →
 *     409 IDEMPOTENCY_IN_PROGRESS; finished → the stored answer, replayed.
 * If the process dies between the handler's commit and step 2 (without `tx.record`), the placeholder stays
 * and the key answers 409 until pruned (24 h): we prefer a stuck key to a second case.
 * A handler that does all its work in one transaction should rather claim inside it (`inTransaction`, see
 * IdempotencyTx.claim): one transaction per request instead of three.
 */
import { createHash } from 'node:crypto';
import { AppError } from '@grassroots/shared/common/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Compilable, Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Db } from '../db/dialect.js';
import type { Clock } from './clock.js';
import type { Job } from './jobs.js';

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 10 * 60_000;
const KEY_PATTERN = /^[\x20-\x7e]{1,100}$/;

export interface IdempotentResult {
  status: number;
  body: unknown;
}
export interface IdempotentOutcome extends IdempotentResult {
  replayed: boolean;
}
export interface IdempotencyTx {
  /** Stores the answer inside the handler's transaction (atomic with the work). Optional. */
  record(trx: Kysely<Database>, result: IdempotentResult): Promise<void>;
  /** `record` as a statement the handler runs itself, with its other writes (dialect writeAll); null: no key. */
  recordQuery(trx: Kysely<Database>, result: IdempotentResult): Compilable | null;
  /**
   * With `withIdempotency(…, { inTransaction: true })` only: claims the key as the FIRST statement of the
   * handler's transaction and returns null, or returns the stored answer to replay (return it as is). The
   * claim, the work and `record` then commit or roll back together: no placeholder outlives a failure, and a
   * second request with the key waits for the first one's transaction (the key's row is locked until then)
   * and replays its answer. Without `inTransaction` the key was claimed before the handler: null.
   */
  claim(trx: Kysely<Database>): Promise<IdempotentOutcome | null>;
  /**
   * With `inTransaction` only: the key as stored, for a handler that claims and records many requests' keys with
   * one statement each (cases.intake-batch.ts). Rows it cannot claim so go through `claim` as usual.
   */
  readonly stored?: { caller: string; key: string; requestHash: string };
}
export interface IdempotencyRequest {
  db: Db;
  clock: Clock;
  caller: string;
  key: string;
  hash: string;
}

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const requestHash = (method: string, url: string, body: unknown) =>
  createHash('sha256')
    .update(`${method.toUpperCase()}\n${url}\n${canonicalJson(body)}`)
    .digest('hex');

export async function runIdempotent(
  r: IdempotencyRequest,
  handler: (tx: IdempotencyTx) => Promise<IdempotentResult>,
): Promise<IdempotentOutcome> {
  const k = r.db.kysely;
  await maybePrune(r.db, r.clock.now());
  // Two rounds at most: the second after an expired row or a failed winner's placeholder disappeared.
  for (let round = 0; round < 2; round++) {
    const claimed = await k
      .insertInto('idempotencyKeys')
      .values({ caller: r.caller, key: r.key, requestHash: r.hash, status: 0, response: '', createdAt: r.clock.now() })
      .onConflict((oc) => oc.columns(['caller', 'key']).doNothing())
      .returning('caller')
      .executeTakeFirst();
    if (claimed) return { ...(await runClaimed(r, handler)), replayed: false };

    const row = await k
      .selectFrom('idempotencyKeys')
      .select(['requestHash', 'status', 'response', 'createdAt'])
      .where('caller', '=', r.caller)
      .where('key', '=', r.key)
      .executeTakeFirst();
    if (!row) continue;
    if (row.createdAt < r.clock.now() - IDEMPOTENCY_TTL_MS) {
      await removeKey(k, r, row.createdAt);
      continue;
    }
    if (row.requestHash !== r.hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (row.status === 0) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
    return { status: row.status, body: JSON.parse(row.response), replayed: true };
  }
  throw new AppError('IDEMPOTENCY_IN_PROGRESS');
}

async function runClaimed(
  r: IdempotencyRequest,
  handler: (tx: IdempotencyTx) => Promise<IdempotentResult>,
): Promise<IdempotentResult> {
  const k = r.db.kysely;
  let recorded = false;
  const store = async (db: Kysely<Database>, result: IdempotentResult) => {
    await storeQuery(db, r, result).execute();
  };
  let result: IdempotentResult;
  try {
    result = await handler({
      record: async (trx, res) => {
        await store(trx, res);
        recorded = true;
      },
      recordQuery: (trx, res) => {
        recorded = true; // the handler runs it in its transaction, or fails and frees the key below
        return storeQuery(trx, r, res);
      },
      claim: async () => null,
    });
  } catch (err) {
    // Nothing was done (the handler's transaction rolled back): free the key for a retry.
    await k
      .deleteFrom('idempotencyKeys')
      .where('caller', '=', r.caller)
      .where('key', '=', r.key)
      .where('status', '=', 0)
      .execute();
    throw err;
  }
  if (!recorded) await store(k, result);
  return result;
}

/**
 * The in-transaction protocol (see IdempotencyTx.claim): the handler claims inside its own transaction, so a
 * request costs no autocommitted placeholder, no separate answer UPDATE and no clean-up on failure.
 */
export async function runIdempotentInTransaction(
  r: IdempotencyRequest,
  handler: (tx: IdempotencyTx) => Promise<IdempotentResult & { replayed?: boolean }>,
): Promise<IdempotentOutcome> {
  await maybePrune(r.db, r.clock.now());
  const result = await handler({
    stored: { caller: r.caller, key: r.key, requestHash: r.hash },
    claim: (trx) => claimIn(trx, r),
    record: async (trx, res) => {
      await storeQuery(trx, r, res).execute();
    },
    recordQuery: (trx, res) => storeQuery(trx, r, res),
  });
  return { replayed: false, ...result };
}

async function claimIn(trx: Kysely<Database>, r: IdempotencyRequest): Promise<IdempotentOutcome | null> {
  for (let round = 0; round < 2; round++) {
    // On PostgreSQL this waits while another transaction holds an uncommitted claim of the same key.
    const claimed = await trx
      .insertInto('idempotencyKeys')
      .values({ caller: r.caller, key: r.key, requestHash: r.hash, status: 0, response: '', createdAt: r.clock.now() })
      .onConflict((oc) => oc.columns(['caller', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 1) return null;
    const row = await trx
      .selectFrom('idempotencyKeys')
      .select(['requestHash', 'status', 'response', 'createdAt'])
      .where('caller', '=', r.caller)
      .where('key', '=', r.key)
      .executeTakeFirst();
    if (!row) continue;
    if (row.createdAt < r.clock.now() - IDEMPOTENCY_TTL_MS) {
      await removeKey(trx, r, row.createdAt);
      continue;
    }
    if (row.requestHash !== r.hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    // Only a claim of the placeholder protocol (another route with the same key) can still be open here.
    if (row.status === 0) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
    return { status: row.status, body: JSON.parse(row.response), replayed: true };
  }
  throw new AppError('IDEMPOTENCY_IN_PROGRESS');
}

/** The answer into the key's row. */
const storeQuery = (k: Kysely<Database>, r: IdempotencyRequest, result: IdempotentResult) =>
  k
    .updateTable('idempotencyKeys')
    .set({ status: result.status, response: JSON.stringify(result.body ?? null) })
    .where('caller', '=', r.caller)
    .where('key', '=', r.key);

const removeKey = (k: Kysely<Database>, r: IdempotencyRequest, createdAt: number) =>
  k
    .deleteFrom('idempotencyKeys')
    .where('caller', '=', r.caller)
    .where('key', '=', r.key)
    .where('createdAt', '=', createdAt)
    .execute();

/** Deletes entries older than 24 h; returns how many. The jobs runner may schedule it; calls also prune lazily. */
export async function pruneIdempotencyKeys(ctx: { db: Db }, now: number): Promise<number> {
  const res = await ctx.db.kysely
    .deleteFrom('idempotencyKeys')
    .where('createdAt', '<', now - IDEMPOTENCY_TTL_MS)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** For the job runner: `services.jobs.registerJob(idempotencyPruneJob)`. */
export const idempotencyPruneJob: Job = {
  name: 'idempotency.prune',
  intervalMs: 3600_000,
  run: (ctx, now) => pruneIdempotencyKeys(ctx, now).then(() => undefined),
};

// Per database (one per app instance), when this process last pruned: at most one DELETE per 10 minutes.
const lastPrune = new WeakMap<Db, number>();
async function maybePrune(db: Db, now: number) {
  const last = lastPrune.get(db);
  if (last !== undefined && now - last < PRUNE_EVERY_MS && now >= last) return;
  lastPrune.set(db, now);
  await pruneIdempotencyKeys({ db }, now);
}

/** 'a:<accountId>' | 'k:<apiKeyId>'; null for anonymous callers (they get no idempotency). */
export function callerOf(req: FastifyRequest): string | null {
  const p = req.principal;
  if (!p) return null;
  if (p.kind === 'api_key' && p.apiKeyId != null) return `k:${p.apiKeyId}`;
  if (p.accountId != null) return `a:${p.accountId}`;
  return null;
}

/** The `Idempotency-Key` header, validated (1–100 printable ASCII characters); null when absent. */
export function idempotencyKeyOf(req: FastifyRequest): string | null {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !KEY_PATTERN.test(raw))
    throw new AppError('VALIDATION_FAILED', [
      { path: 'headers.idempotency-key', message: '1–100 printable characters' },
    ]);
  return raw;
}

/**
 * Route adapter: `return withIdempotency(req, reply, async (tx) => ({ status: 201, body }))`.
 * Sets the status (and `Idempotent-Replayed: true` on a replay) and returns the body for Fastify to serialise.
 * `opts.hashBody` replaces the JSON body in the request hash (multipart routes hash their file digests).
 */
export async function withIdempotency<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  handler: (tx: IdempotencyTx) => Promise<{ status: number; body: T; replayed?: boolean }>,
  opts: { hashBody?: unknown; inTransaction?: boolean } = {},
): Promise<T> {
  const key = idempotencyKeyOf(req);
  const caller = callerOf(req);
  let outcome: IdempotentOutcome;
  if (key === null || caller === null) {
    const none = { record: async () => {}, recordQuery: () => null, claim: async () => null };
    outcome = { replayed: false, ...(await handler(none)) };
  } else {
    const { db, clock } = req.server.ctx;
    const hash = requestHash(req.method, req.url, 'hashBody' in opts ? opts.hashBody : req.body);
    const r = { db, clock, caller, key, hash };
    outcome = await (opts.inTransaction ? runIdempotentInTransaction(r, handler) : runIdempotent(r, handler));
  }
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  reply.status(outcome.status);
  // A replay returns what was stored for this very request, i.e. a T.
  return outcome.body as T;
}

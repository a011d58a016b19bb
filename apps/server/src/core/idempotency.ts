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
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { type Db, insertRows, type Write } from '../db/dialect.js';
import type { Clock } from './clock.js';
import type { Job } from './jobs.js';

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 10 * 60_000;
const KEY_PATTERN = /^[\x20-\x7e]{1,100}$/;

export interface IdempotentResult {
  status: number;
  body: unknown;
  /**
   * `body` as JSON, when the handler has serialised it already: stored as it is, and sent as it is (no second
   * serialisation by the route's response schema — the handler vouches that it is that schema's output).
   */
  json?: string;
  /**
   * What the key's row keeps instead of the answer (JSON), for a handler that can rebuild its answer from the
   * database: a replay then yields it, parsed, as `body`, and the handler turns it back into the answer (intake
   * stores the case's id, not its 2 KB view). Default: the answer itself.
   */
  stored?: string;
}
export interface IdempotentOutcome extends IdempotentResult {
  replayed: boolean;
}
export interface IdempotencyTx {
  /** Stores the answer inside the handler's transaction (atomic with the work). Optional. */
  record(trx: Kysely<Database>, result: IdempotentResult): Promise<void>;
  /** `record` as a statement the handler runs itself, with its other writes (dialect writeAll); null: no key. */
  recordQuery(trx: Kysely<Database>, result: IdempotentResult): Write | null;
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
   * one statement each (`claimMany`, `recordMany`; cases.intake-batch.ts). A key it cannot claim so goes through
   * `claim` as usual.
   */
  readonly stored?: StoredKey;
}
/** An `Idempotency-Key` as its row names it. */
export interface StoredKey {
  caller: string;
  key: string;
  requestHash: string;
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
  const o = value as Record<string, unknown>;
  // Code-unit order, as `<` compares; a loop rather than entries/filter/map (every intake hashes its body).
  const keys = Object.keys(o).sort();
  let out = '';
  for (const k of keys) {
    const v = o[k];
    if (v === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return `{${out}}`;
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
    if (await claimOne(k, r)) return { ...(await runClaimed(r, handler)), replayed: false };

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
    await db.executeQuery(storeQuery(r, result));
  };
  let result: IdempotentResult;
  try {
    result = await handler({
      record: async (trx, res) => {
        await store(trx, res);
        recorded = true;
      },
      recordQuery: (_trx, res) => {
        recorded = true; // the handler runs it in its transaction, or fails and frees the key below
        return storeQuery(r, res);
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
    stored: storedKey(r),
    claim: (trx) => claimIn(trx, r),
    record: async (trx, res) => {
      await trx.executeQuery(storeQuery(r, res));
    },
    recordQuery: (_trx, res) => storeQuery(r, res),
  });
  return { replayed: false, ...result };
}

async function claimIn(trx: Kysely<Database>, r: IdempotencyRequest): Promise<IdempotentOutcome | null> {
  for (let round = 0; round < 2; round++) {
    // On PostgreSQL this waits while another transaction holds an uncommitted claim of the same key.
    if (await claimOne(trx, r)) return null;
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

// ── The key rows. One layout for a claim (status 0, no answer yet) and an answer, for one request or many. ──

const KEY_COLUMNS = ['caller', 'key', 'request_hash', 'status', 'response', 'created_at'];
const CLAIM = 'on conflict ("caller", "key") do nothing returning "caller", "key"';
// An upsert rather than an UPDATE, so that the answers of many keys are one statement.
const STORE =
  'on conflict ("caller", "key") do update set "status" = excluded."status", "response" = excluded."response"';
const keyRow = (k: StoredKey, at: number, result?: IdempotentResult) => [
  k.caller,
  k.key,
  k.requestHash,
  result?.status ?? 0,
  result ? (result.stored ?? result.json ?? JSON.stringify(result.body ?? null)) : '',
  at,
];
/** One string per (caller, key): the identity of a key row. */
export const idOf = (k: { caller: string; key: string }) => `${k.caller}\u0000${k.key}`;
const storedKey = (r: IdempotencyRequest): StoredKey => ({ caller: r.caller, key: r.key, requestHash: r.hash });

/**
 * Claims keys (status-0 rows) with one INSERT; returns those it claimed. A key given twice is claimed for its
 * first occurrence only. Inside a transaction a claimed row stays locked until it ends, so the rows are claimed
 * in key order: two transactions that share keys then wait on each other in the same order on PostgreSQL, never
 * in a cycle. A key not claimed exists already (or is being claimed by an open transaction, which this waits for).
 */
export async function claimMany(db: Db, k: Kysely<Database>, keys: StoredKey[], at: number): Promise<Set<StoredKey>> {
  const first = new Map<string, StoredKey>();
  for (const key of keys) if (!first.has(idOf(key))) first.set(idOf(key), key);
  if (first.size === 0) return new Set();
  const rows = [...first.keys()].sort().map((id) => keyRow(first.get(id) as StoredKey, at));
  const r = await k.executeQuery<{ caller: string; key: string }>(
    insertRows(db, 'idempotency_keys', KEY_COLUMNS, rows, CLAIM),
  );
  return new Set(r.rows.map((row) => first.get(idOf(row)) as StoredKey));
}

/** The answers into their claimed keys' rows, as one statement (for writeAll). The keys must be distinct. */
export const recordMany = (db: Db, answers: [StoredKey, IdempotentResult][], at: number) =>
  insertRows(
    db,
    'idempotency_keys',
    KEY_COLUMNS,
    answers.map(([key, result]) => keyRow(key, at, result)),
    STORE,
  );

/** Gives back keys claimed in this transaction for requests that did nothing in it (they answer elsewhere). */
export async function releaseMany(k: Kysely<Database>, keys: StoredKey[]) {
  if (keys.length === 0) return;
  await k
    .deleteFrom('idempotencyKeys')
    .where((eb) => eb.or(keys.map((key) => eb.and([eb('caller', '=', key.caller), eb('key', '=', key.key)]))))
    .execute();
}

const claimOne = async (k: Kysely<Database>, r: IdempotencyRequest) =>
  (await claimMany(r.db, k, [storedKey(r)], r.clock.now())).size === 1;

/** The answer into the key's row. */
const storeQuery = (r: IdempotencyRequest, result: IdempotentResult) =>
  recordMany(r.db, [[storedKey(r), result]], r.clock.now());

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
  handler: (tx: IdempotencyTx) => Promise<{ status: number; body: T; replayed?: boolean; json?: string }>,
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
  const { json } = outcome;
  if (json !== undefined && !outcome.replayed) reply.serializer(() => json);
  // A replay returns what was stored for this very request, i.e. a T.
  return outcome.body as T;
}

/**
 * Authentication on every request: a session cookie (with CSRF on writes) or an API key
 * (`Authorization: Bearer grk_…`). Sets `req.principal` and `req.actor`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '@grassroots/shared/common/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiKeyStore, type CachedKey } from '../core/api-keys.js';
import type { Actor } from '../core/audit.js';
import type { AppContext } from '../core/context.js';
import type { Principal } from '../core/principal.js';
import { RateWindow } from '../core/rate-window.js';
import { apiKeyScope, computeScope, loadGrants } from '../core/scope.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    actor: Actor;
  }
}

export const SESSION_COOKIE = 'gr_sid';
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes that need no CSRF token: they create the session or need none. */
const CSRF_EXEMPT = new Set(['/api/auth/login', '/api/auth/signup']);
const PASSWORD_CHANGE_ALLOWED = new Set(['/api/me', '/api/auth/password', '/api/auth/logout', '/api/auth/login']);

export function registerAuth(app: FastifyInstance, ctx: AppContext) {
  const apiKeyLimits = new RateWindow(ctx.clock);
  app.decorateRequest('principal', null);
  app.decorateRequest('actor', null as unknown as Actor);

  app.addHook('onRequest', async (req) => {
    req.actor = { id: null, kind: 'anonymous', name: null, ip: req.ip };
    if (!req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.principal = await principalFromApiKey(ctx, auth.slice(7).trim(), req, apiKeyLimits);
      req.actor = { id: req.principal.apiKeyId, kind: 'api_key', name: req.principal.name, ip: req.ip };
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const principal = await principalFromSession(ctx, token);
    if (!principal) return;
    req.principal = principal;
    req.actor = { id: principal.accountId, kind: 'account', name: principal.name, ip: req.ip };
    const path = req.url.split('?')[0] ?? '';
    // An account with an initial (printed-once) password may do nothing but change it.
    if (principal.mustChangePassword && !PASSWORD_CHANGE_ALLOWED.has(path))
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (!SAFE_METHODS.has(req.method) && !CSRF_EXEMPT.has(path)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !principal.csrfToken || !safeEqual(sent, principal.csrfToken)) {
        throw new AppError('CSRF_MISMATCH');
      }
    }
  });
}

async function principalFromSession(ctx: AppContext, token: string): Promise<Principal | null> {
  const db = ctx.db.kysely;
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.accountId')
    .select([
      's.id as sessionId',
      's.csrfToken',
      's.expiresAt',
      'a.id',
      'a.displayName',
      'a.disabledAt',
      'a.mustChangePassword',
    ])
    .where('s.id', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.expiresAt < ctx.clock.now() || row.disabledAt != null) return null;
  const grants = await loadGrants(db, row.id);
  return {
    kind: 'account',
    accountId: row.id,
    apiKeyId: null,
    name: row.displayName,
    roles: [...new Set(grants.map((g) => g.role))],
    grants,
    scope: await computeScope(db, row.id, grants),
    apiScopes: [],
    mustChangePassword: row.mustChangePassword === 1,
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
  };
}

/**
 * Keys look like `grk_<prefix>_<secret>`; the prefix finds the row, the SHA-256 of the whole key proves it.
 * The row comes from the node's key cache (core/api-keys.ts: at most 5 s old; a revocation on this node drops
 * it at once); the hash, the expiry and the rate window are checked on every request.
 */
async function principalFromApiKey(
  ctx: AppContext,
  key: string,
  req: FastifyRequest,
  limits: RateWindow,
): Promise<Principal> {
  const prefix = /^grk_([A-Za-z0-9]{8})_[A-Za-z0-9_-]{20,}$/.exec(key)?.[1];
  if (!prefix) throw new AppError('API_KEY_INVALID');
  const row = await apiKeyStore(ctx.db).keys.get(prefix, () => loadKey(ctx, prefix));
  const now = ctx.clock.now();
  if (
    !row ||
    !safeEqual(row.keyHash, sha256(key)) ||
    row.revokedAt != null ||
    (row.expiresAt != null && row.expiresAt < now) ||
    row.orgDisabled
  ) {
    throw new AppError('API_KEY_INVALID');
  }
  req.apiKeyUse = { keyId: row.id };
  const retryAfterSeconds = limits.hit(row.id, row.rateLimit);
  if (retryAfterSeconds != null)
    throw new AppError('RATE_LIMITED', { retryAfterSeconds, limitPerMinute: row.rateLimit });
  return {
    kind: 'api_key',
    accountId: null,
    apiKeyId: row.id,
    name: `${row.orgName} · ${row.name}`,
    orgName: row.orgName,
    roles: [],
    grants: [],
    scope: apiKeyScope(row.orgId, row.orgAreaPath),
    apiScopes: [...row.scopes],
    mustChangePassword: false,
    sessionId: null,
    csrfToken: null,
  };
}

async function loadKey(ctx: AppContext, prefix: string): Promise<CachedKey | undefined> {
  const row = await ctx.db.kysely
    .selectFrom('apiKeys as k')
    .innerJoin('organisations as o', 'o.id', 'k.orgId')
    .leftJoin('areas as a', 'a.id', 'o.areaId')
    .select([
      'k.id',
      'k.keyHash',
      'k.scopes',
      'k.expiresAt',
      'k.revokedAt',
      'k.name',
      'k.orgId',
      'k.rateLimit',
      'o.name as orgName',
      'o.disabled',
      'a.path',
    ])
    .where('k.prefix', '=', prefix)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    keyHash: row.keyHash,
    scopes: JSON.parse(row.scopes) as string[],
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    name: row.name,
    orgId: row.orgId,
    orgName: row.orgName,
    orgDisabled: row.disabled === 1,
    rateLimit: row.rateLimit,
    orgAreaPath: row.path ?? null,
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKeyUse?: { keyId: number };
  }
}

/**
 * Every use of an API key is logged after the response, so the status is known. The rows are queued and
 * written in batches (core/api-keys.ts UsageLog); the queue is written out before the server closes.
 */
export function registerApiKeyUsageLog(app: FastifyInstance, ctx: AppContext) {
  const { uses } = apiKeyStore(ctx.db);
  app.addHook('onResponse', async (req, reply) => {
    if (!req.apiKeyUse) return;
    uses.add({
      keyId: req.apiKeyUse.keyId,
      at: ctx.clock.now(),
      method: req.method,
      path: (req.url.split('?')[0] ?? '').slice(0, 255),
      status: reply.statusCode,
      ip: req.ip,
    });
  });
  // preClose: the onClose hooks (which close the database) run after it.
  app.addHook('preClose', () => uses.flush());
}

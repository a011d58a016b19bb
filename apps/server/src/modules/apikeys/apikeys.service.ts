/**
 * Integration keys per organisation (e.g. the city 12345 system). A key is `grk_<8 alnum prefix>_<secret>`:
 * the prefix finds the row, the SHA-256 of the WHOLE key proves it (plugins/auth.ts principalFromApiKey).
 * The key is returned once at creation and never stored in clear. Admin only; every write audited.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type {
  ApiKeyListQuery,
  ApiKeyUsePage,
  ApiKeyView,
  CreateApiKeyBody,
} from '@grassroots/shared/apikeys/apikeys.schema';
import { AppError } from '@grassroots/shared/common/errors';
import type { Page, PageQuery } from '@grassroots/shared/common/pagination';
import { apiKeyStore } from '../../core/api-keys.js';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { assertAccountCan, type Principal } from '../../core/principal.js';
import { sha256 } from '../../plugins/auth.js';
import { ApiKeysRepository } from './apikeys.repository.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

/** 8 alphanumerics (~47 bits, only a lookup handle) + 32 random bytes as base64url (43 chars, the secret). */
export function generateApiKey() {
  const prefix = Array.from({ length: 8 }, () => ALNUM[randomInt(ALNUM.length)]).join('');
  return { prefix, key: `grk_${prefix}_${randomBytes(32).toString('base64url')}` };
}

const requireManage = (p: Principal) => assertAccountCan(p, 'apiKeys.manage');

type Row = NonNullable<Awaited<ReturnType<ApiKeysRepository['find']>>>;

export class ApiKeysService {
  readonly repo: ApiKeysRepository;
  /** The auth plugin's key cache and usage log (core/api-keys.ts). */
  private readonly store;
  constructor(private ctx: AppContext) {
    this.repo = new ApiKeysRepository(ctx.db);
    this.store = apiKeyStore(ctx.db);
  }

  async list(p: Principal, q: ApiKeyListQuery): Promise<Page<ApiKeyView>> {
    requireManage(p);
    const now = this.ctx.clock.now();
    const filters = { orgId: q.orgId ? Number(q.orgId) : undefined, status: q.status, now };
    await this.store.uses.flush(); // last_used_at of every use answered so far
    const { rows, total } = await this.repo.list(filters, q.page, q.pageSize);
    return { items: rows.map((r) => this.view(r)), total, page: q.page, pageSize: q.pageSize };
  }

  async get(p: Principal, id: number): Promise<ApiKeyView> {
    requireManage(p);
    await this.store.uses.flush();
    const row = await this.repo.find(id);
    if (!row) throw new AppError('NOT_FOUND');
    return this.view(row);
  }

  async create(p: Principal, actor: Actor, input: CreateApiKeyBody) {
    requireManage(p);
    const now = this.ctx.clock.now();
    const expiresAt = input.expiresAt ? Date.parse(input.expiresAt) : null;
    if (expiresAt != null && expiresAt <= now)
      throw new AppError('VALIDATION_FAILED', [{ path: 'body.expiresAt', message: 'must be in the future' }]);
    const { prefix, key } = generateApiKey();
    const scopes = [...new Set(input.scopes)];
    const id = await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const org = await this.repo.findOrg(trx, Number(input.orgId));
      if (!org) throw new AppError('VALIDATION_FAILED', [{ path: 'body.orgId', message: 'unknown organisation' }]);
      if (org.disabled === 1) throw new AppError('VALIDATION_FAILED', [{ path: 'body.orgId', message: 'disabled' }]);
      const row = await trx
        .insertInto('apiKeys')
        .values({
          orgId: org.id,
          name: input.name,
          prefix,
          keyHash: sha256(key),
          scopes: JSON.stringify(scopes),
          rateLimit: input.rateLimit ?? 600,
          expiresAt,
          createdBy: p.accountId,
          createdAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.write(trx, actor, {
        action: 'apikey.created',
        entityType: 'api_key',
        entityId: row.id,
        areaPath: org.areaPath ?? null,
        summary: { orgId: org.id, orgName: org.name, name: input.name, prefix, scopes, expiresAt: iso(expiresAt) },
      });
      return row.id;
    });
    return { id: String(id), key, apiKey: await this.get(p, id) };
  }

  async revoke(p: Principal, actor: Actor, id: number): Promise<ApiKeyView> {
    requireManage(p);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const row = await this.repo.find(id, trx);
      if (!row) throw new AppError('NOT_FOUND');
      if (row.revokedAt != null) return;
      await trx.updateTable('apiKeys').set({ revokedAt: this.ctx.clock.now() }).where('id', '=', id).execute();
      const org = await this.repo.findOrg(trx, row.orgId);
      await this.ctx.audit.write(trx, actor, {
        action: 'apikey.revoked',
        entityType: 'api_key',
        entityId: id,
        areaPath: org?.areaPath ?? null,
        summary: { orgName: row.orgName, name: row.name, prefix: row.prefix },
      });
    });
    this.store.keys.invalidate(id);
    return this.get(p, id);
  }

  async uses(p: Principal, id: number, q: PageQuery): Promise<ApiKeyUsePage> {
    requireManage(p);
    if (!(await this.repo.find(id))) throw new AppError('NOT_FOUND');
    await this.store.uses.flush();
    const { rows, total } = await this.repo.uses(id, q.page, q.pageSize);
    const items = rows.map((u) => ({
      id: String(u.id),
      at: new Date(u.at).toISOString(),
      method: u.method,
      path: u.path,
      status: u.status,
      ip: u.ip,
    }));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /** For a key holder: which organisation and scopes this key carries (a cheap connectivity check). */
  async whoami(p: Principal) {
    if (p.kind !== 'api_key' || p.apiKeyId == null) throw new AppError('FORBIDDEN', { reason: 'api_key_only' });
    const row = await this.repo.find(p.apiKeyId);
    if (!row) throw new AppError('API_KEY_INVALID');
    return {
      keyId: String(row.id),
      name: row.name,
      orgId: String(row.orgId),
      orgName: row.orgName,
      scopes: JSON.parse(row.scopes) as string[],
    };
  }

  private view(r: Row): ApiKeyView {
    const now = this.ctx.clock.now();
    const status = r.revokedAt != null ? 'revoked' : r.expiresAt != null && r.expiresAt < now ? 'expired' : 'active';
    return {
      id: String(r.id),
      orgId: String(r.orgId),
      orgName: r.orgName,
      name: r.name,
      prefix: r.prefix,
      scopes: JSON.parse(r.scopes) as string[],
      rateLimit: r.rateLimit,
      expiresAt: iso(r.expiresAt),
      revokedAt: iso(r.revokedAt),
      lastUsedAt: iso(r.lastUsedAt),
      createdAt: new Date(r.createdAt).toISOString(),
      createdByName: r.createdByName ?? null,
      status,
    };
  }
}

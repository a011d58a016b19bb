/** API keys and their use log. Admin-only data: no area scoping (keys belong to organisations). */
import type { Kysely } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import type { Database } from '../../db/database.js';
import type { Db } from '../../db/dialect.js';

type K = Kysely<Database>;

export interface KeyFilters {
  orgId?: number;
  status?: 'active' | 'revoked' | 'expired';
  now: number;
}

export class ApiKeysRepository {
  constructor(private db: Db) {}

  private filtered(f: KeyFilters, k: K = this.db.kysely) {
    let q = k
      .selectFrom('apiKeys as k')
      .innerJoin('organisations as o', 'o.id', 'k.orgId')
      .leftJoin('accounts as c', 'c.id', 'k.createdBy');
    if (f.orgId) q = q.where('k.orgId', '=', f.orgId);
    if (f.status === 'revoked') q = q.where('k.revokedAt', 'is not', null);
    if (f.status === 'expired') q = q.where('k.revokedAt', 'is', null).where('k.expiresAt', '<', f.now);
    if (f.status === 'active')
      q = q
        .where('k.revokedAt', 'is', null)
        .where((eb) => eb.or([eb('k.expiresAt', 'is', null), eb('k.expiresAt', '>=', f.now)]));
    return q;
  }

  private readonly columns = [
    'k.id',
    'k.orgId',
    'o.name as orgName',
    'o.areaId as orgAreaId',
    'k.name',
    'k.prefix',
    'k.scopes',
    'k.rateLimit',
    'k.expiresAt',
    'k.revokedAt',
    'k.lastUsedAt',
    'k.createdAt',
    'c.displayName as createdByName',
  ] as const;

  async list(f: KeyFilters, page: number, pageSize: number) {
    const rows = this.filtered(f).select(this.columns).orderBy('k.id', 'desc');
    return fetchPage(rows, this.filtered(f), { page, pageSize });
  }

  find(id: number, k: K = this.db.kysely) {
    return this.filtered({ now: 0 }, k).select(this.columns).where('k.id', '=', id).executeTakeFirst();
  }

  findOrg(k: K, id: number) {
    return k
      .selectFrom('organisations as o')
      .leftJoin('areas as a', 'a.id', 'o.areaId')
      .select(['o.id', 'o.name', 'o.disabled', 'a.path as areaPath'])
      .where('o.id', '=', id)
      .executeTakeFirst();
  }

  async uses(keyId: number, page: number, pageSize: number) {
    const uses = this.db.kysely.selectFrom('apiKeyUses').where('keyId', '=', keyId);
    return fetchPage(uses.selectAll().orderBy('at', 'desc').orderBy('id', 'desc'), uses, { page, pageSize });
  }
}

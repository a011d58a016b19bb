import { fetchPage } from '../../core/paging.js';
import { inAreas, type Scope } from '../../core/scope.js';
import { containsText, type Db } from '../../db/dialect.js';

export interface AuditFilters {
  actorId?: number;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: number;
  to?: number;
  q?: string;
}

export class AuditRepository {
  constructor(private db: Db) {}

  private filtered(scope: Scope, f: AuditFilters) {
    let q = this.db.kysely.selectFrom('auditLog as l');
    // The whole scope (admin) also sees rows without an area (logins, organisations without an area …).
    if (!scope.areaPaths.includes('/')) q = q.where(inAreas(scope, 'l.areaPath'));
    if (f.actorId !== undefined) q = q.where('l.actorId', '=', f.actorId);
    if (f.action) q = q.where('l.action', '=', f.action);
    if (f.entityType) q = q.where('l.entityType', '=', f.entityType);
    if (f.entityId) q = q.where('l.entityId', '=', f.entityId);
    if (f.from !== undefined) q = q.where('l.at', '>=', f.from);
    if (f.to !== undefined) q = q.where('l.at', '<=', f.to);
    if (f.q) {
      const text = f.q;
      q = q.where((eb) => eb.or(['l.actorName', 'l.action', 'l.summary'].map((c) => containsText(this.db, c, text))));
    }
    return q;
  }

  async list(scope: Scope, f: AuditFilters, page: number, pageSize: number) {
    const rows = this.filtered(scope, f).selectAll('l').orderBy('l.at', 'desc').orderBy('l.id', 'desc');
    return fetchPage(rows, this.filtered(scope, f), { page, pageSize });
  }
}

/**
 * Reading the audit log: admin reads every row; the command centre and leaders read rows whose
 * area path lies in their scope (writers put the affected area on each row for that reason).
 */
import type { AuditListQuery, AuditPage } from '@grassroots/shared/audit/audit.schema';
import type { AppContext } from '../../core/context.js';
import { assertAccountCan, type Principal } from '../../core/principal.js';
import { AuditRepository } from './audit.repository.js';

export class AuditService {
  private repo: AuditRepository;
  constructor(ctx: AppContext) {
    this.repo = new AuditRepository(ctx.db);
  }

  async list(p: Principal, q: AuditListQuery): Promise<AuditPage> {
    assertAccountCan(p, 'audit.read');
    const filters = {
      actorId: q.actorId ? Number(q.actorId) : undefined,
      action: q.action || undefined,
      entityType: q.entityType || undefined,
      entityId: q.entityId || undefined,
      from: q.from ? Date.parse(q.from) : undefined,
      to: q.to ? Date.parse(q.to) : undefined,
      q: q.q || undefined,
    };
    const { rows, total } = await this.repo.list(p.scope, filters, q.page, q.pageSize);
    const items = rows.map((r) => ({
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      actorId: r.actorId == null ? null : String(r.actorId),
      actorKind: r.actorKind,
      actorName: r.actorName,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      areaPath: r.areaPath,
      ip: r.ip,
      summary: parseSummary(r.summary),
    }));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }
}

function parseSummary(s: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { raw: s };
  }
}

/** Rows → API shapes (ids as strings, times as ISO strings). */
import {
  type CaseAction,
  type CaseStatus,
  type CaseTier,
  isOpenStatus,
} from '@grassroots/shared/cases/cases.lifecycle';
import type { CaseEvent, CaseSource, CaseSummary } from '@grassroots/shared/cases/cases.schema';
import type { CaseEventRow, CaseRow } from './cases.repository.js';

export const iso = (ms: number) => new Date(ms).toISOString();

/** Names a summary shows: the handler's, the category's and the handling area's. */
export interface SummaryNames {
  account?: string | null;
  org?: string | null;
  category: string;
  area: string;
}

export function toSummary(r: CaseRow, now: number, names: SummaryNames): CaseSummary {
  const handler =
    r.handlerAccountId != null
      ? { kind: 'account' as const, id: String(r.handlerAccountId), name: names.account ?? '' }
      : r.handlerOrgId != null
        ? { kind: 'organisation' as const, id: String(r.handlerOrgId), name: names.org ?? '' }
        : null;
  const status = r.status as CaseStatus;
  // Optional fields are added after the literal, not spread into it (slow on Node 20's V8, see cases.detail.ts).
  const deadlines: CaseSummary['deadlines'] = { respondBy: iso(r.respondBy), resolveBy: iso(r.resolveBy) };
  if (r.acceptBy != null) deadlines.acceptBy = iso(r.acceptBy);
  const summary: CaseSummary = {
    id: String(r.id),
    number: r.number,
    status,
    version: r.version,
    tier: r.tier as CaseTier,
    areaId: String(r.areaId),
    categoryId: String(r.categoryId),
    categoryName: names.category,
    areaName: names.area,
    source: r.source as CaseSource,
    description: r.description,
    address: r.address,
    createdAt: iso(r.createdAt),
    deadlines,
    // A suspended case's clock is stopped.
    overdue: isOpenStatus(status) && status !== 'suspended' && now > r.resolveBy,
    suspensionPending: r.suspensionPending === 1,
    unplaced: r.unplaced === 1,
    handler,
  };
  if (r.rating) summary.rating = r.rating as CaseSummary['rating'];
  return summary;
}

export function toEvent(e: CaseEventRow & { actorName?: string | null }): CaseEvent {
  const data = JSON.parse(e.data) as { reason?: string };
  return {
    action: e.action as CaseAction | 'create',
    from: e.fromStatus as CaseStatus | null,
    to: e.toStatus as CaseStatus,
    actorId: e.actorId == null ? null : String(e.actorId),
    actorName: e.actorName ?? null,
    at: iso(e.at),
    note: e.note,
    reason: data.reason ?? null,
    attachmentIds: (JSON.parse(e.attachmentIds) as number[]).map(String),
  };
}

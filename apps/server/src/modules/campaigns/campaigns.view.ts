/** Rows → API views of campaigns (JSON columns parsed defensively, ids as strings, times as ISO). */
import { can } from '@grassroots/shared/auth/permissions';
import type { CampaignField, CampaignStatus, CoverageCounts } from '@grassroots/shared/campaigns/campaigns.rules';
import type {
  CampaignAction,
  CampaignSummary,
  CampaignTarget,
  CampaignView,
} from '@grassroots/shared/campaigns/campaigns.schema';
import type { Principal } from '../../core/principal.js';
import { canManage } from './campaigns.access.js';
import type { CampaignRow } from './campaigns.repository.js';

export function parseJson<T>(s: string | null | undefined, fallback: T): T {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

export const targetOf = (r: Pick<CampaignRow, 'target'>) => parseJson<CampaignTarget>(r.target, {});
export const formOf = (r: Pick<CampaignRow, 'form'>) => parseJson<CampaignField[]>(r.form, []);

export const emptyCounts = (): CoverageCounts => ({ total: 0, visited: 0, notHome: 0, refused: 0, pending: 0 });

/** Adds `n` households with outcome `outcome` (null = pending) to `c`. */
export function addCount(c: CoverageCounts, outcome: string | null, n: number) {
  c.total += n;
  if (outcome === 'visited') c.visited += n;
  else if (outcome === 'not_home') c.notHome += n;
  else if (outcome === 'refused') c.refused += n;
  else c.pending += n;
}

export function actionsOf(p: Principal, r: Pick<CampaignRow, 'areaPath' | 'status'>): CampaignAction[] {
  const manage = canManage(p, r.areaPath);
  const out: CampaignAction[] = [];
  if (manage && r.status === 'draft') out.push('update', 'start');
  if (manage && r.status === 'active') out.push('close');
  if (r.status === 'active' && can(p.roles, 'campaigns.visit')) out.push('visit');
  if (manage && r.status !== 'draft') out.push('export');
  return out;
}

export function toSummary(p: Principal, r: CampaignRow, progress: CoverageCounts): CampaignSummary {
  return {
    id: String(r.id),
    name: r.name,
    description: r.description,
    areaId: String(r.areaId),
    areaName: r.areaName,
    status: r.status as CampaignStatus,
    target: targetOf(r),
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    createdBy: { id: String(r.createdBy), name: r.creatorName },
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    version: r.version,
    progress,
    allowedActions: actionsOf(p, r),
  };
}

export function toView(p: Principal, r: CampaignRow, progress: CoverageCounts): CampaignView {
  const form = formOf(r).map((f) => ({
    code: f.code,
    label: f.label,
    labelEn: f.labelEn ?? null,
    datatype: f.datatype,
    required: !!f.required,
    options: f.options ?? [],
  }));
  return { ...toSummary(p, r, progress), form };
}

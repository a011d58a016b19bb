/**
 * Campaigns (地毯式摸排): a form and a target over an area, edited as a draft, started (the target's households
 * snapshotted into campaign_households in the start's own transaction, so later changes to the ledger do not
 * move the list under the workers) and closed. Visits, coverage and the export live in campaigns.work.ts.
 */
import { can } from '@grassroots/shared/auth/permissions';
import { type CampaignTransition, campaignTransitions } from '@grassroots/shared/campaigns/campaigns.rules';
import type {
  CampaignListQuery,
  CampaignTarget,
  CampaignView,
  CreateCampaignBody,
  UpdateCampaignBody,
} from '@grassroots/shared/campaigns/campaigns.schema';
import { SHANGHAI_OFFSET_MS } from '@grassroots/shared/cases/cases.periods';
import { AppError } from '@grassroots/shared/common/errors';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import type { Database } from '../../db/database.js';
import { containsText } from '../../db/dialect.js';
import { tagKey } from '../ledger/person-codec.js';
import { canManage, canSeeCampaign, permissionPaths, readReach } from './campaigns.access.js';
import * as repo from './campaigns.repository.js';
import { addCount, emptyCounts, targetOf, toSummary, toView } from './campaigns.view.js';

type K = Kysely<Database>;

/** Managers and visitors only; anyone else is refused before anything is looked up. */
export function assertCampaignStaff(p: Principal) {
  if (p.kind !== 'account' || !(can(p.roles, 'campaigns.manage') || can(p.roles, 'campaigns.visit')))
    throw new AppError('FORBIDDEN', { permission: 'campaigns.visit' });
}

export class CampaignsService {
  constructor(private readonly ctx: AppContext) {}

  private get k() {
    return this.ctx.db.kysely;
  }

  /** 'YYYY-MM-DD' in Asia/Shanghai: age groups are counted on the local day. */
  today() {
    return new Date(this.ctx.clock.now() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  }

  tagKeys(target: CampaignTarget) {
    return (target.tags ?? []).map((t) => tagKey(this.ctx.pii, t));
  }

  /** The campaign if the caller may see it; missing and out of reach alike are NOT_FOUND. */
  async getRow(k: K, p: Principal, id: number) {
    assertCampaignStaff(p);
    const row = await repo.findCampaign(k, id);
    if (!row || !canSeeCampaign(p, row)) throw new AppError('NOT_FOUND');
    return row;
  }

  /** The campaign if the caller may manage it: out of sight 404, visible but not theirs to manage 403. */
  private async manageable(k: K, p: Principal, id: number) {
    const row = await this.getRow(k, p, id);
    if (!canManage(p, row.areaPath)) throw new AppError('FORBIDDEN', { permission: 'campaigns.manage' });
    return row;
  }

  /** An area the caller may start a campaign on. */
  private async area(k: K, p: Principal, areaId: string) {
    const area = await repo.findArea(k, Number(areaId));
    if (!area || !coversPath(p.scope, area.path)) throw new AppError('NOT_FOUND', { areaId });
    if (!canManage(p, area.path)) throw new AppError('FORBIDDEN', { permission: 'campaigns.manage' });
    return area;
  }

  private async progress(p: Principal, ids: number[]) {
    const rows = await repo.progressOf(this.k, ids, await readReach(this.k, p));
    const by = new Map(ids.map((id) => [id, emptyCounts()]));
    for (const r of rows) {
      const c = by.get(r.campaignId);
      if (c) addCount(c, r.lastOutcome, Number(r.n));
    }
    return by;
  }

  async list(p: Principal, q: CampaignListQuery) {
    assertCampaignStaff(p);
    const { rows, total } = await repo.listCampaigns(
      this.k,
      { ...q, scopePaths: p.scope.areaPaths, managePaths: permissionPaths(p, 'campaigns.manage') },
      (col, text) => containsText(this.ctx.db, col, text),
    );
    const progress = await this.progress(
      p,
      rows.map((r) => r.id),
    );
    const items = rows.map((r) => toSummary(p, r, progress.get(r.id) ?? emptyCounts()));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  async get(p: Principal, id: number): Promise<CampaignView> {
    const row = await this.getRow(this.k, p, id);
    const progress = await this.progress(p, [row.id]);
    return toView(p, row, progress.get(row.id) ?? emptyCounts());
  }

  /** How many households a target would cover today (the editor shows it before starting). */
  async previewTarget(p: Principal, body: { areaId: string; target: CampaignTarget }) {
    assertCampaignStaff(p);
    const area = await this.area(this.k, p, body.areaId);
    const n = await repo.countTarget(this.k, area.path, body.target, this.tagKeys(body.target), this.today());
    return { households: n };
  }

  async create(p: Principal, actor: Actor, b: CreateCampaignBody) {
    const { clock, audit } = this.ctx;
    const id = await this.k.transaction().execute(async (trx) => {
      const area = await this.area(trx, p, b.areaId);
      const now = clock.now();
      const id = await repo.insertCampaign(trx, {
        name: b.name.trim(),
        description: b.description?.trim() || null,
        areaId: area.id,
        areaPath: area.path,
        target: JSON.stringify(b.target ?? {}),
        form: JSON.stringify(b.form),
        startsOn: b.startsOn,
        endsOn: b.endsOn,
        status: 'draft',
        createdBy: p.accountId as number,
        createdAt: now,
        updatedAt: now,
      });
      await audit.write(trx, actor, {
        action: 'campaign.create',
        entityType: 'campaign',
        entityId: id,
        areaPath: area.path,
        summary: { name: b.name, areaId: b.areaId, target: b.target ?? {}, fields: b.form.length },
      });
      return id;
    });
    return this.get(p, id);
  }

  /** Only a draft changes: once started, workers hold its form and list. */
  async update(p: Principal, actor: Actor, id: number, b: UpdateCampaignBody) {
    const { clock, audit } = this.ctx;
    await this.k.transaction().execute(async (trx) => {
      const row = await this.manageable(trx, p, id);
      if (row.status !== 'draft') throw new AppError('INVALID_TRANSITION', { status: row.status });
      const area = b.areaId !== undefined ? await this.area(trx, p, b.areaId) : null;
      const startsOn = b.startsOn ?? row.startsOn;
      const endsOn = b.endsOn ?? row.endsOn;
      if (startsOn > endsOn)
        throw new AppError('VALIDATION_FAILED', [{ path: 'body.endsOn', message: '结束日期不能早于开始日期' }]);
      const set = {
        name: b.name?.trim(),
        description: b.description === undefined ? undefined : b.description?.trim() || null,
        areaId: area?.id,
        areaPath: area?.path,
        target: b.target ? JSON.stringify(b.target) : undefined,
        form: b.form ? JSON.stringify(b.form) : undefined,
        startsOn: b.startsOn,
        endsOn: b.endsOn,
        updatedAt: clock.now(),
      };
      const n = await repo.updateCampaign(trx, id, set, { version: b.version, status: 'draft' });
      if (n === 0) throw new AppError('VERSION_CONFLICT');
      const changed = Object.keys(b).filter(
        (key) => key !== 'version' && (b as Record<string, unknown>)[key] !== undefined,
      );
      await audit.write(trx, actor, {
        action: 'campaign.update',
        entityType: 'campaign',
        entityId: id,
        areaPath: area?.path ?? row.areaPath,
        summary: { changed },
      });
    });
    return this.get(p, id);
  }

  /**
   * start: status and snapshot in one transaction, so a campaign is never active with half a list; a target
   * that matches no household refuses to start (409 CAMPAIGN_EMPTY) and the draft stays. close: status only.
   */
  async transition(p: Principal, actor: Actor, id: number, action: CampaignTransition, version?: number) {
    const { clock, audit } = this.ctx;
    const step = campaignTransitions[action];
    await this.k.transaction().execute(async (trx) => {
      const row = await this.manageable(trx, p, id);
      if (row.status !== step.from) throw new AppError('INVALID_TRANSITION', { status: row.status, action });
      // The area's current path: an area moved since the draft was written re-keyed its households.
      const area = await repo.findArea(trx, row.areaId);
      const areaPath = area?.path ?? row.areaPath;
      const n = await repo.updateCampaign(
        trx,
        id,
        { status: step.to, areaPath, updatedAt: clock.now() },
        { version, status: step.from },
      );
      if (n === 0) throw new AppError('VERSION_CONFLICT');
      let households: number | undefined;
      if (action === 'start') {
        const target = targetOf(row);
        households = await repo.snapshotTarget(trx, id, areaPath, target, this.tagKeys(target), this.today());
        if (households === 0) throw new AppError('CAMPAIGN_EMPTY');
      }
      await audit.write(trx, actor, {
        action: action === 'start' ? 'campaign.start' : 'campaign.close',
        entityType: 'campaign',
        entityId: id,
        areaPath,
        summary: households === undefined ? { name: row.name } : { name: row.name, households },
      });
    });
    return this.get(p, id);
  }
}

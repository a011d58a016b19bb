/**
 * The work of a campaign: grid workers record visits (exactly once per phone-made clientRef, however often a
 * flaky network makes the phone send it), and everyone reads coverage and household lists of their own reach.
 * Coverage is counted from campaign_households (one row per household, its latest outcome kept current by each
 * visit's transaction), never by scanning visits.
 */
import type { Answers, VisitOutcome } from '@grassroots/shared/campaigns/campaigns.rules';
import { validateAnswers } from '@grassroots/shared/campaigns/campaigns.rules';
import type {
  CampaignCoverage,
  CampaignHousehold,
  CampaignHouseholdsQuery,
  GridCoverage,
  VisitBody,
  VisitView,
} from '@grassroots/shared/campaigns/campaigns.schema';
import { AppError } from '@grassroots/shared/common/errors';
import { maskPhone } from '@grassroots/shared/privacy/masking';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { containsText } from '../../db/dialect.js';
import type { AttachmentsService } from '../attachments/attachments.service.js';
import { canSeeCampaign, inReach, reachCovers, readReach, visitReach } from './campaigns.access.js';
import * as repo from './campaigns.repository.js';
import { assertCampaignStaff, type CampaignsService } from './campaigns.service.js';
import { addCount, emptyCounts, formOf, parseJson, toSummary } from './campaigns.view.js';
import * as visits from './visits.repository.js';

/** A phone's clock may run a little fast; a visit from further in the future is a mistake. */
const FUTURE_SLACK_MS = 10 * 60_000;
const VISIT_OWNER = 'campaign_visit';

type HouseholdRow = Awaited<ReturnType<ReturnType<typeof repo.selectHouseholds>['execute']>>[number];

export class CampaignVisitsService {
  constructor(
    private readonly ctx: AppContext,
    private readonly campaigns: CampaignsService,
    private readonly attachments: AttachmentsService,
  ) {
    // A visit's photos are readable by whoever may see that household in that campaign.
    attachments.registerCanRead(VISIT_OWNER, async (p, visitId) => {
      const v = await visits.findVisit(this.k, visitId);
      const c = v ? await repo.findCampaign(this.k, v.campaignId) : undefined;
      return !!v && !!c && canSeeCampaign(p, c) && reachCovers(await readReach(this.k, p), v);
    });
  }

  private get k() {
    return this.ctx.db.kysely;
  }

  toVisit(v: visits.VisitRow): VisitView {
    const ids = parseJson<number[]>(v.attachmentIds, []);
    return {
      id: String(v.id),
      campaignId: String(v.campaignId),
      householdId: String(v.householdId),
      clientRef: v.clientRef,
      outcome: v.outcome as VisitOutcome,
      answers: parseJson<Answers>(v.answers, {}),
      photos: ids.map((id) => ({ id: String(id), url: `/api/attachments/${id}` })),
      visitedBy: { id: String(v.visitedBy), name: v.visitorName },
      visitedAt: new Date(v.visitedAt).toISOString(),
      createdAt: new Date(v.createdAt).toISOString(),
    };
  }

  /** The stored visit for a repeated clientRef — only to the one who sent it (a clientRef is not a key). */
  private replay(p: Principal, v: visits.VisitRow) {
    if (v.visitedBy !== p.accountId) throw new AppError('DUPLICATE', { clientRef: v.clientRef });
    return { status: 200 as const, visit: this.toVisit(v) };
  }

  /**
   * Records one visit. A clientRef seen before returns the stored visit (200) before anything else is checked,
   * so a phone resending after a lost answer — even once the campaign closed — learns it is done. Two sends
   * racing each other meet at the unique (campaign, clientRef) index: the loser finds the winner's row.
   */
  async record(p: Principal, actor: Actor, campaignId: number, b: VisitBody) {
    const k = this.k;
    const campaign = await this.campaigns.getRow(k, p, campaignId);
    const seen = await visits.findVisitByRef(k, campaignId, b.clientRef);
    if (seen) return this.replay(p, seen);
    if (campaign.status !== 'active') throw new AppError('CAMPAIGN_NOT_ACTIVE', { status: campaign.status });
    const householdId = Number(b.householdId);
    const ch = await visits.findCampaignHousehold(k, campaignId, householdId);
    if (!ch || !reachCovers(await visitReach(k, p), ch))
      throw new AppError('NOT_FOUND', { householdId: b.householdId });
    const { answers, issues } = validateAnswers(formOf(campaign), b.answers, b.outcome);
    if (issues.length)
      throw new AppError(
        'VALIDATION_FAILED',
        issues.map((i) => ({ path: `body.answers.${i.code}`, message: i.message, reason: i.reason })),
      );
    const now = this.ctx.clock.now();
    const visitedAt = Date.parse(b.visitedAt);
    if (visitedAt > now + FUTURE_SLACK_MS)
      throw new AppError('VALIDATION_FAILED', [{ path: 'body.visitedAt', message: '走访时间不能晚于当前时间' }]);
    const photoIds = [...new Set((b.attachmentIds ?? []).map(Number))];
    try {
      const id = await k.transaction().execute(async (trx) => {
        const id = await visits.insertVisit(trx, {
          campaignId,
          householdId,
          areaPath: ch.areaPath,
          outcome: b.outcome,
          answers: JSON.stringify(answers),
          attachmentIds: JSON.stringify(photoIds),
          visitedBy: p.accountId as number,
          visitedAt,
          clientRef: b.clientRef,
          createdAt: now,
        });
        await this.attachments.attach(trx, photoIds, VISIT_OWNER, id, p);
        await visits.applyOutcome(trx, campaignId, householdId, b.outcome, visitedAt);
        await this.ctx.audit.write(trx, actor, {
          action: 'campaign.visit',
          entityType: 'campaign_visit',
          entityId: id,
          areaPath: ch.areaPath,
          // No answers here: they may hold personal data, and the visit row keeps them.
          summary: {
            campaignId: String(campaignId),
            householdId: b.householdId,
            outcome: b.outcome,
            photos: photoIds.length,
          },
        });
        return id;
      });
      const stored = await visits.findVisit(k, id);
      return { status: 201 as const, visit: this.toVisit(stored as visits.VisitRow) };
    } catch (e) {
      const winner = await visits.findVisitByRef(k, campaignId, b.clientRef);
      if (winner) return this.replay(p, winner);
      throw e;
    }
  }

  async coverage(p: Principal, campaignId: number): Promise<CampaignCoverage> {
    await this.campaigns.getRow(this.k, p, campaignId);
    const rows = await repo.gridCounts(this.k, campaignId, await readReach(this.k, p));
    const total = emptyCounts();
    const grids = new Map<number, GridCoverage>();
    for (const r of rows) {
      const n = Number(r.n);
      addCount(total, r.lastOutcome, n);
      const g = grids.get(r.gridId) ?? { gridId: String(r.gridId), gridName: '', ...emptyCounts() };
      grids.set(r.gridId, g);
      addCount(g, r.lastOutcome, n);
    }
    const names = await repo.areaNames(this.k, [...grids.keys()]);
    const order = (id: string) => names.get(Number(id));
    const list = [...grids.values()].map((g) => ({ ...g, gridName: order(g.gridId)?.name ?? '' }));
    // Areas' own order, then creation order (pinyin would put 第二网格 before 第一网格).
    list.sort(
      (a, b) =>
        (order(a.gridId)?.sortOrder ?? 0) - (order(b.gridId)?.sortOrder ?? 0) || Number(a.gridId) - Number(b.gridId),
    );
    return { ...total, grids: list };
  }

  toHousehold(r: HouseholdRow): CampaignHousehold {
    return {
      householdId: String(r.householdId),
      address: r.address,
      gridId: String(r.gridId),
      gridName: r.gridName,
      headName: r.headName,
      phone: r.phoneEnc ? maskPhone(this.ctx.pii.decrypt(r.phoneEnc)) : null,
      tags: parseJson<string[]>(r.tags, []),
      noSmartphone: r.noSmartphone === 1,
      state: (r.lastOutcome ?? 'pending') as CampaignHousehold['state'],
      lastVisitAt: r.lastVisitAt == null ? null : new Date(r.lastVisitAt).toISOString(),
    };
  }

  async households(p: Principal, campaignId: number, q: CampaignHouseholdsQuery) {
    await this.campaigns.getRow(this.k, p, campaignId);
    const reach = await readReach(this.k, p);
    let base = repo.campaignHouseholds(this.k, campaignId).where(inReach(reach, 'ch.areaPath', 'ch.householdId'));
    if (q.gridId) base = base.where('ch.gridId', '=', Number(q.gridId));
    base = repo.withState(base, q.state);
    if (q.q) {
      const text = q.q;
      const db = this.ctx.db;
      base = base.where((eb) => eb.or([containsText(db, 'h.address', text), containsText(db, 'h.headName', text)]));
    }
    const { rows, total } = await repo.householdRows(base, q);
    return { items: rows.map((r) => this.toHousehold(r)), total, page: q.page, pageSize: q.pageSize };
  }

  /** One household of the campaign with its visits there (the phone's visit form shows the last ones). */
  async household(p: Principal, campaignId: number, householdId: number) {
    await this.campaigns.getRow(this.k, p, campaignId);
    const reach = await readReach(this.k, p);
    const row = await repo
      .selectHouseholds(
        repo
          .campaignHouseholds(this.k, campaignId)
          .where('ch.householdId', '=', householdId)
          .where(inReach(reach, 'ch.areaPath', 'ch.householdId')),
      )
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    const list = await visits.visitsOf(this.k, campaignId, householdId);
    return { household: this.toHousehold(row), visits: list.map((v) => this.toVisit(v)) };
  }

  /** Active campaigns with households the caller may visit, each with the caller's own progress. */
  async mine(p: Principal, page: { page: number; pageSize: number }) {
    assertCampaignStaff(p);
    const reach = await visitReach(this.k, p);
    const counts = await repo.activeInReach(this.k, reach);
    const by = new Map<number, ReturnType<typeof emptyCounts>>();
    for (const r of counts) {
      const c = by.get(r.campaignId) ?? emptyCounts();
      addCount(c, r.lastOutcome, Number(r.n));
      by.set(r.campaignId, c);
    }
    const rows = (await repo.campaignsByIds(this.k, [...by.keys()])).filter((r) => canSeeCampaign(p, r));
    rows.sort((a, b) => a.endsOn.localeCompare(b.endsOn) || b.id - a.id);
    const start = (page.page - 1) * page.pageSize;
    const items = rows.slice(start, start + page.pageSize).map((r) => toSummary(p, r, by.get(r.id) ?? emptyCounts()));
    return { items, total: rows.length, page: page.page, pageSize: page.pageSize };
  }

  /** For the ledger's household view: the household's latest campaign visits (caller's reach checked there). */
  async latestOfHousehold(householdId: number, limit = 20) {
    const rows = await visits.latestVisitsOfHousehold(this.k, householdId, limit);
    return rows.map((v) => ({ ...this.toVisit(v), campaignName: v.campaignName }));
  }
}

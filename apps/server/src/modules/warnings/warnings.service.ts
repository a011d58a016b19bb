/**
 * 前响应 warnings for people: the scoped list and acknowledging with a note. The scan (warnings.scan.ts)
 * raises them. A warning belongs to its area: whoever covers the area's path sees it; out of scope is 404.
 */
import { Permission } from '@grassroots/shared/auth/permissions';
import { dayKey } from '@grassroots/shared/cases/cases.periods';
import { AppError } from '@grassroots/shared/common/errors';
import { DAY_MS } from '@grassroots/shared/warnings/warnings.detect';
import type {
  AcknowledgeBody,
  WarningKind,
  WarningListQuery,
  WarningStatus,
  WarningSubjectKind,
  WarningView,
} from '@grassroots/shared/warnings/warnings.schema';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { JobRunner } from '../../core/jobs.js';
import { assertAccountCan, type Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { type WarningRow, WarningsRepository } from './warnings.repository.js';
import { type ScanOptions, WarningsScan, warningTitle } from './warnings.scan.js';

const iso = (ms: number | null) => (ms == null ? null : new Date(Number(ms)).toISOString());

export class WarningsService {
  private repo: WarningsRepository;
  readonly scan: WarningsScan;

  constructor(
    private ctx: AppContext,
    notifications: NotificationsService,
    jobs: JobRunner,
  ) {
    this.repo = new WarningsRepository(ctx.db.kysely);
    this.scan = new WarningsScan(ctx, notifications, scanOptionsOf(ctx));
    jobs.registerJob(this.scan.job());
  }

  async list(p: Principal, q: WarningListQuery) {
    let areaPath: string | null = null;
    if (q.areaId) {
      // An unknown area narrows to nothing, like the case list's area filter.
      areaPath = (await this.repo.areaPath(Number(q.areaId)))?.path ?? '/none/';
    }
    const { rows, total } = await this.repo.list(p.scope, q, areaPath);
    return { items: rows.map(toView), total, page: q.page, pageSize: q.pageSize };
  }

  async get(p: Principal, id: number): Promise<WarningView> {
    return toView(await this.visible(p, id));
  }

  /** Marks the warning seen and handled-for-now, with the note; stale version → 409, already done → 409. */
  async acknowledge(p: Principal, actor: Actor, id: number, body: AcknowledgeBody): Promise<WarningView> {
    const w = await this.visible(p, id);
    assertAccountCan(p, Permission.warningsAck);
    const now = this.ctx.clock.now();
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const upd = await trx
        .updateTable('warnings')
        .set((eb) => ({
          status: 'acknowledged',
          ackNote: body.note,
          ackBy: p.accountId,
          ackAt: now,
          updatedAt: now,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .where('version', '=', body.version)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(upd.numUpdatedRows) === 0) {
        const cur = await trx
          .selectFrom('warnings')
          .select(['version', 'status'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (cur && cur.version === body.version && cur.status !== 'open')
          throw new AppError('INVALID_TRANSITION', { status: cur.status });
        throw new AppError('VERSION_CONFLICT', { version: cur?.version });
      }
      await this.ctx.audit.write(trx, actor, {
        action: 'warning.acknowledge',
        entityType: 'warning',
        entityId: id,
        areaPath: w.areaPath,
        summary: { kind: w.kind, note: body.note, observed: w.observed },
      });
    });
    return this.get(p, id);
  }

  private async visible(p: Principal, id: number): Promise<WarningRow> {
    const w = await this.repo.find(this.ctx.db.kysely, id);
    if (!w || !coversPath(p.scope, w.areaPath)) throw new AppError('NOT_FOUND');
    return w;
  }
}

function scanOptionsOf(ctx: AppContext): ScanOptions {
  const c = ctx.config;
  return {
    hotspot: {
      baselineWeeks: 8,
      minHistoryWeeks: 4,
      alpha: c.warningsHotspotAlpha,
      minCount: c.warningsHotspotMinCount,
      minRate: 0.2,
    },
    repeat: { minCount: c.warningsRepeatMinCount, windowDays: 30 },
    hotspotAreaKinds: ['community'],
  };
}

function parseNumbers(s: string): Record<string, unknown> {
  try {
    const v = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

/**
 * The case-list query (GET /api/cases, /console/cases) of exactly the cases a warning counted: the same
 * area (handling area or place under it), building, compound or address, the same leaf category, whole Shanghai
 * days.
 */
export function drillOf(w: {
  subjectKind: string;
  subjectId: number;
  subjectName: string;
  categoryId: number;
  windowFrom: number;
  windowTo: number;
}): Record<string, string> {
  // The list's filter of each subject kind has the kind's name (area, building, compound, address); an address
  // warning's name is its address key.
  const where = { [w.subjectKind]: w.subjectKind === 'address' ? w.subjectName : String(w.subjectId) };
  return {
    ...where,
    category: String(w.categoryId),
    from: dayKey(Number(w.windowFrom)),
    to: dayKey(Number(w.windowTo) - DAY_MS),
  };
}

function toView(w: WarningRow): WarningView {
  const numbers = parseNumbers(w.numbers);
  return {
    id: String(w.id),
    kind: w.kind as WarningKind,
    title: warningTitle({ ...w, numbers }),
    areaId: String(w.areaId),
    areaName: w.areaName,
    categoryId: String(w.categoryId),
    categoryName: w.categoryName,
    subject: { kind: w.subjectKind as WarningSubjectKind, id: String(w.subjectId), name: w.subjectName },
    observed: w.observed,
    baseline: Number(w.baseline),
    numbers,
    window: { from: iso(w.windowFrom)!, to: iso(w.windowTo)! },
    status: w.status as WarningStatus,
    version: w.version,
    createdAt: iso(w.createdAt)!,
    updatedAt: iso(w.updatedAt)!,
    acknowledgedAt: iso(w.ackAt),
    acknowledgedBy: w.ackByName ?? null,
    ackNote: w.ackNote,
    drill: drillOf(w),
  };
}

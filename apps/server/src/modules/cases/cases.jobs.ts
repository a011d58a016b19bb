/**
 * The deadline job `cases.deadlines` (DOMAIN.md §3): every minute it
 *  - returns a dispatch nobody accepted by accept_by to the registrar (action `return`, system actor);
 *  - warns the handler (or the registrars) once a case has used 80 % of the time between created_at and
 *    resolve_by;
 *  - marks a case past resolve_by overdue and escalates it one tier (action `escalate`, which gives it
 *    fresh deadlines); at the top tier it is only marked and the registrars are told.
 * Status changes go through CasesService.actAsSystem — the same path as a user's action (ARCHITECTURE rule 3).
 * Each case is one transaction; a case a user changed since it was selected (VERSION_CONFLICT) or that
 * left the status (INVALID_TRANSITION) is skipped and looked at again on the next run.
 */
import { type CaseStatus, type CaseTier, transition } from '@grassroots/shared/cases/cases.lifecycle';
import { AppError } from '@grassroots/shared/common/errors';
import { type Kysely, sql } from 'kysely';
import { systemActor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Job } from '../../core/jobs.js';
import type { Database } from '../../db/database.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { registrarRoles } from './cases.capacity.js';
import type { CaseRow } from './cases.repository.js';
import type { CasesService } from './cases.service.js';

type K = Kysely<Database>;
export const DEADLINES_JOB = 'cases.deadlines';
const BATCH = 50;
/** At most BATCH × MAX_BATCHES cases of each kind per run; the rest wait for the next minute. */
const MAX_BATCHES = 20;
export const RETURN_REASON = '超时未接单，自动退回';

export interface Candidate {
  id: number;
  version: number;
}
export type Outcome = 'done' | 'skipped';
export interface SweepReport {
  returned: number[];
  escalated: number[];
  overdue: number[];
  warned: number[];
  skipped: number[];
}
export interface SweepHooks {
  /** Tests: runs after a candidate was selected and before its transaction (to simulate a concurrent user). */
  beforeRow?: (caseId: number) => Promise<void>;
}

const ESCALATABLE: CaseStatus[] = ['registered', 'dispatched', 'accepted'];
/** Overdue applies to every case still being worked on except a suspended one (its clock stands still). */
const OVERDUE_STATUSES: CaseStatus[] = ['submitted', ...ESCALATABLE];
const isSkippable = (e: unknown) =>
  e instanceof AppError && (e.code === 'VERSION_CONFLICT' || e.code === 'INVALID_TRANSITION');

export class CaseDeadlines {
  constructor(
    private ctx: AppContext,
    private cases: CasesService,
    private notifications: NotificationsService,
  ) {}

  job(): Job {
    return {
      name: DEADLINES_JOB,
      intervalMs: this.ctx.config.caseDeadlineScanMs,
      run: (_c, now) => this.run(now).then(() => undefined),
    };
  }

  private get k() {
    return this.ctx.db.kysely;
  }

  async run(now: number, hooks: SweepHooks = {}): Promise<SweepReport> {
    const r: SweepReport = { returned: [], escalated: [], overdue: [], warned: [], skipped: [] };
    const kinds: [(k: K, after: number) => Promise<Candidate[]>, (c: Candidate) => Promise<string>][] = [
      [(k, after) => this.unaccepted(k, now, after), (c) => this.returnOne(c)],
      [(k, after) => this.pastDue(k, now, after), (c) => this.overdueOne(c, now)],
      [(k, after) => this.nearDue(k, now, after), (c) => this.warnOne(c, now)],
    ];
    for (const [select, handle] of kinds) {
      let after = 0;
      for (let b = 0; b < MAX_BATCHES; b++) {
        const batch = await select(this.k, after);
        for (const c of batch) {
          await hooks.beforeRow?.(c.id);
          const out = await handle(c).catch((e) => {
            if (isSkippable(e)) return 'skipped';
            throw e;
          });
          (r[out as keyof SweepReport] ?? r.skipped).push(c.id);
          after = c.id;
        }
        if (batch.length < BATCH) break;
      }
    }
    return r;
  }

  // --- selections (id cursor, small batches) ---

  private unaccepted(k: K, now: number, after: number) {
    return k
      .selectFrom('cases')
      .select(['id', 'version'])
      .where('status', '=', 'dispatched')
      .where('acceptBy', '<=', now)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
  }

  /** Past resolve_by and not yet found overdue against the current deadline (escalation gives a new one). */
  private pastDue(k: K, now: number, after: number) {
    return k
      .selectFrom('cases')
      .select(['id', 'version'])
      .where('status', 'in', OVERDUE_STATUSES)
      .where('resolveBy', '<=', now)
      .where((eb) => eb.or([eb('overdueAt', 'is', null), eb('overdueAt', '<', eb.ref('resolveBy'))]))
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
  }

  /**
   * 80 % of [created_at, resolve_by] reached: now ≥ c + 0.8 (r − c) ⇔ 5·now ≥ c + 4r (integers on both
   * dialects). Warned once per deadline: a warning older than the current threshold does not count.
   */
  private nearDue(k: K, now: number, after: number) {
    const threshold5 = sql<number>`created_at + 4 * resolve_by`;
    return k
      .selectFrom('cases')
      .select(['id', 'version'])
      .where('status', 'in', ESCALATABLE)
      .where('resolveBy', '>', now)
      .where(threshold5, '<=', 5 * now)
      .where((eb) => eb.or([eb('warnedAt', 'is', null), eb(sql<number>`5 * warned_at`, '<', threshold5)]))
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
  }

  // --- one case each, one transaction each ---

  private async returnOne(c: Candidate): Promise<Outcome | 'returned'> {
    const cal = await this.cases.calendar();
    await this.k.transaction().execute(async (trx) => {
      await this.cases.actAsSystem(trx, cal, c.id, 'return', { version: c.version, reason: RETURN_REASON });
      const row = await mustFind(trx, c.id);
      await this.notify(trx, row, await registrars(trx, row), 'case.returned', `诉求 ${row.number} ${RETURN_REASON}`);
    });
    return 'returned';
  }

  private async overdueOne(c: Candidate, now: number): Promise<'escalated' | 'overdue'> {
    const cal = await this.cases.calendar();
    return this.k.transaction().execute(async (trx) => {
      const row = await mustFind(trx, c.id);
      if (row.version !== c.version) throw new AppError('VERSION_CONFLICT', { version: row.version });
      const facts = {
        status: row.status as CaseStatus,
        tier: row.tier as CaseTier,
        suspensionPending: row.suspensionPending === 1,
        closedAt: row.closedAt,
        ratedAt: row.ratedAt,
        now,
      };
      if (transition(facts, 'escalate', ['system']).ok) {
        // Fresh deadlines come with the new tier; the warning is then due again at their 80 %.
        await this.cases.actAsSystem(
          trx,
          cal,
          c.id,
          'escalate',
          { version: c.version, note: '超期未办结，自动上报' },
          { overdueAt: now, warnedAt: null },
        );
        const moved = await mustFind(trx, c.id);
        const title = `诉求 ${row.number} 超期未办结，已自动上报至${tierName(moved.tier)}`;
        await this.notify(trx, moved, await registrars(trx, moved), 'case.escalated', title);
        return 'escalated' as const;
      }
      // Top tier (or not yet registered): nothing to escalate to. Marking is bookkeeping, not a status change,
      // so the version stays and no user's next action conflicts with it.
      const upd = await trx
        .updateTable('cases')
        .set({ overdueAt: now })
        .where('id', '=', c.id)
        .where('version', '=', c.version)
        .executeTakeFirst();
      if (Number(upd.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT', { version: c.version });
      await this.ctx.audit.write(trx, systemActor, {
        action: 'case.overdue',
        entityType: 'case',
        entityId: c.id,
        areaPath: row.areaPath,
        summary: { number: row.number, status: row.status, tier: row.tier, resolveBy: row.resolveBy },
      });
      await this.notify(trx, row, await registrars(trx, row), 'case.overdue', `诉求 ${row.number} 已超期未办结`);
      return 'overdue' as const;
    });
  }

  private async warnOne(c: Candidate, now: number): Promise<'warned'> {
    return this.k.transaction().execute(async (trx) => {
      // No status change: warned_at is bookkeeping, guarded by the version the candidate was read with.
      const upd = await trx
        .updateTable('cases')
        .set({ warnedAt: now })
        .where('id', '=', c.id)
        .where('version', '=', c.version)
        .executeTakeFirst();
      if (Number(upd.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT', { version: c.version });
      const row = await mustFind(trx, c.id);
      const left = Math.max(0, Math.round((row.resolveBy - now) / 3_600_000));
      const title = `诉求 ${row.number} 即将到期（约 ${left} 小时），请尽快办理`;
      const to: Recipient[] =
        row.handlerAccountId != null
          ? [{ accountId: row.handlerAccountId }]
          : row.handlerOrgId != null
            ? [{ orgId: row.handlerOrgId }]
            : await registrars(trx, row);
      await this.notify(trx, row, to, 'case.deadline_warning', title);
      return 'warned' as const;
    });
  }

  private async notify(trx: K, row: CaseRow, to: Recipient[], topic: string, title: string) {
    for (const r of to)
      await this.notifications.enqueue(trx, {
        channel: 'in_app',
        ...r,
        topic,
        title,
        link: `/console/cases/${row.id}`,
        payload: { caseId: String(row.id), number: row.number },
      });
  }
}

type Recipient = { accountId?: number; orgId?: number };

const tierName = (t: string) => ({ community: '社区', street: '街道', city: '市指挥中心' })[t] ?? t;

async function mustFind(k: K, id: number) {
  const row = await k.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Enabled accounts holding a registrar role of the case's tier on its handling area. */
export async function registrars(k: K, row: CaseRow): Promise<Recipient[]> {
  const cat = await k
    .selectFrom('caseCategories')
    .select('isProperty')
    .where('id', '=', row.categoryId)
    .executeTakeFirst();
  const roles = registrarRoles(row.tier as CaseTier, cat?.isProperty === 1);
  const rows = await k
    .selectFrom('roleAssignments as r')
    .innerJoin('accounts as a', 'a.id', 'r.accountId')
    .select('r.accountId')
    .distinct()
    .where('r.role', 'in', roles)
    .where('r.areaId', '=', row.areaId)
    .where('a.disabledAt', 'is', null)
    .orderBy('r.accountId')
    .execute();
  return rows.map((x) => ({ accountId: x.accountId }));
}

/**
 * Cases: intake (cases.intake.ts), the one status-changing path `act()` that asks the shared transition table,
 * and scoped reads (one case here; lists, export, duplicates and the public look-up in cases.queries.ts).
 * Every write is one transaction with its case event and audit row.
 */
import {
  type CaseAction,
  type CaseCapacity,
  type CaseFacts,
  type CaseStatus,
  type CaseTier,
  transition,
} from '@grassroots/shared/cases/cases.lifecycle';
import {
  type CaseActionBody,
  type CaseExportQuery,
  type CaseListQuery,
  type CaseView,
  type CreateCaseBody,
  missingActionInputs,
  missingForSource,
  RATING_COMMENT_MAX,
} from '@grassroots/shared/cases/cases.schema';
import { AppError } from '@grassroots/shared/common/errors';
import type { WorkCalendar } from '@grassroots/shared/worktime/calendar';
import type { Kysely, Updateable } from 'kysely';
import { type Actor, systemActor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { IdempotencyTx } from '../../core/idempotency.js';
import { type Principal, requireApiScope } from '../../core/principal.js';
import { emptyScope } from '../../core/scope.js';
import type { CasesTable, Database } from '../../db/database.js';
import type { AreasService } from '../areas/areas.service.js';
import type { AttachmentsService } from '../attachments/attachments.service.js';
import type { CategoriesService } from '../categories/categories.service.js';
import type { WorktimeService } from '../worktime/worktime.service.js';
import { accessFactsOf, canSee, capacitiesFor } from './cases.capacity.js';
import { buildView, newCaseView } from './cases.detail.js';
import { planAction } from './cases.effects.js';
import { type CaseDraft, defaultSource, draftCase, insertCase, type NewCase } from './cases.intake.js';
import { IntakeBatcher, type IntakeDone, type IntakeJob } from './cases.intake-batch.js';
import { locatePoint } from './cases.placement.js';
import { CaseQueries } from './cases.queries.js';
import { storedCase, storedCaseId } from './cases.replay.js';
import { type CaseRow, casesRepository as repo } from './cases.repository.js';
import { listTargets } from './cases.targets.js';

type K = Kysely<Database>;
export interface CasesDeps {
  areas: AreasService;
  categories: CategoriesService;
  worktime: WorktimeService;
  attachments: AttachmentsService;
}

const invalid = (fields: string[], message: string) =>
  new AppError(
    'VALIDATION_FAILED',
    fields.map((m) => ({ path: `body.${m}`, message })),
  );
/** Audit action codes are snake_case: 'case.request_suspend'. */
export const auditActionOf = (a: CaseAction) => `case.${a.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)}`;

/** A case write that has committed, as the live wall is told it (modules/live picks what it may show). */
export interface CaseCommitted {
  action: CaseAction | 'create';
  row: CaseRow;
  to: string;
  at: number;
  areaPath: string;
  names?: { category: string; area: string };
}

export class CasesService {
  readonly queries: CaseQueries;
  /** Intake's batches (tests hold them to make concurrent submissions meet). */
  readonly intake: IntakeBatcher;
  /** Called after a create or an action has COMMITTED (never for a rollback); set by modules/live. Must not throw. */
  onCommitted: (c: CaseCommitted) => void = () => {};

  constructor(
    private ctx: AppContext,
    private deps: CasesDeps,
  ) {
    this.queries = new CaseQueries(ctx);
    this.intake = new IntakeBatcher(ctx, deps, {
      alone: (job) => this.createAlone(job),
      view: (job, made, draft) => this.newView(job.args.p, made, draft),
    });
    deps.attachments.registerCanRead('case', async (p, caseId) => {
      const row = await repo.find(this.k, caseId);
      return !!row && (await this.access(this.k, p, row)).visible;
    });
  }

  private get k() {
    return this.ctx.db.kysely;
  }

  /**
   * Intake: checks what needs no database, reads what is read outside a transaction, then files the case with
   * the others arriving at the same moment (cases.intake-batch.ts: one transaction for all of them, each with
   * its Idempotency-Key claim, event, audit row and stored answer). A 12345 ticket number filed before (or at
   * the same moment) answers 200 with that case; the new case's view is built from what intake knows.
   */
  async create(p: Principal, actor: Actor, b: CreateCaseBody, tx: IdempotencyTx): Promise<IntakeDone['out']> {
    requireApiScope(p, 'cases:write');
    const source = defaultSource(p, b);
    if (p.kind === 'api_key' && !['hotline', 'open311'].includes(source)) throw new AppError('FORBIDDEN', { source });
    const missing = missingForSource(b, source);
    if (missing.length) throw invalid(missing, `required for source ${source}`);
    // Read through the pool before the transaction: SQLite has one connection, held by the transaction.
    const pre = { cal: await this.deps.worktime.calendar(), located: await locatePoint(this.deps.areas, b) };
    const done = await this.intake.submit({ args: { p, actor, b, source, pre }, tx });
    if (done.fresh) this.onCommitted(done.fresh);
    return done.out.replayed ? this.revived(p, done.out) : done.out;
  }

  /** A replayed intake answers the case its key names, as it stands now (cases.replay.ts). */
  private async revived(p: Principal, out: IntakeDone['out']): Promise<IntakeDone['out']> {
    const id = storedCaseId(out.body);
    if (id === null) return out;
    const row = await repo.find(this.k, id);
    if (!row) throw new AppError('NOT_FOUND');
    return { ...out, body: await this.view(this.k, p, row) };
  }

  /** One case in its own transaction: the Idempotency-Key claim first, then the case (or the existing one). */
  private async createAlone({ args, tx }: IntakeJob): Promise<IntakeDone> {
    const { p, b, source } = args;
    let fresh: CaseCommitted | undefined;
    const out = await this.k.transaction().execute(async (trx) => {
      const replay = await tx.claim(trx);
      // A replay carries what this route stored for the same request (revived in `create`).
      if (replay) return { ...replay, body: replay.body as CaseView };
      const existing = () => (b.externalNo ? repo.findByExternal(trx, source, b.externalNo) : undefined);
      let draft: CaseDraft;
      try {
        draft = await draftCase(this.ctx, this.deps, trx, args);
      } catch (e) {
        // A transfer repeated after its category was closed (or its place changed) is still the same case.
        const dup = e instanceof AppError ? await existing() : undefined;
        if (!dup) throw e;
        return this.answer(trx, tx, p, dup, 200);
      }
      let body: CaseView | undefined;
      const made = await insertCase(this.ctx, this.deps, trx, args, draft, (m) => {
        body = this.newView(p, m, draft);
        const record = tx.recordQuery(trx, { status: 201, body, stored: storedCase(m.row.id) });
        return record ? [record] : [];
      });
      if (!made || !body) return this.answer(trx, tx, p, (await existing())!, 200);
      const { row } = made;
      const names = { category: draft.cat.name, area: draft.place.areaName };
      fresh = { action: 'create', row, to: row.status, at: row.createdAt, areaPath: row.areaPath, names };
      return { status: 201, body };
    });
    return { out, fresh };
  }

  /** The answer to the submitter of a case intake has just written. */
  private newView(p: Principal, m: NewCase, draft: CaseDraft): CaseView {
    const caps = capacitiesFor(p, accessFactsOf(m.row, draft.cat.isProperty));
    return newCaseView(this.ctx.pii, p, m, draft, caps, this.facts(m.row));
  }

  private async answer(k: K, tx: IdempotencyTx, p: Principal, row: CaseRow, status: number) {
    const body = await this.view(k, p, row);
    await tx.record(k, { status, body, stored: storedCase(row.id) });
    return { status, body };
  }

  /** Capacities and visibility of `p` toward one case row. */
  private async access(k: K, p: Principal, row: CaseRow) {
    const cat = await k
      .selectFrom('caseCategories')
      .select(['isProperty', 'defaultOrgId'])
      .where('id', '=', row.categoryId)
      .executeTakeFirst();
    const facts = accessFactsOf(row, cat?.isProperty === 1);
    const caps = capacitiesFor(p, facts);
    return { caps, visible: canSee(p, facts, caps), defaultOrgId: cat?.defaultOrgId ?? null };
  }

  private facts(row: CaseRow): CaseFacts {
    return {
      status: row.status as CaseStatus,
      tier: row.tier as CaseTier,
      suspensionPending: row.suspensionPending === 1,
      closedAt: row.closedAt,
      ratedAt: row.ratedAt,
      now: this.ctx.clock.now(),
    };
  }

  private async view(k: K, p: Principal, row: CaseRow, caps?: CaseCapacity[]): Promise<CaseView> {
    const c = caps ?? (await this.access(k, p, row)).caps;
    return buildView(k, this.ctx.pii, p, row, c, this.facts(row));
  }

  private async mustSee(k: K, p: Principal, id: number) {
    const row = await repo.find(k, id);
    if (!row) throw new AppError('NOT_FOUND');
    const a = await this.access(k, p, row);
    if (!a.visible) throw new AppError('NOT_FOUND');
    return { row, caps: a.caps, defaultOrgId: a.defaultOrgId };
  }

  async get(p: Principal, id: number): Promise<CaseView> {
    const { row, caps } = await this.mustSee(this.k, p, id);
    return this.view(this.k, p, row, caps);
  }

  list(p: Principal, q: CaseListQuery) {
    return this.queries.list(p, q);
  }

  exportCsv(p: Principal, actor: Actor, q: CaseExportQuery) {
    return this.queries.exportCsv(p, actor, q);
  }

  /** Likely duplicates of a case the caller can see. */
  async duplicates(p: Principal, id: number) {
    const { row } = await this.mustSee(this.k, p, id);
    return this.queries.duplicates(p, row);
  }

  publicCase(number: string) {
    return this.queries.publicCase(number);
  }

  /** Whom the caller may dispatch or assign the case to: only its registrar may ask (403 otherwise). */
  async dispatchTargets(p: Principal, id: number) {
    const { row, caps, defaultOrgId } = await this.mustSee(this.k, p, id);
    if (!caps.includes('registrar')) throw new AppError('FORBIDDEN');
    return listTargets(this.k, p, row, defaultOrgId);
  }

  /** The only path that changes a case's status: table check, one versioned UPDATE, event, audit. */
  async act(p: Principal, actor: Actor, id: number, action: CaseAction, b: CaseActionBody): Promise<CaseView> {
    const missing = missingActionInputs(action, b);
    if (missing.length) throw invalid(missing, `required for ${action}`);
    if (action === 'rate' && (b.note?.length ?? 0) > RATING_COMMENT_MAX)
      throw invalid(['note'], `at most ${RATING_COMMENT_MAX} characters`);
    const cal = await this.deps.worktime.calendar();
    const done = await this.k.transaction().execute(async (trx) => {
      const { row, caps } = await this.mustSee(trx, p, id);
      return this.apply(trx, { row, caps, p, actor, action, body: b, cal });
    });
    const areaPath = done.set.areaPath ?? done.from.areaPath;
    this.onCommitted({ action, row: done.from, to: done.to, at: Number(done.set.updatedAt), areaPath });
    return this.after(p, id);
  }

  /**
   * The case as the actor now sees it. An action can take the case out of the actor's reach (a department
   * returns it, a handler hands it on): it succeeded, so answer with the case as it now stands and nothing
   * more to do, rather than a 404 for a write that went through.
   */
  private async after(p: Principal, id: number): Promise<CaseView> {
    const row = await repo.find(this.k, id);
    if (!row) throw new AppError('NOT_FOUND');
    const a = await this.access(this.k, p, row);
    return this.view(this.k, p, row, a.visible ? a.caps : []);
  }

  /**
   * The same path for jobs (ARCHITECTURE rule 3): capacity 'system', the system actor, inside the job's own
   * transaction. `extra` adds bookkeeping columns (overdue_at) to the one versioned UPDATE. A stale
   * `version` throws VERSION_CONFLICT like for a user. Read the calendar with `calendar()` before the transaction.
   */
  async actAsSystem(trx: K, cal: WorkCalendar, id: number, action: CaseAction, b: CaseActionBody, extra: Set = {}) {
    const row = await repo.find(trx, id);
    if (!row) throw new AppError('NOT_FOUND');
    return this.apply(trx, {
      row,
      caps: ['system'],
      p: SYSTEM_PRINCIPAL,
      actor: systemActor,
      action,
      body: b,
      cal,
      extra,
    });
  }

  /** The work calendar (cached; reads through the pool, so call it outside a transaction). */
  calendar() {
    return this.deps.worktime.calendar();
  }

  private async apply(trx: K, a: Applied) {
    const { row, caps, p, actor, action, body: b, cal } = a;
    const id = row.id;
    // A stale version is a conflict whatever the action: the caller decided on a case that has changed.
    if (row.version !== b.version) throw new AppError('VERSION_CONFLICT', { version: row.version });
    const res = transition(this.facts(row), action, caps);
    if (!res.ok) throw new AppError(res.reason, { action, status: row.status });
    const now = this.ctx.clock.now();
    const set = await planAction(
      trx,
      { row, action, body: b, to: res.to, effects: res.effects, now, p, cal },
      this.deps,
    );
    const full = { ...set, ...a.extra, status: res.to, updatedAt: now };
    if ((await repo.updateVersioned(trx, id, b.version, full)) === 0)
      throw new AppError('VERSION_CONFLICT', { version: b.version });
    const attachmentIds = (b.attachmentIds ?? []).map(Number);
    if (attachmentIds.length) await this.deps.attachments.attach(trx, attachmentIds, 'case', id, p);
    const data = { reason: b.reason, target: b.target, rating: b.rating, duplicateOf: b.duplicateOf, tier: set.tier };
    await repo.insertEvent(trx, {
      caseId: id,
      at: now,
      actorId: actor.id,
      actorKind: actor.kind,
      action,
      fromStatus: row.status,
      toStatus: res.to,
      note: b.note ?? null,
      data: JSON.stringify(data),
      attachmentIds: JSON.stringify(attachmentIds),
    });
    await this.ctx.audit.write(trx, actor, {
      action: auditActionOf(action),
      entityType: 'case',
      entityId: id,
      areaPath: set.areaPath ?? row.areaPath,
      summary: { number: row.number, from: row.status, to: res.to, ...data },
    });
    return { from: row, to: res.to, set: full };
  }
}

type Set = Updateable<CasesTable>;
interface Applied {
  row: CaseRow;
  caps: CaseCapacity[];
  p: Principal;
  actor: Actor;
  action: CaseAction;
  body: CaseActionBody;
  cal: WorkCalendar;
  extra?: Set;
}

/**
 * Jobs hold no grants and no scope. The capacity is given explicitly (['system']), so this principal is never
 * asked what it may do; it only fills the slot planAction/attach carry for user calls.
 */
const SYSTEM_PRINCIPAL: Principal = {
  kind: 'account',
  accountId: null,
  apiKeyId: null,
  name: 'system',
  roles: [],
  grants: [],
  scope: emptyScope(),
  apiScopes: [],
  mustChangePassword: false,
  sessionId: null,
  csrfToken: null,
};

/**
 * Group intake: the case submissions that arrive within one turn of the event loop (at most MAX_BATCH) are
 * written in ONE transaction, with one multi-row INSERT per table (cases, the text index, events, audit rows)
 * instead of a transaction and ~10 statements per case. Each case still gets its own Idempotency-Key claim,
 * create event and audit row in the transaction that creates it, and its own answer.
 *
 * One request never sinks the others. Everything that could fail for one case alone is settled before the
 * first write of the case: its draft (category, answers, placement), a 12345 ticket number filed before or
 * twice in the batch, attachments that are not its submitter's own unbound uploads (or that a case before it
 * in the batch takes), a key claimed before or twice in the batch. Such a case leaves the batch and runs on
 * its own after the batch (`alone`: the one-case path, which then replays, answers the existing case, or
 * fails with its own error). If the batch transaction fails anyway (a race with another transaction on an
 * attachment, a database error), it rolls back whole and every case of it runs alone.
 *
 * A batch without uploads needs no transaction of its own: its cases are drafted from copies of their places,
 * then written at once with every condition in the write (cases.intake-statement.ts) — on PostgreSQL one
 * statement instead of six round trips, on SQLite a transaction that a server's writer thread runs off the event
 * loop while the next batch is drafted.
 */
import type { CaseView } from '@grassroots/shared/cases/cases.schema';
import { AppError } from '@grassroots/shared/common/errors';
import type { Kysely } from 'kysely';
import type { AuditRow } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import {
  claimMany,
  type IdempotencyTx,
  type IdempotentResult,
  idOf,
  recordMany,
  releaseMany,
  type StoredKey,
} from '../../core/idempotency.js';
import type { Database } from '../../db/database.js';
import { nextIds, type Write, writeAll } from '../../db/dialect.js';
import {
  type CaseDraft,
  caseNumber,
  createAudit,
  draftCase,
  type IntakeArgs,
  madeCase,
  type NewCase,
  searchTermsOf,
} from './cases.intake.js';
import { writeCasesAtOnce } from './cases.intake-statement.js';
import { buildingPrint, householdPrint, PlaceCache } from './cases.place-cache.js';
import { type KnownPlaces, placeIdsOf, placesOf } from './cases.placement.js';
import { storedCase } from './cases.replay.js';
import { casesRepository as repo } from './cases.repository.js';
import type { CaseCommitted, CasesDeps } from './cases.service.js';

type K = Kysely<Database>;
/** Cases per transaction: bounds a batch's statements (27 parameters a case) and its latency. */
export const MAX_BATCH = 64;
/** A new case's status code. */
const CREATED = 201;
/** Batches under way at once: one drafted while another is written (each holds a connection, or on SQLite a place
 * in the writer thread's turn, while it writes). */
const MAX_IN_FLIGHT = 2;

export interface IntakeJob {
  args: IntakeArgs;
  tx: IdempotencyTx;
}
/** A job's answer, and the committed case to tell the live wall about (none for replays and existing cases). */
export interface IntakeDone {
  /** `json`: the new case's answer serialised once, for its response; `stored`: what its Idempotency-Key keeps
   * (cases.replay.ts). A replay's `body` is what the key kept, until `CasesService.create` revives it. */
  out: { status: number; body: CaseView; replayed?: boolean; json?: string; stored?: string };
  fresh?: CaseCommitted;
}
export interface IntakeBatchHooks {
  /** The one-case path in its own transaction. */
  alone(job: IntakeJob): Promise<IntakeDone>;
  /** The new case's answer to its submitter. */
  view(job: IntakeJob, made: NewCase, draft: CaseDraft): CaseView;
}

interface Pending {
  job: IntakeJob;
  resolve(d: IntakeDone): void;
  reject(e: unknown): void;
}
interface Drafted {
  pj: Pending;
  draft: CaseDraft;
}
interface Plan {
  answered: [Pending, IntakeDone][];
  failed: [Pending, unknown][];
  alone: Pending[];
}

/** The ids of the households and buildings a batch's cases name. */
const placeIdsOfBatch = (batch: Pending[]) => placeIdsOf(batch.map((pj) => pj.job.args.b));

/** The prints of the copies of the household and building a case names, for the statement to compare with the
 * rows (both when it names both: whichever placement went by, a change to either sends the case alone). */
function placePrints(v: CaseDraft['values'], known: KnownPlaces) {
  const h = v.householdId == null ? undefined : known.households.get(v.householdId);
  const b = v.buildingId == null ? undefined : known.buildings.get(v.buildingId);
  return { household: h ? householdPrint(h) : null, building: b ? buildingPrint(b) : null };
}

const attachmentIdsOf = (d: Drafted) => (d.pj.job.args.b.attachmentIds ?? []).map(Number);
const externalKey = (d: CaseDraft) =>
  d.values.externalNo == null ? null : `${d.values.source}\u0000${d.values.externalNo}`;
/**
 * The cases in the order of their 12345 tickets: two transactions that insert the same tickets then wait on each
 * other in the same order on PostgreSQL, never in a cycle (as the key claims, core/idempotency.ts claimMany).
 */
function byTicket(drafted: Drafted[]): Drafted[] {
  const ticket = (d: Drafted) => externalKey(d.draft) ?? '';
  return [...drafted].sort((a, b) => (ticket(a) < ticket(b) ? -1 : ticket(a) > ticket(b) ? 1 : 0));
}

export class IntakeBatcher {
  private queue: Pending[] = [];
  /** Batches written at once place cases by copies of their households and buildings. */
  private places = new PlaceCache();
  private scheduled = false;
  private inFlight = 0;
  private holds = 0;
  /** The last batches: the submissions each took, and how many of them it left to run alone (tests check that
   * concurrent submissions met in one, and which of them it filed itself). */
  readonly batches: { size: number; alone: number }[] = [];

  constructor(
    private ctx: AppContext,
    private deps: CasesDeps,
    private hooks: IntakeBatchHooks,
  ) {}

  submit(job: IntakeJob): Promise<IntakeDone> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.schedule();
    });
  }

  /** Submissions waiting for their batch. */
  get waiting() {
    return this.queue.length;
  }

  /** Tests: keeps submissions waiting until the returned release is called (so they meet in one batch). */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.schedule();
    };
  }

  /**
   * A batch starts at the end of the current turn of the event loop, when fewer than MAX_IN_FLIGHT are being
   * written; what arrives meanwhile waits for the next one (bigger batches, fewer commits). Two in flight let
   * one batch's database round trips overlap the other's work (PostgreSQL, 8 connections, one-statement batches:
   * 1,616 and 1,620 cases/s against 1,075 and 1,181 with one in flight, paired runs).
   */
  private schedule() {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.holds > 0 || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight >= MAX_IN_FLIGHT || this.holds > 0) return;
      const batch = this.queue.splice(0, MAX_BATCH);
      if (batch.length === 0) return;
      this.inFlight++;
      this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
      this.schedule();
    });
  }

  private async run(batch: Pending[]) {
    const stats = { size: batch.length, alone: 0 };
    this.batches.push(stats);
    if (this.batches.length > 100) this.batches.splice(0, 50);
    let plan: Plan;
    const atOnce = this.writtenAtOnce(batch);
    try {
      plan = atOnce
        ? await this.writeAtOnce(batch)
        : await this.ctx.db.kysely.transaction().execute((trx) => this.write(trx, batch));
    } catch (e) {
      // A batch of one in a transaction has nothing to fall back to: alone it would repeat the same transaction.
      // One written at once has: alone, the case claims its key first, so a key another request claimed meanwhile
      // (which failed the statement) replays that request's answer or is refused.
      if (batch.length === 1 && !atOnce) return batch[0]!.reject(e);
      plan = { answered: [], failed: [], alone: batch };
    }
    stats.alone = plan.alone.length;
    for (const [pj, done] of plan.answered) pj.resolve(done);
    for (const [pj, e] of plan.failed) pj.reject(e);
    // One after the other, each in its own transaction: a case left out waits for the batch it was in.
    for (const pj of plan.alone) await this.hooks.alone(pj.job).then(pj.resolve, pj.reject);
  }

  /**
   * A batch is written at once (cases.intake-statement.ts) unless a case binds uploads: binding can fail in a race
   * with another transaction, which needs the transaction's rollback.
   */
  private writtenAtOnce(batch: Pending[]) {
    return batch.every((pj) => !pj.job.args.b.attachmentIds?.length);
  }

  /**
   * The batch written at once, outside any transaction: drafts first (from copies of the places), then the write.
   * The cases it did not insert — a key stored before, a ticket filed before, a place changed — run alone after
   * it, which replays, refuses or answers the existing case.
   */
  private async writeAtOnce(batch: Pending[]): Promise<Plan> {
    const { db } = this.ctx;
    const plan: Plan = { answered: [], failed: [], alone: [] };
    const { householdIds, buildingIds } = placeIdsOfBatch(batch);
    const known = await this.places.of(db, db.kysely, householdIds, buildingIds);
    const drafted = this.repeatedKeys(
      this.repeatedTickets(await this.drafts(db.kysely, batch, plan, known), plan),
      plan,
    );
    if (drafted.length === 0) return plan;
    const all = byTicket(drafted);
    const ids = await nextIds(db, db.kysely, 'cases', all.length);
    const now = this.ctx.clock.now();
    const made = all.map((d, i) => this.made(d, ids[i] as number));
    const audits = this.ctx.audit.rowsOf(
      all.map((d, i) => ({ actor: d.pj.job.args.actor, e: createAudit(made[i]!.row, d.draft) })),
    );
    const inserted = await writeCasesAtOnce(
      db,
      all.map((d, i) => {
        const m = made[i] as NewCase;
        const stored = d.pj.job.tx.stored;
        const key = stored && { stored, status: CREATED, response: storedCase(m.row.id), at: now };
        const place = placePrints(d.draft.values, known);
        return { row: m.row, event: m.event, audit: audits[i] as AuditRow, terms: searchTermsOf(m.row), key, place };
      }),
    );
    // The answers (views) only of the cases written: the others get theirs alone.
    for (const [i, d] of all.entries()) {
      if (inserted.has(ids[i] as number)) plan.answered.push([d.pj, this.doneOf(d, made[i] as NewCase)]);
      else {
        plan.alone.push(d.pj);
        this.places.forget(d.draft.values.householdId ?? null, d.draft.values.buildingId ?? null);
      }
    }
    return plan;
  }

  /** A key twice in the batch: the second runs alone after it (and replays the first's answer). */
  private repeatedKeys(drafted: Drafted[], plan: Plan): Drafted[] {
    const seen = new Set<string>();
    return drafted.filter((d) => {
      const st = d.pj.job.tx.stored;
      if (!st) return true;
      const id = idOf(st);
      if (seen.has(id)) {
        plan.alone.push(d.pj);
        return false;
      }
      seen.add(id);
      return true;
    });
  }

  /** The batch's transaction: settles who stays in it, then writes those cases together. */
  private async write(trx: K, batch: Pending[]): Promise<Plan> {
    const plan: Plan = { answered: [], failed: [], alone: [] };
    const { householdIds, buildingIds } = placeIdsOfBatch(batch);
    const known = await placesOf(this.ctx.db, trx, householdIds, buildingIds);
    const drafted = await this.drafts(trx, batch, plan, known);
    const unfiled = this.repeatedTickets(drafted, plan);
    const attachable = await this.attachments(trx, unfiled, plan);
    const claimed = await this.claims(trx, attachable, plan);
    if (claimed.length > 0) await this.insert(trx, claimed, plan);
    return plan;
  }

  /** Drafts (reads only). A case that cannot be drafted leaves the batch: alone it fails with its own error, or
   * answers the case its ticket number filed before. */
  private async drafts(trx: K, batch: Pending[], plan: Plan, known: KnownPlaces): Promise<Drafted[]> {
    const out: Drafted[] = [];
    for (const pj of batch) {
      try {
        out.push({ pj, draft: await draftCase(this.ctx, this.deps, trx, pj.job.args, known) });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        plan.alone.push(pj);
      }
    }
    return out;
  }

  /** A 12345 ticket number twice in this batch: the second answers alone, after the batch (200, the first's case).
   * One filed before shows when the batch inserts its cases (see `insert`). */
  private repeatedTickets(drafted: Drafted[], plan: Plan): Drafted[] {
    const seen = new Set<string>();
    return drafted.filter((d) => {
      const key = externalKey(d.draft);
      if (key === null) return true;
      if (seen.has(key)) {
        plan.alone.push(d.pj);
        return false;
      }
      seen.add(key);
      return true;
    });
  }

  /**
   * Attachments, checked per case (reads only): a case whose uploads are not its submitter's own unbound ones,
   * or that names an upload a case before it in the batch takes, leaves the batch; alone after it, it gets its
   * own 404 (the upload is bound by then) — or its replay, when it is a retry whose case bound them before.
   */
  private async attachments(trx: K, drafted: Drafted[], plan: Plan): Promise<Drafted[]> {
    const taken = new Set<number>();
    const out: Drafted[] = [];
    for (const d of drafted) {
      const ids = attachmentIdsOf(d);
      if (ids.length > 0) {
        if (ids.some((id) => taken.has(id))) {
          plan.alone.push(d.pj);
          continue;
        }
        try {
          await this.deps.attachments.attachable(trx, ids, d.pj.job.args.p);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          plan.alone.push(d.pj);
          continue;
        }
        for (const id of ids) taken.add(id);
      }
      out.push(d);
    }
    return out;
  }

  /**
   * Idempotency-Key claims, in the transaction: one INSERT for the batch's keys (core/idempotency.ts claimMany);
   * a key it could not claim (a retry of an earlier request, or of one earlier in this batch) goes through the
   * key's own claim, which replays the stored answer, refuses a reused key, or leaves the case to run alone
   * after this batch.
   */
  private async claims(trx: K, drafted: Drafted[], plan: Plan): Promise<Drafted[]> {
    const keys = drafted.flatMap((d) => d.pj.job.tx.stored ?? []);
    const claimed = await claimMany(this.ctx.db, trx, keys, this.ctx.clock.now());
    const out: Drafted[] = [];
    for (const d of drafted) {
      const st = d.pj.job.tx.stored;
      if (!st || claimed.has(st)) {
        out.push(d);
        continue;
      }
      try {
        const replay = await d.pj.job.tx.claim(trx);
        // A replay carries what this route stored for the same request (revived in CasesService.create).
        if (replay) plan.answered.push([d.pj, { out: { ...replay, body: replay.body as CaseView } }]);
        else out.push(d);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        if (e.code === 'IDEMPOTENCY_IN_PROGRESS') plan.alone.push(d.pj);
        else plan.failed.push([d.pj, e]);
      }
    }
    return out;
  }

  /** The cases with their numbers, attachments, search documents, events, audit rows and stored answers. */
  private async insert(trx: K, batch: Drafted[], plan: Plan) {
    const { db } = this.ctx;
    const all = byTicket(batch);
    const ids = await nextIds(db, trx, 'cases', all.length);
    const madeAll = all.map((d, i) => this.made(d, ids[i] as number));
    const inserted = await repo.insertNewMany(
      db,
      trx,
      madeAll.map((m) => m.row),
    );
    const drafted = all.filter((_, i) => inserted.has(ids[i] as number));
    const made = madeAll.filter((m) => inserted.has(m.row.id));
    const lost = all.filter((d) => !drafted.includes(d));
    if (lost.length) await this.filedBefore(trx, lost, plan);
    if (drafted.length === 0) return;
    // Checked above; binding can still fail only in a race with another transaction (the batch then rolls back).
    for (const [i, d] of drafted.entries()) {
      const attachmentIds = attachmentIdsOf(d);
      const id = (made[i] as NewCase).row.id;
      if (attachmentIds.length) await this.deps.attachments.attach(trx, attachmentIds, 'case', id, d.pj.job.args.p);
    }
    await writeAll(db, trx, this.writesOf(trx, drafted, made, plan));
  }

  /** The statements after the cases' rows (one round trip on PostgreSQL); each case's answer joins the plan. */
  private writesOf(trx: K, drafted: Drafted[], made: NewCase[], plan: Plan): Write[] {
    const { db } = this.ctx;
    const now = this.ctx.clock.now();
    const writes: Write[] = [];
    const docs = made.map((m) => ({ id: m.row.id, terms: searchTermsOf(m.row) })).filter((x) => x.terms.length);
    if (docs.length) writes.push(repo.insertTermsManyQuery(db, trx, docs));
    writes.push(
      repo.insertEventsQuery(
        db,
        made.map((m) => m.event),
      ),
    );
    const audits = drafted.map((d, i) => ({ actor: d.pj.job.args.actor, e: createAudit(made[i]!.row, d.draft) }));
    writes.push(this.ctx.audit.insertMany(db, audits));
    const answers: [StoredKey, IdempotentResult][] = [];
    for (const [i, d] of drafted.entries()) {
      const done = this.doneOf(d, made[i] as NewCase);
      const st = d.pj.job.tx.stored;
      if (st) answers.push([st, done.out]);
      else {
        const record = d.pj.job.tx.recordQuery(trx, done.out);
        if (record) writes.push(record);
      }
      plan.answered.push([d.pj, done]);
    }
    // The answers into the keys' rows claimed above: one statement for all of them.
    if (answers.length) writes.push(recordMany(db, answers, now));
    return writes;
  }

  /** The new case's row and create event, with its id and number. */
  private made(d: Drafted, id: number): NewCase {
    const number = caseNumber(d.draft.values.createdAt, id);
    return madeCase(d.pj.job.args.actor, d.draft, id, number, attachmentIdsOf(d));
  }

  /** The new case's answer (serialised once, for its response), what its key keeps of it, and its news. */
  private doneOf(d: Drafted, m: NewCase): IntakeDone {
    const body = this.hooks.view(d.pj.job, m, d.draft);
    const { row } = m;
    const names = { category: d.draft.cat.name, area: d.draft.place.areaName };
    return {
      out: { status: CREATED, body, json: JSON.stringify(body), stored: storedCase(row.id) },
      fresh: { action: 'create', row, to: row.status, at: row.createdAt, areaPath: row.areaPath, names },
    };
  }

  /**
   * Cases whose 12345 ticket number was filed before (or by another transaction meanwhile): nothing of them was
   * written but their keys' claims, which are given back; alone after the batch, each answers 200 with that case.
   */
  private async filedBefore(trx: K, lost: Drafted[], plan: Plan) {
    // The route claims keys in the transaction, so every claimed key comes with its stored form.
    await releaseMany(
      trx,
      lost.flatMap((d) => d.pj.job.tx.stored ?? []),
    );
    for (const d of lost) plan.alone.push(d.pj);
  }
}

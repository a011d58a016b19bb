/**
 * Group intake: the case submissions that arrive within one turn of the event loop (at most MAX_BATCH) are
 * written in ONE transaction, with one multi-row INSERT per table (cases, the text index, events, audit rows)
 * instead of a transaction and ~10 statements per case. Each case still gets its own Idempotency-Key claim,
 * create event and audit row in the transaction that creates it, and its own answer.
 *
 * One request never sinks the others. Everything that could fail for one case alone is settled before the
 * first write of the case: its draft (category, answers, placement), a 12345 ticket number filed before or
 * twice in the batch, a key claimed before or twice in the batch. Such a case leaves the batch and runs on
 * its own after the batch (`alone`: the one-case path, which then replays, answers the existing case, or
 * fails with its own error). If the batch transaction fails anyway (a race with another node on a ticket
 * number, an attachment refused, a database error), it rolls back whole and every case of it runs alone.
 */
import type { CaseView } from '@grassroots/shared/cases/cases.schema';
import { AppError } from '@grassroots/shared/common/errors';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../core/context.js';
import type { IdempotencyTx } from '../../core/idempotency.js';
import type { Database } from '../../db/database.js';
import { insertRows, nextIds, type Write, writeAll } from '../../db/dialect.js';
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
import { placeIdsOf, placesOf } from './cases.placement.js';
import { casesRepository as repo } from './cases.repository.js';
import type { CaseCommitted, CasesDeps } from './cases.service.js';

type K = Kysely<Database>;
/** Cases per transaction: bounds a batch's statements (27 parameters a case) and its latency. */
export const MAX_BATCH = 64;
/** Batches written at the same time (each holds one connection while it runs). */
const MAX_IN_FLIGHT = 2;

export interface IntakeJob {
  args: IntakeArgs;
  tx: IdempotencyTx;
}
/** A job's answer, and the committed case to tell the live wall about (none for replays and existing cases). */
export interface IntakeDone {
  out: { status: number; body: CaseView; replayed?: boolean };
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

/** Idempotency-Key rows: claimed (status 0) together, then the answers stored into them together. */
const KEY_COLUMNS = ['caller', 'key', 'request_hash', 'status', 'response', 'created_at'];
const CLAIM_KEYS = 'on conflict ("caller", "key") do nothing returning "caller", "key"';
const STORE_ANSWERS =
  'on conflict ("caller", "key") do update set "status" = excluded."status", "response" = excluded."response"';
const externalKey = (d: CaseDraft) =>
  d.values.externalNo == null ? null : `${d.values.source}\u0000${d.values.externalNo}`;

export class IntakeBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;
  private holds = 0;
  /** Sizes of the last batches written (tests check that concurrent submissions met in one). */
  readonly sizes: number[] = [];

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
   * one batch's database round trips overlap the other's work.
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
    this.sizes.push(batch.length);
    if (this.sizes.length > 100) this.sizes.splice(0, 50);
    let plan: Plan;
    try {
      plan = await this.ctx.db.kysely.transaction().execute((trx) => this.write(trx, batch));
    } catch (e) {
      // A batch of one has nothing to fall back to: running it alone would repeat the same transaction.
      if (batch.length === 1) return batch[0]!.reject(e);
      plan = { answered: [], failed: [], alone: batch };
    }
    for (const [pj, done] of plan.answered) pj.resolve(done);
    for (const [pj, e] of plan.failed) pj.reject(e);
    // One after the other, each in its own transaction: a case left out waits for the batch it was in.
    for (const pj of plan.alone) await this.hooks.alone(pj.job).then(pj.resolve, pj.reject);
  }

  /** The batch's transaction: settles who stays in it, then writes those cases together. */
  private async write(trx: K, batch: Pending[]): Promise<Plan> {
    const plan: Plan = { answered: [], failed: [], alone: [] };
    const drafted = await this.drafts(trx, batch, plan);
    const unfiled = this.repeatedTickets(drafted, plan);
    const claimed = await this.claims(trx, unfiled, plan);
    if (claimed.length > 0) await this.insert(trx, claimed, plan);
    return plan;
  }

  /** Drafts (reads only). A case that cannot be drafted leaves the batch: alone it fails with its own error, or
   * answers the case its ticket number filed before. */
  private async drafts(trx: K, batch: Pending[], plan: Plan): Promise<Drafted[]> {
    const out: Drafted[] = [];
    const ids = placeIdsOf(batch.map((pj) => pj.job.args.b));
    const known = await placesOf(trx, ids.householdIds, ids.buildingIds);
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
   * Idempotency-Key claims, in the transaction: one INSERT for the batch's keys; a key it could not claim (a
   * retry of an earlier request, or of one earlier in this batch) goes through the key's own claim, which
   * replays the stored answer, refuses a reused key, or leaves the case to run alone after this batch.
   */
  private async claims(trx: K, drafted: Drafted[], plan: Plan): Promise<Drafted[]> {
    const stored = (d: Drafted) => d.pj.job.tx.stored;
    const keyOf = (x: { caller: string; key: string }) => `${x.caller}\u0000${x.key}`;
    const seen = new Set<string>();
    const together = drafted.filter((d) => {
      const st = stored(d);
      if (!st || seen.has(keyOf(st))) return false;
      seen.add(keyOf(st));
      return true;
    });
    // Claimed in key order: two batches in flight that share keys then wait on each other in the same order
    // on PostgreSQL, never in a cycle (a deadlock would roll a whole batch back).
    together.sort((a, b) => (keyOf(stored(a)!) < keyOf(stored(b)!) ? -1 : 1));
    const inTogether = new Set(together);
    const claimed = new Set<string>();
    if (together.length > 0) {
      const now = this.ctx.clock.now();
      const rows = together.map((d) => {
        const st = stored(d)!;
        return [st.caller, st.key, st.requestHash, 0, '', now];
      });
      const r = await trx.executeQuery<{ caller: string; key: string }>(
        insertRows(this.ctx.db, 'idempotency_keys', KEY_COLUMNS, rows, CLAIM_KEYS),
      );
      for (const row of r.rows) claimed.add(keyOf(row));
    }
    const out: Drafted[] = [];
    for (const d of drafted) {
      const st = stored(d);
      if (st && claimed.has(keyOf(st)) && inTogether.has(d)) {
        out.push(d);
        continue;
      }
      try {
        const replay = await d.pj.job.tx.claim(trx);
        // A replay carries what this route stored for the same request: a CaseView.
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
    // Rows with a 12345 ticket in ticket order, for the same reason as the key claims.
    const ticket = (d: Drafted) => externalKey(d.draft) ?? '';
    const all = [...batch].sort((a, b) => (ticket(a) < ticket(b) ? -1 : ticket(a) > ticket(b) ? 1 : 0));
    const ids = await nextIds(db, trx, 'cases', all.length);
    const madeAll = all.map((d, i) => {
      const id = ids[i] as number;
      const attachmentIds = (d.pj.job.args.b.attachmentIds ?? []).map(Number);
      return madeCase(d.pj.job.args.actor, d.draft, id, caseNumber(d.draft.values.createdAt, id), attachmentIds);
    });
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
    for (const [i, d] of drafted.entries()) {
      const attachmentIds = (d.pj.job.args.b.attachmentIds ?? []).map(Number);
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
    writes.push(repo.insertAuditsQuery(db, now, audits));
    const answers: unknown[][] = [];
    for (const [i, d] of drafted.entries()) {
      const { row } = made[i] as NewCase;
      const body = this.hooks.view(d.pj.job, made[i] as NewCase, d.draft);
      const st = d.pj.job.tx.stored;
      if (st) answers.push([st.caller, st.key, st.requestHash, 201, JSON.stringify(body), now]);
      else {
        const record = d.pj.job.tx.recordQuery(trx, { status: 201, body });
        if (record) writes.push(record);
      }
      const names = { category: d.draft.cat.name, area: d.draft.place.areaName };
      const fresh = {
        action: 'create' as const,
        row,
        to: row.status,
        at: row.createdAt,
        areaPath: row.areaPath,
        names,
      };
      plan.answered.push([d.pj, { out: { status: 201, body }, fresh }]);
    }
    // The answers into the keys' rows claimed above (an upsert: one statement for all of them).
    if (answers.length) writes.push(insertRows(db, 'idempotency_keys', KEY_COLUMNS, answers, STORE_ANSWERS));
    return writes;
  }

  /**
   * Cases whose 12345 ticket number was filed before (or by another transaction meanwhile): nothing of them was
   * written but their keys' claims, which are given back; alone after the batch, each answers 200 with that case.
   */
  private async filedBefore(trx: K, lost: Drafted[], plan: Plan) {
    // The route claims keys in the transaction, so every claimed key comes with its stored form.
    const claimed = lost.map((d) => d.pj.job.tx.stored).filter((k) => k !== undefined);
    if (claimed.length)
      await trx
        .deleteFrom('idempotencyKeys')
        .where((eb) => eb.or(claimed.map((k) => eb.and([eb('caller', '=', k.caller), eb('key', '=', k.key)]))))
        .execute();
    for (const d of lost) plan.alone.push(d.pj);
  }
}

/**
 * Analytics for bulk-loaded cases, written by the loader in each batch's transaction, so a loaded database is
 * query-ready without the roll-up job replaying millions of cases: each case's facts row and its contribution
 * to every roll-up level, computed from the drafts in memory with the SAME functions the job uses
 * (analytics.deltas.ts: caseFactsRow, RollupDeltas), then the job's event cursor moved past the batch's
 * events — only when it stood at the last event before them, so events someone else wrote are never skipped
 * (if it did not, the job later recomputes these cases, which takes their facts out and puts them back: the
 * same sums).
 */
import { type Kysely, sql } from 'kysely';
import { caseFactsRow, type RollupAdditions } from '../../modules/analytics/analytics.deltas.js';
import { rollupRepository } from '../../modules/analytics/analytics.repository.js';
import type { Database } from '../database.js';
import type { BulkInsert, FlatRows, StatementQueue } from './bulk.js';
import type { CaseDraft } from './cases-intake.js';

type K = Kysely<Database>;

export const maxEventId = async (k: K) =>
  Number((await sql<{ m: number | null }>`select max(id) as m from case_events`.execute(k)).rows[0]?.m ?? 0);

/** A case's facts (caseFactsRow), computed when it is simulated; its id comes when its batch is written. */
export type CaseFactsOf = ReturnType<typeof caseFactsRow>;

/** The facts of a simulated case, its id to come (the events a draft holds are in the order they happened). */
export function caseFactsOf(d: CaseDraft, now: number): CaseFactsOf {
  const r = d.row;
  const c = {
    id: 0,
    createdAt: r.createdAt,
    respondBy: r.respondBy ?? null,
    resolveBy: r.resolveBy ?? null,
    handlerAccountId: r.handlerAccountId ?? null,
    handlerOrgId: r.handlerOrgId ?? null,
    areaPath: r.areaPath,
    placePath: r.placePath ?? null,
    categoryId: r.categoryId,
    source: r.source,
  };
  return caseFactsRow(c, inOrder(d.events), now);
}

/** The job reads events by (at, id), and ids follow the draft order: a stable sort by time is that order. */
const inOrder = <E extends { at: number }>(events: E[]) => {
  for (let i = 1; i < events.length; i++)
    if ((events[i] as E).at < (events[i - 1] as E).at) return [...events].sort((a, b) => a.at - b.at);
  return events;
};

/**
 * Holds the facts rows of the batches since the last write and writes them with the roll-up rows that come with
 * a batch (cases-produce.ts holds the deltas) and the cursor, in one transaction: a load stopped half-way leaves
 * cases the job has not seen and no facts of them — which the job then computes as for any new case.
 */
export class CaseFactsWriter {
  /** The facts rows held, flat (an object a row, held over batches, would cost more in garbage collection). */
  private rows: FlatRows | null = null;
  /** The last event id before the held batches' events, and how many events they hold. */
  private heldFrom: number | null = null;
  private heldEvents = 0;
  /** Per roll-up table (alone): the last day it has a row of; rows of later days are new. */
  private lastDay = new Map<string, number>();
  counts = { caseFacts: 0 };

  /**
   * `alone`: the load has the tables it writes to itself until it ends (one transaction that locks them; SQLite's
   * one writer) — so it knows which roll-up rows are new, and that every event since it began is its own.
   */
  constructor(
    private readonly bulk: BulkInsert,
    private readonly alone = false,
  ) {}

  /** At the start of a batch's transaction, before its events are written. */
  async begin(trx: K) {
    this.heldFrom ??= await maxEventId(trx);
  }

  /** A batch's facts rows (their case ids set) and how many events its cases have. */
  add(facts: FlatRows, events: number) {
    if (facts.count) {
      this.rows ??= { cols: facts.cols, values: [], count: 0 };
      const held = this.rows.values;
      for (const v of facts.values) held.push(v);
      this.rows.count += facts.count;
    }
    this.heldEvents += events;
  }

  /**
   * With the roll-up rows a batch brings: writes them and what is held, in the batch's transaction (through
   * `queue`, drained here, when the batch's statements go through one).
   */
  async write(trx: K, rollups: readonly RollupAdditions[] | null, queue?: StatementQueue) {
    if (!rollups) return;
    const rows = this.rows;
    if (rows) await this.bulk.insert(trx, 'caseFacts', rows, { queue });
    for (const r of rollups) {
      const { fresh, rest } = this.alone ? await this.split(trx, r) : { fresh: null, rest: r.rows };
      if (fresh?.count) await this.bulk.insert(trx, r.table, fresh, { queue });
      if (rest.count) await this.bulk.upsertAdd(trx, r.table, rest, r.key, r.add, queue);
    }
    await queue?.drain();
    // The cursor moves past the held events only if it stood just before them and they are all ours.
    const { n, m } = await this.eventsSince(trx, this.heldFrom as number);
    const state = await rollupRepository.state(trx);
    if (state.eventCursor === this.heldFrom && n === this.heldEvents && this.heldEvents > 0 && m != null)
      await rollupRepository.setState(trx, { eventCursor: Number(m) });
    this.counts.caseFacts += rows?.count ?? 0;
    this.rows = null;
    this.heldFrom = null;
    this.heldEvents = 0;
  }

  /**
   * The rows of days after the last the table has a row of, which no stored row can share a key with (the day is
   * part of every roll-up key), and the others. The new ones go in as plain inserts — PostgreSQL: by COPY, about a
   * third of the cost of the upsert of the same rows — the others as upserts. The loader sends each finished day
   * once (cases-produce.ts HOLD_ROWS), so in a load into empty tables only the last write (the days still open
   * and the demo's scripted cases) has rows of days already written.
   */
  private async split(trx: K, r: RollupAdditions) {
    let last = this.lastDay.get(r.table);
    if (last === undefined) {
      const max = await trx
        .selectFrom(r.table)
        .select((eb) => eb.fn.max<number | null>('day').as('m'))
        .executeTakeFirst();
      last = max?.m == null ? Number.NEGATIVE_INFINITY : Number(max.m);
    }
    const { cols, values, count } = r.rows;
    const width = cols.length;
    const at = cols.indexOf('day');
    const fresh: FlatRows = { cols, values: [], count: 0 };
    const rest: FlatRows = { cols, values: [], count: 0 };
    let newLast = last;
    for (let i = 0; i < count; i++) {
      const day = values[i * width + at] as number;
      const to = day > last ? fresh : rest;
      for (let c = i * width; c < (i + 1) * width; c++) to.values.push(values[c]);
      to.count++;
      if (day > newLast) newLast = day;
    }
    this.lastDay.set(r.table, newLast);
    return { fresh, rest };
  }

  /**
   * How many events there are after id `from`, and the last one's id. Alone, they are the held ones: nobody else
   * writes events until the load's COMMIT. Otherwise counted, not told from their ids (a rolled-back transaction
   * leaves a gap in the ids) — at most one more than ours, in id order: without the LIMIT, PostgreSQL, whose
   * statistics know nothing of the rows this transaction wrote, scanned the whole table each time (50 ms a write at
   * 200,000 cases, 160 ms at 1.5 M, growing on).
   */
  private async eventsSince(trx: K, from: number): Promise<{ n: number; m: number | null }> {
    if (this.alone) {
      const m = await maxEventId(trx);
      return { n: this.heldEvents, m: m > from ? m : null };
    }
    const r = await sql<{ n: number | string; m: number | null }>`select count(*) as n, max(id) as m
      from (select id from case_events where id > ${from} order by id limit ${this.heldEvents + 1}) as e`.execute(trx);
    return { n: Number(r.rows[0]?.n ?? 0), m: r.rows[0]?.m ?? null };
  }
}

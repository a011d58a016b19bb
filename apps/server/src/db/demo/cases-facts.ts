/**
 * Analytics for bulk-loaded cases, written by the loader in each batch's transaction, so a loaded database is
 * query-ready without the roll-up job replaying millions of cases: each case's facts row and its contribution
 * to every roll-up level, computed from the drafts in memory with the SAME functions the job uses
 * (analytics.deltas.ts: caseFactsRow, RollupDeltas), then the job's event cursor moved past the batch's
 * events — only when it stood at the last event before them, so events someone else wrote are never skipped
 * (if it did not, the job later recomputes these cases, which takes their facts out and puts them back: the
 * same sums).
 */
import { type Insertable, type Kysely, sql } from 'kysely';
import { caseFactsRow, RollupDeltas } from '../../modules/analytics/analytics.deltas.js';
import { rollupRepository } from '../../modules/analytics/analytics.repository.js';
import type { CaseFactsTable, Database } from '../database.js';
import type { BulkInsert } from './bulk.js';
import type { CaseDraft } from './cases-intake.js';

type K = Kysely<Database>;

/** Roll-up rows held in memory before they are written (consecutive batches share most days and areas). */
const HOLD_ROWS = 60_000;

export const maxEventId = async (k: K) =>
  Number((await sql<{ m: number | null }>`select max(id) as m from case_events`.execute(k)).rows[0]?.m ?? 0);

/**
 * Holds the facts rows and roll-up deltas of the batches since the last write and writes them together, with
 * the cursor, in one transaction: a load stopped half-way leaves cases the job has not seen and no facts of
 * them — which the job then computes as for any new case.
 */
export class CaseFactsWriter {
  private readonly deltas = new RollupDeltas();
  private rows: Insertable<CaseFactsTable>[] = [];
  /** The last event id before the held batches' events, and how many events they hold. */
  private heldFrom: number | null = null;
  private heldEvents = 0;
  counts = { caseFacts: 0 };

  constructor(
    private readonly bulk: BulkInsert,
    private readonly now: number,
  ) {}

  /** At the start of a batch's transaction, before its events are written. */
  async begin(trx: K) {
    this.heldFrom ??= await maxEventId(trx);
  }

  /** The batch's cases (drafts[i] got id ids[i]) into facts and deltas, in memory. */
  add(drafts: readonly CaseDraft[], ids: readonly number[]) {
    for (const [i, d] of drafts.entries()) {
      // The job reads events by (at, id); ids follow the draft order, so a stable sort by time is that order.
      const events = [...d.events].sort((a, b) => a.at - b.at);
      const r = d.row;
      const c = {
        id: ids[i] as number,
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
      const { dims, facts, row } = caseFactsRow(c, events, this.now);
      this.deltas.move(dims, facts, 1);
      this.rows.push(row);
      this.heldEvents += d.events.length;
    }
  }

  /** Writes what is held when it is much (or `force`), in the current batch's transaction. */
  async write(trx: K, force = false) {
    if (!force && this.deltas.size < HOLD_ROWS) return;
    await this.bulk.insert(trx, 'caseFacts', this.rows);
    await this.deltas.write(trx, this.bulk);
    // The cursor moves past the held events only if it stood just before them and they are all ours.
    const after = await maxEventId(trx);
    const state = await rollupRepository.state(trx);
    if (state.eventCursor === this.heldFrom && after - this.heldFrom === this.heldEvents && this.heldEvents > 0)
      await rollupRepository.setState(trx, { eventCursor: after });
    this.counts.caseFacts += this.rows.length;
    this.rows = [];
    this.heldFrom = null;
    this.heldEvents = 0;
  }
}

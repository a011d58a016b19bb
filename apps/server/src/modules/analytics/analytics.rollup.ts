/**
 * The roll-up job `analytics.rollup` (issue 5): keeps case_facts and the roll-up levels (analytics.repository.ts)
 * current with a bounded lag, so intake and actions never write analytics (their transactions stay as they are).
 *
 * Each run, on the one node holding the lease:
 *  1. events after the cursor, in bounded batches: the cases they touch are condensed afresh from ALL their
 *     events (shared analytics.facts.ts), and in ONE transaction per batch each case's old facts are taken out
 *     of the roll-ups, the new ones added, the facts stored and the cursor advanced;
 *  2. time: a case becomes overdue, and enters the 按期结案 cohort, when its deadline passes — no event says
 *     so (the deadline job writes one only when it escalates) — so facts computed before their deadline are
 *     computed again once it has passed, by a cursor on (resolve_by, case_id).
 * Event ids are taken when a transaction inserts, not when it commits: on PostgreSQL a smaller id can become
 * visible after a larger one. A gap in the ids therefore stops the batch until GAP_WAIT_MS has passed since the
 * event after it (a rolled-back transaction leaves a gap for ever; an open one fills it within that time).
 */
import { addSums, zeroSums } from '@grassroots/shared/analytics/analytics.facts';
import { pathAndAncestors } from '@grassroots/shared/areas/areas.rules';
import type { Insertable, Kysely } from 'kysely';
import type { AppContext } from '../../core/context.js';
import type { Job } from '../../core/jobs.js';
import type { CaseFactsTable, Database } from '../../db/database.js';
import { caseFactsRow, RollupDeltas } from './analytics.deltas.js';
import { BY_AREA, HOUR_COLUMNS, rollupRepository as repo } from './analytics.repository.js';

type K = Kysely<Database>;
export const ROLLUP_JOB = 'analytics.rollup';
const MAX_ID = 2_147_483_647;

export interface RollupOptions {
  /** Events read per batch (one transaction each). */
  eventBatch: number;
  /** Cases per time-sweep batch. */
  timeBatch: number;
  /** Batches per run and phase: the rest waits for the next run (the lease must outlast a run). */
  maxBatches: number;
  /** How long a gap in event ids may be an open transaction. */
  gapWaitMs: number;
}
const DEFAULTS: RollupOptions = { eventBatch: 500, timeBatch: 500, maxBatches: 40, gapWaitMs: 30_000 };

export interface RollupReport {
  events: number;
  cases: number;
  swept: number;
  /** Every committed event and passed deadline is in the roll-ups. */
  drained: boolean;
}

export class CaseRollup {
  readonly opts: RollupOptions;

  constructor(
    private ctx: AppContext,
    opts: Partial<RollupOptions> = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  job(): Job {
    return {
      name: ROLLUP_JOB,
      intervalMs: this.ctx.config.analyticsRollupMs,
      run: (_c, now) => this.run(now).then(() => undefined),
    };
  }

  private get k() {
    return this.ctx.db.kysely;
  }

  /** One run: at most maxBatches batches of each phase. */
  async run(now: number): Promise<RollupReport> {
    const r: RollupReport = { events: 0, cases: 0, swept: 0, drained: false };
    let eventsDone = false;
    let nextEventAt: number | null = null;
    for (let i = 0; i < this.opts.maxBatches && !eventsDone; i++) {
      const b = await this.eventBatch(now);
      r.events += b.events;
      r.cases += b.cases;
      eventsDone = b.done;
      nextEventAt = b.nextAt;
    }
    let timeDone = false;
    for (let i = 0; i < this.opts.maxBatches && !timeDone; i++) {
      const b = await this.timeBatch(now);
      r.swept += b.cases;
      timeDone = b.done;
    }
    r.drained = eventsDone && timeDone;
    // Current up to now when nothing is left; else up to the first event still waiting.
    await repo.setState(this.k, { asOf: eventsDone ? now : (nextEventAt ?? now) });
    return r;
  }

  /** Runs until everything is in (demo start, tests). */
  async drain(now: number, maxRuns = 10_000): Promise<RollupReport> {
    const total: RollupReport = { events: 0, cases: 0, swept: 0, drained: false };
    for (let i = 0; i < maxRuns && !total.drained; i++) {
      const r = await this.run(now);
      total.events += r.events;
      total.cases += r.cases;
      total.swept += r.swept;
      total.drained = r.drained || (r.events === 0 && r.swept === 0);
    }
    return total;
  }

  private eventBatch(now: number) {
    return this.k.transaction().execute(async (trx) => {
      const state = await repo.state(trx);
      const events = await repo.eventsAfter(trx, state.eventCursor, this.opts.eventBatch);
      let last = state.eventCursor;
      const ids = new Set<number>();
      let stoppedAt: number | null = null;
      for (const e of events) {
        if (e.id !== last + 1 && now - e.at < this.opts.gapWaitMs) {
          stoppedAt = e.at;
          break;
        }
        ids.add(e.caseId);
        last = e.id;
      }
      if (ids.size) await this.recompute(trx, [...ids], now);
      if (last !== state.eventCursor) await repo.setState(trx, { eventCursor: last });
      const done = stoppedAt !== null || events.length < this.opts.eventBatch;
      return { events: events.length, cases: ids.size, done, nextAt: stoppedAt ?? events.at(-1)?.at ?? null };
    });
  }

  private timeBatch(now: number) {
    return this.k.transaction().execute(async (trx) => {
      const state = await repo.state(trx);
      const due = await repo.passedDeadlines(
        trx,
        { at: state.timeCursor, id: state.timeCursorId },
        now,
        this.opts.timeBatch,
      );
      if (due.length)
        await this.recompute(
          trx,
          due.map((d) => d.caseId),
          now,
        );
      const done = due.length < this.opts.timeBatch;
      const lastDue = due.at(-1);
      await repo.setState(
        trx,
        // Done: every deadline before now (≤ now − 1 ms) has been looked at.
        done || !lastDue
          ? { timeCursor: now - 1, timeCursorId: MAX_ID }
          : { timeCursor: lastDue.resolveBy ?? now, timeCursorId: lastDue.caseId },
      );
      return { cases: due.length, done };
    });
  }

  /**
   * An area moved (inside the mover's transaction, after the areas module re-keyed every path table): on the area
   * level its rows and its subtree's move to the new paths, the old ancestors lose its totals and the new ones
   * gain them — its totals being its own rows, which already count its whole subtree.
   */
  async moveArea(trx: K, oldPath: string, newPath: string) {
    const rows = await trx.selectFrom(BY_AREA.daily).selectAll().where('areaPath', '=', oldPath).execute();
    const before = pathAndAncestors(oldPath).slice(0, -1);
    const after = pathAndAncestors(newPath).slice(0, -1);
    const shift = async (paths: string[], sign: 1 | -1) => {
      const deltas = rows.flatMap((r) =>
        paths.map((areaPath) => ({
          dims: { day: r.day, areaPath },
          sums: addSums(zeroSums(), r, sign),
          hist: HOUR_COLUMNS.map((c) => sign * Number((r as Record<string, unknown>)[c])),
        })),
      );
      await repo.deleteEmpty(trx, BY_AREA, await repo.addDaily(trx, BY_AREA, deltas), []);
    };
    await shift(
      before.filter((p) => !after.includes(p)),
      -1,
    );
    await repo.rekeyArea(trx, oldPath, newPath);
    await shift(
      after.filter((p) => !before.includes(p)),
      1,
    );
  }

  /** Recomputes the facts of `ids` at `now` and moves the roll-ups by the difference. */
  async recompute(trx: K, ids: number[], now: number) {
    const [cases, events, old] = [await repo.cases(trx, ids), await repo.events(trx, ids), await repo.facts(trx, ids)];
    const eventsOf = new Map<number, typeof events>();
    for (const e of events) {
      const list = eventsOf.get(e.caseId);
      if (list) list.push(e);
      else eventsOf.set(e.caseId, [e]);
    }
    const deltas = new RollupDeltas();
    for (const o of old)
      deltas.move(
        { areaPath: o.areaPath, categoryId: o.categoryId, source: o.source, handlerKey: o.handlerKey },
        o,
        -1,
      );
    const rows: Insertable<CaseFactsTable>[] = [];
    for (const c of cases) {
      const { dims, facts, row } = caseFactsRow(c, eventsOf.get(c.id) ?? [], now);
      deltas.move(dims, facts, 1);
      rows.push(row);
    }
    if (rows.length) await repo.upsertFacts(trx, rows);
    await deltas.write(trx);
  }
}

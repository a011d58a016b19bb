/**
 * Background jobs, one node at a time (ARCHITECTURE rule 12).
 *
 * Every app instance has one JobRunner with a random holder id. A job runs only on the node that holds
 * its row in `job_leases`: taking it is an INSERT of the row, or an UPDATE that succeeds only when the
 * lease has expired or is already ours — both atomic in the database, so two nodes never both win.
 * While a job runs the lease lasts `leaseMs` (longer than any run); after a successful run it is kept
 * until the next due time, so no other node re-runs the job within its interval; after a failure it is
 * released at once, so any node may retry. A node that dies simply lets its lease expire.
 *
 * Tests never use timers: they call `runDue(now)` with a ManualClock's time. Only main.ts calls start().
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from './context.js';

export interface Job {
  /** Stable name, also the lease key (≤ 64 characters). */
  name: string;
  intervalMs: number;
  /** How long a run may take before another node may assume this one died (default 10 min). */
  leaseMs?: number;
  run(ctx: AppContext, now: number): Promise<void>;
}

export type JobOutcome = 'ran' | 'failed' | 'not_due' | 'held_elsewhere';

export interface JobLogger {
  error(obj: unknown, msg?: string): void;
}

const DEFAULT_LEASE_MS = 10 * 60_000;
const DEFAULT_TICK_MS = 15_000;

export class JobRunner {
  readonly holder: string;
  private readonly jobs = new Map<string, { job: Job; nextAt: number }>();
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<unknown> | null = null;
  private log: JobLogger;

  constructor(
    private readonly ctx: AppContext,
    opts: { holder?: string; log?: JobLogger } = {},
  ) {
    this.holder = opts.holder ?? `${process.pid}-${randomBytes(6).toString('hex')}`;
    this.log = opts.log ?? { error: (obj, msg) => console.error(msg ?? 'job failed', obj) };
  }

  registerJob(job: Job) {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} registered twice`);
    if (job.name.length > 64) throw new Error(`job name too long: ${job.name}`);
    // Due at once: a fresh node does not know when a peer last ran it — the lease decides.
    this.jobs.set(job.name, { job, nextAt: Number.NEGATIVE_INFINITY });
  }

  get names() {
    return [...this.jobs.keys()];
  }

  /**
   * Runs, one after another, every job that is due at `now` and whose lease this node can take.
   * A failing job is logged; the others still run.
   */
  async runDue(now: number = this.ctx.clock.now()): Promise<Record<string, JobOutcome>> {
    const outcomes: Record<string, JobOutcome> = {};
    for (const entry of this.jobs.values()) {
      const { job } = entry;
      if (now < entry.nextAt) {
        outcomes[job.name] = 'not_due';
        continue;
      }
      // Held elsewhere: look again at the next tick (cheap; the lease holder may die any time).
      if (!(await this.acquire(job, now))) {
        outcomes[job.name] = 'held_elsewhere';
        continue;
      }
      entry.nextAt = now + job.intervalMs;
      try {
        await job.run(this.ctx, now);
        // Keep the lease until the job is due again so that no peer repeats it within the interval.
        await this.setExpiry(job.name, Math.max(now + job.intervalMs, this.ctx.clock.now()));
        outcomes[job.name] = 'ran';
      } catch (err) {
        this.log.error({ err, job: job.name }, `job ${job.name} failed`);
        outcomes[job.name] = 'failed';
        await this.setExpiry(job.name, 0).catch((e) =>
          this.log.error({ err: e, job: job.name }, 'lease release failed'),
        );
      }
    }
    return outcomes;
  }

  /** One unref'd interval timer calling runDue; a tick is skipped while the previous one still runs. */
  start(opts: { tickMs?: number; log?: JobLogger } = {}) {
    if (opts.log) this.log = opts.log;
    if (this.timer) return;
    const tick = () => {
      if (this.inFlight) return;
      this.inFlight = this.runDue(this.ctx.clock.now())
        .catch((err) => this.log.error({ err }, 'job tick failed'))
        .finally(() => {
          this.inFlight = null;
        });
    };
    this.timer = setInterval(tick, opts.tickMs ?? DEFAULT_TICK_MS);
    this.timer.unref();
    tick();
  }

  /** Stops the timer and waits for a run in progress, so the database is not closed under it. */
  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private async acquire(job: Job, now: number): Promise<boolean> {
    const k = this.ctx.db.kysely;
    const expiresAt = now + (job.leaseMs ?? DEFAULT_LEASE_MS);
    const taken = await k
      .updateTable('jobLeases')
      .set({ holder: this.holder, expiresAt })
      .where('name', '=', job.name)
      .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('holder', '=', this.holder)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return true;
    // No row yet (or held by a peer): the primary key lets exactly one concurrent insert win.
    const inserted = await k
      .insertInto('jobLeases')
      .values({ name: job.name, holder: this.holder, expiresAt })
      .onConflict((oc) => oc.column('name').doNothing())
      .returning('name')
      .execute();
    return inserted.length === 1;
  }

  private async setExpiry(name: string, expiresAt: number) {
    await this.ctx.db.kysely
      .updateTable('jobLeases')
      .set({ expiresAt })
      .where('name', '=', name)
      .where('holder', '=', this.holder)
      .execute();
  }
}

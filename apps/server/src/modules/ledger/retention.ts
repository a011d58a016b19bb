/**
 * The retention job `ledger.retention` (PIPL art. 19 / 47): persons whose move-out was recorded more than
 * LEDGER_RETENTION_DAYS ago are anonymised, by the system, one transaction and audit row each. It walks the
 * moved_out_at index in small id-ordered batches; whatever is left waits for the next run.
 */
import { systemActor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Job } from '../../core/jobs.js';
import { anonymisePerson } from './anonymise.js';

export const RETENTION_JOB = 'ledger.retention';
const DAY_MS = 24 * 3600_000;
const BATCH = 100;
const MAX_BATCHES = 50;

export class LedgerRetention {
  constructor(private ctx: AppContext) {}

  job(): Job {
    return { name: RETENTION_JOB, intervalMs: 3600_000, run: (_c, now) => this.run(now).then(() => undefined) };
  }

  /** Anonymises every person moved out (recorded) on or before now − the period; returns their ids. */
  async run(now: number): Promise<number[]> {
    const cutoff = now - this.ctx.config.ledgerRetentionDays * DAY_MS;
    const k = this.ctx.db.kysely;
    const done: number[] = [];
    let after = 0;
    for (let b = 0; b < MAX_BATCHES; b++) {
      const batch = await k
        .selectFrom('persons')
        .select(['id', 'areaPath', 'householdId', 'movedOutOn', 'movedOutAt'])
        .where('movedOutAt', '<=', cutoff)
        .where('anonymisedAt', 'is', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .execute();
      for (const p of batch) {
        const changed = await k
          .transaction()
          .execute((trx) => anonymisePerson(this.ctx, trx, systemActor, p, 'retention', { movedOutOn: p.movedOutOn }));
        if (changed) done.push(p.id);
        after = p.id;
      }
      if (batch.length < BATCH) break;
    }
    return done;
  }
}

/**
 * Bulk case history: `loadCases` simulates M cases over the year before now (cases-random → cases-flow on
 * the shared transition table) and writes them with their events and search terms, bypassing HTTP, in bulk
 * inserts (bulk.ts), one transaction per batch of cases. Used by the demo (a few thousand cases plus the demo
 * accounts' scripted ones) and by `npm run demo -- --cases M` (up to millions).
 *
 * Ids come from the service's own allocation (`nextIds`) before the rows are written, so each row goes in with
 * its number, the service's `YYYYMMDD-<id padded to 6>`. Search terms are
 * `caseSearchTerms([number, description, address])`, exactly what the service indexes.
 */
import { caseSearchTerms } from '@grassroots/shared/cases/cases.search';
import { sql } from 'kysely';
import { systemActor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { CaseRollup } from '../../modules/analytics/analytics.rollup.js';
import { CASE_SEARCH } from '../../modules/cases/cases.repository.js';
import { WorktimeService } from '../../modules/worktime/worktime.service.js';
import { nextIds, textIndexInsert } from '../dialect.js';
import { BulkInsert } from './bulk.js';
import { CaseFactsWriter } from './cases-facts.js';
import { Flow, type FlowEnv } from './cases-flow.js';
import { type CaseDraft, draftOf, mergeKeyOf, startCase } from './cases-intake.js';
import { planDays, RandomIntake } from './cases-random.js';
import { scriptedCases, scriptedCount } from './cases-script.js';
import { ensureActors, loadWorld } from './cases-world.js';
import type { Progress } from './generator.js';
import { createRng } from './random.js';

export interface CaseLoadOptions {
  cases: number;
  seed?: number;
  progress?: Progress;
  /** Add the demo accounts' own cases (the demo world). */
  scripted?: boolean;
  /** Residents who file and rate; default about one per four resident cases. */
  residents?: number;
}

/**
 * Cases per transaction. A batch touches a few thousand pages of the (term, case_id) index whatever its
 * size, so big loads write big batches; small ones (the demo) keep batches small enough that later cases
 * find earlier ones to merge into.
 */
const batchSize = (cases: number) => Math.min(10_000, Math.max(1000, Math.round(cases / 100)));
const DAY = 86_400_000;

/** The number the service gives case `id` created on `day` ('YYYYMMDD'). */
export const caseNumber = (day: string, id: number) => `${day}-${String(id).padStart(6, '0')}`;

interface Recent {
  /** The case id, or -(index + 1) in the batch not written yet. */
  ref: number;
  number: string;
  at: number;
  closedAt: number | null;
}

/** Stands for the number of a merge target not written yet, in the merge note. */
const PENDING = '\u0000pending\u0000';

/**
 * Collects drafts and writes them a batch at a time. A case may be merged into an earlier one of the same
 * batch: the target is referred to by its place in the batch until the batch has its ids; then the duplicate
 * gets the id (merged_into_id, the merge event).
 */
class CaseWriter {
  private batch: CaseDraft[] = [];
  private readonly bulk: BulkInsert;
  private readonly facts: CaseFactsWriter;
  readonly counts = { cases: 0, caseEvents: 0, searchTerms: 0 };
  /** The latest case of each category and grid, for merges of later duplicates. */
  readonly recent = new Map<string, Recent>();

  constructor(
    private readonly ctx: AppContext,
    private readonly progress: Progress,
    private readonly total: number,
    now: number,
  ) {
    this.bulk = new BulkInsert(ctx.db.dialect);
    this.facts = new CaseFactsWriter(this.bulk, now);
  }

  get size() {
    return this.batch.length;
  }

  add(d: CaseDraft) {
    this.batch.push(d);
    const closedAt = d.row.closedAt ?? null;
    if (d.mergeKey)
      this.recent.set(d.mergeKey, { ref: -this.batch.length, number: PENDING, at: d.row.createdAt, closedAt });
  }

  /** Writes the batch; `last`: also the analytics still held. */
  async flush(last = false) {
    const drafts = this.batch;
    this.batch = [];
    if (drafts.length === 0 && !last) return;
    const { db } = this.ctx;
    const done = await db.kysely.transaction().execute(async (trx) => {
      await this.facts.begin(trx);
      // Ids first (the service's own allocation), so each row goes in with its number and the duplicates of
      // cases of this batch with their target's id: one insert, in draft order, so a target precedes its duplicate.
      const ids = await nextIds(db, trx, 'cases', drafts.length);
      const numbers = drafts.map((d, i) => caseNumber(d.day, ids[i] as number));
      for (const d of drafts) if ((d.row.mergedIntoId ?? 0) < 0) resolveMerge(d, ids, numbers);
      const rows = drafts.map((d, i) => ({ id: ids[i], number: numbers[i], ...d.row }));
      await this.bulk.insert(trx, 'cases', rows, { perRow: true });
      const events = drafts.flatMap((d, i) => d.events.map((e) => ({ ...e, caseId: ids[i] as number })));
      await this.bulk.insert(trx, 'caseEvents', events);
      const docs = drafts.map((d, i) => ({
        id: ids[i] as number,
        terms: caseSearchTerms([numbers[i], d.row.description, d.row.address]),
      }));
      if (docs.length) await trx.executeQuery(textIndexInsert(db, trx, CASE_SEARCH, docs));
      this.facts.add(drafts, ids);
      await this.facts.write(trx, last);
      return { ids, numbers, events: events.length, terms: docs.reduce((n, d) => n + d.terms.length, 0) };
    });
    const { ids, numbers } = done;
    for (const r of this.recent.values())
      if (r.ref < 0) [r.ref, r.number] = [ids[-r.ref - 1] as number, numbers[-r.ref - 1] as string];
    this.counts.cases += drafts.length;
    this.counts.caseEvents += done.events;
    this.counts.searchTerms += done.terms;
    if (drafts.length) this.progress('cases', this.counts.cases, this.total);
  }
}

/** Points a duplicate at its target's id and number, now that the target has them. */
function resolveMerge(d: CaseDraft, ids: number[], numbers: string[]) {
  const at = -(d.row.mergedIntoId as number) - 1;
  d.row.mergedIntoId = ids[at] as number;
  const merge = d.events.find((e) => e.action === 'merge');
  if (!merge) return;
  merge.data = JSON.stringify({ ...JSON.parse(merge.data), duplicateOf: String(ids[at]) });
  merge.note = merge.note?.replace(PENDING, numbers[at] as string) ?? null;
}

/** Simulates and writes `opts.cases` cases (plus the scripted ones) into the world in the database. */
export async function loadCases(ctx: AppContext, opts: CaseLoadOptions) {
  const started = performance.now();
  const k = ctx.db.kysely;
  const seed = opts.seed ?? 42;
  const world = await loadWorld(ctx);
  if (world.categories.length === 0) throw new Error('no case categories (ensureDefaultCategories first)');
  const residents = opts.residents ?? Math.min(20_000, Math.max(20, Math.round(opts.cases / 11)));
  const made = await ensureActors(ctx, world, { residents, seed });
  // Read through the pool before any transaction (SQLite has one connection).
  const cal = await new WorktimeService(ctx).calendar();
  const now = ctx.clock.now();
  const rng = createRng(seed ^ 0xca5e);
  const maxId =
    (
      await k
        .selectFrom('cases')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirst()
    )?.m ?? 0;
  const restore = await loadSettings(ctx);
  try {
    return await loadInto(ctx, opts, { world, made, cal, now, rng, maxId, seed, started });
  } finally {
    await restore();
  }
}

/** WAL pages before a load's commit copies the WAL into the database file (400 MB at 4 KB pages). */
const LOAD_WAL_PAGES = 100_000;

/**
 * SQLite settings for a load, given back afterwards:
 * - the page cache: 2 MB per connection by default, so at millions of rows every index insert reads its B-tree
 *   path from the OS; the load runs with 512 MB;
 * - the WAL checkpoint: by default a COMMIT that leaves more than 1,000 pages in the WAL copies them into the
 *   database file, which at a batch of thousands of cases is every commit — and successive batches change
 *   mostly the same pages (index tails, roll-up rows), so each is copied once per batch. Checkpointing every
 *   LOAD_WAL_PAGES copies each such page once per many batches (measured at 100,000 cases: commits 7.3 s →
 *   3.9 s). Given back only if still ours (the driver's checkpointer may have set its own meanwhile).
 */
async function loadSettings(ctx: AppContext) {
  if (ctx.db.dialect !== 'sqlite') return async () => {};
  const k = ctx.db.kysely;
  const pragma = async (name: string) =>
    Number(Object.values((await sql.raw(`pragma ${name}`).execute(k)).rows[0] ?? {})[0]);
  const cache = await pragma('cache_size');
  const wal = await pragma('wal_autocheckpoint');
  await sql.raw('pragma cache_size = -524288').execute(k);
  await sql.raw(`pragma wal_autocheckpoint = ${LOAD_WAL_PAGES}`).execute(k);
  return async () => {
    await sql.raw(`pragma cache_size = ${Number.isFinite(cache) ? cache : -2000}`).execute(k);
    if ((await pragma('wal_autocheckpoint')) === LOAD_WAL_PAGES && Number.isFinite(wal))
      await sql.raw(`pragma wal_autocheckpoint = ${wal}`).execute(k);
  };
}

interface LoadState {
  world: Awaited<ReturnType<typeof loadWorld>>;
  made: Awaited<ReturnType<typeof ensureActors>>;
  cal: Awaited<ReturnType<WorktimeService['calendar']>>;
  now: number;
  rng: ReturnType<typeof createRng>;
  maxId: number | bigint | string;
  seed: number;
  started: number;
}

async function loadInto(ctx: AppContext, opts: CaseLoadOptions, st: LoadState) {
  const { world, made, cal, now, rng, maxId, seed, started } = st;
  const k = ctx.db.kysely;
  const scriptedTotal = opts.scripted ? scriptedCount : 0;
  // Bring the roll-ups up to date first: the loader then keeps them so, batch by batch.
  await new CaseRollup(ctx).drain(now);
  const writer = new CaseWriter(ctx, opts.progress ?? (() => {}), opts.cases + scriptedTotal, now);
  const env: FlowEnv = {
    world,
    cal,
    now,
    rng,
    duplicateOf(categoryId, place, at) {
      const key = mergeKeyOf(categoryId, place);
      const r = key ? writer.recent.get(key) : undefined;
      const open = r && r.at < at && at - r.at <= 30 * DAY && (r.closedAt == null || r.closedAt > at);
      return open ? { id: r.ref, number: r.number } : null;
    },
  };
  const resident = world.usernames.get('resident');
  const intake = new RandomIntake(world, rng, now, {
    excludeAccounts: opts.scripted && resident !== undefined ? [resident] : [],
    externalOffset: Number(maxId),
  });
  const size = batchSize(opts.cases);
  for (const { day, n } of planDays(opts.cases, now)) {
    for (const c of intake.day(day, n)) {
      const sim = startCase(env, c);
      new Flow(env, sim, c.spec).live();
      writer.add(draftOf(c, sim));
      if (writer.size >= size) await writer.flush();
    }
  }
  if (opts.scripted) for (const d of scriptedCases(env)) writer.add(d);
  await writer.flush(true);
  const counts = { ...writer.counts, residentsAdded: made.residents, staffAdded: made.staff };
  const ms = Math.round(performance.now() - started);
  await ctx.audit.write(k, systemActor, {
    action: 'demo.cases_loaded',
    entityType: 'system',
    entityId: 'cases',
    summary: { seed, ...counts, ms },
  });
  return { counts, ms };
}

/**
 * Bulk case history: `loadCases` simulates M cases over the year before now (cases-random → cases-flow on
 * the shared transition table) and writes them with their events and search terms, bypassing HTTP, in
 * chunked multi-row INSERTs, one transaction per batch of cases. Used by the demo (a few thousand cases plus
 * the demo accounts' scripted ones) and by `npm run demo -- --cases M` (up to millions).
 *
 * Numbers are the service's `YYYYMMDD-<id padded to 6>`: rows go in with a temporary `~YYYYMMDD-…` number
 * and one UPDATE per batch rewrites them from their ids in SQL both dialects share. Search terms are
 * `caseSearchTerms([number, description, address])`, exactly what the service indexes.
 */
import { caseSearchTerms } from '@grassroots/shared/cases/cases.search';
import { type Kysely, sql } from 'kysely';
import { systemActor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { CaseRollup } from '../../modules/analytics/analytics.rollup.js';
import { CASE_SEARCH } from '../../modules/cases/cases.repository.js';
import { WorktimeService } from '../../modules/worktime/worktime.service.js';
import type { Database } from '../database.js';
import { textIndexInsert } from '../dialect.js';
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
type K = Kysely<Database>;

/** The number the service gives case `id` created on `day` ('YYYYMMDD'). */
export const caseNumber = (day: string, id: number) => `${day}-${String(id).padStart(6, '0')}`;

// The same in SQL, on both dialects: `~YYYYMMDD-…` → 'YYYYMMDD-' || the id padded to 6 digits.
const numberSql = sql<string>`substr(number, 2, 8) || '-' || CASE WHEN id < 1000000 THEN substr(CAST(1000000 + id AS TEXT), 2, 6) ELSE CAST(id AS TEXT) END`;

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
 * batch: the target is referred to by its place in the batch until the targets are written and have ids;
 * then the duplicates get the id (merged_into_id, the merge event) and are written after them.
 */
class CaseWriter {
  private batch: CaseDraft[] = [];
  private seq = 0;
  private readonly bulk = new BulkInsert();
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
    const ids: number[] = [];
    const numbers: string[] = [];
    const indexes = drafts.map((_, i) => i);
    const pending = (d: CaseDraft) => (d.row.mergedIntoId ?? 0) < 0;
    const done = await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await this.facts.begin(trx);
      await this.insertCases(
        trx,
        drafts,
        indexes.filter((i) => !pending(drafts[i]!)),
        ids,
        numbers,
      );
      const duplicates = indexes.filter((i) => pending(drafts[i]!));
      for (const i of duplicates) resolveMerge(drafts[i]!, ids, numbers);
      await this.insertCases(trx, drafts, duplicates, ids, numbers);
      const events = drafts.flatMap((d, i) => d.events.map((e) => ({ ...e, caseId: ids[i] as number })));
      await this.bulk.insert(trx, 'caseEvents', events);
      const docs = drafts.map((d, i) => ({
        id: ids[i] as number,
        terms: caseSearchTerms([numbers[i], d.row.description, d.row.address]),
      }));
      if (docs.length) await trx.executeQuery(textIndexInsert(this.ctx.db, trx, CASE_SEARCH, docs));
      this.facts.add(drafts, ids);
      await this.facts.write(trx, last);
      return { events: events.length, terms: docs.reduce((n, d) => n + d.terms.length, 0) };
    });
    for (const r of this.recent.values())
      if (r.ref < 0) [r.ref, r.number] = [ids[-r.ref - 1] as number, numbers[-r.ref - 1] as string];
    this.counts.cases += drafts.length;
    this.counts.caseEvents += done.events;
    this.counts.searchTerms += done.terms;
    if (drafts.length) this.progress('cases', this.counts.cases, this.total);
  }

  /** Inserts drafts[i] for i in `which` with temporary numbers, then gives them their real ones. */
  private async insertCases(trx: K, drafts: CaseDraft[], which: number[], ids: number[], numbers: string[]) {
    if (which.length === 0) return;
    const tmp = which.map((i) => `~${drafts[i]!.day}-${this.seq++}`);
    const rows = which.map((i, j) => ({ ...drafts[i]!.row, number: tmp[j] as string }));
    const got = await this.bulk.insert<{ id: number; number: string }>(trx, 'cases', rows, ['id', 'number']);
    const byTmp = new Map(got.map((r) => [r.number, r.id]));
    which.forEach((i, j) => {
      ids[i] = byTmp.get(tmp[j] as string) as number;
      numbers[i] = caseNumber(drafts[i]!.day, ids[i]);
    });
    const written = which.map((i) => ids[i] as number);
    await trx
      .updateTable('cases')
      .set({ number: numberSql })
      .where('id', '>=', Math.min(...written))
      .where('id', '<=', Math.max(...written))
      .where('number', 'like', '~%')
      .execute();
  }
}

/** Points a duplicate at its target's id and number, now that the target is written. */
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
  const restoreCache = await bigPageCache(ctx);
  try {
    return await loadInto(ctx, opts, { world, made, cal, now, rng, maxId, seed, started });
  } finally {
    await restoreCache();
  }
}

/**
 * SQLite keeps 2 MB of pages per connection by default: at millions of rows every index insert then reads its
 * B-tree path from the OS. The load runs with 512 MB and gives the connection its setting back afterwards.
 */
async function bigPageCache(ctx: AppContext) {
  if (ctx.db.dialect !== 'sqlite') return async () => {};
  const k = ctx.db.kysely;
  const before = (await sql<{ cache_size: number }>`pragma cache_size`.execute(k)).rows[0]?.cache_size ?? -2000;
  await sql.raw('pragma cache_size = -524288').execute(k);
  return async () => {
    await sql.raw(`pragma cache_size = ${Number(before)}`).execute(k);
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

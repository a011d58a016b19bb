/**
 * Bulk case history: `loadCases` simulates M cases over the year before now (cases-produce: cases-random →
 * cases-flow on the shared transition table) and writes them with their events, search terms, facts and
 * roll-ups, bypassing HTTP, in bulk inserts (bulk.ts), one transaction per batch of cases (or one in all, below).
 * Used by the demo (a few thousand cases plus the demo accounts' scripted ones) and by `npm run demo -- --cases M`
 * (up to millions).
 * A large load simulates on a second thread (cases-thread.ts) while this one writes: the two take about as
 * long, so the load takes about half as long as one after the other.
 *
 * A large load (from REBUILD_FROM cases, at least as many as there are) runs in ONE transaction, with the
 * secondary indexes of the tables it writes dropped at its start and built again before COMMIT (bulk-indexes.ts;
 * an error takes the drop back with the rows). SQLite, measured at 3 M cases (100,000 households, 2 cores):
 * before, each batch inserted into the eight secondary indexes of cases, slower as they outgrew the page cache
 * (5,100 cases/s for the first million, ~3,900/s at 2–4 M, ~2,900/s at 7–10 M); now the writer keeps pace with the
 * simulating thread at any size — 7,000–9,000 cases/s all along, following the intake of the season — and the
 * rebuild at the end takes 121 s.
 * The transaction goes through a rollback journal rather than the WAL (rollbackJournal): COMMIT 2.7 s, no
 * checkpoint, instead of COMMIT 25 s and a 6 GB checkpoint of 53 s.
 *
 * PostgreSQL, a large load: the secondary indexes of every table it writes are rebuilt, and each batch's
 * statements queued (StatementQueue) so this thread builds the next one's values while the server runs the last.
 * Measured at 100,000 cases (server CPU / wall, this machine): 25.6 s / 45.9 s before,
 * 16.2 s (5.3 s of it the index builds, 2.3 s the GIN one) / 39.4 s with the rebuild, 13 s / 33.5 s with the
 * queue too. The rows then went by COPY instead of unnest arrays (bulk.ts; the roll-up upserts stay INSERTs):
 * 41 → 37 s for 100,000 cases, paired runs. This thread now idles two thirds of a load; the simulating thread
 * (~180 µs a case with its garbage collection) and the server share the other core's worth.
 *
 * Ids come from the service's own allocation (`nextIds`) before the rows are written, so each row goes in with
 * its number, the service's `YYYYMMDD-<id padded to 6>`. Search terms are
 * `caseSearchTerms([number, description, address])`, exactly what the service indexes.
 */
import { caseSearchTerms } from '@grassroots/shared/cases/cases.search';
import { type Kysely, sql } from 'kysely';
import type { AppContext } from '../../core/context.js';
import { startTsWorker } from '../../core/ts-worker.js';
import { CaseRollup } from '../../modules/analytics/analytics.rollup.js';
import { CASE_SEARCH } from '../../modules/cases/cases.repository.js';
import { WorktimeService } from '../../modules/worktime/worktime.service.js';
import type { Database } from '../database.js';
import { type DialectName, nextIds, textIndexEncode, textIndexInsertEncoded, textIndexJoin } from '../dialect.js';
import { BulkInsert, StatementQueue } from './bulk.js';
import { dropSecondaryIndexes, rebuildIndexes } from './bulk-indexes.js';
import { CaseFactsWriter } from './cases-facts.js';
import { EVENT_COLS, PENDING, type ProducedBatch, type ProduceInput, produceCases } from './cases-produce.js';
import { scriptedCount } from './cases-script.js';
import { WorkTable } from './cases-worktime.js';
import { ensureActors, loadWorld } from './cases-world.js';
import { auditLoad, type Progress } from './generator.js';

export interface CaseLoadOptions {
  cases: number;
  seed?: number;
  progress?: Progress;
  /** Add the demo accounts' own cases (the demo world). */
  scripted?: boolean;
  /** Residents who file and rate; default about one per four resident cases. */
  residents?: number;
  /** Simulate on a second thread; default from THREAD_FROM cases (a thread takes a second to start). */
  thread?: boolean;
  /**
   * The whole load in one transaction, the secondary indexes of the tables it writes dropped at its start and
   * built again before COMMIT (bulk-indexes.ts); default for loads from REBUILD_FROM cases that are at least as
   * large as the cases already there.
   */
  rebuildIndexes?: boolean;
  /** Roll-up rows of finished days held before they are written (cases-produce.ts HOLD_ROWS); for tests. */
  holdRows?: number;
}

/**
 * Cases per transaction: a tenth of the load, from 1,000 to 10,000 (a commit writes every page a batch changed,
 * and successive batches change many of the same index and roll-up pages, so fewer commits write less).
 */
const batchSize = (cases: number) => Math.min(10_000, Math.max(1000, Math.round(cases / 10)));
/** Loads from this size simulate on a second thread. */
const THREAD_FROM = 20_000;
/** The simulation thread's heap: the world, the held roll-ups and a few batches. */
const THREAD_HEAP_MB = 4096;
/**
 * Its young generation: each case makes dozens of short-lived objects (drafts, events, deltas); with V8's default
 * size ~15 % of the thread's time went to collecting them, and 64 MB took ~8 % off the thread's CPU (a profile of
 * session 8).
 */
const THREAD_YOUNG_MB = 64;
/** Loads from this size rebuild the indexes of what they write (when at least the size of the table). */
const REBUILD_FROM = 50_000;
/**
 * The tables a load writes (SQL names): their secondary indexes are the ones a large load rebuilds — on SQLite
 * too those of events and facts, whose rows come in about their order. Kept (3 M cases, with the roll-ups' too),
 * they slowed the load by no more than this machine's noise, while their rebuild takes 22 s of the 121 s (events
 * 18.6 s): which costs less at 10 M is still to measure on an idle machine.
 */
const LOADED_TABLES = [
  'cases',
  'case_events',
  CASE_SEARCH,
  'case_facts',
  'case_rollup_daily',
  'case_rollup_hours',
  'case_rollup_area_daily',
];

/** The number the service gives case `id` created on `day` ('YYYYMMDD'). */
export const caseNumber = (day: string, id: number) => `${day}-${String(id).padStart(6, '0')}`;

const EVENT_WIDTH = EVENT_COLS.length;
const EVENT_DATA = EVENT_COLS.indexOf('data');
const EVENT_NOTE = EVENT_COLS.indexOf('note');

/** Runs a batch's writes in a transaction: its own, or the load's one. */
type InTransaction = <T>(fn: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;

/**
 * Writes the simulated batches in order, each in a transaction (its own, or the whole load's): takes the batch's
 * ids and sets what depends on them — numbers, the events' and facts' case, the ids and numbers of the cases its
 * duplicates merge into (a target always precedes its duplicate, so its id is known by then) — then inserts.
 */
class CaseWriter {
  private readonly bulk: BulkInsert;
  private readonly facts: CaseFactsWriter;
  /** The id of every case written, by sequence number (merge targets are looked up here). */
  private ids: Float64Array;
  readonly counts = { cases: 0, caseEvents: 0, searchTerms: 0, rollupWrites: 0 };

  constructor(
    private readonly ctx: AppContext,
    private readonly progress: Progress,
    private readonly total: number,
    private readonly inTransaction: InTransaction,
    /** PostgreSQL: write without the foreign key checks (see loadSettings), set in each batch's transaction. */
    private readonly unchecked: boolean,
    /** The load's one transaction has the tables it writes to itself (CaseFactsWriter). */
    alone: boolean,
  ) {
    this.bulk = new BulkInsert(ctx.db.dialect);
    this.facts = new CaseFactsWriter(this.bulk, alone);
    this.ids = new Float64Array(total);
  }

  async write(b: ProducedBatch) {
    const { db } = this.ctx;
    const terms = await this.inTransaction(async (trx) => {
      if (this.unchecked) await sql`set local session_replication_role = replica`.execute(trx);
      await this.facts.begin(trx);
      // PostgreSQL: each statement's values built while the server runs the one before (SQLite runs each in
      // this thread as it is given).
      const queue = db.dialect === 'postgres' ? new StatementQueue(trx) : undefined;
      try {
        return await this.writeIn(trx, b, queue);
      } finally {
        // Never leave a statement running past the transaction's end, failed or not.
        await queue?.drain().catch(() => {});
      }
    });
    this.counts.cases += b.n;
    this.counts.caseEvents += b.events.count;
    this.counts.searchTerms += terms;
    if (b.rollups) this.counts.rollupWrites++;
    if (b.n) this.progress('cases', this.counts.cases, this.total);
  }

  /** The batch's statements in transaction `trx`, through `queue` when there is one; answers its search terms. */
  private async writeIn(trx: Kysely<Database>, b: ProducedBatch, queue: StatementQueue | undefined) {
    const { db } = this.ctx;
    let terms = 0;
    if (b.n) {
      this.setIds(b, await nextIds(db, trx, 'cases', b.n));
      await this.bulk.insert(trx, 'cases', b.cases, { perRow: true, queue });
      await this.bulk.insert(trx, 'caseEvents', b.events, { queue });
      const { docs, count } = searchDocs(db.dialect, b);
      // PostgreSQL: COPY, the terms encoded as the tsvector's text already (textIndexEncode).
      if (queue) await this.bulk.insert(trx, CASE_SEARCH as never, docs, { queue });
      else await trx.executeQuery(textIndexInsertEncoded(db, trx, CASE_SEARCH, docs));
      terms = count;
    }
    this.facts.add(b.facts, b.events.count);
    await this.facts.write(trx, b.rollups, queue);
    await queue?.drain();
    return terms;
  }

  private setIds(b: ProducedBatch, ids: readonly number[]) {
    if (b.first + b.n > this.ids.length) {
      const more = new Float64Array(Math.max(b.first + b.n, 2 * this.ids.length));
      more.set(this.ids);
      this.ids = more;
    }
    const cases = b.cases.values;
    const width = b.cases.cols.length;
    for (let i = 0; i < b.n; i++) {
      const id = ids[i] as number;
      this.ids[b.first + i] = id;
      cases[i * width] = id;
      cases[i * width + 1] = caseNumber(b.days[i] as string, id);
    }
    const events = b.events.values;
    for (let j = 0; j < b.events.count; j++) events[j * EVENT_WIDTH] = ids[events[j * EVENT_WIDTH] as number];
    const facts = b.facts.values;
    const factsWidth = b.facts.cols.length;
    for (let r = 0; r < b.facts.count; r++) facts[r * factsWidth] = ids[facts[r * factsWidth] as number];
    const merged = b.cases.cols.indexOf('mergedIntoId');
    for (const [i, e, seq, day] of b.merges) {
      const id = this.ids[seq] as number;
      cases[i * width + merged] = id;
      const data = e * EVENT_WIDTH + EVENT_DATA;
      events[data] = JSON.stringify({ ...JSON.parse(events[data] as string), duplicateOf: String(id) });
      const note = e * EVENT_WIDTH + EVENT_NOTE;
      events[note] = (events[note] as string | null)?.replace(PENDING, caseNumber(day, id)) ?? null;
    }
  }
}

/**
 * The batch's search documents: caseSearchTerms([number, description, address]) — the terms of the number (known
 * now), then the others (encoded on the simulating thread) — and how many terms they hold. A case some of whose
 * other terms could be terms of its number has its terms computed here from its texts.
 */
export function searchDocs(dialect: DialectName, b: ProducedBatch) {
  const width = b.cases.cols.length;
  const [description, address] = [b.cases.cols.indexOf('description'), b.cases.cols.indexOf('address')];
  const values = b.cases.values;
  let count = 0;
  const docs = b.terms.map((rest, i) => {
    const id = values[i * width] as number;
    const number = values[i * width + 1] as string;
    const own = caseSearchTerms([number]);
    const numberLike = b.numberLike[i];
    if (numberLike && own.some((t) => numberLike.split(' ').includes(t))) {
      const terms = caseSearchTerms([
        number,
        values[i * width + description] as string,
        values[i * width + address] as string | null,
      ]);
      count += terms.length;
      return { id, terms: textIndexEncode(dialect, terms) };
    }
    count += own.length + (b.termCounts[i] as number);
    return { id, terms: textIndexJoin(textIndexEncode(dialect, own), rest) };
  });
  return { docs, count };
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
  const { onBeyondCalendar, ...cal } = await new WorktimeService(ctx).calendar();
  // The days the simulation's table holds, looked up here, so the calendar warns of years it lacks as it would.
  new WorkTable(
    { ...cal, ...(onBeyondCalendar ? { onBeyondCalendar } : {}) },
    ...WorkTable.daysAround(ctx.clock.now()),
  );
  const now = ctx.clock.now();
  const maxId = Number(
    (
      await k
        .selectFrom('cases')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirst()
    )?.m ?? 0,
  );
  const resident = world.usernames.get('resident');
  const input: ProduceInput = {
    world,
    cal,
    now,
    seed,
    cases: opts.cases,
    scripted: opts.scripted ?? false,
    excludeAccounts: opts.scripted && resident !== undefined ? [resident] : [],
    externalOffset: maxId,
    batchSize: batchSize(opts.cases),
    dialect: ctx.db.dialect,
    ...(opts.holdRows !== undefined ? { holdRows: opts.holdRows } : {}),
  };
  const dialect = ctx.db.dialect;
  const rebuild = opts.rebuildIndexes ?? (opts.cases >= REBUILD_FROM && opts.cases >= maxId);
  const { restore, unchecked } = await loadSettings(ctx, rebuild);
  try {
    // Bring the roll-ups up to date first: the loader then keeps them so, batch by batch.
    await new CaseRollup(ctx).drain(now);
    const total = opts.cases + (opts.scripted ? scriptedCount : 0);
    const progress = opts.progress ?? (() => {});
    const produce = async (inTransaction: InTransaction, unchecked: boolean) => {
      const writer = new CaseWriter(ctx, progress, total, inTransaction, unchecked, rebuild);
      const write = (b: ProducedBatch) => writer.write(b);
      if (opts.thread ?? opts.cases >= THREAD_FROM) await inThread(input, write);
      else await produceCases(input, write);
      return writer;
    };
    const writer = rebuild
      ? await k.transaction().execute(async (trx) => {
          // One transaction: a COMMIT's flush once, and the indexes' drop undone with the rows on any error.
          if (dialect === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
          if (unchecked) await sql`set local session_replication_role = replica`.execute(trx);
          const dropped = await dropSecondaryIndexes(trx, dialect, LOADED_TABLES);
          // No one else writes these tables until COMMIT (CaseFactsWriter tells new roll-up rows by their day, and
          // takes every new event for its own); reading them stays possible. SQLite: the transaction is its one writer already.
          if (dialect === 'postgres')
            await sql.raw(`lock table ${LOADED_TABLES.join(', ')} in exclusive mode`).execute(trx);
          const written = await produce((fn) => fn(trx), false);
          await rebuildIndexes(trx, dialect, dropped);
          return written;
        })
      : await produce((fn) => k.transaction().execute(fn), unchecked);
    // PostgreSQL: the planner's statistics of what the load wrote, now rather than whenever autovacuum comes by
    // (the first KPI requests after a 100,000-case load took twice as long, planned for the tables as they were).
    if (ctx.db.dialect === 'postgres') await sql.raw(`analyze ${LOADED_TABLES.join(', ')}`).execute(k);
    const counts = { ...writer.counts, residentsAdded: made.residents, staffAdded: made.staff };
    return { counts, ms: await auditLoad(ctx, 'cases', started, { seed, ...counts }) };
  } finally {
    await restore();
  }
}

/** produceCases on a thread (cases-thread.ts), each batch written as it comes; the thread ends with the load. */
async function inThread(input: ProduceInput, write: (b: ProducedBatch) => Promise<void>) {
  const worker = startTsWorker(new URL('./cases-thread.ts', import.meta.url), input, THREAD_HEAP_MB, THREAD_YOUNG_MB);
  try {
    await new Promise<void>((resolve, reject) => {
      let written = Promise.resolve();
      let done = false;
      worker.on('message', (m: ProducedBatch | 'done') => {
        if (m === 'done') {
          done = true;
          written.then(resolve, reject);
          return;
        }
        written = written.then(() => write(m)).then(() => worker.postMessage('more'));
        written.catch(reject);
      });
      worker.on('error', reject);
      worker.on('messageerror', reject);
      worker.on('exit', (code) => {
        if (!done) reject(new Error(`the case simulation thread ended (${code}) before its last batch`));
      });
    });
  } finally {
    await worker.terminate();
  }
}

/**
 * SQLite, a load in one transaction: through a rollback journal instead of the WAL, and the WAL again after it
 * (the function answered). In WAL mode every page the load writes goes into the WAL, and the checkpoint after its
 * COMMIT copies it into the database file: the whole load written twice (3 M cases: a 6 GB WAL, COMMIT and
 * checkpoint 78 s). A rollback journal holds only the former content of pages that were there before — few,
 * for a load at least as large as its tables — and the new pages go straight into the file. Switching needs the
 * database to itself (the driver closes its checkpointer thread's connection for it): while another process has
 * the file open the switch fails, and the load goes through the WAL as before. Null when not in WAL mode.
 */
async function rollbackJournal(k: Kysely<Database>): Promise<(() => Promise<void>) | null> {
  const mode = async (to = '') =>
    String(Object.values((await sql.raw(`pragma journal_mode${to && ` = ${to}`}`).execute(k)).rows[0] ?? {})[0]);
  if ((await mode()) !== 'wal') return null;
  try {
    if ((await mode('delete')) !== 'delete') return null;
  } catch {
    return null; // busy: another connection
  }
  return async () => {
    await mode('wal');
  };
}

/** WAL pages before a load's commit copies the WAL into the database file (400 MB at 4 KB pages). */
const LOAD_WAL_PAGES = 100_000;

/**
 * Settings for a load, given back afterwards.
 *
 * Foreign keys go unchecked: every reference a loaded row holds was read from the database (areas, places,
 * categories, accounts, organisations) or is a case of the load, written before the rows that point at it —
 * the check would only look up, per row, what the loader just read (about a tenth of a load's database time;
 * the tests check the references of a loaded database). On SQLite `foreign_keys` is the connection's, set
 * outside any transaction (a load runs before the server takes requests: the demo's at start, the CLI's alone);
 * on PostgreSQL `session_replication_role = replica` in the load's transaction(s), which only a superuser
 * may set — for any other role the checks stay.
 *
 * SQLite also:
 * - the page cache: 2 MB per connection by default, so at millions of rows every index insert reads its B-tree
 *   path from the OS; the load runs with 512 MB;
 * - the WAL checkpoint: by default a COMMIT that leaves more than 1,000 pages in the WAL copies them into the
 *   database file, which at a batch of thousands of cases is every commit — and successive batches change
 *   mostly the same pages (index tails, roll-up rows), so each is copied once per batch. Checkpointing every
 *   LOAD_WAL_PAGES copies each such page once per many batches (measured at 100,000 cases: commits 7.3 s →
 *   3.9 s). Given back only if still ours (the driver's checkpointer may have set its own meanwhile).
 */
async function loadSettings(
  ctx: AppContext,
  oneTransaction: boolean,
): Promise<{ restore: () => Promise<void>; unchecked: boolean }> {
  const k = ctx.db.kysely;
  if (ctx.db.dialect !== 'sqlite') {
    const r = await sql<{ su: string }>`select current_setting('is_superuser') as su`.execute(k);
    return { restore: async () => {}, unchecked: r.rows[0]?.su === 'on' };
  }
  const pragma = async (name: string) =>
    Number(Object.values((await sql.raw(`pragma ${name}`).execute(k)).rows[0] ?? {})[0]);
  const cache = await pragma('cache_size');
  const wal = await pragma('wal_autocheckpoint');
  const foreignKeys = await pragma('foreign_keys');
  await sql.raw('pragma cache_size = -524288').execute(k);
  await sql.raw(`pragma wal_autocheckpoint = ${LOAD_WAL_PAGES}`).execute(k);
  await sql.raw('pragma foreign_keys = off').execute(k);
  const journal = oneTransaction ? await rollbackJournal(k) : null;
  const restore = async () => {
    await journal?.();
    await sql.raw(`pragma foreign_keys = ${foreignKeys === 0 ? 'off' : 'on'}`).execute(k);
    await sql.raw(`pragma cache_size = ${Number.isFinite(cache) ? cache : -2000}`).execute(k);
    if ((await pragma('wal_autocheckpoint')) === LOAD_WAL_PAGES && Number.isFinite(wal))
      await sql.raw(`pragma wal_autocheckpoint = ${wal}`).execute(k);
  };
  return { restore, unchecked: false };
}

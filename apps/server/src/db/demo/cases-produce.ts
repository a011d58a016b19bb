/**
 * The simulating half of a bulk case load (cases-load.ts writes): random intake over the year (cases-random),
 * each case lived on the shared transition table (cases-flow), then turned at once into what the database gets —
 * the case's and its events' values, its facts row and roll-up deltas (cases-facts), its search terms — in
 * batches of plain data. Nothing here needs the database, so a large load runs it on a second thread
 * (cases-thread.ts) while the first one writes; every value that depends on the ids the writer allocates (the
 * ids, the numbers, the events' case, the ids and numbers of merge targets) is left for the writer to set.
 *
 * One value per row and column, flat (bulk.ts FlatRows): no object per row outlives its case, so garbage
 * collection stays cheap at millions of rows, and a batch crosses threads as a few arrays.
 */
import { caseSearchTerms } from '@grassroots/shared/cases/cases.search';
import type { WorkCalendar } from '@grassroots/shared/worktime/calendar';
import { type RollupAdditions, RollupDeltas } from '../../modules/analytics/analytics.deltas.js';
import { type DialectName, textIndexEncode } from '../dialect.js';
import type { FlatRows } from './bulk.js';
import { caseFactsOf } from './cases-facts.js';
import { Flow, type FlowEnv } from './cases-flow.js';
import { type CaseDraft, draftOf, mergeKeyOf, startCase } from './cases-intake.js';
import { planDays, RandomIntake } from './cases-random.js';
import { scriptedCases } from './cases-script.js';
import { WorkTable } from './cases-worktime.js';
import type { PlaceInfo, World } from './cases-world.js';
import { createRng } from './random.js';

const DAY = 86_400_000;
/**
 * Roll-up rows of finished days held before they go out with a batch. A case adds to the roll-ups of its submission
 * day and of its deadline's, never of a day before it, and the cases come in order of their day: once the
 * simulation is at day D, the rows of the days before D are final. Only those are written, so each row is written
 * about once, an insert. Before, everything held went out every HOLD_ROWS rows, and a day's rows were upserted
 * again by each later write that added to them — more often the more cases a day has (in a 2 M PostgreSQL load,
 * about a third of the server's time went to those upserts).
 */
const HOLD_ROWS = 60_000;

/** What the simulation needs: all of it plain data, so it can be posted to a thread. */
export interface ProduceInput {
  world: World;
  /** The working-time calendar (without its onBeyondCalendar callback, which cannot cross threads). */
  cal: WorkCalendar;
  now: number;
  seed: number;
  cases: number;
  /** Add the demo accounts' own cases. */
  scripted: boolean;
  /** Accounts that file no random case (the demo resident, whose cases are scripted). */
  excludeAccounts: number[];
  /** Where the 12345 ticket numbers go on from. */
  externalOffset: number;
  batchSize: number;
  /** The database's: the search terms go out in its text index's encoding. */
  dialect: DialectName;
  /** Roll-up rows of finished days held before they go out; default HOLD_ROWS. */
  holdRows?: number;
}

/** A batch of simulated cases, as plain data; `i` below is a case's index in the batch. */
export interface ProducedBatch {
  /** The load's sequence number of the batch's first case (the cases are numbered in order from 0). */
  first: number;
  n: number;
  /** Columns 'id' and 'number' first, left for the writer. */
  cases: FlatRows;
  /** 'YYYYMMDD' of each case's creation: the first half of its number. */
  days: string[];
  /** Column 'caseId' (first) holds the case's index `i`. */
  events: FlatRows;
  /** Facts rows; column 'caseId' (first) holds the case's index `i`. */
  facts: FlatRows;
  /**
   * Each case's search terms but those of its number — caseSearchTerms([description, address]) — encoded for the
   * text index (textIndexEncode); how many; and those of them that could be terms of a number too (6 or more
   * digits, space-separated; almost always none).
   */
  terms: string[];
  termCounts: number[];
  numberLike: string[];
  /** Merges into cases whose ids were not known: [i, event index in the batch, target's sequence number, its day]. */
  merges: [number, number, number, string][];
  /** The roll-up rows of the cases since the last batch that had some (and of this one): written with it. */
  rollups: RollupAdditions[] | null;
}

/** The events' columns in the order of their values (the writer sets 'caseId', and a merge event's note and data). */
export const EVENT_COLS = ['caseId', 'at', 'actorId', 'actorKind', 'action', 'fromStatus', 'toStatus', 'note', 'data'];
/** Stand for the id and number of a merge target, in the duplicate's row and merge event, until the writer's. */
export const PENDING_ID = -1;
export const PENDING = '\u0000pending\u0000';

interface Recent {
  seq: number;
  day: string;
  at: number;
  closedAt: number | null;
}

/** Builds one batch case by case. */
class BatchBuilder {
  readonly batch: ProducedBatch;
  private readonly addresses: Map<string, string[]>;

  constructor(
    first: number,
    caseCols: readonly string[],
    facts: readonly string[],
    addresses: Map<string, string[]>,
    private readonly dialect: DialectName,
  ) {
    this.addresses = addresses;
    this.batch = {
      first,
      n: 0,
      cases: { cols: caseCols, values: [], count: 0 },
      days: [],
      events: { cols: EVENT_COLS, values: [], count: 0 },
      facts: { cols: facts, values: [], count: 0 },
      terms: [],
      termCounts: [],
      numberLike: [],
      merges: [],
      rollups: null,
    };
  }

  /** Adds a case and its facts row; `target`: the case it merges into, not known to have an id. */
  add(d: CaseDraft, facts: object, target: Recent | null) {
    const b = this.batch;
    const i = b.n++;
    b.cases.values.push(0, PENDING); // id, number: the writer's
    pushValues(b.cases.values, d.row, b.cases.cols, 2);
    b.cases.count++;
    b.days.push(d.day);
    b.facts.values.push(i); // caseId: the writer's
    pushValues(b.facts.values, facts, b.facts.cols, 1);
    b.facts.count++;
    const ev = b.events.values;
    for (const e of d.events) {
      if (target && e.action === 'merge') b.merges.push([i, b.events.count, target.seq, target.day]);
      ev.push(i, e.at, e.actorId, e.actorKind, e.action, e.fromStatus, e.toStatus, e.note, e.data);
      b.events.count++;
    }
    const part = searchPart(this.dialect, this.terms(d.row.description, d.row.address ?? null));
    b.terms.push(part.terms);
    b.termCounts.push(part.count);
    b.numberLike.push(part.numberLike);
  }

  /**
   * caseSearchTerms([description, address]) — the terms of a list are the terms of each text in turn without
   * repeats, so an address's (a place's: a load files millions of cases at a few thousand places) are kept.
   */
  private terms(description: string, address: string | null): string[] {
    const terms = caseSearchTerms([description]);
    if (!address) return terms;
    let at = this.addresses.get(address);
    if (!at) {
      at = caseSearchTerms([address]);
      if (this.addresses.size < 200_000) this.addresses.set(address, at);
    }
    for (const t of at) if (!terms.includes(t)) terms.push(t);
    return terms;
  }
}

/** A case's search terms but its number's, as a batch carries them (ProducedBatch.terms, termCounts, numberLike). */
export function searchPart(dialect: DialectName, terms: readonly string[]) {
  let numberLike = '';
  for (const t of terms) if (t.length >= 6 && /^\d+$/.test(t)) numberLike += numberLike ? ` ${t}` : t;
  return { terms: textIndexEncode(dialect, terms), count: terms.length, numberLike };
}

/**
 * Pushes the values of `row` for `cols` from `from` on: all of its values in their order when its keys are those
 * columns (every row of a batch comes from one object literal, so they are: a check per row, not a look-up per
 * column), else column by column.
 */
function pushValues(out: unknown[], row: object, cols: readonly string[], from: number) {
  const keys = Object.keys(row);
  let same = keys.length === cols.length - from;
  for (let c = 0; same && c < keys.length; c++) same = keys[c] === cols[c + from];
  if (same) for (const v of Object.values(row)) out.push(v);
  else for (let c = from; c < cols.length; c++) out.push((row as Record<string, unknown>)[cols[c] as string]);
}

/**
 * Simulates `input.cases` cases (plus the scripted ones) and hands them to `emit` a batch at a time, in order;
 * waits for each `emit` before going on.
 */
export async function produceCases(input: ProduceInput, emit: (b: ProducedBatch) => Promise<void>) {
  const { world, now } = input;
  const p = new Producer(input, emit);
  const intake = new RandomIntake(world, p.env.rng, now, {
    excludeAccounts: input.excludeAccounts,
    externalOffset: input.externalOffset,
  });
  for (const { day, n } of planDays(input.cases, now)) {
    p.day = day;
    for (const c of intake.day(day, n)) {
      const sim = startCase(p.env, c);
      new Flow(p.env, sim, c.spec).live();
      p.add(draftOf(c, sim));
      // The first batch small, so that the writer starts soon (on its thread, it waits for it).
      if (p.size >= (p.sent ? input.batchSize : Math.ceil(input.batchSize / 4))) await p.send(false);
    }
  }
  if (input.scripted) for (const d of scriptedCases(p.env)) p.add(d);
  await p.send(true);
}

/** The batch being built, the roll-up deltas held, and the latest case of each category and grid (merges). */
class Producer {
  readonly env: FlowEnv;
  private readonly recent = new Map<string, Recent>();
  private readonly deltas = new RollupDeltas();
  private readonly addresses = new Map<string, string[]>();
  private seq = 0;
  /** Batches emitted. */
  sent = 0;
  /** The day whose cases are being simulated: the roll-up rows of the days before it are final. */
  day = Number.NEGATIVE_INFINITY;
  private builder: BatchBuilder | null = null;
  /** The target `duplicateOf` found for the case being simulated. */
  private target: Recent | null = null;

  constructor(
    private readonly input: ProduceInput,
    private readonly emit: (b: ProducedBatch) => Promise<void>,
  ) {
    const { world, cal, now } = input;
    this.env = {
      world,
      cal,
      // The year of cases, their deadlines and what happens after them: other days go to the shared functions.
      work: new WorkTable(cal, ...WorkTable.daysAround(now)),
      now,
      rng: createRng(input.seed ^ 0xca5e),
      duplicateOf: (categoryId, place, at) => this.duplicateOf(categoryId, place, at),
    };
  }

  get size() {
    return this.builder?.batch.n ?? 0;
  }

  /**
   * An open case of the category and place submitted in the 30 days before `at`. Its id is the writer's: the
   * duplicate names it PENDING_ID (its number PENDING) until then.
   */
  private duplicateOf(categoryId: number, place: PlaceInfo | null, at: number) {
    const key = mergeKeyOf(categoryId, place);
    const r = key ? this.recent.get(key) : undefined;
    const open = r && r.at < at && at - r.at <= 30 * DAY && (r.closedAt == null || r.closedAt > at);
    if (!open) return null;
    this.target = r;
    return { id: PENDING_ID, number: PENDING };
  }

  add(d: CaseDraft) {
    const merged = d.row.mergedIntoId === PENDING_ID ? this.target : null;
    this.target = null;
    const f = caseFactsOf(d, this.input.now);
    this.deltas.move(f.dims, f.facts, 1);
    this.builder ??= new BatchBuilder(
      this.seq,
      ['id', 'number', ...Object.keys(d.row)],
      factsCols(f.row),
      this.addresses,
      this.input.dialect,
    );
    this.builder.add(d, f.row, merged);
    const closedAt = d.row.closedAt ?? null;
    if (d.mergeKey) this.recent.set(d.mergeKey, { seq: this.seq, day: d.day, at: d.row.createdAt, closedAt });
    this.seq++;
  }

  /**
   * Emits the batch — with the roll-up rows of finished days when they are many, or all that are held when `last` —
   * and starts the next.
   */
  async send(last: boolean) {
    const b = this.builder?.batch;
    if (!b && !last) return;
    this.builder = null;
    const out = b ?? emptyBatch(this.seq);
    if (last) out.rollups = this.deltas.takeAdditions();
    else if (this.deltas.sizeBefore(this.day) >= (this.input.holdRows ?? HOLD_ROWS))
      out.rollups = this.deltas.takeAdditions(this.day);
    this.sent++;
    await this.emit(out);
  }
}

/** The facts row's columns, its case's id first (the writer sets it). */
function factsCols(row: object) {
  const cols = Object.keys(row);
  if (cols[0] !== 'caseId') throw new Error(`facts rows: caseId is not the first column (${cols.join(', ')})`);
  return cols;
}

const emptyBatch = (first: number): ProducedBatch => ({
  first,
  n: 0,
  cases: { cols: [], values: [], count: 0 },
  days: [],
  events: { cols: EVENT_COLS, values: [], count: 0 },
  facts: { cols: [], values: [], count: 0 },
  terms: [],
  termCounts: [],
  numberLike: [],
  merges: [],
  rollups: null,
});

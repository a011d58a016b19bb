/**
 * The two steps every writer of the analytics tables shares (the roll-up job and the bulk case loader), so a
 * figure has one definition: `caseFactsRow` condenses a case's row and events into its facts row (shared pure
 * condenseCase/factsOf), and `RollupDeltas` sums what facts add to (or take from) every roll-up level, keyed by
 * the level's dimensions, then writes the sums as upserts.
 */
import {
  type CaseEventFact,
  type CaseFacts,
  type CaseSnapshot,
  condenseCase,
  contributionVectors,
  factsOf,
  HOUR_BUCKETS,
  MEASURES,
  sumsOfVector,
} from '@grassroots/shared/analytics/analytics.facts';
import type { Insertable, Kysely } from 'kysely';
import type { CaseFactsTable, Database } from '../../db/database.js';
import {
  type Dimensions,
  HOUR_COLUMNS,
  LEVELS,
  type Level,
  levelPaths,
  rollupRepository as repo,
} from './analytics.repository.js';

type K = Kysely<Database>;
/** What condensing needs of a case row. */
export interface FactsCase extends CaseSnapshot {
  id: number;
  areaPath: string;
  placePath: string | null;
  categoryId: number;
  source: string;
}
/** A stored event as read for the facts; `data` is its JSON text. */
export interface FactsEvent {
  action: string;
  toStatus: string;
  at: number;
  data: string;
}
export type RollupDims = Omit<Dimensions, 'day'>;

function parseData(data: string): CaseEventFact['data'] {
  try {
    return JSON.parse(data) as { rating?: null };
  } catch {
    return null;
  }
}

/** The facts row of case `c` at `now` from its events in the order they happened (at, then id). */
export function caseFactsRow(c: FactsCase, events: readonly FactsEvent[], now: number) {
  const history = condenseCase(
    c,
    // Only a rating reads its data (condenseCase): the other events' JSON is not parsed.
    events.map((e) => ({
      action: e.action,
      toStatus: e.toStatus,
      at: e.at,
      data: e.action === 'rate' ? parseData(e.data) : null,
    })),
  );
  const facts = factsOf(history, now);
  const dims: RollupDims = {
    areaPath: c.placePath ?? c.areaPath,
    categoryId: c.categoryId,
    source: c.source,
    handlerKey: history.handlerKey ?? '',
  };
  const row: Insertable<CaseFactsTable> = { caseId: c.id, ...dims, ...facts, updatedAt: now };
  return { dims, facts, row };
}

/** A level's dimensions of a row but the day (one object per row, shared by its days' deltas). */
type RowDims = Partial<Omit<Dimensions, 'day'>>;
const rowDimsOf = (level: Level, areaPath: string, d: RollupDims): RowDims =>
  level.name === 'full'
    ? { areaPath, categoryId: d.categoryId, source: d.source, handlerKey: d.handlerKey }
    : { areaPath };

interface DailyDelta {
  dims: RowDims;
  day: number;
  /** Measure values in MEASURES order. */
  v: number[];
  /** On a level whose histogram is the daily row's columns: counts per bucket, once there is one. */
  h?: number[];
}
interface HoursDelta {
  dims: RowDims;
  day: number;
  bucket: number;
  n: number;
}
const withDay = (d: { dims: RowDims; day: number }): Partial<Dimensions> => ({ ...d.dims, day: d.day });
/** Rows as one flat array of values, row after row in the order of `cols` (a bulk writer's form). */
export interface FlatRollupRows {
  cols: readonly string[];
  values: unknown[];
  count: number;
}
/** Rows a bulk writer upserts into `table`, adding their `add` columns to those of a row with the same `key`. */
export interface RollupAdditions {
  table: Level['daily'] | NonNullable<Level['hours']>;
  key: string[];
  add: string[];
  rows: FlatRollupRows;
}
/** Writes many non-negative deltas fast (the bulk loader's BulkInsert.upsertAdd). */
export interface BulkAdder {
  upsertAdd(k: K, table: string, rows: FlatRollupRows, key: string[], add: string[]): Promise<void>;
}

/**
 * Per day, a level's deltas by its row but the day: small integers as keys (a level's row is numbered as it comes
 * — dimensions joined into a string key, millions of times a load, cost more than the sums).
 */
class ByDay<T> {
  readonly days = new Map<number, Map<number, T>>();
  size = 0;

  get(day: number, row: number): T | undefined {
    return this.days.get(day)?.get(row);
  }

  set(day: number, row: number, value: T) {
    let rows = this.days.get(day);
    if (!rows) {
      rows = new Map();
      this.days.set(day, rows);
    }
    rows.set(row, value);
    this.size++;
  }

  /** Rows of the days before `day`. */
  sizeBefore(day: number) {
    let n = 0;
    for (const [d, rows] of this.days) if (d < day) n += rows.size;
    return n;
  }

  /** Takes out the rows of the days before `day`. */
  takeBefore(day: number): T[] {
    const out: T[] = [];
    for (const [d, rows] of this.days) {
      if (d >= day) continue;
      for (const v of rows.values()) out.push(v);
      this.size -= rows.size;
      this.days.delete(d);
    }
    return out;
  }
}

/** Roll-up deltas per level: daily sums by the level's key, histogram counts by key and bucket. */
export class RollupDeltas {
  private daily = LEVELS.map(() => new ByDay<DailyDelta>());
  private hours = LEVELS.map(() => new ByDay<HoursDelta>());
  /** Per level and case area path: the paths it counts under, each with a number for the keys. */
  private paths = LEVELS.map(() => new Map<string, { path: string; p: number }[]>());
  private pathNo = new Map<string, number>();
  /** The full level's rows but the day: path number → category|source|handler → row number (while held). */
  private fullRows = new Map<number, Map<string, number>>();
  /** Per level, each row number's dimensions but the day (while held, as the full level's row numbers). */
  private rowDims = LEVELS.map(() => [] as RowDims[]);
  private rows = 0;

  /**
   * Takes the held deltas of level i for the days before `before` (all by default), and starts the level empty of
   * them (its row numbers with it once nothing is held).
   */
  private take(i: number, before = Number.POSITIVE_INFINITY) {
    const daily = this.daily[i]!.takeBefore(before).filter(
      (d) => d.v.some((x) => x !== 0) || d.h?.some((x) => x !== 0),
    );
    const hours = this.hours[i]!.takeBefore(before).filter((h) => h.n !== 0);
    if (this.size === 0) {
      this.fullRows.clear();
      this.rows = 0;
      this.rowDims = LEVELS.map(() => []);
    }
    return { daily, hours };
  }

  private pathsOf(i: number, level: Level, areaPath: string) {
    let out = this.paths[i]!.get(areaPath);
    if (!out) {
      out = levelPaths(level, areaPath).map((path) => {
        const p = this.pathNo.get(path) ?? this.pathNo.size;
        this.pathNo.set(path, p);
        return { path, p };
      });
      this.paths[i]!.set(areaPath, out);
    }
    return out;
  }

  /** The number of a level's row but the day: the path's own on the area level, one per dimensions on the full one. */
  private rowOf(level: Level, p: number, rest: string) {
    if (level.name !== 'full') return p;
    let byRest = this.fullRows.get(p);
    if (!byRest) {
      byRest = new Map();
      this.fullRows.set(p, byRest);
    }
    let row = byRest.get(rest);
    if (row === undefined) {
      row = this.rows++;
      byRest.set(rest, row);
    }
    return row;
  }

  /** Rows held. */
  get size() {
    let n = 0;
    for (const m of this.daily) n += m.size;
    for (const m of this.hours) n += m.size;
    return n;
  }

  /** Rows held for the days before `day` (the loader writes when they grow many). */
  sizeBefore(day: number) {
    let n = 0;
    for (const m of this.daily) n += m.sizeBefore(day);
    for (const m of this.hours) n += m.sizeBefore(day);
    return n;
  }

  /** Adds (sign 1) or takes out (sign −1) what one case's facts contribute to every level. */
  move(dims: RollupDims, f: CaseFacts, sign: 1 | -1) {
    const parts = contributionVectors(f, sign);
    const rest = `${dims.categoryId}|${dims.source}|${dims.handlerKey}`;
    for (let i = 0; i < LEVELS.length; i++) {
      const level = LEVELS[i]!;
      const daily = this.daily[i]!;
      const hours = this.hours[i]!;
      const rowDims = this.rowDims[i]!;
      for (const { path: areaPath, p } of this.pathsOf(i, level, dims.areaPath)) {
        const row = this.rowOf(level, p, rest);
        rowDims[row] ??= rowDimsOf(level, areaPath, dims);
        const own = rowDims[row];
        let first: DailyDelta | undefined;
        for (const { day, v } of parts) {
          let entry = daily.get(day, row);
          if (entry) for (let m = 0; m < v.length; m++) entry.v[m]! += v[m]!;
          else {
            entry = { dims: own, day, v: [...v] };
            daily.set(day, row, entry);
          }
          first ??= entry;
        }
        if (f.hoursBucket === null) continue;
        if (!level.hours) {
          // The histogram is the submission day's row (the first of the contributions).
          first!.h ??= new Array<number>(HOUR_BUCKETS).fill(0);
          first!.h[f.hoursBucket]! += sign;
          continue;
        }
        const key = row * HOUR_BUCKETS + f.hoursBucket;
        const entry = hours.get(f.day, key);
        if (entry) entry.n += sign;
        else hours.set(f.day, key, { dims: own, day: f.day, bucket: f.hoursBucket, n: sign });
      }
    }
  }

  /**
   * The non-zero deltas of the days before `before` (all by default) as rows to add, per level's daily and hours
   * table, and holds them no more: what a loader of new cases makes (only additions, so no row can reach zero;
   * throws on a negative delta).
   */
  takeAdditions(before = Number.POSITIVE_INFINITY): RollupAdditions[] {
    const out: RollupAdditions[] = [];
    for (const [i, level] of LEVELS.entries()) {
      const { daily, hours } = this.take(i, before);
      if (daily.some((d) => d.v.some((x) => x < 0) || d.h?.some((x) => x < 0)) || hours.some((h) => h.n < 0))
        throw new Error('bulk roll-up writes only add');
      const dims = [...level.dims];
      if (!level.hours) {
        const none = new Array<number>(HOUR_BUCKETS).fill(0);
        const add = [...MEASURES, ...HOUR_COLUMNS];
        out.push({
          table: level.daily,
          key: dims,
          add,
          rows: flat(dims, add, daily, (d) => [...d.v, ...(d.h ?? none)]),
        });
        continue;
      }
      out.push({ table: level.daily, key: dims, add: [...MEASURES], rows: flat(dims, MEASURES, daily, (d) => d.v) });
      out.push({
        table: level.hours,
        key: [...dims, 'bucket'],
        add: ['n'],
        rows: flat(dims, ['bucket', 'n'], hours, (h) => [h.bucket, h.n]),
      });
    }
    return out;
  }

  /**
   * Upserts the non-zero deltas, deletes the rows they leave all zero, and starts empty again. With `bulk`
   * (only additions, as a loader of new cases makes: no row can reach zero) the upserts go through it.
   */
  async write(trx: K, bulk?: BulkAdder) {
    if (bulk) {
      for (const a of this.takeAdditions()) await bulk.upsertAdd(trx, a.table, a.rows, a.key, a.add);
      return;
    }
    for (const [i, level] of LEVELS.entries()) {
      const { daily, hours } = this.take(i);
      const emptyDaily = await repo.addDaily(
        trx,
        level,
        daily.map((d) => ({ dims: withDay(d), sums: sumsOfVector(d.v), hist: d.h })),
      );
      const emptyHours = level.hours
        ? await repo.addHours(
            trx,
            level,
            hours.map((h) => ({ dims: withDay(h), bucket: h.bucket, n: h.n })),
          )
        : [];
      await repo.deleteEmpty(trx, level, emptyDaily, emptyHours);
    }
  }
}

/** Deltas as flat rows: each one's dimensions (`dims` columns), then `more` columns from `valuesOf`. */
function flat<D extends { dims: RowDims; day: number }>(
  dims: readonly (keyof Dimensions)[],
  more: readonly string[],
  deltas: readonly D[],
  valuesOf: (d: D) => readonly number[],
): FlatRollupRows {
  const values: unknown[] = [];
  for (const d of deltas) {
    for (const c of dims) values.push(c === 'day' ? d.day : d.dims[c]);
    for (const x of valuesOf(d)) values.push(x);
  }
  return { cols: [...dims, ...more], values, count: deltas.length };
}

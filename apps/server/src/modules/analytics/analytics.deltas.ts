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
  contributions,
  factsOf,
  MEASURES,
  type Sums,
} from '@grassroots/shared/analytics/analytics.facts';
import type { Insertable, Kysely } from 'kysely';
import type { CaseFactsTable, Database } from '../../db/database.js';
import { type Dimensions, LEVELS, type Level, levelPaths, rollupRepository as repo } from './analytics.repository.js';

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

/** The key of a level's row: its dimensions (the path by its number `p`, a shorter key to hash). */
const keyOf = (level: Level, day: number, p: number, d: RollupDims) =>
  level.name === 'full' ? `${day}|${p}|${d.categoryId}|${d.source}|${d.handlerKey}` : `${day}|${p}`;
const dimsOf = (level: Level, day: number, areaPath: string, d: RollupDims): Partial<Dimensions> =>
  level.name === 'full' ? { ...d, day, areaPath } : { day, areaPath };

interface DailyDelta {
  dims: Partial<Dimensions>;
  /** Measure values in MEASURES order. */
  v: number[];
}
interface HoursDelta {
  dims: Partial<Dimensions>;
  bucket: number;
  n: number;
}
/** Writes many non-negative deltas fast (the bulk loader's BulkInsert.upsertAdd). */
export interface BulkAdder {
  upsertAdd(k: K, table: string, rows: Record<string, unknown>[], key: string[], add: string[]): Promise<void>;
}

/** Roll-up deltas per level: daily sums by the level's key, histogram counts by key and bucket. */
export class RollupDeltas {
  private daily = LEVELS.map(() => new Map<string, DailyDelta>());
  private hours = LEVELS.map(() => new Map<string, HoursDelta>());
  /** Per level and case area path: the paths it counts under, each with a number for the keys. */
  private paths = LEVELS.map(() => new Map<string, { path: string; p: number }[]>());
  private pathNo = new Map<string, number>();

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

  /** Rows held (the loader writes when this grows large). */
  get size() {
    let n = 0;
    for (const m of [...this.daily, ...this.hours]) n += m.size;
    return n;
  }

  /** Adds (sign 1) or takes out (sign −1) what one case's facts contribute to every level. */
  move(dims: RollupDims, f: CaseFacts, sign: 1 | -1) {
    const parts = contributions(f).map((p) => ({ day: p.day, v: MEASURES.map((m) => sign * p.sums[m]) }));
    LEVELS.forEach((level, i) => {
      const daily = this.daily[i]!;
      const hours = this.hours[i]!;
      for (const { path: areaPath, p } of this.pathsOf(i, level, dims.areaPath)) {
        for (const part of parts) {
          const key = keyOf(level, part.day, p, dims);
          const entry = daily.get(key);
          if (!entry) daily.set(key, { dims: dimsOf(level, part.day, areaPath, dims), v: [...part.v] });
          else for (let m = 0; m < part.v.length; m++) entry.v[m]! += part.v[m]!;
        }
        if (f.hoursBucket !== null) {
          const key = `${keyOf(level, f.day, p, dims)}|${f.hoursBucket}`;
          const entry = hours.get(key);
          if (entry) entry.n += sign;
          else hours.set(key, { dims: dimsOf(level, f.day, areaPath, dims), bucket: f.hoursBucket, n: sign });
        }
      }
    });
  }

  /**
   * Upserts the non-zero deltas, deletes the rows they leave all zero, and starts empty again. With `bulk`
   * (only additions, as a loader of new cases makes: no row can reach zero) the upserts go through it.
   */
  async write(trx: K, bulk?: BulkAdder) {
    for (const [i, level] of LEVELS.entries()) {
      const daily = [...this.daily[i]!.values()].filter((d) => d.v.some((x) => x !== 0));
      const hours = [...this.hours[i]!.values()].filter((h) => h.n !== 0);
      this.daily[i]!.clear();
      this.hours[i]!.clear();
      const sumsOf = (d: DailyDelta) => {
        const sums = {} as Sums;
        for (let j = 0; j < MEASURES.length; j++) sums[MEASURES[j]!] = d.v[j]!;
        return sums;
      };
      if (bulk) {
        if (daily.some((d) => d.v.some((x) => x < 0)) || hours.some((h) => h.n < 0))
          throw new Error('bulk roll-up writes only add');
        const dims = [...level.dims];
        await bulk.upsertAdd(
          trx,
          level.daily,
          daily.map((d) => ({ ...d.dims, ...sumsOf(d) })),
          dims,
          [...MEASURES],
        );
        await bulk.upsertAdd(
          trx,
          level.hours,
          hours.map((h) => ({ ...h.dims, bucket: h.bucket, n: h.n })),
          [...dims, 'bucket'],
          ['n'],
        );
        continue;
      }
      const emptyDaily = await repo.addDaily(
        trx,
        level,
        daily.map((d) => ({ dims: d.dims, sums: sumsOf(d) })),
      );
      const emptyHours = await repo.addHours(trx, level, hours);
      await repo.deleteEmpty(trx, level, emptyDaily, emptyHours);
    }
  }
}

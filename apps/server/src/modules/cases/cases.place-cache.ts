/**
 * Intake's copy of the households and buildings cases are filed for, for its batches without uploads. Reading
 * them cost each PostgreSQL batch a round trip before its write, and under load a round trip waits for the event
 * loop: a third of a batch's time at 8 connections (bench/README.md, intake, session 14). On SQLite a read waits
 * for the batch on the writer thread, which the next batch would otherwise not overlap.
 *
 * A copy is never trusted: the batch's statement (cases.intake-statement.ts) inserts a case only if its place
 * still reads as the copy it was placed with (`householdPrint`, `buildingPrint`, compared in the same statement),
 * so a household or building changed meanwhile — moved to another grid, readdressed, its contact edited — never
 * places a case by its old values. Such a case runs alone (reading afresh), and its entries are dropped. This is
 * stricter than reading first: a read outside the statement could also be overtaken by a change before the write.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type Db, type DialectName, snakeCase, sqlChar } from '../../db/dialect.js';
import {
  BUILDING_PLACE,
  type BuildingPlace,
  HOUSEHOLD_PLACE,
  type HouseholdPlace,
  type KnownPlaces,
  placesOf,
} from './cases.placement.js';

/** Entries kept per kind; past that the copy starts again (households number in the hundreds of thousands). */
const MAX_ENTRIES = 50_000;

/**
 * A household's or building's placing values (placement.ts HOUSEHOLD_PLACE, BUILDING_PLACE) as one string, in
 * JavaScript from a copy and in SQL from the row (aliased `h` or `b`): equal strings, equal values.
 */
const NULL = '\u001e';
const SEPARATOR = '\u001f';
const printOf =
  <T>(fields: readonly (keyof T & string)[]) =>
  (x: T) =>
    fields.map((f) => (x[f] == null ? NULL : String(x[f]))).join(SEPARATOR);
const sqlPrint = (dialect: DialectName, alias: string, fields: readonly string[]) => {
  const [sep, nil] = [sqlChar(dialect, 31), sqlChar(dialect, 30)];
  return `concat_ws(${sep}, ${fields.map((f) => `coalesce(cast(${alias}.${snakeCase(f)} as text), ${nil})`).join(', ')})`;
};
export const householdPrint = printOf<HouseholdPlace>(HOUSEHOLD_PLACE);
export const buildingPrint = printOf<BuildingPlace>(BUILDING_PLACE);
/** The prints in SQL, of a household row aliased `h` and a building row aliased `b`. */
export const householdPrintSql = (dialect: DialectName) => sqlPrint(dialect, 'h', HOUSEHOLD_PLACE);
export const buildingPrintSql = (dialect: DialectName) => sqlPrint(dialect, 'b', BUILDING_PLACE);

export class PlaceCache {
  private households = new Map<number, HouseholdPlace>();
  private buildings = new Map<number, BuildingPlace>();

  /** The places of these ids: copies where held, the rest read (unknown ids stay unknown, and are read again). */
  async of(db: Db, k: Kysely<Database>, householdIds: number[], buildingIds: number[]): Promise<KnownPlaces> {
    const missingH = householdIds.filter((id) => !this.households.has(id));
    const missingB = buildingIds.filter((id) => !this.buildings.has(id));
    if (missingH.length || missingB.length) {
      const read = await placesOf(db, k, missingH, missingB);
      keep(this.households, read.households);
      keep(this.buildings, read.buildings);
    }
    return { households: pick(this.households, householdIds), buildings: pick(this.buildings, buildingIds) };
  }

  /** Drops the copies of a case that did not go in with the batch (one of them may be stale). */
  forget(householdId: number | null, buildingId: number | null) {
    if (householdId != null) this.households.delete(householdId);
    if (buildingId != null) this.buildings.delete(buildingId);
  }
}

function keep<T>(into: Map<number, T>, read: Map<number, T>) {
  if (into.size + read.size > MAX_ENTRIES) into.clear();
  for (const [id, x] of read) into.set(id, x);
}

function pick<T>(from: Map<number, T>, ids: number[]): Map<number, T> {
  const out = new Map<number, T>();
  for (const id of ids) {
    const x = from.get(id);
    if (x) out.set(id, x);
  }
  return out;
}

/**
 * Runs Kysely migrations. Migrations take our `Db` (not a bare Kysely) so they can ask
 * dialect.ts for the few things that differ; the list is static so bundlers and tests see it.
 */
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './dialect.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_case_setup.js';
import * as m0003 from './migrations/0003_intake_infra.js';
import * as m0004 from './migrations/0004_cases.js';
import * as m0005 from './migrations/0005_case_search.js';
import * as m0006 from './migrations/0006_ledger.js';
import * as m0007 from './migrations/0007_analytics.js';
import * as m0008 from './migrations/0008_case_text_index.js';
import * as m0009 from './migrations/0009_ledger_import_staging.js';
import * as m0010 from './migrations/0010_warnings.js';
import * as m0013 from './migrations/0013_ledger_import_rows_slim.js';
import * as m0014 from './migrations/0014_case_address_and_closures.js';
import * as m0015 from './migrations/0015_rollup_area_rows.js';
import * as m0016 from './migrations/0016_ledger_import_person_columns.js';
import * as m0017 from './migrations/0017_partial_case_indexes.js';

const migrations: Record<string, { up(db: Db): Promise<void> }> = {
  '0001_foundation': m0001,
  '0002_case_setup': m0002,
  '0003_intake_infra': m0003,
  '0004_cases': m0004,
  '0005_case_search': m0005,
  '0006_ledger': m0006,
  '0007_analytics': m0007,
  '0008_case_text_index': m0008,
  '0009_ledger_import_staging': m0009,
  '0010_warnings': m0010,
  '0013_ledger_import_rows_slim': m0013,
  '0014_case_address_and_closures': m0014,
  '0015_rollup_area_rows': m0015,
  '0016_ledger_import_person_columns': m0016,
  '0017_partial_case_indexes': m0017,
};

/** Runs the migrations not yet run — all, or up to and including `target` (a migration's tests start before it). */
export async function migrateToLatest(db: Db, target?: string) {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      // Run each migration on the migrator's own transaction, so a failed migration leaves nothing behind.
      for (const [name, m] of Object.entries(migrations)) out[name] = { up: (trx) => m.up({ ...db, kysely: trx }) };
      return out;
    },
  };
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results } = await (target ? migrator.migrateTo(target) : migrator.migrateToLatest());
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`);
  }
  return results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
}

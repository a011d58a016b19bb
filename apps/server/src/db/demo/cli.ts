/**
 * `npm run demo -- [--households N] [--cases M] [--fresh] [--seed S]` — bulk data for benchmarks, bypassing
 * HTTP. `--households N` builds a world of exactly N households (streets, communities, grids, compounds,
 * buildings, rooms, grid elements, staff and the demo accounts) into an EMPTY database; `--fresh` first
 * DELETES everything there (the SQLite file, or every table of the PostgreSQL database). `--cases M` adds M
 * cases with their event histories and search terms over the year before now — into the world just built,
 * or into an existing generated world when given alone. It opens the database the server would (DATA_DIR or
 * DATABASE_URL) and migrates it. Afterwards `npm start` serves it with the usual demo accounts.
 */
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Config, loadConfig } from '../../config.js';
import { AuditLog } from '../../core/audit.js';
import { systemClock } from '../../core/clock.js';
import type { AppContext } from '../../core/context.js';
import { createPii, loadPiiKey } from '../../core/pii.js';
import { type Db, openDb } from '../dialect.js';
import { migrateToLatest } from '../migrate.js';
import { ensureDefaultCategories } from '../reference/categories.js';
import { loadCases } from './cases-load.js';
import { progressBar } from './progress.js';
import { isEmptyDatabase, loadScaleData } from './seed.js';

export interface CliOptions {
  households: number | null;
  cases: number | null;
  fresh: boolean;
  seed: number;
}

const usage = 'usage: npm run demo -- [--households N] [--cases M] [--fresh] [--seed S]';

const count = (raw: string | undefined, name: string, max: number) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`--${name} must be an integer from 1 to ${max.toLocaleString('en')}\n${usage}`);
  return n;
};

/** Parses the CLI arguments; throws with the usage line on anything unexpected. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const opts: CliOptions = { households: null, cases: null, fresh: false, seed: 42 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (name === '--households') opts.households = count(value(), 'households', 10_000_000);
    else if (name === '--cases') opts.cases = count(value(), 'cases', 10_000_000);
    else if (name === '--seed') opts.seed = Number(value());
    else if (arg === '--fresh') opts.fresh = true;
    else throw new Error(`unknown argument ${arg}\n${usage}`);
  }
  if (opts.households === null && opts.cases === null)
    throw new Error(`give --households N and/or --cases M\n${usage}`);
  if (opts.fresh && opts.households === null)
    throw new Error(`--fresh deletes the world: give --households N to build a new one\n${usage}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`--seed must be an integer\n${usage}`);
  return opts;
}

const sqliteFile = (config: Config) => `${config.dataDir}/grassroots.db`;

/** Removes everything a previous run (or server) left: the SQLite files, or all PostgreSQL tables. */
async function wipe(config: Config) {
  if (!config.databaseUrl) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqliteFile(config)}${suffix}`, { force: true });
    return;
  }
  const db = openDb({ databaseUrl: config.databaseUrl, poolSize: 1 });
  try {
    const tables = await db.kysely.introspection.getTables({ withInternalKyselyTables: true });
    for (const t of tables) await db.kysely.schema.dropTable(`${t.schema}.${t.name}`).ifExists().cascade().execute();
  } finally {
    await db.close();
  }
}

function contextOf(db: Db, config: Config): AppContext {
  const clock = systemClock;
  const pii = createPii(loadPiiKey({ key: config.piiKey, keyFile: config.piiKeyFile }));
  return { db, config, clock, pii, audit: new AuditLog(clock) };
}

const summary = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
    .join(' · ');

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const config = loadConfig(process.env, { demo: true });
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : sqliteFile(config);
  if (opts.fresh) {
    process.stderr.write(`--fresh: deleting all data in ${where}\n`);
    await wipe(config);
  }
  const db = openDb({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFile(config), poolSize: 2 });
  try {
    await migrateToLatest(db);
    const ctx = contextOf(db, config);
    const empty = await isEmptyDatabase(ctx);
    if (opts.households !== null && !empty) {
      process.stderr.write(`The database ${where} is not empty. Re-run with --fresh to delete it and start over.\n`);
      process.exitCode = 2;
      return;
    }
    if (opts.households === null && empty) {
      process.stderr.write(`There is no world in ${where} to add cases to: add --households N.\n`);
      process.exitCode = 2;
      return;
    }
    if (opts.households !== null) {
      process.stderr.write(`Generating ${opts.households.toLocaleString('en')} households into ${where}\n`);
      const { counts, ms } = await loadScaleData(ctx, {
        households: opts.households,
        seed: opts.seed,
        progress: progressBar(),
      });
      console.log(`\nWorld done in ${(ms / 1000).toFixed(1)} s on ${db.dialect}:\n  ${summary(counts)}`);
    }
    if (opts.cases !== null) {
      await ensureDefaultCategories(ctx);
      process.stderr.write(`Generating ${opts.cases.toLocaleString('en')} cases into ${where}\n`);
      const { counts, ms } = await loadCases(ctx, { cases: opts.cases, seed: opts.seed, progress: progressBar() });
      const rate = Math.round(counts.cases / (ms / 1000)).toLocaleString('en');
      console.log(
        `\nCases done in ${(ms / 1000).toFixed(1)} s on ${db.dialect} (${rate} cases/s):\n  ${summary(counts)}`,
      );
    }
    console.log(
      'Start the server with `npm start`; the demo accounts (password "grassroots") are on 交口街道 › 高家沟社区.',
    );
  } finally {
    await db.close();
  }
}

// Run only as the entry point (tests import parseArgs).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

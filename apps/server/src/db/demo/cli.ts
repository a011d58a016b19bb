/**
 * `npm run demo -- --households N [--fresh] [--seed S]` — builds a world of exactly N households
 * (streets, communities, grids, compounds, buildings, rooms, grid elements, staff and the demo
 * accounts) by bulk insertion, for benchmarks. It opens the database the server would (DATA_DIR or
 * DATABASE_URL), migrates it, and refuses a non-empty database: `--fresh` first DELETES everything
 * there (the SQLite file, or every table of the PostgreSQL database). Afterwards `npm start` serves
 * the generated world with the usual demo accounts.
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
import { progressBar } from './progress.js';
import { isEmptyDatabase, loadScaleData } from './seed.js';

export interface CliOptions {
  households: number;
  fresh: boolean;
  seed: number;
}

const usage = 'usage: npm run demo -- --households N [--fresh] [--seed S]';

/** Parses the CLI arguments; throws with the usage line on anything unexpected. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const opts: CliOptions = { households: Number.NaN, fresh: false, seed: 42 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (name === '--households') opts.households = Number(value());
    else if (name === '--seed') opts.seed = Number(value());
    else if (arg === '--fresh') opts.fresh = true;
    else throw new Error(`unknown argument ${arg}\n${usage}`);
  }
  if (!Number.isInteger(opts.households) || opts.households < 1 || opts.households > 10_000_000)
    throw new Error(`--households must be an integer from 1 to 10,000,000\n${usage}`);
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
    if (!(await isEmptyDatabase(ctx))) {
      process.stderr.write(`The database ${where} is not empty. Re-run with --fresh to delete it and start over.\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`Generating ${opts.households.toLocaleString('en')} households into ${where}\n`);
    const { counts, ms } = await loadScaleData(ctx, {
      households: opts.households,
      seed: opts.seed,
      progress: progressBar(),
    });
    const list = Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`);
    console.log(`\nDone in ${(ms / 1000).toFixed(1)} s on ${db.dialect}:\n  ${list.join(' · ')}`);
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

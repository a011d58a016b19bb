/**
 * A throwaway database for a benchmark: SQLite in a temporary DATA_DIR, or a database in the same throwaway
 * PostgreSQL cluster the server tests start (apps/server/test/pg-cluster.ts; its exit hooks keep the
 * benchmark's exit code; BENCH_PG_SETTINGS adds server settings). Returns the environment the app reads; cleanup
 * steps are pushed for the caller.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export async function benchDatabase(
  dialect: string,
  name: string,
  cleanup: (() => Promise<void>)[],
): Promise<{ DATA_DIR: string; DATABASE_URL: string }> {
  const dir = mkdtempSync(join(tmpdir(), `grassroots-${name}-`));
  // BENCH_KEEP=1 keeps a SQLite database for a look afterwards (its directory is printed).
  if (process.env.BENCH_KEEP) console.log(`  keeping ${dir}`);
  else cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  if (dialect === 'sqlite') return { DATA_DIR: dir, DATABASE_URL: '' };
  const { startPgCluster } = await import('../apps/server/test/pg-cluster.js');
  // BENCH_PG_SETTINGS="shared_buffers=4GB max_wal_size=16GB": server settings of a production machine, for loads
  // whose indexes outgrow the default 128 MB of shared buffers (bench/README.md, session 9).
  const cluster = await startPgCluster((process.env.BENCH_PG_SETTINGS ?? '').split(/\s+/).filter(Boolean));
  cleanup.push(() => cluster.stop());
  const admin = new pg.Client({ connectionString: `${cluster.baseUrl}postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name.replace(/\W/g, '_')}`);
  await admin.end();
  return { DATA_DIR: dir, DATABASE_URL: `${cluster.baseUrl}${name.replace(/\W/g, '_')}` };
}

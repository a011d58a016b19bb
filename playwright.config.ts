/**
 * Browser journeys (e2e/*.spec.ts) against ONE real server: `e2e/start-server.mjs` starts the API in demo
 * mode on a fresh temporary database, serving the built web app (`npm run test:e2e` builds it first).
 * Debian's Chromium, one worker (tests share the server and its data), screenshots only where a test
 * takes them (e2e/support.ts `shot`).
 */
import { defineConfig } from '@playwright/test';

// E2E_PORT and E2E_WEB_DIST let several people (or helpers) run journeys side by side.
const port = Number(process.env.E2E_PORT ?? 8091);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results',
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // The app honours it by switching antd's animations off: no click lands on a dialog still zooming in.
    reducedMotion: 'reduce',
    viewport: { width: 1440, height: 900 },
    screenshot: 'off',
    trace: 'off',
    video: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'node e2e/start-server.mjs',
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    // SIGTERM to the process group lets the server close and start-server.mjs delete its temp dir.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});

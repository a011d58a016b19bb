/**
 * `npm start` (demo: `--demo`) and `npm run serve` (production). Demo mode loads the demo data into an
 * empty database and accepts the demo password; production never does, and on an empty database creates
 * one admin whose password is printed once and must be changed at first login.
 */
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { ensureAdmin } from './db/bootstrap.js';
import { demoAccountsBanner, loadDemoData } from './db/demo/seed.js';
import { ensureDefaultCategories } from './db/reference/categories.js';

const demo = process.argv.includes('--demo');
const config = loadConfig(process.env, { demo });
const app = await buildApp(config);

if (demo) {
  const loaded = await loadDemoData(app.ctx);
  if (loaded) app.log.info('demo data loaded');
} else {
  const created = await ensureAdmin(app.ctx);
  if (created) {
    console.log(
      `\n  First start: created account "admin" with password  ${created.password}\n  It is shown once; change it at first login.\n`,
    );
  }
}
// Configuration, not demo data: after the demo load so default organisations named in the tree resolve.
await ensureDefaultCategories(app.ctx);

await app.listen({ port: config.port, host: config.host });
// One timer; each job runs on the node holding its lease. It ticks at least as often as the most frequent job.
app.services.jobs.start({
  log: app.log,
  tickMs: Math.min(15_000, config.caseDeadlineScanMs, config.analyticsRollupMs),
});
const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
console.log(`\n  Grassroots 基层治理一网通 is running (${app.ctx.db.dialect}${demo ? ', demo mode' : ''})`);
console.log(`  Console  ${url}/`);
console.log(`  API docs ${url}/api/docs\n`);
if (demo) console.log(demoAccountsBanner());

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

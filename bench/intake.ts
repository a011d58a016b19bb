/**
 * Intake benchmark: `POST /api/cases` of the real app (API key with `cases:write`, validation, placement,
 * deadlines, idempotency, case + event + audit + key-use log in the database) against a bare Fastify route
 * that inserts one row into a bench table of the same database — in the same run, on SQLite and then on a
 * throwaway PostgreSQL, at 8 and at 50 connections. Target: intake ≥ 0.5 × the bare route's requests/s with
 * zero errors. Prints requests/s, p99, errors and non-2xx per run and the ratios; exits 1 on any error or
 * non-2xx answer, or when a ratio misses the target.
 *
 *   npx tsx bench/intake.ts [--seconds 10] [--connections 8,50] [--dialects sqlite,postgres] [--profile /tmp/p]
 *                           [--only intake] [--pg-stats]
 *
 * The server runs in a child process (this file with --serve), so autocannon and the server do not share an
 * event loop; the child loads the demo world (with its year of cases) before it answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { sql } from 'kysely';
import { buildApp } from '../apps/server/src/app.js';
import { loadConfig } from '../apps/server/src/config.js';
import { loadDemoData } from '../apps/server/src/db/demo/seed.js';
import { type Db, withId } from '../apps/server/src/db/dialect.js';
import { ensureDefaultCategories } from '../apps/server/src/db/reference/categories.js';
import { benchDatabase } from './bench-db.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] as string) : dflt;
};
const SECONDS = Number(arg('seconds', '10'));
const CONNECTIONS = arg('connections', '8,50').split(',').map(Number);
const DIALECTS = arg('dialects', 'sqlite,postgres').split(',');
const PROFILE = arg('profile', '');
/** `--only intake`: skip the baseline (to profile intake alone); no ratio is reported then. */
const ONLY = arg('only', '');
const PG_STATS = process.argv.includes('--pg-stats');
/** `--only intake`: whether a run had errors or non-2xx answers. */
let onlyFailed = false;
const TARGET = 0.5;
const PII_KEY = Buffer.alloc(32, 9).toString('base64');

interface Ready {
  port: number;
  key: string;
  categoryId: string;
  buildingIds: string[];
}

// ---------------------------------------------------------------- the server (child process)

async function serve() {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', PII_KEY }, { demo: true });
  const app = await buildApp(config, { logger: false });
  await loadDemoData(app.ctx);
  await ensureDefaultCategories(app.ctx);
  const { db } = app.ctx;
  await withId(db, db.kysely.schema.createTable('bench_rows'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // The baseline: parse the same JSON body, insert one row, answer 201. No auth, no validation, no audit.
  app.post('/bench/bare', { schema: { hide: true } }, async (req, reply) => {
    const body = req.body as { description?: string } | null;
    const r = await sql<{ id: number }>`INSERT INTO bench_rows (payload, created_at)
      VALUES (${String(body?.description ?? '')}, ${Date.now()}) RETURNING id`.execute(db.kysely);
    return reply.status(201).send({ id: String(r.rows[0]?.id) });
  });

  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: 'grassroots' },
  });
  const sid = login.cookies.find((c) => c.name === 'gr_sid')?.value;
  const org = await db.kysely
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'external')
    .executeTakeFirstOrThrow();
  const created = await app.inject({
    method: 'POST',
    url: '/api/api-keys',
    headers: { cookie: `gr_sid=${sid}`, 'x-csrf-token': login.json().csrfToken },
    payload: { orgId: String(org.id), name: 'intake bench', scopes: ['cases:write'], rateLimit: 100_000 },
  });
  if (created.statusCode !== 201) throw new Error(`api key: ${created.statusCode} ${created.body}`);
  const category = await db.kysely
    .selectFrom('caseCategories')
    .select('id')
    .where('code', '=', 'sz.sewer')
    .executeTakeFirstOrThrow();
  const buildings = await db.kysely.selectFrom('buildings').select('id').orderBy('id').limit(200).execute();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const ready: Ready = {
    port: typeof address === 'object' && address ? address.port : 0,
    key: created.json().key,
    categoryId: String(category.id),
    buildingIds: buildings.map((b) => String(b.id)),
  };
  const profile = await startProfile(process.env.BENCH_CPU_PROFILE);
  const pgStats = await startPgStats(db);
  console.log(`READY ${JSON.stringify(ready)}`);
  const stop = () =>
    profile()
      .then(pgStats)
      .then(() => app.close())
      .then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** `--profile <file>`: a V8 CPU profile of the server from READY to the end (open it in Chrome DevTools). */
async function startProfile(file: string | undefined): Promise<() => Promise<void>> {
  if (!file) return async () => {};
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) => session.post(method, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
  };
}

/**
 * `--pg-stats`: PostgreSQL's execution time per statement from READY to the end (pg_stat_statements, nested
 * statements too, so the foreign-key checks of triggers show), printed when the server stops.
 */
async function startPgStats(db: Db) {
  if (!process.env.BENCH_PG_STATS || db.dialect !== 'postgres') return async () => {};
  await sql`create extension if not exists pg_stat_statements`.execute(db.kysely);
  await sql`select pg_stat_statements_reset()`.execute(db.kysely);
  return async () => {
    const { rows } = await sql<{
      calls: number;
      total: number;
      mean: number;
      plan: number;
      rows: number;
      query: string;
    }>`
      with s as (
        -- Multi-row INSERTs of every size as one statement: their VALUES lists folded to "(…)".
        select calls, total_exec_time, total_plan_time, rows, regexp_replace(
          regexp_replace(query, '[[:space:]]+', ' ', 'g'), '\\(\\$[0-9]+(, \\$[0-9]+)*\\)(, \\(\\$[0-9]+(, \\$[0-9]+)*\\))*', '(…)', 'g'
        ) as query from pg_stat_statements
      )
      select sum(calls)::int as calls, sum(total_exec_time) as total, sum(total_exec_time) / greatest(sum(calls), 1) as mean,
        sum(total_plan_time) / greatest(sum(calls), 1) as plan, sum(rows)::int as rows, left(query, 160) as query
      from s group by query order by total desc limit 30`.execute(db.kysely);
    console.error('\n   calls   total ms   exec µs   plan µs     rows  statement (µs per call)');
    for (const r of rows)
      console.error(
        `${String(r.calls).padStart(8)} ${r.total.toFixed(0).padStart(10)} ${(r.mean * 1000).toFixed(0).padStart(9)} ${(r.plan * 1000).toFixed(0).padStart(9)} ${String(r.rows).padStart(8)}  ${r.query}`,
      );
  };
}

// ---------------------------------------------------------------- the load (parent process)

function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 180 s')), 180_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      resolve({ child, ready: JSON.parse(line.slice(6)) as Ready });
    });
  });
}

const stopServer = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

const descriptions = [
  '门前主路雨水井堵塞，一下雨路面就大面积积水',
  '小区下水道堵塞，污水从一楼地漏反涌',
  '化粪池满溢，污水流到路面',
];

function load(r: Ready, route: 'intake' | 'bare', connections: number, seconds: number): Promise<Result> {
  let n = 0;
  const body = () => {
    n++;
    return JSON.stringify({
      categoryId: r.categoryId,
      description: `市民来电反映：${descriptions[n % descriptions.length]}（压测 ${n}）`,
      buildingId: r.buildingIds[n % r.buildingIds.length],
      externalNo: `BENCH-${randomUUID()}`,
    });
  };
  return autocannon({
    url: `http://127.0.0.1:${r.port}`,
    connections,
    duration: seconds,
    timeout: 30,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${r.key}` },
    requests: [
      {
        method: 'POST',
        path: route === 'intake' ? '/api/cases' : '/bench/bare',
        // A fresh Idempotency-Key and 12345 ticket number per request, as a real transfer sends.
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, 'idempotency-key': randomUUID() },
          body: body(),
        }),
      },
    ],
  });
}

interface Row {
  dialect: string;
  connections: number;
  intake: Result;
  bare: Result;
}

/**
 * The CPU time of process `pid` in seconds (Linux /proc: user + system, all its threads), or NaN elsewhere. A run's
 * share of one core tells a server that is busy all along from one that waits (on commits, on batches to fill).
 */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
/** Linux's USER_HZ, 100 on every architecture it runs on. */
const CLOCK_TICKS = 100;

/**
 * The CPU seconds of every PostgreSQL process of the machine (its backends and helpers; the benchmark's throwaway
 * cluster is the only one it runs), or 0 elsewhere. With the server's and this process's own (autocannon), it
 * tells which of the three the two cores were short of.
 */
function postgresCpuSeconds(): number {
  let sum = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') sum += cpuSeconds(Number(pid));
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return 0;
  }
  return sum;
}

interface Cpu {
  server: number;
  database: number;
  loadGenerator: number;
}

/** `run` with the CPU of the server, the database and the load generator over it, each as a share of one core. */
async function withCpu(pid: number | undefined, run: () => Promise<Result>): Promise<Result & { cpu: Cpu }> {
  const own = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const before = {
    server: cpuSeconds(pid),
    database: postgresCpuSeconds(),
    loadGenerator: own(),
    at: performance.now(),
  };
  const result = await run();
  const s = (performance.now() - before.at) / 1000;
  const cpu = {
    server: (cpuSeconds(pid) - before.server) / s,
    database: (postgresCpuSeconds() - before.database) / s,
    loadGenerator: (own() - before.loadGenerator) / s,
  };
  return Object.assign(result, { cpu });
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const fmt = (x: Result & { cpu: Cpu }) =>
  `${Math.round(x.requests.average).toString().padStart(6)} req/s  p99 ${String(x.latency.p99).padStart(5)} ms  errors ${x.errors + x.timeouts}  non-2xx ${x.non2xx}${Number.isNaN(x.cpu.server) ? '' : `  CPU (cores): server ${pct(x.cpu.server)}, database ${pct(x.cpu.database)}, autocannon ${pct(x.cpu.loadGenerator)}`}`;

async function main() {
  const rows: Row[] = [];
  const cleanup: (() => Promise<void>)[] = [];
  try {
    for (const dialect of DIALECTS) {
      const env = await benchDatabase(dialect, 'bench', cleanup);
      const profile = PROFILE ? { BENCH_CPU_PROFILE: `${PROFILE}.${dialect}.cpuprofile` } : {};
      const { child, ready } = await startServer({ ...env, ...profile, ...(PG_STATS ? { BENCH_PG_STATS: '1' } : {}) });
      try {
        console.log(`\nintake bench on ${dialect}: demo world loaded, ${SECONDS} s per run`);
        await load(ready, 'intake', 8, 3); // warm-up (JIT, caches)
        if (ONLY === 'intake') {
          for (const connections of CONNECTIONS) {
            const intake = await withCpu(child.pid, () => load(ready, 'intake', connections, SECONDS));
            console.log(`  ${connections} conn  intake ${fmt(intake)}`);
            if (intake.errors + intake.timeouts + intake.non2xx > 0) onlyFailed = true;
          }
          continue;
        }
        await load(ready, 'bare', 8, 3);
        for (const connections of CONNECTIONS) {
          const intake = await withCpu(child.pid, () => load(ready, 'intake', connections, SECONDS));
          const bare = await withCpu(child.pid, () => load(ready, 'bare', connections, SECONDS));
          rows.push({ dialect, connections, intake, bare });
          console.log(`  ${String(connections).padStart(2)} conn  intake ${fmt(intake)}`);
          console.log(`           bare   ${fmt(bare)}`);
          console.log(`           ratio  ${(intake.requests.average / bare.requests.average).toFixed(2)}`);
        }
      } finally {
        await stopServer(child);
      }
    }
  } finally {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  }
  return report(rows);
}

function report(rows: Row[]): number {
  // `--only intake` measures no baseline: no ratio, only its errors.
  if (ONLY) {
    if (onlyFailed) console.log('FAIL: errors or non-2xx answers');
    return onlyFailed ? 1 : 0;
  }
  console.log('\n| dialect | conns | intake req/s | intake p99 | bare req/s | bare p99 | ratio | errors | non-2xx |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  let failed = false;
  for (const r of rows) {
    const ratio = r.intake.requests.average / r.bare.requests.average;
    const errors = r.intake.errors + r.intake.timeouts + r.bare.errors + r.bare.timeouts;
    const non2xx = r.intake.non2xx + r.bare.non2xx;
    if (errors > 0 || non2xx > 0 || ratio < TARGET) failed = true;
    console.log(
      `| ${r.dialect} | ${r.connections} | ${Math.round(r.intake.requests.average)} | ${r.intake.latency.p99} ms | ${Math.round(r.bare.requests.average)} | ${r.bare.latency.p99} ms | ${ratio.toFixed(2)} | ${errors} | ${non2xx} |`,
    );
  }
  console.log(failed ? `FAIL: errors, non-2xx answers or a ratio below ${TARGET}` : `OK: ratio ≥ ${TARGET}, no errors`);
  return failed ? 1 : 0;
}

if (process.argv.includes('--serve')) {
  serve().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}

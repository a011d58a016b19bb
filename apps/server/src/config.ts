/** Environment → typed config. No DATABASE_URL ⇒ SQLite in DATA_DIR. */
import { resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).default(10),
  UPLOAD_DIR: z.string().optional(),
  /** base64 of 32 bytes; when absent a key file is created in DATA_DIR (mode 0600). */
  PII_KEY: z.string().optional(),
  PII_KEY_FILE: z.string().optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Set when a reverse proxy terminates HTTPS: trusts X-Forwarded-* and marks cookies Secure. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  LOGIN_IP_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  CASE_DEADLINE_SCAN_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Persons moved out longer than this are anonymised (PIPL retention). */
  LEDGER_RETENTION_DAYS: z.coerce.number().int().min(1).default(1095),
  /** How often the 前响应 scan looks for hotspots and repeated cases (default hourly). */
  WARNINGS_SCAN_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
  /** A hotspot week is raised when P(X ≥ observed | baseline) is below this … */
  WARNINGS_HOTSPOT_ALPHA: z.coerce.number().positive().max(0.5).default(0.01),
  /** … and it has at least this many cases. */
  WARNINGS_HOTSPOT_MIN_COUNT: z.coerce.number().int().min(1).default(3),
  /** Cases of one category at one building or compound within 30 days that make a repeat warning. */
  WARNINGS_REPEAT_MIN_COUNT: z.coerce.number().int().min(2).default(3),
  /** How often the analytics roll-up job folds new case events into the roll-ups (the figures' lag). */
  ANALYTICS_ROLLUP_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  /** 综合 weights of 响应率, 解决率, 满意率 (DOMAIN.md §3), comma-separated. */
  KPI_COMPOSITE_WEIGHTS: z
    .string()
    .regex(/^\s*\d+(\.\d+)?\s*,\s*\d+(\.\d+)?\s*,\s*\d+(\.\d+)?\s*$/)
    .default('0.1,0.5,0.4'),
  /** Seconds between the live stream's heartbeat comments (keeps proxies from closing an idle wall). */
  LIVE_HEARTBEAT_SECONDS: z.coerce.number().min(0.1).max(300).default(15),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  dbPoolSize: number;
  uploadDir: string;
  piiKey?: string;
  piiKeyFile: string;
  sessionTtlMs: number;
  trustProxy: boolean;
  logLevel: string;
  webDist?: string;
  /** Demo mode loads demo data into an empty database and accepts the demo password. */
  demo: boolean;
  loginMaxFailures: number;
  loginLockMs: number;
  loginIpPerMinute: number;
  /** How often the deadline job looks for cases to warn, return or escalate. */
  caseDeadlineScanMs: number;
  /** Days after a recorded move-out until the retention job anonymises the person. */
  ledgerRetentionDays: number;
  /** Interval of the 前响应 warnings scan, and its thresholds (modules/warnings). */
  warningsScanMs: number;
  warningsHotspotAlpha: number;
  warningsHotspotMinCount: number;
  warningsRepeatMinCount: number;
  /** Interval of the analytics roll-up job. */
  analyticsRollupMs: number;
  /** 综合 = weighted 响应率, 解决率, 满意率 (KPI_COMPOSITE_WEIGHTS). */
  kpiWeights: { response: number; resolution: number; satisfaction: number };
  /** Interval of the live stream's heartbeat (modules/live). */
  liveHeartbeatMs: number;
}

const weightsOf = (csv: string) => {
  const [response, resolution, satisfaction] = csv.split(',').map(Number) as [number, number, number];
  return { response, resolution, satisfaction };
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const e = envSchema.parse(env);
  // npm runs workspace scripts inside the workspace; relative paths mean the directory npm was started in.
  const base = env.INIT_CWD ?? process.cwd();
  const dataDir = resolve(base, e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL || undefined,
    dbPoolSize: e.DB_POOL_SIZE,
    uploadDir: resolve(base, e.UPLOAD_DIR ?? `${dataDir}/uploads`),
    piiKey: e.PII_KEY,
    piiKeyFile: resolve(base, e.PII_KEY_FILE ?? `${dataDir}/pii.key`),
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    trustProxy: e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    webDist: e.WEB_DIST ? resolve(base, e.WEB_DIST) : undefined,
    demo: false,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMs: e.LOGIN_LOCK_MINUTES * 60_000,
    loginIpPerMinute: e.LOGIN_IP_PER_MINUTE,
    caseDeadlineScanMs: e.CASE_DEADLINE_SCAN_SECONDS * 1000,
    ledgerRetentionDays: e.LEDGER_RETENTION_DAYS,
    warningsScanMs: e.WARNINGS_SCAN_SECONDS * 1000,
    warningsHotspotAlpha: e.WARNINGS_HOTSPOT_ALPHA,
    warningsHotspotMinCount: e.WARNINGS_HOTSPOT_MIN_COUNT,
    warningsRepeatMinCount: e.WARNINGS_REPEAT_MIN_COUNT,
    analyticsRollupMs: e.ANALYTICS_ROLLUP_SECONDS * 1000,
    kpiWeights: weightsOf(e.KPI_COMPOSITE_WEIGHTS),
    liveHeartbeatMs: e.LIVE_HEARTBEAT_SECONDS * 1000,
    ...overrides,
  };
}

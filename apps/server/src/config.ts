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
}

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
    ...overrides,
  };
}

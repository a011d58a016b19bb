/**
 * createTestApp(): a real app (buildApp + inject) on this file's own copy of the migrated template,
 * on whichever dialect the Vitest project runs. No mocks of our database or HTTP layer.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import type { Clock } from '../src/core/clock.js';
import { type Db, openDb } from '../src/db/dialect.js';

const TEST_PII_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  config: Config;
  /** Log in and get an agent that sends the session cookie and CSRF token. */
  login(username: string, password?: string): Promise<Agent>;
  anon(): Agent;
  close(): Promise<void>;
}

export async function cloneTemplateDb(): Promise<{ db: Db; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'grassroots-test-'));
  if (inject('dialect') === 'sqlite') {
    const file = join(dataDir, 'grassroots.db');
    copyFileSync(inject('sqliteTemplate'), file);
    return { db: openDb({ sqliteFile: file }), dataDir };
  }
  const name = `t_${randomBytes(6).toString('hex')}`;
  const base = inject('pgBaseUrl');
  const admin = new pg.Client({ connectionString: `${base}postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE gr_template`);
  await admin.end();
  const db = openDb({ databaseUrl: `${base}${name}`, poolSize: 5 });
  return {
    dataDir,
    db: {
      ...db,
      close: async () => {
        await db.close();
        const c = new pg.Client({ connectionString: `${base}postgres` });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    },
  };
}

export async function createTestApp(
  opts: { clock?: Clock; demo?: boolean; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const { db, dataDir } = await cloneTemplateDb();
  const config = loadConfig(
    { DATA_DIR: dataDir, PII_KEY: TEST_PII_KEY, LOG_LEVEL: 'silent' },
    { demo: opts.demo ?? true, loginIpPerMinute: 10_000, ...opts.config },
  );
  const app = await buildApp(config, { db, clock: opts.clock, migrate: false, logger: false });
  await app.ready();
  const t: TestApp = {
    app,
    db,
    config,
    anon: () => new Agent(app, null, null),
    async login(username, password = 'grassroots') {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'gr_sid');
      return new Agent(app, cookie ? `gr_sid=${cookie.value}` : null, res.json().csrfToken);
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
  return t;
}

/** Thin wrapper over app.inject that carries the session cookie and CSRF header. */
export class Agent {
  constructor(
    readonly app: FastifyInstance,
    readonly cookie: string | null,
    readonly csrf: string | null,
    readonly extraHeaders: Record<string, string> = {},
  ) {}
  request(method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...this.extraHeaders, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    return this.app.inject({ method, url, headers: h, payload: payload as InjectOptions['payload'] });
  }
  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', url, body ?? {}, headers);
  patch = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('PATCH', url, body ?? {}, headers);
  put = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('PUT', url, body ?? {}, headers);
  delete = (url: string, headers?: Record<string, string>) => this.request('DELETE', url, undefined, headers);
  /** An agent authenticating with an API key instead of a session. */
  static withApiKey(app: FastifyInstance, key: string) {
    return new Agent(app, null, null, { authorization: `Bearer ${key}` });
  }
}

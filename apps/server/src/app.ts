/**
 * buildApp(config) — used by main.ts and by every test (ARCHITECTURE: Fastify demo style).
 */
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { AuditLog } from './core/audit.js';
import { type Clock, systemClock } from './core/clock.js';
import type { AppContext } from './core/context.js';
import { createPii, loadPiiKey } from './core/pii.js';
import { type Db, openDb } from './db/dialect.js';
import { migrateToLatest } from './db/migrate.js';
import { createServices, moduleRoutes, type Services } from './modules/index.js';
import { registerApiKeyUsageLog, registerAuth } from './plugins/auth.js';
import { registerErrorHandling } from './plugins/errors.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerStaticWeb } from './plugins/static-web.js';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    services: Services;
  }
}

export interface BuildOptions {
  /** An already-open database (tests pass a per-file copy of the template). */
  db?: Db;
  clock?: Clock;
  /** Run migrations at start (default true). */
  migrate?: boolean;
  logger?: boolean;
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const db =
    opts.db ??
    openDb({
      databaseUrl: config.databaseUrl,
      sqliteFile: `${config.dataDir}/grassroots.db`,
      poolSize: config.dbPoolSize,
    });
  if (opts.migrate !== false) await migrateToLatest(db);
  const clock = opts.clock ?? systemClock;
  const ctx: AppContext = {
    db,
    config,
    clock,
    pii: createPii(loadPiiKey({ key: config.piiKey, keyFile: config.piiKeyFile })),
    audit: new AuditLog(clock),
  };

  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    // Per-request lines only when debugging; errors are logged by the error handler either way.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(config.logLevel) }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('ctx', ctx);
  app.decorate('services', createServices(ctx));

  registerErrorHandling(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Chromium refuses cross-origin isolation headers on plain-HTTP loopback only with warnings; keep defaults.
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 9 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new Error('rate limited'), { statusCode: 429, retryAfter: ctx.after }),
  });
  registerAuth(app, ctx);
  registerApiKeyUsageLog(app, ctx);
  await registerOpenApi(app);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await db.kysely.selectFrom('settings').select('key').limit(1).execute();
      return { status: 'ready', database: db.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: db.dialect });
    }
  });

  for (const routes of moduleRoutes) await app.register(routes);
  await registerStaticWeb(app, config.webDist);

  app.addHook('onClose', async () => {
    await app.services.jobs.stop(); // before the database closes under a running job
    if (!opts.db) await db.close();
  });
  return app;
}

/** Serves the built web app; unknown non-API GETs fall back to index.html for client-side routes. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors.js';

export const defaultWebDist = () => resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export async function registerStaticWeb(app: FastifyInstance, webDist: string | undefined) {
  const root = webDist ?? defaultWebDist();
  const hasWeb = existsSync(resolve(root, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root,
      index: ['index.html'],
      // Hashed build assets never change; index.html must be revalidated so a new build is picked up.
      setHeaders: (res, path) =>
        res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (path.startsWith('/api/') || req.method !== 'GET' || !hasWeb)
      return sendError(req, reply, 'ROUTE_NOT_FOUND', 404);
    return reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
  });
}

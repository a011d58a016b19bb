/**
 * The module registry: each domain module contributes its service(s) and its routes.
 * Add a module here — one import and one entry — and nowhere else.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../core/context.js';
import { authRoutes } from './auth/auth.routes.js';
import { AuthService } from './auth/auth.service.js';

export function createServices(ctx: AppContext) {
  const auth = new AuthService(ctx);
  return { auth };
}
export type Services = ReturnType<typeof createServices>;

export const moduleRoutes: FastifyPluginAsync[] = [authRoutes as FastifyPluginAsync];

/** GET /api/audit — newest first, paginated, filtered; scoped in the service. */
import { auditListQuery, auditPage } from '@grassroots/shared/audit/audit.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../core/principal.js';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { audit } = app.services;
  app.get(
    '/api/audit',
    { schema: { tags: ['audit'], summary: '审计日志', querystring: auditListQuery, response: { 200: auditPage } } },
    async (req) => audit.list(requirePrincipal(req), req.query),
  );
};

/** 前响应 warnings: GET /api/analytics/warnings, POST /api/analytics/warnings/:id/acknowledge. */
import { Permission } from '@grassroots/shared/auth/permissions';
import {
  acknowledgeBody,
  warningIdParams,
  warningListQuery,
  warningPage,
  warningView,
} from '@grassroots/shared/warnings/warnings.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePermission } from '../../core/principal.js';

export const warningsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { warnings } = app.services;
  const tags = ['analytics'];
  app.get(
    '/api/analytics/warnings',
    { schema: { tags, summary: '前响应预警列表', querystring: warningListQuery, response: { 200: warningPage } } },
    async (req) => warnings.list(requirePermission(req, Permission.analyticsRead), req.query),
  );
  app.post(
    '/api/analytics/warnings/:id/acknowledge',
    {
      schema: {
        tags,
        summary: '确认预警',
        params: warningIdParams,
        body: acknowledgeBody,
        response: { 200: warningView },
      },
    },
    async (req) =>
      warnings.acknowledge(requirePermission(req, Permission.warningsAck), req.actor, Number(req.params.id), req.body),
  );
};

/** /api/analytics — thin routes; the service decides scope and reads the roll-ups. */
import { kpiQuery, kpiResponse } from '@grassroots/shared/analytics/analytics.schema';
import { Permission } from '@grassroots/shared/auth/permissions';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePermission } from '../../core/principal.js';
import { kpiExport, XLSX_MIME } from './analytics.export.js';

const tags = ['analytics'];

export const analyticsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { analytics } = app.services;

  app.get(
    '/api/analytics/kpis',
    {
      schema: {
        tags,
        summary: '诉求指标（三率、综合、按期结案率等，按区域/类别/来源/办理单位/日/周/月分组，含上期对比）',
        querystring: kpiQuery,
        response: { 200: kpiResponse },
      },
    },
    async (req) => analytics.kpis(requirePermission(req, Permission.analyticsRead), req.query),
  );

  app.get(
    '/api/analytics/kpis/export.xlsx',
    { schema: { tags, summary: '导出指标表 Excel（与 /api/analytics/kpis 同参数）', querystring: kpiQuery } },
    async (req, reply) => {
      const answer = await analytics.kpis(requirePermission(req, Permission.analyticsRead), req.query);
      const file = await kpiExport(app.ctx, answer);
      return reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          `attachment; filename="kpis-${answer.from}-${answer.to}.xlsx"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        )
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
};

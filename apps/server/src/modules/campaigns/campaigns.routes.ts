/** /api/campaigns — door-to-door campaigns (地毯式摸排): thin routes, the services decide scope and rules. */

import {
  campaignCoverage,
  campaignHouseholdDetail,
  campaignHouseholdPage,
  campaignHouseholdsQuery,
  campaignListQuery,
  campaignPage,
  campaignTransitionBody,
  campaignView,
  createCampaignBody,
  myCampaignsPage,
  myCampaignsQuery,
  targetPreview,
  targetPreviewBody,
  updateCampaignBody,
  visitBody,
  visitView,
} from '@grassroots/shared/campaigns/campaigns.schema';
import { idParam } from '@grassroots/shared/common/ids';
import { shanghaiDayKey } from '@grassroots/shared/common/shanghai-time';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, requirePrincipal } from '../../core/principal.js';

const tags = ['campaigns'];
const params = z.object({ id: idParam });
const householdParams = z.object({ id: idParam, householdId: idParam });
/** 'YYYYMMDD' of the Shanghai day, for the file name. */
const day = shanghaiDayKey;

export const campaignsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { campaigns, visits, exporter } = app.services.campaigns;

  app.get(
    '/api/campaigns',
    { schema: { tags, summary: '摸排任务列表', querystring: campaignListQuery, response: { 200: campaignPage } } },
    async (req) => campaigns.list(requirePrincipal(req), req.query),
  );
  app.post(
    '/api/campaigns',
    { schema: { tags, summary: '新建摸排任务（草稿）', body: createCampaignBody, response: { 201: campaignView } } },
    async (req, reply) =>
      reply.status(201).send(await campaigns.create(requirePermission(req, 'campaigns.manage'), req.actor, req.body)),
  );
  app.post(
    '/api/campaigns/preview',
    {
      schema: { tags, summary: '预估摸排对象户数', body: targetPreviewBody, response: { 200: targetPreview } },
    },
    async (req) => campaigns.previewTarget(requirePermission(req, 'campaigns.manage'), req.body),
  );
  app.get(
    '/api/campaigns/mine',
    {
      schema: {
        tags,
        summary: '我的摸排任务（进行中、含本人负责的住户，附本人进度）',
        querystring: myCampaignsQuery,
        response: { 200: myCampaignsPage },
      },
    },
    async (req) => visits.mine(requirePrincipal(req), req.query),
  );
  app.get(
    '/api/campaigns/:id',
    { schema: { tags, summary: '摸排任务详情', params, response: { 200: campaignView } } },
    async (req) => campaigns.get(requirePrincipal(req), Number(req.params.id)),
  );
  app.patch(
    '/api/campaigns/:id',
    {
      schema: {
        tags,
        summary: '修改摸排任务（仅草稿）',
        params,
        body: updateCampaignBody,
        response: { 200: campaignView },
      },
    },
    async (req) =>
      campaigns.update(requirePermission(req, 'campaigns.manage'), req.actor, Number(req.params.id), req.body),
  );
  for (const action of ['start', 'close'] as const) {
    app.post(
      `/api/campaigns/:id/${action}`,
      {
        schema: {
          tags,
          summary: action === 'start' ? '启动摸排（锁定对象住户清单）' : '结束摸排',
          params,
          body: campaignTransitionBody,
          response: { 200: campaignView },
        },
      },
      async (req) =>
        campaigns.transition(
          requirePermission(req, 'campaigns.manage'),
          req.actor,
          Number(req.params.id),
          action,
          req.body?.version,
        ),
    );
  }
  app.get(
    '/api/campaigns/:id/coverage',
    { schema: { tags, summary: '各网格覆盖情况', params, response: { 200: campaignCoverage } } },
    async (req) => visits.coverage(requirePrincipal(req), Number(req.params.id)),
  );
  app.get(
    '/api/campaigns/:id/households',
    {
      schema: {
        tags,
        summary: '摸排住户清单（state=pending 为尚未走访）',
        params,
        querystring: campaignHouseholdsQuery,
        response: { 200: campaignHouseholdPage },
      },
    },
    async (req) => visits.households(requirePrincipal(req), Number(req.params.id), req.query),
  );
  app.get(
    '/api/campaigns/:id/households/:householdId',
    {
      schema: {
        tags,
        summary: '摸排住户及其走访记录',
        params: householdParams,
        response: { 200: campaignHouseholdDetail },
      },
    },
    async (req) => visits.household(requirePrincipal(req), Number(req.params.id), Number(req.params.householdId)),
  );
  app.post(
    '/api/campaigns/:id/visits',
    {
      schema: {
        tags,
        summary: '登记走访（clientRef 幂等：重复提交返回已存记录 200）',
        params,
        body: visitBody,
        response: { 200: visitView, 201: visitView },
      },
    },
    async (req, reply) => {
      const p = requirePermission(req, 'campaigns.visit');
      const r = await visits.record(p, req.actor, Number(req.params.id), req.body);
      return reply.status(r.status).send(r.visit);
    },
  );
  app.get(
    '/api/campaigns/:id/export.xlsx',
    { schema: { tags, summary: '导出摸排结果 Excel（联系方式脱敏）', params } },
    async (req, reply) => {
      const p = requirePermission(req, 'campaigns.manage');
      const file = await exporter.xlsx(p, req.actor, Number(req.params.id));
      const stamp = day(app.ctx.clock.now());
      reply
        .header('content-type', file.mime)
        .header(
          'content-disposition',
          `attachment; filename="campaign-${req.params.id}-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`摸排结果-${file.name}-${stamp}.xlsx`)}`,
        )
        .header('cache-control', 'no-store');
      return reply.send(file.stream);
    },
  );
};

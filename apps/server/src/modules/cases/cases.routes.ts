/** /api/cases — thin routes; the service decides capacities, scope and transitions. */

import { Readable } from 'node:stream';
import {
  caseActionBody,
  caseActionParams,
  caseDuplicates,
  caseExportQuery,
  caseListPage,
  caseListQuery,
  caseView,
  createCaseBody,
  dispatchTargets,
  publicCase,
  publicCaseParams,
} from '@grassroots/shared/cases/cases.schema';
import { idParam } from '@grassroots/shared/common/ids';
import { shanghaiDayKey } from '@grassroots/shared/common/shanghai-time';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withIdempotency } from '../../core/idempotency.js';
import { requirePrincipal } from '../../core/principal.js';

const tags = ['cases'];
const params = z.object({ id: idParam });
/** Anyone on the internet can call the public look-up: limited per IP. */
const publicRateLimit = { max: 60, timeWindow: '1 minute' };
/** 'YYYYMMDD' of the Shanghai day, for the file name. */
const today = shanghaiDayKey;

export const casesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { cases } = app.services;

  app.post(
    '/api/cases',
    {
      schema: {
        tags,
        summary: '提交诉求（支持 Idempotency-Key；相同外部工单号返回已有诉求 200）',
        body: createCaseBody,
        response: { 200: caseView, 201: caseView },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req);
      return withIdempotency(req, reply, (tx) => cases.create(p, req.actor, req.body, tx), { inTransaction: true });
    },
  );
  app.get(
    '/api/cases',
    {
      schema: { tags, summary: '诉求列表（按权限范围）', querystring: caseListQuery, response: { 200: caseListPage } },
    },
    async (req) => cases.list(requirePrincipal(req), req.query),
  );
  app.get(
    '/api/cases/export.csv',
    {
      schema: {
        tags,
        summary: '导出诉求清单 CSV（筛选条件同列表；最多 50,000 条，超出返回 422）',
        querystring: caseExportQuery,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const { chunks } = await cases.exportCsv(requirePrincipal(req), req.actor, req.query);
      const day = today(app.ctx.clock.now());
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="cases-${day}.csv"; filename*=UTF-8''${encodeURIComponent(`诉求清单-${day}.csv`)}`,
        )
        .header('cache-control', 'no-store');
      return reply.send(Readable.from(chunks));
    },
  );
  app.get(
    '/api/cases/:id/dispatch-targets',
    {
      schema: {
        tags,
        summary: '可派遣/指派对象（本人辖区内的人员、承办单位、下一级区域；仅限本级受理人）',
        params,
        response: { 200: dispatchTargets },
      },
    },
    async (req) => cases.dispatchTargets(requirePrincipal(req), Number(req.params.id)),
  );
  app.get(
    '/api/cases/:id/duplicates',
    {
      schema: {
        tags,
        summary: '疑似重复诉求（同类、30 天内、未办结，同户/同楼或 300 米内）',
        params,
        response: { 200: caseDuplicates },
      },
    },
    async (req) => cases.duplicates(requirePrincipal(req), Number(req.params.id)),
  );
  app.get(
    '/api/public/cases/:number',
    {
      schema: {
        tags: ['public'],
        summary: '按编号查询诉求进度（公开，免登录；不含描述、地址、姓名等个人信息）',
        params: publicCaseParams,
        response: { 200: publicCase },
        security: [],
      },
      config: { rateLimit: publicRateLimit },
    },
    async (req) => cases.publicCase(req.params.number),
  );
  app.get(
    '/api/cases/:id',
    { schema: { tags, summary: '诉求详情（含流转记录与可执行操作）', params, response: { 200: caseView } } },
    async (req) => cases.get(requirePrincipal(req), Number(req.params.id)),
  );
  app.post(
    '/api/cases/:id/actions/:action',
    {
      schema: {
        tags,
        summary: '诉求流转操作',
        params: caseActionParams,
        body: caseActionBody,
        response: { 200: caseView },
      },
    },
    async (req) => cases.act(requirePrincipal(req), req.actor, Number(req.params.id), req.params.action, req.body),
  );
};

/** /api/cases — thin routes; the service decides capacities, scope and transitions. */
import {
  caseActionBody,
  caseActionParams,
  caseListPage,
  caseListQuery,
  caseView,
  createCaseBody,
} from '@grassroots/shared/cases/cases.schema';
import { idParam } from '@grassroots/shared/common/ids';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withIdempotency } from '../../core/idempotency.js';
import { requirePrincipal } from '../../core/principal.js';

const tags = ['cases'];
const params = z.object({ id: idParam });

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
      return withIdempotency(req, reply, (tx) => cases.create(p, req.actor, req.body, tx));
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

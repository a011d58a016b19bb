/** /api/persons — thin routes: schema, permission, one service call. Never a DELETE: people move out. */
import { idParam } from '@grassroots/shared/common/ids';
import {
  createPersonBody,
  moveInBody,
  moveOutBody,
  personListQuery,
  personPage,
  personView,
  unmaskBody,
  unmaskResult,
  updatePersonBody,
} from '@grassroots/shared/ledger/ledger.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../core/principal.js';

const params = z.object({ id: idParam });
const tags = ['ledger'];

export const personsRoutes: FastifyPluginAsyncZod = async (app) => {
  const persons = () => app.services.ledger.persons;

  app.get(
    '/api/persons',
    {
      schema: {
        tags,
        summary: '人员台账（脱敏；q：姓名，或完整身份证号/手机号；custom.<编码>=值 按自定义字段筛选）',
        querystring: personListQuery,
        response: { 200: personPage },
      },
    },
    async (req) => persons().list(requirePermission(req, 'ledger.read'), req.query),
  );

  app.get(
    '/api/persons/:id',
    { schema: { tags, summary: '人员详情（脱敏）', params, response: { 200: personView } } },
    async (req) => persons().get(requirePermission(req, 'ledger.read'), Number(req.params.id)),
  );

  app.post(
    '/api/persons',
    { schema: { tags, summary: '新增人员', body: createPersonBody, response: { 201: personView } } },
    async (req, reply) =>
      reply.status(201).send(await persons().create(requirePermission(req, 'ledger.write'), req.actor, req.body)),
  );

  app.patch(
    '/api/persons/:id',
    { schema: { tags, summary: '修改人员', params, body: updatePersonBody, response: { 200: personView } } },
    async (req) => persons().update(requirePermission(req, 'ledger.write'), req.actor, Number(req.params.id), req.body),
  );

  app.post(
    '/api/persons/:id/move-out',
    { schema: { tags, summary: '人员迁出（保留记录）', params, body: moveOutBody, response: { 200: personView } } },
    async (req) =>
      persons().moveOut(requirePermission(req, 'ledger.write'), req.actor, Number(req.params.id), req.body),
  );

  app.post(
    '/api/persons/:id/move-in',
    { schema: { tags, summary: '人员迁回', params, body: moveInBody, response: { 200: personView } } },
    async (req) => persons().moveIn(requirePermission(req, 'ledger.write'), req.actor, Number(req.params.id), req.body),
  );

  app.post(
    '/api/persons/:id/unmask',
    {
      schema: {
        tags,
        summary: '查看明文（须填写原因，记入审计日志）',
        params,
        body: unmaskBody,
        response: { 200: unmaskResult },
      },
    },
    async (req) =>
      persons().unmask(requirePermission(req, 'ledger.unmask'), req.actor, Number(req.params.id), req.body),
  );
};

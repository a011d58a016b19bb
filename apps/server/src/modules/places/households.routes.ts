/** /api/households — thin routes: schema, permission, one service call. */
import { idParam } from '@grassroots/shared/common/ids';
import {
  createHouseholdBody,
  householdDetail,
  householdListQuery,
  householdPage,
  okResponse,
  updateHouseholdBody,
} from '@grassroots/shared/places/places.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../core/principal.js';

const params = z.object({ id: idParam });
const tags = ['places'];

export const householdRoutes: FastifyPluginAsyncZod = async (app) => {
  const { households } = app.services.places;

  app.get(
    '/api/households',
    {
      schema: {
        tags,
        summary: '住户列表（q：地址、户主或完整电话号码）',
        querystring: householdListQuery,
        response: { 200: householdPage },
      },
    },
    async (req) => {
      const { noSmartphone, ...rest } = req.query;
      const flag = noSmartphone === undefined ? undefined : noSmartphone === 'true';
      return households.list(requirePermission(req, 'console.access'), { ...rest, noSmartphone: flag });
    },
  );

  app.get(
    '/api/households/:id',
    { schema: { tags, summary: '住户详情', params, response: { 200: householdDetail } } },
    async (req) => households.get(requirePermission(req, 'console.access'), Number(req.params.id)),
  );

  app.post(
    '/api/households',
    { schema: { tags, summary: '新建住户', body: createHouseholdBody, response: { 201: householdDetail } } },
    async (req, reply) =>
      reply.status(201).send(await households.create(requirePermission(req, 'households.write'), req.actor, req.body)),
  );

  app.patch(
    '/api/households/:id',
    { schema: { tags, summary: '修改住户', params, body: updateHouseholdBody, response: { 200: householdDetail } } },
    async (req) =>
      households.update(requirePermission(req, 'households.write'), req.actor, Number(req.params.id), req.body),
  );

  app.delete(
    '/api/households/:id',
    { schema: { tags, summary: '删除住户（无关联时）', params, response: { 200: okResponse } } },
    async (req) => {
      await households.delete(requirePermission(req, 'households.write'), req.actor, Number(req.params.id));
      return { ok: true as const };
    },
  );
};

/** /api/compounds — thin routes: schema, permission, one service call. */
import { idParam } from '@grassroots/shared/common/ids';
import {
  compoundDetail,
  compoundListQuery,
  compoundPage,
  createCompoundBody,
  okResponse,
  qrSheet,
  updateCompoundBody,
} from '@grassroots/shared/places/places.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../core/principal.js';

const params = z.object({ id: idParam });
const tags = ['places'];

export const compoundRoutes: FastifyPluginAsyncZod = async (app) => {
  const { compounds } = app.services.places;

  app.get(
    '/api/compounds',
    { schema: { tags, summary: '小区列表', querystring: compoundListQuery, response: { 200: compoundPage } } },
    async (req) => compounds.list(requirePermission(req, 'console.access'), req.query),
  );

  app.get(
    '/api/compounds/:id',
    { schema: { tags, summary: '小区详情', params, response: { 200: compoundDetail } } },
    async (req) => compounds.get(requirePermission(req, 'console.access'), Number(req.params.id)),
  );

  app.get(
    '/api/compounds/:id/qr-sheet',
    { schema: { tags, summary: '小区楼栋二维码打印单', params, response: { 200: qrSheet } } },
    async (req) => compounds.qrSheet(requirePermission(req, 'console.access'), Number(req.params.id)),
  );

  app.post(
    '/api/compounds',
    { schema: { tags, summary: '新建小区', body: createCompoundBody, response: { 201: compoundDetail } } },
    async (req, reply) =>
      reply.status(201).send(await compounds.create(requirePermission(req, 'areas.write'), req.actor, req.body)),
  );

  app.patch(
    '/api/compounds/:id',
    { schema: { tags, summary: '修改小区', params, body: updateCompoundBody, response: { 200: compoundDetail } } },
    async (req) => compounds.update(requirePermission(req, 'areas.write'), req.actor, Number(req.params.id), req.body),
  );

  app.delete(
    '/api/compounds/:id',
    { schema: { tags, summary: '删除小区（无楼栋时）', params, response: { 200: okResponse } } },
    async (req) => {
      await compounds.delete(requirePermission(req, 'areas.write'), req.actor, Number(req.params.id));
      return { ok: true as const };
    },
  );
};

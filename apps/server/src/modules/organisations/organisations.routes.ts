/** /api/organisations — thin routes; the service checks console access (read) and orgs.manage (write). */
import { idParam } from '@grassroots/shared/common/ids';
import {
  createOrgBody,
  orgListQuery,
  orgPage,
  orgView,
  updateOrgBody,
} from '@grassroots/shared/organisations/organisations.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccount } from '../../core/principal.js';

const params = z.object({ id: idParam });
const tags = ['organisations'];

export const organisationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { organisations } = app.services;

  app.get(
    '/api/organisations',
    { schema: { tags, summary: '单位列表', querystring: orgListQuery, response: { 200: orgPage } } },
    async (req) => organisations.list(requireAccount(req), req.query),
  );
  app.get(
    '/api/organisations/:id',
    { schema: { tags, summary: '单位详情', params, response: { 200: orgView } } },
    async (req) => organisations.get(requireAccount(req), Number(req.params.id)),
  );
  app.post(
    '/api/organisations',
    { schema: { tags, summary: '新建单位', body: createOrgBody, response: { 201: orgView } } },
    async (req, reply) => reply.status(201).send(await organisations.create(requireAccount(req), req.actor, req.body)),
  );
  app.patch(
    '/api/organisations/:id',
    { schema: { tags, summary: '修改单位', params, body: updateOrgBody, response: { 200: orgView } } },
    async (req) => organisations.update(requireAccount(req), req.actor, Number(req.params.id), req.body),
  );
  app.post(
    '/api/organisations/:id/disable',
    { schema: { tags, summary: '停用单位', params, response: { 200: orgView } } },
    async (req) => organisations.setDisabled(requireAccount(req), req.actor, Number(req.params.id), true),
  );
  app.post(
    '/api/organisations/:id/enable',
    { schema: { tags, summary: '启用单位', params, response: { 200: orgView } } },
    async (req) => organisations.setDisabled(requireAccount(req), req.actor, Number(req.params.id), false),
  );
};

/** /api/api-keys — admin manages keys; GET /api/api-keys/whoami answers a key holder about its own key. */
import {
  apiKeyListQuery,
  apiKeyPage,
  apiKeyUsePage,
  apiKeyView,
  createApiKeyBody,
  createApiKeyResponse,
  whoamiResponse,
} from '@grassroots/shared/apikeys/apikeys.schema';
import { idParam } from '@grassroots/shared/common/ids';
import { pageQuery } from '@grassroots/shared/common/pagination';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../../core/principal.js';

const params = z.object({ id: idParam });
const tags = ['api-keys'];

export const apiKeysRoutes: FastifyPluginAsyncZod = async (app) => {
  const { apiKeys } = app.services;

  app.get(
    '/api/api-keys',
    { schema: { tags, summary: '接口密钥列表', querystring: apiKeyListQuery, response: { 200: apiKeyPage } } },
    async (req) => apiKeys.list(requirePrincipal(req), req.query),
  );
  app.get(
    '/api/api-keys/whoami',
    { schema: { tags, summary: '当前接口密钥（密钥调用方自检）', response: { 200: whoamiResponse } } },
    async (req) => apiKeys.whoami(requirePrincipal(req)),
  );
  app.post(
    '/api/api-keys',
    {
      schema: {
        tags,
        summary: '创建接口密钥（仅显示一次）',
        body: createApiKeyBody,
        response: { 201: createApiKeyResponse },
      },
    },
    async (req, reply) => reply.status(201).send(await apiKeys.create(requirePrincipal(req), req.actor, req.body)),
  );
  app.post(
    '/api/api-keys/:id/revoke',
    { schema: { tags, summary: '吊销接口密钥', params, response: { 200: apiKeyView } } },
    async (req) => apiKeys.revoke(requirePrincipal(req), req.actor, Number(req.params.id)),
  );
  app.get(
    '/api/api-keys/:id/uses',
    { schema: { tags, summary: '接口密钥调用记录', params, querystring: pageQuery, response: { 200: apiKeyUsePage } } },
    async (req) => apiKeys.uses(requirePrincipal(req), Number(req.params.id), req.query),
  );
};

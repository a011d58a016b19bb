/** /api/case-categories — thin routes; the service checks categories.manage on writes and inactive reads. */
import {
  categoryList,
  categoryListQuery,
  categoryView,
  createCategoryBody,
  updateCategoryBody,
} from '@grassroots/shared/categories/categories.schema';
import { idParam } from '@grassroots/shared/common/ids';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../../core/principal.js';

const params = z.object({ id: idParam });
const tags = ['case-categories'];

export const categoriesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { categories } = app.services;

  app.get(
    '/api/case-categories',
    {
      schema: {
        tags,
        summary: '诉求分类（启用的分类树；?tree=true 为嵌套结构）',
        querystring: categoryListQuery,
        response: { 200: categoryList },
      },
    },
    async (req) => categories.list(requirePrincipal(req), req.query),
  );
  app.get(
    '/api/case-categories/:id',
    { schema: { tags, summary: '诉求分类详情', params, response: { 200: categoryView } } },
    async (req) => categories.get(requirePrincipal(req), Number(req.params.id)),
  );
  app.post(
    '/api/case-categories',
    { schema: { tags, summary: '新建诉求分类', body: createCategoryBody, response: { 201: categoryView } } },
    async (req, reply) => reply.status(201).send(await categories.create(requirePrincipal(req), req.actor, req.body)),
  );
  app.patch(
    '/api/case-categories/:id',
    { schema: { tags, summary: '修改诉求分类', params, body: updateCategoryBody, response: { 200: categoryView } } },
    async (req) => categories.update(requirePrincipal(req), req.actor, Number(req.params.id), req.body),
  );
  app.post(
    '/api/case-categories/:id/deactivate',
    { schema: { tags, summary: '停用诉求分类', params, response: { 200: categoryView } } },
    async (req) => categories.setActive(requirePrincipal(req), req.actor, Number(req.params.id), false),
  );
  app.post(
    '/api/case-categories/:id/activate',
    { schema: { tags, summary: '启用诉求分类', params, response: { 200: categoryView } } },
    async (req) => categories.setActive(requirePrincipal(req), req.actor, Number(req.params.id), true),
  );
  app.delete(
    '/api/case-categories/:id',
    { schema: { tags, summary: '删除未使用的末级分类', params } },
    async (req, reply) => {
      await categories.remove(requirePrincipal(req), req.actor, Number(req.params.id));
      return reply.status(204).send();
    },
  );
};

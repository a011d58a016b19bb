/** Area tree, boundaries, map GeoJSON and point location (thin: schema, permission, one service call). */
import {
  areaDetail,
  areaIdParams,
  areaTreeResponse,
  boundaryBody,
  createAreaBody,
  featureCollection,
  geojsonQuery,
  locateQuery,
  locateResponse,
  moveAreaBody,
  updateAreaBody,
} from '@grassroots/shared/areas/areas.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, requirePrincipal } from '../../core/principal.js';
import { gridElementRoutes } from './grid-elements.routes.js';

const tags = ['areas'];
const ok = z.object({ ok: z.literal(true) });

export const areasRoutes: FastifyPluginAsyncZod = async (app) => {
  const { areas } = app.services;
  /** Any console user may read (in scope); residents and API keys may not. */
  const reader = (req: Parameters<typeof requirePrincipal>[0]) => requirePermission(req, 'console.access');
  const writer = (req: Parameters<typeof requirePrincipal>[0]) => requirePermission(req, 'areas.write');

  app.get(
    '/api/areas/tree',
    { schema: { tags, summary: '区域树（本人范围 + 只读上级）', response: { 200: areaTreeResponse } } },
    async (req) => ({ nodes: await areas.tree(reader(req)) }),
  );

  app.get(
    '/api/areas/locate',
    {
      schema: {
        tags,
        summary: '坐标定位网格（WGS-84）',
        querystring: locateQuery,
        response: { 200: locateResponse },
      },
    },
    async (req) => {
      requirePrincipal(req);
      return areas.locate(req.query.lng, req.query.lat);
    },
  );

  app.get(
    '/api/areas/geojson',
    {
      schema: {
        tags,
        summary: '区域边界 GeoJSON（地图）',
        querystring: geojsonQuery,
        response: { 200: featureCollection },
      },
    },
    async (req) => areas.geojson(reader(req), req.query.rootId ? Number(req.query.rootId) : undefined, req.query.kinds),
  );

  app.get(
    '/api/areas/:id',
    { schema: { tags, summary: '区域详情', params: areaIdParams, response: { 200: areaDetail } } },
    async (req) => areas.detail(reader(req), Number(req.params.id)),
  );

  app.post(
    '/api/areas',
    { schema: { tags, summary: '新增区域', body: createAreaBody, response: { 201: areaDetail } } },
    async (req, reply) => reply.status(201).send(await areas.create(writer(req), req.actor, req.body)),
  );

  app.patch(
    '/api/areas/:id',
    {
      schema: { tags, summary: '修改区域', params: areaIdParams, body: updateAreaBody, response: { 200: areaDetail } },
    },
    async (req) => areas.update(writer(req), req.actor, Number(req.params.id), req.body),
  );

  app.post(
    '/api/areas/:id/move',
    {
      schema: {
        tags,
        summary: '移动区域（整棵子树）',
        params: areaIdParams,
        body: moveAreaBody,
        response: { 200: areaDetail },
      },
    },
    async (req) => areas.move(writer(req), req.actor, Number(req.params.id), req.body),
  );

  app.delete(
    '/api/areas/:id',
    { schema: { tags, summary: '删除区域（仅空区域）', params: areaIdParams, response: { 200: ok } } },
    async (req) => {
      await areas.remove(writer(req), req.actor, Number(req.params.id));
      return { ok: true as const };
    },
  );

  app.put(
    '/api/areas/:id/boundary',
    {
      schema: {
        tags,
        summary: '上传边界（GeoJSON Polygon/MultiPolygon/Feature/FeatureCollection）',
        params: areaIdParams,
        body: boundaryBody,
        response: { 200: areaDetail },
      },
    },
    async (req) => areas.putBoundary(writer(req), req.actor, Number(req.params.id), req.body),
  );

  app.delete(
    '/api/areas/:id/boundary',
    { schema: { tags, summary: '删除边界', params: areaIdParams, response: { 200: areaDetail } } },
    async (req) => areas.deleteBoundary(writer(req), req.actor, Number(req.params.id)),
  );

  await app.register(gridElementRoutes);
};

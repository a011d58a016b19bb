/** Grid elements (网格要素): list per area, create/edit/delete, GeoJSON for the map. */
import {
  areaIdParams,
  elementsGeojsonQuery,
  featureCollection,
  gridElementBody,
  gridElementPage,
  gridElementsQuery,
  gridElementView,
  gridIdParams,
  updateGridElementBody,
} from '@grassroots/shared/areas/areas.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../core/principal.js';

const tags = ['grid-elements'];
const ok = z.object({ ok: z.literal(true) });

export const gridElementRoutes: FastifyPluginAsyncZod = async (app) => {
  const { elements } = app.services.areas;

  app.get(
    '/api/areas/elements.geojson',
    {
      schema: {
        tags,
        summary: '网格要素 GeoJSON（地图）',
        querystring: elementsGeojsonQuery,
        response: { 200: featureCollection },
      },
    },
    async (req) =>
      elements.geojson(
        requirePermission(req, 'console.access'),
        req.query.rootId ? Number(req.query.rootId) : undefined,
      ),
  );

  app.get(
    '/api/areas/:gridId/elements',
    {
      schema: {
        tags,
        summary: '网格要素列表（该区域及下级）',
        params: gridIdParams,
        querystring: gridElementsQuery,
        response: { 200: gridElementPage },
      },
    },
    async (req) => elements.list(requirePermission(req, 'console.access'), Number(req.params.gridId), req.query),
  );

  app.post(
    '/api/grid-elements',
    { schema: { tags, summary: '新增网格要素', body: gridElementBody, response: { 201: gridElementView } } },
    async (req, reply) =>
      reply.status(201).send(await elements.create(requirePermission(req, 'areas.write'), req.actor, req.body)),
  );

  app.patch(
    '/api/grid-elements/:id',
    {
      schema: {
        tags,
        summary: '修改网格要素',
        params: areaIdParams,
        body: updateGridElementBody,
        response: { 200: gridElementView },
      },
    },
    async (req) => elements.update(requirePermission(req, 'areas.write'), req.actor, Number(req.params.id), req.body),
  );

  app.delete(
    '/api/grid-elements/:id',
    { schema: { tags, summary: '删除网格要素', params: areaIdParams, response: { 200: ok } } },
    async (req) => {
      await elements.remove(requirePermission(req, 'areas.write'), req.actor, Number(req.params.id));
      return { ok: true as const };
    },
  );
};

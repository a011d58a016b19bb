/** /api/buildings and /api/rooms — thin routes: schema, permission, one service call. */
import { idParam } from '@grassroots/shared/common/ids';
import {
  buildingDetail,
  buildingListQuery,
  buildingPage,
  createBuildingBody,
  createRoomBody,
  generateRoomsBody,
  generateRoomsResult,
  okResponse,
  roomList,
  roomView,
  updateBuildingBody,
  updateRoomBody,
} from '@grassroots/shared/places/places.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../core/principal.js';

const params = z.object({ id: idParam });
const tags = ['places'];

export const buildingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { buildings, rooms } = app.services.places;

  app.get(
    '/api/buildings',
    { schema: { tags, summary: '楼栋列表', querystring: buildingListQuery, response: { 200: buildingPage } } },
    async (req) => buildings.list(requirePermission(req, 'console.access'), req.query),
  );

  app.get(
    '/api/buildings/:id',
    { schema: { tags, summary: '楼栋详情', params, response: { 200: buildingDetail } } },
    async (req) => buildings.get(requirePermission(req, 'console.access'), Number(req.params.id)),
  );

  app.post(
    '/api/buildings',
    { schema: { tags, summary: '新建楼栋', body: createBuildingBody, response: { 201: buildingDetail } } },
    async (req, reply) =>
      reply.status(201).send(await buildings.create(requirePermission(req, 'areas.write'), req.actor, req.body)),
  );

  app.patch(
    '/api/buildings/:id',
    { schema: { tags, summary: '修改楼栋', params, body: updateBuildingBody, response: { 200: buildingDetail } } },
    async (req) => buildings.update(requirePermission(req, 'areas.write'), req.actor, Number(req.params.id), req.body),
  );

  app.delete(
    '/api/buildings/:id',
    { schema: { tags, summary: '删除楼栋（无房间、无住户时）', params, response: { 200: okResponse } } },
    async (req) => {
      await buildings.delete(requirePermission(req, 'areas.write'), req.actor, Number(req.params.id));
      return { ok: true as const };
    },
  );

  app.get(
    '/api/buildings/:id/rooms',
    { schema: { tags, summary: '楼栋的全部房间', params, response: { 200: roomList } } },
    async (req) => rooms.list(requirePermission(req, 'console.access'), Number(req.params.id)),
  );

  app.post(
    '/api/buildings/:id/rooms/generate',
    {
      schema: {
        tags,
        summary: '批量生成房间（单元 × 楼层 × 每层户数，已有的跳过）',
        params,
        body: generateRoomsBody,
        response: { 200: generateRoomsResult },
      },
    },
    async (req) => rooms.generate(requirePermission(req, 'areas.write'), req.actor, Number(req.params.id), req.body),
  );

  app.post(
    '/api/buildings/:id/rooms',
    { schema: { tags, summary: '新增房间', params, body: createRoomBody, response: { 201: roomView } } },
    async (req, reply) =>
      reply
        .status(201)
        .send(await rooms.create(requirePermission(req, 'areas.write'), req.actor, Number(req.params.id), req.body)),
  );

  app.patch(
    '/api/rooms/:id',
    { schema: { tags, summary: '修改房间面积、业主', params, body: updateRoomBody, response: { 200: roomView } } },
    async (req) => rooms.update(requirePermission(req, 'areas.write'), req.actor, Number(req.params.id), req.body),
  );

  app.delete(
    '/api/rooms/:id',
    { schema: { tags, summary: '删除房间（无住户时）', params, response: { 200: okResponse } } },
    async (req) => {
      await rooms.delete(requirePermission(req, 'areas.write'), req.actor, Number(req.params.id));
      return { ok: true as const };
    },
  );
};

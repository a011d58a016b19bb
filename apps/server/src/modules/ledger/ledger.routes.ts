/**
 * All routes of the ledger module: persons, /api/ledger/* (households, counts, fields, requests) and the
 * resident's own data under /api/me/household. Thin: schema, permission, one service call.
 */

import { idParam } from '@grassroots/shared/common/ids';
import { shanghaiDayKey } from '@grassroots/shared/common/shanghai-time';
import {
  createLedgerFieldBody,
  createLedgerRequestBody,
  householdUnmaskBody,
  ledgerCounts,
  ledgerCountsQuery,
  ledgerFieldList,
  ledgerFieldListQuery,
  ledgerFieldView,
  ledgerHouseholdDetail,
  ledgerHouseholdDetailQuery,
  ledgerHouseholdPage,
  ledgerHouseholdQuery,
  ledgerRequestPage,
  ledgerRequestQuery,
  ledgerRequestView,
  myHouseholds,
  resolveLedgerRequestBody,
  unmaskResult,
  updateLedgerFieldBody,
  updateLedgerHouseholdBody,
} from '@grassroots/shared/ledger/ledger.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccount, requirePermission } from '../../core/principal.js';
import { personsRoutes } from './persons.routes.js';

const params = z.object({ id: idParam });
const tags = ['ledger'];
/** 'YYYYMMDD' of the Shanghai day, for the file name. */
const day = shanghaiDayKey;

const householdRoutes: FastifyPluginAsyncZod = async (app) => {
  const households = () => app.services.ledger.households;

  app.get(
    '/api/ledger/households',
    {
      schema: {
        tags,
        summary: '住户台账（敏感标签只显示数量）',
        querystring: ledgerHouseholdQuery,
        response: { 200: ledgerHouseholdPage },
      },
    },
    async (req) => households().list(requirePermission(req, 'ledger.read'), req.query),
  );
  app.get(
    '/api/ledger/households/:id',
    {
      schema: {
        tags,
        summary: '住户详情（成员、诉求、走访、包联党员）',
        params,
        querystring: ledgerHouseholdDetailQuery,
        response: { 200: ledgerHouseholdDetail },
      },
    },
    async (req) =>
      households().get(
        requirePermission(req, 'ledger.read'),
        Number(req.params.id),
        req.query.includeMovedOut === 'true',
      ),
  );
  app.patch(
    '/api/ledger/households/:id',
    {
      schema: {
        tags,
        summary: '修改住户台账信息（户主、电话、标签含敏感标签）',
        params,
        body: updateLedgerHouseholdBody,
        response: { 200: ledgerHouseholdDetail },
      },
    },
    async (req) =>
      households().update(requirePermission(req, 'ledger.write'), req.actor, Number(req.params.id), req.body),
  );
  app.post(
    '/api/ledger/households/:id/unmask',
    {
      schema: {
        tags,
        summary: '查看住户电话/敏感标签明文（须填写原因，记入审计日志）',
        params,
        body: householdUnmaskBody,
        response: { 200: unmaskResult },
      },
    },
    async (req) =>
      households().unmask(requirePermission(req, 'ledger.unmask'), req.actor, Number(req.params.id), req.body),
  );
  app.get(
    '/api/ledger/counts',
    {
      schema: {
        tags,
        summary: '按网格统计（标签/年龄段）',
        querystring: ledgerCountsQuery,
        response: { 200: ledgerCounts },
      },
    },
    async (req) => app.services.ledger.counts.counts(requirePermission(req, 'ledger.read'), req.query),
  );
};

const fieldRoutes: FastifyPluginAsyncZod = async (app) => {
  const fields = () => app.services.ledger.fields;
  app.get(
    '/api/ledger/fields',
    {
      schema: { tags, summary: '自定义字段', querystring: ledgerFieldListQuery, response: { 200: ledgerFieldList } },
    },
    async (req) => {
      requirePermission(req, 'ledger.read');
      return fields().list(req.query.includeInactive === 'true');
    },
  );
  app.post(
    '/api/ledger/fields',
    { schema: { tags, summary: '新增自定义字段', body: createLedgerFieldBody, response: { 201: ledgerFieldView } } },
    async (req, reply) => {
      requirePermission(req, 'ledgerFields.manage');
      return reply.status(201).send(await fields().create(req.actor, req.body));
    },
  );
  app.patch(
    '/api/ledger/fields/:id',
    {
      schema: {
        tags,
        summary: '修改自定义字段',
        params,
        body: updateLedgerFieldBody,
        response: { 200: ledgerFieldView },
      },
    },
    async (req) => {
      requirePermission(req, 'ledgerFields.manage');
      return fields().update(req.actor, Number(req.params.id), req.body);
    },
  );
};

const requestRoutes: FastifyPluginAsyncZod = async (app) => {
  const requests = () => app.services.ledger.requests;
  app.get(
    '/api/ledger/requests',
    {
      schema: {
        tags,
        summary: '居民信息更正/删除申请',
        querystring: ledgerRequestQuery,
        response: { 200: ledgerRequestPage },
      },
    },
    async (req) => requests().list(requirePermission(req, 'ledger.read'), req.query),
  );
  app.post(
    '/api/ledger/requests/:id/resolve',
    {
      schema: {
        tags,
        summary: '办理居民申请（删除申请办理完成即匿名化该人员）',
        params,
        body: resolveLedgerRequestBody,
        response: { 200: ledgerRequestView },
      },
    },
    async (req) =>
      requests().resolve(requirePermission(req, 'ledger.write'), req.actor, Number(req.params.id), req.body),
  );

  app.get(
    '/api/me/household',
    { schema: { tags: ['residents'], summary: '我的住户信息（已确认关联）', response: { 200: myHouseholds } } },
    async (req) => requests().myHouseholds(requireAccount(req)),
  );
  app.post(
    '/api/me/household/requests',
    {
      schema: {
        tags: ['residents'],
        summary: '申请更正或删除本户信息',
        body: createLedgerRequestBody,
        response: { 201: ledgerRequestView },
      },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req, reply) => reply.status(201).send(await requests().create(requireAccount(req), req.actor, req.body)),
  );
  app.get(
    '/api/me/household/export',
    { schema: { tags: ['residents'], summary: '下载本户在台账中的全部信息（JSON，记入审计日志）' } },
    async (req, reply) => {
      const data = await requests().export(requireAccount(req), req.actor);
      const d = day(app.ctx.clock.now());
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="my-household-${d}.json"; filename*=UTF-8''${encodeURIComponent(`本户信息-${d}.json`)}`,
        )
        .header('cache-control', 'no-store')
        .send(JSON.stringify(data, null, 2));
    },
  );
};

export const ledgerRoutes: FastifyPluginAsyncZod = async (app) => {
  await personsRoutes(app, {});
  await householdRoutes(app, {});
  await fieldRoutes(app, {});
  await requestRoutes(app, {});
};

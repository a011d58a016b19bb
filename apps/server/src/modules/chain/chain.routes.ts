/** Console routes of the five-level chain and the 包联 links. Thin: schema, permission, one service call. */
import { Permission } from '@grassroots/shared/auth/permissions';
import {
  addMemberBody,
  areaIdParams,
  chainView,
  communityLinkBody,
  communityLinkPage,
  communityLinksQuery,
  grantIdParams,
  householdGapPage,
  householdGapsQuery,
  householdLinkBody,
  householdLinkPage,
  householdLinksQuery,
  linkIdParams,
  patchMemberBody,
} from '@grassroots/shared/chain/chain.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../core/principal.js';
import { localeOf } from '../../plugins/errors.js';

const ok = z.object({ ok: z.literal(true) });
const created = z.object({ id: z.string() });
const num = (s: string | undefined) => (s == null ? undefined : Number(s));
const tags = ['chain'];

export const chainRoutes: FastifyPluginAsyncZod = async (app) => {
  const chain = () => app.services.chain;

  app.get(
    '/api/chain/areas/:areaId',
    {
      schema: { tags, summary: '区域五级网格责任链（亮身份）', params: areaIdParams, response: { 200: chainView } },
    },
    async (req) => {
      const p = requirePermission(req, Permission.consoleAccess);
      return chain().view(p, Number(req.params.areaId), localeOf(req));
    },
  );

  app.post(
    '/api/chain/areas/:areaId/members',
    {
      schema: {
        tags,
        summary: '添加责任人（按层级授予角色）',
        params: areaIdParams,
        body: addMemberBody,
        response: { 201: created },
      },
    },
    async (req, reply) => {
      const p = requirePermission(req, Permission.chainWrite);
      const res = await chain().addMember(p, req.actor, Number(req.params.areaId), req.body);
      return reply.status(201).send({ id: String(res.id) });
    },
  );

  app.patch(
    '/api/chain/members/:grantId',
    { schema: { tags, summary: '修改职责标签', params: grantIdParams, body: patchMemberBody, response: { 200: ok } } },
    async (req) => {
      const p = requirePermission(req, Permission.chainWrite);
      await chain().updateLabels(p, req.actor, Number(req.params.grantId), req.body.dutyLabels);
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/chain/members/:grantId',
    { schema: { tags, summary: '移除责任人', params: grantIdParams, response: { 200: ok } } },
    async (req) => {
      const p = requirePermission(req, Permission.chainWrite);
      await chain().removeMember(p, req.actor, Number(req.params.grantId));
      return { ok: true as const };
    },
  );

  app.get(
    '/api/chain/community-links',
    {
      schema: { tags, summary: '领导包联社区', querystring: communityLinksQuery, response: { 200: communityLinkPage } },
    },
    async (req) => {
      const p = requirePermission(req, Permission.consoleAccess);
      return chain().links.listCommunityLinks(p, { ...req.query, areaId: num(req.query.areaId) });
    },
  );

  app.post(
    '/api/chain/community-links',
    { schema: { tags, summary: '新增领导包联社区', body: communityLinkBody, response: { 201: created } } },
    async (req, reply) => {
      const p = requirePermission(req, Permission.chainWrite);
      const res = await chain().links.linkCommunity(p, req.actor, Number(req.body.accountId), Number(req.body.areaId));
      return reply.status(201).send(res);
    },
  );

  app.delete(
    '/api/chain/community-links/:id',
    { schema: { tags, summary: '取消领导包联社区', params: linkIdParams, response: { 200: ok } } },
    async (req) => {
      const p = requirePermission(req, Permission.chainWrite);
      await chain().links.unlinkCommunity(p, req.actor, Number(req.params.id));
      return { ok: true as const };
    },
  );

  app.get(
    '/api/chain/household-links',
    {
      schema: {
        tags,
        summary: '党员包联户（含无智能手机户缺口数）',
        querystring: householdLinksQuery,
        response: { 200: householdLinkPage },
      },
    },
    async (req) => {
      const p = requirePermission(req, Permission.consoleAccess);
      const q = req.query;
      return chain().links.listHouseholdLinks(p, { ...q, gridId: num(q.gridId), accountId: num(q.accountId) });
    },
  );

  app.get(
    '/api/chain/household-links/gaps',
    {
      schema: {
        tags,
        summary: '无人包联的无智能手机户',
        querystring: householdGapsQuery,
        response: { 200: householdGapPage },
      },
    },
    async (req) => {
      const p = requirePermission(req, Permission.consoleAccess);
      return chain().links.listGaps(p, { ...req.query, gridId: num(req.query.gridId) });
    },
  );

  app.post(
    '/api/chain/household-links',
    { schema: { tags, summary: '新增党员包联户', body: householdLinkBody, response: { 201: created } } },
    async (req, reply) => {
      const p = requirePermission(req, Permission.chainWrite);
      const { accountId, householdId } = req.body;
      const res = await chain().links.linkHousehold(p, req.actor, Number(accountId), Number(householdId));
      return reply.status(201).send(res);
    },
  );

  app.delete(
    '/api/chain/household-links/:id',
    { schema: { tags, summary: '取消党员包联户', params: linkIdParams, response: { 200: ok } } },
    async (req) => {
      const p = requirePermission(req, Permission.chainWrite);
      await chain().links.unlinkHousehold(p, req.actor, Number(req.params.id));
      return { ok: true as const };
    },
  );
};

/** Resident self-service (H5) and the staff confirmation queue. Thin: schema, permission, one service call. */
import { Permission } from '@grassroots/shared/auth/permissions';
import { pageQuery } from '@grassroots/shared/common/pagination';
import {
  decideBody,
  linkRequestBody,
  myHouseholdList,
  myLinkRequest,
  myLinkRequestPage,
  residentLinkIdParams,
  residentLinkPage,
  residentLinkStatuses,
  residentLinksQuery,
} from '@grassroots/shared/residents/residents.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccount, requirePermission } from '../../core/principal.js';

const decided = z.object({ ok: z.literal(true), status: z.enum(residentLinkStatuses) });
const tags = ['residents'];

export const residentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const residents = () => app.services.residents;

  app.post(
    '/api/residents/me/link-requests',
    {
      schema: { tags, summary: '申请关联住户', body: linkRequestBody, response: { 201: myLinkRequest } },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const p = requireAccount(req);
      return reply.status(201).send(await residents().requestLink(p.accountId, req.actor, req.body));
    },
  );

  app.get(
    '/api/residents/me/link-requests',
    { schema: { tags, summary: '我的关联申请', querystring: pageQuery, response: { 200: myLinkRequestPage } } },
    async (req) => residents().myRequests(requireAccount(req).accountId, req.query),
  );

  app.get(
    '/api/residents/me/households',
    { schema: { tags, summary: '我已关联的住户', response: { 200: myHouseholdList } } },
    async (req) => residents().myHouseholds(requireAccount(req).accountId),
  );

  app.get(
    '/api/resident-links',
    {
      schema: {
        tags,
        summary: '居民关联申请（待确认）',
        querystring: residentLinksQuery,
        response: { 200: residentLinkPage },
      },
    },
    async (req) => residents().listForStaff(requirePermission(req, Permission.residentLinksConfirm), req.query),
  );

  for (const [action, decision] of [
    ['confirm', 'confirmed'],
    ['reject', 'rejected'],
  ] as const) {
    app.post(
      `/api/resident-links/:id/${action}`,
      {
        schema: {
          tags,
          summary: action === 'confirm' ? '确认居民关联' : '驳回居民关联',
          params: residentLinkIdParams,
          body: decideBody,
          response: { 200: decided },
        },
      },
      async (req) => {
        const p = requirePermission(req, Permission.residentLinksConfirm);
        return residents().decide(p, req.actor, Number(req.params.id), decision, req.body.note);
      },
    );
  }
};

/** /api/accounts — thin routes: schema, caller, one service call (the service checks permission and scope). */
import {
  accountListQuery,
  accountPage,
  accountView,
  createAccountBody,
  createAccountResponse,
  grantInput,
  lookupQuery,
  lookupResponse,
  temporaryPasswordResponse,
  updateAccountBody,
  updateDutyLabelsBody,
} from '@grassroots/shared/accounts/accounts.schema';
import { idParam } from '@grassroots/shared/common/ids';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccount } from '../../core/principal.js';

const idParams = z.object({ id: idParam });
const grantParams = z.object({ id: idParam, grantId: idParam });
const ok = z.object({ ok: z.literal(true) });
const tags = ['accounts'];

export const accountsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { accounts } = app.services;

  app.get(
    '/api/accounts',
    { schema: { tags, summary: '账号列表', querystring: accountListQuery, response: { 200: accountPage } } },
    async (req) => accounts.list(requireAccount(req), req.query),
  );

  app.get(
    '/api/accounts/lookup',
    { schema: { tags, summary: '选人（范围内账号）', querystring: lookupQuery, response: { 200: lookupResponse } } },
    async (req) => {
      const rows = await accounts.lookup(requireAccount(req), req.query.q, req.query.limit);
      return { items: rows.map((r) => ({ ...r, id: String(r.id) })) };
    },
  );

  app.get(
    '/api/accounts/:id',
    { schema: { tags, summary: '账号详情', params: idParams, response: { 200: accountView } } },
    async (req) => accounts.get(requireAccount(req), Number(req.params.id)),
  );

  app.post(
    '/api/accounts',
    { schema: { tags, summary: '创建账号', body: createAccountBody, response: { 201: createAccountResponse } } },
    async (req, reply) => reply.status(201).send(await accounts.create(requireAccount(req), req.actor, req.body)),
  );

  app.patch(
    '/api/accounts/:id',
    {
      schema: { tags, summary: '修改账号', params: idParams, body: updateAccountBody, response: { 200: accountView } },
    },
    async (req) => accounts.update(requireAccount(req), req.actor, Number(req.params.id), req.body),
  );

  app.post(
    '/api/accounts/:id/disable',
    { schema: { tags, summary: '停用账号', params: idParams, response: { 200: accountView } } },
    async (req) => accounts.disable(requireAccount(req), req.actor, Number(req.params.id)),
  );

  app.post(
    '/api/accounts/:id/enable',
    { schema: { tags, summary: '启用账号', params: idParams, response: { 200: accountView } } },
    async (req) => accounts.enable(requireAccount(req), req.actor, Number(req.params.id)),
  );

  app.post(
    '/api/accounts/:id/reset-password',
    { schema: { tags, summary: '重置密码', params: idParams, response: { 200: temporaryPasswordResponse } } },
    async (req) => accounts.resetPassword(requireAccount(req), req.actor, Number(req.params.id)),
  );

  app.post(
    '/api/accounts/:id/grants',
    {
      schema: {
        tags,
        summary: '授予角色',
        params: idParams,
        body: grantInput,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const { role, areaId, orgId, dutyLabels } = req.body;
      const res = await accounts.addGrant(requireAccount(req), req.actor, {
        accountId: Number(req.params.id),
        role,
        areaId: areaId == null ? null : Number(areaId),
        orgId: orgId == null ? null : Number(orgId),
        dutyLabels,
      });
      return reply.status(201).send({ id: String(res.id) });
    },
  );

  app.patch(
    '/api/accounts/:id/grants/:grantId',
    {
      schema: { tags, summary: '修改岗位职责', params: grantParams, body: updateDutyLabelsBody, response: { 200: ok } },
    },
    async (req) => {
      const { id, grantId } = req.params;
      await accounts.updateDutyLabels(requireAccount(req), req.actor, Number(grantId), req.body.dutyLabels, Number(id));
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/accounts/:id/grants/:grantId',
    { schema: { tags, summary: '撤销角色', params: grantParams, response: { 200: ok } } },
    async (req) => {
      await accounts.removeGrant(requireAccount(req), req.actor, Number(req.params.grantId), Number(req.params.id));
      return { ok: true as const };
    },
  );
};

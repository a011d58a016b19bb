import { changePasswordBody, loginBody, meResponse, signupBody } from '@grassroots/shared/auth/auth.schema';
import type { Permission } from '@grassroots/shared/auth/permissions';
import { can, permissionRoles } from '@grassroots/shared/auth/permissions';
import { maskPhone } from '@grassroots/shared/privacy/masking';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccount } from '../../core/principal.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import type { NewSession } from './auth.service.js';

const ok = z.object({ ok: z.literal(true) });
const sessionOut = z.object({ csrfToken: z.string(), mustChangePassword: z.boolean() });

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { auth } = app.services;
  const setCookie = (req: FastifyRequest, reply: FastifyReply, s: NewSession) =>
    reply.setCookie(SESSION_COOKIE, s.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: req.protocol === 'https',
      expires: new Date(s.expiresAt),
    });

  app.post(
    '/api/auth/login',
    {
      schema: { tags: ['auth'], summary: '登录', body: loginBody, response: { 200: sessionOut } },
      config: { rateLimit: { max: app.ctx.config.loginIpPerMinute, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const s = await auth.login(req.body.username, req.body.password, req.actor, req.headers['user-agent'] ?? null);
      setCookie(req, reply, s);
      const must = await app.ctx.db.kysely
        .selectFrom('accounts')
        .select('mustChangePassword')
        .where('username', '=', req.body.username)
        .executeTakeFirstOrThrow();
      return { csrfToken: s.csrfToken, mustChangePassword: must.mustChangePassword === 1 };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录', response: { 200: ok } } },
    async (req, reply) => {
      const p = requireAccount(req);
      if (p.sessionId) await auth.logout(p.sessionId, req.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/password',
    { schema: { tags: ['auth'], summary: '修改密码', body: changePasswordBody, response: { 200: sessionOut } } },
    async (req, reply) => {
      const p = requireAccount(req);
      const s = await auth.changePassword(
        p.accountId,
        req.body.currentPassword,
        req.body.newPassword,
        req.actor,
        req.headers['user-agent'] ?? null,
      );
      setCookie(req, reply, s);
      return { csrfToken: s.csrfToken, mustChangePassword: false };
    },
  );

  app.post(
    '/api/auth/signup',
    {
      schema: { tags: ['auth'], summary: '居民注册（手机号 + 密码）', body: signupBody, response: { 201: sessionOut } },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const s = await auth.signup(req.body, req.actor, req.headers['user-agent'] ?? null);
      setCookie(req, reply, s);
      return reply.status(201).send({ csrfToken: s.csrfToken, mustChangePassword: false });
    },
  );

  app.get(
    '/api/me',
    { schema: { tags: ['auth'], summary: '当前账号、角色与数据范围', response: { 200: meResponse } } },
    async (req) => {
      const p = requireAccount(req);
      const k = app.ctx.db.kysely;
      const acc = await k.selectFrom('accounts').selectAll().where('id', '=', p.accountId).executeTakeFirstOrThrow();
      const names = await k
        .selectFrom('roleAssignments as r')
        .leftJoin('areas as a', 'a.id', 'r.areaId')
        .leftJoin('organisations as o', 'o.id', 'r.orgId')
        .select(['r.role', 'r.areaId', 'a.name as areaName', 'r.orgId', 'o.name as orgName'])
        .where('r.accountId', '=', p.accountId)
        .execute();
      const permissions = (Object.keys(permissionRoles) as Permission[]).filter((perm) => can(p.roles, perm));
      return {
        account: {
          id: String(acc.id),
          username: acc.username,
          displayName: acc.displayName,
          phoneMasked: acc.phoneEnc ? maskPhone(app.ctx.pii.decrypt(acc.phoneEnc)) : null,
          mustChangePassword: acc.mustChangePassword === 1,
        },
        roles: p.roles,
        grants: names.map((n) => ({
          role: n.role as (typeof p.roles)[number],
          areaId: n.areaId == null ? null : String(n.areaId),
          areaName: n.areaName ?? null,
          orgId: n.orgId == null ? null : String(n.orgId),
          orgName: n.orgName ?? null,
        })),
        permissions,
        scope: {
          areaPaths: p.scope.areaPaths,
          orgIds: p.scope.orgIds.map(String),
          accountId: String(p.accountId),
          householdIds: p.scope.householdIds.map(String),
        },
        csrfToken: p.csrfToken ?? '',
      };
    },
  );
};

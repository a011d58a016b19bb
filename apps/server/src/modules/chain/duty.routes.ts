/**
 * Public, no-login 亮身份 routes (a building's QR code opens them). GETs only — no session, no CSRF —
 * and rate-limited per IP because anyone on the internet can call them.
 */
import {
  publicBuildingParams,
  publicBuildingQuery,
  publicDuty,
  publicSearchQuery,
  publicSearchResult,
} from '@grassroots/shared/chain/chain.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { localeOf } from '../../plugins/errors.js';

const rateLimit = { max: 60, timeWindow: '1 minute' };
const tags = ['public'];

export const dutyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/public/duty/buildings/:code',
    {
      schema: {
        tags,
        summary: '楼栋亮身份（公开，免登录）',
        params: publicBuildingParams,
        querystring: publicBuildingQuery,
        response: { 200: publicDuty },
      },
      config: { rateLimit },
    },
    async (req) => app.services.chain.duty.building(req.params.code, req.query, localeOf(req)),
  );

  app.get(
    '/api/public/duty/search',
    {
      schema: {
        tags,
        summary: '按地址搜索楼栋（公开，免登录）',
        querystring: publicSearchQuery,
        response: { 200: publicSearchResult },
      },
      config: { rateLimit },
    },
    async (req) => app.services.chain.duty.search(req.query.q),
  );
};

/**
 * /api/live — the wall's server-sent events and today's headline. The stream is a hijacked raw response:
 * `retry:` first, an `event: ready` once this node hears the other nodes, then one event per happening in the
 * caller's areas (and `event: resync` when this node may have missed some: the wall refetches), and a comment every config.liveHeartbeatMs (15 s) so proxies and the browser keep (or notice a dead) socket.
 * A stream ends after MAX_STREAM_MS: the browser reconnects with its cookie, so a signed-out wall stops.
 */
import { Permission } from '@grassroots/shared/auth/permissions';
import { type LiveEvent, type LiveResync, liveAreaQuery, liveToday } from '@grassroots/shared/live/live.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePermission } from '../../core/principal.js';

const tags = ['live'];
const RETRY_MS = 3_000;
const MAX_STREAM_MS = 30 * 60_000;

const frame = (e: LiveEvent | LiveResync) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;

export const liveRoutes: FastifyPluginAsyncZod = async (app) => {
  const { live } = app.services;
  // Open streams would keep the server from closing: end them first, then stop listening.
  app.addHook('preClose', async () => {
    await live.close();
  });

  app.get(
    '/api/live/stream',
    {
      schema: {
        tags,
        summary: '大屏实时事件流（SSE：case.created / case.changed，按权限范围；无个人信息；resync：请重新获取）',
        querystring: liveAreaQuery,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const p = requirePermission(req, Permission.screenView);
      const paths = await live.areaPaths(p, req.query.areaId);
      const covers = (eventPaths: string[]) =>
        paths.includes('/') || eventPaths.some((x) => paths.some((mine) => x.startsWith(mine)));
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: ${RETRY_MS}\n: connected\n\n`);
      let open = true;
      const end = () => {
        if (!open) return;
        open = false;
        clearInterval(beat);
        clearTimeout(limit);
        unsubscribe();
        res.end();
      };
      const unsubscribe = live.hub.subscribe({
        covers,
        send: (e) => {
          if (open) res.write(frame(e));
        },
        end,
      });
      const beat = setInterval(() => res.write(': heartbeat\n\n'), app.ctx.config.liveHeartbeatMs);
      const limit = setTimeout(end, MAX_STREAM_MS);
      // The response's close (not the request's, which fires once a GET's empty body is read): client gone.
      res.on('close', end);
      res.on('error', end);
      const listening = await live.hub.listening();
      if (open) res.write(`event: ready\ndata: ${JSON.stringify({ at: new Date().toISOString(), listening })}\n\n`);
    },
  );

  app.get(
    '/api/live/today',
    {
      schema: {
        tags,
        summary: '大屏今日受理与结案（上海时间当天，按权限范围；最新诉求不含个人信息）',
        querystring: liveAreaQuery,
        response: { 200: liveToday },
      },
    },
    async (req) => live.today(requirePermission(req, Permission.screenView), req.query.areaId),
  );
};

/** The caller's own in-app notifications (accounts only; API keys have no inbox). */
import {
  notificationIdParams,
  notificationListQuery,
  notificationPage,
  notificationView,
  readAllResult,
  unreadCount,
} from '@grassroots/shared/notifications/notifications.schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAccount } from '../../core/principal.js';

export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { notifications } = app.services;
  const tags = ['notifications'];
  app.get(
    '/api/notifications',
    { schema: { tags, summary: '我的通知', querystring: notificationListQuery, response: { 200: notificationPage } } },
    async (req) => notifications.list(requireAccount(req), req.query),
  );
  app.get(
    '/api/notifications/unread-count',
    { schema: { tags, summary: '未读通知数', response: { 200: unreadCount } } },
    async (req) => notifications.unreadCount(requireAccount(req)),
  );
  app.post(
    '/api/notifications/:id/read',
    { schema: { tags, summary: '标为已读', params: notificationIdParams, response: { 200: notificationView } } },
    async (req) => notifications.markRead(requireAccount(req), Number(req.params.id)),
  );
  app.post(
    '/api/notifications/read-all',
    { schema: { tags, summary: '全部已读', response: { 200: readAllResult } } },
    async (req) => notifications.markAllRead(requireAccount(req)),
  );
};

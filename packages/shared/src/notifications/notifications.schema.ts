/** In-app notifications (the `in_app` rows of the outbox): list query, row and small answers. */
import { z } from 'zod';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';

export const notificationListQuery = pageQuery.extend({
  /** `true` lists only unread notifications. */
  unread: z.enum(['true', 'false']).optional(),
});
export type NotificationListQuery = z.infer<typeof notificationListQuery>;

export const notificationIdParams = z.object({ id: idParam });

export const notificationView = z.object({
  id: z.string(),
  topic: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  /** An in-app path to open (e.g. `/console/cases/12`). */
  link: z.string().nullable(),
  /** Set when the notification went to an organisation (seen by all its members) rather than one account. */
  orgId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;
export const notificationPage = pageOf(notificationView);
export type NotificationPage = z.infer<typeof notificationPage>;

export const unreadCount = z.object({ count: z.number().int() });
export type UnreadCount = z.infer<typeof unreadCount>;

export const readAllResult = z.object({ updated: z.number().int() });

/**
 * Notifications through the outbox. Other modules call `enqueue(trx, …)` inside their own transaction, so
 * a notification exists exactly when the change that caused it committed. An in-app row names an account,
 * or an organisation — then every account holding a grant on it sees the row, and its read mark is shared
 * (a team inbox: one member reading it clears it for the others).
 *
 * Marking as read is the reader's own inbox state, not a change to governed data, so it is not audited.
 */
import { AppError } from '@grassroots/shared/common/errors';
import type { NotificationListQuery, NotificationView } from '@grassroots/shared/notifications/notifications.schema';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../core/context.js';
import type { JobRunner } from '../../core/jobs.js';
import type { Principal } from '../../core/principal.js';
import type { Database } from '../../db/database.js';
import { DELIVER_JOB, type DeliveryOptions, deliverOutbox } from './notifications.delivery.js';
import { NotificationsRepository, type Recipient } from './notifications.repository.js';

export type NotificationChannel = 'in_app' | 'webhook';

export interface NewNotification {
  channel: NotificationChannel;
  accountId?: number | null;
  orgId?: number | null;
  topic: string;
  title: string;
  body?: string | null;
  link?: string | null;
  /** Free data for the receiver; a webhook row must carry `url`. */
  payload?: Record<string, unknown>;
}

const DELIVER_EVERY_MS = 30_000;

export class NotificationsService {
  private readonly repo: NotificationsRepository;
  /** Tests shorten the webhook timeout. */
  deliveryOptions: DeliveryOptions = {};

  constructor(
    private readonly ctx: AppContext,
    jobs: JobRunner,
  ) {
    this.repo = new NotificationsRepository(ctx.db.kysely);
    jobs.registerJob({
      name: DELIVER_JOB,
      intervalMs: DELIVER_EVERY_MS,
      run: (c, now) => deliverOutbox(c, now, this.deliveryOptions).then(() => undefined),
    });
  }

  /** Adds a row inside the caller's transaction; returns its id. Programming errors throw plain Errors. */
  async enqueue(trx: Kysely<Database>, n: NewNotification): Promise<number> {
    if (n.channel === 'in_app' && n.accountId == null && n.orgId == null)
      throw new Error('an in-app notification needs accountId or orgId');
    if (n.channel === 'webhook' && typeof n.payload?.url !== 'string')
      throw new Error('a webhook notification needs payload.url');
    const row = await trx
      .insertInto('outbox')
      .values({
        channel: n.channel,
        accountId: n.accountId ?? null,
        orgId: n.orgId ?? null,
        topic: n.topic,
        title: n.title.slice(0, 200),
        body: n.body ?? null,
        link: n.link ?? null,
        payload: JSON.stringify(n.payload ?? {}),
        createdAt: this.ctx.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async list(p: Principal, q: NotificationListQuery) {
    const { rows, total } = await this.repo.list(recipientOf(p), {
      unread: q.unread === 'true',
      page: q.page,
      pageSize: q.pageSize,
    });
    return { items: rows.map(toView), total, page: q.page, pageSize: q.pageSize };
  }

  async unreadCount(p: Principal) {
    return { count: await this.repo.countUnread(recipientOf(p)) };
  }

  /** Someone else's notification looks like a missing one (404). */
  async markRead(p: Principal, id: number): Promise<NotificationView> {
    const who = recipientOf(p);
    await this.repo.markRead(who, id, this.ctx.clock.now());
    const row = await this.repo.findVisible(who, id);
    if (!row) throw new AppError('NOT_FOUND');
    return toView(row);
  }

  async markAllRead(p: Principal) {
    return { updated: await this.repo.markAllRead(recipientOf(p), this.ctx.clock.now()) };
  }
}

function recipientOf(p: Principal): Recipient {
  if (p.kind !== 'account' || p.accountId == null) throw new AppError('FORBIDDEN');
  return { accountId: p.accountId, orgIds: p.scope.orgIds };
}

type Row = NonNullable<Awaited<ReturnType<NotificationsRepository['findVisible']>>>;

function toView(r: Row): NotificationView {
  let data: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(r.payload);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed;
  } catch {
    // A malformed payload is shown as empty rather than failing the whole list.
  }
  return {
    id: String(r.id),
    topic: r.topic,
    title: r.title,
    body: r.body,
    link: r.link,
    orgId: r.orgId == null ? null : String(r.orgId),
    data,
    createdAt: new Date(r.createdAt).toISOString(),
    readAt: r.readAt == null ? null : new Date(r.readAt).toISOString(),
  };
}

/** Kysely queries over `outbox`. A caller sees its own in-app rows and the in-app rows of its organisations. */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import type { Database } from '../../db/database.js';

export interface Recipient {
  accountId: number;
  /** Organisations the account holds a grant on (Scope.orgIds). */
  orgIds: number[];
}

/** Rows addressed to the account, or to one of its organisations with no single account named. */
function visibleTo(r: Recipient) {
  return (eb: ExpressionBuilder<Database, 'outbox'>) => {
    const mine = eb('outbox.accountId', '=', r.accountId);
    const ofOrgs = r.orgIds.length
      ? eb.and([eb('outbox.accountId', 'is', null), eb('outbox.orgId', 'in', r.orgIds)])
      : null;
    return eb.and([eb('outbox.channel', '=', 'in_app'), ofOrgs ? eb.or([mine, ofOrgs]) : mine]);
  };
}

const columns = [
  'id',
  'topic',
  'title',
  'body',
  'link',
  'orgId',
  'payload',
  'createdAt',
  'readAt',
] as const satisfies readonly (keyof Database['outbox'])[];

export class NotificationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(r: Recipient, q: { unread: boolean; page: number; pageSize: number }) {
    let filtered = this.db.selectFrom('outbox').where(visibleTo(r));
    if (q.unread) filtered = filtered.where('readAt', 'is', null);
    return fetchPage(filtered.select(columns).orderBy('createdAt', 'desc').orderBy('id', 'desc'), filtered, q);
  }

  async countUnread(r: Recipient) {
    const row = await this.db
      .selectFrom('outbox')
      .where(visibleTo(r))
      .where('readAt', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  findVisible(r: Recipient, id: number) {
    return this.db.selectFrom('outbox').where(visibleTo(r)).where('id', '=', id).select(columns).executeTakeFirst();
  }

  /** First read wins: an already-read row keeps its time. */
  async markRead(r: Recipient, id: number, now: number) {
    await this.db
      .updateTable('outbox')
      .set({ readAt: now })
      .where(visibleTo(r))
      .where('id', '=', id)
      .where('readAt', 'is', null)
      .execute();
  }

  async markAllRead(r: Recipient, now: number) {
    const res = await this.db
      .updateTable('outbox')
      .set({ readAt: now })
      .where(visibleTo(r))
      .where('readAt', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }
}

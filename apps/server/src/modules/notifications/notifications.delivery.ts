/**
 * The `outbox.deliver` job. In-app rows need no transport: they are marked delivered. Webhook rows are
 * POSTed as JSON to `payload.url` (5 s timeout); a 2xx marks the row delivered, anything else counts an
 * attempt and the row waits for its backoff. No transaction is held across an HTTP call.
 */
import type { AppContext } from '../../core/context.js';

export const DELIVER_JOB = 'outbox.deliver';
export const MAX_WEBHOOK_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 30_000;
const BATCH = 50;

/**
 * When attempt number `attempts` (0-based) may start, counted from the row's creation: 0, +30 s, +1.5 min,
 * +3.5 min … (30 s · (2^n − 1)) — derived from `attempts` alone, so the table needs no extra column.
 */
export const nextAttemptAt = (createdAt: number, attempts: number) => createdAt + BACKOFF_BASE_MS * (2 ** attempts - 1);

export interface DeliveryOptions {
  timeoutMs?: number;
}

export async function deliverOutbox(ctx: AppContext, now: number, opts: DeliveryOptions = {}) {
  const k = ctx.db.kysely;
  await k
    .updateTable('outbox')
    .set({ deliveredAt: now })
    .where('channel', '=', 'in_app')
    .where('deliveredAt', 'is', null)
    .execute();

  // Fewest attempts first, so rows still backing off do not starve fresh ones.
  const pending = await k
    .selectFrom('outbox')
    .select(['id', 'topic', 'title', 'body', 'link', 'payload', 'createdAt', 'attempts'])
    .where('channel', '=', 'webhook')
    .where('deliveredAt', 'is', null)
    .where('attempts', '<', MAX_WEBHOOK_ATTEMPTS)
    .orderBy('attempts')
    .orderBy('id')
    .limit(BATCH)
    .execute();
  let delivered = 0;
  for (const row of pending) {
    if (now < nextAttemptAt(row.createdAt, row.attempts)) continue;
    const ok = await postWebhook(row, opts.timeoutMs ?? 5_000);
    await k
      .updateTable('outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), ...(ok ? { deliveredAt: ctx.clock.now() } : {}) }))
      .where('id', '=', row.id)
      .where('deliveredAt', 'is', null)
      .execute();
    if (ok) delivered++;
  }
  return { delivered };
}

interface WebhookRow {
  id: number;
  topic: string;
  title: string;
  body: string | null;
  link: string | null;
  payload: string;
  createdAt: number;
}

async function postWebhook(row: WebhookRow, timeoutMs: number): Promise<boolean> {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(row.payload) as Record<string, unknown>;
  } catch {
    return false;
  }
  const { url, ...rest } = data;
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return false;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-grassroots-delivery': String(row.id) },
      body: JSON.stringify({
        id: String(row.id),
        topic: row.topic,
        title: row.title,
        body: row.body,
        link: row.link,
        createdAt: new Date(row.createdAt).toISOString(),
        data: rest,
      }),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return res.status >= 200 && res.status < 300;
  } catch {
    return false; // timeout, refused, DNS: an attempt that failed
  }
}

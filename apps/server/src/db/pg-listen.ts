/**
 * PostgreSQL LISTEN/NOTIFY for the live wall (reached only through dialect.ts `openFanout`): one dedicated
 * connection per node (opened by `start()`) LISTENs on a channel and hands every payload on; publishing is `pg_notify` through the
 * pool. The dedicated connection reconnects by itself (server restart, failover, pg_terminate_backend) with a
 * capped back-off, and `close()` ends it for good (tests open and close many apps).
 */
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const NOTIFY_MAX_BYTES = 7900;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

export interface Fanout {
  /** Opens the LISTEN connection (idempotent): only a node with subscribers needs to listen. */
  start(): void;
  /** Resolves once the channel is listened to (or after `waitMs`, whichever is first). */
  listening(waitMs?: number): Promise<boolean>;
  /** Sends each payload (each at most NOTIFY_MAX_BYTES) to every node, this one included; one round trip. */
  notify(payloads: string[]): Promise<void>;
  /** Calls `cb` whenever the channel is listened to again after the connection was lost (NOTIFYs meanwhile were missed). */
  onRelisten(cb: () => void): void;
  close(): Promise<void>;
}

export function openPgFanout(
  k: Kysely<Database>,
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  log: (message: string) => void = (m) => console.error(m),
): Fanout {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | null = null;
  let closed = false;
  let started = false;
  let isListening = false;
  let delay = RETRY_MIN_MS;
  let timer: NodeJS.Timeout | null = null;
  let waiters: (() => void)[] = [];
  let everListened = false;
  const relisten: (() => void)[] = [];

  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, RETRY_MAX_MS);
  };
  const lost = (c: pg.Client, why: string) => {
    if (client !== c) return; // an older connection reporting late
    client = null;
    isListening = false;
    c.removeAllListeners('notification');
    c.end().catch(() => undefined);
    if (!closed) log(`live: LISTEN connection lost (${why}); reconnecting`);
    retry();
  };
  async function connect() {
    if (closed) return;
    // Keep-alive: a connection dropped without a reset (failover, NAT) must end in 'error', or the wall goes quiet.
    const c = new pg.Client({ connectionString: url, keepAlive: true });
    client = c;
    c.on('error', (e) => lost(c, e.message));
    c.on('end', () => lost(c, 'ended'));
    c.on('notification', (m) => {
      if (m.channel === channel && m.payload) onMessage(m.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (client !== c || closed) return void c.end().catch(() => undefined);
      isListening = true;
      delay = RETRY_MIN_MS;
      for (const w of waiters) w();
      waiters = [];
      if (everListened) for (const cb of relisten) cb();
      everListened = true;
    } catch (e) {
      lost(c, (e as Error).message);
    }
  }
  return {
    start() {
      if (started || closed) return;
      started = true;
      void connect();
    },
    listening(waitMs = 3000) {
      if (isListening) return Promise.resolve(true);
      return new Promise((resolve) => {
        const waiter = () => {
          clearTimeout(t);
          resolve(true);
        };
        // A waiter that gave up leaves the list, so a long outage does not pile them up.
        const t = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          resolve(isListening);
        }, waitMs);
        waiters.push(waiter);
      });
    },
    onRelisten(cb) {
      relisten.push(cb);
    },
    async notify(payloads) {
      if (!payloads.length) return;
      await sql`select pg_notify(${channel}, p) from unnest(cast(${payloads} as text[])) as p`.execute(k);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      for (const w of waiters) w();
      waiters = [];
      const c = client;
      client = null;
      isListening = false;
      if (c) await c.end().catch(() => undefined);
    },
  };
}

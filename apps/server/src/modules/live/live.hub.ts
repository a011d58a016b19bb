/**
 * The in-process bus of live happenings, one per app instance (= one node). A happening published here reaches
 * this node's subscribers directly and, on PostgreSQL, every other node through NOTIFY (batched: at most one
 * round trip per FLUSH_MS, payloads kept under PostgreSQL's 8000-byte limit). A node ignores its own NOTIFYs,
 * so its subscribers get each happening exactly once. Publishing never blocks or fails the caller. When the LISTEN
 * connection comes back after a loss, this node's subscribers get a `resync`: what other nodes published in
 * between was never heard here.
 */
import { randomUUID } from 'node:crypto';
import type { LiveEvent, LiveResync } from '@grassroots/shared/live/live.schema';
import { type Db, openFanout } from '../../db/dialect.js';
import { type Fanout, NOTIFY_MAX_BYTES } from '../../db/pg-listen.js';

export const LIVE_CHANNEL = 'grassroots_live';
const FLUSH_MS = 20;

/** A happening and the area paths it belongs to (handling area, place) — the paths never leave the server. */
export interface Envelope {
  paths: string[];
  event: LiveEvent;
}

export interface Subscriber {
  covers(paths: string[]): boolean;
  send(event: LiveEvent | LiveResync): void;
  /** Ends the subscriber's stream (app closing). */
  end(): void;
}

/**
 * Splits envelopes into NOTIFY payloads `{ n: node, e: [...] }`, each under `max` bytes. Each envelope is
 * serialised once and the payload's size summed as it grows (serialising the growing batch for every envelope
 * made a flush quadratic in the happenings of its 20 ms).
 */
export function packPayloads(node: string, envs: Envelope[], max = NOTIFY_MAX_BYTES): string[] {
  const head = `{"n":${JSON.stringify(node)},"e":[`;
  const tail = ']}';
  const frame = Buffer.byteLength(head) + tail.length;
  const out: string[] = [];
  let batch: string[] = [];
  let bytes = frame;
  for (const env of envs) {
    const json = JSON.stringify(env);
    const size = Buffer.byteLength(json);
    if (frame + size > max) continue; // cannot be sent at all (never happens with our fields)
    if (batch.length && bytes + 1 + size > max) {
      out.push(head + batch.join(',') + tail);
      batch = [];
      bytes = frame;
    }
    bytes += (batch.length ? 1 : 0) + size;
    batch.push(json);
  }
  if (batch.length) out.push(head + batch.join(',') + tail);
  return out;
}

export class LiveHub {
  readonly nodeId = randomUUID();
  private subs = new Set<Subscriber>();
  private fanout: Fanout | null;
  private queue: Envelope[] = [];
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    db: Db,
    private log: (message: string) => void,
  ) {
    this.fanout = openFanout(db, LIVE_CHANNEL, (payload) => this.relay(payload));
    this.fanout?.onRelisten(() => this.resync());
  }

  private resync() {
    if (this.closed) return;
    this.log('live: listening again; walls asked to resync');
    const event: LiveResync = { type: 'resync', at: new Date().toISOString() };
    for (const s of this.subs) {
      try {
        s.send(event);
      } catch {
        // A broken socket is cleaned up by its own close handler.
      }
    }
  }

  /** Adds a subscriber; on PostgreSQL the first one starts LISTENing. Returns the unsubscribe function. */
  subscribe(s: Subscriber): () => void {
    // A stream opened while the server shuts down ends at once, or its socket would hold the close up.
    if (this.closed) {
      s.end();
      return () => {};
    }
    this.subs.add(s);
    this.fanout?.start();
    return () => {
      this.subs.delete(s);
    };
  }

  /** True once this node hears the other nodes (always on SQLite: there are none). */
  listening(waitMs?: number): Promise<boolean> {
    return this.fanout ? this.fanout.listening(waitMs) : Promise.resolve(true);
  }

  get subscriberCount() {
    return this.subs.size;
  }

  publish(env: Envelope) {
    if (this.closed) return;
    // Deliver after the caller's response is on its way: a wall's socket write is not the request's business.
    // With no wall open on this node (most of a busy intake's time) there is nothing to schedule.
    if (this.subs.size > 0) setImmediate(() => this.deliver([env]));
    if (!this.fanout) return;
    this.queue.push(env);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush() {
    this.timer = null;
    const envs = this.queue;
    this.queue = [];
    if (!this.fanout || !envs.length) return;
    this.fanout
      .notify(packPayloads(this.nodeId, envs))
      .catch((e: Error) => this.log(`live: NOTIFY failed (${e.message})`));
  }

  private relay(payload: string) {
    try {
      const msg = JSON.parse(payload) as { n?: string; e?: Envelope[] };
      if (msg.n === this.nodeId || !Array.isArray(msg.e)) return; // our own: already delivered in process
      this.deliver(msg.e);
    } catch {
      this.log('live: unreadable NOTIFY payload ignored');
    }
  }

  private deliver(envs: Envelope[]) {
    for (const s of this.subs)
      for (const env of envs) {
        try {
          if (s.covers(env.paths)) s.send(env.event);
        } catch {
          // A broken socket is cleaned up by its own close handler; others must still get the event.
        }
      }
  }

  async close() {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const s of [...this.subs]) s.end();
    this.subs.clear();
    await this.fanout?.close();
  }
}

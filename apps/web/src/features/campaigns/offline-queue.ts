/**
 * Visits waiting on the phone (待上传). Every visit is queued first and sent from the queue, so a network that
 * drops mid-request loses nothing: the item stays until the server answers. Each item carries the clientRef
 * made once when the visit form opened, and the server stores a clientRef once — resending is always safe.
 *
 * Outcome of a send: 2xx (201 new, 200 already stored) → removed. No answer (network), 5xx, 401 (signed out:
 * sent after the next login), 408, 429 → kept for the next try. Any other 4xx (closed campaign, household no
 * longer yours, bad answers) will never succeed → removed and listed as failed with the server's message.
 *
 * Pure over a Storage-like object and a send function, so it is tested without a browser.
 */
import type { VisitBody } from '@grassroots/shared/campaigns/campaigns.schema';

export interface QueuedVisit {
  campaignId: string;
  /** What the list shows while it waits. */
  address: string;
  body: VisitBody & { clientRef: string; householdId: string };
  queuedAt: number;
  attempts: number;
  lastError?: string;
}

export interface FailedVisit {
  clientRef: string;
  campaignId: string;
  address: string;
  message: string;
  at: number;
}

export interface QueueState {
  items: QueuedVisit[];
  failed: FailedVisit[];
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** What a failed send means for the item. */
export type SendVerdict = 'retry' | { rejected: string };

/** Reads an error thrown by `send` (an ApiError-like { status, message }). */
export function verdictOf(e: unknown): SendVerdict {
  const status = typeof (e as { status?: unknown })?.status === 'number' ? (e as { status: number }).status : 0;
  const message = e instanceof Error ? e.message : String(e);
  if (status === 0 || status >= 500 || status === 401 || status === 408 || status === 429) return 'retry';
  return { rejected: message };
}

const empty = (): QueueState => ({ items: [], failed: [] });

export interface FlushResult {
  sent: number;
  rejected: number;
  kept: number;
}

export class VisitQueue {
  private state: QueueState;
  private listeners = new Set<() => void>();
  private running: Promise<FlushResult> | null = null;

  constructor(
    private readonly storage: StorageLike,
    private readonly key: string,
    private readonly send: (item: QueuedVisit) => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {
    this.state = this.load();
  }

  private load(): QueueState {
    try {
      const raw = this.storage.getItem(this.key);
      const v = raw ? (JSON.parse(raw) as Partial<QueueState>) : {};
      return { items: Array.isArray(v.items) ? v.items : [], failed: Array.isArray(v.failed) ? v.failed : [] };
    } catch {
      return empty();
    }
  }

  private set(next: QueueState) {
    this.state = next;
    try {
      this.storage.setItem(this.key, JSON.stringify(next));
    } catch {
      // Storage full or blocked: the queue still lives in memory until the page closes.
    }
    for (const l of this.listeners) l();
  }

  /** For useSyncExternalStore: a stable object until something changes. */
  snapshot = (): QueueState => this.state;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Adds a visit (once per clientRef: a double tap on save queues it once). */
  enqueue(item: Omit<QueuedVisit, 'queuedAt' | 'attempts'>) {
    if (this.state.items.some((i) => i.body.clientRef === item.body.clientRef)) return;
    this.set({ ...this.state, items: [...this.state.items, { ...item, queuedAt: this.now(), attempts: 0 }] });
  }

  dismissFailed(clientRef: string) {
    this.set({ ...this.state, failed: this.state.failed.filter((f) => f.clientRef !== clientRef) });
  }

  /** Sends the waiting visits in order; one flush at a time (a second call joins the running one). */
  flush(): Promise<FlushResult> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, rejected: 0, kept: 0 };
    const tried = new Set<string>();
    // Re-reads the queue each turn: a visit saved while this flush runs is sent by it too.
    for (;;) {
      const item = this.state.items.find((i) => !tried.has(i.body.clientRef));
      if (!item) return result;
      const ref = item.body.clientRef;
      tried.add(ref);
      try {
        await this.send(item);
        this.set({ ...this.state, items: this.state.items.filter((i) => i.body.clientRef !== ref) });
        result.sent++;
      } catch (e) {
        const verdict = verdictOf(e);
        if (verdict === 'retry') {
          const message = e instanceof Error ? e.message : String(e);
          const items = this.state.items.map((i) =>
            i.body.clientRef === ref ? { ...i, attempts: i.attempts + 1, lastError: message } : i,
          );
          this.set({ ...this.state, items });
          // No network (or a server in trouble): the rest would fail the same way; try again later.
          return { ...result, kept: items.length };
        }
        const failed: FailedVisit = {
          clientRef: ref,
          campaignId: item.campaignId,
          address: item.address,
          message: verdict.rejected,
          at: this.now(),
        };
        this.set({
          items: this.state.items.filter((i) => i.body.clientRef !== ref),
          failed: [...this.state.failed, failed],
        });
        result.rejected++;
      }
    }
  }
}

/**
 * The phone's visit queue in React: one VisitQueue per account (in localStorage, so a reload or a closed tab
 * keeps what waits), sent on page load, whenever the browser comes back online, and every minute while
 * something waits (a server that answered 5xx gets another chance).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { campaignKeys } from './api';
import { type QueuedVisit, type StorageLike, VisitQueue } from './offline-queue';

const RETRY_EVERY_MS = 60_000;
const queues = new Map<string, VisitQueue>();

function storage(): StorageLike {
  try {
    return window.localStorage;
  } catch {
    const m = new Map<string, string>();
    return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
  }
}

const send = (item: QueuedVisit) => api.post(`/api/campaigns/${item.campaignId}/visits`, item.body);

export function visitQueueFor(accountId: string): VisitQueue {
  let q = queues.get(accountId);
  if (!q) {
    q = new VisitQueue(storage(), `grassroots.visitQueue.${accountId}`, send);
    queues.set(accountId, q);
  }
  return q;
}

export function useVisitQueue() {
  const { data: me } = useMe();
  const queue = visitQueueFor(me?.account.id ?? 'anonymous');
  const state = useSyncExternalStore(queue.subscribe, queue.snapshot);
  return { queue, state };
}

const subscribeOnline = (cb: () => void) => {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
};

/** navigator.onLine, live. */
export const useOnline = () => useSyncExternalStore(subscribeOnline, () => navigator.onLine);

/** Mount on the campaign phone pages: drains the queue now, on 'online', and periodically while items wait. */
export function useVisitQueueSync() {
  const { queue, state } = useVisitQueue();
  const qc = useQueryClient();
  const waiting = state.items.length > 0;
  useEffect(() => {
    const run = () => {
      if (!navigator.onLine) return;
      void queue.flush().then((r) => {
        if (r.sent || r.rejected) void qc.invalidateQueries({ queryKey: campaignKeys.all });
      });
    };
    run();
    window.addEventListener('online', run);
    const timer = waiting ? window.setInterval(run, RETRY_EVERY_MS) : undefined;
    return () => {
      window.removeEventListener('online', run);
      if (timer) window.clearInterval(timer);
    };
  }, [queue, qc, waiting]);
}

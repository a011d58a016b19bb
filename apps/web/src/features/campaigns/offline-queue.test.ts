import { describe, expect, it } from 'vitest';
import { type QueuedVisit, type StorageLike, VisitQueue, verdictOf } from './offline-queue';

class MemoryStorage implements StorageLike {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
}

const apiError = (status: number, message = `HTTP ${status}`) => Object.assign(new Error(message), { status });

const visit = (ref: string, address = `地址${ref}`) => ({
  campaignId: '7',
  address,
  body: {
    clientRef: ref,
    householdId: '3',
    outcome: 'visited' as const,
    answers: {},
    visitedAt: '2026-01-05T08:00:00.000Z',
  },
});

function setup(answers: ((item: QueuedVisit) => Promise<unknown>)[] = []) {
  const storage = new MemoryStorage();
  const sent: string[] = [];
  let call = 0;
  const send = async (item: QueuedVisit) => {
    sent.push(item.body.clientRef);
    const answer = answers[call++];
    return answer ? answer(item) : {};
  };
  return { storage, sent, queue: new VisitQueue(storage, 'q', send, () => 1000) };
}

describe('verdictOf', () => {
  it('keeps visits on network errors, 5xx, 401, 408, 429; rejects other 4xx with the message', () => {
    for (const s of [0, 500, 502, 401, 408, 429]) expect(verdictOf(apiError(s))).toBe('retry');
    expect(verdictOf(new TypeError('Failed to fetch'))).toBe('retry');
    expect(verdictOf(apiError(409, '该摸排任务未开始或已结束'))).toEqual({ rejected: '该摸排任务未开始或已结束' });
    expect(verdictOf(apiError(404))).toEqual({ rejected: 'HTTP 404' });
    expect(verdictOf(apiError(400))).toEqual({ rejected: 'HTTP 400' });
  });
});

describe('VisitQueue', () => {
  it('queues once per clientRef and survives a reload (storage)', () => {
    const { storage, queue } = setup();
    queue.enqueue(visit('a'));
    queue.enqueue(visit('a'));
    queue.enqueue(visit('b'));
    expect(queue.snapshot().items.map((i) => i.body.clientRef)).toEqual(['a', 'b']);
    const again = new VisitQueue(storage, 'q', async () => ({}));
    expect(again.snapshot().items.map((i) => [i.body.clientRef, i.queuedAt, i.attempts])).toEqual([
      ['a', 1000, 0],
      ['b', 1000, 0],
    ]);
  });

  it('offline: keeps every visit and stops at the first network error; online: drains in order', async () => {
    const net = async () => {
      throw apiError(0, '网络连接失败');
    };
    const { queue, sent } = setup([net]);
    queue.enqueue(visit('a'));
    queue.enqueue(visit('b'));
    expect(await queue.flush()).toEqual({ sent: 0, rejected: 0, kept: 2 });
    expect(sent).toEqual(['a']);
    expect(queue.snapshot().items.map((i) => [i.body.clientRef, i.attempts, i.lastError])).toEqual([
      ['a', 1, '网络连接失败'],
      ['b', 0, undefined],
    ]);
    expect(await queue.flush()).toEqual({ sent: 2, rejected: 0, kept: 0 });
    expect(sent).toEqual(['a', 'a', 'b']);
    expect(queue.snapshot()).toEqual({ items: [], failed: [] });
  });

  it('a 4xx removes the visit and lists it as failed; the next ones still go', async () => {
    const closed = async () => {
      throw apiError(409, '该摸排任务未开始或已结束');
    };
    const { queue } = setup([closed]);
    queue.enqueue(visit('a', '1号楼101'));
    queue.enqueue(visit('b'));
    expect(await queue.flush()).toEqual({ sent: 1, rejected: 1, kept: 0 });
    expect(queue.snapshot().failed).toEqual([
      { clientRef: 'a', campaignId: '7', address: '1号楼101', message: '该摸排任务未开始或已结束', at: 1000 },
    ]);
    queue.dismissFailed('a');
    expect(queue.snapshot().failed).toEqual([]);
  });

  it('one flush at a time: a second call joins the running one, nothing is sent twice', async () => {
    let release: () => void = () => {};
    const slow = () => new Promise<void>((r) => (release = r));
    const { queue, sent } = setup([slow]);
    queue.enqueue(visit('a'));
    const first = queue.flush();
    const second = queue.flush();
    expect(second).toBe(first);
    release();
    expect(await first).toEqual({ sent: 1, rejected: 0, kept: 0 });
    expect(sent).toEqual(['a']);
  });

  it('a visit saved while a flush runs is sent by that flush', async () => {
    let release: () => void = () => {};
    const slow = () => new Promise<void>((r) => (release = r));
    const { queue, sent } = setup([slow]);
    queue.enqueue(visit('a'));
    const running = queue.flush();
    queue.enqueue(visit('b'));
    release();
    expect(await running).toEqual({ sent: 2, rejected: 0, kept: 0 });
    expect(sent).toEqual(['a', 'b']);
  });

  it('tells subscribers about changes and keeps a stable snapshot otherwise', () => {
    const { queue } = setup();
    let calls = 0;
    const off = queue.subscribe(() => calls++);
    const before = queue.snapshot();
    expect(queue.snapshot()).toBe(before);
    queue.enqueue(visit('a'));
    expect(calls).toBe(1);
    expect(queue.snapshot()).not.toBe(before);
    off();
    queue.enqueue(visit('b'));
    expect(calls).toBe(1);
  });

  it('a broken stored value starts an empty queue', () => {
    const storage = new MemoryStorage();
    storage.setItem('q', '{not json');
    expect(new VisitQueue(storage, 'q', async () => ({})).snapshot()).toEqual({ items: [], failed: [] });
  });
});

/**
 * The reader thread of a large import (started by `readInWorker`): runs `readRows` and posts its batches, at most
 * `ahead` of them not yet taken by the main thread. While it must wait for the main thread, it encodes rows of
 * the batch in hand (a slice at a time, looking for the main thread's go-ahead in between).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '@grassroots/shared/common/errors';
import { createPii } from '../../core/pii.js';
import { encodeRows, type ReaderMessage, readRows, type WorkerData } from './ledger-import.read.js';

/** Rows encoded between two looks at the main thread's messages (~2 ms of work). */
const SLICE = 50;

const data = workerData as WorkerData & { ahead: number };
const port = parentPort as NonNullable<typeof parentPort>;
let credit = data.ahead;
let wake: (() => void) | null = null;
port.on('message', () => {
  credit++;
  wake?.();
});
const post = (m: ReaderMessage) => port.postMessage(m);

const pii = createPii(Buffer.from(data.key));
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

try {
  for await (const batch of readRows(data, pii)) {
    for (let next = 0; credit === 0 && next < batch.rows.length; await turn())
      next = encodeRows(pii, batch.rows, next, SLICE);
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    post({ batch });
  }
  post({ end: true });
} catch (e) {
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  try {
    post({ error: e instanceof AppError ? { code: e.code, details: e.details, message } : { message } });
  } catch {
    post({ error: e instanceof AppError ? { code: e.code, message } : { message } }); // details not cloneable
  }
}

/**
 * The reader thread of a large import (started by `readInWorker`): runs `readRows` and posts its batches, at most
 * `ahead` of them not yet taken by the main thread. It encodes the rows of each batch as new persons — a slice at
 * a time, looking at the main thread's messages in between — unless the main thread has taken every batch posted:
 * then it hands the batch over as it is, and the main thread encodes the rest. The same row costs the main thread
 * about twice as much (its heap is larger, so its garbage collection dearer), so it only encodes to avoid idling.
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
    // `credit === ahead`: the main thread holds no batch — it is waiting for this one.
    for (let next = 0; credit < data.ahead && next < batch.rows.length; await turn())
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

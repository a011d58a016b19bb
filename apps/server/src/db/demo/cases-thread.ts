/**
 * The thread that simulates a large load's cases (cases-produce.ts) while the loader's thread writes them: it
 * posts each batch and runs at most IN_FLIGHT batches ahead of the writer, which answers 'more' for each batch
 * written (so a slow database bounds the memory, not the simulation). Ends with 'done'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ProduceInput, produceCases } from './cases-produce.js';

const IN_FLIGHT = 2;
const port = parentPort;
if (!port) throw new Error('cases-thread runs as a worker thread');

let credits = IN_FLIGHT;
let wake: (() => void) | null = null;
port.on('message', (m) => {
  if (m !== 'more') return;
  credits++;
  wake?.();
  wake = null;
});

await produceCases(workerData as ProduceInput, async (batch) => {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  port.postMessage(batch);
});
port.postMessage('done');
port.close();

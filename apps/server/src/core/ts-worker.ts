/**
 * A worker thread running one of our TypeScript modules. The server runs its sources through tsx, and a thread
 * does not inherit the loader of the thread that starts it (nor does one started under Vitest get Vitest's), so
 * the thread registers tsx itself before importing the module.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

let tsxApi: string | undefined;

/** tsx's ESM API module (`tsx/esm/api` as `import` resolves it: require() would give its CommonJS build). */
function tsxEsmApi() {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } } | undefined>;
  };
  const entry = pkg.exports?.['./esm/api']?.import?.default;
  if (!entry || !existsSync(join(dirname(manifest), entry)))
    throw new Error(`${manifest}: no ESM entry for tsx/esm/api, so no thread can load TypeScript`);
  return pathToFileURL(join(dirname(manifest), entry)).href;
}

/**
 * `maxHeapMb` bounds the thread's heap: running out ends that thread (an 'error'), not the process. `youngMb`, the
 * young generation: a thread making many short-lived objects (rows, strings) collects them less often in a bigger
 * one, and fewer of them survive into the old generation only because a collection came too soon.
 */
export function startTsWorker(module: URL, workerData: unknown, maxHeapMb = 256, youngMb?: number): Worker {
  tsxApi ??= tsxEsmApi();
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); })`;
  const resourceLimits = {
    maxOldGenerationSizeMb: maxHeapMb,
    ...(youngMb ? { maxYoungGenerationSizeMb: youngMb } : {}),
  };
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

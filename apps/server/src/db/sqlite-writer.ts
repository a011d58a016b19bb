/**
 * The SQLite writer thread: a second connection to the database, in a worker thread, that runs a list of
 * statements as one transaction. better-sqlite3 is synchronous, so on the main thread a transaction's statements
 * and its COMMIT stop the event loop for as long as SQLite works; intake's batches spent about 40 % of the main
 * thread there (bench/README.md, intake, session 15). Handed to this thread, that work runs on another core
 * while the event loop parses, checks and answers the next requests.
 *
 * The thread only executes: it knows no table and no rule. The caller's statements must carry their own
 * conditions (cases.intake-statement.ts), and the driver (sqlite-driver.ts) holds its own connection's lease
 * while the thread writes, so the two connections never wait on each other's write lock.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CompiledQuery, QueryResult } from 'kysely';

/** The thread (CommonJS, evaluated): BEGIN IMMEDIATE, the statements, COMMIT — or ROLLBACK and the error. */
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
// Never a new, empty file in its place (moved or deleted under the server): the thread then fails instead.
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('temp_store = MEMORY');
db.pragma('wal_autocheckpoint = ' + workerData.checkpointPages);
const cache = new Map();
const texts = [];
const prepare = (text) => {
  let s = cache.get(text);
  if (!s) {
    s = db.prepare(text);
    cache.set(text, s);
    if (cache.size > 500) cache.delete(cache.keys().next().value);
  }
  return s;
};
parentPort.on('message', (m) => {
  if (m === 'stop') return (db.close(), parentPort.close());
  try {
    prepare('begin immediate').run();
    const results = m.map(({ t, sql, parameters }) => {
      if (sql !== undefined) texts[t] = sql;
      const s = prepare(texts[t]);
      if (s.reader) return { rows: s.all(parameters) };
      const r = s.run(parameters);
      return { rows: [], numAffectedRows: BigInt(r.changes), insertId: BigInt(r.lastInsertRowid) };
    });
    prepare('commit').run();
    parentPort.postMessage({ results });
  } catch (e) {
    if (db.inTransaction) prepare('rollback').run();
    parentPort.postMessage({ error: { message: String(e && e.message), code: e && e.code } });
  }
});
`;

/** Statement texts numbered at a time (intake's batches have a few hundred shapes). */
const MAX_TEXTS = 1000;

interface Reply {
  results?: QueryResult<unknown>[];
  error?: { message: string; code?: string };
}

export class SqliteWriter {
  private readonly worker: Worker;
  private readonly exited: Promise<unknown>;
  /** Transactions sent, answered in order. */
  private readonly pending: { resolve(r: QueryResult<unknown>[]): void; reject(e: unknown): void }[] = [];
  private failure: Error | null = null;
  private stopping = false;
  /** Statement texts by number: each is sent to the thread once, then named by its number (cheaper to post). */
  private readonly texts = new Map<string, number>();

  constructor(file: string, checkpointPages: number) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WRITER, { eval: true, workerData: { module, file, checkpointPages } });
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.on('message', (m: Reply) => this.answer(m));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.once('exit', () => this.fail(new Error('sqlite writer thread ended')));
  }

  /** Whether the thread still takes work (it stops on an error of its own, not of a statement). */
  get alive() {
    return this.failure === null;
  }

  /** `queries` as one transaction: each one's result, or the first error (the transaction rolled back). */
  run(queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.worker.postMessage(queries.map((q) => this.message(q)));
    });
  }

  private message(q: CompiledQuery) {
    const known = this.texts.get(q.sql);
    if (known !== undefined) return { t: known, parameters: q.parameters };
    // Bounded: numbering starts again, and each number is sent with its new text before it names it.
    if (this.texts.size >= MAX_TEXTS) this.texts.clear();
    const t = this.texts.size;
    this.texts.set(q.sql, t);
    return { t, sql: q.sql, parameters: q.parameters };
  }

  /** Closes the thread's connection once the transactions sent are done. */
  async stop() {
    this.stopping = true;
    // Referenced again while we wait: an unref'd thread does not keep Node alive (see the checkpointer's stop).
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }

  private answer(m: Reply) {
    const p = this.pending.shift();
    if (!p) return;
    if (m.results) p.resolve(m.results);
    else p.reject(Object.assign(new Error(m.error?.message ?? 'sqlite writer failed'), { code: m.error?.code }));
  }

  private fail(e: Error) {
    if (!this.failure && !this.stopping) console.error('sqlite writer thread:', e);
    this.failure ??= e;
    for (const p of this.pending.splice(0)) p.reject(e);
  }
}

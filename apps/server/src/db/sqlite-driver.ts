/**
 * The SQLite driver of the app (Kysely's own, plus two things a server under load needs):
 *
 * - Prepared statements are reused (`cachingStatements`): Kysely prepares every query anew, and compiling SQL
 *   costs as much as running a simple statement.
 * - Group commit. SQLite has one connection, so transactions already run one after the other; but each COMMIT
 *   appends every page it changed to the WAL, and successive cases change the same pages (the tails of the
 *   indexes, the search terms' leaves). So a transaction's work is kept in an enclosing transaction: each
 *   transaction of the app runs inside a SAVEPOINT of it (its rollback undoes only its own work), and ONE
 *   COMMIT makes the group durable — at the end of the current turn of the event loop (setImmediate), so the
 *   requests that arrived together commit together, or at once when the group is big or old enough.
 *   Until that COMMIT, each transaction's `commit` has not returned: nobody is told "done" before it is.
 *   The transaction that opens a group runs bare, without a SAVEPOINT: nothing else is in the group yet, so its
 *   rollback is the group's ROLLBACK. That matters for big transactions (a ledger import's commit): inside a
 *   SAVEPOINT, SQLite copies every page it first changes into a sub-journal — measured 2.4 s → 6.0 s for
 *   100,000 person rows.
 *   A query outside any transaction first commits the open group, so no answer is built on work that could
 *   still be lost. If the COMMIT fails, every transaction of the group fails — a constraint checked only at
 *   COMMIT (DEFERRABLE foreign keys) would fail its neighbours too; the schema has none.
 * - Checkpoints off the event loop. A COMMIT that fills the WAL past `wal_autocheckpoint` pages copies them into
 *   the database file and syncs it, in the middle of a request (tens of milliseconds on a busy disk). Once a
 *   database has taken CHECKPOINTER_AFTER commits (a server, not a test), a worker thread with its own connection
 *   runs PASSIVE checkpoints (they never block the writer) every CHECKPOINT_EVERY_MS, and the connection's own
 *   automatic checkpoint stays only as a backstop at BACKSTOP_PAGES. Durability is unchanged: a commit is
 *   in the WAL either way, and synchronous = NORMAL syncs the WAL before each checkpoint.
 *   A bulk write (an import's staging, a load) starts the thread at once: a group that changed BULK_ROWS rows.
 *   And the COMMIT of a group that changed BIG_ROWS rows leaves its checkpoint to the thread, backstop and all:
 *   inline, copying its tens of megabytes of WAL into the database file takes about as long again as writing
 *   them (measured: 100,000 persons rows, COMMIT 0.77 s → 0.30 s).
 *   Only one connection may change the journal mode (a bulk loader leaves WAL mode for its one big transaction):
 *   `pragma journal_mode = …` first closes the thread, and outside WAL mode none starts.
 * - Writes off the event loop (`writeOffThread`, sqlite-writer.ts). From the same point on (WRITER_AFTER commits)
 *   a second thread with its own connection runs the transactions the app hands it as lists of statements
 *   (intake's batches); the connection here is leased to it meanwhile. The journal-mode rule above closes it too.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, SelectQueryNode } from 'kysely';
import { SqliteWriter } from './sqlite-writer.js';

/** Statements kept per database: the app's query shapes are a few hundred; dynamic IN-lists come and go. */
const STATEMENT_CACHE_SIZE = 500;
/** A group commits after this many transactions or this many milliseconds, even with callers waiting. */
const MAX_GROUP = 64;
const MAX_GROUP_MS = 10;
const SAVEPOINT = 'app_tx';
const CHECKPOINTER_AFTER = 1000;
/** The writer thread starts, like the checkpointer, once a database has taken this many commits (a server). */
const WRITER_AFTER = CHECKPOINTER_AFTER;
const CHECKPOINT_EVERY_MS = 100;
const BACKSTOP_PAGES = 10_000;
const BULK_ROWS = 1000;
const BIG_ROWS = 10_000;

/** A statement that sets the journal mode. */
const JOURNAL_MODE = /^\s*pragma\s+(main\.)?journal_mode\s*=/i;

/** The checkpointer thread (CommonJS, evaluated): its own connection, a PASSIVE checkpoint per tick. */
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = NORMAL');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const tick = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'now') return (checkpoint(), parentPort.postMessage('done'));
  clearInterval(tick); db.close(); parentPort.close();
});
`;

/**
 * `prepare(sql)` answered from a bounded LRU (a Map in use order). A better-sqlite3 Statement is reset before each
 * run, so it can serve every call with the same text; one still being iterated is busy, then a fresh one is made.
 */
export function cachingStatements(database: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return (text: string): SQLite.Statement => {
    const hit = cache.get(text);
    if (hit && !hit.busy) {
      cache.delete(text);
      cache.set(text, hit);
      return hit;
    }
    const stmt = database.prepare(text);
    if (hit) return stmt;
    cache.set(text, stmt);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return stmt;
  };
}

interface Group {
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
  startedAt: number;
  /** The connection's total_changes() when the group began. */
  changes: number;
}

/**
 * A statement run once for each of `parameterSets`, in one call: for bulk writes, re-running a prepared one-row
 * INSERT costs SQLite about a quarter less than one multi-row VALUES statement (measured: 100k persons rows with
 * their five indexes, 1.7 s against 2.2 s) — and each run's rowid comes back, so no RETURNING is needed.
 * Answers `{ id }` rows, the rowid each run inserted, in order — null for a run that inserted nothing (OR IGNORE,
 * ON CONFLICT DO NOTHING); meaningful only for a rowid table (an INTEGER PRIMARY KEY id), not a WITHOUT ROWID one. Outside a transaction the batch is all or
 * nothing; inside one, a run that fails leaves the batch's earlier runs to the transaction's rollback (no
 * SAVEPOINT: it would copy every page the batch changes into a sub-journal).
 */
export interface BatchQuery extends CompiledQuery {
  readonly parameterSets: readonly (readonly unknown[])[];
}

export const batchQuery = (text: string, parameterSets: readonly (readonly unknown[])[]): BatchQuery => ({
  ...CompiledQuery.raw(text, []),
  parameterSets,
});

/** One lease of the connection; Kysely acquires, uses and releases it. */
class Lease implements DatabaseConnection {
  inTransaction = false;
  released = false;
  constructor(private driver: GroupCommitSqliteDriver) {}
  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    if (JOURNAL_MODE.test(q.sql)) return this.driver.changeJournalMode<R>(this, q);
    return Promise.resolve(this.driver.run<R>(this, q));
  }
  async *streamQuery<R>(q: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(q.query)) throw new Error('Sqlite driver only supports streaming of select queries');
    for (const row of this.driver.iterate(this, q)) yield { rows: [row as R] };
  }
}

export class GroupCommitSqliteDriver implements Driver {
  private readonly prepare: (text: string) => SQLite.Statement;
  private locked = false;
  private readonly waiting: (() => void)[] = [];
  private group: Group | null = null;
  private commitScheduled = false;
  /** The running transaction of the app: the group's first (bare) or a later one (in a SAVEPOINT), or none. */
  private running: 'bare' | 'savepoint' | null = null;
  private commits = 0;
  /** Big COMMITs whose checkpoint the thread has yet to run (holdCheckpoints). */
  private held = 0;
  private checkpointer: { worker: Worker; exited: Promise<unknown> } | null = null;
  private writer: SqliteWriter | null = null;
  /** The writer thread's turn on the connection (writerTurn): its lease, and the transactions it is running. */
  private turn: { lease: Lease; running: number } | null = null;

  constructor(private readonly db: SQLite.Database) {
    this.prepare = cachingStatements(db);
  }

  async init() {}

  /** FIFO: the releasing lease hands the connection straight to the longest waiting caller. */
  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.locked) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.locked = true;
    return new Lease(this);
  }

  async releaseConnection(c: DatabaseConnection) {
    const lease = c as Lease;
    if (lease.released) return;
    lease.released = true;
    this.handOver();
    // After a rollback the enclosing transaction may hold nothing (or only earlier transactions): end it too.
    if (this.group) this.scheduleCommit();
  }

  async beginTransaction(c: DatabaseConnection) {
    if (this.group) {
      this.exec(`savepoint ${SAVEPOINT}`);
      this.running = 'savepoint';
    } else {
      this.exec('begin');
      this.group = { waiters: [], startedAt: performance.now(), changes: this.totalChanges() };
      this.running = 'bare';
    }
    (c as Lease).inTransaction = true;
  }

  commitTransaction(c: DatabaseConnection): Promise<void> {
    const lease = c as Lease;
    if (this.running === 'savepoint') this.exec(`release ${SAVEPOINT}`);
    this.running = null;
    lease.inTransaction = false;
    const g = this.group as Group;
    const done = new Promise<void>((resolve, reject) => g.waiters.push({ resolve, reject }));
    if (g.waiters.length >= MAX_GROUP || performance.now() - g.startedAt >= MAX_GROUP_MS) this.commitGroup();
    else {
      // Let the next caller in; this transaction is done when the group commits.
      lease.released = true;
      this.handOver();
      this.scheduleCommit();
    }
    return done;
  }

  /** Commits the open group once this turn of the event loop is over, unless a caller holds the connection
   * then: its transaction joins the group and schedules again; a plain query commits the group first. */
  private scheduleCommit() {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    setImmediate(() => {
      this.commitScheduled = false;
      if (this.group && !this.locked) this.commitGroup();
    });
  }

  async rollbackTransaction(c: DatabaseConnection) {
    const lease = c as Lease;
    if (!lease.inTransaction) return; // its group's COMMIT failed: nothing left to undo
    lease.inTransaction = false;
    const running = this.running;
    this.running = null;
    if (!this.db.inTransaction) return this.failGroup(new Error('transaction rolled back by SQLite'));
    this.undo(running);
  }

  /** Undoes the running transaction: a bare one is its whole group (it has no waiters yet). */
  private undo(running: 'bare' | 'savepoint' | null) {
    if (running === 'bare') {
      this.exec('rollback');
      this.group = null;
    } else if (running === 'savepoint') {
      this.exec(`rollback to ${SAVEPOINT}`);
      this.exec(`release ${SAVEPOINT}`);
    }
  }

  /** Closing: the group's finished transactions are committed; one still running is rolled back. */
  async destroy() {
    if (this.running && this.db.inTransaction) this.undo(this.running);
    this.running = null;
    if (this.group) this.commitGroup();
    await this.stopWriter();
    await this.stopCheckpointer();
    this.db.close();
  }

  /**
   * A journal mode is changed (out of WAL or into it) only by the one connection to the database: the
   * checkpointer thread's is closed first. Outside WAL mode none starts (startCheckpointer); back in it, the next
   * bulk write starts one again.
   */
  async changeJournalMode<R>(lease: Lease, q: CompiledQuery): Promise<QueryResult<R>> {
    await this.stopWriter();
    await this.stopCheckpointer();
    return this.run<R>(lease, q);
  }

  private async stopCheckpointer() {
    const cp = this.checkpointer;
    this.checkpointer = null;
    if (!cp) return;
    // Referenced again while we wait: an unref'd thread does not keep Node alive, and a process with nothing
    // else to do would end right here, before the rest of its shutdown (a benchmark lost its report so).
    cp.worker.ref();
    cp.worker.postMessage('stop');
    await cp.exited;
    // Without the thread the connection's own checkpoints take over again (also any held for it).
    const ours = this.db.open && this.ownsCheckpoints();
    this.held = 0;
    if (ours) this.db.pragma('wal_autocheckpoint = 1000');
  }

  private startCheckpointer() {
    if (this.db.memory || this.db.pragma('journal_mode', { simple: true }) !== 'wal') return;
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(CHECKPOINTER, {
      eval: true,
      workerData: { module, file: this.db.name, everyMs: CHECKPOINT_EVERY_MS },
    });
    worker.unref();
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    // Without the thread (it failed), the connection's own checkpoints take over again.
    worker.on('message', () => this.releaseCheckpoints());
    worker.on('error', (e) => {
      console.error('sqlite checkpointer:', e);
      this.held = 0;
      if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
    });
    this.checkpointer = { worker, exited };
    this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  }

  /**
   * `queries` as one transaction on the writer thread (sqlite-writer.ts), off the event loop — or null when the
   * thread does not run (not yet a server, an in-memory database, outside WAL mode): the caller then writes them
   * itself. While the thread writes, this connection is leased to it: the app's other queries wait their turn as
   * they wait for a transaction's, so neither connection ever waits on the other's write lock (on the main thread
   * SQLite's busy handler would sleep, stopping the event loop), and no transaction here reads across the
   * thread's COMMIT.
   */
  writeOffThread(queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> | null {
    if (!this.writer && this.commits >= WRITER_AFTER) this.startWriter();
    const writer = this.writer;
    if (!writer?.alive) return null;
    return this.writerTurn().then(async (turn) => {
      try {
        return await writer.run(queries);
      } finally {
        if (--turn.running === 0) {
          this.turn = null;
          await this.releaseConnection(turn.lease);
        }
      }
    });
  }

  /**
   * The writer thread's turn on the connection. Transactions sent while it runs join it, so the thread always has
   * the next one at hand — unless a caller waits for the connection: then they queue behind that caller, who
   * must not starve.
   */
  private async writerTurn() {
    if (this.turn && this.waiting.length === 0) {
      this.turn.running++;
      return this.turn;
    }
    const lease = (await this.acquireConnection()) as Lease;
    // Its transactions must be durable before anything written after them.
    if (this.group) this.commitGroup();
    this.turn = { lease, running: 1 };
    return this.turn;
  }

  /** Starts the writer thread now, whatever the commits so far (tests); false where none can run. */
  startWriter(): boolean {
    // A thread that failed is not started again (its error was reported); its work is done here meanwhile.
    if (this.writer) return this.writer.alive;
    if (this.db.memory || this.db.pragma('journal_mode', { simple: true }) !== 'wal') return false;
    this.writer = new SqliteWriter(this.db.name, BACKSTOP_PAGES);
    // Its commits count in no checkpoint of this connection's: the thread copies the WAL.
    if (!this.checkpointer) this.startCheckpointer();
    return true;
  }

  private async stopWriter() {
    const writer = this.writer;
    this.writer = null;
    await writer?.stop();
  }

  /** Kysely's statement execution, with the group rules around it. */
  run<R>(lease: Lease, q: CompiledQuery): QueryResult<R> {
    if (!lease.inTransaction && this.group) this.commitGroup();
    try {
      const stmt = this.prepare(q.sql);
      if ('parameterSets' in q) return { rows: this.runBatch(stmt, (q as BatchQuery).parameterSets) as R[] };
      if (stmt.reader) return { rows: stmt.all(q.parameters) as R[] };
      const { changes, lastInsertRowid } = stmt.run(q.parameters);
      return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
    } catch (e) {
      // Some errors (disk full, I/O) make SQLite roll back the whole enclosing transaction.
      if (this.group && !this.db.inTransaction) this.failGroup(e);
      throw e;
    }
  }

  /** Outside a transaction a batch is one, like the multi-row statement it replaces (not 1 commit per row). */
  private runBatch(stmt: SQLite.Statement, sets: readonly (readonly unknown[])[]) {
    const own = !this.db.inTransaction;
    if (own) this.exec('begin');
    try {
      const rows = sets.map((p) => {
        const r = stmt.run(p);
        return { id: r.changes === 1 ? Number(r.lastInsertRowid) : null };
      });
      if (own) {
        this.exec('commit');
        if (++this.commits === CHECKPOINTER_AFTER && !this.checkpointer) this.startCheckpointer();
      }
      return rows;
    } catch (e) {
      if (own && this.db.inTransaction) this.exec('rollback');
      throw e;
    }
  }

  iterate(lease: Lease, q: CompiledQuery) {
    if (!lease.inTransaction && this.group) this.commitGroup();
    return this.prepare(q.sql).iterate(q.parameters);
  }

  private exec(text: string) {
    this.prepare(text).run();
  }

  private handOver() {
    const next = this.waiting.shift();
    if (next) next();
    else this.locked = false;
  }

  private commitGroup() {
    const g = this.group as Group;
    this.group = null;
    const changed = this.totalChanges() - g.changes;
    const ours = changed >= BULK_ROWS && this.ownsCheckpoints();
    if (ours && !this.checkpointer) this.startCheckpointer();
    const big = ours && changed >= BIG_ROWS && this.checkpointer !== null;
    if (big) this.holdCheckpoints();
    try {
      this.exec('commit');
    } catch (e) {
      if (this.db.inTransaction) this.exec('rollback');
      for (const w of g.waiters) w.reject(e);
      return;
    } finally {
      if (big) this.checkpointer?.worker.postMessage('now');
    }
    for (const w of g.waiters) w.resolve();
    if (++this.commits === CHECKPOINTER_AFTER && !this.checkpointer) this.startCheckpointer();
  }

  private totalChanges() {
    return (this.prepare('select total_changes() as n').get() as { n: number }).n;
  }

  /**
   * Whether the connection's automatic checkpoint is the driver's to change: SQLite's default or the backstop,
   * or held by the driver. A bulk loader that set its own (cases-load.ts) keeps it, and no thread copies its WAL.
   */
  private ownsCheckpoints() {
    const pages = this.db.pragma('wal_autocheckpoint', { simple: true });
    return this.held > 0 || pages === 1000 || pages === BACKSTOP_PAGES;
  }

  /** No inline checkpoint until the thread answers the 'now' sent after the COMMIT (then the backstop again). */
  private holdCheckpoints() {
    if (this.held++ === 0) this.db.pragma('wal_autocheckpoint = 0');
  }

  private releaseCheckpoints() {
    if (this.held === 0 || --this.held > 0 || !this.db.open) return;
    try {
      this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    } catch {
      // The connection is busy (a query being streamed): try again shortly.
      this.held++;
      setTimeout(() => this.releaseCheckpoints(), 50).unref();
    }
  }

  private failGroup(e: unknown) {
    const g = this.group;
    this.group = null;
    for (const w of g?.waiters ?? []) w.reject(e);
  }
}

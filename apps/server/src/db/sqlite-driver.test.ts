/**
 * The SQLite driver's group commit (sqlite-driver.ts). A second, read-only connection to the same file sees only
 * what is committed, so it tells whether a transaction was durable when its `execute` returned. SQLite only: the
 * file runs in both test projects but opens its own SQLite database.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Db, openDb, startSqliteWriter, writeTogether } from './dialect.js';
import { batchQuery } from './sqlite-driver.js';

let dir: string;
let db: Db;
let other: SQLite.Database;
const k = () => db.kysely;
const committed = (v: string) => (other.prepare('select count(*) as n from t where v = ?').get(v) as { n: number }).n;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intake-perf-driver-'));
  db = openDb({ sqliteFile: join(dir, 'x.db') });
  await sql`create table t (id integer primary key, v text not null)`.execute(k());
  await sql`create table p (id integer primary key)`.execute(k());
  // A deferred foreign key is checked at COMMIT only: the way to make a group's COMMIT fail in a test.
  await sql`create table c (id integer primary key, p_id integer references p(id) deferrable initially deferred)`.execute(
    k(),
  );
  other = new SQLite(join(dir, 'x.db'), { readonly: true });
});
afterAll(async () => {
  other.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (v: string) =>
  k()
    .transaction()
    .execute(async (trx) => {
      await sql`insert into t (v) values (${v})`.execute(trx);
      return v;
    });

describe('group commit', () => {
  it('a transaction is committed for every other connection when its execute returns', async () => {
    const seen = await Promise.all(Array.from({ length: 20 }, (_, i) => insert(`a${i}`).then((v) => committed(v))));
    expect(seen).toEqual(Array(20).fill(1));
  });

  it('commits transactions that queue for the connection together', async () => {
    // The first one's commit finds 19 callers waiting, so it waits for the group: when it returns, all are durable.
    // A group also closes once MAX_GROUP_MS have passed, which a loaded machine can reach within 20 tiny
    // transactions; the driver's clock (performance.now) stands still here, so only queueing decides the group.
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const all = Array.from({ length: 20 }, (_, i) => insert(`g${i}`));
      await all[0];
      expect(Array.from({ length: 20 }, (_, i) => committed(`g${i}`))).toEqual(Array(20).fill(1));
      await Promise.all(all);
    } finally {
      vi.useRealTimers();
    }
  });

  it('closes a group that is MAX_GROUP_MS old even with callers still queued', async () => {
    // The other side of the rule above: when time runs out mid-group, the earlier ones commit without the rest.
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const all = Array.from({ length: 20 }, (_, i) =>
        k()
          .transaction()
          .execute(async (trx) => {
            await sql`insert into t (v) values (${`m${i}`})`.execute(trx);
            if (i === 4) vi.advanceTimersByTime(11);
          }),
      );
      await all[0];
      expect(Array.from({ length: 20 }, (_, i) => committed(`m${i}`))).toEqual([
        ...Array(5).fill(1),
        ...Array(15).fill(0),
      ]);
      await Promise.all(all);
      expect(Array.from({ length: 20 }, (_, i) => committed(`m${i}`))).toEqual(Array(20).fill(1));
    } finally {
      vi.useRealTimers();
    }
  });

  it('a failing transaction undoes only its own work, not its group neighbours’', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        k()
          .transaction()
          .execute(async (trx) => {
            await sql`insert into t (v) values (${`f${i}`})`.execute(trx);
            if (i === 4) throw new Error('boom');
          }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      ...Array(4).fill('fulfilled'),
      'rejected',
      ...Array(5).fill('fulfilled'),
    ]);
    expect(Array.from({ length: 10 }, (_, i) => committed(`f${i}`))).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1, 1]);
  });

  it('the transaction that opens a group (it runs without a SAVEPOINT) fails alone; the queue goes on', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        k()
          .transaction()
          .execute(async (trx) => {
            await sql`insert into t (v) values (${`o${i}`})`.execute(trx);
            if (i === 0 || i === 3) throw new Error('boom');
          }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(Array.from({ length: 6 }, (_, i) => committed(`o${i}`))).toEqual([0, 1, 1, 0, 1, 1]);
  });

  it('a query outside any transaction first commits the group it finds open', async () => {
    const trx = insert('q1');
    const plain = sql`insert into t (v) values ('q2')`.execute(k());
    await plain;
    expect([committed('q1'), committed('q2')]).toEqual([1, 1]);
    await trx;
  });

  it('when the group COMMIT fails, every transaction of the group fails; the database goes on', async () => {
    const good = insert('c-good');
    const bad = k()
      .transaction()
      .execute(async (trx) => {
        await sql`insert into c (p_id) values (999)`.execute(trx);
      });
    const results = await Promise.allSettled([good, bad]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(committed('c-good')).toBe(0);
    await insert('after');
    expect(committed('after')).toBe(1);
  });

  it('reuses prepared statements and still runs them with new parameters', async () => {
    for (const v of ['s1', 's2', 's3']) await sql`insert into t (v) values (${v})`.execute(k());
    const r = await sql<{ v: string }>`select v from t where v in ('s1', 's2', 's3') order by v`.execute(k());
    expect(r.rows.map((x) => x.v)).toEqual(['s1', 's2', 's3']);
  });
});

describe('batch queries (one prepared row re-run per parameter set)', () => {
  const batch = (vs: (string | null)[]) =>
    k().executeQuery(
      batchQuery(
        'insert into t (v) values (?)',
        vs.map((v) => [v]),
      ),
    );

  it('answer the ids of their rows in order', async () => {
    const { rows } = await batch(['b1', 'b2', 'b3']);
    const stored = other.prepare("select id, v from t where v like 'b%' order by id").all();
    expect(rows).toEqual(stored.map((r) => ({ id: (r as { id: number }).id })));
    expect(stored.map((r) => (r as { v: string }).v)).toEqual(['b1', 'b2', 'b3']);
  });

  it('answer a null id for a run that inserted nothing', async () => {
    const q = batchQuery('insert or ignore into p (id) values (?)', [[901], [901], [902]]);
    expect((await k().executeQuery(q)).rows).toEqual([{ id: 901 }, { id: null }, { id: 902 }]);
  });

  it('outside a transaction are all or nothing, as one statement would be', async () => {
    await expect(batch(['n1', null, 'n3'])).rejects.toThrow(/NOT NULL/);
    expect(committed('n1') + committed('n3')).toBe(0);
    await insert('n4');
    expect(committed('n4')).toBe(1);
  });

  it('inside a transaction are undone by its rollback', async () => {
    await expect(
      k()
        .transaction()
        .execute(async (trx) => {
          await trx.executeQuery(batchQuery('insert into t (v) values (?)', [['r1'], ['r2']]));
          throw new Error('undo');
        }),
    ).rejects.toThrow('undo');
    expect(committed('r1') + committed('r2')).toBe(0);
  });
});

describe('group commit, alone', () => {
  it('a rolled-back transaction leaves no transaction open behind it', async () => {
    await expect(
      k()
        .transaction()
        .execute(async (trx) => {
          await sql`insert into t (v) values ('r1')`.execute(trx);
          throw new Error('no');
        }),
    ).rejects.toThrow('no');
    await new Promise((resolve) => setImmediate(resolve));
    // An enclosing transaction left open would still hold the write lock: another writer could not begin.
    const writer = new SQLite(join(dir, 'x.db'), { timeout: 0 });
    try {
      expect(() => writer.prepare('begin immediate').run()).not.toThrow();
      writer.prepare('rollback').run();
    } finally {
      writer.close();
    }
    expect(committed('r1')).toBe(0);
  });
});

describe('background checkpoints', () => {
  it('after its first thousand commits a database is checkpointed by a worker thread: the WAL stays short', async () => {
    const file = join(dir, 'cp.db');
    const cp = openDb({ sqliteFile: file });
    await sql`create table b (id integer primary key, v blob not null)`.execute(cp.kysely);
    const write = (n: number) =>
      Promise.all(
        Array.from({ length: n }, () =>
          cp.kysely.transaction().execute((trx) => sql`insert into b (v) values (randomblob(3000))`.execute(trx)),
        ),
      );
    // One at a time: a thousand separate commits start the checkpointer (and raise the inline backstop).
    for (let i = 0; i < 1000; i++) await write(1);
    for (let i = 0; i < 15; i++) {
      await write(400); // ~ 400 pages a round
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    // 6,000 pages written since: inline checkpoints would only start at 10,000 pages (~40 MB of WAL).
    expect(statSync(`${file}-wal`).size).toBeLessThan(12 * 1024 * 1024);
    await cp.close();
  }, 60_000);

  const autocheckpoint = async (d: Db) =>
    Number(Object.values((await sql.raw('pragma wal_autocheckpoint').execute(d.kysely)).rows[0] ?? {})[0]);
  const until = async (what: () => Promise<boolean> | boolean) => {
    for (const started = Date.now(); !(await what()); ) {
      if (Date.now() - started > 10_000) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const bigWrite = (d: Db) =>
    d.kysely.transaction().execute((trx) =>
      sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 12000)
        insert into b (v) select randomblob(1000) from n`.execute(trx),
    );

  it('a bulk write starts the thread at once, and its big COMMIT leaves the copy of its WAL to the thread', async () => {
    const file = join(dir, 'bulk.db');
    const cp = openDb({ sqliteFile: file });
    await sql`create table b (id integer primary key, v blob not null)`.execute(cp.kysely);
    expect(await autocheckpoint(cp)).toBe(1000); // SQLite's default: no thread yet
    await bigWrite(cp);
    // The thread checkpoints the ~12 MB of WAL into the database file, then the backstop is set again.
    await until(async () => (await autocheckpoint(cp)) === 10_000);
    await until(() => statSync(file).size > 10 * 1024 * 1024);
    await cp.close();
  }, 60_000);

  it('leaves alone an automatic checkpoint that a bulk loader set for itself', async () => {
    const cp = openDb({ sqliteFile: join(dir, 'loader.db') });
    await sql`create table b (id integer primary key, v blob not null)`.execute(cp.kysely);
    await sql`pragma wal_autocheckpoint = 100000`.execute(cp.kysely);
    await bigWrite(cp);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await autocheckpoint(cp)).toBe(100_000);
    await cp.close();
  }, 60_000);

  it('a change of journal mode closes the checkpointer thread first; none runs outside WAL mode', async () => {
    const cp = openDb({ sqliteFile: join(dir, 'journal.db') });
    const journal = async (to: string) =>
      Object.values((await sql.raw(`pragma journal_mode = ${to}`).execute(cp.kysely)).rows[0] ?? {})[0];
    await sql`create table b (id integer primary key, v blob not null)`.execute(cp.kysely);
    await bigWrite(cp);
    await until(async () => (await autocheckpoint(cp)) === 10_000); // the thread runs, its connection open
    // Out of WAL mode only the one connection may go: SQLITE_BUSY had the thread's stayed open.
    expect(await journal('delete')).toBe('delete');
    expect(await autocheckpoint(cp)).toBe(1000); // the connection's own checkpoints again
    await bigWrite(cp);
    expect(await autocheckpoint(cp)).toBe(1000); // no thread started
    expect(await journal('wal')).toBe('wal');
    await bigWrite(cp);
    await until(async () => (await autocheckpoint(cp)) === 10_000); // a bulk write starts one again
    await cp.close();
  }, 60_000);

  it('closing waits for the checkpointer thread even when nothing else keeps the process alive', () => {
    const fixture = fileURLToPath(new URL('../../test/fixtures/close-with-checkpointer.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', fixture], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect([r.status, r.stdout.trim()]).toEqual([0, 'closed']);
  }, 60_000);
});

describe('the writer thread (writeTogether)', () => {
  let wdb: Db;
  let seen: SQLite.Database;
  /** The main connection's own count of changed rows: the thread's writes are not in it. */
  const mainChanges = async () =>
    Number((await sql<{ n: number }>`select total_changes() as n`.execute(wdb.kysely)).rows[0]?.n);
  const insertQ = (v: string) => CompiledQuery.raw('insert into w (v) values (?)', [v]);
  const rowsOf = (v: string) => (seen.prepare('select count(*) as n from w where v = ?').get(v) as { n: number }).n;

  beforeAll(async () => {
    wdb = openDb({ sqliteFile: join(dir, 'writer.db') });
    await sql`create table w (id integer primary key, v text not null unique)`.execute(wdb.kysely);
    seen = new SQLite(join(dir, 'writer.db'), { readonly: true });
  });
  afterAll(async () => {
    seen.close();
    await wdb.close();
  });

  it('before a server’s first thousand commits the statements run here, as one transaction of the app', async () => {
    const before = await mainChanges();
    const [a, b] = await writeTogether(wdb, [insertQ('here-1'), CompiledQuery.raw('select v from w order by id')]);
    expect(Number(a?.numAffectedRows)).toBe(1);
    expect(b?.rows).toEqual([{ v: 'here-1' }]);
    expect(await mainChanges()).toBe(before + 1);
  });

  it('once started, it writes them on its own connection, answers each one’s result, and commits them', async () => {
    expect(startSqliteWriter(wdb)).toBe(true);
    const before = await mainChanges();
    const [ins, back] = await writeTogether(wdb, [
      CompiledQuery.raw('insert into w (v) values (?), (?) returning id', ['off-1', 'off-2']),
      CompiledQuery.raw("select v from w where v like 'off-%' order by v"),
    ]);
    expect(ins?.rows).toHaveLength(2);
    expect(back?.rows).toEqual([{ v: 'off-1' }, { v: 'off-2' }]);
    expect(await mainChanges()).toBe(before); // not this connection's work
    expect([rowsOf('off-1'), rowsOf('off-2')]).toEqual([1, 1]); // durable when the promise resolved
  });

  it('a failing statement rolls back the whole transaction, and its error code comes through', async () => {
    const failed = writeTogether(wdb, [insertQ('lost-1'), insertQ('off-1')]);
    await expect(failed).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(rowsOf('lost-1')).toBe(0);
    // The thread goes on.
    await writeTogether(wdb, [insertQ('after-failure')]);
    expect(rowsOf('after-failure')).toBe(1);
  });

  it('a group open on the main connection commits before the thread writes, which sees its rows', async () => {
    const main = wdb.kysely.transaction().execute((trx) => sql`insert into w (v) values ('group-1')`.execute(trx));
    const off = writeTogether(wdb, [
      CompiledQuery.raw("insert into w (v) select v || '-seen' from w where v = 'group-1'"),
    ]);
    await Promise.all([main, off]);
    expect(rowsOf('group-1-seen')).toBe(1);
  });

  it('the app’s queries wait while it writes and then see its work; transactions sent meanwhile keep their order', async () => {
    const sends = Array.from({ length: 5 }, (_, i) => writeTogether(wdb, [insertQ(`order-${i}`)]));
    const read = sql<{ n: number }>`select count(*) as n from w where v like 'order-%'`.execute(wdb.kysely);
    await Promise.all(sends);
    expect(Number((await read).rows[0]?.n)).toBe(5);
    const ids = seen.prepare("select v from w where v like 'order-%' order by id").all();
    expect(ids).toEqual(Array.from({ length: 5 }, (_, i) => ({ v: `order-${i}` })));
  });

  it('a change of journal mode closes it first; the statements then run here again', async () => {
    const mode = async (to: string) =>
      Object.values((await sql.raw(`pragma journal_mode = ${to}`).execute(wdb.kysely)).rows[0] ?? {})[0];
    seen.close(); // out of WAL mode only the one connection may go
    expect(await mode('delete')).toBe('delete'); // SQLITE_BUSY had the thread's connection stayed open
    const before = await mainChanges();
    await writeTogether(wdb, [insertQ('journal-1')]);
    expect(await mainChanges()).toBe(before + 1);
    expect(await mode('wal')).toBe('wal');
    seen = new SQLite(join(dir, 'writer.db'), { readonly: true });
  });

  it('never runs for an in-memory database', async () => {
    const memory = openDb({});
    expect(startSqliteWriter(memory)).toBe(false);
    await memory.close();
  });

  it('a thread that dies fails the transaction it had, is reported once, and the writes run here again', async () => {
    const ddb = openDb({ sqliteFile: join(dir, 'dying.db') });
    await sql`create table d (v text not null unique)`.execute(ddb.kysely);
    const changes = async () =>
      Number((await sql<{ n: number }>`select total_changes() as n`.execute(ddb.kysely)).rows[0]?.n);
    const reported = vi.spyOn(console, 'error').mockImplementation(() => {});
    // The thread ends the moment it is handed its next transaction (as a crash of the thread would).
    const killing = vi.spyOn(Worker.prototype, 'postMessage').mockImplementationOnce(function (this: Worker) {
      void this.terminate();
    });
    try {
      expect(startSqliteWriter(ddb)).toBe(true);
      const lost = writeTogether(ddb, [CompiledQuery.raw("insert into d (v) values ('lost')")]);
      await expect(lost).rejects.toThrow(/writer thread ended/);
      expect(reported.mock.calls.filter((c) => String(c[0]).includes('sqlite writer thread'))).toHaveLength(1);
      // Not started again; the next transaction is this connection's own, and the app's queries still get theirs.
      expect(startSqliteWriter(ddb)).toBe(false);
      const before = await changes();
      await writeTogether(ddb, [CompiledQuery.raw("insert into d (v) values ('here')")]);
      expect(await changes()).toBe(before + 1);
      const rows = await sql<{ v: string }>`select v from d order by v`.execute(ddb.kysely);
      expect(rows.rows).toEqual([{ v: 'here' }]);
    } finally {
      killing.mockRestore();
      reported.mockRestore();
      await ddb.close();
    }
  });
});

/**
 * The demo CLI: argument parsing, the progress bar, the scale plan; the generated world's ledger (written
 * once); and `--cases M` as the CLI runs it — M cases with legal histories, events and search terms into a
 * generated world, then more into the same world — on both dialects.
 */

import { MAX_ID } from '@grassroots/shared/common/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { CASE_SEARCH } from '../../modules/cases/cases.repository.js';
import { textIndexIds } from '../dialect.js';
import { ensureDefaultCategories } from '../reference/categories.js';
import { checkCaseHistories } from './cases-check.js';
import { loadCases } from './cases-load.js';
import { parseArgs } from './cli.js';
import { checkLedger } from './ledger-check.js';
import { loadLedger } from './ledger-load.js';
import { householdsOf } from './plan.js';
import { formatBar } from './progress.js';
import { cnNumber } from './random.js';
import { scalePlan } from './scale-plan.js';
import { loadScaleData } from './seed.js';

describe('demo CLI', () => {
  it('parses --households, --cases, --fresh and --seed, and refuses anything else', () => {
    expect(parseArgs(['--households', '100000', '--fresh'])).toEqual({
      households: 100000,
      cases: null,
      fresh: true,
      seed: 42,
    });
    expect(parseArgs(['--households=50', '--seed', '7'])).toEqual({
      households: 50,
      cases: null,
      fresh: false,
      seed: 7,
    });
    expect(parseArgs(['--households', '10', '--cases', '5'])).toEqual({
      households: 10,
      cases: 5,
      fresh: false,
      seed: 42,
    });
    expect(parseArgs(['--cases=1000000'])).toEqual({ households: null, cases: 1_000_000, fresh: false, seed: 42 });
    expect(() => parseArgs([])).toThrow(/--households N and\/or --cases M/);
    expect(() => parseArgs(['--households', '0'])).toThrow(/--households/);
    expect(() => parseArgs(['--households', '2.5'])).toThrow(/--households/);
    expect(() => parseArgs(['--cases', '-3'])).toThrow(/--cases must be/);
    expect(() => parseArgs(['--cases', 'many'])).toThrow(/--cases must be/);
    expect(() => parseArgs(['--cases', '10000001'])).toThrow(/--cases must be/);
    expect(() => parseArgs(['--cases', '5', '--fresh'])).toThrow(/--fresh deletes the world/);
    expect(() => parseArgs(['--households', '10', '--votes', '5'])).toThrow(/unknown argument --votes/);
  });

  it('draws the progress bar', () => {
    expect(formatBar('households', 52_000, 100_000, 10)).toBe('[#####-----] 52% households 52000/100000');
    expect(formatBar('rooms', 0, 0, 4)).toBe('[####] 100% rooms 0/0');
  });

  it('plans exactly N households at any size', () => {
    for (const n of [1, 299, 3000, 12_345, 100_000]) expect(householdsOf(scalePlan(n))).toBe(n);
    const big = scalePlan(100_000);
    expect(big.streets.length).toBeGreaterThanOrEqual(12);
    expect(big.streets.flatMap((s) => s.communities).length).toBeGreaterThanOrEqual(50);
  });

  it('writes Chinese ordinal numbers for grid names', () => {
    expect([1, 10, 12, 20, 23, 105, 110, 120].map(cnNumber)).toEqual([
      '一',
      '十',
      '十二',
      '二十',
      '二十三',
      '一百零五',
      '一百一十',
      '一百二十',
    ]);
  });
});

describe('--cases M', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await loadScaleData(t.app.ctx, { households: 900, seed: 3 });
    await ensureDefaultCategories(t.app.ctx);
  });
  afterAll(() => t.close());

  const count = async (table: 'cases' | 'caseEvents' | 'persons') =>
    Number(
      (
        await t.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('builds the world with its ledger, once', async () => {
    const persons = await count('persons');
    expect(persons / 900).toBeGreaterThan(2.5);
    expect(persons / 900).toBeLessThan(2.95);
    expect((await checkLedger(t.app.ctx)).problems).toEqual([]);
    expect((await loadLedger(t.app.ctx, { seed: 3 })).counts.persons).toBe(0);
    expect(await count('persons')).toBe(persons);
  });

  it('bulk-loads M cases with legal histories, events and search terms, with progress', async () => {
    const seen: number[] = [];
    const { counts } = await loadCases(t.app.ctx, {
      cases: 2000,
      seed: 5,
      progress: (phase, done, total) => {
        expect([phase, total]).toEqual(['cases', 2000]);
        seen.push(done);
      },
    });
    expect(counts.cases).toBe(2000);
    expect(seen.at(-1)).toBe(2000);
    expect(await count('cases')).toBe(2000);
    expect(await count('caseEvents')).toBe(counts.caseEvents);
    // Every case has its search document (one per case in the text index).
    expect((await textIndexIds(t.db, CASE_SEARCH, 0, MAX_ID)).length).toBe(2000);
    expect(counts.searchTerms).toBeGreaterThan(2000 * 10);
    expect(counts.caseEvents).toBeGreaterThan(2000 * 4);
    expect(await checkCaseHistories(t.db)).toEqual([]);
  });

  it('adds more cases to the same world without clashing numbers or ticket numbers', async () => {
    const { counts } = await loadCases(t.app.ctx, { cases: 300, seed: 6 });
    expect(counts.cases).toBe(300);
    expect(counts.residentsAdded).toBe(0);
    expect(await count('cases')).toBe(2300);
    expect(await checkCaseHistories(t.db)).toEqual([]);
    const tickets = await t.db.kysely
      .selectFrom('cases')
      .select('externalNo')
      .where('externalNo', 'is not', null)
      .execute();
    expect(new Set(tickets.map((x) => x.externalNo)).size).toBe(tickets.length);
  });

  it('audits each load by the system, with what it wrote and how long it took', async () => {
    const loads = await t.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'actorId', 'entityId', 'summary'])
      .where('action', 'in', ['demo.ledger_loaded', 'demo.cases_loaded'])
      .orderBy('id')
      .execute();
    const summaries = loads.map((l) => ({ ...l, summary: JSON.parse(l.summary ?? '{}') }));
    expect(summaries.map((l) => [l.action, l.entityId, l.actorId])).toEqual([
      ['demo.ledger_loaded', 'ledger', null],
      ['demo.cases_loaded', 'cases', null],
      ['demo.cases_loaded', 'cases', null],
    ]);
    expect(summaries.map((l) => l.summary.cases)).toEqual([undefined, 2000, 300]);
    for (const l of summaries) expect(l.summary.ms).toBeGreaterThanOrEqual(0);
  });
});

/** `q` on GET /api/cases through the case text index (bigrams, prefixes, numbers), its plans, and the category sub-tree. */
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, categoryIdOf, fileCase, makeCaseWorld } from '../../../test/factories.cases.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import type { Principal } from '../../core/principal.js';
import { filterCases } from './cases.filters.js';
import { casesRepository } from './cases.repository.js';

let t: TestApp;
let w: CaseWorld;
let leak: { id: string; number: string };
let parking: { id: string; number: string };

beforeAll(async () => {
  t = await createTestApp();
  w = await makeCaseWorld(t, 'cs');
  const file = (categoryId: string, description: string, address?: string) =>
    fileCase(w.agents.secA, { categoryId, description, householdId: String(w.householdA), address });
  leak = await file(w.leakId, '楼道漏水严重，墙面发霉', '高家沟小区5号楼');
  parking = await file(await categoryIdOf(t, 'wy.parking'), '消防通道被私家车占用 Room-12');
  await file(w.leakId, '卫生间水管破裂');
});
afterAll(() => t.close());

const found = async (q: string) => {
  const res = await w.agents.secA.get(`/api/cases?pageSize=200&q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((i: { id: string }) => i.id) as string[];
};

describe('case search', () => {
  it('finds a two-character word inside Chinese text, and not a word the text does not hold', async () => {
    expect(await found('漏水')).toEqual([leak.id]);
    expect(await found('水管')).not.toContain(leak.id); // 漏水 shares 水 but not the bigram 水管
    expect(await found('漏水严重')).toEqual([leak.id]);
    expect(await found('严重漏水')).toEqual([]); // every query bigram must match: 重漏 is not in the text
  });

  it('one character matches by prefix; latin words case-insensitively; the address too', async () => {
    expect(await found('霉')).toEqual([leak.id]);
    expect(await found('漏')).toEqual([leak.id]);
    expect(await found('ROOM')).toEqual([parking.id]);
    expect(await found('5号楼')).toEqual([leak.id]);
  });

  it('finds a case by its number', async () => {
    expect(await found(leak.number)).toEqual([leak.id]);
    expect(await found(` ${parking.number} `)).toEqual([parking.id]);
  });

  it('refuses a query with nothing to search for', async () => {
    const res = await w.agents.secA.get(`/api/cases?q=${encodeURIComponent('，。！--')}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('a category filter takes in its sub-categories', async () => {
    const ids = async (code: string) =>
      (await w.agents.secA.get(`/api/cases?pageSize=200&category=${await categoryIdOf(t, code)}`))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await ids('lj')).toContain(leak.id);
    expect(await ids('lj')).not.toContain(parking.id);
    expect(await ids('lj.leak')).toContain(leak.id);
    expect(await ids('wy')).toEqual([parking.id]);
  });
});

describe('search plans use the case text index', () => {
  const admin = {
    kind: 'account',
    accountId: null,
    apiKeyId: null,
    name: 'plan',
    roles: ['admin'],
    grants: [],
    scope: { areaPaths: ['/'], orgIds: [], accountId: null, householdIds: [] },
    apiScopes: [],
    mustChangePassword: false,
    sessionId: null,
    csrfToken: null,
  } as Principal;
  /** The page query of `q` (a bigram and a prefix term) as the list runs it. */
  const pageQuery = () => {
    const q = { q: '漏水 r', sort: '-createdAt', view: 'all' } as const;
    const filtered = filterCases(t.db.kysely.selectFrom('cases as c'), admin, q, {
      now: Date.now(),
      areaPath: null,
      db: t.db,
    });
    return casesRepository.ordered(filtered, q.sort).limit(20).compile();
  };

  it('explains the search query', async () => {
    const c = pageQuery();
    if (t.db.dialect === 'sqlite') {
      const plan = await t.db.kysely.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`EXPLAIN QUERY PLAN ${c.sql}`, [...c.parameters]),
      );
      const lines = plan.rows.map((r) => r.detail);
      // Both terms in one MATCH of the FTS5 index; the cases found are then read by primary key.
      expect(lines.filter((l) => /case_search VIRTUAL TABLE INDEX \d+:M/.test(l)).length, lines.join('\n')).toBe(1);
      expect(
        lines.some((l) => /^SCAN c\b/.test(l)),
        lines.join('\n'),
      ).toBe(false);
      return;
    }
    // A handful of rows makes a sequential scan cheapest for PostgreSQL; switch it off in this one session so
    // the plan shows which index the query CAN use (on a real table the planner picks it by cost).
    const text = await t.db.kysely.connection().execute(async (conn) => {
      await conn.executeQuery(CompiledQuery.raw('SET enable_seqscan = off'));
      try {
        const plan = await conn.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`EXPLAIN ${c.sql}`, [...c.parameters]),
        );
        return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await conn.executeQuery(CompiledQuery.raw('RESET enable_seqscan'));
      }
    });
    // One GIN scan answers both terms (the bigram exactly, the latin token as a prefix).
    expect(text).toMatch(/Bitmap Index Scan on case_search_terms/);
    expect(text).toMatch(/Index Cond: \(terms @@ '''漏水'' & ''r'':\*'::tsquery\)/);
    expect(text).not.toMatch(/Seq Scan on case_search/);
  });
});

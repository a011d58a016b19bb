/** GET /api/cases/export.csv: BOM, Chinese headers and labels, escaping, formula neutralising, filters, limit, audit. */
import { caseExportColumns } from '@grassroots/shared/cases/cases.schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOn, type CaseWorld, fileCase, makeCaseWorld } from '../../../test/factories.cases.js';
import { makeAccount } from '../../../test/factories.js';
import { makeHousehold } from '../../../test/factories.places.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { csvCell } from './cases.export.js';

let t: TestApp;
let w: CaseWorld;
let secB: Agent;
let formula: { id: string; number: string };
let multiline: { id: string; number: string };
let rejected: { id: string; number: string };
let caseB: { id: string; number: string };

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

const exportOf = async (who: Agent, query = '') => {
  const res = await who.get(`/api/cases/export.csv${query ? `?${query}` : ''}`);
  return { res, rows: res.statusCode === 200 ? parseCsv(res.body.replace(/^\uFEFF/, '')) : [] };
};

beforeAll(async () => {
  t = await createTestApp();
  w = await makeCaseWorld(t, 'ce');
  const file = (description: string) =>
    fileCase(w.agents.secA, { categoryId: w.leakId, description, householdId: String(w.householdA) });
  formula = await file('=HYPERLINK("http://evil.example","点我")');
  multiline = await file('第一行，有逗号\n第二行 "引号"');
  rejected = await file('-1+2 重复上报');
  await actOn(w.agents.secA, rejected.id, 'reject', { version: 0, reason: '重复' });
  await makeAccount(t.db, 'ce_secB', [{ role: 'community_secretary', areaId: w.areas.communityB.id }]);
  secB = await t.login('ce_secB');
  const hB = (await makeHousehold(t.db, w.areas.gridB, { address: '站前3号楼' })).id;
  caseB = await fileCase(secB, { categoryId: w.leakId, description: '@站前漏水', householdId: String(hB) });
});
afterAll(() => t.close());

describe('GET /api/cases/export.csv', () => {
  it('is UTF-8 CSV with a BOM, Chinese headers and labels', async () => {
    const { res, rows } = await exportOf(w.agents.secA);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cases-\d{8}\.csv"/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(rows[0]).toEqual([...caseExportColumns]);
    const byNumber = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(rows.length - 1).toBe((await w.agents.secA.get('/api/cases')).json().total);
    const r = byNumber.get(rejected.number)!;
    expect(r.slice(1, 6)).toEqual(['不予立案', '来访', '漏水', '高家沟社区', '高家沟1号楼101']);
    expect(r[8]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(r[10]).toBe('否');
    expect(byNumber.has(caseB.number)).toBe(false); // community B's case is out of scope
  });

  it('escapes quotes and line breaks, and neutralises formulas', async () => {
    const { res, rows } = await exportOf(w.agents.secA);
    const byNumber = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byNumber.get(formula.number)![6]).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(byNumber.get(multiline.number)![6]).toBe('第一行，有逗号\n第二行 "引号"');
    expect(byNumber.get(rejected.number)![6]).toBe("'-1+2 重复上报");
    expect(res.body).toContain('"\'=HYPERLINK(""http://evil.example"",""点我"")"');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('普通文本')).toBe('普通文本');
    expect(csvCell(null)).toBe('');
    const b = await exportOf(secB);
    expect(b.rows.slice(1).map((r) => [r[0], r[6]])).toEqual([[caseB.number, "'@站前漏水"]]);
  });

  it('takes the list filters and reads page after page without repeating a row', async () => {
    const only = await exportOf(w.agents.secA, 'status=rejected');
    expect(only.rows.slice(1).map((r) => r[0])).toEqual([rejected.number]);
    const q = await exportOf(w.agents.secA, `q=${encodeURIComponent('第二行')}`);
    expect(q.rows.slice(1).map((r) => r[0])).toEqual([multiline.number]);
    const all = await exportOf(w.agents.secA);
    t.app.services.cases.queries.exportChunk = 2;
    try {
      const paged = await exportOf(w.agents.secA);
      expect(paged.rows.slice(1).map((r) => r[0])).toEqual(all.rows.slice(1).map((r) => r[0]));
      expect(new Set(paged.rows.map((r) => r[0])).size).toBe(paged.rows.length);
    } finally {
      t.app.services.cases.queries.exportChunk = 1000;
    }
    expect((await w.agents.secA.get('/api/cases/export.csv?view=nope')).statusCode).toBe(400);
  });

  it('more rows than the limit → 422 EXPORT_TOO_LARGE; the real limit is 50,000', async () => {
    expect(t.app.services.cases.queries.exportMaxRows).toBe(50_000);
    t.app.services.cases.queries.exportMaxRows = 2;
    try {
      const res = await w.agents.secA.get('/api/cases/export.csv');
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'EXPORT_TOO_LARGE', details: { max: 2 } });
      expect((await w.agents.secA.get('/api/cases/export.csv?status=rejected')).statusCode).toBe(200);
    } finally {
      t.app.services.cases.queries.exportMaxRows = 50_000;
    }
  });

  it('is audited with its filters', async () => {
    await exportOf(w.agents.secA, 'status=rejected,closed&overdue=false');
    const row = await t.db.kysely
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'case.export')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actorId: w.ids.secA.id, entityType: 'case' });
    expect(JSON.parse(row.summary)).toMatchObject({
      filters: { status: ['rejected', 'closed'], overdue: false },
      rows: 1,
    });
    expect((await t.anon().get('/api/cases/export.csv')).statusCode).toBe(401);
  });
});

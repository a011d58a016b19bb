/**
 * Persons export (.csv / .xlsx): the list's filters and scope, masked by default, clear only with
 * ledger.unmask + unmasked=true + a reason (and only inside the unmask areas), audited every time.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPerson } from '../../../test/factories.ledger.js';
import { type ImportWorld, idNumberOf, makeImportWorld } from '../../../test/factories.ledger-import.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let w: ImportWorld;
const qian = idNumberOf('1948-04-04', 55);

beforeAll(async () => {
  t = await createTestApp();
  w = await makeImportWorld(t, 'ex');
  await insertPerson(t, w.households.rural, {
    name: '钱奶奶',
    idNumber: qian,
    phone: '13612345678',
    relation: 'head',
    birthDate: '1948-04-04',
    gender: 'female',
    tags: ['独居', '低保'],
    custom: { [w.fields.vaccine]: '已接种' },
  });
});
afterAll(() => t.close());

const csvLines = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
const lastExport = async () => {
  const row = await t.db.kysely
    .selectFrom('auditLog')
    .selectAll()
    .where('action', '=', 'ledger.export')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return { ...row, summary: JSON.parse(row.summary) };
};

describe('persons export', () => {
  it('exports the caller’s persons masked, in the template columns, and audits it', async () => {
    const res = await w.agents.workerA.get('/api/persons/export.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = csvLines(res.body);
    expect(
      lines[0]?.startsWith('姓名,身份证号,手机号,性别,出生日期,与户主关系,楼栋,单元,房号,地址,网格,标签,迁入日期'),
    ).toBe(true);
    expect(lines[0]).toContain(w.fields.vaccineLabel);
    expect(lines).toHaveLength(3); // header, 李建国, 钱奶奶 — not 赵秀英 of grid B
    const qianLine = lines.find((l) => l.startsWith('钱奶奶')) as string;
    expect(qianLine).toContain(`${qian.slice(0, 6)}********${qian.slice(-4)}`);
    expect(qianLine).toContain('136****5678');
    expect(qianLine).toContain('独居');
    expect(qianLine).not.toContain('低保');
    expect(qianLine).toContain('已接种');
    expect(res.body).not.toContain(qian);
    const lx = lines.find((l) => l.startsWith('李建国')) as string;
    expect(lx).toContain(`${w.prefix}新城壹号 3号楼,2,301`);
    const audit = await lastExport();
    expect(audit.summary).toMatchObject({ format: 'csv', rows: 2, unmasked: false });
    expect(audit.actorName).toBe(`${w.prefix}_workerA`);
  });

  it('applies the list filters (tag, search by exact ID number through its hash)', async () => {
    const tagged = csvLines((await w.agents.workerA.get('/api/persons/export.csv?tag=党员')).body);
    expect(tagged.slice(1).map((l) => l.split(',')[0])).toEqual(['李建国']);
    const byId = csvLines((await w.agents.workerA.get(`/api/persons/export.csv?q=${qian}`)).body);
    expect(byId.slice(1).map((l) => l.split(',')[0])).toEqual(['钱奶奶']);
    const sensitive = csvLines((await w.agents.workerA.get('/api/persons/export.csv?tag=低保')).body);
    expect(sensitive).toHaveLength(2);
    const custom = csvLines(
      (await w.agents.workerA.get(`/api/persons/export.csv?custom.${w.fields.vaccine}=已接种`)).body,
    );
    expect(custom.slice(1).map((l) => l.split(',')[0])).toEqual(['钱奶奶']);
    expect((await w.agents.workerA.get('/api/persons/export.csv?custom.nope=1')).statusCode).toBe(400);
  });

  it('unmasks only with ledger.unmask, unmasked=true and a reason — and says so in the audit row', async () => {
    const noReason = await w.agents.workerA.get('/api/persons/export.csv?unmasked=true');
    expect(noReason.statusCode).toBe(400);
    const leader = await w.agents.leaderA.get('/api/persons/export.csv?unmasked=true&reason=核对');
    expect(leader.statusCode).toBe(403);
    const reason = encodeURIComponent('低保复核');
    const res = await w.agents.workerA.get(`/api/persons/export.csv?unmasked=true&reason=${reason}`);
    expect(res.statusCode).toBe(200);
    const qianLine = csvLines(res.body).find((l) => l.startsWith('钱奶奶')) as string;
    expect(qianLine).toContain(qian);
    expect(qianLine).toContain('13612345678');
    expect(qianLine).toContain('低保');
    const audit = await lastExport();
    expect(audit.summary).toMatchObject({ unmasked: true, reason: '低保复核', rows: 2 });
    expect(JSON.stringify(audit)).not.toContain(qian);
  });

  it('keeps every caller to their reach: another grid, a leader (masked), a party member (linked households)', async () => {
    const b = csvLines((await w.agents.workerB.get('/api/persons/export.csv')).body);
    expect(b.slice(1).map((l) => l.split(',')[0])).toEqual(['赵秀英']);
    const leader = await w.agents.leaderA.get('/api/persons/export.csv');
    expect(csvLines(leader.body)).toHaveLength(3);
    const member = csvLines((await w.agents.member.get('/api/persons/export.csv')).body);
    expect(member.slice(1).map((l) => l.split(',')[0])).toEqual(['钱奶奶']);
    expect((await t.anon().get('/api/persons/export.csv')).statusCode).toBe(401);
  });

  it('streams an .xlsx with the same rows', async () => {
    const res = await w.agents.secA.get('/api/persons/export.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as string[]).slice(1, 4)).toEqual(['姓名', '身份证号', '手机号']);
    const names = [];
    for (let i = 2; i <= ws.rowCount; i++) names.push(ws.getRow(i).getCell(1).value);
    expect(names.sort()).toEqual(['李建国', '钱奶奶'].sort());
    expect((await lastExport()).summary).toMatchObject({ format: 'xlsx', rows: 2, unmasked: false });
  });
});

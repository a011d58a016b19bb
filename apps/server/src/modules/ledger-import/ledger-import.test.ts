/**
 * The import preview: a workbook built here with exceljs holding every kind of problem, each reported on its
 * own row; duplicates of existing persons and of earlier rows; the content check of the upload; scope (an
 * importer cannot reach another area's buildings nor anyone else's import); recovery after a restart.
 */
import { idCheckChar } from '@grassroots/shared/ledger/idcard';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ImportWorld,
  idNumberOf,
  makeImportWorld,
  type SheetRow,
  upload,
  uploadAndParse,
  workbook,
} from '../../../test/factories.ledger-import.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { readerThreads } from './ledger-import.read.js';

let t: TestApp;
let w: ImportWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeImportWorld(t);
});
afterAll(() => t.close());

const badChecksum = (id: string) => `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
const badBirth = () => {
  const first17 = '14260119901301123';
  return first17 + idCheckChar(first17);
};

/** Row 2 onwards; each entry: the row and the problems expected on it (field:code). */
function everyKind(): { row: SheetRow; expect: string[] }[] {
  const { prefix, ids, areas, fields } = w;
  const b3 = `${prefix}新城壹号 3号楼`;
  const good = idNumberOf('1990-03-07', 2); // female
  const room = (r: SheetRow): SheetRow => ({ 楼栋: b3, 单元: '2', 房号: '302', ...r });
  return [
    {
      row: room({
        姓名: '张丽华',
        身份证号: good,
        手机号: '13812345678',
        与户主关系: '户主',
        标签: '党员,低保',
        [fields.vaccineLabel]: '已接种',
        [fields.heightLabel]: 162,
      }),
      expect: [],
    },
    {
      row: room({ 姓名: '错校验', 身份证号: badChecksum(idNumberOf('1985-01-01', 5)) }),
      expect: ['idNumber:id_checksum'],
    },
    { row: room({ 姓名: '错生日', 身份证号: badBirth() }), expect: ['idNumber:id_birth_date'] },
    { row: room({ 姓名: '短号码', 身份证号: '14260119850101123' }), expect: ['idNumber:id_format'] },
    { row: room({ 姓名: '数字号码', 身份证号: 142601198501011230 }), expect: ['idNumber:id_as_number'] },
    { row: room({ 姓名: '错手机', 手机号: '1381234567' }), expect: ['phone:bad_phone'] },
    {
      row: { 姓名: '无楼栋', 楼栋: `${prefix}新城壹号 9号楼`, 单元: '1', 房号: '101' },
      expect: ['building:unknown_building'],
    },
    { row: { 姓名: '无房间', 楼栋: b3, 单元: '9', 房号: '999' }, expect: ['room:unknown_room'] },
    { row: { 姓名: '重名楼', 楼栋: '3号楼', 单元: '2', 房号: '302' }, expect: ['building:ambiguous_building'] },
    { row: room({ 姓名: '', 手机号: '13900000000' }), expect: ['name:required'] },
    { row: room({ 姓名: '错关系', 与户主关系: '邻居' }), expect: ['relation:bad_relation'] },
    { row: room({ 姓名: '错性别', 性别: '未知' }), expect: ['gender:bad_gender'] },
    {
      row: room({ 姓名: '生日不符', 身份证号: idNumberOf('1980-02-02', 7), 出生日期: '1980-02-03' }),
      expect: ['birthDate:birth_date_mismatch'],
    },
    { row: room({ 姓名: '错迁入', 迁入日期: '2020-13-01' }), expect: ['movedInOn:bad_date'] },
    { row: room({ 姓名: '错标签', 标签: '党员,富豪' }), expect: ['tags:unknown_tag'] },
    { row: room({ 姓名: '错选项', [fields.vaccineLabel]: '打过' }), expect: [`custom.${fields.vaccine}:bad_value`] },
    { row: room({ 姓名: '错数字', [fields.heightLabel]: 'abc' }), expect: [`custom.${fields.height}:bad_value`] },
    { row: { 姓名: '错网格', 地址: `${prefix}某村1号`, 网格: '不存在网格' }, expect: ['grid:unknown_grid'] },
    { row: { 姓名: '错地址', 地址: `${prefix}某村2号` }, expect: ['address:unknown_address'] },
    { row: { 姓名: '无地址' }, expect: ['address:missing_address'] },
    { row: room({ 姓名: '李建国新', 身份证号: ids.x }), expect: [] }, // duplicate of an existing person
    { row: room({ 姓名: '张丽华二', 身份证号: good }), expect: [] }, // duplicate of row 2
    { row: room({ 姓名: '外区人', 身份证号: ids.y }), expect: ['idNumber:duplicate_elsewhere'] },
    { row: room({ 姓名: '配偶', 与户主关系: '妻子', 出生日期: '1991/2/3', 迁入日期: '2021年5月6日' }), expect: [] },
    {
      row: room({ 姓名: '男女不符', 身份证号: idNumberOf('1975-06-06', 8), 性别: '男' }),
      expect: ['gender:gender_mismatch'],
    },
    { row: { 姓名: '新农户', 地址: `${prefix}高家沟村99号`, 网格: areas.gridA.name, 与户主关系: '户主' }, expect: [] },
    { row: { 姓名: '老农户', 地址: `${prefix}高家沟村12号` }, expect: [] },
    {
      row: { 姓名: '越界', 楼栋: `${prefix}站前小区 7号楼`, 单元: '1', 房号: '101' },
      expect: ['building:unknown_building'],
    },
  ];
}

describe('import preview', () => {
  let importId: string;
  const cases = () => everyKind();

  it('lists every problem on the row it belongs to, and both kinds of duplicates', async () => {
    const list = cases();
    const extra = [w.fields.vaccineLabel, w.fields.heightLabel, '备注'];
    const view = await uploadAndParse(
      t,
      w.agents.workerA,
      await workbook(
        list.map((c) => c.row),
        extra,
      ),
    );
    importId = view.id;
    expect(view.status).toBe('preview');
    expect(view.totalRows).toBe(list.length);
    expect(view.ignoredColumns).toEqual(['备注']);
    const withProblems = list.filter((c) => c.expect.length).length;
    expect(view.errorRows).toBe(withProblems);
    expect(view.duplicateRows).toBe(2);
    expect(view.blockingRows).toBe(withProblems + 2);

    const res = await w.agents.workerA.get(`/api/ledger/imports/${importId}/rows?filter=problems&pageSize=200`);
    expect(res.statusCode).toBe(200);
    const got = new Map<number, string[]>(
      res
        .json()
        .items.map((r: { rowNo: number; problems: { field: string; code: string }[] }) => [
          r.rowNo,
          r.problems.map((p) => `${p.field}:${p.code}`),
        ]),
    );
    const expected = new Map(list.flatMap((c, i) => (c.expect.length ? [[i + 2, c.expect] as const] : [])));
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
    expect(res.json().total).toBe(withProblems);
  });

  it('shows duplicates with what they duplicate, data masked', async () => {
    const res = await w.agents.workerA.get(`/api/ledger/imports/${importId}/rows?filter=duplicates`);
    const items = res.json().items;
    expect(items.map((r: { rowNo: number }) => r.rowNo)).toEqual([22, 23]);
    expect(items[0].duplicate).toEqual({
      kind: 'existing',
      personId: String(w.persons.x),
      rowNo: null,
      name: '李建国',
    });
    expect(items[1].duplicate).toEqual({ kind: 'row', personId: null, rowNo: 2, name: '张丽华' });
    expect(items[0].data.idNumber).toBe(`${w.ids.x.slice(0, 6)}********${w.ids.x.slice(-4)}`);
    const first = (await w.agents.workerA.get(`/api/ledger/imports/${importId}/rows?pageSize=1`)).json().items[0];
    expect(first.data).toMatchObject({
      name: '张丽华',
      phone: '138****5678',
      gender: 'female',
      birthDate: '1990-03-07',
      relation: 'head',
      tags: ['党员'],
      sensitiveTagCount: 1,
      household: { id: null, isNew: true },
      custom: { [w.fields.vaccine]: '已接种', [w.fields.height]: 162 },
    });
    expect(JSON.stringify(first)).not.toContain('低保');
    expect(JSON.stringify(first)).not.toContain('13812345678');
  });

  it('keeps an import to its uploader: others get 404, non-writers 403', async () => {
    expect((await w.agents.workerB.get(`/api/ledger/imports/${importId}`)).statusCode).toBe(404);
    expect((await w.agents.secA.get(`/api/ledger/imports/${importId}/rows`)).statusCode).toBe(404);
    expect((await w.agents.workerB.post(`/api/ledger/imports/${importId}/commit`, { version: 1 })).statusCode).toBe(
      404,
    );
    expect((await w.agents.workerB.post(`/api/ledger/imports/${importId}/decisions`, { all: 'skip' })).statusCode).toBe(
      404,
    );
    expect((await w.agents.workerB.post(`/api/ledger/imports/${importId}/cancel`)).statusCode).toBe(404);
    for (const agent of [w.agents.leaderA, w.agents.member]) {
      expect((await agent.get(`/api/ledger/imports/${importId}`)).statusCode).toBe(403);
      expect((await agent.get('/api/ledger/import/template.xlsx')).statusCode).toBe(403);
      expect((await upload(agent, await workbook([{ 姓名: '甲' }]))).statusCode).toBe(403);
    }
  });

  it('refuses the commit while problems or undecided duplicates remain (409 IMPORT_HAS_ERRORS)', async () => {
    const view = (await w.agents.workerA.get(`/api/ledger/imports/${importId}`)).json();
    const res = await w.agents.workerA.post(`/api/ledger/imports/${importId}/commit`, { version: view.version });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('IMPORT_HAS_ERRORS');
    expect(res.json().error.details.blockingRows).toBe(view.blockingRows);
  });

  it('lets only duplicates take update/keep', async () => {
    const res = await w.agents.workerA.post(`/api/ledger/imports/${importId}/decisions`, {
      decisions: [{ rowNo: 3, decision: 'keep' }],
    });
    expect(res.statusCode).toBe(400);
    const ok = await w.agents.workerA.post(`/api/ledger/imports/${importId}/decisions`, {
      skipProblems: true,
      decisions: [{ rowNo: 22, decision: 'update' }],
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().blockingRows).toBe(1); // row 23 still undecided
    expect(ok.json().skippedRows).toBe(everyKind().filter((c) => c.expect.length).length);
  });

  it('cancels, deleting the staged rows', async () => {
    const res = await w.agents.workerA.post(`/api/ledger/imports/${importId}/cancel`);
    expect(res.json().status).toBe('cancelled');
    const left = await t.db.kysely
      .selectFrom('ledgerImportRows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('importId', '=', Number(importId))
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select('action')
      .where('entityType', '=', 'ledger_import')
      .where('entityId', '=', importId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['ledger.import_upload', 'ledger.import_cancel']);
  });
});

describe('the reader thread (large workbooks)', () => {
  const svc = () => t.app.services.ledgerImport;
  const rowsOf = async (id: string) =>
    (await w.agents.workerA.get(`/api/ledger/imports/${id}/rows?pageSize=200`)).json().items;

  it('gives the same preview as reading in place: problems, duplicates, masked values', async () => {
    const data = await workbook(
      everyKind().map((c) => c.row),
      [w.fields.vaccineLabel, w.fields.heightLabel, '备注'],
    );
    const inPlace = await uploadAndParse(t, w.agents.workerA, data);
    const [from, started] = [svc().readerThreadFrom, readerThreads.started];
    svc().readerThreadFrom = 0;
    try {
      const threaded = await uploadAndParse(t, w.agents.workerA, data);
      expect(readerThreads.started).toBe(started + 1);
      const counts = (v: typeof inPlace) => [v.status, v.totalRows, v.errorRows, v.duplicateRows, v.ignoredColumns];
      expect(counts(threaded)).toEqual(counts(inPlace));
      expect(await rowsOf(threaded.id)).toEqual(await rowsOf(inPlace.id));
      expect((await rowsOf(threaded.id)).length).toBe(everyKind().length);
    } finally {
      svc().readerThreadFrom = from;
    }
  });

  it('fails the import with the code the thread found (no header)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['foo', 'bar']);
    const [from, started] = [svc().readerThreadFrom, readerThreads.started];
    svc().readerThreadFrom = 0;
    try {
      const view = await uploadAndParse(t, w.agents.workerA, Buffer.from(await wb.xlsx.writeBuffer()));
      expect([view.status, view.error.code]).toEqual(['failed', 'IMPORT_BAD_WORKBOOK']);
      expect(readerThreads.started).toBe(started + 1);
    } finally {
      svc().readerThreadFrom = from;
    }
  });
});

describe('upload checks', () => {
  it('decides the type by content: a renamed text file or a ZIP without a workbook is 415', async () => {
    const text = await upload(w.agents.workerA, Buffer.from('姓名,身份证号\n张三,1\n'), 'fake.xlsx');
    expect(text.statusCode).toBe(415);
    const xls = await upload(
      w.agents.workerA,
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'old.xls',
    );
    expect(xls.statusCode).toBe(415);
    expect(xls.json().error.details).toEqual({ format: 'xls' });
  });

  it('takes files up to 20 MB (the global upload limit is 10 MB) and refuses bigger ones with 413', async () => {
    const junk = (mb: number) => Buffer.alloc(mb * 1024 * 1024, 0x41);
    expect((await upload(w.agents.workerA, junk(12))).statusCode).toBe(415); // read in full, then refused by content
    expect((await upload(w.agents.workerA, junk(21))).statusCode).toBe(413);
  });

  it('fails a workbook without a 姓名 header (nothing staged)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['foo', 'bar']);
    const view = await uploadAndParse(t, w.agents.workerA, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(view.status).toBe('failed');
    expect(view.error.code).toBe('IMPORT_BAD_WORKBOOK');
  });

  it('serves a template with the headers and the active custom fields', async () => {
    const res = await w.agents.workerA.get('/api/ledger/import/template.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = ((wb.worksheets[0] as ExcelJS.Worksheet).getRow(1).values as string[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['姓名', '身份证号', '手机号']);
    expect(header).toEqual(expect.arrayContaining([w.fields.vaccineLabel, w.fields.heightLabel]));
  });

  it('marks an import left in parsing by a restart as failed when read', async () => {
    const res = await upload(w.agents.workerA, await workbook([{ 姓名: '甲', 地址: `${w.prefix}高家沟村12号` }]));
    const id = Number(res.json().id);
    await t.app.services.ledgerImport.settled(id);
    // As if the process died mid-parse a while ago: the row says parsing, no task runs it.
    await t.db.kysely
      .updateTable('ledgerImports')
      .set({ status: 'parsing', updatedAt: Date.now() - 120_000 })
      .where('id', '=', id)
      .execute();
    const view = (await w.agents.workerA.get(`/api/ledger/imports/${id}`)).json();
    expect(view.status).toBe('failed');
    expect(view.error.code).toBe('IMPORT_INTERRUPTED');
  });
});

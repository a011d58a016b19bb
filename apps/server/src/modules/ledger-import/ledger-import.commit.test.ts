/**
 * The commit: exactly the expected persons are written (encrypted, hashed, masked, with their ledger_tags rows),
 * duplicates follow their decisions (skip / update / keep, of existing persons and of earlier rows), new
 * households are created for empty rooms and new rural addresses — and a failure in the middle of the write,
 * or a ledger that changed since the preview, leaves nothing written at all.
 */
import { maskIdNumber } from '@grassroots/shared/privacy/masking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPerson } from '../../../test/factories.ledger.js';
import {
  commitAndWait,
  type ImportWorld,
  idNumberOf,
  ledgerSnapshot,
  makeImportWorld,
  uploadAndParse,
  workbook,
} from '../../../test/factories.ledger-import.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { decodeSensitiveTags, idNumberHash, phoneHash, tagKey } from '../ledger/person-codec.js';
import { cacheSize } from './ledger-import.repository.js';

let t: TestApp;
let w: ImportWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeImportWorld(t, 'cm');
});
afterAll(() => t.close());

const snapshot = () => ledgerSnapshot(t);
const personByName = (name: string) => t.db.kysely.selectFrom('persons').selectAll().where('name', '=', name).execute();

describe('commit', () => {
  it('writes exactly the decided persons, encrypted and hashed, with tag rows and new households', async () => {
    const b3 = `${w.prefix}新城壹号 3号楼`;
    const wang = idNumberOf('1988-08-08', 11);
    const sun = idNumberOf('2010-10-10', 12);
    const before = await snapshot();
    const view = await uploadAndParse(
      t,
      w.agents.workerA,
      await workbook(
        [
          {
            姓名: '王大明',
            身份证号: wang,
            手机号: '139 1111 2222',
            楼栋: b3,
            单元: '2单元',
            房号: '302',
            与户主关系: '户主',
            标签: '退役军人,残疾',
            [w.fields.vaccineLabel]: '未接种',
          },
          {
            姓名: '孙小宝',
            身份证号: sun,
            楼栋: b3,
            单元: '2',
            房号: '302',
            与户主关系: '子女',
            迁入日期: '2015-01-02',
          },
          {
            姓名: '李建国改',
            身份证号: w.ids.x,
            手机号: '13700000001',
            楼栋: b3,
            单元: '2',
            房号: '301',
            标签: '独居',
          },
          { 姓名: '孙小宝重复', 身份证号: sun, 楼栋: b3, 单元: '2', 房号: '302' },
          { 姓名: '王大明再录', 身份证号: wang, 楼栋: b3, 单元: '2', 房号: '302' },
          { 姓名: '坏行', 身份证号: '123', 地址: `${w.prefix}高家沟村12号` },
          { 姓名: '周农户', 地址: `${w.prefix}高家沟村88号`, 网格: w.areas.gridA.name, 与户主关系: '户主' },
          { 姓名: '吴老人', 地址: `${w.prefix}高家沟村12号`, 出生日期: '1940-01-01' },
        ],
        [w.fields.vaccineLabel],
      ),
    );
    expect(view).toMatchObject({ status: 'preview', totalRows: 8, errorRows: 1, duplicateRows: 3 });
    const decided = await w.agents.workerA.post(`/api/ledger/imports/${view.id}/decisions`, {
      all: 'keep',
      decisions: [
        { rowNo: 4, decision: 'update' }, // 李建国 (existing) gets the row's values
        { rowNo: 5, decision: 'skip' }, // 孙小宝 again: dropped
        { rowNo: 6, decision: 'update' }, // 王大明 again: this row's values win over row 2's
        { rowNo: 7, decision: 'skip' }, // the bad row
      ],
    });
    expect(decided.json()).toMatchObject({ blockingRows: 0, skippedRows: 2 });
    const done = await commitAndWait(t, w.agents.workerA, view.id, decided.json().version);
    expect(done).toMatchObject({
      status: 'committed',
      progress: 100,
      processedRows: 8,
      result: { inserted: 4, updated: 1, skipped: 2, householdsCreated: 2 },
    });
    const after = await snapshot();
    expect(after.persons - before.persons).toBe(4);
    expect(after.households - before.households).toBe(2);
    expect(after.audit - before.audit).toBe(2); // upload + commit

    // Row 6 laid its values over row 2's: one person, named by the later row, row 2's phone and relation kept.
    expect(await personByName('王大明')).toHaveLength(0);
    const [wangRow] = await personByName('王大明再录');
    const pii = t.app.ctx.pii;
    expect(wangRow).toBeDefined();
    expect(pii.decrypt(wangRow?.idNoEnc as string)).toBe(wang);
    expect(wangRow?.idNoHash).toBe(idNumberHash(pii, wang));
    expect(wangRow?.idNoMasked).toBe(`${wang.slice(0, 6)}********${wang.slice(-4)}`);
    expect(wangRow).toMatchObject({
      phoneHash: phoneHash(pii, '13911112222'),
      phoneMasked: '139****2222',
      relation: 'head',
    });

    const [sunRow] = await personByName('孙小宝');
    expect(sunRow?.movedInOn).toBe('2015-01-02');
    expect(sunRow?.birthDate).toBe('2010-10-10');
    expect(sunRow?.householdId).toBe(wangRow?.householdId);
    const household = await t.db.kysely
      .selectFrom('households')
      .selectAll()
      .where('id', '=', sunRow?.householdId as number)
      .executeTakeFirstOrThrow();
    expect(household).toMatchObject({
      roomId: w.rooms.room302.id,
      headName: '王大明再录',
      areaPath: w.areas.gridA.path,
    });

    // The existing person: updated in place (version bumped), phone now set, tags replaced.
    const x = await t.db.kysely
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', w.persons.x)
      .executeTakeFirstOrThrow();
    expect(x).toMatchObject({
      name: '李建国改',
      version: 2,
      phoneHash: phoneHash(pii, '13700000001'),
      tags: '["独居"]',
    });
    const xTags = await t.db.kysely
      .selectFrom('ledgerTags')
      .select('tagKey')
      .where('entityKind', '=', 'person')
      .where('entityId', '=', x.id)
      .execute();
    expect(xTags.map((r) => r.tagKey)).toEqual(['独居']);

    // The kept duplicate of 孙小宝 was skipped; 周农户 got a new rural household, 吴老人 joined the existing one.
    expect(await personByName('孙小宝重复')).toHaveLength(0);
    const [zhou] = await personByName('周农户');
    const zhouHh = await t.db.kysely
      .selectFrom('households')
      .selectAll()
      .where('id', '=', zhou?.householdId as number)
      .executeTakeFirstOrThrow();
    expect(zhouHh).toMatchObject({
      address: `${w.prefix}高家沟村88号`,
      gridId: w.areas.gridA.id,
      headName: '周农户',
      roomId: null,
    });
    const [wu] = await personByName('吴老人');
    expect(wu?.householdId).toBe(w.households.rural);

    // Staging rows are gone (they held clear ID numbers); the audit row carries the counts.
    const staged = await t.db.kysely
      .selectFrom('ledgerImportRows')
      .select('rowNo')
      .where('importId', '=', Number(view.id))
      .execute();
    expect(staged).toHaveLength(0);
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'ledger.import_commit')
      .where('entityId', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.summary)).toMatchObject({ inserted: 4, updated: 1, skipped: 2, householdsCreated: 2 });
    expect(audit.areaPath).toBe(w.areas.gridA.path);
    expect(audit.summary).not.toContain(wang);
  });

  it('stores sensitive tags encrypted with hashed tag rows, custom values as typed', async () => {
    const b3 = `${w.prefix}新城壹号 3号楼`;
    const id = idNumberOf('1966-06-16', 31);
    const view = await uploadAndParse(
      t,
      w.agents.workerA,
      await workbook(
        [
          {
            姓名: '钱敏感',
            身份证号: id,
            楼栋: b3,
            单元: '2',
            房号: '303',
            标签: '党员、低保',
            [w.fields.vaccineLabel]: '已接种',
            [w.fields.heightLabel]: '171.5',
          },
        ],
        [w.fields.vaccineLabel, w.fields.heightLabel],
      ),
    );
    // Staged at rest only as the person it inserts (not also sealed whole: 0013) — no clear ID or 低保.
    const [staged] = await t.db.kysely
      .selectFrom('ledgerImportRows')
      .selectAll()
      .where('importId', '=', Number(view.id))
      .execute();
    expect(staged?.dataEnc).toBeNull();
    expect(staged?.idNoHash).toBe(idNumberHash(t.app.ctx.pii, id));
    const atRest = JSON.stringify(staged);
    for (const secret of [id, id.slice(6, 14), '低保']) expect(atRest).not.toContain(secret);
    // The preview rebuilds the row from it: the ID number masked, the sensitive tag counted, not named.
    const preview = await w.agents.workerA.get(`/api/ledger/imports/${view.id}/rows`);
    expect(preview.statusCode).toBe(200);
    expect(preview.json().items[0].data).toMatchObject({
      name: '钱敏感',
      idNumber: maskIdNumber(id),
      tags: ['党员'],
      sensitiveTagCount: 1,
    });
    await commitAndWait(t, w.agents.workerA, view.id, view.version);
    const [p] = await personByName('钱敏感');
    const pii = t.app.ctx.pii;
    expect(p?.idNoHash).toBe(idNumberHash(pii, id));
    expect(p?.tags).toBe('["党员"]');
    expect(decodeSensitiveTags(pii, p?.sensitiveTagsEnc ?? null)).toEqual(['低保']);
    expect(JSON.parse(p?.custom as string)).toEqual({ [w.fields.vaccine]: '已接种', [w.fields.height]: 171.5 });
    const tags = await t.db.kysely
      .selectFrom('ledgerTags')
      .select('tagKey')
      .where('entityId', '=', p?.id as number)
      .where('entityKind', '=', 'person')
      .orderBy('tagKey')
      .execute();
    expect(tags.map((r) => r.tagKey).sort()).toEqual(['党员', tagKey(pii, '低保')].sort());
    expect(JSON.stringify(p)).not.toContain('低保');
  });

  it('writes nothing when the write fails midway (one transaction)', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({
      姓名: `回滚${i}`,
      身份证号: idNumberOf('1970-01-01', 400 + i),
      标签: '党员,残疾',
      地址: `${w.prefix}回滚村${i}号`,
      网格: w.areas.gridA.name,
    }));
    const view = await uploadAndParse(t, w.agents.workerA, await workbook(rows));
    expect(view.blockingRows).toBe(0);
    const before = await snapshot();
    const cacheBefore = t.db.dialect === 'sqlite' ? await cacheSize(t.db) : 0;
    expect(Number.isFinite(cacheBefore)).toBe(true);
    const svc = t.app.services.ledgerImport;
    svc.commitChunk = 2;
    // Chunks 0 and 1 (4 persons, 7 households before them) are written when chunk 2 blows up.
    let writtenBeforeFailure = -1;
    let cacheDuring = 0;
    svc.hooks.onChunk = async (i, trx) => {
      if (i < 2) return;
      const n = await trx
        .selectFrom('persons')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      writtenBeforeFailure = Number(n.n) - before.persons;
      if (t.db.dialect === 'sqlite') cacheDuring = await cacheSize({ ...t.db, kysely: trx });
      throw new Error('disk on fire');
    };
    try {
      const done = await commitAndWait(t, w.agents.workerA, view.id, view.version);
      expect(done.status).toBe('failed');
      expect(done.error.code).toBe('INTERNAL');
    } finally {
      svc.hooks = {};
      svc.commitChunk = 400;
    }
    expect(writtenBeforeFailure).toBe(4); // the transaction had written two chunks…
    // The commit's larger SQLite page cache is given back, failure or not.
    if (t.db.dialect === 'sqlite') {
      expect(cacheDuring).toBe(-128 * 1024);
      expect(await cacheSize(t.db)).toBe(cacheBefore);
    }
    const after = await snapshot();
    // …yet nothing of the import: no person, no household, no tag row, no commit audit (only the failure is known).
    expect(after).toEqual(before);
    expect(await personByName('回滚0')).toHaveLength(0);
    const staged = await t.db.kysely
      .selectFrom('ledgerImportRows')
      .select('rowNo')
      .where('importId', '=', Number(view.id))
      .execute();
    expect(staged).toHaveLength(0);
  });

  it('refuses a commit when the ledger changed since the preview (IMPORT_STALE), writing nothing', async () => {
    const id = idNumberOf('1999-09-09', 77);
    const view = await uploadAndParse(
      t,
      w.agents.workerA,
      await workbook([{ 姓名: '后来者', 身份证号: id, 地址: `${w.prefix}高家沟村12号` }]),
    );
    // Meanwhile someone registers the same person by hand.
    await insertPerson(t, w.households.rural, { name: '先到者', idNumber: id, relation: 'other' });
    const before = await snapshot();
    const done = await commitAndWait(t, w.agents.workerA, view.id, view.version);
    expect(done.status).toBe('failed');
    expect(done.error.code).toBe('IMPORT_STALE');
    expect(await snapshot()).toEqual(before);
  });

  it('rejects a commit with a stale version and a second commit', async () => {
    const view = await uploadAndParse(
      t,
      w.agents.workerA,
      await workbook([{ 姓名: '版本', 地址: `${w.prefix}高家沟村12号` }]),
    );
    const stale = await w.agents.workerA.post(`/api/ledger/imports/${view.id}/commit`, { version: view.version + 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    await commitAndWait(t, w.agents.workerA, view.id, view.version);
    const again = await w.agents.workerA.post(`/api/ledger/imports/${view.id}/commit`, { version: view.version + 2 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INVALID_TRANSITION');
  });

  it('lets a community secretary import into every grid of the community, not beyond', async () => {
    const view = await uploadAndParse(
      t,
      w.agents.secA,
      await workbook([
        { 姓名: '社区内', 地址: `${w.prefix}高家沟村12号` },
        { 姓名: '社区外', 楼栋: `${w.prefix}站前小区 7号楼`, 单元: '1', 房号: '101' },
        { 姓名: '外区地址', 地址: `${w.prefix}站前小区 7号楼 1单元101室` },
      ]),
    );
    const rows = (await w.agents.secA.get(`/api/ledger/imports/${view.id}/rows`)).json().items;
    expect(rows.map((r: { problems: { code: string }[] }) => r.problems.map((p) => p.code))).toEqual([
      [],
      ['unknown_building'],
      ['unknown_address'],
    ]);
  });
});

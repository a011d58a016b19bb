/**
 * The commit's SQL copy of plain new persons (ledger-import.bulk.ts): which staging rows it takes (and that the
 * plan reads exactly the others), that a copied person is stored exactly as the plan stores one, and that a
 * failure after the copy or a ledger changed since the preview leaves nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { decodeSensitiveTags, idNumberHash } from '../ledger/person-codec.js';
import { notPlain } from './ledger-import.bulk.js';
import { importsRepository } from './ledger-import.repository.js';

let t: TestApp;
let w: ImportWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeImportWorld(t, 'bk');
});
afterAll(() => t.close());

const persons = (names: string[]) =>
  t.db.kysely.selectFrom('persons').selectAll().where('name', 'in', names).orderBy('name').execute();
const tagsOf = async (id: number) =>
  (
    await t.db.kysely
      .selectFrom('ledgerTags')
      .select(['tagKey', 'areaPath'])
      .where('entityKind', '=', 'person')
      .where('entityId', '=', id)
      .orderBy('tagKey')
      .execute()
  ).map((r) => `${r.tagKey}@${r.areaPath}`);
/** The staging rows of an import that the SQL copy leaves to the plan. */
const planRows = async (importId: number) =>
  (await importsRepository.rowsAfter(t.db.kysely, importId, 0, 100, notPlain(importId))).map((r) => r.rowNo);
const snapshot = () => ledgerSnapshot(t);

describe('the SQL copy of plain new persons', () => {
  it('takes exactly the plain rows of existing households; the plan reads all the others', async () => {
    const again = idNumberOf('1950-02-02', 31);
    const view = await uploadAndParse(
      t,
      w.agents.workerA,
      await workbook([
        { 姓名: '平铺甲', 地址: `${w.prefix}高家沟村12号` }, // 2: plain
        { 姓名: '平铺乙', 楼栋: `${w.prefix}新城壹号 3号楼`, 单元: '2', 房号: '301' }, // 3: plain
        { 姓名: '新房', 楼栋: `${w.prefix}新城壹号 3号楼`, 单元: '2', 房号: '303' }, // 4: a new household
        { 姓名: '已有', 身份证号: w.ids.x, 地址: `${w.prefix}高家沟村12号` }, // 5: duplicate of a person
        { 姓名: '先录', 身份证号: again, 地址: `${w.prefix}高家沟村12号` }, // 6: overlaid by row 7
        { 姓名: '后录', 身份证号: again, 地址: `${w.prefix}高家沟村12号` }, // 7: duplicate of row 6
        { 姓名: '坏行', 身份证号: '123', 地址: `${w.prefix}高家沟村12号` }, // 8: a problem
        { 姓名: '跳过', 地址: `${w.prefix}高家沟村12号` }, // 9: skipped
      ]),
    );
    const decided = await w.agents.workerA.post(`/api/ledger/imports/${view.id}/decisions`, {
      decisions: [
        { rowNo: 5, decision: 'update' },
        { rowNo: 7, decision: 'update' },
        { rowNo: 8, decision: 'skip' },
        { rowNo: 9, decision: 'skip' },
      ],
    });
    expect(decided.json()).toMatchObject({ blockingRows: 0 });
    const id = Number(view.id);
    expect(await planRows(id)).toEqual([4, 5, 6, 7, 8, 9]);

    const done = await commitAndWait(t, w.agents.workerA, view.id, decided.json().version);
    expect(done).toMatchObject({ status: 'committed', result: { inserted: 4, updated: 1, skipped: 2 } });
    const written = await persons(['平铺甲', '平铺乙', '新房', '后录']);
    expect(written.map((p) => p.name).sort()).toEqual(['后录', '平铺乙', '平铺甲', '新房'].sort());
    expect(new Set(written.map((p) => p.id)).size).toBe(4);
    const byName = Object.fromEntries(written.map((p) => [p.name, p]));
    expect(byName.平铺甲?.householdId).toBe(w.households.rural);
    expect(byName.平铺乙?.householdId).toBe(w.households.h301);
    // The commit's audit row counts the copied persons too.
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select(['summary', 'areaPath'])
      .where('action', '=', 'ledger.import_commit')
      .where('entityId', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.summary as string)).toMatchObject({ inserted: 4, updated: 1 });
    expect(audit.areaPath).toBe(w.areas.gridA.path);
  });

  it('stores a copied person exactly as the plan stores one (encrypted, hashed, masked, tags, custom values)', async () => {
    // Same values but the place: 甲 lives in an existing household (copied in SQL), 乙 in an empty room (the plan).
    const common = {
      手机号: '13912345678',
      与户主关系: '子女',
      标签: '党员,残疾,独居',
      迁入日期: '2020-03-04',
      [w.fields.vaccineLabel]: '已接种',
    };
    const idA = idNumberOf('1980-03-03', 41);
    const idB = idNumberOf('1980-03-03', 43);
    const view = await uploadAndParse(
      t,
      w.agents.workerA,
      await workbook(
        [
          { 姓名: '同值甲', 身份证号: idA, 地址: `${w.prefix}高家沟村12号`, ...common },
          { 姓名: '同值乙', 身份证号: idB, 楼栋: `${w.prefix}新城壹号 3号楼`, 单元: '2', 房号: '302', ...common },
        ],
        [w.fields.vaccineLabel],
      ),
    );
    expect(await planRows(Number(view.id))).toEqual([3]);
    const done = await commitAndWait(t, w.agents.workerA, view.id, view.version);
    expect(done).toMatchObject({ status: 'committed', result: { inserted: 2, householdsCreated: 1 } });
    const both = await persons(['同值甲', '同值乙']);
    const a = both.find((p) => p.name === '同值甲');
    const b = both.find((p) => p.name === '同值乙');
    if (!a || !b) throw new Error('persons not written');
    const pii = t.app.ctx.pii;
    expect(pii.decrypt(a.idNoEnc as string)).toBe(idA);
    expect(a.idNoHash).toBe(idNumberHash(pii, idA));
    expect(a.idNoMasked).toBe(`${idA.slice(0, 6)}********${idA.slice(-4)}`);
    expect(pii.decrypt(a.phoneEnc as string)).toBe('13912345678');
    expect(decodeSensitiveTags(pii, a.sensitiveTagsEnc)).toEqual(decodeSensitiveTags(pii, b.sensitiveTagsEnc));
    const same = (p: typeof a) => ({
      ...p,
      id: 0,
      name: '',
      idNoEnc: '',
      idNoHash: '',
      idNoMasked: '',
      phoneEnc: '', // random IVs: compared decrypted above
      sensitiveTagsEnc: '',
      householdId: 0,
    });
    expect(same(a)).toEqual(same(b));
    expect(a).toMatchObject({ relation: 'child', birthDate: '1980-03-03', movedInOn: '2020-03-04', version: 1 });
    expect(JSON.parse(a.custom)).toEqual({ [w.fields.vaccine]: '已接种' });
    expect(await tagsOf(a.id)).toEqual(await tagsOf(b.id));
    expect(await tagsOf(a.id)).toHaveLength(3);
  });

  it('writes nothing when the commit fails after the copy', async () => {
    const view = await uploadAndParse(
      t,
      w.agents.workerA,
      await workbook([
        { 姓名: '复制后失败', 标签: '党员', 地址: `${w.prefix}高家沟村12号` },
        { 姓名: '复制后失败新户', 地址: `${w.prefix}高家沟村99号`, 网格: w.areas.gridA.name },
      ]),
    );
    const before = await snapshot();
    const svc = t.app.services.ledgerImport;
    let copiedInTransaction = 0;
    svc.hooks.afterCopy = async (trx) => {
      copiedInTransaction = (await trx.selectFrom('persons').select('id').where('name', '=', '复制后失败').execute())
        .length;
      throw new Error('power cut');
    };
    try {
      const done = await commitAndWait(t, w.agents.workerA, view.id, view.version);
      expect(done).toMatchObject({ status: 'failed', error: { code: 'INTERNAL' } });
    } finally {
      svc.hooks = {};
    }
    expect(copiedInTransaction).toBe(1);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses the commit (IMPORT_STALE) when a target household was archived since the preview', async () => {
    const view = await uploadAndParse(
      t,
      w.agents.workerB,
      await workbook([{ 姓名: '迟到', 楼栋: `${w.prefix}站前小区 7号楼`, 单元: '1', 房号: '101' }]),
    );
    expect(await planRows(Number(view.id))).toEqual([]);
    await t.db.kysely
      .updateTable('households')
      .set({ archivedAt: Date.now() })
      .where('id', '=', w.households.h7)
      .execute();
    const before = await snapshot();
    try {
      const done = await commitAndWait(t, w.agents.workerB, view.id, view.version);
      expect(done).toMatchObject({ status: 'failed', error: { code: 'IMPORT_STALE' } });
      expect(await snapshot()).toEqual(before);
    } finally {
      await t.db.kysely.updateTable('households').set({ archivedAt: null }).where('id', '=', w.households.h7).execute();
    }
  });
});

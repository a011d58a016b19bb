/**
 * Fixtures of the ledger's Excel import: a world with buildings, rooms and households in two streets, the
 * importers of each, persons already in the ledger, two custom fields — and helpers to build a workbook with
 * exceljs, upload it and wait for the background parse/commit.
 */
import { randomBytes } from 'node:crypto';
import { importColumns } from '@grassroots/shared/ledger-import/ledger-import.rules';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { makeAccount, makeTwoStreets } from './factories.js';
import { idNumberOf, insertPerson } from './factories.ledger.js';
import { makeBuilding, makeCompound, makeHousehold, makeRoom } from './factories.places.js';
import type { Agent, TestApp } from './harness.js';

export { idNumberOf };

export type ImportWorld = Awaited<ReturnType<typeof makeImportWorld>>;

export async function makeImportWorld(t: TestApp, prefix = 'imp') {
  const db = t.db;
  const areas = await makeTwoStreets(db);
  const xincheng = await makeCompound(db, areas.communityA, `${prefix}新城壹号`);
  const binhe = await makeCompound(db, areas.communityA, `${prefix}滨河佳苑`);
  const zhanqian = await makeCompound(db, areas.communityB, `${prefix}站前小区`);
  const b3 = await makeBuilding(db, areas.gridA, { name: '3号楼', compoundId: xincheng.id });
  const b3other = await makeBuilding(db, areas.gridA, { name: '3号楼', compoundId: binhe.id });
  const b7 = await makeBuilding(db, areas.gridB, { name: '7号楼', compoundId: zhanqian.id });
  const h301 = await makeHousehold(db, areas.gridA, {
    address: `${prefix}新城壹号 3号楼 2单元301室`,
    buildingId: b3.id,
    unit: '2',
    room: '301',
  });
  const room302 = await makeRoom(db, b3.id, '2', '302');
  const room303 = await makeRoom(db, b3.id, '2', '303');
  await makeRoom(db, b3other.id, '1', '101');
  const h7 = await makeHousehold(db, areas.gridB, {
    address: `${prefix}站前小区 7号楼 1单元101室`,
    buildingId: b7.id,
    unit: '1',
    room: '101',
  });
  const rural = await makeHousehold(db, areas.gridA, { address: `${prefix}高家沟村12号` });
  const ids = {
    x: idNumberOf('1960-05-04', 111),
    y: idNumberOf('1971-08-09', 222),
  };
  const persons = {
    x: await insertPerson(t, h301.id, { name: '李建国', idNumber: ids.x, relation: 'head', tags: ['党员'] }),
    y: await insertPerson(t, h7.id, { name: '赵秀英', idNumber: ids.y, relation: 'head' }),
  };
  const now = Date.now();
  await db.kysely
    .insertInto('ledgerFields')
    .values([
      {
        code: `${prefix}_vaccine`,
        label: `${prefix}疫苗`,
        datatype: 'select',
        options: '["已接种","未接种"]',
        sortOrder: 1,
        createdAt: now,
        updatedAt: now,
      },
      {
        code: `${prefix}_height`,
        label: `${prefix}身高`,
        datatype: 'number',
        options: '[]',
        sortOrder: 2,
        createdAt: now,
        updatedAt: now,
      },
    ])
    .execute();
  const acc = {
    workerA: await makeAccount(db, `${prefix}_workerA`, [{ role: 'grid_worker', areaId: areas.gridA.id }]),
    workerB: await makeAccount(db, `${prefix}_workerB`, [{ role: 'grid_worker', areaId: areas.gridB.id }]),
    secA: await makeAccount(db, `${prefix}_secA`, [{ role: 'community_secretary', areaId: areas.communityA.id }]),
    leaderA: await makeAccount(db, `${prefix}_leaderA`, [{ role: 'leader', areaId: areas.streetA.id }]),
    member: await makeAccount(db, `${prefix}_member`, [{ role: 'party_member', areaId: areas.gridA.id }]),
  };
  await db.kysely
    .insertInto('householdLinks')
    .values({ accountId: acc.member.id, householdId: rural.id, createdAt: now })
    .execute();
  const agents = {} as Record<keyof typeof acc, Agent>;
  for (const n of Object.keys(acc) as (keyof typeof acc)[]) agents[n] = await t.login(`${prefix}_${n}`);
  return {
    prefix,
    areas,
    buildings: { b3, b3other, b7 },
    rooms: { room302, room303 },
    households: { h301: h301.id, h7: h7.id, rural: rural.id },
    ids,
    persons,
    fields: {
      vaccine: `${prefix}_vaccine`,
      height: `${prefix}_height`,
      vaccineLabel: `${prefix}疫苗`,
      heightLabel: `${prefix}身高`,
    },
    accounts: acc,
    agents,
  };
}

export type SheetRow = Record<string, string | number | Date | null | undefined>;

/** A workbook whose first sheet has the template headers (+ `extra` headers) and one row per object. */
export async function workbook(rows: SheetRow[], extra: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  const headers = [...importColumns.map((c) => c.header), ...extra];
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A multipart/form-data body with one `file` part. */
export function multipart(data: Buffer, filename = 'ledger.xlsx', type = 'application/octet-stream') {
  const boundary = `----grimp${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const upload = (agent: Agent, data: Buffer, filename?: string) => {
  const m = multipart(data, filename);
  return agent.post('/api/ledger/imports', m.body, m.headers);
};

/** Uploads, waits for the parse and returns the import view (status preview expected). */
export async function uploadAndParse(t: TestApp, agent: Agent, data: Buffer) {
  const res = await upload(agent, data);
  expect(res.statusCode, res.body).toBe(202);
  const id = res.json().id as string;
  await t.app.services.ledgerImport.settled(Number(id));
  const view = await agent.get(`/api/ledger/imports/${id}`);
  expect(view.statusCode).toBe(200);
  return view.json();
}

/** Commits and waits for the background write; returns the final import view. */
export async function commitAndWait(t: TestApp, agent: Agent, id: string, version: number) {
  const res = await agent.post(`/api/ledger/imports/${id}/commit`, { version });
  expect(res.statusCode, res.body).toBe(202);
  await t.app.services.ledgerImport.settled(Number(id));
  return (await agent.get(`/api/ledger/imports/${id}`)).json();
}

type Counted = 'persons' | 'households' | 'ledgerTags' | 'auditLog';
const countRows = async (t: TestApp, table: Counted) =>
  Number(
    (
      await t.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Row counts of what a commit writes: one that fails or is refused must leave them all as they were. */
export const ledgerSnapshot = async (t: TestApp) => ({
  persons: await countRows(t, 'persons'),
  households: await countRows(t, 'households'),
  tags: await countRows(t, 'ledgerTags'),
  audit: await countRows(t, 'auditLog'),
});

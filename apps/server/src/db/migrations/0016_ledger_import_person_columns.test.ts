/**
 * Migration 0016 on both dialects: staging rows of a preview left open across the upgrade — a row encoded as a
 * new person of an existing household (the old `person` JSON: [values, tag keys, target, rest]), one of a new
 * household, one with problems — come out with their persons columns, household and a `person` of [tag keys,
 * target, rest], and open to the same row as before.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDb } from '../../../test/empty-db.js';
import { createPii } from '../../core/pii.js';
import {
  openRow,
  PERSON_COLUMNS,
  personParts,
  type StoredRow,
  storedPerson,
} from '../../modules/ledger-import/ledger-import.crypto.js';
import type { StagedPerson } from '../../modules/ledger-import/ledger-import.validate.js';
import type { Db } from '../dialect.js';
import { migrateToLatest } from '../migrate.js';

const pii = createPii(Buffer.alloc(32, 3));
let db: Db;
let drop: () => Promise<void>;

const person = (name: string, target: StagedPerson['target']): StagedPerson => ({
  name,
  idNumber: '11010519491231002X',
  idHash: pii.hash('11010519491231002X'),
  phone: '13812345678',
  gender: 'female',
  birthDate: '1949-12-31',
  relation: 'head',
  tags: ['独居老人', '低保'],
  custom: { vaccine: '已接种' },
  movedInOn: null,
  place: { building: '3号楼', unit: '2', room: '302', address: '', grid: '' },
  target,
  present: ['idNumber', 'phone', 'tags'],
});
const joining = person('入户甲', { kind: 'household', householdId: 7, areaPath: '/1/2/', address: '3号楼2单元302' });
const founding = person('新户乙', { kind: 'newAddress', gridId: 4, areaPath: '/1/3/', address: '高家沟村8号' });

/** A row's `person` as 0009–0015 stored it: the values JSON first. */
function oldPerson(p: StagedPerson) {
  const { values, before, after } = personParts(pii, p);
  return `[${JSON.stringify(values)},${before.slice(1)}${JSON.stringify(p.target)}${after}`;
}

beforeAll(async () => {
  ({ db, drop } = await emptyDb('m0016'));
  await migrateToLatest(db, '0015_rollup_area_rows');
  const k = db.kysely;
  await k
    .insertInto('accounts')
    .values({ username: 'm', displayName: 'm', passwordHash: 'x', createdAt: 1, updatedAt: 1 } as never)
    .execute();
  await k
    .insertInto('ledgerImports')
    .values({ id: 1, createdBy: 1, fileName: 'a.xlsx', status: 'preview', createdAt: 1, updatedAt: 1 } as never)
    .execute();
  const rows = [
    { rowNo: 2, dataEnc: null, person: oldPerson(joining) },
    { rowNo: 3, dataEnc: null, person: oldPerson(founding) },
    { rowNo: 4, dataEnc: pii.encrypt(JSON.stringify(joining)), person: null, problems: '[{"field":"phone"}]' },
  ];
  for (const r of rows)
    await k
      .insertInto('ledgerImportRows')
      .values({ importId: 1, ...r } as never)
      .execute();
  expect(await migrateToLatest(db)).toContain('0016_ledger_import_person_columns');
});
afterAll(async () => {
  await db?.close();
  await drop?.();
});

const staged = async () =>
  (await db.kysely.selectFrom('ledgerImportRows').selectAll().orderBy('rowNo').execute()) as (StoredRow & {
    rowNo: number;
    householdId: number | null;
    areaPath: string | null;
  })[];

describe('migration 0016: staged persons as columns', () => {
  it('moves the values into the persons columns and keeps the rest in `person`', async () => {
    const [a, b, c] = await staged();
    const { values, before } = personParts(pii, joining);
    // Encryption is randomised: the sealed columns are checked by what the row opens to (below).
    const sealed = new Set(['idNoEnc', 'phoneEnc', 'sensitiveTagsEnc']);
    PERSON_COLUMNS.forEach((col, i) => {
      if (!sealed.has(col)) expect([col, a?.[col]]).toEqual([col, values[i]]);
    });
    expect([a?.householdId, a?.areaPath]).toEqual([7, '/1/2/']);
    expect([b?.householdId, b?.areaPath]).toEqual([null, '/1/3/']);
    expect(JSON.parse(a?.person ?? '')[0]).toEqual(JSON.parse(`${before.slice(0, -1)}]`)[0]);
    expect(storedPerson(a as StoredRow).target).toEqual(joining.target);
    expect(storedPerson(a as StoredRow).encoded.values).toHaveLength(PERSON_COLUMNS.length);
    expect(openRow(pii, a as StoredRow)).toEqual(joining);
    expect(openRow(pii, b as StoredRow)).toEqual(founding);
    // A row with problems stays sealed whole, its person columns empty.
    expect(c?.person).toBeNull();
    expect(PERSON_COLUMNS.every((col) => c?.[col] == null)).toBe(true);
    expect(openRow(pii, c as StoredRow)).toEqual(joining);
  });
});

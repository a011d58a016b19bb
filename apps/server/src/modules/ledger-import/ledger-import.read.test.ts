/**
 * Rows encoded by the reader thread (`encodeRows` → PersonParts) are stored exactly as rows the main thread
 * encodes when it seals a batch: the same person once opened, the same target and tag keys.
 */
import { describe, expect, it } from 'vitest';
import { createPii } from '../../core/pii.js';
import {
  openRow,
  PERSON_COLUMNS,
  type Sealed,
  type StoredRow,
  sealPersons,
  storedPerson,
} from './ledger-import.crypto.js';
import { encodeRows, type ReadRow } from './ledger-import.read.js';
import type { StagedPerson } from './ledger-import.validate.js';

const pii = createPii(Buffer.alloc(32, 9));
const person = (name: string, tags: string[]): StagedPerson => ({
  name,
  idNumber: '11010519491231002X',
  idHash: pii.hash('11010519491231002X'),
  phone: '13812345678',
  gender: 'male',
  birthDate: '1949-12-31',
  relation: 'head',
  tags,
  custom: { vaccine: '已接种' },
  movedInOn: '2020-01-02',
  place: { building: '新城壹号 3号楼', unit: '2', room: '302', address: '', grid: '' },
  target: { kind: 'household', householdId: 7, areaPath: '/1/2/', address: '新城壹号3号楼2单元302' },
  present: ['idNumber', 'phone', 'tags'],
});

/** A sealed row as the staging table gives it back. */
const stored = (s: Sealed | undefined): StoredRow => {
  const { dataEnc = null, values, person = null } = s ?? {};
  return {
    dataEnc,
    person,
    ...Object.fromEntries(PERSON_COLUMNS.map((c, i) => [c, values?.[i] ?? null])),
  } as StoredRow;
};

describe('rows encoded on the reader thread', () => {
  it('are stored as the main thread would store them', () => {
    const persons = [person('张丽华', ['党员', '低保']), person('李建国', [])];
    const rows: ReadRow[] = persons.map((p, i) => ({
      rowNo: i + 2,
      person: p,
      problems: [],
      duplicateRow: null,
      encoded: null,
    }));
    expect(encodeRows(pii, rows, 0, 1)).toBe(1);
    expect([rows[0]?.encoded != null, rows[1]?.encoded]).toEqual([true, null]);
    const byReader = sealPersons(pii, persons, [true, true], [rows[0]?.encoded ?? null, null]);
    const byMain = sealPersons(pii, persons, [true, true]);
    for (const i of [0, 1]) {
      const [a, b] = [byReader[i], byMain[i]];
      expect(a?.dataEnc).toBeNull();
      expect(openRow(pii, stored(a))).toEqual(openRow(pii, stored(b)));
      const [sa, sb] = [storedPerson(stored(a)), storedPerson(stored(b))];
      expect(sa.encoded.values.length).toBe(PERSON_COLUMNS.length);
      expect(sa.target).toEqual(persons[i]?.target);
      expect(sa.encoded.tagKeys).toEqual(sb.encoded.tagKeys);
    }
    expect(openRow(pii, stored(byReader[0])).tags.sort()).toEqual(['低保', '党员'].sort());
  });

  it('are only those validation passed', () => {
    const rows: ReadRow[] = [
      {
        rowNo: 2,
        person: person('甲', []),
        problems: [{ field: 'phone', code: 'bad_phone' }],
        duplicateRow: null,
        encoded: null,
      },
      { rowNo: 3, person: person('乙', []), problems: [], duplicateRow: null, encoded: null },
    ];
    expect(encodeRows(pii, rows, 0, 50)).toBe(2);
    expect(rows.map((r) => r.encoded != null)).toEqual([false, true]);
  });
});

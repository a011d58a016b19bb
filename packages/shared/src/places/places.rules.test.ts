import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isPhoneQuery,
  isPublicCode,
  normalisePhone,
  planRooms,
  publicCodeFrom,
  roomAddress,
  roomNumber,
} from './places.rules.js';

describe('places rules', () => {
  it('numbers rooms by floor and index', () => {
    expect(roomNumber(1, 1)).toBe('101');
    expect(roomNumber(3, 12)).toBe('312');
    expect(roomNumber(12, 5)).toBe('1205');
  });

  it('plans units × floors × rooms, each unique', () => {
    const plan = planRooms(2, 3, 2);
    expect(plan).toHaveLength(12);
    expect(plan[0]).toEqual({ unit: '1', number: '101', floor: 1 });
    expect(plan.at(-1)).toEqual({ unit: '2', number: '302', floor: 3 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 9 }),
        (u, f, r) => {
          const p = planRooms(u, f, r);
          return p.length === u * f * r && new Set(p.map((x) => `${x.unit}|${x.number}`)).size === p.length;
        },
      ),
    );
  });

  it('derives a room address', () => {
    expect(roomAddress('新城壹号', '3号楼', '2', '301')).toBe('新城壹号 3号楼 2单元301室');
    expect(roomAddress(null, '3号楼', '1', '101')).toBe('3号楼 1单元101室');
  });

  it('recognises phone queries and normalises them', () => {
    expect(isPhoneQuery('13812345678')).toBe(true);
    expect(isPhoneQuery('138-1234-5678')).toBe(true);
    expect(isPhoneQuery('0358 8221234')).toBe(true);
    expect(isPhoneQuery('3号楼')).toBe(false);
    expect(isPhoneQuery('301')).toBe(false);
    expect(normalisePhone(' 138-1234 5678 ')).toBe('13812345678');
    expect(normalisePhone('+86 138 1234 5678')).toBe('+8613812345678');
  });

  it('makes 12-character base32 public codes from random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 16 }), (bytes) => isPublicCode(publicCodeFrom(bytes))),
    );
    expect(() => publicCodeFrom(new Uint8Array(4))).toThrow();
    expect(isPublicCode('abc')).toBe(false);
    expect(isPublicCode('ABCDEFGHIJKL')).toBe(false);
  });
});

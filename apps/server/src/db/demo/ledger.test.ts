/**
 * The demo ledger's pure parts: ID numbers are valid, unique and agree with birth date and gender (and stay out
 * of the regions the journeys use); birth dates give the asked age on any day; household members fit together;
 * sizes can be made to add up to seed 002's figures; bulk statements come in a few reusable sizes.
 */
import { parseIdNumber } from '@grassroots/shared/ledger/idcard';
import { ageOn } from '@grassroots/shared/ledger/ledger.rules';
import { describe, expect, it } from 'vitest';
import { statementSizes } from './bulk.js';
import { draftHome, type Home } from './ledger-household.js';
import { Calendar, dayString, IdNumbers } from './ledger-ids.js';
import { fitSizes, type HouseholdKind, kindOf, membersOf, SIZE_RANGE, sizeOf } from './ledger-people.js';
import { createRng, genderOfName } from './random.js';

describe('demo ID numbers', () => {
  it('are valid, unique, and carry the birth date and gender they were made for', () => {
    const rng = createRng(1);
    const ids = new IdNumbers();
    const cal = new Calendar('2026-11-23');
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const birth = cal.birth(rng, rng.int(0, 100));
      const gender = rng.chance(0.5) ? 'male' : 'female';
      const id = ids.next(rng, birth, gender, rng.chance(0.3) ? 'county' : 'local');
      const parsed = parseIdNumber(id, '2026-11-23');
      expect(parsed).toEqual({ ok: true, id, birthDate: dayString(birth), gender });
      expect(id.slice(0, 6)).not.toBe('141122');
      expect(id.slice(0, 4)).not.toBe('1426');
      seen.add(id);
    }
    expect(seen.size).toBe(20_000);
  });

  it('moves on to another region when a birth date has no sequence left', () => {
    const rng = createRng(2);
    const ids = new IdNumbers();
    const birth = new Calendar('2026-11-23').birth(rng, 40);
    const made = Array.from({ length: 1200 }, () => ids.next(rng, birth, 'male', 'local'));
    expect(new Set(made).size).toBe(1200);
    expect(new Set(made.map((id) => id.slice(0, 6))).size).toBeGreaterThanOrEqual(3);
    expect(made.every((id) => parseIdNumber(id, '2026-11-23').ok && Number(id[16]) % 2 === 1)).toBe(true);
  });
});

describe('demo birth dates', () => {
  it('give exactly the asked age, whatever the day of the year', () => {
    const rng = createRng(3);
    for (const today of ['2026-11-23', '2026-01-01', '2026-03-31', '2028-02-29', '2026-12-31']) {
      const cal = new Calendar(today);
      for (let age = 0; age <= 100; age++)
        for (let i = 0; i < 20; i++) {
          const birth = dayString(cal.birth(rng, age));
          expect(birth <= today).toBe(true);
          expect(ageOn(birth, today), `${birth} on ${today}`).toBe(age);
        }
    }
  });
});

describe('demo households', () => {
  const kinds: HouseholdKind[] = ['alone', 'emptyNest', 'leftBehind', 'tenant', 'newcomer', 'family'];

  it('have one adult head, members whose ages fit, and sizes of their kind', () => {
    const rng = createRng(4);
    for (const kind of kinds)
      for (let i = 0; i < 500; i++) {
        const size = sizeOf(rng, kind);
        const [lo, hi] = SIZE_RANGE[kind];
        expect(size).toBeGreaterThanOrEqual(lo);
        expect(size).toBeLessThanOrEqual(hi);
        const members = membersOf(rng, kind, size, rng.chance(0.5) ? 'male' : 'female');
        expect(members).toHaveLength(size);
        const [head, ...rest] = members;
        expect(head?.relation).toBe('head');
        expect(rest.every((m) => m.relation !== 'head')).toBe(true);
        expect(head?.age).toBeGreaterThanOrEqual(20);
        for (const m of rest) {
          if (m.relation === 'child') expect((head?.age ?? 0) - m.age).toBeGreaterThanOrEqual(22);
          if (m.relation === 'parent') expect(m.age - (head?.age ?? 0)).toBeGreaterThanOrEqual(22);
          if (m.relation === 'spouse') expect(m.gender).not.toBe(head?.gender);
        }
        if (kind === 'alone') expect(head?.age).toBeGreaterThanOrEqual(65);
        if (kind === 'emptyNest') expect(members.every((m) => m.age >= 56)).toBe(true);
        if (kind === 'leftBehind')
          expect(rest.filter((m) => m.relation === 'grandchild').every((m) => m.age <= 15)).toBe(true);
      }
  });

  it('read their kind from the household tags, the elderly first', () => {
    expect(kindOf(['独居老人', '党员户'])).toBe('alone');
    expect(kindOf(['出租户', '留守儿童'])).toBe('leftBehind');
    expect(kindOf(['出租户'])).toBe('tenant');
    expect(kindOf([])).toBe('family');
  });

  it('can be sized to seed 002: 162 households, 440 people', () => {
    const rng = createRng(5);
    const k: HouseholdKind[] = Array.from({ length: 162 }, (_, i) => (i % 20 === 0 ? 'alone' : 'family'));
    const sizes = k.map((kind) => sizeOf(rng, kind));
    const flexible = k.flatMap((kind, i) => (kind === 'alone' ? [] : [i]));
    const fixed = k.filter((kind) => kind === 'alone').length;
    expect(fitSizes(rng, sizes, k, flexible, 440 - fixed)).toBe(true);
    expect(sizes.reduce((n, s) => n + s, 0)).toBe(440);
    expect(sizes.every((s, i) => s >= 1 && s <= 5 && (k[i] !== 'alone' || s === 1))).toBe(true);
  });

  it('name the family: the registered head, the line surname for children, honour the household tags', () => {
    const rng = createRng(6);
    const env = { rng, cal: new Calendar('2026-11-23'), ids: new IdNumbers() };
    const home: Home = {
      headName: '王建国',
      tags: ['党员户', '退役军人'],
      noSmartphone: false,
      phone: '13912345678',
      since: 2010,
    };
    for (let i = 0; i < 200; i++) {
      const d = draftHome(env, home, 'family', 4, i % 2 ? 'old' : null);
      const current = d.persons.filter((p) => !p.movedOutOn);
      expect(current).toHaveLength(4);
      expect(current[0]).toMatchObject({ name: '王建国', relation: 'head', gender: 'male', phone: '13912345678' });
      for (const p of current.filter((x) => x.relation === 'child' || x.relation === 'grandchild'))
        expect(p.name.startsWith('王')).toBe(true);
      expect(current.some((p) => p.tags?.includes('党员'))).toBe(true);
      expect(current.some((p) => p.tags?.includes('退役军人'))).toBe(true);
      for (const p of d.persons) {
        expect(genderOfName(p.name) ?? p.gender).toBe(p.gender);
        expect(p.movedInOn && p.movedInOn >= (p.birthDate as string)).toBe(true);
        if (p.movedOutOn) expect(p.movedOutOn > (p.movedInOn as string)).toBe(true);
      }
    }
  });
});

describe('bulk statement sizes', () => {
  it('are full chunks and then powers of two that add up', () => {
    expect(statementSizes(0, 1000)).toEqual([]);
    expect(statementSizes(2700, 1000)).toEqual([1000, 1000, 512, 128, 32, 16, 8, 4]);
    expect(statementSizes(7, 1000)).toEqual([4, 2, 1]);
    for (const n of [1, 999, 1000, 1001, 12_345]) expect(statementSizes(n, 1428).reduce((a, b) => a + b, 0)).toBe(n);
  });
});

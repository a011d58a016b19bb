import { idCheckChar } from '@grassroots/shared/ledger/idcard';
import { describe, expect, it } from 'vitest';
import { checkIdNumber, customValues, isPhoneNumber, personBody } from './person-form';

const valid = (first17: string) => first17 + idCheckChar(first17);
const today = '2026-05-01';

describe('checkIdNumber', () => {
  it('derives birth date and gender from a valid number', () => {
    const id = valid('14260119900101123');
    expect(checkIdNumber(id, today)).toEqual({ kind: 'ok', id, birthDate: '1990-01-01', gender: 'male' });
    expect(checkIdNumber(valid('14260119851231002'), today)).toMatchObject({ kind: 'ok', gender: 'female' });
  });
  it('accepts a lower-case x and spaces', () => {
    let first = '';
    for (let n = 100; n < 999; n++) {
      first = `14260120000201${String(n).padStart(3, '0')}`;
      if (idCheckChar(first) === 'X') break;
    }
    expect(checkIdNumber(`${first.slice(0, 6)} ${first.slice(6)}x`, today)).toMatchObject({
      kind: 'ok',
      id: `${first}X`,
    });
  });
  it('names the problem', () => {
    expect(checkIdNumber('', today)).toEqual({ kind: 'empty' });
    expect(checkIdNumber('12345', today)).toEqual({ kind: 'bad', problem: 'format' });
    expect(checkIdNumber(valid('14260119901301123'), today)).toEqual({ kind: 'bad', problem: 'birthDate' });
    const id = valid('14260119900101123');
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(checkIdNumber(wrong, today)).toEqual({ kind: 'bad', problem: 'checksum' });
  });
});

describe('isPhoneNumber', () => {
  it('takes mobiles and landlines with area code', () => {
    expect(isPhoneNumber('13812345678')).toBe(true);
    expect(isPhoneNumber('0351-1234567')).toBe(true);
    expect(isPhoneNumber('1234')).toBe(false);
    expect(isPhoneNumber('23812345678')).toBe(false);
  });
});

describe('personBody', () => {
  const defs = [
    { code: 'vaccine', datatype: 'select' },
    { code: 'doses', datatype: 'number' },
    { code: 'checked', datatype: 'boolean' },
    { code: 'on', datatype: 'date' },
    { code: 'note', datatype: 'string' },
  ];
  const day = (s: string) => ({ format: () => s });

  it('sends the normalised ID number and no birth date beside it', () => {
    const id = valid('14260119900101123');
    const body = personBody(
      {
        name: ' 王五 ',
        idNumber: `${id.toLowerCase()} `,
        birthDate: day('1990-01-01'),
        gender: 'male',
        relation: 'head',
      },
      defs,
      true,
    );
    expect(body).toEqual({
      name: '王五',
      idNumber: id,
      relation: 'head',
      tags: [],
      sensitiveTags: [],
      custom: {},
    });
  });

  it('sends a birth date when there is no ID number, and the move-in date on create', () => {
    const body = personBody(
      {
        name: '小明',
        birthDate: day('2020-02-02'),
        relation: 'child',
        movedInOn: day('2026-01-05'),
        phone: '138 1234 5678',
      },
      defs,
      true,
    );
    expect(body).toMatchObject({ birthDate: '2020-02-02', movedInOn: '2026-01-05', phone: '13812345678' });
    expect(body).not.toHaveProperty('idNumber');
  });

  it('sends birth date and gender only when no ID number fixes them', () => {
    const v = { name: '小红', birthDate: day('2001-01-01'), gender: 'female' as const, relation: 'child' };
    expect(personBody(v, defs, false)).toMatchObject({ birthDate: '2001-01-01', gender: 'female' });
    const stored = personBody(v, defs, false, true);
    expect(stored).not.toHaveProperty('birthDate');
    expect(stored).not.toHaveProperty('gender');
  });

  it('leaves hidden sensitive tags alone on edit unless asked to replace them', () => {
    const base = { name: '李四', relation: 'spouse', sensitiveTags: ['低保'] };
    expect(personBody(base, defs, false)).not.toHaveProperty('sensitiveTags');
    expect(personBody({ ...base, replaceSensitive: true }, defs, false)).toMatchObject({ sensitiveTags: ['低保'] });
    expect(
      personBody({ ...base, replaceSensitive: true, sensitiveTags: undefined }, defs, false).sensitiveTags,
    ).toEqual([]);
    expect(personBody({ ...base, movedInOn: day('2026-01-01') }, defs, false)).not.toHaveProperty('movedInOn');
  });

  it('converts custom values by datatype and drops blanks', () => {
    expect(
      customValues(
        { vaccine: '已接种', doses: '3', checked: 'true', on: day('2026-03-04'), note: '  ', other: 'x' },
        defs,
      ),
    ).toEqual({ vaccine: '已接种', doses: 3, checked: true, on: '2026-03-04' });
    expect(customValues({ checked: false, note: ' a ' }, defs)).toEqual({ checked: false, note: 'a' });
  });
});

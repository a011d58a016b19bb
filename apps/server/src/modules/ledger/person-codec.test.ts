import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPii } from '../../core/pii.js';
import { decodeSensitiveTags, encodePerson, idNumberHash, tagKey } from './person-codec.js';

const pii = createPii(randomBytes(32));

describe('person codec', () => {
  it('encrypts ID and phone, keeps a keyed hash and a masked copy, and splits tags', () => {
    const { columns, tagKeys } = encodePerson(pii, {
      name: '王秀兰',
      idNumber: '11010519491231002x',
      phone: '138 1234 5678',
      tags: ['党员', '低保', '党员'],
    });
    expect(columns.idNoMasked).toBe('110105********002X');
    expect(columns.phoneMasked).toBe('138****5678');
    expect(pii.decrypt(columns.idNoEnc as string)).toBe('11010519491231002X');
    expect(columns.idNoHash).toBe(idNumberHash(pii, '11010519491231002X'));
    expect(JSON.parse(columns.tags)).toEqual(['党员']);
    expect(decodeSensitiveTags(pii, columns.sensitiveTagsEnc)).toEqual(['低保']);
    expect(tagKeys).toEqual(['党员', tagKey(pii, '低保')]);
    // Nothing sensitive in clear anywhere in the stored columns.
    const stored = JSON.stringify(columns) + tagKeys.join();
    for (const secret of ['19491231', '12345678', '低保']) expect(stored).not.toContain(secret);
  });

  it('a sensitive tag key is the keyed hash, the same on every call, and differs per key', () => {
    const other = createPii(randomBytes(32));
    expect(tagKey(pii, '低保')).toBe(`s:${pii.hash('tag:低保')}`);
    expect(tagKey(pii, '低保')).toBe(tagKey(pii, '低保'));
    expect(tagKey(other, '低保')).toBe(`s:${other.hash('tag:低保')}`);
    expect(tagKey(other, '低保')).not.toBe(tagKey(pii, '低保'));
    expect(tagKey(pii, '党员')).toBe('党员');
  });

  it('reuses a known ID-number hash instead of computing it again', () => {
    const id = '11010519491231002X';
    const known = encodePerson(pii, { name: '王', idNumber: id }, { idHash: idNumberHash(pii, id) });
    expect(known.columns.idNoHash).toBe(encodePerson(pii, { name: '王', idNumber: id }).columns.idNoHash);
    expect(encodePerson(pii, { name: '王' }, { idHash: 'ignored' }).columns.idNoHash).toBeNull();
  });
});

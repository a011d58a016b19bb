import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { createPii, ivSource, loadPiiKey } from './pii.js';

describe('personal-data encryption', () => {
  const pii = createPii(Buffer.alloc(32, 1));

  it('round-trips and never produces the same ciphertext twice', () => {
    const a = pii.encrypt('13812345678');
    const b = pii.encrypt('13812345678');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812345678');
    expect(pii.decrypt(a)).toBe('13812345678');
    expect(pii.decrypt(pii.encrypt('张三 142601199001011234'))).toBe('张三 142601199001011234');
  });

  it('never hands out the same IV twice, across pool refills, and never changes one handed out', () => {
    const next = ivSource(3);
    const ivs = Array.from({ length: 100 }, () => next());
    const copies = ivs.map((iv) => Buffer.from(iv));
    for (let i = 0; i < 10; i++) next();
    expect(ivs.every((iv) => iv.length === 12)).toBe(true);
    expect(ivs.every((iv, i) => iv.equals(copies[i] as Buffer))).toBe(true);
    expect(new Set(ivs.map((iv) => iv.toString('hex'))).size).toBe(100);
  });

  it('uses a fresh IV for every encryption (10,000 of them: over two pool refills)', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const enc = pii.encrypt('x');
      expect(pii.decrypt(enc)).toBe('x');
      ivs.add(enc.split('.')[1] as string);
    }
    expect(ivs.size).toBe(10_000);
    expect(pii.decrypt(pii.encrypt(''))).toBe('');
  });

  it('detects tampering (GCM tag)', () => {
    const enc = pii.encrypt('13812345678');
    const parts = enc.split('.');
    const ct = Buffer.from(parts[3] ?? '', 'base64url');
    ct[0] = (ct[0] ?? 0) ^ 1;
    parts[3] = ct.toString('base64url');
    expect(() => pii.decrypt(parts.join('.'))).toThrow();
  });

  it('keyed hash: stable, normalised, key-dependent', () => {
    expect(pii.hash('13812345678')).toBe(pii.hash(' 13812345678 '));
    expect(pii.hash('14260119900101123x')).toBe(pii.hash('14260119900101123X'));
    expect(createPii(Buffer.alloc(32, 2)).hash('13812345678')).not.toBe(pii.hash('13812345678'));
  });

  it('creates a 0600 key file on first start and reuses it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pii-')), 'pii.key');
    const k1 = loadPiiKey({ keyFile: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadPiiKey({ keyFile: file }).equals(k1)).toBe(true);
    expect(() => loadPiiKey({ key: 'c2hvcnQ=', keyFile: file })).toThrow(/32 bytes/);
  });
});

describe('keyed-hash exact search in the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('finds an encrypted phone by its hash on this dialect', async () => {
    const { pii } = t.app.ctx;
    const now = Date.now();
    for (const [u, phone] of [
      ['a', '13800000001'],
      ['b', '13800000002'],
    ] as const) {
      await t.db.kysely
        .insertInto('accounts')
        .values({
          username: u,
          displayName: u,
          phoneEnc: pii.encrypt(phone),
          phoneHash: pii.hash(phone),
          passwordHash: 'x',
          createdAt: now,
          updatedAt: now,
        })
        .execute();
    }
    const hit = await t.db.kysely
      .selectFrom('accounts')
      .select(['username', 'phoneEnc'])
      .where('phoneHash', '=', pii.hash('13800000002'))
      .execute();
    expect(hit.map((h) => h.username)).toEqual(['b']);
    expect(pii.decrypt(hit[0]?.phoneEnc ?? '')).toBe('13800000002');
  });
});

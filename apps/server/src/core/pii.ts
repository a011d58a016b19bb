/**
 * Personal-data primitives: AES-256-GCM field encryption at rest and a keyed hash (HMAC-SHA256)
 * for exact-match search over encrypted fields. The key never leaves the server; the ciphertext
 * format is `v1.<iv>.<tag>.<ciphertext>` (base64url) so a future key rotation can add `v2`.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Pii {
  encrypt(plain: string): string;
  decrypt(enc: string): string;
  /** Keyed hash of a normalised value; same input ⇒ same hash, useless without the key. */
  hash(plain: string): string;
}

export function loadPiiKey(opts: { key?: string; keyFile: string }): Buffer {
  if (opts.key) {
    const k = Buffer.from(opts.key, 'base64');
    if (k.length !== 32) throw new Error('PII_KEY must be base64 of exactly 32 bytes');
    return k;
  }
  if (existsSync(opts.keyFile)) {
    const k = Buffer.from(readFileSync(opts.keyFile, 'utf8').trim(), 'base64');
    if (k.length !== 32) throw new Error(`${opts.keyFile} does not hold a 32-byte base64 key`);
    return k;
  }
  mkdirSync(dirname(opts.keyFile), { recursive: true });
  const k = randomBytes(32);
  writeFileSync(opts.keyFile, `${k.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(opts.keyFile, 0o600);
  return k;
}

/** IVs handed out per refill of the pool (12 bytes each): one CSPRNG call per 4096 encryptions. */
const IVS_PER_REFILL = 4096;

/**
 * A source of fresh 96-bit GCM IVs: random, like `randomBytes(12)` per call, but drawn from a pool filled by one
 * CSPRNG call per IVS_PER_REFILL IVs (a call per IV cost ≈ a quarter of an encryption). Random rather than a
 * counter because several processes (servers, workers, tests, the demo loader) encrypt under the same key with
 * no shared state: a counter would need coordination and persistence across restarts to never repeat, random
 * IVs need neither. Each pool byte is used once (the pool is replaced, never rewound or refilled in place), so
 * an IV repeats only by chance — the same 2^-32-after-2^32-messages bound as one randomBytes(12) per call
 * (NIST SP 800-38D 8.2.2).
 */
export function ivSource(perRefill = IVS_PER_REFILL): () => Buffer {
  let pool = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + 12 > pool.length) {
      pool = randomBytes(12 * perRefill);
      at = 0;
    }
    at += 12;
    return pool.subarray(at - 12, at);
  };
}

/** Each Pii's master key, for a worker thread of this process that must encrypt and hash the same way. */
const masterKeys = new WeakMap<Pii, Buffer>();
export const masterKeyOf = (pii: Pii): Buffer | undefined => masterKeys.get(pii);

export function createPii(masterKey: Buffer): Pii {
  // Separate sub-keys so the search hash never reveals anything about the encryption key.
  const encKey = createHmac('sha256', masterKey).update('grassroots/enc/v1').digest();
  const macKey = createHmac('sha256', masterKey).update('grassroots/mac/v1').digest();
  const nextIv = ivSource();
  const pii: Pii = {
    encrypt(plain) {
      const iv = nextIv();
      const c = createCipheriv('aes-256-gcm', encKey, iv);
      const head = c.update(plain, 'utf8');
      const tail = c.final(); // GCM is a stream mode: final() adds nothing, but must run before getAuthTag
      const ct = tail.length ? Buffer.concat([head, tail]) : head;
      return `v1.${iv.toString('base64url')}.${c.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
    },
    decrypt(enc) {
      const [v, iv, tag, ct] = enc.split('.');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown ciphertext format');
      const d = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
    },
    hash(plain) {
      return createHmac('sha256', macKey).update(plain.trim().toUpperCase()).digest('hex');
    },
  };
  masterKeys.set(pii, masterKey);
  return pii;
}

/** argon2id password hashing. The demo password is refused outside demo mode. */
import { hash, verify } from '@node-rs/argon2';

export const DEMO_PASSWORD = 'grassroots';

// Algorithm 2 = argon2id. OWASP's minimum: m=19 MiB, t=2, p=1.
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (plain: string) => hash(plain, options);

export async function verifyPassword(stored: string, plain: string) {
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}

/** A fixed hash to verify against when the username does not exist, so timing does not reveal it. */
let dummy: Promise<string> | null = null;
export const dummyHash = () => (dummy ??= hashPassword('not-a-real-password'));

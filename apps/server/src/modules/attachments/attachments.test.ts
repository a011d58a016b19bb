import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeOrg, makeTwoStreets } from '../../../test/factories.js';
import { Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import type { Principal } from '../../core/principal.js';

// A real 1×1 PNG and a real 1×1 JPEG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////' +
    '////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Part {
  field?: string;
  filename: string;
  type: string;
  data: Buffer;
}
/** A multipart/form-data body built by hand (no form-data library needed for app.inject). */
function multipart(parts: Part[]) {
  const boundary = `----grtest${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.field ?? 'file'}"; filename="${p.filename}"\r\n` +
          `Content-Type: ${p.type}\r\n\r\n`,
      ),
      p.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (agent: Agent, parts: Part[], headers: Record<string, string> = {}) => {
  const m = multipart(parts);
  return agent.post('/api/attachments', m.body, { ...m.headers, ...headers });
};
const jpeg = (data = JPEG): Part => ({ filename: 'photo.jpg', type: 'image/jpeg', data });
const png = (data = PNG): Part => ({ filename: 'a.png', type: 'image/png', data });

let t: TestApp;
let alice: Agent;
let bob: Agent;
let admin: Agent;
let keyAgent: Agent;
let aliceId: number;

const rowCount = async () =>
  Number(
    (
      await t.db.kysely
        .selectFrom('attachments')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const tmpFiles = () => {
  const dir = join(t.config.uploadDir, '.tmp');
  return existsSync(dir) ? readdirSync(dir) : [];
};

beforeAll(async () => {
  t = await createTestApp();
  const areas = await makeTwoStreets(t.db);
  aliceId = (await makeAccount(t.db, 'alice', [{ role: 'resident' }])).id;
  await makeAccount(t.db, 'bob', [{ role: 'grid_worker', areaId: areas.gridA.id }]);
  await makeAccount(t.db, 'admin', [{ role: 'admin' }]);
  [alice, bob, admin] = [await t.login('alice'), await t.login('bob'), await t.login('admin')];
  const org = await makeOrg(t.db, 'external', '12345 热线', areas.city.id);
  const res = await admin.post('/api/api-keys', { orgId: String(org.id), name: '12345', scopes: ['cases:write'] });
  keyAgent = Agent.withApiKey(t.app, res.json().key);
});
afterAll(() => t.close());

describe('POST /api/attachments', () => {
  it('stores real photos by content and answers with their ids, types, sizes and digests', async () => {
    const res = await upload(alice, [jpeg(), png()]);
    expect(res.statusCode).toBe(201);
    const { items } = res.json();
    expect(items).toEqual([
      {
        id: expect.any(String),
        mime: 'image/jpeg',
        size: JPEG.length,
        sha256: sha(JPEG),
        url: `/api/attachments/${items[0].id}`,
      },
      {
        id: expect.any(String),
        mime: 'image/png',
        size: PNG.length,
        sha256: sha(PNG),
        url: `/api/attachments/${items[1].id}`,
      },
    ]);
    const onDisk = join(t.config.uploadDir, sha(PNG).slice(0, 2), sha(PNG));
    expect(readFileSync(onDisk).equals(PNG)).toBe(true);
    const row = await t.db.kysely
      .selectFrom('attachments')
      .selectAll()
      .where('id', '=', Number(items[1].id))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ uploadedBy: aliceId, uploadedByKey: null, ownerType: null, originalName: 'a.png' });
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select('entityId')
      .where('action', '=', 'attachment.uploaded')
      .execute();
    expect(audit.map((a) => a.entityId)).toEqual(expect.arrayContaining(items.map((i: { id: string }) => i.id)));
    expect(tmpFiles()).toEqual([]);
  });

  it('decides the type by content: a text file named photo.jpg is refused with 415', async () => {
    const before = await rowCount();
    const res = await upload(alice, [
      jpeg(),
      { filename: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('just text') },
    ]);
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { index: 1 } });
    expect(await rowCount()).toBe(before);
    expect(tmpFiles()).toEqual([]);
    // A PNG declared as text/plain is still a PNG.
    const png2 = await upload(alice, [{ filename: 'x.txt', type: 'text/plain', data: PNG }]);
    expect(png2.json().items[0].mime).toBe('image/png');
  });

  it('refuses a file over 10 MiB with 413, more than 9 files or none with 400, and non-multipart with 415', async () => {
    const before = await rowCount();
    const big = Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await upload(alice, [jpeg(), jpeg(big)]);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const tooMany = await upload(
      alice,
      Array.from({ length: 10 }, () => jpeg()),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.code).toBe('VALIDATION_FAILED');
    expect((await upload(alice, [])).statusCode).toBe(400);
    expect((await upload(alice, [{ ...jpeg(), field: 'photo' }])).statusCode).toBe(400);
    const json = await alice.post('/api/attachments', { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect(await rowCount()).toBe(before);
    expect(tmpFiles()).toEqual([]);
    // Exactly 9 is fine.
    expect(
      (
        await upload(
          alice,
          Array.from({ length: 9 }, () => png()),
        )
      ).json().items,
    ).toHaveLength(9);
  });

  it('stores identical content once on disk but keeps one row per upload', async () => {
    const data = Buffer.concat([JPEG, randomBytes(32)]);
    const a = (await upload(alice, [jpeg(data)])).json().items[0];
    const b = (await upload(bob, [jpeg(data)])).json().items[0];
    expect(a.id).not.toBe(b.id);
    expect(a.sha256).toBe(b.sha256);
    expect(readdirSync(join(t.config.uploadDir, a.sha256.slice(0, 2))).filter((f) => f === a.sha256)).toHaveLength(1);
    const rows = await t.db.kysely.selectFrom('attachments').select('id').where('sha256', '=', a.sha256).execute();
    expect(rows).toHaveLength(2);
  });

  it('needs a sign-in and, for cookie sessions, the CSRF token', async () => {
    const m = multipart([jpeg()]);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m.body, headers: m.headers })).statusCode,
    ).toBe(401);
    const noCsrf = new Agent(t.app, alice.cookie, null);
    const res = await noCsrf.post('/api/attachments', m.body, m.headers);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_MISMATCH');
  });

  it('accepts API keys (no CSRF) and records the key as uploader', async () => {
    const res = await upload(keyAgent, [png()]);
    expect(res.statusCode).toBe(201);
    const id = Number(res.json().items[0].id);
    const row = await t.db.kysely.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.uploadedBy).toBeNull();
    expect(row.uploadedByKey).toEqual(expect.any(Number));
    expect((await keyAgent.get(`/api/attachments/${id}`)).statusCode).toBe(200);
    expect((await alice.get(`/api/attachments/${id}`)).statusCode).toBe(404);
  });

  it('honours Idempotency-Key: a retried upload returns the same ids; the key with other files is 422', async () => {
    const data = Buffer.concat([PNG, randomBytes(16)]);
    const headers = { 'idempotency-key': 'upload-retry-1' };
    const first = await upload(alice, [png(data)], headers);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const before = await rowCount();
    const retry = await upload(alice, [png(data)], headers);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await rowCount()).toBe(before);
    const other = await upload(alice, [jpeg()], headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys belong to their caller: bob may use the same key for his own upload.
    expect((await upload(bob, [jpeg()], headers)).headers['idempotent-replayed']).toBeUndefined();
    expect((await upload(alice, [jpeg()], { 'idempotency-key': 'x'.repeat(101) })).statusCode).toBe(400);
    expect(tmpFiles()).toEqual([]);
  });
});

describe('GET /api/attachments/:id', () => {
  let id: string;
  beforeAll(async () => {
    id = (await upload(alice, [jpeg()])).json().items[0].id;
  });

  it('streams the bytes with the stored type, inline, nosniff and a long private cache', async () => {
    const res = await alice.get(`/api/attachments/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(JPEG)).toBe(true);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['content-disposition']).toBe('inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
  });

  it('is 404 for another user, a missing id, and allowed for an admin; 401 without sign-in', async () => {
    expect((await bob.get(`/api/attachments/${id}`)).json().error.code).toBe('NOT_FOUND');
    expect((await alice.get('/api/attachments/999999')).statusCode).toBe(404);
    expect((await admin.get(`/api/attachments/${id}`)).statusCode).toBe(200);
    expect((await t.anon().get(`/api/attachments/${id}`)).statusCode).toBe(401);
  });
});

describe('attach() and canRead hooks', () => {
  const principalOf = async (accountId: number): Promise<Principal> =>
    ({ kind: 'account', accountId, apiKeyId: null, roles: ['resident'] }) as unknown as Principal;

  it('binds only the caller’s own unbound uploads; owner modules decide who else may read', async () => {
    const svc = t.app.services.attachments;
    const [mine, other] = [
      (await upload(alice, [jpeg()])).json().items[0],
      (await upload(bob, [png()])).json().items[0],
    ];
    const alicePrincipal = await principalOf(aliceId);
    const attach = (ids: string[], ownerId: number) =>
      t.db.kysely
        .transaction()
        .execute((trx) => svc.attach(trx, ids.map(Number), 'testowner', ownerId, alicePrincipal));

    await expect(attach([mine.id, other.id], 5)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { attachmentIds: [other.id] },
    });
    expect(await attach([mine.id], 5)).toEqual([mine]);
    await expect(attach([mine.id], 6)).rejects.toMatchObject({ code: 'NOT_FOUND' }); // already bound
    const row = await t.db.kysely
      .selectFrom('attachments')
      .selectAll()
      .where('id', '=', Number(mine.id))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ ownerType: 'testowner', ownerId: 5 });

    // Bound, no hook yet: bob cannot read; the uploader still can.
    expect((await bob.get(mine.url)).statusCode).toBe(404);
    expect((await alice.get(mine.url)).statusCode).toBe(200);
    const asked: number[] = [];
    svc.registerCanRead('testowner', async (_p, ownerId) => {
      asked.push(ownerId);
      return ownerId === 5;
    });
    expect((await bob.get(mine.url)).statusCode).toBe(200);
    expect(asked).toEqual([5]);
    svc.registerCanRead('testowner', async () => false);
    expect((await bob.get(mine.url)).statusCode).toBe(404);
  });
});

/**
 * Group intake (cases.intake-batch.ts): submissions held until they are all waiting, then written as ONE batch.
 * Each must still get its own right answer: a retried key replays, a repeated 12345 ticket is the same case, and
 * a case that fails (before or while the batch writes) fails alone.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey } from '../../../test/factories.areas.js';
import { type CaseWorld, makeCaseWorld } from '../../../test/factories.cases.js';
import { makeOrg } from '../../../test/factories.js';
import { makeBuilding } from '../../../test/factories.places.js';
import { Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { textIndexIds } from '../../db/dialect.js';
import { CASE_SEARCH } from './cases.repository.js';

let t: TestApp;
let w: CaseWorld;
let hotline: Agent;
let buildingId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeCaseWorld(t, 'ib');
  const org = await makeOrg(t.db, 'external', '12345 市民热线', w.areas.city.id);
  hotline = Agent.withApiKey(t.app, await makeApiKey(t.db, org.id, ['cases:write']));
  buildingId = String((await makeBuilding(t.db, w.areas.gridA, { name: '高家沟9号楼' })).id);
});
afterAll(() => t.close());

const intake = () => t.app.services.cases.intake;
const body = (externalNo: string, extra: Record<string, unknown> = {}) => ({
  categoryId: w.leakId,
  description: `热线转办：楼道水管漏水 ${externalNo}`,
  buildingId,
  externalNo,
  ...extra,
});

/** Sends the submissions while intake is held, releases it once all wait: they are written as one batch. */
async function oneBatch(sends: (() => Promise<LightMyRequestResponse>)[]) {
  const release = intake().hold();
  const replies = sends.map((send) => send());
  for (let i = 0; i < 200 && intake().waiting < sends.length; i++) await new Promise((r) => setTimeout(r, 5));
  expect(intake().waiting).toBe(sends.length);
  const before = intake().sizes.length;
  release();
  const out = await Promise.all(replies);
  expect(intake().sizes[before]).toBe(sends.length);
  return out;
}

const casesOf = (externalNo: string) =>
  t.db.kysely.selectFrom('cases').select(['id', 'number']).where('externalNo', '=', externalNo).execute();

async function stored(id: string) {
  const k = t.db.kysely;
  const events = await k.selectFrom('caseEvents').select('action').where('caseId', '=', Number(id)).execute();
  const audit = await k
    .selectFrom('auditLog')
    .select(['action', 'actorKind'])
    .where('entityType', '=', 'case')
    .where('entityId', '=', id)
    .execute();
  return { events: events.map((e) => e.action), audit };
}

describe('a batch of intakes', () => {
  it('writes every case with its number, event, audit row and search document', async () => {
    const nos = [0, 1, 2, 3].map(() => `IB-${randomUUID()}`);
    const out = await oneBatch(nos.map((no) => () => hotline.post('/api/cases', body(no))));
    const ids = out.map((r) => {
      expect(r.statusCode).toBe(201);
      return r.json().id as string;
    });
    expect(new Set(ids).size).toBe(4);
    for (const [i, r] of out.entries()) {
      const v = r.json();
      expect(v.number).toMatch(new RegExp(`-${v.id.padStart(6, '0')}$`));
      expect(v.externalNo).toBe(nos[i]);
      expect(await stored(v.id)).toEqual({
        events: ['create'],
        audit: [{ action: 'case.create', actorKind: 'api_key' }],
      });
      const read = await hotline.get(`/api/cases/${v.id}`);
      expect(read.json()).toEqual(v);
    }
    const numeric = ids.map(Number).sort((a, b) => a - b);
    expect(await textIndexIds(t.db, CASE_SEARCH, numeric[0]!, numeric.at(-1)!)).toEqual(
      expect.arrayContaining(numeric),
    );
  });

  it('a retry with the same Idempotency-Key in the same batch replays the first answer: one case', async () => {
    const no = `IB-${randomUUID()}`;
    const headers = { 'idempotency-key': randomUUID() };
    const [a, b] = await oneBatch([
      () => hotline.post('/api/cases', body(no), headers),
      () => hotline.post('/api/cases', body(no), headers),
    ]);
    // Either may reach the batch first: one is filed, the other replays its answer.
    expect([a!.statusCode, b!.statusCode]).toEqual([201, 201]);
    expect([a!.headers['idempotent-replayed'], b!.headers['idempotent-replayed']].sort()).toEqual(['true', undefined]);
    expect(b!.json()).toEqual(a!.json());
    expect(await casesOf(no)).toHaveLength(1);
  });

  it('the same key with another body in the same batch is refused (422), the first is filed', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const [a, b] = await oneBatch([
      () => hotline.post('/api/cases', body(`IB-${randomUUID()}`), headers),
      () => hotline.post('/api/cases', body(`IB-${randomUUID()}`), headers),
    ]);
    const [filed, refused] = a!.statusCode === 201 ? [a!, b!] : [b!, a!];
    expect(filed.statusCode).toBe(201);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('the same 12345 ticket twice in one batch (other keys) is one case: 201 then 200 with it', async () => {
    const no = `IB-${randomUUID()}`;
    const [a, b] = await oneBatch([
      () => hotline.post('/api/cases', body(no), { 'idempotency-key': randomUUID() }),
      () => hotline.post('/api/cases', body(no), { 'idempotency-key': randomUUID() }),
    ]);
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([200, 201]);
    expect(b!.json().id).toBe(a!.json().id);
    expect(await casesOf(no)).toHaveLength(1);
    // A ticket filed in an earlier batch is found too, next to a new case; its key is claimed for that answer.
    const key = { 'idempotency-key': randomUUID() };
    const other = `IB-${randomUUID()}`;
    const [c, d] = await oneBatch([
      () => hotline.post('/api/cases', body(no), key),
      () => hotline.post('/api/cases', body(other)),
    ]);
    expect(c!.statusCode).toBe(200);
    expect(c!.json().id).toBe(a!.json().id);
    expect(d!.statusCode).toBe(201);
    expect(await casesOf(other)).toHaveLength(1);
    const again = await hotline.post('/api/cases', body(no), key);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect([again.statusCode, again.json().id]).toEqual([200, a!.json().id]);
  });

  it('a case refused before the writes (unknown building) fails alone; its neighbours are filed', async () => {
    const [n1, n2, n3] = [0, 1, 2].map(() => `IB-${randomUUID()}`);
    const [a, bad, c] = await oneBatch([
      () => hotline.post('/api/cases', body(n1!)),
      () => hotline.post('/api/cases', body(n2!, { buildingId: '987654321' })),
      () => hotline.post('/api/cases', body(n3!)),
    ]);
    expect(bad!.statusCode).toBe(400);
    expect(bad!.json().error.code).toBe('VALIDATION_FAILED');
    expect([a!.statusCode, c!.statusCode]).toEqual([201, 201]);
    expect(await casesOf(n2!)).toHaveLength(0);
    expect((await stored(a!.json().id)).events).toEqual(['create']);
  });

  it('a case that fails while the batch writes (unknown attachment) rolls the batch back; the others are filed alone', async () => {
    const [n1, n2, n3] = [0, 1, 2].map(() => `IB-${randomUUID()}`);
    const key = { 'idempotency-key': randomUUID() };
    const [a, bad, c] = await oneBatch([
      () => hotline.post('/api/cases', body(n1!), key),
      () => hotline.post('/api/cases', body(n2!, { attachmentIds: ['987654321'] })),
      () => hotline.post('/api/cases', body(n3!)),
    ]);
    expect(bad!.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad!.statusCode).toBeLessThan(500);
    expect([a!.statusCode, c!.statusCode]).toEqual([201, 201]);
    expect(await casesOf(n2!)).toHaveLength(0);
    for (const r of [a!, c!])
      expect(await stored(r.json().id)).toEqual({
        events: ['create'],
        audit: [{ action: 'case.create', actorKind: 'api_key' }],
      });
    // The rolled-back batch left no claim behind: the key replays the case filed alone.
    const again = await hotline.post('/api/cases', body(n1!), key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(a!.json().id);
  });
});

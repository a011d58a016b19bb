import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countQueries } from '../../../test/factories.cases.js';
import { idNumberOf, insertPerson, type LedgerWorld, makeLedgerWorld } from '../../../test/factories.ledger.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';

// Monday 2026-01-05 09:00 Shanghai: ages below are counted on that day.
const clock = new ManualClock(Date.UTC(2026, 0, 5, 1, 0));
let t: TestApp;
let w: LedgerWorld;
const ID_1950 = idNumberOf('1950-03-01', 124); // female
const PHONE = '13812345678';

beforeAll(async () => {
  t = await createTestApp({ clock });
  w = await makeLedgerWorld(t, 'lp');
  const f = await w.agents.admin.post('/api/ledger/fields', {
    code: 'vaccinated',
    label: '疫苗接种',
    datatype: 'select',
    options: ['已接种', '未接种'],
  });
  expect(f.statusCode).toBe(201);
});
afterAll(() => t.close());

const rawPerson = (id: string) =>
  t.db.kysely.selectFrom('persons').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow();
const audits = (action: string, entityId: string) =>
  t.db.kysely
    .selectFrom('auditLog')
    .selectAll()
    .where('action', '=', action)
    .where('entityId', '=', entityId)
    .orderBy('id')
    .execute();
const personBody = (extra: Record<string, unknown> = {}) => ({
  householdId: String(w.households.hA1),
  name: '王秀兰',
  idNumber: ID_1950,
  phone: '138 1234 5678',
  relation: 'head',
  tags: ['党员'],
  sensitiveTags: ['低保'],
  custom: { vaccinated: '已接种' },
  ...extra,
});

describe('persons: create, validate, mask, encrypt', () => {
  let id: string;

  it('creates a person masked: ID, phone masked, sensitive tags hidden, birth date and gender from the ID', async () => {
    const res = await w.agents.workerA.post('/api/persons', personBody());
    expect(res.statusCode).toBe(201);
    const p = res.json();
    id = p.id;
    expect(p).toMatchObject({
      name: '王秀兰',
      idNumber: `142601********${ID_1950.slice(-4)}`,
      phone: '138****5678',
      birthDate: '1950-03-01',
      gender: 'female',
      age: 75,
      ageGroup: '60-79',
      relation: 'head',
      tags: ['党员'],
      sensitiveTags: null,
      sensitiveTagCount: 1,
      custom: { vaccinated: '已接种' },
      movedOutOn: null,
      anonymised: false,
      version: 1,
      householdId: String(w.households.hA1),
      gridName: '高家沟第一网格',
    });
    expect(p.allowedActions).toEqual(['update', 'moveOut', 'unmask']);
    for (const secret of [ID_1950, PHONE, '低保']) expect(res.body).not.toContain(secret);
    const detail = await w.agents.workerA.get(`/api/persons/${id}`);
    expect(detail.statusCode).toBe(200);
    for (const secret of [ID_1950, PHONE, '低保']) expect(detail.body).not.toContain(secret);
  });

  it('stores no clear ID number, phone or sensitive tag in any column (row and tag index)', async () => {
    const row = await rawPerson(id);
    const tags = await t.db.kysely
      .selectFrom('ledgerTags')
      .selectAll()
      .where('entityKind', '=', 'person')
      .where('entityId', '=', Number(id))
      .execute();
    const stored = JSON.stringify(row) + JSON.stringify(tags);
    for (const secret of [ID_1950, PHONE, ID_1950.slice(6, 14), '低保']) expect(stored).not.toContain(secret);
    expect(row.idNoHash).toMatch(/^[0-9a-f]{64}$/);
    expect(tags.map((x) => x.tagKey).sort()).toEqual(['党员', expect.stringMatching(/^s:[0-9a-f]{64}$/)].sort());
    const audit = await audits('person.create', id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).not.toContain('1950');
  });

  it('refuses bad ID numbers with 400 INVALID_ID_NUMBER and the problem', async () => {
    const badCheck = `${ID_1950.slice(0, 17)}${ID_1950[17] === '0' ? '1' : '0'}`;
    const cases: [string, Record<string, unknown>][] = [
      ['checksum', { idNumber: badCheck }],
      ['format', { idNumber: '14260119500301' }],
      ['birthDate', { idNumber: idNumberOf('2027-01-01') }],
      ['birthDateMismatch', { idNumber: idNumberOf('1980-01-02', 311), birthDate: '1980-01-03' }],
      ['genderMismatch', { idNumber: idNumberOf('1980-01-02', 311), gender: 'female' }],
    ];
    for (const [problem, extra] of cases) {
      const res = await w.agents.workerA.post('/api/persons', personBody({ name: '错号', ...extra }));
      expect(res.statusCode, problem).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'INVALID_ID_NUMBER', details: { problem } });
    }
  });

  it('refuses a duplicate ID number with 409 DUPLICATE_PERSON, naming the person only when visible', async () => {
    const dupA = await w.agents.workerA.post('/api/persons', personBody({ householdId: String(w.households.hA2) }));
    expect(dupA.statusCode).toBe(409);
    expect(dupA.json().error).toMatchObject({ code: 'DUPLICATE_PERSON', details: { personId: id } });
    // Lower-case x and spaces normalise to the same number.
    const spaced = `${ID_1950.slice(0, 6)} ${ID_1950.slice(6)}`.toLowerCase();
    const dupB = await w.agents.workerB.post(
      '/api/persons',
      personBody({ householdId: String(w.households.hB1), idNumber: spaced }),
    );
    expect(dupB.statusCode).toBe(409);
    expect(dupB.json().error.details).toEqual({ personId: null });
  });

  it('validates custom fields against their definitions', async () => {
    const unknown = await w.agents.workerA.post(
      '/api/persons',
      personBody({ idNumber: null, name: '甲', custom: { nope: 'x' } }),
    );
    expect(unknown.statusCode).toBe(400);
    const wrong = await w.agents.workerA.post(
      '/api/persons',
      personBody({ idNumber: null, name: '乙', custom: { vaccinated: '也许' } }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('body.custom.vaccinated');
  });

  it('updates with the version (stale ⇒ 409) and keeps hidden sensitive tags when only open tags change', async () => {
    const cur = (await w.agents.workerA.get(`/api/persons/${id}`)).json();
    const ok = await w.agents.workerA.patch(`/api/persons/${id}`, { version: cur.version, tags: ['志愿者'] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ tags: ['志愿者'], sensitiveTagCount: 1, version: cur.version + 1 });
    const stale = await w.agents.workerA.patch(`/api/persons/${id}`, { version: cur.version, name: '王秀英' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const phone = await w.agents.workerA.patch(`/api/persons/${id}`, {
      version: cur.version + 1,
      phone: '139-0000-1111',
      sensitiveTags: ['低保', '慢性病'],
    });
    expect(phone.json()).toMatchObject({ phone: '139****1111', sensitiveTagCount: 2, idNumber: expect.any(String) });
    const back = await w.agents.workerA.patch(`/api/persons/${id}`, {
      version: phone.json().version,
      phone: PHONE,
      tags: ['党员'],
      sensitiveTags: ['低保'],
    });
    expect(back.statusCode).toBe(200);
  });

  it('moves out and back in without ever deleting; there is no DELETE route', async () => {
    const p = (
      await w.agents.workerA.post('/api/persons', {
        householdId: String(w.households.hA2),
        name: '迁出者',
        relation: 'child',
        birthDate: '2001-05-05',
      })
    ).json();
    const out = await w.agents.workerA.post(`/api/persons/${p.id}/move-out`, {
      version: p.version,
      movedOutOn: '2026-01-04',
      note: '外出务工',
    });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toMatchObject({
      movedOutOn: '2026-01-04',
      moveNote: '外出务工',
      allowedActions: ['update', 'moveIn', 'unmask'],
    });
    expect((await rawPerson(p.id)).movedOutAt).toBe(clock.now());
    const again = await w.agents.workerA.post(`/api/persons/${p.id}/move-out`, {
      version: out.json().version,
      movedOutOn: '2026-01-04',
    });
    expect(again.statusCode).toBe(409);
    const current = await w.agents.workerA.get(`/api/persons?householdId=${w.households.hA2}`);
    expect(current.json().items.map((x: { id: string }) => x.id)).not.toContain(p.id);
    const gone = await w.agents.workerA.get(`/api/persons?householdId=${w.households.hA2}&movedOut=true`);
    expect(gone.json().items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect((await w.agents.workerA.delete(`/api/persons/${p.id}`)).statusCode).toBe(404);
    expect(await rawPerson(p.id)).toBeTruthy();
    const back = await w.agents.workerA.post(`/api/persons/${p.id}/move-in`, {
      version: out.json().version,
      movedInOn: '2026-01-05',
    });
    expect(back.json()).toMatchObject({ movedOutOn: null, movedInOn: '2026-01-05' });
    expect((await rawPerson(p.id)).movedOutAt).toBeNull();
    expect(await audits('person.move_out', p.id)).toHaveLength(1);
    expect(await audits('person.move_in', p.id)).toHaveLength(1);
  });
});

describe('persons: list filters and search', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const mk = async (key: string, body: Record<string, unknown>) => {
      const r = await w.agents.secA.post('/api/persons', { householdId: String(w.households.hA2), ...body });
      expect(r.statusCode, r.body).toBe(201);
      ids[key] = r.json().id;
    };
    await mk('child', { name: '李小宝', relation: 'child', birthDate: '2022-06-01', tags: ['留守儿童'] });
    await mk('disabled', {
      name: '李建国',
      relation: 'head',
      idNumber: idNumberOf('1970-08-08', 315),
      phone: '13900002222',
      sensitiveTags: ['残疾'],
      custom: { vaccinated: '未接种' },
    });
  });

  const listIds = async (qs: string) => {
    const res = await w.agents.secA.get(`/api/persons?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((p: { id: string }) => p.id) as string[];
  };

  it('filters by open and by sensitive tag (through the hash)', async () => {
    expect(await listIds('tag=留守儿童')).toEqual([ids.child]);
    expect(await listIds('tag=残疾')).toEqual([ids.disabled]);
    expect(await listIds(`tag=残疾&gridId=${w.areas.gridB.id}`)).toEqual([]);
  });

  it('filters by age group, gender and custom field', async () => {
    expect(await listIds(`ageGroup=0-6&householdId=${w.households.hA2}`)).toEqual([ids.child]);
    expect(await listIds(`ageGroup=35-59&householdId=${w.households.hA2}`)).toEqual([ids.disabled]);
    expect(await listIds('custom.vaccinated=未接种')).toEqual([ids.disabled]);
    expect(await listIds(`custom.vaccinated=已接种&householdId=${w.households.hA2}`)).toEqual([]);
    expect(await listIds(`gender=male&householdId=${w.households.hA2}`)).toEqual([ids.disabled]);
    const unknown = await w.agents.secA.get('/api/persons?custom.nope=1');
    expect(unknown.statusCode).toBe(400);
  });

  it('searches by part of a name, or an exact full ID number or phone', async () => {
    expect((await listIds('q=李')).sort()).toEqual([ids.child, ids.disabled].sort());
    expect(await listIds(`q=${idNumberOf('1970-08-08', 315)}`)).toEqual([ids.disabled]);
    expect(await listIds('q=139-0000-2222')).toEqual([ids.disabled]);
    // A partial number is not a LIKE over phones.
    expect(await listIds('q=1390000')).toEqual([]);
  });

  it('never puts clear ID numbers or phones into the list JSON', async () => {
    const res = await w.agents.secA.get('/api/persons?pageSize=200');
    expect(res.json().total).toBeGreaterThanOrEqual(3);
    for (const secret of [ID_1950, PHONE, idNumberOf('1970-08-08', 315), '13900002222', '残疾', '低保'])
      expect(res.body).not.toContain(secret);
  });

  it('lists a page with a fixed number of queries, whatever the page size', async () => {
    for (let i = 0; i < 25; i++)
      await insertPerson(t, w.households.hA2, {
        name: `批量${i}`,
        idNumber: idNumberOf('1990-01-01', 200 + i),
        phone: `1370000${String(i).padStart(4, '0')}`,
        tags: ['志愿者', '慢性病'],
      });
    const small = await countQueries(t, () => w.agents.secA.get('/api/persons?pageSize=2&tag=慢性病'));
    const large = await countQueries(t, () => w.agents.secA.get('/api/persons?pageSize=50&tag=慢性病'));
    expect(small.result.json().items).toHaveLength(2);
    expect(large.result.json().items.length).toBeGreaterThanOrEqual(25);
    expect(large.queries).toBe(small.queries);
  });
});

describe('persons: unmask', () => {
  let id: string;
  beforeAll(async () => {
    id = (await w.agents.workerA.get(`/api/persons?q=${ID_1950}`)).json().items[0].id;
  });

  it('gives the clear values to an unmask holder in scope, with a reason, and logs the reason only', async () => {
    const res = await w.agents.workerA.post(`/api/persons/${id}/unmask`, {
      reason: '核实低保资格',
      fields: ['idNumber', 'phone', 'sensitiveTags'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ idNumber: ID_1950, phone: PHONE, sensitiveTags: ['低保'] });
    const audit = await audits('person.unmask', id);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.summary)).toEqual({
      reason: '核实低保资格',
      fields: ['idNumber', 'phone', 'sensitiveTags'],
    });
    for (const secret of [ID_1950, PHONE, '"低保"']) expect(audit[0]!.summary).not.toContain(secret);
  });

  it('needs a reason of two characters and the permission', async () => {
    expect(
      (await w.agents.workerA.post(`/api/persons/${id}/unmask`, { reason: '查', fields: ['phone'] })).statusCode,
    ).toBe(400);
    const leader = await w.agents.leaderA.post(`/api/persons/${id}/unmask`, { reason: '看看', fields: ['phone'] });
    expect(leader.statusCode).toBe(403);
    const admin = await w.agents.admin.post(`/api/persons/${id}/unmask`, { reason: '看看', fields: ['phone'] });
    expect(admin.statusCode).toBe(403);
    expect(await audits('person.unmask', id)).toHaveLength(1);
  });
});

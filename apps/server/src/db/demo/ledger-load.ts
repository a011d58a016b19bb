/**
 * The household ledger of a generated world (the demo world, or `npm run demo -- --households N`): persons for
 * every household (ledger-household.ts), bypassing HTTP. Every person is encoded through person-codec, exactly
 * as the ledger service and the import write them (encrypted ID number and phone with keyed hashes and masked
 * copies, sensitive tags encrypted), with one ledger_tags row per tag of each person and of each household (open
 * tags in clear, sensitive ones as keyed hashes); households with sensitive tags get them encrypted. Written in
 * chunked multi-row INSERTs, one transaction per chunk of households, so 100,000 households stay a bounded load.
 *
 * Seed 002's figures: a grid worker keeps 162 households with 440 people in 滨河佳苑 — the demo's 滨河佳苑 has
 * exactly those; a world without it gets the same ratio in the demo worker's grid. The demo resident's
 * household has the resident as its head, with family.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../core/context.js';
import type { Pii } from '../../core/pii.js';
import { shanghaiDay } from '../../modules/ledger/ledger.access.js';
import { encodePerson, tagKey } from '../../modules/ledger/person-codec.js';
import { BulkInsert } from './bulk.js';
import { auditLoad, type Progress } from './generator.js';
import { type DraftEnv, draftHome, type Home, VACCINATION } from './ledger-household.js';
import { Calendar, IdNumbers } from './ledger-ids.js';
import { fitSizes, type HouseholdKind, kindOf, sizeOf } from './ledger-people.js';
import { createRng } from './random.js';

export interface LedgerLoadOptions {
  seed?: number;
  progress?: Progress;
}

export const SEED_COMPOUND = '滨河佳苑';
export const SEED_HOUSEHOLDS = 162;
export const SEED_PEOPLE = 440;
/** Households per transaction (about 2,700 persons and their tag rows). */
const CHUNK = 1000;
/** Share of households with a former member who moved out, and of those who left past the retention period. */
const MOVED_OUT = 0.02;
const MOVED_OUT_OLD = 0.35;

type K = AppContext['db']['kysely'];
type Row = Record<string, unknown>;

async function readHomes(k: K) {
  return k
    .selectFrom('households as h')
    .leftJoin('buildings as b', 'b.id', 'h.buildingId')
    .leftJoin('compounds as c', 'c.id', 'b.compoundId')
    .select([
      'h.id',
      'h.gridId',
      'h.areaPath',
      'h.headName',
      'h.tags',
      'h.noSmartphone',
      'h.phoneEnc',
      'c.name as compound',
      'c.buildYear',
    ])
    .where('h.archivedAt', 'is', null)
    .orderBy('h.id')
    .execute();
}
type HomeRow = Awaited<ReturnType<typeof readHomes>>[number];

/** The demo worker's grid and the demo resident's confirmed household (either may be missing in a bare world). */
async function readChain(k: K) {
  const [worker, resident] = await Promise.all([
    k
      .selectFrom('roleAssignments as r')
      .innerJoin('accounts as a', 'a.id', 'r.accountId')
      .select('r.areaId')
      .where('a.username', '=', 'worker')
      .where('r.role', '=', 'grid_worker')
      .executeTakeFirst(),
    k
      .selectFrom('residentLinks as l')
      .innerJoin('accounts as a', 'a.id', 'l.accountId')
      .select(['l.householdId', 'a.displayName'])
      .where('a.username', '=', 'resident')
      .where('l.status', '=', 'confirmed')
      .executeTakeFirst(),
  ]);
  return { workerGrid: worker?.areaId ?? null, resident: resident ?? null };
}

/** Kinds, sizes and former members of every household, with seed 002's total where it applies. */
function planHomes(rng: ReturnType<typeof createRng>, homes: HomeRow[], chain: Awaited<ReturnType<typeof readChain>>) {
  const kinds: HouseholdKind[] = homes.map((h) => kindOf(JSON.parse(h.tags) as string[]));
  const sizes = kinds.map((kind) => sizeOf(rng, kind));
  const residentAt = homes.findIndex((h) => h.id === chain.resident?.householdId);
  if (residentAt >= 0) [kinds[residentAt], sizes[residentAt]] = ['family', 3];
  let group = homes.flatMap((h, i) => (h.compound === SEED_COMPOUND ? [i] : []));
  if (group.length === 0) group = homes.flatMap((h, i) => (h.gridId === chain.workerGrid ? [i] : []));
  const fixed = group.filter((i) => i === residentAt || kinds[i] === 'alone');
  const flexible = group.filter((i) => !fixed.includes(i));
  const target = Math.round((group.length * SEED_PEOPLE) / SEED_HOUSEHOLDS);
  fitSizes(rng, sizes, kinds, flexible, target - fixed.reduce((n, i) => n + (sizes[i] as number), 0));
  const movedOut = kinds.map((kind) =>
    kind !== 'alone' && rng.chance(MOVED_OUT)
      ? rng.chance(MOVED_OUT_OLD)
        ? ('old' as const)
        : ('recent' as const)
      : null,
  );
  return { kinds, sizes, movedOut, residentAt };
}

async function ensureField(k: K, now: number) {
  const had = await k.selectFrom('ledgerFields').select('id').where('code', '=', VACCINATION.code).executeTakeFirst();
  if (had) return;
  await k
    .insertInto('ledgerFields')
    .values({
      code: VACCINATION.code,
      label: VACCINATION.label,
      labelEn: VACCINATION.labelEn,
      datatype: 'select',
      options: JSON.stringify(VACCINATION.options),
      required: 0,
      sortOrder: 10,
      active: 1,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
}

/** `UPDATE households SET <column> = CASE id WHEN … END WHERE id IN (…)`, 500 households a statement. */
async function setEach(k: K, column: 'headName' | 'sensitiveTagsEnc', pairs: [number, string][]) {
  for (let i = 0; i < pairs.length; i += 500) {
    const part = pairs.slice(i, i + 500);
    const cases = sql.join(
      part.map(([id, v]) => sql`WHEN ${id} THEN ${v}`),
      sql` `,
    );
    await k
      .updateTable('households')
      .set(
        column === 'headName'
          ? { headName: sql<string>`CASE id ${cases} END` }
          : { sensitiveTagsEnc: sql<string>`CASE id ${cases} END` },
      )
      .where(
        'id',
        'in',
        part.map(([id]) => id),
      )
      .execute();
  }
}

/** When a move-out on `day` was recorded (10:00 in Shanghai): retention counts from here. */
const recordedAt = (day: string) => Date.parse(`${day}T02:00:00Z`);

/**
 * The context's Pii with the keyed hashes of tags remembered: a dozen sensitive tags are hashed (for their
 * ledger_tags keys) hundreds of thousands of times otherwise. Same key, same hashes.
 */
function tagHashing(pii: Pii): Pii {
  const tags = new Map<string, string>();
  return {
    encrypt: (plain) => pii.encrypt(plain),
    decrypt: (enc) => pii.decrypt(enc),
    hash: (plain) => {
      if (!plain.startsWith('tag:')) return pii.hash(plain);
      const known = tags.get(plain);
      if (known !== undefined) return known;
      const h = pii.hash(plain);
      tags.set(plain, h);
      return h;
    },
  };
}

/** Drafts and encodes the persons and tag rows of one chunk of households (no I/O). */
function encodeChunk(
  pii: Pii,
  env: DraftEnv,
  now: number,
  homes: HomeRow[],
  plan: ReturnType<typeof planHomes>,
  from: number,
) {
  const persons: Row[] = [];
  const personKeys: string[][] = [];
  const householdTags: Row[] = [];
  const sensitive: [number, string][] = [];
  const heads: [number, string][] = [];
  homes.forEach((h, j) => {
    const i = from + j;
    const home: Home = {
      headName: h.headName,
      tags: JSON.parse(h.tags) as string[],
      noSmartphone: h.noSmartphone === 1,
      phone: h.phoneEnc ? pii.decrypt(h.phoneEnc) : null,
      since: h.buildYear ?? 1990,
    };
    const d = draftHome(env, home, plan.kinds[i] as HouseholdKind, plan.sizes[i] as number, plan.movedOut[i] ?? null);
    if (d.headName !== h.headName) heads.push([h.id, d.headName]);
    for (const p of d.persons) {
      const { columns, tagKeys } = encodePerson(pii, p);
      persons.push({
        householdId: h.id,
        areaPath: h.areaPath,
        ...columns,
        movedOutOn: p.movedOutOn,
        movedOutAt: p.movedOutOn ? recordedAt(p.movedOutOn) : null,
        moveNote: p.moveNote,
        createdAt: now,
        updatedAt: now,
      });
      personKeys.push(tagKeys);
    }
    for (const t of [...home.tags, ...d.sensitiveTags])
      householdTags.push({ entityKind: 'household', entityId: h.id, areaPath: h.areaPath, tagKey: tagKey(pii, t) });
    if (d.sensitiveTags.length) sensitive.push([h.id, pii.encrypt(JSON.stringify(d.sensitiveTags))]);
  });
  return { persons, personKeys, householdTags, sensitive, heads };
}

type Chunk = ReturnType<typeof encodeChunk>;
type Counts = { persons: number; personsMovedOut: number; ledgerTags: number; sensitiveHouseholds: number };

/** One transaction: the chunk's persons, then the tag rows of its persons (by their new ids) and households. */
async function writeChunk(k: K, bulk: BulkInsert, part: Chunk, counts: Counts) {
  await k.transaction().execute(async (trx) => {
    const ids = await bulk.insert<{ id: number; idNoHash: string }>(trx, 'persons', part.persons, {
      returning: ['id', 'idNoHash'],
    });
    const idOf = new Map(ids.map((r) => [r.idNoHash, r.id]));
    const tagRows: Row[] = [];
    part.persons.forEach((p, j) => {
      const entityId = idOf.get(p.idNoHash as string);
      for (const tagKey of part.personKeys[j] as string[])
        tagRows.push({ entityKind: 'person', entityId, areaPath: p.areaPath, tagKey });
    });
    for (const r of part.householdTags) tagRows.push(r);
    await bulk.insert(trx, 'ledgerTags', tagRows);
    await setEach(trx, 'sensitiveTagsEnc', part.sensitive);
    await setEach(trx, 'headName', part.heads);
    counts.ledgerTags += tagRows.length;
  });
  counts.persons += part.persons.length;
  counts.personsMovedOut += part.persons.filter((p) => p.movedOutOn).length;
  counts.sensitiveHouseholds += part.sensitive.length;
}

/**
 * Writes the ledger of the world in the database; nothing (and zero counts) when it already has persons.
 * The next chunk is drafted and encrypted while the database writes the last one (PostgreSQL works meanwhile).
 */
export async function loadLedger(ctx: AppContext, opts: LedgerLoadOptions = {}) {
  const started = performance.now();
  const k = ctx.db.kysely;
  const counts: Counts = { persons: 0, personsMovedOut: 0, ledgerTags: 0, sensitiveHouseholds: 0 };
  if (await k.selectFrom('persons').select('id').limit(1).executeTakeFirst()) return { counts, ms: 0 };
  const seed = opts.seed ?? 42;
  const progress = opts.progress ?? (() => {});
  const now = ctx.clock.now();
  const [homes, chain] = await Promise.all([readHomes(k), readChain(k)]);
  const rng = createRng(seed ^ 0x1ed6e5);
  const plan = planHomes(rng, homes, chain);
  // The demo resident heads their household (the people step registered them so; a bare world may differ).
  if (chain.resident && plan.residentAt >= 0) (homes[plan.residentAt] as HomeRow).headName = chain.resident.displayName;
  const total = plan.sizes.reduce((n, s) => n + s, 0) + plan.movedOut.filter(Boolean).length;
  const env: DraftEnv = { rng, cal: new Calendar(shanghaiDay(now)), ids: new IdNumbers() };
  const bulk = new BulkInsert(ctx.db.dialect);
  const pii = tagHashing(ctx.pii);
  await ensureField(k, now);
  let writing: Promise<void> = Promise.resolve();
  for (let from = 0; from < homes.length; from += CHUNK) {
    const part = encodeChunk(pii, env, now, homes.slice(from, from + CHUNK), plan, from);
    await writing;
    writing = writeChunk(k, bulk, part, counts).then(() => progress('persons', counts.persons, total));
  }
  await writing;
  return { counts, ms: await auditLoad(ctx, 'ledger', started, { seed, ...counts }) };
}

/**
 * Steps 3–4: compounds, then buildings → rooms → households. Buildings of a compound are spread over
 * the grids its plan names, each placed inside its grid; every room gets a floor area and an owner; a
 * household occupies a room (exactly the planned number per compound, vacant rooms chosen at random)
 * or, in a village, hangs directly under its grid. Phones are encrypted and hashed like the ledger's.
 */
import { normalisePhone, roomAddress, roomNumber } from '@grassroots/shared/places/places.rules';
import type { GenState, GridNode, Step } from './generator.js';
import { chunked } from './generator.js';
import { pointIn } from './geo.js';
import type { CompoundPlan } from './plan.js';
import { mobilePhone, newPublicCode, personName, type Rng } from './random.js';

async function buildCompounds(s: GenState) {
  const rows = s.communities.flatMap((c) =>
    c.plan.compounds.map((p) => ({
      areaId: c.id,
      areaPath: c.path,
      name: p.name,
      address: `离石区${c.street.name}${c.name}${p.name}`,
      householdCount: p.households,
      buildYear: p.buildYear,
      managementMode: p.mode,
      propertyCompanyId: p.company ? (s.orgs.get(p.company) ?? null) : null,
      createdAt: s.now,
      updatedAt: s.now,
    })),
  );
  const owners = new Map(s.communities.flatMap((c) => c.plan.compounds.map((p) => [p.name, c] as const)));
  for (const part of chunked(rows)) {
    const got = await s.trx
      .insertInto('compounds')
      .values(part)
      .returning(['id', 'name', 'propertyCompanyId'])
      .execute();
    for (const r of got)
      s.compounds.set(r.name, { id: r.id, companyId: r.propertyCompanyId, community: owners.get(r.name)! });
  }
  s.counts.compounds = rows.length;
}

interface RoomDraft {
  building: { code: string; name: string; grid: GridNode };
  compound: string;
  unit: string;
  number: string;
  floor: number;
  floorArea: number;
  ownerName: string;
  occupied: boolean;
}

/** Household tags (clear-text list of places.rules) at plausible low rates; 无智能手机 is its own flag. */
function householdFlags(rng: Rng, tenant: boolean) {
  const tags: string[] = [];
  const alone = rng.chance(0.05);
  const emptyNest = !alone && rng.chance(0.08);
  if (alone) tags.push('独居老人');
  if (emptyNest) tags.push('空巢老人');
  if (rng.chance(0.015)) tags.push('留守儿童');
  if (rng.chance(0.03)) tags.push('退役军人');
  if (rng.chance(0.06)) tags.push('党员户');
  if (tenant) tags.push('出租户');
  if (!alone && rng.chance(0.04)) tags.push('新市民');
  const noSmartphone = rng.chance(alone ? 0.55 : emptyNest ? 0.3 : 0.03) ? 1 : 0;
  return { tags: JSON.stringify(tags), noSmartphone };
}

function draftRooms(s: GenState, p: CompoundPlan, grids: GridNode[], buildingRows: object[], rooms: RoomDraft[]) {
  const { rng, now } = s;
  const l = p.layout;
  const compound = s.compounds.get(p.name)!;
  const total = l.buildings * l.units * l.floors * l.perFloor;
  let need = p.households;
  let left = total;
  for (let b = 0; b < l.buildings; b++) {
    const grid = grids[p.grids[Math.floor((b * p.grids.length) / l.buildings)] as number] as GridNode;
    const [lng, lat] = pointIn(grid.ring, rng, 0.7);
    const building = { code: newPublicCode(), name: `${b + 1}号楼`, grid };
    buildingRows.push({
      gridId: grid.id,
      areaPath: grid.path,
      compoundId: compound.id,
      name: building.name,
      address: `${p.name}${building.name}`,
      units: l.units,
      floors: l.floors,
      lng,
      lat,
      publicCode: building.code,
      createdAt: now,
      updatedAt: now,
    });
    for (let u = 1; u <= l.units; u++)
      for (let f = 1; f <= l.floors; f++)
        for (let r = 1; r <= l.perFloor; r++) {
          // Selection sampling: exactly `households` of the `total` rooms end up occupied.
          const occupied = rng.next() * left-- < need;
          if (occupied) need--;
          rooms.push({
            building,
            compound: p.name,
            unit: String(u),
            number: roomNumber(f, r),
            floor: f,
            floorArea: l.floorAreas[r - 1] ?? 90,
            ownerName: personName(rng),
            occupied,
          });
        }
  }
}

async function buildHousing(s: GenState) {
  const buildingRows: object[] = [];
  const rooms: RoomDraft[] = [];
  for (const c of s.communities) for (const p of c.plan.compounds) draftRooms(s, p, c.grids, buildingRows, rooms);

  const buildingIds = new Map<string, number>();
  for (const part of chunked(buildingRows as { publicCode: string }[])) {
    const got = await s.trx
      .insertInto('buildings')
      .values(part as never)
      .returning(['id', 'publicCode'])
      .execute();
    for (const r of got) buildingIds.set(r.publicCode, r.id);
    s.progress('buildings', buildingIds.size, buildingRows.length);
  }
  s.counts.buildings = buildingRows.length;

  const roomIds = new Map<string, number>();
  const roomRows = rooms.map((r) => ({
    buildingId: buildingIds.get(r.building.code)!,
    unit: r.unit,
    number: r.number,
    floor: r.floor,
    floorArea: r.floorArea,
    ownerName: r.ownerName,
    createdAt: s.now,
  }));
  for (const part of chunked(roomRows)) {
    const got = await s.trx
      .insertInto('rooms')
      .values(part)
      .returning(['id', 'buildingId', 'unit', 'number'])
      .execute();
    for (const r of got) roomIds.set(`${r.buildingId}|${r.unit}|${r.number}`, r.id);
    s.progress('rooms', roomIds.size, roomRows.length);
  }
  s.counts.rooms = roomRows.length;

  const households = rooms
    .filter((r) => r.occupied)
    .map((r) => {
      const buildingId = buildingIds.get(r.building.code)!;
      const tenant = s.rng.chance(0.12);
      return household(s, r.building.grid, {
        buildingId,
        roomId: roomIds.get(`${buildingId}|${r.unit}|${r.number}`)!,
        address: roomAddress(r.compound, r.building.name, r.unit, r.number),
        headName: tenant ? personName(s.rng) : r.ownerName,
        tenant,
      });
    });
  for (const c of s.communities)
    for (const v of c.plan.rural)
      for (let i = 1; i <= v.households; i++)
        households.push(
          household(s, c.grids[v.grid] as GridNode, {
            buildingId: null,
            roomId: null,
            address: `${v.village}${i}号`,
            headName: personName(s.rng),
            tenant: false,
          }),
        );
  await insertHouseholds(s, households);
}

function household(
  s: GenState,
  grid: GridNode,
  h: { buildingId: number | null; roomId: number | null; address: string; headName: string; tenant: boolean },
) {
  const phone = normalisePhone(mobilePhone(s.rng));
  return {
    gridId: grid.id,
    areaPath: grid.path,
    buildingId: h.buildingId,
    roomId: h.roomId,
    address: h.address,
    headName: h.headName,
    phoneEnc: s.ctx.pii.encrypt(phone),
    phoneHash: s.ctx.pii.hash(phone),
    ...householdFlags(s.rng, h.tenant),
    createdAt: s.now,
    updatedAt: s.now,
  };
}

async function insertHouseholds(s: GenState, rows: ReturnType<typeof household>[]) {
  let done = 0;
  for (const part of chunked(rows)) {
    await s.trx.insertInto('households').values(part).execute();
    done += part.length;
    s.progress('households', done, rows.length);
  }
  s.counts.households = rows.length;
}

export const compoundsStep: Step = { name: 'compounds', run: buildCompounds };
export const housingStep: Step = { name: 'housing', run: buildHousing };

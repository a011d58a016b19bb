/**
 * Where an imported row's person lives, looked up only inside the importer's writable areas (ledger.write
 * grants): a building (by name, "小区 楼栋" or "小区楼栋", narrowed by the grid when given) + unit + room, or a
 * rural address (+ grid). A place outside those areas is simply unknown, so an importer can never target
 * another area's households — nor learn that they exist.
 *
 * Which household: the room's current household (the oldest when several share it); a known room with no
 * household yet gets a new one at commit (address derived like places does). An address matches a current
 * household exactly; with a grid it is looked up in that grid and created there when missing; without a grid it
 * must match exactly one household.
 *
 * Lookups are batched: buildings and grids of the scope are loaded once; rooms per building and households per
 * address are loaded for a batch of rows in one query each, then cached.
 */
import type { ImportProblemCode } from '@grassroots/shared/ledger-import/ledger-import.rules';
import { roomAddress } from '@grassroots/shared/places/places.rules';
import type { Kysely } from 'kysely';
import { inAreas, type Scope } from '../../core/scope.js';
import type { Database } from '../../db/database.js';

export type Target =
  | { kind: 'household'; householdId: number; areaPath: string; address: string }
  | { kind: 'newRoom'; roomId: number; buildingId: number; gridId: number; areaPath: string; address: string }
  | { kind: 'newAddress'; gridId: number; areaPath: string; address: string };

export interface PlaceCells {
  building: string;
  unit: string;
  room: string;
  address: string;
  grid: string;
}

interface BuildingRef {
  id: number;
  name: string;
  compoundName: string | null;
  gridId: number;
  areaPath: string;
}
interface GridRef {
  id: number;
  path: string;
}
interface RoomRef {
  roomId: number;
  householdId: number | null;
  householdAddress: string | null;
  address: string;
}
interface AddressRef {
  id: number;
  gridId: number;
  areaPath: string;
}

const norm = (s: string) => s.replace(/\s+/g, '');
const unitKey = (s: string) => norm(s).replace(/单元$/, '');
const roomKey = (s: string) => norm(s).replace(/[室号]$/, '');
const CHUNK = 500;

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export type Resolution = { target: Target } | { problem: { field: string; code: ImportProblemCode } };

export class PlaceIndex {
  private buildings = new Map<string, BuildingRef[]>();
  private grids = new Map<string, GridRef[]>();
  private rooms = new Map<number, Map<string, RoomRef>>();
  private addresses = new Map<string, AddressRef[]>();

  private constructor(
    private readonly k: Kysely<Database>,
    private readonly scope: Scope,
  ) {}

  static async load(k: Kysely<Database>, scope: Scope) {
    const index = new PlaceIndex(k, scope);
    const [buildings, grids] = await Promise.all([
      k
        .selectFrom('buildings as b')
        .leftJoin('compounds as c', 'c.id', 'b.compoundId')
        .select(['b.id', 'b.name', 'b.gridId', 'b.areaPath', 'c.name as compoundName'])
        .where(inAreas(scope, 'b.areaPath'))
        .execute(),
      k
        .selectFrom('areas as g')
        .innerJoin('areas as c', 'c.id', 'g.parentId')
        .select(['g.id', 'g.name', 'g.path', 'c.name as communityName'])
        .where('g.kind', '=', 'grid')
        .where(inAreas(scope, 'g.path'))
        .execute(),
    ]);
    for (const b of buildings) {
      const keys = new Set([norm(b.name), ...(b.compoundName ? [norm(b.compoundName + b.name)] : [])]);
      for (const key of keys) push(index.buildings, key, b);
    }
    for (const g of grids) {
      for (const key of new Set([norm(g.name), norm(g.communityName + g.name)]))
        push(index.grids, key, { id: g.id, path: g.path });
    }
    return index;
  }

  /** Loads the rooms (with their current household) of the buildings and the households at the addresses. */
  async prepare(places: PlaceCells[]) {
    const buildingIds = new Set<number>();
    const addresses = new Set<string>();
    for (const p of places) {
      if (p.building) for (const b of this.buildings.get(norm(p.building)) ?? []) buildingIds.add(b.id);
      else if (p.address && !this.addresses.has(p.address)) addresses.add(p.address);
    }
    const missing = [...buildingIds].filter((id) => !this.rooms.has(id));
    for (let i = 0; i < missing.length; i += CHUNK) await this.loadRooms(missing.slice(i, i + CHUNK));
    const wanted = [...addresses];
    for (let i = 0; i < wanted.length; i += CHUNK) await this.loadAddresses(wanted.slice(i, i + CHUNK));
  }

  private async loadRooms(ids: number[]) {
    const rows = await this.k
      .selectFrom('rooms as r')
      .innerJoin('buildings as b', 'b.id', 'r.buildingId')
      .leftJoin('compounds as c', 'c.id', 'b.compoundId')
      .leftJoin('households as h', (j) => j.onRef('h.roomId', '=', 'r.id').on('h.archivedAt', 'is', null))
      .select(['r.id', 'r.buildingId', 'r.unit', 'r.number', 'b.name', 'c.name as compoundName'])
      .select(['h.id as householdId', 'h.address as householdAddress'])
      .where('r.buildingId', 'in', ids)
      .orderBy('h.id')
      .execute();
    for (const id of ids) this.rooms.set(id, new Map());
    for (const r of rows) {
      const byKey = this.rooms.get(r.buildingId) as Map<string, RoomRef>;
      const key = `${unitKey(r.unit)}|${roomKey(r.number)}`;
      // Ordered by household id (NULLs are one group): the first row per room keeps the oldest household.
      const seen = byKey.get(key);
      if (seen && (seen.householdId != null || r.householdId == null)) continue;
      byKey.set(key, {
        roomId: r.id,
        householdId: r.householdId,
        householdAddress: r.householdAddress,
        address: roomAddress(r.compoundName, r.name, r.unit, r.number),
      });
    }
  }

  private async loadAddresses(list: string[]) {
    for (const a of list) this.addresses.set(a, []);
    const rows = await this.k
      .selectFrom('households')
      .select(['id', 'address', 'gridId', 'areaPath'])
      .where('address', 'in', list)
      .where('archivedAt', 'is', null)
      .where(inAreas(this.scope, 'areaPath'))
      .orderBy('id')
      .execute();
    for (const r of rows) push(this.addresses, r.address, { id: r.id, gridId: r.gridId, areaPath: r.areaPath });
  }

  private grid(text: string): GridRef | ImportProblemCode {
    const found = this.grids.get(norm(text)) ?? [];
    if (found.length === 0) return 'unknown_grid';
    if (found.length > 1) return 'ambiguous_grid';
    return found[0] as GridRef;
  }

  /** The household a row's place names (call prepare() for its batch first). */
  resolve(p: PlaceCells): Resolution {
    const grid = p.grid ? this.grid(p.grid) : null;
    if (typeof grid === 'string') return { problem: { field: 'grid', code: grid } };
    if (p.building) return this.inBuilding(p, grid);
    if (p.address) return this.atAddress(p.address, grid);
    return { problem: { field: 'address', code: 'missing_address' } };
  }

  private inBuilding(p: PlaceCells, grid: GridRef | null): Resolution {
    let found = this.buildings.get(norm(p.building)) ?? [];
    if (grid) found = found.filter((b) => b.gridId === grid.id);
    if (found.length === 0) return { problem: { field: 'building', code: 'unknown_building' } };
    if (found.length > 1) return { problem: { field: 'building', code: 'ambiguous_building' } };
    const b = found[0] as BuildingRef;
    if (!p.unit) return { problem: { field: 'unit', code: 'required' } };
    if (!p.room) return { problem: { field: 'room', code: 'required' } };
    const room = this.rooms.get(b.id)?.get(`${unitKey(p.unit)}|${roomKey(p.room)}`);
    if (!room) return { problem: { field: 'room', code: 'unknown_room' } };
    if (room.householdId != null)
      return {
        target: {
          kind: 'household',
          householdId: room.householdId,
          areaPath: b.areaPath,
          address: room.householdAddress ?? room.address,
        },
      };
    return {
      target: {
        kind: 'newRoom',
        roomId: room.roomId,
        buildingId: b.id,
        gridId: b.gridId,
        areaPath: b.areaPath,
        address: room.address,
      },
    };
  }

  private atAddress(address: string, grid: GridRef | null): Resolution {
    let found = this.addresses.get(address) ?? [];
    if (grid) found = found.filter((h) => h.gridId === grid.id);
    const first = found[0];
    if (grid && !first) return { target: { kind: 'newAddress', gridId: grid.id, areaPath: grid.path, address } };
    if (!first) return { problem: { field: 'address', code: 'unknown_address' } };
    if (found.length > 1 && !grid) return { problem: { field: 'address', code: 'ambiguous_address' } };
    return { target: { kind: 'household', householdId: first.id, areaPath: first.areaPath, address } };
  }
}

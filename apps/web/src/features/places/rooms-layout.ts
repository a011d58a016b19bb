/** Pure layout of a building's rooms: floors (top first) × units (side by side). */
import type { RoomView } from '@grassroots/shared/places/places.schema';

const natural = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

export interface RoomLayout {
  units: { unit: string; width: number }[];
  floors: { floor: number | null; cells: Map<string, RoomView[]> }[];
}

/** Groups rooms by floor and unit; `width` is the most rooms any floor of that unit has. */
export function layoutRooms(rooms: RoomView[]): RoomLayout {
  const floors = new Map<number | null, Map<string, RoomView[]>>();
  const width = new Map<string, number>();
  for (const r of rooms) {
    const row = floors.get(r.floor) ?? new Map<string, RoomView[]>();
    const cell = [...(row.get(r.unit) ?? []), r].sort((x, y) => natural(x.number, y.number));
    row.set(r.unit, cell);
    floors.set(r.floor, row);
    width.set(r.unit, Math.max(width.get(r.unit) ?? 0, cell.length));
  }
  return {
    units: [...width.entries()].sort(([a], [b]) => natural(a, b)).map(([unit, w]) => ({ unit, width: w })),
    floors: [...floors.entries()]
      .sort(([a], [b]) => (b ?? Number.MIN_SAFE_INTEGER) - (a ?? Number.MIN_SAFE_INTEGER))
      .map(([floor, cells]) => ({ floor, cells })),
  };
}

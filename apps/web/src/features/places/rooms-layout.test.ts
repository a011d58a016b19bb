import type { RoomView } from '@grassroots/shared/places/places.schema';
import { describe, expect, it } from 'vitest';
import { layoutRooms } from './rooms-layout';

const room = (unit: string, number: string, floor: number | null): RoomView => ({
  id: `${unit}-${number}`,
  buildingId: '1',
  unit,
  number,
  floor,
  floorArea: null,
  ownerName: null,
  householdCount: 0,
});

describe('layoutRooms', () => {
  it('puts the top floor first, units in natural order, rooms sorted within a cell', () => {
    const l = layoutRooms([
      room('10', '101', 1),
      room('2', '102', 1),
      room('2', '101', 1),
      room('2', '1001', 10),
      room('x', '地下室', null),
    ]);
    expect(l.units).toEqual([
      { unit: '2', width: 2 },
      { unit: '10', width: 1 },
      { unit: 'x', width: 1 },
    ]);
    expect(l.floors.map((f) => f.floor)).toEqual([10, 1, null]);
    expect(l.floors[1]?.cells.get('2')?.map((r) => r.number)).toEqual(['101', '102']);
  });
});

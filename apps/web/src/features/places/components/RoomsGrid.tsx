/**
 * Rooms of a building as one table: a row per floor (top floor first), units side by side, one button per
 * room showing number, floor area and owner. A click opens the room. Occupied rooms are tinted green.
 */
import { Empty, Flex, Typography } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../../lib/i18n';
import type { RoomView } from '../api';
import { layoutRooms } from '../rooms-layout';

export function RoomsGrid({ rooms, onOpen }: { rooms: RoomView[]; onOpen?: (r: RoomView) => void }) {
  const { t } = useI18n();
  const layout = useMemo(() => layoutRooms(rooms), [rooms]);
  if (!rooms.length) return <Empty description={t('还没有房间，可批量生成', 'No rooms yet; generate them')} />;
  return (
    <>
      <Flex gap={16} wrap style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">
          {t('点击房间可修改面积和业主', 'Click a room to edit its floor area and owner')}
        </Typography.Text>
        <Typography.Text type="secondary">
          <span className="gr-room-swatch gr-room-occupied" aria-hidden /> {t('有住户', 'Occupied')}
        </Typography.Text>
      </Flex>
      <div className="gr-rooms-scroll">
        <table className="gr-rooms-table">
          <thead>
            <tr>
              <th scope="col">{t('楼层', 'Floor')}</th>
              {layout.units.map((u) => (
                <th key={u.unit} scope="colgroup" colSpan={u.width}>
                  {t(`${u.unit}单元`, `Unit ${u.unit}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {layout.floors.map((f) => (
              <tr key={String(f.floor)}>
                <th scope="row">{f.floor == null ? '—' : t(`${f.floor}层`, `F${f.floor}`)}</th>
                {layout.units.flatMap((u) => {
                  const cell = f.cells.get(u.unit) ?? [];
                  return Array.from({ length: u.width }, (_, i) => {
                    const r = cell[i];
                    return (
                      <td key={`${u.unit}-${r?.id ?? `empty-${i}`}`}>
                        {r ? (
                          <button
                            type="button"
                            className={`gr-room${r.householdCount ? ' gr-room-occupied' : ''}`}
                            onClick={() => onOpen?.(r)}
                            aria-label={t(`${u.unit}单元${r.number}室`, `Unit ${u.unit} room ${r.number}`)}
                          >
                            <span className="gr-room-line">
                              <strong>{r.number}</strong>
                              <span>{r.floorArea == null ? '—' : `${r.floorArea}㎡`}</span>
                            </span>
                            <span className="gr-room-owner">{r.ownerName ?? t('业主未填', 'no owner')}</span>
                          </button>
                        ) : null}
                      </td>
                    );
                  });
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

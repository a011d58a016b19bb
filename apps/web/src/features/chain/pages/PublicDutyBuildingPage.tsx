/**
 * /p/duty/b/:code — what a building's QR code opens (no login): the five levels responsible for it, with duty
 * labels and a big "call the duty phone" button. Picking unit and room narrows L5 to that household's member.
 */
import { PhoneOutlined } from '@ant-design/icons';
import type { PublicDuty } from '@grassroots/shared/chain/chain.schema';
import { Button, Select, Skeleton } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ApiError } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { usePublicDuty } from '../api';
import './public.css';

export function PublicDutyBuildingPage() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const unit = params.get('unit') ?? undefined;
  const room = params.get('room') ?? undefined;
  const duty = usePublicDuty(code, unit && room ? unit : undefined, unit && room ? room : undefined);
  if (duty.error && !duty.data) {
    const notFound = duty.error instanceof ApiError && duty.error.status === 404;
    return (
      <div className="duty-page">
        {notFound ? (
          <div className="duty-head">
            <h2>{t('未找到该楼栋', 'Building not found')}</h2>
            <p>{t('二维码可能已失效，请按地址查找', 'The QR code may be outdated; search by address')}</p>
          </div>
        ) : (
          <ErrorAlert error={duty.error} onRetry={() => duty.refetch()} />
        )}
        <Link className="duty-result" to="/p/duty">
          {t('按地址查找', 'Search by address')}
        </Link>
      </div>
    );
  }
  if (!duty.data) return <Skeleton active />;
  const d = duty.data;
  const rooms = d.units.find((u) => u.unit === unit)?.rooms ?? [];
  const setPlace = (u?: string, r?: string) => {
    const next: Record<string, string> = {};
    if (u) next.unit = u;
    if (u && r) next.room = r;
    setParams(next, { replace: true });
  };
  return (
    <div className="duty-page">
      <div className="duty-head">
        <h2>
          {d.building.compound ? `${d.building.compound} · ` : ''}
          {d.building.name}
        </h2>
        {d.building.address ? <p>{d.building.address}</p> : null}
        <p>{[d.building.street, d.building.community, d.building.grid].filter(Boolean).join(' › ')}</p>
      </div>
      {d.units.length ? <RoomPicker d={d} unit={unit} room={room} rooms={rooms} onChange={setPlace} /> : null}
      {d.levels.map((level) => (
        <section key={level.level} className="duty-level" aria-labelledby={`duty-l${level.level}`}>
          <h3 id={`duty-l${level.level}`}>
            <span className="duty-badge">L{level.level}</span>
            {level.label}
          </h3>
          {level.people.length === 0 ? (
            <p className="duty-muted" style={{ margin: 0 }}>
              {level.level === 5
                ? t('本户暂无包联党员', 'No party member is linked here yet')
                : t('暂未公示', 'Not published yet')}
            </p>
          ) : (
            level.people.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: public people carry no id on purpose
              <div key={i} className="duty-person">
                <div className="duty-name">{p.name}</div>
                {p.dutyLabels.length ? (
                  <div className="duty-tags">
                    {p.dutyLabels.map((l) => (
                      <span key={l} className="duty-tag">
                        {l}
                      </span>
                    ))}
                  </div>
                ) : null}
                {p.dutyPhone ? (
                  <a
                    className="duty-call"
                    href={`tel:${p.dutyPhone.replace(/[^\d+]/g, '')}`}
                    aria-label={t(`拨打 ${p.name} 的值班电话 ${p.dutyPhone}`, `Call ${p.name} on ${p.dutyPhone}`)}
                  >
                    <PhoneOutlined aria-hidden />
                    <span>
                      {t('拨打值班电话', 'Call duty phone')} <span className="duty-phone">{p.dutyPhone}</span>
                    </span>
                  </a>
                ) : (
                  <p className="duty-muted" style={{ margin: '4px 0 0' }}>
                    {t('暂无值班电话', 'No duty phone')}
                  </p>
                )}
              </div>
            ))
          )}
        </section>
      ))}
      <Link
        className="duty-result"
        to={`/h5/link?${new URLSearchParams({ code: d.building.code, ...(unit && room ? { unit, room } : {}) })}`}
      >
        {t('我住这里，申请关联住户', 'I live here: link my household')}
      </Link>
      <Link className="duty-result" to="/p/duty">
        {t('查找其他楼栋', 'Find another building')}
      </Link>
    </div>
  );
}

function RoomPicker(props: {
  d: PublicDuty;
  unit?: string;
  room?: string;
  rooms: string[];
  onChange: (unit?: string, room?: string) => void;
}) {
  const { t } = useI18n();
  const { d, unit, room, rooms, onChange } = props;
  return (
    <div className="duty-level">
      <h3 style={{ margin: '0 0 8px' }}>{t('查看本户的包联党员', 'See the party member of your home')}</h3>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 10 }}>
        <div className="duty-field">
          <label htmlFor="duty-unit">{t('单元', 'Unit')}</label>
          <Select
            id="duty-unit"
            size="large"
            style={{ width: '100%' }}
            value={unit}
            placeholder={t('选择单元', 'Unit')}
            onChange={(u: string) => onChange(u, undefined)}
            options={d.units.map((u) => ({ value: u.unit, label: t(`${u.unit} 单元`, `Unit ${u.unit}`) }))}
          />
        </div>
        <div className="duty-field">
          <label htmlFor="duty-room">{t('房号', 'Room')}</label>
          <Select
            id="duty-room"
            size="large"
            style={{ width: '100%' }}
            value={room}
            disabled={!unit}
            placeholder={t('选择房号', 'Room')}
            onChange={(r: string) => onChange(unit, r)}
            options={rooms.map((r) => ({ value: r, label: r }))}
          />
        </div>
      </div>
      {unit && room ? (
        <Button type="link" onClick={() => onChange()} style={{ paddingInline: 0, minHeight: 44 }}>
          {t('查看整栋楼', 'Show the whole building')}
        </Button>
      ) : null}
    </div>
  );
}

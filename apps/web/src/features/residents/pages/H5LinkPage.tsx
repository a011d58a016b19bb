/**
 * /h5/link — ask to be linked to a household: the building (its code from the QR sticker, or an address
 * search) → unit and room → submit. The grid worker confirms it; until then the request shows as pending.
 * `?code=&unit=&room=` pre-fills it (the public 亮身份 page links here).
 */
import { Button, Card, Flex, Input, List, Result, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { RequireLogin } from '../../../components/RequireLogin';
import { useI18n } from '../../../lib/i18n';
import { usePublicDuty, usePublicSearch } from '../../chain/api';
import { useMyRequests, useRequestLink } from '../api';
import { LinkStatusTag } from './LinkStatusTag';

export function H5LinkPage() {
  return (
    <RequireLogin loginPath="/h5/login">
      <LinkFlow />
    </RequireLogin>
  );
}

function LinkFlow() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const code = params.get('code');
  const request = useRequestLink();
  const mine = useMyRequests();
  const pending = (mine.data?.items ?? []).filter((r) => r.status === 'pending');
  if (request.data)
    return (
      <Result
        status="success"
        title={t('申请已提交', 'Request sent')}
        subTitle={t(
          `${request.data.address}：等待网格员核对确认`,
          `${request.data.address}: waiting for the grid worker to confirm`,
        )}
        extra={
          <Link to="/h5">
            <Button type="primary" size="large">
              {t('返回首页', 'Back home')}
            </Button>
          </Link>
        }
      />
    );
  return (
    <Flex vertical gap={12}>
      {code ? (
        <RoomStep
          code={code}
          onReset={() => setParams({})}
          onSubmit={(v) => request.mutate({ buildingCode: code, ...v })}
        />
      ) : (
        <BuildingStep onPick={(c) => setParams({ code: c })} />
      )}
      {request.error ? <ErrorAlert error={request.error} /> : null}
      {pending.length ? (
        <Card title={t('待确认的申请', 'Pending requests')}>
          <List
            dataSource={pending}
            rowKey="id"
            renderItem={(r) => (
              <List.Item>
                <span>
                  <LinkStatusTag status={r.status} /> {r.address}
                </span>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
    </Flex>
  );
}

function BuildingStep({ onPick }: { onPick: (code: string) => void }) {
  const { t } = useI18n();
  const [codeText, setCodeText] = useState('');
  const [q, setQ] = useState('');
  const search = usePublicSearch(q);
  return (
    <Card title={t('第一步：找到您的楼栋', 'Step 1: find your building')}>
      <Flex vertical gap={16}>
        <div>
          <label htmlFor="link-code" style={{ display: 'block', fontWeight: 600, marginBottom: 4 }}>
            {t('楼栋码（见楼道二维码下方）', 'Building code (under the QR code in the stairwell)')}
          </label>
          <Input.Search
            id="link-code"
            size="large"
            value={codeText}
            onChange={(e) => setCodeText(e.target.value)}
            onSearch={(v) => v.trim() && onPick(v.trim())}
            enterButton={t('下一步', 'Next')}
          />
        </div>
        <div>
          <label htmlFor="link-q" style={{ display: 'block', fontWeight: 600, marginBottom: 4 }}>
            {t('或按小区、地址搜索', 'Or search by compound or address')}
          </label>
          <Input.Search id="link-q" size="large" onSearch={(v) => setQ(v.trim())} enterButton={t('搜索', 'Search')} />
        </div>
        {search.error ? <ErrorAlert error={search.error} /> : null}
        {search.data ? (
          search.data.length ? (
            <List
              dataSource={search.data}
              rowKey="code"
              renderItem={(h) => (
                <List.Item>
                  <Button
                    size="large"
                    block
                    style={{ height: 'auto', minHeight: 48, whiteSpace: 'normal' }}
                    onClick={() => onPick(h.code)}
                  >
                    {h.compound ? `${h.compound} · ` : ''}
                    {h.building}
                  </Button>
                </List.Item>
              )}
            />
          ) : (
            <Typography.Text type="secondary">{t('没有找到匹配的楼栋', 'No building found')}</Typography.Text>
          )
        ) : null}
      </Flex>
    </Card>
  );
}

function RoomStep(props: {
  code: string;
  onReset: () => void;
  onSubmit: (v: { unit: string; room: string; note?: string }) => void;
}) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const duty = usePublicDuty(props.code);
  const [unit, setUnit] = useState<string | undefined>(params.get('unit') ?? undefined);
  const [room, setRoom] = useState<string | undefined>(params.get('room') ?? undefined);
  const [note, setNote] = useState('');
  if (duty.error)
    return (
      <Card>
        <ErrorAlert error={duty.error} />
        <Button size="large" block style={{ marginTop: 12 }} onClick={props.onReset}>
          {t('重新选择楼栋', 'Choose another building')}
        </Button>
      </Card>
    );
  const d = duty.data;
  const rooms = d?.units.find((u) => u.unit === unit)?.rooms ?? [];
  return (
    <Card title={t('第二步：选择单元和房号', 'Step 2: choose unit and room')} loading={!d}>
      {d ? (
        <Flex vertical gap={14}>
          <Typography.Text strong style={{ fontSize: '1.1em' }}>
            {d.building.compound ? `${d.building.compound} · ` : ''}
            {d.building.name}
          </Typography.Text>
          <div>
            <label htmlFor="link-unit" style={{ display: 'block', fontWeight: 600, marginBottom: 4 }}>
              {t('单元', 'Unit')}
            </label>
            <Select
              id="link-unit"
              size="large"
              style={{ width: '100%' }}
              value={unit}
              onChange={(u: string) => {
                setUnit(u);
                setRoom(undefined);
              }}
              options={d.units.map((u) => ({ value: u.unit, label: t(`${u.unit} 单元`, `Unit ${u.unit}`) }))}
            />
          </div>
          <div>
            <label htmlFor="link-room" style={{ display: 'block', fontWeight: 600, marginBottom: 4 }}>
              {t('房号', 'Room')}
            </label>
            <Select
              id="link-room"
              size="large"
              style={{ width: '100%' }}
              value={room}
              disabled={!unit}
              onChange={setRoom}
              options={rooms.map((r) => ({ value: r, label: r }))}
            />
          </div>
          <div>
            <label htmlFor="link-note" style={{ display: 'block', fontWeight: 600, marginBottom: 4 }}>
              {t('备注（可选，如与户主关系）', 'Note (optional, e.g. relation to the head)')}
            </label>
            <Input.TextArea
              id="link-note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={200}
              rows={2}
            />
          </div>
          <Button
            type="primary"
            size="large"
            block
            disabled={!unit || !room}
            onClick={() => unit && room && props.onSubmit({ unit, room, note: note.trim() || undefined })}
          >
            {t('提交申请', 'Send request')}
          </Button>
          <Button size="large" block onClick={props.onReset}>
            {t('重新选择楼栋', 'Choose another building')}
          </Button>
        </Flex>
      ) : null}
    </Card>
  );
}

/**
 * Create or edit a household: in a room of a building (address derived by the server) or, rural, a grid with
 * a free-text address. The phone is write-only here: the server returns it masked, so an empty field on edit
 * means "unchanged".
 */
import { householdTags } from '@grassroots/shared/places/places.rules';
import { Checkbox, Form, Input, Radio, Select, Switch } from 'antd';
import { useMemo, useState } from 'react';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { FormModal } from '../../../components/FormModal';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { type HouseholdView, useBuildings, usePlacesMutation, useRooms } from '../api';

interface Props {
  open: boolean;
  household?: HouseholdView | null;
  /** Preselect a building (when opened from a building page). */
  buildingId?: string;
  buildingName?: string;
  onClose: () => void;
}

interface Values {
  mode: 'room' | 'rural';
  buildingId?: string;
  roomId?: string;
  gridId?: string;
  address?: string;
  headName?: string;
  phone?: string;
  clearPhone?: boolean;
  noSmartphone?: boolean;
  tags?: string[];
}

function payload(v: Values, before?: HouseholdView | null) {
  const loc =
    v.mode === 'room' ? { buildingId: v.buildingId, roomId: v.roomId } : { gridId: v.gridId, address: v.address };
  const moved =
    !before ||
    (v.mode === 'room'
      ? before.roomId !== v.roomId || before.buildingId !== v.buildingId
      : before.buildingId !== null || before.gridId !== v.gridId || before.address !== v.address);
  const phone = v.clearPhone ? null : v.phone?.trim() ? v.phone.trim() : undefined;
  return {
    ...(moved ? loc : {}),
    headName: v.headName ?? null,
    phone,
    noSmartphone: !!v.noSmartphone,
    tags: v.tags ?? [],
    ...(before ? { version: before.version } : {}),
  };
}

export function HouseholdFormModal({ open, household, buildingId, buildingName, onClose }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form);
  const chosenBuilding = Form.useWatch('buildingId', form);
  const [search, setSearch] = useState('');
  const buildings = useBuildings({ q: search, pageSize: 50 }, open && mode === 'room');
  const rooms = useRooms(mode === 'room' ? chosenBuilding : null);
  const save = usePlacesMutation((v: Values) =>
    household
      ? api.patch(`/api/households/${household.id}`, payload(v, household))
      : api.post('/api/households', payload(v)),
  );

  const values = useMemo<Partial<Values>>(
    () =>
      household
        ? {
            mode: household.buildingId ? 'room' : 'rural',
            buildingId: household.buildingId ?? undefined,
            roomId: household.roomId ?? undefined,
            gridId: household.gridId,
            address: household.buildingId ? undefined : household.address,
            headName: household.headName ?? undefined,
            noSmartphone: household.noSmartphone,
            tags: household.tags,
          }
        : { mode: 'room', buildingId, noSmartphone: false, tags: [] },
    [household, buildingId],
  );

  const buildingOptions = (buildings.data?.items ?? []).map((b) => ({
    value: b.id,
    label: [b.compoundName, b.name].filter(Boolean).join(' '),
  }));
  if (buildingId && buildingName && !buildingOptions.some((o) => o.value === buildingId))
    buildingOptions.unshift({ value: buildingId, label: buildingName });
  if (household?.buildingId && !buildingOptions.some((o) => o.value === household.buildingId))
    buildingOptions.unshift({
      value: household.buildingId,
      label: household.address.split(' ').slice(0, -1).join(' '),
    });

  return (
    <FormModal
      open={open}
      title={household ? t('编辑住户', 'Edit household') : t('新建住户', 'New household')}
      form={form}
      values={values}
      onSave={save.mutateAsync}
      saving={save.isPending}
      done={household ? t('已保存', 'Saved') : t('已创建', 'Created')}
      onClose={onClose}
    >
      <Form.Item name="mode" label={t('住址类型', 'Location')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'room', label: t('楼栋房间', 'Room of a building') },
            { value: 'rural', label: t('农村/散居地址', 'Rural address') },
          ]}
        />
      </Form.Item>
      {mode === 'room' ? (
        <>
          <Form.Item
            name="buildingId"
            label={t('楼栋', 'Building')}
            rules={[{ required: true, message: t('请选择楼栋', 'Choose a building') }]}
          >
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              loading={buildings.isFetching}
              options={buildingOptions}
              onChange={() => form.setFieldValue('roomId', undefined)}
              placeholder={t('输入楼栋名称搜索', 'Type to search buildings')}
              notFoundContent={t('没有可选楼栋', 'No buildings')}
            />
          </Form.Item>
          <Form.Item
            name="roomId"
            label={t('房间', 'Room')}
            rules={[{ required: true, message: t('请选择房间', 'Choose a room') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={rooms.isFetching}
              disabled={!chosenBuilding}
              options={(rooms.data?.items ?? []).map((r) => ({
                value: r.id,
                label: `${r.unit}单元${r.number}室${r.householdCount ? t('（已有住户）', ' (occupied)') : ''}`,
              }))}
              notFoundContent={t('该楼栋还没有房间', 'No rooms in this building')}
            />
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item
            name="gridId"
            label={t('网格', 'Grid')}
            rules={[{ required: true, message: t('请选择网格', 'Choose a grid') }]}
          >
            <AreaTreeSelect kinds={['grid']} placeholder={t('选择网格', 'Choose a grid')} />
          </Form.Item>
          <Form.Item
            name="address"
            label={t('地址', 'Address')}
            rules={[{ required: true, whitespace: true, max: 200, message: t('请填写地址', 'Enter the address') }]}
          >
            <Input maxLength={200} placeholder={t('如：高家沟村12号', 'e.g. No. 12, Gaojiagou village')} />
          </Form.Item>
        </>
      )}
      <Form.Item name="headName" label={t('户主姓名', 'Head of household')} rules={[{ max: 50 }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('联系电话', 'Phone')}
        rules={[{ pattern: /^\+?[\d\s-]{5,20}$/, message: t('电话号码格式不正确', 'Invalid phone number') }]}
        extra={
          household?.phoneMasked
            ? t(
                `当前：${household.phoneMasked}（留空则不修改）`,
                `Current: ${household.phoneMasked} (leave empty to keep)`,
              )
            : t('加密保存，仅显示脱敏号码', 'Stored encrypted; only shown masked')
        }
      >
        <Input inputMode="tel" autoComplete="off" maxLength={20} />
      </Form.Item>
      {household?.phoneMasked ? (
        <Form.Item name="clearPhone" valuePropName="checked">
          <Checkbox>{t('清除电话', 'Remove the phone')}</Checkbox>
        </Form.Item>
      ) : null}
      <Form.Item name="noSmartphone" label={t('无智能手机户', 'No smartphone')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="tags" label={t('标签', 'Tags')}>
        <Select mode="multiple" allowClear options={householdTags.map((tag) => ({ value: tag, label: tag }))} />
      </Form.Item>
    </FormModal>
  );
}

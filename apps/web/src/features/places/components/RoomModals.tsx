/** Room dialogs: generate rooms in bulk, add one room, edit a room's floor area and owner (or delete it). */
import type { CreateRoomBody } from '@grassroots/shared/places/places.schema';
import { App, Button, Form, Input, InputNumber, Modal } from 'antd';
import { useEffect } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { errorMessage } from '../../../components/ErrorAlert';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { type RoomView, usePlacesMutation } from '../api';

interface Base {
  open: boolean;
  onClose: () => void;
}

export function GenerateRoomsModal({
  open,
  onClose,
  building,
}: Base & { building: { id: string; units: number; floors: number } }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ roomsPerFloor: number; defaultFloorArea?: number | null }>();
  const perFloor = Form.useWatch('roomsPerFloor', form) ?? 2;
  const run = usePlacesMutation((v: { roomsPerFloor: number; defaultFloorArea?: number | null }) =>
    api.post<{ created: number; skipped: number }>(`/api/buildings/${building.id}/rooms/generate`, v),
  );
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await run.mutateAsync(v);
      message.success(
        t(`新建 ${r.created} 间，跳过已有 ${r.skipped} 间`, `Created ${r.created}, skipped ${r.skipped}`),
      );
      onClose();
    } catch (e) {
      message.error(errorMessage(e, t('生成失败', 'Could not generate')));
    }
  };
  const total = building.units * building.floors * perFloor;
  return (
    <Modal
      open={open}
      title={t('批量生成房间', 'Generate rooms')}
      okText={t('生成', 'Generate')}
      cancelText={t('取消', 'Cancel')}
      onOk={submit}
      confirmLoading={run.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ roomsPerFloor: 2 }}>
        <Form.Item name="roomsPerFloor" label={t('每层户数', 'Rooms per floor')} rules={[{ required: true }]}>
          <InputNumber min={1} max={20} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="defaultFloorArea" label={t('默认面积（m²，可不填）', 'Default floor area (m², optional)')}>
          <InputNumber min={0} max={100000} step={0.01} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
      <p>
        {t(
          `${building.units} 个单元 × ${building.floors} 层 × 每层 ${perFloor} 户 = ${total} 间（如 101、102…），已有的房间会跳过。`,
          `${building.units} units × ${building.floors} floors × ${perFloor} = ${total} rooms (101, 102 …); existing rooms are skipped.`,
        )}
      </p>
    </Modal>
  );
}

export function AddRoomModal({ open, onClose, buildingId }: Base & { buildingId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateRoomBody>();
  const add = usePlacesMutation((v: CreateRoomBody) => api.post(`/api/buildings/${buildingId}/rooms`, v));
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await add.mutateAsync(v);
      message.success(t('已添加', 'Added'));
      onClose();
    } catch (e) {
      message.error(errorMessage(e, t('添加失败', 'Could not add')));
    }
  };
  return (
    <Modal
      open={open}
      title={t('新增房间', 'Add a room')}
      okText={t('保存', 'Save')}
      cancelText={t('取消', 'Cancel')}
      onOk={submit}
      confirmLoading={add.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ unit: '1' }}>
        <Form.Item name="unit" label={t('单元', 'Unit')} rules={[{ required: true, whitespace: true, max: 16 }]}>
          <Input maxLength={16} />
        </Form.Item>
        <Form.Item name="number" label={t('房号', 'Number')} rules={[{ required: true, whitespace: true, max: 16 }]}>
          <Input maxLength={16} placeholder="101" />
        </Form.Item>
        <Form.Item name="floor" label={t('楼层', 'Floor')}>
          <InputNumber min={-5} max={200} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="floorArea" label={t('面积（m²）', 'Floor area (m²)')}>
          <InputNumber min={0} max={100000} step={0.01} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="ownerName" label={t('业主', 'Owner')} rules={[{ max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function EditRoomModal({
  room,
  onClose,
  canWrite,
}: {
  room: RoomView | null;
  onClose: () => void;
  canWrite: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ floorArea?: number | null; ownerName?: string | null }>();
  const save = usePlacesMutation((v: { floorArea?: number | null; ownerName?: string | null }) =>
    api.patch(`/api/rooms/${room?.id}`, v),
  );
  const remove = usePlacesMutation(() => api.delete(`/api/rooms/${room?.id}`));
  useEffect(() => {
    if (room) form.setFieldsValue({ floorArea: room.floorArea, ownerName: room.ownerName });
  }, [room, form]);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({ floorArea: v.floorArea ?? null, ownerName: v.ownerName ?? null });
      message.success(t('已保存', 'Saved'));
      onClose();
    } catch (e) {
      message.error(errorMessage(e, t('保存失败', 'Could not save')));
    }
  };
  return (
    <Modal
      open={!!room}
      title={room ? t(`${room.unit}单元 ${room.number}室`, `Unit ${room.unit} · room ${room.number}`) : ''}
      onCancel={onClose}
      destroyOnHidden
      footer={
        canWrite
          ? [
              <ConfirmButton
                key="delete"
                confirm={t('确定删除该房间？', 'Delete this room?')}
                description={t('有住户的房间不能删除', 'A room with a household cannot be deleted')}
                onConfirm={async () => {
                  await remove.mutateAsync(undefined);
                  onClose();
                }}
              >
                {t('删除房间', 'Delete room')}
              </ConfirmButton>,
              <Button key="cancel" onClick={onClose}>
                {t('取消', 'Cancel')}
              </Button>,
              <Button key="save" type="primary" loading={save.isPending} onClick={submit}>
                {t('保存', 'Save')}
              </Button>,
            ]
          : null
      }
    >
      <Form form={form} layout="vertical" disabled={!canWrite}>
        <Form.Item name="floorArea" label={t('面积（m²，专有部分）', 'Floor area (m², exclusive part)')}>
          <InputNumber min={0} max={100000} step={0.01} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="ownerName" label={t('业主', 'Owner')} rules={[{ max: 50 }]}>
          <Input maxLength={50} allowClear />
        </Form.Item>
        {room ? (
          <p>
            {room.householdCount
              ? t(`该房间登记了 ${room.householdCount} 户`, `${room.householdCount} household(s) live here`)
              : t('该房间暂无住户', 'No household registered here')}
          </p>
        ) : null}
      </Form>
    </Modal>
  );
}

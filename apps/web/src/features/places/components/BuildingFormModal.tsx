/** Create or edit a building (楼栋) of a compound; the grid choice is limited to the compound's community. */
import type { CreateBuildingBody } from '@grassroots/shared/places/places.schema';
import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useMemo } from 'react';
import { findAreaNode, useAreaTree } from '../../../components/AreaTreeSelect';
import { FormModal } from '../../../components/FormModal';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { type BuildingView, usePlacesMutation } from '../api';

interface Props {
  open: boolean;
  compound: { id: string; communityId: string; name: string };
  building?: BuildingView | null;
  onClose: () => void;
}

export function BuildingFormModal({ open, compound, building, onClose }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<CreateBuildingBody>();
  const tree = useAreaTree();
  const grids = useMemo(
    () => (findAreaNode(tree.data?.nodes, compound.communityId)?.children ?? []).filter((n) => n.kind === 'grid'),
    [tree.data, compound.communityId],
  );
  const save = usePlacesMutation((v: CreateBuildingBody) =>
    building
      ? api.patch(`/api/buildings/${building.id}`, { ...v, version: building.version })
      : api.post('/api/buildings', { ...v, compoundId: compound.id }),
  );

  // Recomputed when the grids arrive, so a community with a single grid gets it preselected.
  const values = useMemo(
    () =>
      building
        ? {
            gridId: building.gridId,
            name: building.name,
            address: building.address,
            units: building.units,
            floors: building.floors,
            lng: building.lng,
            lat: building.lat,
          }
        : { units: 1, floors: 6, gridId: grids.length === 1 ? grids[0]?.id : undefined },
    [building, grids],
  );

  return (
    <FormModal
      open={open}
      title={
        building
          ? t(`编辑楼栋 · ${compound.name}`, `Edit building · ${compound.name}`)
          : t(`新建楼栋 · ${compound.name}`, `New building · ${compound.name}`)
      }
      form={form}
      values={values}
      onSave={save.mutateAsync}
      saving={save.isPending}
      done={building ? t('已保存', 'Saved') : t('已创建', 'Created')}
      onClose={onClose}
    >
      <Form.Item
        name="name"
        label={t('楼栋名称', 'Name')}
        rules={[{ required: true, whitespace: true, max: 100, message: t('请填写楼栋名称', 'Enter a name') }]}
      >
        <Input maxLength={100} placeholder={t('如：3号楼', 'e.g. Building 3')} />
      </Form.Item>
      <Form.Item
        name="gridId"
        label={t('所属网格', 'Grid')}
        rules={[{ required: true, message: t('请选择网格', 'Choose a grid') }]}
        extra={t('只列出本小区所在社区的网格', "Only grids of the compound's community")}
      >
        <Select
          loading={tree.isLoading}
          options={grids.map((g) => ({ value: g.id, label: g.name }))}
          notFoundContent={t('该社区下没有网格', 'No grids in this community')}
        />
      </Form.Item>
      <Form.Item name="address" label={t('地址', 'Address')} rules={[{ max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="units" label={t('单元数', 'Units')} rules={[{ required: true }]}>
            <InputNumber min={1} max={50} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="floors" label={t('楼层数', 'Floors')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="lng" label={t('经度（WGS-84）', 'Longitude (WGS-84)')}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="lat" label={t('纬度（WGS-84）', 'Latitude (WGS-84)')}>
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

/** Grid elements (网格要素) of an area: filter by kind, search, page; create/edit/delete (with confirmation). */
import { PlusOutlined } from '@ant-design/icons';
import { type GridElementKind, gridElementKindLabels, gridElementKinds } from '@grassroots/shared/areas/areas.rules';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FilterBar, PagedTable } from '../../../components/PagedTable';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { useAction } from '../../../lib/use-action';
import { usePaging } from '../../../lib/use-paging';
import { type AreaDetail, type GridElementView, useElements, useRefreshAreas } from '../api';
import { elementColors } from '../map-options';
import { NameCodeItems } from './NameCodeItems';

interface FormValues {
  kind: GridElementKind;
  name: string;
  code?: string;
  lng?: number | null;
  lat?: number | null;
  responsibleName?: string;
  responsiblePhone?: string;
}

export function GridElementsTab({ area }: { area: AreaDetail }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAreas();
  const [kind, setKind] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const paging = usePaging(10);
  const elements = useElements(area.id, { kind, q: q || undefined, page: paging.page, pageSize: paging.pageSize });
  const [editing, setEditing] = useState<GridElementView | 'new' | null>(null);
  const canWrite = area.allowedActions.includes('manageElements');
  const kindOptions = gridElementKinds.map((k) => ({ value: k, label: tl(gridElementKindLabels[k]) }));

  return (
    <div>
      <FilterBar gap={8} margin={12}>
        <Select
          allowClear
          placeholder={t('全部类型', 'All kinds')}
          aria-label={t('要素类型', 'Element kind')}
          options={kindOptions}
          value={kind}
          onChange={paging.resetting(setKind)}
          style={{ width: 160 }}
        />
        <Input.Search
          allowClear
          placeholder={t('名称/编码/负责人', 'Name, code or person')}
          aria-label={t('搜索要素', 'Search elements')}
          onSearch={paging.resetting((v: string) => setQ(v.trim()))}
          style={{ width: 240 }}
        />
        {canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('新增要素', 'Add element')}
          </Button>
        ) : null}
      </FilterBar>
      <PagedTable<GridElementView>
        query={elements}
        paging={paging}
        gap={12}
        empty={t('暂无网格要素', 'No grid elements yet')}
        size="small"
        // Spins on the first load only, so paging keeps the old rows visible without a flash.
        loading={elements.isLoading}
        columns={[
          {
            title: t('类型', 'Kind'),
            dataIndex: 'kind',
            width: 110,
            render: (k: GridElementKind) => <Tag color={elementColors[k]}>{tl(gridElementKindLabels[k])}</Tag>,
          },
          { title: t('名称', 'Name'), dataIndex: 'name' },
          { title: t('编码', 'Code'), dataIndex: 'code', render: (c: string | null) => c ?? '—' },
          {
            title: t('负责人', 'Responsible'),
            render: (_: unknown, r) => (r.responsibleName ? `${r.responsibleName} ${r.responsiblePhone ?? ''}` : '—'),
          },
          {
            title: t('位置', 'Location'),
            dataIndex: 'geometry',
            render: (g: { type?: string } | null) =>
              g?.type ? <Typography.Text type="secondary">{g.type}</Typography.Text> : '—',
          },
          ...(canWrite
            ? [
                {
                  title: t('操作', 'Actions'),
                  width: 140,
                  render: (_: unknown, r: GridElementView) => (
                    <Flex gap={4}>
                      <Button size="small" type="link" onClick={() => setEditing(r)}>
                        {t('编辑', 'Edit')}
                      </Button>
                      <ConfirmButton
                        size="small"
                        type="link"
                        confirm={t(`确定删除「${r.name}」？`, `Delete “${r.name}”?`)}
                        onConfirm={async () => {
                          await api.delete(`/api/grid-elements/${r.id}`);
                          message.success(t('已删除', 'Deleted'));
                          await refresh();
                        }}
                      >
                        {t('删除', 'Delete')}
                      </ConfirmButton>
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <ElementForm area={area} element={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}

function ElementForm({
  area,
  element,
  onClose,
}: {
  area: AreaDetail;
  element: GridElementView | null;
  onClose: () => void;
}) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAreas();
  const [form] = Form.useForm<FormValues>();
  const { busy, error, run } = useAction();
  const geo = element?.geometry as { type: string; coordinates: number[] } | null | undefined;
  const isPoint = geo?.type === 'Point';
  const submit = async () => {
    const v = await form.validateFields();
    const hasPoint = v.lng != null && v.lat != null;
    // Lines and polygons are kept as they are unless a point is entered instead.
    const geometry = hasPoint ? { type: 'Point', coordinates: [v.lng, v.lat] } : geo && !isPoint ? undefined : null;
    const body = {
      kind: v.kind,
      name: v.name,
      code: v.code || null,
      responsibleName: v.responsibleName || null,
      responsiblePhone: v.responsiblePhone || null,
      ...(geometry === undefined ? {} : { geometry }),
    };
    await run(async () => {
      if (element) await api.patch(`/api/grid-elements/${element.id}`, body);
      else await api.post('/api/grid-elements', { ...body, gridId: area.id });
      message.success(t('已保存', 'Saved'));
      await refresh();
      onClose();
    });
  };
  return (
    <Modal
      open
      title={element ? t('编辑网格要素', 'Edit grid element') : t('新增网格要素', 'Add grid element')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('保存', 'Save')}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{
          kind: element?.kind ?? 'shop',
          name: element?.name,
          code: element?.code ?? undefined,
          lng: isPoint ? geo?.coordinates[0] : undefined,
          lat: isPoint ? geo?.coordinates[1] : undefined,
          responsibleName: element?.responsibleName ?? undefined,
          responsiblePhone: element?.responsiblePhone ?? undefined,
        }}
      >
        <Form.Item name="kind" label={t('类型', 'Kind')} rules={[{ required: true }]}>
          <Select options={gridElementKinds.map((k) => ({ value: k, label: tl(gridElementKindLabels[k]) }))} />
        </Form.Item>
        <NameCodeItems />
        <Flex gap={12}>
          <Form.Item name="lng" label={t('经度（WGS-84）', 'Longitude (WGS-84)')} style={{ flex: 1 }}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="lat" label={t('纬度（WGS-84）', 'Latitude (WGS-84)')} style={{ flex: 1 }}>
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        {geo && !isPoint ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            {t(`已有${geo.type}几何，留空经纬度则保留。`, `Has a ${geo.type}; leave the point empty to keep it.`)}
          </Typography.Paragraph>
        ) : null}
        <Flex gap={12}>
          <Form.Item
            name="responsibleName"
            label={t('负责人', 'Responsible person')}
            style={{ flex: 1 }}
            rules={[{ max: 50 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="responsiblePhone"
            label={t('值班电话', 'Duty phone')}
            style={{ flex: 1 }}
            rules={[{ max: 30, pattern: /^[0-9+\-() ]*$/, message: t('电话号码格式不正确', 'Invalid phone number') }]}
          >
            <Input />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

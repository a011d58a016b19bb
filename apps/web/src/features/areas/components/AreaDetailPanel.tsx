/** Right-hand panel of /console/areas: details, rename (versioned), add child, move, delete, boundary, elements. */

import { DeleteOutlined, DragOutlined, PlusOutlined } from '@ant-design/icons';
import { areaKindLabels, areaKindTags } from '@grassroots/shared/areas/areas.rules';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  InputNumber,
  Skeleton,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ApiError, api } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { useAction } from '../../../lib/use-action';
import { type AreaDetail, type AreaTreeNode, useAreaDetail, useRefreshAreas } from '../api';
import { CreateChildModal, MoveModal } from './AreaModals';
import { kindTagColor } from './AreaTreePanel';
import { BoundarySection } from './BoundarySection';
import { GridElementsTab } from './GridElementsTab';
import { NameCodeItems } from './NameCodeItems';

const countLabels = {
  children: ['下级区域', 'Child areas'],
  compounds: ['小区', 'Compounds'],
  buildings: ['楼栋', 'Buildings'],
  households: ['住户', 'Households'],
  gridElements: ['网格要素', 'Grid elements'],
  staff: ['人员任职', 'Staff roles'],
} as const;

const notEmptyLabels: Record<string, [string, string]> = {
  children: ['下级区域', 'child areas'],
  compounds: ['小区', 'compounds'],
  buildings: ['楼栋', 'buildings'],
  households: ['住户', 'households'],
  gridElements: ['网格要素', 'grid elements'],
  roleAssignments: ['人员任职', 'role assignments'],
  organisations: ['组织', 'organisations'],
  communityLinks: ['包联关系', 'leader links'],
};

export function AreaDetailPanel({
  node,
  onSelect,
}: {
  node: AreaTreeNode | null;
  onSelect: (id: string | null) => void;
}) {
  const { t } = useI18n();
  const id = node && !node.readOnly ? node.id : null;
  const { data, isLoading, error, refetch } = useAreaDetail(id);
  if (!node)
    return (
      <Card>
        <Empty description={t('在左侧选择一个区域', 'Choose an area on the left')} />
      </Card>
    );
  if (node.readOnly)
    return (
      <Card title={node.name}>
        <Alert
          type="info"
          showIcon
          title={t(
            '这是您管辖范围的上级区域，仅用于定位，不可查看或修改。',
            'This is an ancestor of your scope, shown for orientation only.',
          )}
        />
      </Card>
    );
  if (isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (error || !data)
    return (
      <Card>
        <ErrorAlert error={error} onRetry={() => refetch()} />
      </Card>
    );
  return <Detail area={data} onSelect={onSelect} />;
}

function Detail({ area, onSelect }: { area: AreaDetail; onSelect: (id: string | null) => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAreas();
  const [creating, setCreating] = useState(false);
  const [moving, setMoving] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: clear the error when another area is shown
  useEffect(() => setDeleteError(null), [area.id]);
  const can = (a: AreaDetail['allowedActions'][number]) => area.allowedActions.includes(a);

  const remove = async () => {
    setDeleteError(null);
    try {
      await api.delete(`/api/areas/${area.id}`);
      message.success(t('已删除', 'Deleted'));
      onSelect(area.parentId);
      await refresh();
    } catch (e) {
      setDeleteError(e);
    }
  };
  const notEmpty =
    deleteError instanceof ApiError && deleteError.code === 'AREA_NOT_EMPTY'
      ? (deleteError.details as Record<string, number>)
      : null;

  const tabs = [
    { key: 'info', label: t('基本信息', 'Details'), children: <InfoTab area={area} /> },
    { key: 'boundary', label: t('边界', 'Boundary'), children: <BoundarySection area={area} /> },
    ...(area.kind === 'grid'
      ? [{ key: 'elements', label: t('网格要素', 'Grid elements'), children: <GridElementsTab area={area} /> }]
      : []),
  ];
  return (
    <Card
      title={
        <Flex align="center" gap={8} wrap>
          <Tag color={kindTagColor[area.kind]}>{tl(areaKindTags[area.kind])}</Tag>
          <span>{area.name}</span>
        </Flex>
      }
      extra={
        <Flex gap={8} wrap>
          {can('createChild') && area.childKind ? (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('新增下级', 'Add child')}（{tl(areaKindLabels[area.childKind])}）
            </Button>
          ) : null}
          {can('move') ? (
            <Button icon={<DragOutlined />} onClick={() => setMoving(true)}>
              {t('移动', 'Move')}
            </Button>
          ) : null}
          {can('delete') ? (
            <ConfirmButton
              icon={<DeleteOutlined />}
              confirm={t(`确定删除「${area.name}」？`, `Delete “${area.name}”?`)}
              description={t('只有没有下级和数据的区域才能删除。', 'Only an empty area can be deleted.')}
              onConfirm={remove}
            >
              {t('删除', 'Delete')}
            </ConfirmButton>
          ) : null}
        </Flex>
      }
    >
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[...area.ancestors.map((a) => ({ title: a.name })), { title: area.name }]}
      />
      {deleteError ? (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setDeleteError(null)}
          style={{ marginBottom: 12 }}
          title={(deleteError as Error).message}
          description={
            notEmpty
              ? `${t('仍有', 'Still has')}：${Object.entries(notEmpty)
                  .filter(([, n]) => n > 0)
                  .map(([k, n]) => `${t(notEmptyLabels[k]?.[0] ?? k, notEmptyLabels[k]?.[1] ?? k)} ${n}`)
                  .join('，')}`
              : undefined
          }
        />
      ) : null}
      <Tabs items={tabs} destroyOnHidden />
      {creating ? (
        <CreateChildModal
          area={area}
          open
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            onSelect(id);
          }}
        />
      ) : null}
      {moving ? <MoveModal area={area} open onClose={() => setMoving(false)} /> : null}
    </Card>
  );
}

function InfoTab({ area }: { area: AreaDetail }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAreas();
  const [form] = Form.useForm<{ name: string; code?: string; sortOrder: number }>();
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    form.setFieldsValue({ name: area.name, code: area.code ?? undefined, sortOrder: area.sortOrder });
    setError(null);
  }, [area, form, setError]);
  const save = async () => {
    const v = await form.validateFields();
    await run(async () => {
      await api.patch(`/api/areas/${area.id}`, {
        version: area.version,
        name: v.name,
        code: v.code || null,
        sortOrder: v.sortOrder ?? 0,
      });
      message.success(t('已保存', 'Saved'));
      await refresh();
    });
  };
  const conflict = error instanceof ApiError && error.code === 'VERSION_CONFLICT';
  return (
    <div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'kind', label: t('层级', 'Level'), children: tl(areaKindLabels[area.kind]) },
          { key: 'ver', label: t('版本', 'Version'), children: area.version },
          { key: 'upd', label: t('更新时间', 'Updated'), children: formatDateTime(area.updatedAt) },
          ...(Object.keys(countLabels) as (keyof typeof countLabels)[]).map((k) => ({
            key: k,
            label: t(countLabels[k][0], countLabels[k][1]),
            children: area.counts[k],
          })),
        ]}
      />
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {conflict ? (
        <Button size="small" style={{ marginBottom: 12 }} onClick={() => refresh()}>
          {t('载入最新数据', 'Load the latest version')}
        </Button>
      ) : null}
      {area.allowedActions.includes('update') ? (
        <Form form={form} layout="vertical" style={{ maxWidth: 480 }} onFinish={save}>
          <NameCodeItems />
          <Form.Item name="sortOrder" label={t('排序（小的在前）', 'Sort order (lower first)')}>
            <InputNumber style={{ width: 160 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('保存', 'Save')}
          </Button>
        </Form>
      ) : (
        <Typography.Text type="secondary">
          {t('您可以查看此区域，但无权修改。', 'You can view this area but not change it.')}
        </Typography.Text>
      )}
    </div>
  );
}

/** Create-child and move dialogs. The child level is derived (shown, not chosen); a move lists valid parents only. */
import { type AreaKind, areaKindLabels, parentKindOf } from '@grassroots/shared/areas/areas.rules';
import { App, Form, Modal, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { useAction } from '../../../lib/use-action';
import { type AreaDetail, type AreaTreeNode, useRefreshAreas, useTree } from '../api';
import { NameCodeItems } from './NameCodeItems';

export function CreateChildModal({
  area,
  open,
  onClose,
  onCreated,
}: {
  area: AreaDetail;
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAreas();
  const [form] = Form.useForm<{ name: string; code?: string }>();
  const { busy, error, run } = useAction();
  const kind = area.childKind as AreaKind;
  const submit = async () => {
    const v = await form.validateFields();
    await run(async () => {
      const created = await api.post<AreaDetail>('/api/areas', {
        parentId: area.id,
        name: v.name,
        code: v.code || null,
      });
      message.success(t('已新增', 'Created'));
      await refresh();
      form.resetFields();
      onCreated(created.id);
    });
  };
  return (
    <Modal
      open={open}
      title={t('新增下级', 'Add a child area')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('保存', 'Save')}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('上级', 'Parent')}：{area.name} · {t('新区域层级', 'New level')}：<strong>{tl(areaKindLabels[kind])}</strong>
      </Typography.Paragraph>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} name="area-create" layout="vertical" preserve={false}>
        <NameCodeItems autoFocus codeLabel={t('编码（可选）', 'Code (optional)')} />
      </Form>
    </Modal>
  );
}

interface Option {
  value: string;
  title: string;
  selectable: boolean;
  disabled?: boolean;
  children?: Option[];
}

/** Parents of the right level, writable (not read-only ancestors), never the area's own subtree. */
export function moveOptions(nodes: AreaTreeNode[], area: Pick<AreaDetail, 'kind' | 'path' | 'parentId'>): Option[] {
  const parentKind = parentKindOf(area.kind);
  const walk = (list: AreaTreeNode[]): Option[] =>
    list
      .filter((n) => !n.path.startsWith(area.path))
      .map((n) => ({
        value: n.id,
        title: n.name,
        selectable: n.kind === parentKind && !n.readOnly && n.id !== area.parentId,
        disabled: n.kind === parentKind && (n.readOnly || n.id === area.parentId),
        children: n.kind === parentKind ? undefined : walk(n.children),
      }))
      .filter((o) => o.selectable || o.disabled || (o.children?.length ?? 0) > 0);
  return walk(nodes);
}

export function MoveModal({ area, open, onClose }: { area: AreaDetail; open: boolean; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAreas();
  const { data } = useTree();
  const [target, setTarget] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const options = useMemo(() => moveOptions(data?.nodes ?? [], area), [data, area]);
  const parentKind = parentKindOf(area.kind);
  const submit = async () => {
    if (!target) return;
    await run(async () => {
      await api.post(`/api/areas/${area.id}/move`, { parentId: target, version: area.version });
      message.success(t('已移动', 'Moved'));
      await refresh();
      onClose();
    });
  };
  return (
    <Modal
      open={open}
      title={t('移动区域', 'Move area')}
      onOk={submit}
      okButtonProps={{ disabled: !target }}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('移动', 'Move')}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('将「', 'Move “')}
        {area.name}
        {t('」及其全部下级移动到另一个', '” and everything under it to another ')}
        <strong>{parentKind ? tl(areaKindLabels[parentKind]) : ''}</strong>
        {t('下。', '.')}
      </Typography.Paragraph>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <label htmlFor="move-target" style={{ display: 'block', marginBottom: 4 }}>
        {t('新的上级', 'New parent')}
      </label>
      <TreeSelect
        id="move-target"
        style={{ width: '100%' }}
        treeData={options}
        value={target ?? undefined}
        onChange={(v: string) => setTarget(v)}
        showSearch
        treeNodeFilterProp="title"
        treeDefaultExpandAll
        placeholder={t('选择新的上级', 'Choose the new parent')}
        notFoundContent={t('范围内没有可用的上级', 'No valid parent in your scope')}
      />
    </Modal>
  );
}

/**
 * The right-hand panel: edit the selected category (or a new one under `parent`), activate/deactivate, delete
 * an unused leaf. A version conflict keeps the user's input and offers to reload the latest version.
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ApiError, api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { type CategoryView, useCategoryMutation } from '../api';
import { bodyOf, CategoryForm, type CategoryFormValues, newValues, valuesOf } from './CategoryForm';

export type EditorTarget = { kind: 'edit'; node: CategoryView } | { kind: 'new'; parent: CategoryView | null };

export function CategoryEditor({
  target,
  onSaved,
  onDeleted,
  onAddChild,
  onReload,
}: {
  target: EditorTarget;
  onSaved: (id: string) => void;
  onDeleted: () => void;
  onAddChild: (parent: CategoryView) => void;
  onReload: () => Promise<unknown>;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CategoryFormValues>();
  const node = target.kind === 'edit' ? target.node : null;
  const [conflict, setConflict] = useState(false);
  const formKey = node ? `${node.id}:${node.version}` : `new:${target.kind === 'new' ? target.parent?.id : ''}`;

  // Reset the form only when another category (or a newer version after saving) is shown.
  // biome-ignore lint/correctness/useExhaustiveDependencies: formKey captures node and target
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(node ? valuesOf(node) : newValues(target.kind === 'new' ? target.parent : null));
    setConflict(false);
  }, [formKey, form]);

  const save = useCategoryMutation((v: CategoryFormValues) =>
    node
      ? api.patch<CategoryView>(`/api/case-categories/${node.id}`, { ...bodyOf(v), version: node.version })
      : api.post<CategoryView>('/api/case-categories', {
          ...bodyOf(v),
          parentId: target.kind === 'new' ? (target.parent?.id ?? null) : null,
        }),
  );
  const toggle = useCategoryMutation((n: CategoryView) =>
    api.post<CategoryView>(`/api/case-categories/${n.id}/${n.active ? 'deactivate' : 'activate'}`),
  );
  const remove = useCategoryMutation((n: CategoryView) => api.delete(`/api/case-categories/${n.id}`));

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const saved = await save.mutateAsync(v);
      message.success(t('已保存', 'Saved'));
      onSaved(saved.id);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') setConflict(true);
      // Point at the clashing field: the code is taken, or a sibling has the same name.
      const field =
        e instanceof ApiError && e.code === 'DUPLICATE' ? (e.details as { field?: string })?.field : undefined;
      if (field === 'code' || field === 'name')
        form.setFields([
          {
            name: field,
            errors: [
              field === 'code'
                ? t('该编码已被其他分类使用', 'Another category uses this code')
                : t('同一上级下已有同名分类', 'A sibling already has this name'),
            ],
          },
        ]);
    }
  };
  const reload = async () => {
    await onReload();
    setConflict(false);
    save.reset();
  };

  const title = node
    ? node.name
    : target.kind === 'new' && target.parent
      ? t(`在「${target.parent.name}」下新建分类`, `New category under "${target.parent.name}"`)
      : t('新建顶级分类', 'New top-level category');

  return (
    <Card
      title={
        <Space wrap>
          {title}
          {node && !node.active ? <Tag>{t('已停用', 'Inactive')}</Tag> : null}
          {node?.active && !node.effectiveActive ? (
            <Tag color="orange">{t('上级已停用', 'Parent inactive')}</Tag>
          ) : null}
          {node ? (
            <Tag color={node.isLeaf ? 'blue' : 'default'}>{node.isLeaf ? t('末级', 'Leaf') : t('上级', 'Parent')}</Tag>
          ) : null}
        </Space>
      }
      extra={
        node ? (
          <Button icon={<PlusOutlined />} onClick={() => onAddChild(node)}>
            {t('新建子分类', 'Add child')}
          </Button>
        ) : null
      }
    >
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={t(
            '该分类已被他人修改，您的修改尚未保存',
            'Someone else changed this category; your changes are not saved',
          )}
          description={t(
            '请重新加载最新内容，再重新修改并保存。',
            'Reload the latest version, then make your changes again and save.',
          )}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={reload}>
              {t('重新加载', 'Reload')}
            </Button>
          }
        />
      ) : save.isError ? (
        <ErrorAlert error={save.error} style={{ marginBottom: 16 }} />
      ) : null}
      {node && !node.isLeaf ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(
            '上级分类用于归类；诉求登记在末级分类下，时限以末级分类为准。',
            'Parent categories group others; cases are filed under leaves, whose limits apply.',
          )}
        />
      ) : null}
      <CategoryForm form={form} isLeaf={!node || node.isLeaf} />
      <Flex gap={8} wrap justify="space-between" style={{ marginTop: 24 }}>
        <Button type="primary" onClick={() => submit().catch(() => undefined)} loading={save.isPending}>
          {node ? t('保存修改', 'Save changes') : t('创建', 'Create')}
        </Button>
        {node ? (
          <Space wrap>
            <ConfirmButton
              danger={node.active}
              confirm={
                node.active
                  ? t('确定停用该分类？', 'Deactivate this category?')
                  : t('确定启用该分类？', 'Activate this category?')
              }
              description={
                node.active
                  ? t(
                      '停用后居民和接口不能再选择它及其下级分类；已登记的诉求不受影响。',
                      'Residents and API clients can no longer choose it or its children; existing cases are unaffected.',
                    )
                  : undefined
              }
              onConfirm={async () => {
                await toggle.mutateAsync(node);
                message.success(node.active ? t('已停用', 'Deactivated') : t('已启用', 'Activated'));
              }}
            >
              {node.active ? t('停用', 'Deactivate') : t('启用', 'Activate')}
            </ConfirmButton>
            {node.isLeaf ? (
              <ConfirmButton
                confirm={t('确定删除该分类？', 'Delete this category?')}
                description={t(
                  '仅未被使用的末级分类可以删除；已使用的请停用。',
                  'Only unused leaves can be deleted; deactivate used ones.',
                )}
                onConfirm={async () => {
                  await remove.mutateAsync(node);
                  message.success(t('已删除', 'Deleted'));
                  onDeleted();
                }}
              >
                {t('删除', 'Delete')}
              </ConfirmButton>
            ) : null}
          </Space>
        ) : null}
      </Flex>
    </Card>
  );
}

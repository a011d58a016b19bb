/**
 * The grants editor of one account: its (role, area | organisation) grants with duty labels, remove
 * (with confirmation) and add. Any change signs the account out everywhere (the server revokes its sessions).
 */
import { dutyLabels, type Role, roleLabels } from '@grassroots/shared/auth/roles';
import { Alert, App, Button, Card, Drawer, Empty, Flex, Form, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { type AccountView, useAccount, useAccountsMutation } from '../api';
import { GrantFields, grantBody } from './GrantFields';

type Grant = AccountView['grants'][number];

export function GrantsDrawer({ accountId, onClose }: { accountId: string | null; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const { data: account, error, refetch } = useAccount(accountId);
  const [form] = Form.useForm<{ grant: { role: Role; areaId?: string; orgId?: string; dutyLabels?: string[] } }>();
  const [editingLabels, setEditingLabels] = useState<{ id: string; labels: string[] } | null>(null);
  const add = useAccountsMutation((v: Parameters<typeof grantBody>[0]) =>
    api.post(`/api/accounts/${accountId}/grants`, grantBody(v)),
  );
  const remove = useAccountsMutation((g: Grant) => api.delete(`/api/accounts/${accountId}/grants/${g.id}`));
  const labels = useAccountsMutation((x: { id: string; labels: string[] }) =>
    api.patch(`/api/accounts/${accountId}/grants/${x.id}`, { dutyLabels: x.labels }),
  );

  const submit = async () => {
    const v = await form.validateFields();
    await add.mutateAsync(v.grant);
    form.resetFields();
    message.success(t('已授予角色', 'Role granted'));
  };

  const place = (g: Grant) => [g.areaName, g.orgName].filter(Boolean).join(' · ') || t('不限区域', 'No area');

  return (
    <Drawer
      open={!!accountId}
      onClose={onClose}
      size={520}
      title={
        account ? t(`角色授权 · ${account.displayName}`, `Roles · ${account.displayName}`) : t('角色授权', 'Roles')
      }
    >
      {error ? <ErrorAlert error={error} onRetry={() => refetch()} /> : null}
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('授权变更后，该账号须重新登录', 'After a change the account must sign in again')}
      />
      <List<Grant>
        dataSource={account?.grants ?? []}
        locale={{ emptyText: <Empty description={t('尚未授予角色', 'No roles yet')} /> }}
        renderItem={(g) => (
          <List.Item
            actions={[
              <Button
                key="labels"
                type="link"
                size="small"
                onClick={() => setEditingLabels({ id: g.id, labels: g.dutyLabels })}
              >
                {t('职责', 'Duties')}
              </Button>,
              <ConfirmButton
                key="remove"
                type="link"
                size="small"
                confirm={t(`撤销「${tl(roleLabels[g.role])}」？`, `Revoke ${tl(roleLabels[g.role])}?`)}
                onConfirm={() => remove.mutateAsync(g)}
              >
                {t('撤销', 'Revoke')}
              </ConfirmButton>,
            ]}
          >
            <List.Item.Meta
              title={tl(roleLabels[g.role])}
              description={
                <Space size={[4, 4]} wrap>
                  <Typography.Text type="secondary">{place(g)}</Typography.Text>
                  {g.dutyLabels.map((d) => (
                    <Tag key={d} color="red">
                      {d}
                    </Tag>
                  ))}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      {editingLabels ? (
        <Card size="small" title={t('岗位职责', 'Duty labels')} style={{ marginTop: 12 }}>
          <Select
            mode="tags"
            aria-label={t('岗位职责', 'Duty labels')}
            style={{ width: '100%' }}
            value={editingLabels.labels}
            onChange={(v: string[]) => setEditingLabels({ ...editingLabels, labels: v })}
            options={dutyLabels.map((d) => ({ value: d, label: d }))}
          />
          <Flex gap={8} justify="end" style={{ marginTop: 8 }}>
            <Button onClick={() => setEditingLabels(null)}>{t('取消', 'Cancel')}</Button>
            <Button
              type="primary"
              loading={labels.isPending}
              onClick={async () => {
                await labels.mutateAsync(editingLabels);
                setEditingLabels(null);
                message.success(t('已保存', 'Saved'));
              }}
            >
              {t('保存', 'Save')}
            </Button>
          </Flex>
        </Card>
      ) : null}
      <Card size="small" title={t('授予新角色', 'Grant a role')} style={{ marginTop: 16 }}>
        {add.isError ? <ErrorAlert error={add.error} style={{ marginBottom: 12 }} /> : null}
        {labels.isError ? <ErrorAlert error={labels.error} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical">
          <GrantFields name="grant" />
          <Button type="primary" loading={add.isPending} onClick={() => submit().catch(() => undefined)}>
            {t('授予', 'Grant')}
          </Button>
        </Form>
      </Card>
    </Drawer>
  );
}

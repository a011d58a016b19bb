/** /console/accounts — searchable, paginated accounts with create, edit, disable/enable, reset password, roles. */

import { PlusOutlined } from '@ant-design/icons';
import { roles as allRoles, type Role, roleLabels } from '@grassroots/shared/auth/roles';
import { App, Button, Card, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FilterBar, PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { api } from '../../../lib/api';
import { useMe } from '../../../lib/auth';
import { formatDate } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { usePaging } from '../../../lib/use-paging';
import { type AccountView, useAccounts, useAccountsMutation } from '../api';
import { AccountFormModal } from '../components/AccountFormModal';
import { AccountRowActions } from '../components/AccountRowActions';
import { GrantsDrawer } from '../components/GrantsDrawer';
import { OneTimeSecret } from '../components/OneTimeSecret';

export function AccountsPage() {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [areaId, setAreaId] = useState<string | null>(null);
  const [status, setStatus] = useState<'active' | 'disabled' | undefined>();
  const paging = usePaging();
  const [editing, setEditing] = useState<AccountView | null | undefined>(undefined);
  const [grantsOf, setGrantsOf] = useState<string | null>(null);
  const [tempPassword, setTempPassword] = useState<string | null>(null);
  const list = useAccounts({ q, role, areaId, status, page: paging.page, pageSize: paging.pageSize });
  const toggle = useAccountsMutation((a: AccountView) =>
    api.post(`/api/accounts/${a.id}/${a.disabled ? 'enable' : 'disable'}`),
  );
  const reset = useAccountsMutation((a: AccountView) =>
    api.post<{ temporaryPassword: string }>(`/api/accounts/${a.id}/reset-password`),
  );

  return (
    <>
      <PageHeader
        title={t('账号管理', 'Accounts')}
        subtitle={t(
          '账号、角色与数据范围；领导只管理本辖区',
          'Accounts and their roles; leaders manage their own area',
        )}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('新建账号', 'New account')}
          </Button>
        }
      />
      <Card>
        <FilterBar>
          <Input.Search
            aria-label={t('搜索用户名、姓名或手机号', 'Search username, name or mobile')}
            placeholder={t('搜索用户名、姓名或手机号', 'Search username, name or mobile')}
            allowClear
            onSearch={paging.resetting((v: string) => setQ(v.trim()))}
            style={{ width: 280 }}
          />
          <Select
            aria-label={t('按角色筛选', 'Filter by role')}
            placeholder={t('全部角色', 'All roles')}
            allowClear
            value={role}
            onChange={paging.resetting(setRole)}
            options={allRoles.map((r) => ({ value: r, label: tl(roleLabels[r]) }))}
            style={{ width: 220 }}
          />
          <AreaTreeSelect
            aria-label={t('按区域筛选', 'Filter by area')}
            placeholder={t('全部区域', 'All areas')}
            value={areaId}
            onChange={paging.resetting(setAreaId)}
            style={{ width: 240 }}
          />
          <Select
            aria-label={t('按状态筛选', 'Filter by status')}
            placeholder={t('全部状态', 'Any status')}
            allowClear
            value={status}
            onChange={paging.resetting(setStatus)}
            options={[
              { value: 'active', label: t('正常', 'Active') },
              { value: 'disabled', label: t('已停用', 'Disabled') },
            ]}
            style={{ width: 140 }}
          />
        </FilterBar>
        {toggle.isError ? <ErrorAlert error={toggle.error} style={{ marginBottom: 16 }} /> : null}
        <PagedTable<AccountView>
          query={list}
          paging={paging}
          empty={t('暂无账号', 'No accounts')}
          total={(n) => t(`共 ${n} 个账号`, `${n} accounts`)}
          size="middle"
          scroll={{ x: 1110 }}
          columns={[
            {
              title: t('姓名 / 用户名', 'Name / username'),
              key: 'name',
              width: 200,
              render: (_, a) => (
                <div>
                  <div>{a.displayName}</div>
                  <Typography.Text type="secondary">{a.username}</Typography.Text>
                </div>
              ),
            },
            {
              title: t('角色与范围', 'Roles and reach'),
              key: 'grants',
              width: 284,
              render: (_, a) =>
                a.grants.length ? (
                  <Space size={[4, 4]} wrap>
                    {a.grants.map((g) => (
                      <Tag
                        key={g.id}
                        color={g.role === 'admin' ? 'red' : 'blue'}
                        style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}
                      >
                        {tl(roleLabels[g.role])}
                        {g.areaName || g.orgName ? ` · ${g.areaName ?? g.orgName}` : ''}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('未授权', 'No roles')}</Typography.Text>
                ),
            },
            {
              title: t('手机', 'Mobile'),
              dataIndex: 'phoneMasked',
              width: 120,
              render: (p: string | null) => p ?? '—',
            },
            {
              title: t('值班电话', 'Duty phone'),
              dataIndex: 'dutyPhone',
              width: 130,
              render: (p: string | null) => p ?? '—',
            },
            {
              title: t('状态', 'Status'),
              key: 'status',
              width: 90,
              render: (_, a) =>
                a.disabled ? (
                  <Tag>{t('已停用', 'Disabled')}</Tag>
                ) : a.mustChangePassword ? (
                  <Tag color="orange">{t('待改密', 'Must change password')}</Tag>
                ) : (
                  <Tag color="green">{t('正常', 'Active')}</Tag>
                ),
            },
            {
              title: t('创建时间', 'Created'),
              dataIndex: 'createdAt',
              width: 110,
              render: (d: string) => formatDate(d),
            },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              // Wide enough for 编辑 · 角色 · 更多 on one line (the fixed layout would otherwise clip them).
              width: 176,
              fixed: 'right',
              render: (_, a) => (
                <AccountRowActions
                  account={a}
                  self={a.id === me?.account.id}
                  onEdit={() => setEditing(a)}
                  onGrants={() => setGrantsOf(a.id)}
                  onResetPassword={async () => setTempPassword((await reset.mutateAsync(a)).temporaryPassword)}
                  onToggle={async () => {
                    await toggle.mutateAsync(a);
                    message.success(a.disabled ? t('已启用', 'Enabled') : t('已停用', 'Disabled'));
                  }}
                />
              ),
            },
          ]}
        />
      </Card>
      <AccountFormModal open={editing !== undefined} account={editing ?? null} onClose={() => setEditing(undefined)} />
      <GrantsDrawer accountId={grantsOf} onClose={() => setGrantsOf(null)} />
      <OneTimeSecret
        open={!!tempPassword}
        title={t('临时密码', 'Temporary password')}
        label={t(
          '请把临时密码交给账号使用人，首次登录须修改：',
          'Hand this to the account holder; it must be changed at first sign-in:',
        )}
        secret={tempPassword}
        onClose={() => setTempPassword(null)}
      />
    </>
  );
}

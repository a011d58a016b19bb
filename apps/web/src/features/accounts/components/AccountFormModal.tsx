/** Create (with a first role grant) or edit an account. A generated initial password is shown once. */
import type { Role } from '@grassroots/shared/auth/roles';
import { Divider, Form, Input } from 'antd';
import { useMemo, useState } from 'react';
import { FormModal } from '../../../components/FormModal';
import { api } from '../../../lib/api';
import { useCan } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { type AccountView, useAccountsMutation } from '../api';
import { GrantFields, grantBody } from './GrantFields';
import { OneTimeSecret } from './OneTimeSecret';

interface Values {
  username: string;
  displayName: string;
  phone?: string;
  dutyPhone?: string;
  password?: string;
  grant?: { role: Role; areaId?: string; orgId?: string; dutyLabels?: string[] };
}

export function AccountFormModal({
  open,
  account,
  onClose,
}: {
  open: boolean;
  account: AccountView | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { hasRole } = useCan();
  const [form] = Form.useForm<Values>();
  const [secret, setSecret] = useState<string | null>(null);
  const editing = !!account;
  const values = useMemo(
    () => (account ? { displayName: account.displayName, dutyPhone: account.dutyPhone ?? undefined } : undefined),
    [account],
  );

  const save = useAccountsMutation(async (v: Values) => {
    if (account) {
      const body: Record<string, unknown> = { version: account.version, displayName: v.displayName };
      body.dutyPhone = v.dutyPhone || null;
      if (v.phone) body.phone = v.phone;
      return api.patch<AccountView>(`/api/accounts/${account.id}`, body);
    }
    const res = await api.post<{ account: AccountView; initialPassword?: string }>('/api/accounts', {
      username: v.username,
      displayName: v.displayName,
      phone: v.phone || undefined,
      dutyPhone: v.dutyPhone || undefined,
      password: v.password || undefined,
      grants: v.grant?.role ? [grantBody(v.grant)] : undefined,
    });
    if (res.initialPassword) setSecret(res.initialPassword);
    return res;
  });

  return (
    <>
      <FormModal
        open={open}
        title={editing ? t(`编辑账号 ${account?.username}`, `Edit ${account?.username}`) : t('新建账号', 'New account')}
        form={form}
        values={values}
        onSave={save.mutateAsync}
        saving={save.isPending}
        done={editing ? t('已保存', 'Saved') : t('账号已创建', 'Account created')}
        onClose={onClose}
        error={save.error}
        requiredMark="optional"
        width={560}
      >
        {editing ? null : (
          <Form.Item
            name="username"
            label={t('用户名', 'Username')}
            rules={[
              { required: true, message: t('请输入用户名', 'Enter a username') },
              {
                pattern: /^[A-Za-z0-9_.@-]{3,64}$/,
                message: t('3–64 位字母、数字或 _.@-', '3–64 letters, digits or _.@-'),
              },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('姓名', 'Name')}
          rules={[{ required: true, message: t('请输入姓名', 'Enter a name') }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('手机号（加密保存，仅显示掩码）', 'Mobile (stored encrypted, shown masked)')}
          extra={
            editing && account?.phoneMasked
              ? t(`当前：${account.phoneMasked}，留空不修改`, `Now ${account.phoneMasked}; leave empty to keep`)
              : undefined
          }
          rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('手机号格式不正确', 'Invalid mobile number') }]}
        >
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item name="dutyPhone" label={t('值班电话（亮身份公开显示）', 'Duty phone (public)')}>
          <Input inputMode="tel" />
        </Form.Item>
        {editing ? null : (
          <>
            <Form.Item
              name="password"
              label={t('初始密码', 'Initial password')}
              extra={t(
                '留空则自动生成随机密码（只显示一次，首次登录须修改）',
                'Leave empty to generate one (shown once; must be changed at first login)',
              )}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Divider titlePlacement="start" plain>
              {t('角色授权', 'Role')}
            </Divider>
            <GrantFields name="grant" required={!hasRole('admin')} />
          </>
        )}
      </FormModal>
      <OneTimeSecret
        open={!!secret}
        title={t('初始密码', 'Initial password')}
        label={t('请把初始密码交给账号使用人：', 'Hand this initial password to the account holder:')}
        secret={secret}
        onClose={() => setSecret(null)}
      />
    </>
  );
}

/**
 * /change-password — required at first login for accounts created with an initial password (the server
 * refuses everything else until then), and reachable from the user menu.
 */
import { passwordSchema } from '@grassroots/shared/auth/auth.schema';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RequireLogin } from '../../components/RequireLogin';
import { api, setCsrfToken } from '../../lib/api';
import { fetchMe, meQueryKey, safeNext, useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { useLogout } from '../session';
import { AuthFrame } from './AuthFrame';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const minLength = passwordSchema.minLength ?? 8;

function ChangePasswordForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const logout = useLogout();
  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: PasswordForm) =>
      api.post<{ csrfToken: string }>('/api/auth/password', { currentPassword, newPassword }),
    onSuccess: async (res) => {
      setCsrfToken(res.csrfToken);
      await qc.fetchQuery({ queryKey: meQueryKey, queryFn: fetchMe });
      message.success(t('密码已修改', 'Password changed'));
      navigate(next, { replace: true });
    },
  });
  return (
    <>
      {me?.account.mustChangePassword ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('首次登录请先修改初始密码', 'Change your initial password before you continue')}
        />
      ) : null}
      <Form<PasswordForm> layout="vertical" onFinish={(v) => change.mutate(v)} disabled={change.isPending}>
        <Form.Item
          label={t('当前密码', 'Current password')}
          name="currentPassword"
          rules={[{ required: true, message: t('请输入当前密码', 'Enter your current password') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label={t('新密码', 'New password')}
          name="newPassword"
          extra={t(`至少 ${minLength} 位`, `At least ${minLength} characters`)}
          rules={[
            { required: true, message: t('请输入新密码', 'Enter a new password') },
            { min: minLength, message: t(`至少 ${minLength} 位`, `At least ${minLength} characters`) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('确认新密码', 'Confirm new password')}
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('请再次输入新密码', 'Repeat the new password') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('两次输入的密码不一致', 'The passwords do not match'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {change.error ? <ErrorAlert error={change.error} style={{ marginBottom: 16 }} /> : null}
        <Flex gap={8} justify="space-between" wrap>
          <Button onClick={() => void logout()}>{t('退出登录', 'Sign out')}</Button>
          <Button type="primary" htmlType="submit" loading={change.isPending}>
            {t('修改密码', 'Change password')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}

export function ChangePasswordPage() {
  const { t } = useI18n();
  return (
    <AuthFrame title={t('修改密码', 'Change password')}>
      <RequireLogin>
        <ChangePasswordForm />
      </RequireLogin>
    </AuthFrame>
  );
}

/**
 * /login — staff sign in with username and password. The server's message is shown as is (用户名或密码错误,
 * 登录失败次数过多…). After login the old account's cache is dropped, `me` is loaded, and the user goes to
 * `next` (same-origin only), or to /change-password first when the initial password must be changed.
 */
import { LockOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, setCsrfToken } from '../../lib/api';
import { fetchMe, meQueryKey, safeNext, useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { AuthFrame } from './AuthFrame';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const login = useMutation({
    mutationFn: (body: LoginForm) =>
      api.post<{ csrfToken: string; mustChangePassword: boolean }>('/api/auth/login', body),
    onSuccess: async (res) => {
      setCsrfToken(res.csrfToken);
      qc.removeQueries();
      await qc.fetchQuery({ queryKey: meQueryKey, queryFn: fetchMe });
      if (res.mustChangePassword) navigate(`/change-password?next=${encodeURIComponent(next)}`, { replace: true });
      else navigate(next, { replace: true });
    },
  });

  return (
    <AuthFrame title={t('工作人员登录', 'Staff sign-in')}>
      {me && !login.isPending ? (
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          title={
            <>
              {t('已登录为 ', 'Signed in as ')}
              <strong>{me.account.displayName}</strong> · <Link to="/">{t('进入系统', 'Continue')}</Link>
            </>
          }
        />
      ) : null}
      <Form<LoginForm>
        layout="vertical"
        onFinish={(v) => login.mutate(v)}
        requiredMark={false}
        disabled={login.isPending}
      >
        <Form.Item
          label={t('用户名', 'Username')}
          name="username"
          rules={[{ required: true, whitespace: true, message: t('请输入用户名', 'Enter your username') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
        </Form.Item>
        <Form.Item
          label={t('密码', 'Password')}
          name="password"
          rules={[{ required: true, message: t('请输入密码', 'Enter your password') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
        </Form.Item>
        {login.error ? <ErrorAlert error={login.error} style={{ marginBottom: 16 }} /> : null}
        <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
          {t('登录', 'Sign in')}
        </Button>
      </Form>
      <div style={{ marginTop: 20, textAlign: 'center' }}>
        <Link to="/h5/login">
          <MobileOutlined /> {t('居民请使用手机端登录/注册', 'Residents: sign in or sign up on the phone pages')}
        </Link>
      </div>
    </AuthFrame>
  );
}

/**
 * /h5/login and /h5/signup — residents sign in with their mobile number (it is the username) and sign up
 * with number, name and password. Large fields and buttons; the server's message is shown as it is.
 */
import { LockOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { api, setCsrfToken } from '../../../lib/api';
import { fetchMe, meQueryKey, safeNext } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';

const mobile = /^1[3-9]\d{9}$/;

/** After a session is issued: drop the previous account's cache, load `me`, go on. */
function useAfterSession() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'), '/h5');
  return async (res: { csrfToken: string; mustChangePassword: boolean }) => {
    setCsrfToken(res.csrfToken);
    qc.removeQueries();
    await qc.fetchQuery({ queryKey: meQueryKey, queryFn: fetchMe });
    navigate(res.mustChangePassword ? `/change-password?next=${encodeURIComponent(next)}` : next, { replace: true });
  };
}

type Session = { csrfToken: string; mustChangePassword: boolean };

export function H5LoginPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const after = useAfterSession();
  const login = useMutation({
    mutationFn: (v: { phone: string; password: string }) =>
      api.post<Session>('/api/auth/login', { username: v.phone.trim(), password: v.password }),
    onSuccess: after,
  });
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: '1.3em', marginTop: 0 }}>
        {t('居民登录', 'Resident sign-in')}
      </Typography.Title>
      <Form layout="vertical" requiredMark={false} onFinish={(v) => login.mutate(v)} disabled={login.isPending}>
        <Form.Item
          name="phone"
          label={t('手机号', 'Mobile number')}
          rules={[
            { required: true, whitespace: true, message: t('请输入手机号', 'Enter your mobile number') },
            // Digits must form a mobile number; anything else is a username (the demo `resident` account).
            {
              validator: (_, v?: string) =>
                !v || !/^\d+$/.test(v.trim()) || mobile.test(v.trim()) ? Promise.resolve() : Promise.reject(),
              message: t('请输入 11 位手机号', 'Enter an 11-digit mobile number'),
            },
          ]}
        >
          <Input size="large" prefix={<MobileOutlined />} autoComplete="username" maxLength={64} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('密码', 'Password')}
          rules={[{ required: true, message: t('请输入密码', 'Enter your password') }]}
        >
          <Input.Password size="large" prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        {login.error ? <ErrorAlert error={login.error} style={{ marginBottom: 16 }} /> : null}
        <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
          {t('登录', 'Sign in')}
        </Button>
      </Form>
      <Link
        to={`/h5/signup${params.toString() ? `?${params}` : ''}`}
        style={{ display: 'block', textAlign: 'center', padding: 12, minHeight: 44 }}
      >
        {t('还没有账号？注册', 'No account yet? Sign up')}
      </Link>
    </Card>
  );
}

interface SignupForm {
  phone: string;
  displayName: string;
  password: string;
  confirm: string;
}

export function H5SignupPage() {
  const { t } = useI18n();
  const after = useAfterSession();
  const signup = useMutation({
    mutationFn: (v: SignupForm) =>
      api.post<Session>('/api/auth/signup', {
        phone: v.phone.trim(),
        displayName: v.displayName.trim(),
        password: v.password,
      }),
    onSuccess: after,
  });
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: '1.3em', marginTop: 0 }}>
        {t('居民注册', 'Resident sign-up')}
      </Typography.Title>
      <Form<SignupForm>
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => signup.mutate(v)}
        disabled={signup.isPending}
      >
        <Form.Item
          name="phone"
          label={t('手机号', 'Mobile number')}
          rules={[
            { required: true, pattern: mobile, message: t('请输入 11 位手机号', 'Enter an 11-digit mobile number') },
          ]}
        >
          <Input size="large" prefix={<MobileOutlined />} inputMode="tel" autoComplete="tel" maxLength={11} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('姓名', 'Name')}
          rules={[{ required: true, whitespace: true, max: 50, message: t('请输入姓名', 'Enter your name') }]}
        >
          <Input size="large" prefix={<UserOutlined />} autoComplete="name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('密码（至少 8 位）', 'Password (8+ characters)')}
          rules={[{ required: true, min: 8, message: t('密码至少 8 位', 'At least 8 characters') }]}
        >
          <Input.Password size="large" prefix={<LockOutlined />} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('确认密码', 'Confirm password')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('请再次输入密码', 'Repeat the password') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('两次输入的密码不一致', 'The passwords differ'))),
            }),
          ]}
        >
          <Input.Password size="large" prefix={<LockOutlined />} autoComplete="new-password" />
        </Form.Item>
        {signup.error ? <ErrorAlert error={signup.error} style={{ marginBottom: 16 }} /> : null}
        <Button type="primary" htmlType="submit" size="large" block loading={signup.isPending}>
          {t('注册', 'Sign up')}
        </Button>
      </Form>
      <Link to="/h5/login" style={{ display: 'block', textAlign: 'center', padding: 12, minHeight: 44 }}>
        {t('已有账号？登录', 'Have an account? Sign in')}
      </Link>
    </Card>
  );
}
